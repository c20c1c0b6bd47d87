{#
    One row per token of `text_column`: keys, token_number (1-based), token. The text is
    normalised (normalise_text) and split on spaces; stray bracket characters are dropped.
    Tokens keep their order so phrase patterns can be matched on the normalised text.
    `normalised=true` says the text already is normalise_text's output (split_sentences
    gives it): normalising is idempotent, so it is not done twice. Normalised text holds single
    spaces only, so the split also names ' ' as its literal separator (split_to_rows).
#}
{% macro tokenise(relation, key_columns, text_column, normalised=false) -%}
    {%- set normalised_expression = 'token_source.' ~ text_column if normalised
        else seam.normalise_text('token_source.' ~ text_column) -%}
    {%- set normalised -%}
        (
            select
                {%- for key in key_columns %}
                token_source.{{ key }},
                {%- endfor %}
                {{ normalised_expression }} as normalised_text
            from {{ relation }} as token_source
        )
    {%- endset -%}
    select
        {%- for key in key_columns %}
        raw_tokens.{{ key }},
        {%- endfor %}
        raw_tokens.token_number,
        raw_tokens.token
    from (
        {{ seam.split_to_rows(
            normalised, key_columns, 'normalised_text', ' +', 'token', 'token_number', separator=' '
        ) }}
    ) as raw_tokens
    where raw_tokens.token not in ('', '<', '>', '<>')
{%- endmacro %}
