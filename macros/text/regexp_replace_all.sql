{#
    Replace every match of a regular expression. Patterns must stay in the subset shared by
    RE2 (DuckDB), Postgres ARE and Java (Spark): character classes, quantifiers, alternation;
    no \b, no lookaround, no backreferences.
#}
{% macro regexp_replace_all(column, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'seam')(column, pattern, replacement)) }}
{%- endmacro %}

{#- DuckDB and Postgres: the 'g' flag replaces every match. -#}
{% macro default__regexp_replace_all(column, pattern, replacement) -%}
    regexp_replace({{ column }}, '{{ dbt.escape_single_quotes(pattern) }}', '{{ replacement }}', 'g')
{%- endmacro %}

{#- Spark's regexp_replace always replaces every match and takes no flags argument. -#}
{% macro spark__regexp_replace_all(column, pattern, replacement) -%}
    regexp_replace({{ column }}, '{{ dbt.escape_single_quotes(pattern) }}', '{{ replacement }}')
{%- endmacro %}
