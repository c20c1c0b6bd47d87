{#
    Set-based split: one output row per (row of `relation` x part of `text_expression` split on
    the regular expression `pattern`), with the part's 1-based position. Emits a complete
    select statement, so callers wrap it as a CTE or subquery. `relation` may be a CTE name or
    a parenthesised subquery; `text_expression` refers to its columns. A null text yields no
    rows; blank parts are returned and filtered by the caller.
    `separator`, optional: a literal string that, wherever `pattern` matches in this text,
    is exactly what it matches (text normalise_text wrote is split on ' +' but holds single
    spaces only). DuckDB then splits on the string instead of the regular expression (a tenth
    of the time, the same parts); the other engines use `pattern` as before.
#}
{% macro split_to_rows(
    relation, key_columns, text_expression, pattern, value_name, position_name, separator=none
) -%}
    {{ return(adapter.dispatch('split_to_rows', 'seam')(
        relation, key_columns, text_expression, pattern, value_name, position_name, separator
    )) }}
{%- endmacro %}

{#- Postgres-style default: set-returning function with ordinality in a lateral join. -#}
{% macro default__split_to_rows(
    relation, key_columns, text_expression, pattern, value_name, position_name, separator=none
) -%}
    select
        {%- for key in key_columns %}
        split_source.{{ key }},
        {%- endfor %}
        split_parts.part_value as {{ value_name }},
        split_parts.part_position as {{ position_name }}
    from {{ relation }} as split_source
    cross join lateral regexp_split_to_table({{ text_expression }}, '{{ dbt.escape_single_quotes(pattern) }}')
        with ordinality as split_parts (part_value, part_position)
{%- endmacro %}

{#- DuckDB: split to a list, then unnest it beside a list of positions (unnests zip). -#}
{% macro duckdb__split_to_rows(
    relation, key_columns, text_expression, pattern, value_name, position_name, separator=none
) -%}
    select
        {%- for key in key_columns %}
        split_lists.{{ key }},
        {%- endfor %}
        unnest(split_lists.parts) as {{ value_name }},
        unnest(range(1, len(split_lists.parts) + 1)) as {{ position_name }}
    from (
        select
            {%- for key in key_columns %}
            split_source.{{ key }},
            {%- endfor %}
            {% if separator is not none -%}
            string_split({{ text_expression }}, '{{ dbt.escape_single_quotes(separator) }}') as parts
            {%- else -%}
            string_split_regex({{ text_expression }}, '{{ dbt.escape_single_quotes(pattern) }}') as parts
            {%- endif %}
        from {{ relation }} as split_source
    ) as split_lists
{%- endmacro %}

{#- Spark: split() takes a Java regex; posexplode is 0-based; a null array yields no rows. -#}
{% macro spark__split_to_rows(
    relation, key_columns, text_expression, pattern, value_name, position_name, separator=none
) -%}
    select
        {%- for key in key_columns %}
        split_source.{{ key }},
        {%- endfor %}
        split_parts.part_value as {{ value_name }},
        split_parts.part_position + 1 as {{ position_name }}
    from {{ relation }} as split_source
    lateral view posexplode(split({{ text_expression }}, '{{ dbt.escape_single_quotes(pattern) }}')) split_parts
        as part_position, part_value
{%- endmacro %}
