{#- A back-reference to capture group n in a regexp_replace replacement string. -#}
{% macro regexp_group(n) -%}
    {{ return(adapter.dispatch('regexp_group', 'seam')(n)) }}
{%- endmacro %}

{#- DuckDB (RE2) and Postgres: \n. -#}
{% macro default__regexp_group(n) -%}
    \{{ n }}
{%- endmacro %}

{#- Spark (Java): $n. -#}
{% macro spark__regexp_group(n) -%}
    ${{ n }}
{%- endmacro %}
