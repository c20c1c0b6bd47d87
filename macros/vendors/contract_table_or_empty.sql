{#
    Under a vendor source, a contract table the vendor has no place for (AI actions, agent
    actions, QA labels; the survey tool's NPS and CES): the contract's own table when var
    `vendor_contract_tables` lists it (loaded beside the vendor's tables), else no rows with
    the contract's columns, so the metrics that need it are null as when a `has_` var is off.
#}
{% macro contract_table_or_empty(table_name) -%}
    {%- if table_name in var('vendor_contract_tables') -%}
        select
            {%- for column in seam.contract_columns(table_name) %}
            {{ column }},
            {%- endfor %}
            {{ var('raw_loaded_at_column') }}
        from {{ source('support', table_name) }}
    {%- else -%}
        select
            {%- for column in seam.contract_columns(table_name) %}
            cast(null as {{ dbt.type_string() }}) as {{ column }},
            {%- endfor %}
            cast(null as {{ dbt.type_timestamp() }}) as {{ var('raw_loaded_at_column') }}
        where 1 = 0
    {%- endif -%}
{%- endmacro %}

{#- The contract's columns of one raw table, in order, without the load-time column (from
    raw_contract, which the sources YAML describes). -#}
{% macro contract_columns(table_name) -%}
    {%- set columns = [] -%}
    {%- for column, contract_type in seam.raw_contract()[table_name]['columns'] -%}
        {%- if column != var('raw_loaded_at_column') -%}
            {%- do columns.append(column) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}
