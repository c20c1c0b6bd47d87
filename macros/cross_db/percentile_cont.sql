{#
    Continuous percentile (linear interpolation between the two nearest ranks, as SQL's
    PERCENTILE_CONT) of `expression` as an aggregate: use it where `sum()` would go, with
    `group by`. `fraction` is a number in [0, 1] (0.5 = median, 0.9 = p90). Nulls are ignored;
    no rows gives null. Returns a double on every engine.
    Same definition everywhere, so marts compare equal across engines: DuckDB quantile_cont,
    Postgres and Spark ordered-set percentile_cont. Not percentile_disc (a value of the set)
    nor Spark's percentile_approx (approximate): both differ by definition.
#}
{% macro percentile_cont(expression, fraction) -%}
    {{ return(adapter.dispatch('percentile_cont', 'seam')(expression, fraction)) }}
{%- endmacro %}

{% macro default__percentile_cont(expression, fraction) -%}
    cast(percentile_cont({{ fraction }}) within group (order by {{ expression }}) as {{ seam.type_double() }})
{%- endmacro %}

{% macro duckdb__percentile_cont(expression, fraction) -%}
    cast(quantile_cont({{ expression }}, {{ fraction }}) as {{ seam.type_double() }})
{%- endmacro %}

{% macro postgres__percentile_cont(expression, fraction) -%}
    cast(percentile_cont({{ fraction }}) within group (order by {{ expression }}) as {{ seam.type_double() }})
{%- endmacro %}

{% macro spark__percentile_cont(expression, fraction) -%}
    cast(percentile_cont({{ fraction }}) within group (order by {{ expression }}) as {{ seam.type_double() }})
{%- endmacro %}
