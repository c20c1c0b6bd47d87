{#- Raw value as trimmed text; blank strings become null. Works for typed and text raw columns. -#}
{% macro clean_text(column) -%}
    nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), '')
{%- endmacro %}
