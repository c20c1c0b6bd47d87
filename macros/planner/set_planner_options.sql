{#
    Pre-hook of every model (dbt_project.yml): session options for the model's query.
    Dispatched: Postgres only, where it turns JIT compilation off. The planner's cost of a
    seam model (wide CTE chains, regexes, estimates of aggregates it cannot see into) passes
    jit_above_cost even on a few thousand rows, and compiling, inlining and optimising a
    few hundred expressions took 4-9 s per model, more than the query itself
    (ctl_touched_conversations on 20k conversations: 9.0 s with JIT, 2.9 s without).
#}
{% macro set_planner_options() -%}
    {{ return(adapter.dispatch('set_planner_options', 'seam')()) }}
{%- endmacro %}

{% macro default__set_planner_options() -%}
{%- endmacro %}

{% macro postgres__set_planner_options() -%}
    set jit = off
{%- endmacro %}
