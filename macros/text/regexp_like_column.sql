{#-
    True when the text contains a match of a regular expression held in a column (rules from a
    seed, one per row). Patterns must stay in the shared regex subset (see regexp_replace_all).
-#}
{% macro regexp_like_column(column, pattern_column) -%}
    {{ return(adapter.dispatch('regexp_like_column', 'seam')(column, pattern_column)) }}
{%- endmacro %}

{#- DuckDB (regexp_matches, a partial match) and Postgres: ~. -#}
{% macro default__regexp_like_column(column, pattern_column) -%}
    ({{ column }} ~ {{ pattern_column }})
{%- endmacro %}

{% macro spark__regexp_like_column(column, pattern_column) -%}
    ({{ column }} rlike {{ pattern_column }})
{%- endmacro %}
