{#- Zendesk's `ticket_comments` stream as Airbyte lands it, as the columns of Fivetran's
    `ticket_comment`: the latest synced row of each comment, `author_id` as user_id, the ISO
    time parsed. `body` is the text as written (`plain_body` and `html_body` are left). -#}
{{ config(enabled=var('seam_source') == 'zendesk' and var('seam_elt') == 'airbyte') }}

with

comments as (
    select * from {{ source('zendesk_airbyte', 'ticket_comments') }}
),

latest as (
    {{ seam.airbyte_latest_rows('comments', ['id']) }}
),

mapped as (
    select
        id,
        ticket_id,
        author_id as user_id,
        body,
        {{ seam.airbyte_timestamp('created_at') }} as created,
        public,
        _airbyte_extracted_at
    from latest
)

select * from mapped
