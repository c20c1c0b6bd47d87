{#
    A time as Airbyte lands it, to a naive UTC timestamp: epoch seconds (Intercom's integers,
    or their text inside a JSON object) or an ISO-8601 / typed timestamp (Zendesk's
    date-times, `2026-09-09T08:00:00Z`, read by parse_timestamp_utc). Anything else is null,
    and staging rejects the row as for any unparsable time.
#}
{% macro airbyte_timestamp(column) -%}
    {%- set txt = 'cast(' ~ column ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    case
        when {{ seam.regexp_like(txt, '^[0-9]{1,11}$') }}
            then {{ dbt.dateadd(
                'second',
                'cast(' ~ txt ~ ' as ' ~ dbt.type_bigint() ~ ')',
                "cast('1970-01-01 00:00:00' as " ~ dbt.type_timestamp() ~ ")",
            ) }}
        else {{ seam.parse_timestamp_utc(txt) }}
    end
{%- endmacro %}
