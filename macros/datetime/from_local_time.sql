{#
    A naive local wall-clock timestamp in `time_zone` as naive UTC (inverse of to_local_time).
    A wall-clock time that does not exist (skipped by a spring-forward change) or exists twice
    is resolved by the engine's rule; business-hours windows rarely touch those hours.
#}
{% macro from_local_time(timestamp_local, time_zone) -%}
    {{ return(adapter.dispatch('from_local_time', 'seam')(timestamp_local, time_zone)) }}
{%- endmacro %}

{#- DuckDB and Postgres. Parenthesised: AT TIME ZONE binds tighter than + in an expression
    argument. -#}
{% macro default__from_local_time(timestamp_local, time_zone) -%}
    ((({{ timestamp_local }}) at time zone {{ time_zone }}) at time zone 'UTC')
{%- endmacro %}

{% macro spark__from_local_time(timestamp_local, time_zone) -%}
    to_utc_timestamp({{ timestamp_local }}, {{ time_zone }})
{%- endmacro %}
