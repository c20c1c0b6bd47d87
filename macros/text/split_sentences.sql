{#
    One row per sentence of `text_column`: keys, sentence_number (1-based position of the
    part), sentence_text (normalised with normalise_text; blank sentences dropped).
    Sentences split on the regular expression in var `sentence_split_pattern` (. ! ? newline);
    on Spark the pattern's newline arrives as a literal newline character, with the same result.
#}
{% macro split_sentences(relation, key_columns, text_column) -%}
    {{ return(adapter.dispatch('split_sentences', 'seam')(relation, key_columns, text_column)) }}
{%- endmacro %}

{% macro default__split_sentences(relation, key_columns, text_column) -%}
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


{#- DuckDB: each part is normalised inside the list before it is unnested. Normalised in a
    select of its own, the expression was evaluated twice per sentence (DuckDB copies it into
    the blank filter it pushes down); over the list it is evaluated once. -#}
{% macro duckdb__split_sentences(relation, key_columns, text_column) -%}
    select
        {%- for key in key_columns %}
        normalised_sentences.{{ key }},
        {%- endfor %}
        normalised_sentences.sentence_number,
        normalised_sentences.sentence_text
    from (
        select
            {%- for key in key_columns %}
            sentence_lists.{{ key }},
            {%- endfor %}
            unnest(sentence_lists.sentence_texts) as sentence_text,
            unnest(range(1, len(sentence_lists.sentence_texts) + 1)) as sentence_number
        from (
            select
                {%- for key in key_columns %}
                split_source.{{ key }},
                {%- endfor %}
                list_transform(
                    string_split_regex(
                        split_source.{{ text_column }},
                        '{{ dbt.escape_single_quotes(var('sentence_split_pattern')) }}'
                    ),
                    lambda raw_sentence: {{ seam.normalise_text('raw_sentence') }}
                ) as sentence_texts
            from {{ relation }} as split_source
        ) as sentence_lists
    ) as normalised_sentences
    where normalised_sentences.sentence_text <> ''
{%- endmacro %}
