{#- Zendesk's `tickets` stream as Airbyte lands it, as the columns of Fivetran's `ticket` that
    base_zendesk__* read: the latest synced row of each ticket, ISO times parsed, the channel
    from the nested `via` object. A deleted ticket keeps its status `deleted`. -#}
{{ config(enabled=var('seam_source') == 'zendesk' and var('seam_elt') == 'airbyte') }}

with

tickets as (
    select * from {{ source('zendesk_airbyte', 'tickets') }}
),

latest as (
    {{ seam.airbyte_latest_rows('tickets', ['id']) }}
),

mapped as (
    select
        id,
        {{ seam.airbyte_timestamp('created_at') }} as created_at,
        {{ seam.airbyte_timestamp('updated_at') }} as updated_at,
        status,
        priority,
        requester_id,
        group_id,
        {{ seam.json_field('via', 'channel') }} as via_channel,
        _airbyte_extracted_at
    from latest
)

select * from mapped
