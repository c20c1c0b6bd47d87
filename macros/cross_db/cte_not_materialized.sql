{#
    Written between `name as` and the CTE's opening parenthesis, so that a CTE read several
    times is planned into each reader instead of being written out once and read back.
    Dispatched: nothing by default (Postgres keeps its materialised CTE, Spark always inlines);
    `not materialized` on DuckDB, which otherwise materialises such a CTE whole. Where every
    reader filters or aggregates the CTE, inlined readers stream it: touched_rows_valid on
    stg_support__messages at 10M conversations (120M rows) ran out of a 3GB cap with the CTE
    materialised (docs/performance.md, "Full build at 10M").
#}
{% macro cte_not_materialized() -%}
    {{ return(adapter.dispatch('cte_not_materialized', 'seam')()) }}
{%- endmacro %}

{% macro default__cte_not_materialized() -%}
{%- endmacro %}

{% macro duckdb__cte_not_materialized() -%}
    not materialized
{%- endmacro %}
