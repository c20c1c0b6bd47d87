{#
    The raw contract v1 as data: table -> {'columns': [(column, contract type), ...],
    'optional_var': the var that switches an optional table on, or none for a required table}.
    Types are the contract's: text, timestamp, boolean, numeric. The load-time column (var
    raw_loaded_at_column) belongs to every table.

    The contract's prose lives in models/staging/support/_support__sources.yml (one
    description per column, for dbt docs); tests/python/test_ops_build_failures.py checks that
    both list the same columns with the same types. This copy exists because the pre-flight
    check (check_raw_contract) and the unit-test fixtures (raw_fixture) need it where dbt's
    graph of sources is not available.
#}
{% macro raw_contract() -%}
    {%- set loaded_at = (var('raw_loaded_at_column'), 'timestamp') -%}
    {{ return({
        'conversations': {'optional_var': none, 'columns': [
            ('conversation_id', 'text'), ('customer_id', 'text'), ('channel', 'text'),
            ('created_at', 'timestamp'), ('closed_at', 'timestamp'), ('status', 'text'),
            ('ai_resolution_state', 'text'), ('topic', 'text'), ('priority', 'text'),
            ('team', 'text'), ('updated_at', 'timestamp'), loaded_at,
        ]},
        'messages': {'optional_var': none, 'columns': [
            ('message_id', 'text'), ('conversation_id', 'text'), ('sent_at', 'timestamp'),
            ('author_role', 'text'), ('author_id', 'text'), ('is_internal', 'boolean'),
            ('body', 'text'), loaded_at,
        ]},
        'surveys': {'optional_var': none, 'columns': [
            ('response_id', 'text'), ('conversation_id', 'text'), ('responded_at', 'timestamp'),
            ('survey_type', 'text'), ('score', 'numeric'), ('comment', 'text'), loaded_at,
        ]},
        'handoffs': {'optional_var': 'has_handoffs', 'columns': [
            ('handoff_id', 'text'), ('conversation_id', 'text'), ('handed_off_at', 'timestamp'),
            ('to_queue', 'text'), ('reason_code', 'text'), ('ai_confidence', 'numeric'),
            ('packet_transcript_included', 'boolean'), ('packet_summary', 'text'),
            ('packet_identifiers', 'text'), ('packet_ai_actions', 'text'),
            ('packet_evidence', 'text'), ('packet_sentiment', 'text'), loaded_at,
        ]},
        'ai_actions': {'optional_var': 'has_ai_actions', 'columns': [
            ('action_id', 'text'), ('conversation_id', 'text'), ('performed_at', 'timestamp'),
            ('action_name', 'text'), ('outcome', 'text'), loaded_at,
        ]},
        'agent_actions': {'optional_var': 'has_agent_actions', 'columns': [
            ('action_id', 'text'), ('conversation_id', 'text'), ('agent_id', 'text'),
            ('performed_at', 'timestamp'), ('action_name', 'text'), loaded_at,
        ]},
        'agents': {'optional_var': 'has_agents', 'columns': [
            ('agent_id', 'text'), ('team', 'text'), loaded_at,
        ]},
        'message_labels': {'optional_var': 'has_message_labels', 'columns': [
            ('message_id', 'text'), ('label', 'text'), ('value', 'boolean'), ('source', 'text'),
            loaded_at,
        ]},
    }) }}
{%- endmacro %}
