{#
    A naive UTC timestamp as naive local wall-clock time in `time_zone` (an IANA name; a
    column or a quoted literal). Daylight-saving rules come from the engine's time zone
    database (DuckDB ICU, Postgres tzdata, Java on Spark).
#}
{% macro to_local_time(timestamp_utc, time_zone) -%}
    {{ return(adapter.dispatch('to_local_time', 'seam')(timestamp_utc, time_zone)) }}
{%- endmacro %}

{#- DuckDB and Postgres: naive AT TIME ZONE 'UTC' reads the value as UTC; AT TIME ZONE zone
    renders it there. Parenthesised: AT TIME ZONE binds tighter than + in an expression argument. -#}
{% macro default__to_local_time(timestamp_utc, time_zone) -%}
    ((({{ timestamp_utc }}) at time zone 'UTC') at time zone {{ time_zone }})
{%- endmacro %}

{% macro spark__to_local_time(timestamp_utc, time_zone) -%}
    from_utc_timestamp({{ timestamp_utc }}, {{ time_zone }})
{%- endmacro %}
