{#- The contract's `messages` from Zendesk ticket comments (doc `zendesk_mapping`): the
    author's role from the `user` table (end-user = customer, agent or admin = agent), the
    AI's users picked by var zendesk_ai_user_criteria; `public = false` is an internal note. -#}
{{ config(enabled=var('seam_source') == 'zendesk') }}

with

comments as (
    select * from {{ seam.vendor_table('zendesk', 'ticket_comment') }}
),

users as (
    select * from {{ seam.vendor_table('zendesk', 'user') }}
),

ai_users as (
    select id
    from users
    where {{ var('zendesk_ai_user_criteria') }}
),

mapped as (
    select
        cast(comments.id as {{ dbt.type_string() }}) as message_id,
        cast(comments.ticket_id as {{ dbt.type_string() }}) as conversation_id,
        comments.created as sent_at,
        case
            when ai_users.id is not null then 'ai'
            when users.role = 'end-user' then 'customer'
            when users.role in ('agent', 'admin') then 'agent'
            else users.role
        end as author_role,
        cast(comments.user_id as {{ dbt.type_string() }}) as author_id,
        not comments.public as is_internal,
        comments.body,
        comments.{{ seam.vendor_synced_column() }} as {{ var('raw_loaded_at_column') }}
    from comments
    left join users
        on comments.user_id = users.id
    left join ai_users
        on comments.user_id = ai_users.id
)

select * from mapped
