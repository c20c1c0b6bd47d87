{#
    Select from a raw table with every contract column as text, collapsing exact duplicate
    rows into one and counting them in `exact_copies` (reconciliation adds them back:
    raw rows = kept + rejected + sum(exact_copies - 1)).
#}
{% macro deduplicated_raw(table_name, columns, enabled=true) -%}
    select
        {%- for column in columns %}
        cast({{ column }} as {{ dbt.type_string() }}) as {{ column }},
        {%- endfor %}
        count(*) as exact_copies
    from {{ seam.raw_relation(table_name, columns, enabled) }} as raw_rows
    group by
        {%- for column in columns %}
        cast({{ column }} as {{ dbt.type_string() }}){{ "," if not loop.last }}
        {%- endfor %}
{%- endmacro %}
