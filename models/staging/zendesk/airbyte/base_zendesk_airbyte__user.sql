{#- Zendesk's `users` stream as Airbyte lands it, as the columns of Fivetran's `user`: the
    latest synced row of each user. -#}
{{ config(enabled=var('seam_source') == 'zendesk' and var('seam_elt') == 'airbyte') }}

with

users as (
    select * from {{ source('zendesk_airbyte', 'users') }}
),

latest as (
    {{ seam.airbyte_latest_rows('users', ['id']) }}
),

mapped as (
    select
        id,
        name,
        role,
        _airbyte_extracted_at
    from latest
)

select * from mapped
