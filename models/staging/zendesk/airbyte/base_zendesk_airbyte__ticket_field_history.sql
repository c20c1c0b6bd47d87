{#- Fivetran's `ticket_field_history` rebuilt from Airbyte's streams (doc `zendesk_mapping`):
    each `Create` or `Change` event of a ticket audit (a JSON array `events`, one row per
    event) is a field change at the audit's time by its author (-1, Zendesk's system, as
    null); every satisfaction rating is a `satisfaction_score` change to its score at the
    rating's last update. Other events (notifications, comments) are not field changes.
    Each row keeps its key, change_id: the event's id, or the rating's. -#}
{{ config(enabled=var('seam_source') == 'zendesk' and var('seam_elt') == 'airbyte') }}

with

audits as (
    select * from {{ source('zendesk_airbyte', 'ticket_audits') }}
),

ratings as (
    select * from {{ source('zendesk_airbyte', 'satisfaction_ratings') }}
),

latest_audits as (
    {{ seam.airbyte_latest_rows('audits', ['id']) }}
),

latest_ratings as (
    {{ seam.airbyte_latest_rows('ratings', ['id']) }}
),

events as (
    select
        ticket_id,
        created_at,
        author_id,
        _airbyte_extracted_at,
        {{ seam.json_array_objects('events') }} as event
    from latest_audits
),

field_changes as (
    select
        {{ dbt.concat(["'event-'", seam.json_field('event', 'id')]) }} as change_id,
        ticket_id,
        {{ seam.json_field('event', 'field_name') }} as field_name,
        {{ seam.json_field('event', 'value') }} as value,
        {{ seam.airbyte_timestamp('created_at') }} as updated,
        case when author_id != -1 then author_id end as user_id,
        _airbyte_extracted_at
    from events
    where {{ seam.json_field('event', 'type') }} in ('Create', 'Change')
),

score_changes as (
    select
        {{ dbt.concat(["'rating-'", "cast(id as " ~ dbt.type_string() ~ ")"]) }} as change_id,
        ticket_id,
        'satisfaction_score' as field_name,
        score as value,
        {{ seam.airbyte_timestamp('coalesce(updated_at, created_at)') }} as updated,
        cast(null as {{ dbt.type_bigint() }}) as user_id,
        _airbyte_extracted_at
    from latest_ratings
),

final as (
    select * from field_changes
    union all
    select * from score_changes
)

select * from final
