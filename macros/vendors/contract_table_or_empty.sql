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

{#- The contract's columns of one raw table, in order (the sources YAML describes them). -#}
{% macro contract_columns(table_name) -%}
    {%- set columns = {
        'conversations': ['conversation_id', 'customer_id', 'channel', 'created_at', 'closed_at',
                          'status', 'ai_resolution_state', 'topic', 'priority', 'team',
                          'updated_at'],
        'messages': ['message_id', 'conversation_id', 'sent_at', 'author_role', 'author_id',
                     'is_internal', 'body'],
        'surveys': ['response_id', 'conversation_id', 'responded_at', 'survey_type', 'score',
                    'comment'],
        'handoffs': ['handoff_id', 'conversation_id', 'handed_off_at', 'to_queue', 'reason_code',
                     'ai_confidence', 'packet_transcript_included', 'packet_summary',
                     'packet_identifiers', 'packet_ai_actions', 'packet_evidence',
                     'packet_sentiment'],
        'ai_actions': ['action_id', 'conversation_id', 'performed_at', 'action_name', 'outcome'],
        'agent_actions': ['action_id', 'conversation_id', 'agent_id', 'performed_at',
                          'action_name'],
        'agents': ['agent_id', 'team', 'agent_name', 'hired_at'],
        'message_labels': ['message_id', 'label', 'value', 'source'],
    } -%}
    {{ return(columns[table_name]) }}
{%- endmacro %}
