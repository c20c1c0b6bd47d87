{#- True when the text contains a match of the regular expression (shared regex subset). -#}
{% macro regexp_like(column, pattern) -%}
    {{ return(adapter.dispatch('regexp_like', 'seam')(column, pattern)) }}
{%- endmacro %}

{#- DuckDB and Postgres: ~ (DuckDB reads it as regexp_matches, a partial match). -#}
{% macro default__regexp_like(column, pattern) -%}
    ({{ column }} ~ '{{ dbt.escape_single_quotes(pattern) }}')
{%- endmacro %}

{% macro spark__regexp_like(column, pattern) -%}
    ({{ column }} rlike '{{ dbt.escape_single_quotes(pattern) }}')
{%- endmacro %}
