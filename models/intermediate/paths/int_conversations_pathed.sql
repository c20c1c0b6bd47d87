{#- One row per conversation with its interaction path. Rules: doc `interaction_paths`. -#}
{{ config(**seam.incremental_by_conversation()) }}

with

conversations as (
    select * from {{ seam.touched_ref('stg_support__conversations') }}
),

messages as (
    select * from {{ seam.touched_ref('stg_support__messages') }}
),

handoffs as (
    select * from {{ seam.touched_ref('stg_support__handoffs') }}
),

{# a recontact is any later conversation of the customer, touched or not #}
customer_conversations as (
    select
        conversation_id,
        customer_id,
        created_at
    from {{ ref('stg_support__conversations') }}
),

public_replies as (
    select
        conversation_id,
        author_role,
        sent_at
    from messages
    where
        is_internal = false
        and author_role in ('ai', 'agent')
),

reply_times as (
    select
        conversation_id,
        min(case when author_role = 'ai' then sent_at end) as first_ai_reply_at,
        max(case when author_role = 'ai' then sent_at end) as last_ai_reply_at,
        min(case when author_role = 'agent' then sent_at end) as first_human_reply_at,
        max(case when author_role = 'agent' then sent_at end) as last_human_reply_at,
        sum(case when author_role = 'ai' then 1 else 0 end) as n_ai_replies,
        sum(case when author_role = 'agent' then 1 else 0 end) as n_human_replies
    from public_replies
    group by conversation_id
),

human_after_ai as (
    select
        reply_times.conversation_id,
        min(public_replies.sent_at) as first_human_reply_after_ai_at
    from reply_times
    inner join public_replies
        on
            reply_times.conversation_id = public_replies.conversation_id
            and public_replies.author_role = 'agent'
            and reply_times.first_ai_reply_at < public_replies.sent_at
    group by reply_times.conversation_id
),

handoff_times as (
    select
        conversation_id,
        min(handed_off_at) as first_handoff_at,
        count(*) as n_handoffs
    from handoffs
    group by conversation_id
),

recontacts as (
    select distinct conversations.conversation_id
    from conversations
    inner join customer_conversations as later_conversations
        on {{ seam.is_recontact('conversations', 'later_conversations') }}
),

joined as (
    select
        conversations.conversation_id,
        conversations.customer_id,
        conversations.channel,
        conversations.status,
        conversations.ai_resolution_state,
        conversations.topic,
        conversations.priority,
        conversations.team,
        conversations.created_at,
        conversations.closed_at,
        reply_times.first_ai_reply_at,
        reply_times.last_ai_reply_at,
        reply_times.first_human_reply_at,
        reply_times.last_human_reply_at,
        human_after_ai.first_human_reply_after_ai_at,
        handoff_times.first_handoff_at,
        coalesce(reply_times.n_ai_replies, 0) as n_ai_replies,
        coalesce(reply_times.n_human_replies, 0) as n_human_replies,
        coalesce(handoff_times.n_handoffs, 0) as n_handoffs,
        reply_times.first_ai_reply_at is not null as has_ai_reply,
        reply_times.first_human_reply_at is not null as has_human_reply,
        handoff_times.conversation_id is not null as has_handoff_row,
        human_after_ai.conversation_id is not null as has_human_reply_after_ai,
        coalesce(reply_times.first_ai_reply_at > reply_times.first_human_reply_at, false)
            as has_ai_after_human,
        recontacts.conversation_id is not null as has_recontact,
        (
            coalesce(conversations.status in ('solved', 'closed'), false)
            or coalesce(conversations.ai_resolution_state in ('confirmed', 'assumed'), false)
        ) as is_resolved
    from conversations
    left join reply_times
        on conversations.conversation_id = reply_times.conversation_id
    left join human_after_ai
        on conversations.conversation_id = human_after_ai.conversation_id
    left join handoff_times
        on conversations.conversation_id = handoff_times.conversation_id
    left join recontacts
        on conversations.conversation_id = recontacts.conversation_id
),

pathed as (
    select
        *,
        case
            when not has_ai_reply and has_human_reply then 'human_only'
            when not has_ai_reply then 'unanswered'
            when has_handoff_row then 'ai_escalated'
            when has_ai_after_human then 'human_only'
            when has_human_reply_after_ai then 'ai_escalated'
            when has_human_reply then 'human_only'
            when is_resolved then 'ai_only_resolved'
            else 'ai_only_unresolved'
        end as path  -- noqa: RF04
    from joined
),

final as (
    select
        conversation_id,
        customer_id,
        path,
        case
            when path != 'ai_only_resolved' then null
            when ai_resolution_state = 'confirmed' then 'confirmed'
            else 'assumed'
        end as ai_resolution_kind,
        case when path = 'ai_only_resolved' then not has_recontact end as is_durable,
        has_ai_reply,
        has_human_reply,
        has_human_reply_after_ai,
        has_handoff_row,
        has_ai_after_human,
        has_recontact,
        is_resolved,
        channel,
        status,
        ai_resolution_state,
        topic,
        priority,
        team,
        created_at,
        closed_at,
        cast({{ dbt.date_trunc('week', 'created_at') }} as date) as week_start,
        cast({{ dbt.date_trunc('month', 'created_at') }} as date) as month_start,
        first_ai_reply_at,
        last_ai_reply_at,
        first_human_reply_at,
        last_human_reply_at,
        first_human_reply_after_ai_at,
        first_handoff_at,
        n_ai_replies,
        n_human_replies,
        n_handoffs
    from pathed
)

select * from final
