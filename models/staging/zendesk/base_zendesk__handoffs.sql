{#- The contract's `handoffs` from Zendesk: the first group or assignee set on a ticket after
    the AI's first public comment and at or before the first agent's public comment after it
    (doc `zendesk_mapping`). Zendesk keeps no handoff packet, reason or AI confidence. -#}
{{ config(enabled=var('seam_source') == 'zendesk') }}

with

field_history as (
    select * from {{ seam.vendor_table('zendesk', 'ticket_field_history') }}
),

groups as (
    select * from {{ seam.vendor_table('zendesk', 'group') }}
),

users as (
    select * from {{ seam.vendor_table('zendesk', 'user') }}
),

messages as (
    select * from {{ ref('base_zendesk__messages') }}
),

first_ai_replies as (
    select
        conversation_id,
        min(sent_at) as first_ai_reply_at
    from messages
    where author_role = 'ai' and not is_internal
    group by conversation_id
),

first_human_replies as (
    select
        messages.conversation_id,
        min(messages.sent_at) as first_human_reply_at
    from messages
    inner join first_ai_replies
        on
            messages.conversation_id = first_ai_replies.conversation_id
            and messages.sent_at > first_ai_replies.first_ai_reply_at
    where messages.author_role = 'agent' and not messages.is_internal
    group by messages.conversation_id
),

routing as (
    select
        cast(field_history.ticket_id as {{ dbt.type_string() }}) as conversation_id,
        field_history.field_name,
        field_history.updated as handed_off_at,
        coalesce(groups.name, users.name, field_history.value) as to_queue,
        field_history.{{ seam.vendor_synced_column() }}
    from field_history
    left join groups
        on field_history.field_name = 'group_id'
        and field_history.value = cast(groups.id as {{ dbt.type_string() }})
    left join users
        on field_history.field_name = 'assignee_id'
        and field_history.value = cast(users.id as {{ dbt.type_string() }})
    where
        field_history.field_name in ('group_id', 'assignee_id')
        and field_history.value is not null
),

in_window as (
    select
        routing.*,
        row_number() over (
            partition by routing.conversation_id
            order by routing.handed_off_at, routing.field_name desc
        ) as routing_rank
    from routing
    inner join first_ai_replies
        on routing.conversation_id = first_ai_replies.conversation_id
    left join first_human_replies
        on routing.conversation_id = first_human_replies.conversation_id
    where
        routing.handed_off_at >= first_ai_replies.first_ai_reply_at
        and (
            first_human_replies.first_human_reply_at is null
            or routing.handed_off_at <= first_human_replies.first_human_reply_at
        )
),

mapped as (
    select
        {{ dbt.concat(["conversation_id", "'-'", "field_name"]) }} as handoff_id,
        conversation_id,
        handed_off_at,
        to_queue,
        {%- for column in seam.contract_columns('handoffs')[4:] %}
            cast(null as {{ dbt.type_string() }}) as {{ column }},
        {%- endfor %}
        {{ seam.vendor_synced_column() }} as {{ var('raw_loaded_at_column') }}
    from in_window
    where routing_rank = 1
)

select * from mapped
