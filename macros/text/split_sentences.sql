{#
    One row per sentence of `text_column`: keys, sentence_number (1-based position of the
    part), sentence_text (normalised with normalise_text; blank sentences dropped).
    Sentences split on the regular expression in var `sentence_split_pattern` (. ! ? newline);
    on Spark the pattern's newline arrives as a literal newline character, with the same result.
#}
{% macro split_sentences(relation, key_columns, text_column) -%}
    select
        {%- for key in key_columns %}
        normalised_sentences.{{ key }},
        {%- endfor %}
        normalised_sentences.sentence_number,
        normalised_sentences.sentence_text
    from (
        select
            {%- for key in key_columns %}
            raw_sentences.{{ key }},
            {%- endfor %}
            raw_sentences.sentence_number,
            {{ seam.normalise_text('raw_sentences.raw_sentence') }} as sentence_text
        from (
            {{ seam.split_to_rows(
                relation, key_columns, text_column, var('sentence_split_pattern'),
                'raw_sentence', 'sentence_number'
            ) }}
        ) as raw_sentences
    ) as normalised_sentences
    where normalised_sentences.sentence_text <> ''
{%- endmacro %}
