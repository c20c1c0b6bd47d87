{#
    Keys (trimmed) held by more than one distinct raw row of a table, over its whole history:
    the `duplicate_key` rule without a window over every row. Only keys seen twice in raw are
    compared in full, so the cost is one pass over the key column. `keys_from` (optional) is a
    relation holding the raw `key` column (e.g. the model's deduplicated batch) that limits
    the answer to its keys (an incremental batch).
#}
{% macro duplicate_raw_keys(table_name, key, columns, enabled=true, keys_from=none) -%}
    select distinct_rows.key_value
    from (
        select distinct
            {{ seam.clean_text('raw_rows.' ~ key) }} as key_value,
            {%- for column in columns %}
            cast(raw_rows.{{ column }} as {{ dbt.type_string() }}) as {{ column }}{{ "," if not loop.last }}
            {%- endfor %}
        from {{ seam.raw_relation(table_name, columns, enabled) }} as raw_rows
        where {{ seam.clean_text('raw_rows.' ~ key) }} in (
            select repeated.key_value
            from (
                select {{ seam.clean_text('raw_keys.' ~ key) }} as key_value
                from {{ seam.raw_relation(table_name, columns, enabled) }} as raw_keys
                {%- if keys_from is not none %}
                where {{ seam.clean_text('raw_keys.' ~ key) }} in (
                    select {{ seam.clean_text('batch_keys.' ~ key) }}
                    from {{ keys_from }} as batch_keys
                )
                {%- endif %}
                group by {{ seam.clean_text('raw_keys.' ~ key) }}
                having count(*) > 1
            ) as repeated
        )
    ) as distinct_rows
    group by distinct_rows.key_value
    having count(*) > 1
{%- endmacro %}
