{#
    Parse a raw timestamp (text or typed) to a naive UTC timestamp. Accepted, on every engine:
      - naive `YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]]`, taken as UTC;
      - with an offset after the time: `Z`, `+HH`, `+HHMM`, `+HH:MM` (or `-`), converted to UTC;
      - with a time-zone name after the time and a space: `2026-09-09 10:00:00 Europe/Berlin`
        (an IANA Area/Location name, capitalised as the time-zone database spells it, or
        UTC / GMT),
        converted to UTC with that zone's rules on that date (daylight saving included).
    Anything else gives null (staging then rejects the row with `unparsable_value`): an
    unknown zone name, an abbreviation (CET, EST, IST: ambiguous), trailing text. A typed
    column arrives as text here (`2026-09-09 08:00:00+00` for a timestamp with time zone), so
    typed and text raw columns parse the same way.
#}
{% macro parse_timestamp_utc(column) -%}
    {{ return(adapter.dispatch('parse_timestamp_utc', 'seam')(column)) }}
{%- endmacro %}

{#- The shapes above as regular expressions (the subset shared by DuckDB, Postgres, Spark). -#}
{% macro timestamp_shapes() -%}
    {%- set date = '[0-9]{4}-[0-9]{2}-[0-9]{2}' -%}
    {%- set clock = '[ T][0-9]{2}:[0-9]{2}' -%}
    {%- set seconds = ':[0-9]{2}([.][0-9]+)?' -%}
    {{ return({
        'naive': '^' ~ date ~ '(' ~ clock ~ '(' ~ seconds ~ ')?)?$',
        'offset': '^' ~ date ~ clock ~ '(' ~ seconds ~ ')?([+-][0-9]{2}(:?[0-9]{2})?|Z)$',
        'zone_name': '^' ~ date ~ clock ~ seconds
            ~ ' (UTC|GMT|[A-Z][A-Za-z_]+(/[A-Z][A-Za-z0-9_+-]*)+)$',
    }) }}
{%- endmacro %}

{% macro default__parse_timestamp_utc(column) -%}
    {%- set txt = seam.clean_text(column) -%}
    {%- set shapes = seam.timestamp_shapes() -%}
    case
        when {{ seam.regexp_like(txt, shapes['naive']) }}
            then {{ seam.safe_cast(txt, dbt.type_timestamp()) }}
        when {{ seam.regexp_like(txt, shapes['offset']) }}
            then cast({{ seam.safe_cast(txt, 'timestamp with time zone') }} at time zone 'UTC' as timestamp)
    end
{%- endmacro %}

{#- DuckDB: session TimeZone is UTC (profiles.yml); zone names go through ICU (built in),
    and an unknown name gives null. -#}
{% macro duckdb__parse_timestamp_utc(column) -%}
    {%- set txt = seam.clean_text(column) -%}
    {%- set shapes = seam.timestamp_shapes() -%}
    case
        when regexp_matches({{ txt }}, '{{ shapes["naive"] }}')
            then try_cast({{ txt }} as timestamp)
        when regexp_matches({{ txt }}, '{{ shapes["offset"] }}')
            then try_cast({{ txt }} as timestamptz) at time zone 'UTC'
        when regexp_matches({{ txt }}, '{{ shapes["zone_name"] }}')
            then try_cast({{ txt }} as timestamptz) at time zone 'UTC'
    end
{%- endmacro %}

{#-
    Postgres: an explicit offset goes through timestamptz, whatever the session TimeZone;
    naive text is cast to timestamp (taken as UTC). A zone name must be in pg_timezone_names
    (a cast with an unknown name raises instead of giving null): the local date-time is read
    as a timestamp, placed in the zone, then converted to UTC.
-#}
{% macro postgres__parse_timestamp_utc(column) -%}
    {%- set txt = seam.clean_text(column) -%}
    {%- set shapes = seam.timestamp_shapes() -%}
    case
        when {{ txt }} ~ '{{ shapes["naive"] }}'
            then {{ seam.safe_cast(txt, dbt.type_timestamp()) }}
        when {{ txt }} ~ '{{ shapes["offset"] }}'
            then {{ seam.safe_cast(txt, 'timestamp with time zone') }} at time zone 'UTC'
        when {{ txt }} ~ '{{ shapes["zone_name"] }}'
            and substring({{ txt }} from ' ([^ ]+)$') in (
                select zone_names.name from pg_timezone_names as zone_names
            )
            then (
                {{ seam.safe_cast("substring(" ~ txt ~ " from '^(.*) [^ ]+$')", dbt.type_timestamp()) }}
                at time zone substring({{ txt }} from ' ([^ ]+)$')
            ) at time zone 'UTC'
    end
{%- endmacro %}

{#-
    Spark: no `timestamp with time zone` type. Casting text to timestamp honours an explicit
    offset or zone name and reads naive text in the session time zone, which the profile pins
    to UTC (spark.sql.session.timeZone, as DuckDB's TimeZone); an unknown zone gives null.
    Spark's cast also accepts partial values ('2026', '2026-09') that the other engines
    reject, so the shape is checked first.
-#}
{% macro spark__parse_timestamp_utc(column) -%}
    {%- set txt = seam.clean_text(column) -%}
    {%- set shapes = seam.timestamp_shapes() -%}
    case
        when {{ txt }} rlike '{{ shapes["naive"] }}'
            or {{ txt }} rlike '{{ shapes["offset"] }}'
            or {{ txt }} rlike '{{ shapes["zone_name"] }}'
            then try_cast({{ txt }} as timestamp)
    end
{%- endmacro %}
