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

{#-
    The opposite, where a CTE read several times is expensive to compute and small to keep:
    written out once and read back. `materialized` on DuckDB, which otherwise plans such a
    CTE into each reader and computes its expressions once per reader; nothing elsewhere
    (Postgres materialises a CTE read more than once by itself; Spark inlines). Used by
    int_text_bodies_cleaned, whose HTML-to-text chain ran once per reader of the text
    (docs/performance.md).
-#}
{% macro cte_materialized() -%}
    {{ return(adapter.dispatch('cte_materialized', 'seam')()) }}
{%- endmacro %}

{% macro default__cte_materialized() -%}
{%- endmacro %}

{% macro duckdb__cte_materialized() -%}
    materialized
{%- endmacro %}
