{#- The contract's `messages` from Intercom's conversation parts (doc `intercom_mapping`). -#}
{{ config(enabled=var('seam_source') == 'intercom') }}

with

parts as (
    select * from {{ seam.vendor_table('intercom', 'conversation_part_history') }}
),

conversations as (
    select * from {{ ref('base_intercom__conversations') }}
),

{# the latest version of each part #}
latest as (
    select *
    from (
        select
            parts.*,
            row_number() over (
                partition by parts.id
                order by parts.updated_at desc, parts.{{ seam.vendor_synced_column() }} desc
            ) as version_rank
        from parts
    ) as ranked
    where version_rank = 1
),

{# Comments and notes; an admin's reply can also ride on an assignment part (with a body).
   Parts of Fin previews are dropped with their conversation. #}
messages as (
    select latest.*
    from latest
    inner join conversations
        on cast(latest.conversation_id as {{ dbt.type_string() }}) = conversations.conversation_id
    where
        latest.part_type in ('comment', 'note', 'quick_reply')
        or (
            latest.part_type in ('assignment', 'assign_and_reopen', 'open', 'close')
            and latest.author_type = 'admin'
            and nullif(trim({{ seam.html_to_text('latest.body') }}), '') is not null
        )
),

mapped as (
    select
        cast(messages.id as {{ dbt.type_string() }}) as message_id,
        cast(messages.conversation_id as {{ dbt.type_string() }}) as conversation_id,
        messages.created_at as sent_at,
        case
            {%- if var('intercom_ai_admin_ids') | length > 0 %}
                when
                    messages.author_type = 'admin'
                    and cast(messages.author_id as {{ dbt.type_string() }}) in (
                        {%- for admin_id in var('intercom_ai_admin_ids') %}
                            '{{ admin_id }}'{{ "," if not loop.last }}
                        {%- endfor %}
                    )
                    then 'ai'
            {%- endif %}
            when intercom_author_role.vendor_value is not null
                then intercom_author_role.contract_value
            else messages.author_type
        end as author_role,
        cast(messages.author_id as {{ dbt.type_string() }}) as author_id,
        messages.part_type = 'note' as is_internal,
        {{ seam.intercom_body_text('messages.body') }} as body,
        messages.{{ seam.vendor_synced_column() }} as {{ var('raw_loaded_at_column') }}
    from messages
    left join {{ seam.vendor_lookup('intercom', 'author_role') }}
        on lower(messages.author_type) = intercom_author_role.vendor_value
)

select * from mapped
