{#- The contract's `conversations` from Zendesk Support tickets as Fivetran lands them (doc
    `zendesk_mapping`). Zendesk has no AI resolution state, no topic and no abandoned status. -#}
{{ config(enabled=var('seam_source') == 'zendesk') }}

with

tickets as (
    select * from {{ seam.vendor_table('zendesk', 'ticket') }}
),

field_history as (
    select * from {{ seam.vendor_table('zendesk', 'ticket_field_history') }}
),

groups as (
    select * from {{ seam.vendor_table('zendesk', 'group') }}
),

{# closed_at: the last time the ticket was set solved or closed #}
closes as (
    select
        ticket_id,
        max(updated) as closed_at
    from field_history
    where field_name = 'status' and value in ('solved', 'closed')
    group by ticket_id
),

mapped as (
    select
        cast(tickets.id as {{ dbt.type_string() }}) as conversation_id,
        cast(tickets.requester_id as {{ dbt.type_string() }}) as customer_id,
        coalesce(zendesk_channel.contract_value, tickets.via_channel) as channel,
        tickets.created_at,
        closes.closed_at,
        coalesce(zendesk_status.contract_value, tickets.status) as status,
        cast(null as {{ dbt.type_string() }}) as ai_resolution_state,
        cast(null as {{ dbt.type_string() }}) as topic,
        tickets.priority,
        groups.name as team,
        tickets.updated_at,
        tickets.{{ seam.vendor_synced_column() }} as {{ var('raw_loaded_at_column') }}
    from tickets
    left join closes
        on tickets.id = closes.ticket_id
    left join groups
        on tickets.group_id = groups.id
    left join {{ seam.vendor_lookup('zendesk', 'channel') }}
        on lower(tickets.via_channel) = zendesk_channel.vendor_value
    left join {{ seam.vendor_lookup('zendesk', 'status') }}
        on lower(tickets.status) = zendesk_status.vendor_value
    where not {{ seam.vendor_is_deleted('tickets') }} and tickets.status != 'deleted'
)

select * from mapped
