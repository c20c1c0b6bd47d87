{#
    An 8-byte floating point type. dbt.type_float() renders `float`, which DuckDB reads as a
    4-byte REAL: too coarse for rates and NPS arithmetic that tests compare to 1e-9.
    `double precision` is the SQL name (DuckDB and Postgres); Spark only knows `double`.
#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'seam')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
