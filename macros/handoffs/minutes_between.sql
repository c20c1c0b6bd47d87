{#- Minutes from `start_at` to `end_at` as a double: whole seconds (dbt.datediff) / 60. -#}
{% macro minutes_between(start_at, end_at) -%}
    cast({{ dbt.datediff(start_at, end_at, 'second') }} as {{ seam.type_double() }}) / 60
{%- endmacro %}
