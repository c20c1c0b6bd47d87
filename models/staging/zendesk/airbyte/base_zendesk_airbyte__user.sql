{#- Zendesk's `users` stream as Airbyte lands it, as the columns of Fivetran's `user`: the
    latest synced row of each user. -#}
{{ config(enabled=var('seam_source') == 'zendesk' and var('seam_elt') == 'airbyte') }}

with

users as (
    select * from {{ source('zendesk_airbyte', 'users') }}
),

latest as (
    select *
    from (
        select
            users.*,
            row_number() over (
                partition by users.id order by users._airbyte_extracted_at desc
            ) as sync_rank
        from users
    ) as ranked
    where sync_rank = 1
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
