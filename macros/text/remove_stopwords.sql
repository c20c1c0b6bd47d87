{#
    Content tokens: the rows of `relation` whose `token_column` is not a word of the
    text_stopwords seed (function words and support filler an analyst can extend).
    With `language_column`, only the stopwords of the row's language (and language 'any', the
    placeholders) count; without it, a stopword of any language is removed.
    Emits a complete select statement with every column of `relation`.
#}
{% macro remove_stopwords(relation, token_column='token', language_column=none) -%}
    {{ return(adapter.dispatch('remove_stopwords', 'seam')(relation, token_column, language_column)) }}
{%- endmacro %}

{% macro stopword_join_condition(token_column, language_column) -%}
    content_tokens.{{ token_column }} = stopwords.word
    {%- if language_column %}
            and stopwords.language in (content_tokens.{{ language_column }}, 'any')
    {%- endif %}
{%- endmacro %}

{% macro default__remove_stopwords(relation, token_column='token', language_column=none) -%}
    select content_tokens.*
    from {{ relation }} as content_tokens
    left join {{ seam.seed_ref('text_stopwords') }} as stopwords
        on {{ seam.stopword_join_condition(token_column, language_column) }}
    where stopwords.word is null
{%- endmacro %}

{#- Spark: an anti join is the idiomatic form and avoids a shuffle of the null side. -#}
{% macro spark__remove_stopwords(relation, token_column='token', language_column=none) -%}
    select content_tokens.*
    from {{ relation }} as content_tokens
    left anti join {{ seam.seed_ref('text_stopwords') }} as stopwords
        on {{ seam.stopword_join_condition(token_column, language_column) }}
{%- endmacro %}
