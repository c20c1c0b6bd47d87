{#
    The relation a raw-contract table is read from. Var `seam_source`:
    - `contract` (default): the contract's own table, `source('support', <table>)`;
    - `zendesk` / `intercom`: the vendor's tables mapped onto the contract's grain by
      `base_<vendor>__<table>` (models/staging/<vendor>/), one for each of the eight tables.
    The staging bases (through raw_relation), control and audit read raw tables only
    through this macro, so everything downstream is the same for every source.
#}
{% macro raw_table(table_name) -%}
    {%- set shape = seam.source_shape() -%}
    {%- if shape == 'contract' -%}
        {{ return(source('support', table_name)) }}
    {%- endif -%}
    {{ return(ref('base_' ~ shape ~ '__' ~ table_name)) }}
{%- endmacro %}

{#- The validated value of var seam_source. -#}
{% macro source_shape() -%}
    {%- set shape = var('seam_source') -%}
    {%- if shape not in ('contract', 'zendesk', 'intercom') -%}
        {{ exceptions.raise_compiler_error(
            "var seam_source must be contract, zendesk or intercom, not '" ~ shape ~ "'"
        ) }}
    {%- endif -%}
    {{ return(shape) }}
{%- endmacro %}
