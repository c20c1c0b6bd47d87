{#
    Appended to a derived table's query so the planner computes it as written, instead of
    inlining its expressions into the query that reads it. Needed where each level of a
    nested select reads the previous level's column several times (pii_redacted): inlined,
    every level would copy the previous one's expression, exponentially in the depth.
#}
{% macro subquery_fence() -%}
    {{ return(adapter.dispatch('subquery_fence', 'seam')()) }}
{%- endmacro %}

{#- DuckDB and Spark keep a projection that is read more than once as it is. -#}
{% macro default__subquery_fence() -%}
{%- endmacro %}

{#- Postgres pulls a simple subquery up into its parent, substituting expressions for its
    columns; OFFSET 0 is the documented way to stop it. -#}
{% macro postgres__subquery_fence() -%}
    offset 0
{%- endmacro %}
