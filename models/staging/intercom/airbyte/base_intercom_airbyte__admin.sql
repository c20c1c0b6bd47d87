{#- Intercom's `admins` stream as Airbyte lands it, as the columns of Fivetran's `admin`: the
    latest synced row of each admin (the API lists no deleted admins). -#}
{{ config(enabled=var('seam_source') == 'intercom' and var('seam_elt') == 'airbyte') }}

with

admins as (
    select * from {{ source('intercom_airbyte', 'admins') }}
),

latest as (
    {{ seam.airbyte_latest_rows('admins', ['id']) }}
),

mapped as (
    select
        id,
        name,
        _airbyte_extracted_at
    from latest
)

select * from mapped
