{#
    Whole minutes from `start_at` to `end_at`, counted as minute boundaries crossed (the
    calendar convention of dbt.datediff on DuckDB and Postgres: 10:00:59 -> 10:01:00 is 1).
    dbt-spark's datediff in minutes rounds elapsed seconds up instead, so Spark gets its own
    variant that floors each timestamp's epoch minute and subtracts; every other engine
    uses dbt.datediff (the default).
#}
{% macro minute_boundaries(start_at, end_at) -%}
    {{ return(adapter.dispatch('minute_boundaries', 'seam')(start_at, end_at)) }}
{%- endmacro %}

{% macro default__minute_boundaries(start_at, end_at) -%}
    {{ dbt.datediff(start_at, end_at, 'minute') }}
{%- endmacro %}

{% macro spark__minute_boundaries(start_at, end_at) -%}
    (floor(unix_timestamp({{ end_at }}) / 60) - floor(unix_timestamp({{ start_at }}) / 60))
{%- endmacro %}
