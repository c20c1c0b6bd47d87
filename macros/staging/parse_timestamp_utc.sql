{#
    Parse a raw timestamp (text or typed) to a naive UTC timestamp.
    Offset-aware input ('2026-09-01T12:00:00+02:00', '...Z') is converted to UTC;
    naive input is taken as UTC. Unparsable input gives null (staging then rejects the row
    with `unparsable_value`).
#}
{% macro parse_timestamp_utc(column) -%}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'seam')(column)) }}
{%- endmacro %}

{% macro default__parse_timestamp_utc(column) -%}
    {%- set txt = seam.clean_text(column) -%}
    case
        when {{ txt }} like '%+__:__' or {{ txt }} like '%-__:__' or {{ txt }} like '%Z'
            then cast({{ seam.safe_cast(txt, 'timestamp with time zone') }} at time zone 'UTC' as timestamp)
        else {{ seam.safe_cast(txt, dbt.type_timestamp()) }}
    end
{%- endmacro %}

{#- DuckDB: session TimeZone is UTC (profiles.yml); timestamptz AT TIME ZONE gives naive UTC. -#}
{% macro duckdb__parse_timestamp_utc(column) -%}
    {%- set txt = seam.clean_text(column) -%}
    case
        when regexp_matches({{ txt }}, '([+-][0-9]{2}(:?[0-9]{2})?|Z)$')
            and regexp_matches({{ txt }}, '[0-9]{2}:[0-9]{2}')
            then try_cast({{ txt }} as timestamptz) at time zone 'UTC'
        else try_cast({{ txt }} as timestamp)
    end
{%- endmacro %}

{#-
    Postgres: an explicit offset ('+02:00', '+0200', '+02', 'Z') goes through timestamptz,
    whatever the session TimeZone; naive text is cast to timestamp (taken as UTC).
-#}
{% macro postgres__parse_timestamp_utc(column) -%}
    {%- set txt = seam.clean_text(column) -%}
    case
        when {{ txt }} ~ '([+-][0-9]{2}(:?[0-9]{2})?|Z)$'
            and {{ txt }} ~ '[0-9]{2}:[0-9]{2}'
            then {{ seam.safe_cast(txt, 'timestamp with time zone') }} at time zone 'UTC'
        else {{ seam.safe_cast(txt, dbt.type_timestamp()) }}
    end
{%- endmacro %}

{#-
    Spark: no `timestamp with time zone` type. Casting text to timestamp honours an explicit
    offset and reads naive text in the session time zone, which the profile pins to UTC
    (spark.sql.session.timeZone, as DuckDB's TimeZone). Spark's cast also accepts partial
    values ('2026', '2026-09') that the other engines reject, so the shape is checked first.
-#}
{% macro spark__parse_timestamp_utc(column) -%}
    {%- set txt = seam.clean_text(column) -%}
    case
        when {{ txt }} rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?([+-][0-9]{2}(:?[0-9]{2})?|Z)?$'
            then try_cast({{ txt }} as timestamp)
    end
{%- endmacro %}
