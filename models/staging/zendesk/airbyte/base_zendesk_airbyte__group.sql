{#- Zendesk's `groups` stream as Airbyte lands it, as the columns of Fivetran's `group`: the
    latest synced row of each group. -#}
{{ config(enabled=var('seam_source') == 'zendesk' and var('seam_elt') == 'airbyte') }}

with

groups as (
    select * from {{ source('zendesk_airbyte', 'groups') }}
),

latest as (
    {{ seam.airbyte_latest_rows('groups', ['id']) }}
),

mapped as (
    select
        id,
        name,
        _airbyte_extracted_at
    from latest
)

select * from mapped
