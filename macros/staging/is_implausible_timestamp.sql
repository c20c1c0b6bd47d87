{#-
    True when a parsed timestamp lies outside the plausible window: before var
    timestamp_plausible_from or on/after var timestamp_plausible_until (dates, validated by
    validate_vars). Staging rejects such rows with `implausible_timestamp`: a default date
    (1970-01-01, 1900-01-01) or a typo (2100, 2062) would otherwise become a real week in the
    marts, the dashboard's "latest week" included. The window is fixed by vars rather than
    read from the clock, so a build's result never depends on the day it ran.
-#}
{% macro is_implausible_timestamp(column) -%}
    (
        {{ column }} < cast({{ dbt.string_literal(var('timestamp_plausible_from') | string) }} as {{ dbt.type_timestamp() }})
        or {{ column }} >= cast({{ dbt.string_literal(var('timestamp_plausible_until') | string) }} as {{ dbt.type_timestamp() }})
    )
{%- endmacro %}
