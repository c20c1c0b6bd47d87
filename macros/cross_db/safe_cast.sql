{#
    Overrides dbt's safe_cast (dispatch search order puts this project first).
    dbt's own version is a plain cast on DuckDB and Postgres, so one bad value fails the
    whole run. Here a value that does not parse becomes null, and staging records the
    row with reason `unparsable_value` by comparing the raw text with the cast result.
#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro spark__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{# Postgres has no try_cast: guard the cast with a pattern for the types staging uses. #}
{% macro postgres__safe_cast(field, type) -%}
    {%- set t = type | lower -%}
    {%- if 'timestamp' in t or t == 'date' -%}
        case
            when {{ field }} ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?)?([+-][0-9]{2}(:?[0-9]{2})?|Z)?$'
                then cast({{ field }} as {{ type }})
        end
    {%- elif 'int' in t -%}
        case when {{ field }} ~ '^\s*[+-]?[0-9]{1,18}\s*$' then cast({{ field }} as {{ type }}) end
    {%- elif 'bool' in t -%}
        case
            when lower(trim({{ field }})) in ('true', 'false', 't', 'f', '1', '0', 'yes', 'no')
                then cast(lower(trim({{ field }})) as {{ type }})
        end
    {%- else -%}
        case
            when {{ field }} ~ '^\s*[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?\s*$'
                then cast({{ field }} as {{ type }})
        end
    {%- endif -%}
{%- endmacro %}
