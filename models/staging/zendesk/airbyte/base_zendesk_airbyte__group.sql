{#- Zendesk's `groups` stream as Airbyte lands it, as the columns of Fivetran's `group`: the
    latest synced row of each group. -#}
{{ config(enabled=var('seam_source') == 'zendesk' and var('seam_elt') == 'airbyte') }}

with

groups as (
    select * from {{ source('zendesk_airbyte', 'groups') }}
),

latest as (
    select *
    from (
        select
            groups.*,
            row_number() over (
                partition by groups.id order by groups._airbyte_extracted_at desc
            ) as sync_rank
        from groups
    ) as ranked
    where sync_rank = 1
),

mapped as (
    select
        id,
        name,
        _airbyte_extracted_at
    from latest
)

select * from mapped
