{#
    Continuous percentile (linear interpolation between the two nearest ranks, as SQL's
    PERCENTILE_CONT) of `expression` as an aggregate: use it where `sum()` would go, with
    `group by`. `fraction` is a number in [0, 1] (0.5 = median, 0.9 = p90). Nulls are ignored;
    no rows gives null. Returns a double on every engine.
    The ordered-set form is the same definition on DuckDB (where it is quantile_cont),
    Postgres and Spark, so marts compare equal across engines. Not percentile_disc (a value of
    the set) nor Spark's percentile_approx (approximate): both differ by definition.
#}
{% macro percentile_cont(expression, fraction) -%}
    cast(percentile_cont({{ fraction }}) within group (order by {{ expression }}) as {{ seam.type_double() }})
{%- endmacro %}
