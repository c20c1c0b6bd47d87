{{ config(**seam.incremental_by_conversation()) }}

with

handoffs as (
    select * from {{ seam.touched_ref('int_handoffs_identified') }}
),

messages as (
    select * from {{ seam.touched_ref('stg_support__messages') }}
),

first_handoffs as (
    select
        conversation_id,
        handed_off_at as first_handed_off_at
    from handoffs
    where handoff_number = 1
),

conversation_messages as (
    select
        messages.message_id,
        messages.conversation_id,
        messages.author_role,
        messages.author_id,
        messages.is_internal,
        messages.body,
        messages.sent_at,
        messages.sent_at >= first_handoffs.first_handed_off_at as is_after_handoff
    from messages
    inner join first_handoffs
        on messages.conversation_id = first_handoffs.conversation_id
),

{# The handoff a message falls under: the latest one at or before it. #}
attributed as (
    select
        conversation_messages.*,
        handoffs.handoff_id
    from conversation_messages
    left join handoffs
        on
            conversation_messages.conversation_id = handoffs.conversation_id
            and conversation_messages.sent_at >= handoffs.handed_off_at
            and (
                handoffs.next_handed_off_at is null
                or conversation_messages.sent_at < handoffs.next_handed_off_at
            )
),

final as (
    select
        message_id,
        conversation_id,
        handoff_id,
        author_role,
        author_id,
        is_internal,
        is_after_handoff,
        body,
        sent_at,
        not is_internal as is_public,
        row_number() over (
            partition by conversation_id
            order by sent_at, message_id
        ) as message_number
    from attributed
)

select * from final
