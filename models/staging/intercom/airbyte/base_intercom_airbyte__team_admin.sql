{#- Fivetran's `team_admin` from Airbyte's `admins` stream: one row per team id in an
    admin's `team_ids` (a JSON array), from the admin's latest synced row. -#}
{{ config(enabled=var('seam_source') == 'intercom' and var('seam_elt') == 'airbyte') }}

with

admins as (
    select * from {{ source('intercom_airbyte', 'admins') }}
),

latest as (
    {{ seam.airbyte_latest_rows('admins', ['id']) }}
),

memberships as (
    select
        id as admin_id,
        {{ seam.json_array_values('team_ids') }} as team_id,
        _airbyte_extracted_at
    from latest
),

final as (
    select
        team_id,
        admin_id,
        _airbyte_extracted_at
    from memberships
)

select * from final
