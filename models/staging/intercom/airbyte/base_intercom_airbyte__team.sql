{#- Intercom's `teams` stream as Airbyte lands it, as the columns of Fivetran's `team`: the
    latest synced row of each team. -#}
{{ config(enabled=var('seam_source') == 'intercom' and var('seam_elt') == 'airbyte') }}

with

teams as (
    select * from {{ source('intercom_airbyte', 'teams') }}
),

latest as (
    {{ seam.airbyte_latest_rows('teams', ['id']) }}
),

mapped as (
    select
        id,
        name,
        _airbyte_extracted_at
    from latest
)

select * from mapped
