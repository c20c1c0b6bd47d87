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

{#-
    A table or seed is new each run: always analyzed. An incremental table is analyzed when
    this run inserted more than var analyze_new_rows_share of the rows its statistics last
    counted (pg_class.reltuples; -1, never counted, on a first build), read in the run's own
    transaction (pg_stat_xact_user_tables). A nightly run replaces a few days of rows in a
    table of weeks: its statistics still hold, and analyzing every incremental table (a
    sample of 30,000 rows each) cost more than its insert (12 of the 42 s a 100k nightly
    run spent above its fixed cost). A run that grows a table by more than the share (a
    first build, a history loaded into a young warehouse) is analyzed as before.
-#}
{% macro postgres__analyze_relation() -%}
    {%- set materialized = model.config.materialized -%}
    {%- if materialized in ('table', 'seed') -%}
        analyze {{ this }}
    {%- elif materialized == 'incremental' -%}
        do $analyze$
        begin
            if (
                select
                    coalesce(class.reltuples, -1) < 0
                    or coalesce(changes.n_tup_ins, 0)
                    > {{ var('analyze_new_rows_share') }} * class.reltuples
                from pg_catalog.pg_class as class
                left join pg_catalog.pg_stat_xact_user_tables as changes
                    on class.oid = changes.relid
                where class.oid = '{{ this }}'::regclass
            ) then
                analyze {{ this }};
            end if;
        end
        $analyze$
    {%- endif -%}
{%- endmacro %}
