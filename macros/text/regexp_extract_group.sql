{#
    The first capturing group of the first match of a regular expression, or null when the
    text does not match (shared regex subset, see regexp_replace_all).
#}
{% macro regexp_extract_group(column, pattern) -%}
    {{ return(adapter.dispatch('regexp_extract_group', 'seam')(column, pattern)) }}
{%- endmacro %}

{#- DuckDB and Spark: regexp_extract returns '' for no match. -#}
{% macro default__regexp_extract_group(column, pattern) -%}
    nullif(regexp_extract({{ column }}, '{{ dbt.escape_single_quotes(pattern) }}', 1), '')
{%- endmacro %}

{#- Postgres has no regexp_extract: regexp_match returns the captured groups as an array. -#}
{% macro postgres__regexp_extract_group(column, pattern) -%}
    nullif((regexp_match({{ column }}, '{{ dbt.escape_single_quotes(pattern) }}'))[1], '')
{%- endmacro %}
