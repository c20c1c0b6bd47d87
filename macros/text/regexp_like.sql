{#- True when the text contains a match of the regular expression (shared regex subset). -#}
{% macro regexp_like(column, pattern) -%}
    {{ return(adapter.dispatch('regexp_like', 'seam')(column, pattern)) }}
{%- endmacro %}

{% macro default__regexp_like(column, pattern) -%}
    ({{ column }} ~ '{{ pattern }}')
{%- endmacro %}

{% macro duckdb__regexp_like(column, pattern) -%}
    regexp_matches({{ column }}, '{{ pattern }}')
{%- endmacro %}

{% macro postgres__regexp_like(column, pattern) -%}
    ({{ column }} ~ '{{ pattern }}')
{%- endmacro %}

{% macro spark__regexp_like(column, pattern) -%}
    ({{ column }} rlike '{{ pattern }}')
{%- endmacro %}
