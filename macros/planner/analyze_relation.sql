{#
    Post-hook of every model and seed (dbt_project.yml): refresh the planner's statistics of
    a table just built, so the next model's plan sees its real size. Dispatched: Postgres
    only. Its autovacuum analyzes a table up to a minute after it changes, while the next
    model of the run reads it at once: an incremental table that grew tenfold since its last
    analyze, or a table recreated without statistics, was planned as a few rows and joined by
    nested loops (minutes instead of seconds). DuckDB keeps statistics as it writes; Spark's
    cost-based optimiser is off by default.
#}
{% macro analyze_relation() -%}
    {{ return(adapter.dispatch('analyze_relation', 'seam')()) }}
{%- endmacro %}

{% macro default__analyze_relation() -%}
{%- endmacro %}

{% macro postgres__analyze_relation() -%}
    {%- if model.config.materialized in ('table', 'incremental', 'seed') -%}
        analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
