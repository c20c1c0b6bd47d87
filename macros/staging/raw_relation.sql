{#
    The raw table for a staging base model. When an optional raw table is switched off
    (var has_<table> = false) this returns an empty relation with the contract's columns,
    so every downstream model still builds and the metrics that need the table are null.
#}
{% macro raw_relation(table_name, columns, enabled=true) -%}
    {%- if enabled -%}
        (select * from {{ seam.raw_table(table_name) }})
    {%- else -%}
        (
            select
                {%- for column in columns %}
                cast(null as {{ dbt.type_string() }}) as {{ column }}{{ "," if not loop.last }}
                {%- endfor %}
            where 1 = 0
        )
    {%- endif -%}
{%- endmacro %}
