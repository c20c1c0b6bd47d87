{#
    A number as text with exactly `decimals` decimals ('0.25', '0.50', '1.00'), rounded half
    away from zero, identical on every engine. Casting a double straight to text is not:
    Postgres writes 1.0 as '1', DuckDB and Spark as '1.0', and round(double, n) does not exist
    on Postgres. Going through a decimal fixes both the rounding and the spelling.
#}
{% macro format_fixed(expression, decimals) -%}
    cast(
        cast(round(cast({{ expression }} as decimal(18, 6)), {{ decimals }}) as decimal(18, {{ decimals }}))
        as {{ dbt.type_string() }}
    )
{%- endmacro %}
