{#-
    The key of a raw row of a contract table, trimmed text, as ctl_deleted_rows lists it:
    the primary key, or `message_id:label` (label lower-cased) for message_labels.
-#}
{% macro raw_row_key(table_name, alias) -%}
    {%- set keys = {
        'conversations': 'conversation_id', 'messages': 'message_id', 'surveys': 'response_id',
        'handoffs': 'handoff_id', 'ai_actions': 'action_id', 'agent_actions': 'action_id',
        'agents': 'agent_id',
    } -%}
    {%- if table_name == 'message_labels' -%}
        {{ dbt.concat([
            seam.clean_text(alias ~ '.message_id'), "':'",
            'lower(' ~ seam.clean_text(alias ~ '.label') ~ ')',
        ]) }}
    {%- else -%}
        {{ seam.clean_text(alias ~ '.' ~ keys[table_name]) }}
    {%- endif -%}
{%- endmacro %}
