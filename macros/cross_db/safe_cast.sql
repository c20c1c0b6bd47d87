{#
    A cast that gives null where the value does not parse. dbt's own safe_cast is a plain cast
    on DuckDB and Postgres, so one bad value would fail the whole run; here a value that does
    not parse becomes null, and staging records the row with reason `unparsable_value` by
    comparing the raw text with the cast result.
    Models call `seam.safe_cast` (variants `<adapter>__try_cast` in the seam namespace), never
    `dbt.safe_cast`: dbt applies a project's `dispatch` config only when it is the root project,
    so an override of dbt's macro would be dropped when seam is installed as a package. The
    variants have their own name so that dbt's safe_cast, which the root `dispatch` config
    sends here first, never finds a seam `default__` that would call it again.
#}
{% macro safe_cast(field, type) -%}
    {{ return(adapter.dispatch('try_cast', 'seam')(field, type)) }}
{%- endmacro %}

{% macro default__try_cast(field, type) -%}
    {{ return(dbt.safe_cast(field, type)) }}
{%- endmacro %}

{% macro duckdb__try_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro spark__try_cast(field, type) -%}
    try_cast({{ field }} as {{ seam.spark_type_name(type) }})
{%- endmacro %}

{#
    Postgres has no try_cast: guard the cast with a pattern for the types staging uses.
    The guard reads the value as text, so typed input (unit-test fixtures) works too.
#}
{% macro postgres__try_cast(field, type) -%}
    {%- set t = type | lower -%}
    {%- set txt = 'cast(' ~ field ~ ' as text)' -%}
    {%- if 'timestamp' in t or t == 'date' -%}
        {#- Shape first, then the calendar (30-day months, February, leap years): Postgres
            raises on '2026-02-30' where the other engines give null. Nested cases keep the
            evaluation order, so the year is read as a number only from a well-shaped value. -#}
        case
            when {{ txt }} ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?)?([+-](0[0-9]|1[0-5])(:?[0-5][0-9])?|Z)?$'
                then case
                    when substr({{ txt }}, 9, 2) <= '28'
                        or (substr({{ txt }}, 6, 2) != '02' and substr({{ txt }}, 9, 2) <= '30')
                        or substr({{ txt }}, 6, 2) in ('01', '03', '05', '07', '08', '10', '12')
                        or (
                            substr({{ txt }}, 6, 2) = '02' and substr({{ txt }}, 9, 2) = '29'
                            and mod(cast(substr({{ txt }}, 1, 4) as integer), 4) = 0
                            and (
                                mod(cast(substr({{ txt }}, 1, 4) as integer), 100) != 0
                                or mod(cast(substr({{ txt }}, 1, 4) as integer), 400) = 0
                            )
                        )
                        then cast({{ field }} as {{ type }})
                end
        end
    {%- elif 'int' in t -%}
        case when {{ txt }} ~ '^\s*[+-]?[0-9]{1,18}\s*$' then cast({{ field }} as {{ type }}) end
    {%- elif 'bool' in t -%}
        case
            when lower(trim({{ txt }})) in ('true', 'false', 't', 'f', '1', '0', 'yes', 'no')
                then cast(lower(trim({{ txt }})) as {{ type }})
        end
    {%- elif 'numeric' in t or 'decimal' in t or 'double' in t or 'float' in t or 'real' in t -%}
        case
            when {{ txt }} ~ '^\s*[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?\s*$'
                then cast({{ field }} as {{ type }})
        end
    {%- else -%}
        {#- text, varchar, char, json ...: any value casts (unit-test fixtures cast through here). -#}
        cast({{ field }} as {{ type }})
    {%- endif -%}
{%- endmacro %}

{#- dbt's own safe_cast (what dbt itself casts, such as unit-test fixtures) when seam is the root
    project: the `dispatch` config of dbt_project.yml finds these first. -#}
{% macro duckdb__safe_cast(field, type) -%}
    {{ return(seam.duckdb__try_cast(field, type)) }}
{%- endmacro %}

{% macro postgres__safe_cast(field, type) -%}
    {{ return(seam.postgres__try_cast(field, type)) }}
{%- endmacro %}

{% macro spark__safe_cast(field, type) -%}
    {{ return(seam.spark__try_cast(field, type)) }}
{%- endmacro %}
