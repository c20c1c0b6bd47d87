{#
    Pre-hook of every model (dbt_project.yml): session options for the model's query.
    Dispatched: Postgres only, where it turns JIT compilation off. The planner's cost of a
    seam model (wide CTE chains, regexes, estimates of aggregates it cannot see into) passes
    jit_above_cost even on a few thousand rows, and compiling, inlining and optimising a
    few hundred expressions took 4-9 s per model, more than the query itself
    (ctl_touched_conversations on 20k conversations: 9.0 s with JIT, 2.9 s without).

    A model configured `postgres_no_nested_loops: true` is also planned without nested-loop
    joins, for its own transaction only (`set local`: the query, the insert and the hooks of
    that one model). For a model whose CTE chain compounds filter estimates into a handful of
    rows while the night holds thousands, so that a nested loop compares every row with every
    other (int_text_customer_followups_classified: 3,279 follow-ups x 2,927 overlaps at 100k).
    Planning only: the rows are the same.
#}
{% macro set_planner_options() -%}
    {{ return(adapter.dispatch('set_planner_options', 'seam')()) }}
{%- endmacro %}

{% macro default__set_planner_options() -%}
{%- endmacro %}

{% macro postgres__set_planner_options() -%}
    set jit = off
    {%- if config.get('postgres_no_nested_loops', false) %};
    set local enable_nestloop = off
    {%- endif %}
{%- endmacro %}
