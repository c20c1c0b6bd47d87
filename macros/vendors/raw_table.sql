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

{#
    A help desk's table as seam's vendor adapters read it, by var `seam_elt`:
    - `fivetran` (default): the connector's table, `source(<vendor>, <table>)`;
    - `airbyte`: `base_<vendor>_airbyte__<table>` (models/staging/<vendor>/airbyte/), which reads
      Airbyte's streams and gives the Fivetran table's columns that seam reads, so one
      adapter (`base_<vendor>__*`) maps both.
#}
{% macro vendor_table(vendor, table_name) -%}
    {%- if seam.elt_tool() == 'airbyte' -%}
        {{ return(ref('base_' ~ vendor ~ '_airbyte__' ~ table_name)) }}
    {%- endif -%}
    {{ return(source(vendor, table_name)) }}
{%- endmacro %}

{#- The validated value of var seam_elt. -#}
{% macro elt_tool() -%}
    {%- set tool = var('seam_elt') -%}
    {%- if tool not in ('fivetran', 'airbyte') -%}
        {{ exceptions.raise_compiler_error(
            "var seam_elt must be fivetran or airbyte, not '" ~ tool ~ "'"
        ) }}
    {%- endif -%}
    {{ return(tool) }}
{%- endmacro %}

{#- The column of a vendor_table that says when the ELT tool wrote the row. -#}
{% macro vendor_synced_column() -%}
    {{ return('_airbyte_extracted_at' if seam.elt_tool() == 'airbyte' else '_fivetran_synced') }}
{%- endmacro %}

{#- True for a row the ELT tool keeps but the help desk deleted (Fivetran's flag; Airbyte's
    API streams drop deleted records, and a deleted Zendesk ticket has status `deleted`). -#}
{% macro vendor_is_deleted(relation_alias) -%}
    {%- if seam.elt_tool() == 'airbyte' -%}
        false
    {%- else -%}
        coalesce({{ relation_alias }}._fivetran_deleted, false)
    {%- endif -%}
{%- endmacro %}
