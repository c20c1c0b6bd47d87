{#
    The raw table as staging reads it: without the rows ctl_deleted_rows lists (keys deleted
    upstream by a soft-delete flag, rows of customers with an erasure request) and, for tables
    kept by conversation, without every row of a deleted conversation. Those rows reach no
    model; the audit counts them (raw rows minus live rows). Unit tests mock the raw table
    itself, so there the deletion list is not read.
#}
{% macro raw_live_relation(table_name, columns, enabled=true) -%}
    {#- the ref is taken at parse time (outside the unit-test branch) so dbt orders the run -#}
    {%- if model.resource_type != 'unit_test' -%}
        {%- set deleted = ref('ctl_deleted_rows') -%}
    {%- endif -%}
    {%- if not enabled or model.resource_type == 'unit_test' -%}
        {{ seam.raw_relation(table_name, columns, enabled) }}
    {%- else -%}
        (
            select live_rows.*
            from {{ seam.raw_relation(table_name, columns, enabled) }} as live_rows
            where
                (
                    {{ seam.raw_row_key(table_name, 'live_rows') }} is null
                    or {{ seam.raw_row_key(table_name, 'live_rows') }} not in (
                        select deleted_keys.row_key
                        from {{ deleted }} as deleted_keys
                        where deleted_keys.table_name = '{{ table_name }}'
                    )
                )
                {%- if table_name not in ('conversations', 'agents', 'message_labels') %}
                and (
                    {{ seam.clean_text('live_rows.conversation_id') }} is null
                    or {{ seam.clean_text('live_rows.conversation_id') }} not in (
                        select deleted_conversations.row_key
                        from {{ deleted }} as deleted_conversations
                        where deleted_conversations.table_name = 'conversations'
                    )
                )
                {%- endif %}
        )
    {%- endif -%}
{%- endmacro %}
