{#
    Content tokens: the rows of `relation` whose `token_column` is not a word of the
    text_stopwords seed (function words and support filler an analyst can extend).
    Emits a complete select statement with every column of `relation`.
#}
{% macro remove_stopwords(relation, token_column='token') -%}
    {{ return(adapter.dispatch('remove_stopwords', 'seam')(relation, token_column)) }}
{%- endmacro %}

{% macro default__remove_stopwords(relation, token_column='token') -%}
    select content_tokens.*
    from {{ relation }} as content_tokens
    left join {{ seam.seed_ref('text_stopwords') }} as stopwords
        on content_tokens.{{ token_column }} = stopwords.word
    where stopwords.word is null
{%- endmacro %}

{#- Spark: an anti join is the idiomatic form and avoids a shuffle of the null side. -#}
{% macro spark__remove_stopwords(relation, token_column='token') -%}
    select content_tokens.*
    from {{ relation }} as content_tokens
    left anti join {{ seam.seed_ref('text_stopwords') }} as stopwords
        on content_tokens.{{ token_column }} = stopwords.word
{%- endmacro %}
