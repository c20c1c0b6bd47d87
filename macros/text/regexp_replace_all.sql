{#
    Replace every match of a regular expression. Patterns must stay in the subset shared by
    RE2 (DuckDB), Postgres ARE and Java (Spark): character classes, quantifiers, alternation;
    no \b, no lookaround, no backreferences in the pattern. The replacement may name a
    captured group as \1 .. \9.
#}
{% macro regexp_replace_all(column, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'seam')(column, pattern, replacement)) }}
{%- endmacro %}

{#- DuckDB and Postgres: the 'g' flag replaces every match. -#}
{% macro default__regexp_replace_all(column, pattern, replacement) -%}
    regexp_replace({{ column }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{#- Spark's regexp_replace always replaces every match and takes no flags argument; Java
    names a captured group $1 in the replacement, not \1. -#}
{% macro spark__regexp_replace_all(column, pattern, replacement) -%}
    {%- set java_replacement = modules.re.sub('\\\\([0-9])', '$\\1', replacement) -%}
    regexp_replace({{ column }}, '{{ pattern }}', '{{ java_replacement }}')
{%- endmacro %}
