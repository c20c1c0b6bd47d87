{#
    Overrides dbt's cast on Spark (dispatch search order puts this project first). Contracts
    declare portable SQL type names (`double precision`, `text`) and dbt checks them with
    `cast(null as <data_type>)`; Spark spells those `double` and `string` (`text` and an unsized
    varchar are syntax errors there). Other types pass through unchanged; other engines use dbt's cast.
#}
{% macro spark__cast(field, type) -%}
    cast({{ field }} as {{ seam.spark_type_name(type) }})
{%- endmacro %}

{#- Spark's name for a portable SQL type name; unknown names are returned as given. -#}
{% macro spark_type_name(type) -%}
    {%- set normal = type | trim | lower -%}
    {%- set names = {
        'double precision': 'double',
        'float8': 'double',
        'real': 'float',
        'float4': 'float',
        'varchar': 'string',
        'character varying': 'string',
        'text': 'string',
        'timestamp without time zone': 'timestamp',
        'int4': 'int',
        'int8': 'bigint',
        'bool': 'boolean',
    } -%}
    {{- names.get(normal, type) -}}
{%- endmacro %}
