{{ config(**seam.incremental_by_conversation()) }}

with

handoffs as (
    select * from {{ seam.touched_ref('int_handoffs_identified') }}
),

timed as (
    select * from {{ seam.touched_ref('int_handoffs_timed') }}
),

messages as (
    select * from {{ seam.touched_ref('int_handoff_messages_scoped') }}
),

agent_replies as (
    select * from {{ seam.touched_ref('int_text_messages_classified') }}
    where author_role = 'agent'
),

followups as (
    select * from {{ seam.touched_ref('int_text_messages_classified') }}
    where author_role = 'customer'
),

agent_actions as (
    select * from {{ seam.touched_ref('stg_support__agent_actions') }}
),

ai_actions as (
    select * from {{ seam.touched_ref('stg_support__ai_actions') }}
),

{#
    Recovery window of a handoff: from its span start to its first useful reply; without one,
    to the next handoff of the conversation (or for ever); never past the next handoff. The
    first handoff's span starts with the conversation: agents often act or write notes before
    their first public reply, and an inferred handoff is only seen at that reply.
#}
windows as (
    select
        handoffs.handoff_id,
        handoffs.conversation_id,
        handoffs.handed_off_at,
        handoffs.next_handed_off_at,
        case when handoffs.handoff_number > 1 then handoffs.handed_off_at end as span_starts_at,
        case
            when timed.first_useful_reply_at is null then handoffs.next_handed_off_at
            when handoffs.next_handed_off_at is null then timed.first_useful_reply_at
            when timed.first_useful_reply_at < handoffs.next_handed_off_at
                then timed.first_useful_reply_at
            else handoffs.next_handed_off_at
        end as recovery_ends_at
    from handoffs
    inner join timed
        on handoffs.handoff_id = timed.handoff_id
),

message_effort as (
    select
        windows.handoff_id,
        sum(
            case when messages.author_role = 'agent' and messages.is_public then 1 else 0 end
        ) as n_agent_replies_before_useful,
        sum(
            case when messages.author_role = 'agent' and messages.is_internal then 1 else 0 end
        ) as n_internal_notes_before_useful
    from windows
    inner join messages
        on
            windows.conversation_id = messages.conversation_id
            and (windows.span_starts_at is null or windows.span_starts_at <= messages.sent_at)
            and (windows.recovery_ends_at is null or windows.recovery_ends_at > messages.sent_at)
    group by windows.handoff_id
),

action_effort as (
    select
        windows.handoff_id,
        count(*) as n_agent_actions_before_useful
    from windows
    inner join agent_actions
        on
            windows.conversation_id = agent_actions.conversation_id
            and (
                windows.span_starts_at is null
                or windows.span_starts_at <= agent_actions.performed_at
            )
            and (
                windows.recovery_ends_at is null
                or windows.recovery_ends_at > agent_actions.performed_at
            )
    group by windows.handoff_id
),

failed_ai_actions as (
    select
        conversation_id,
        lower(trim(action_name)) as action_name,
        min(performed_at) as first_failed_at
    from ai_actions
    where outcome = 'failed'
    group by conversation_id, lower(trim(action_name))
),

failed_before_handoff as (
    select
        handoffs.handoff_id,
        {{ seam.listagg(
            'failed_ai_actions.action_name', "', '", 'order by failed_ai_actions.action_name'
        ) }} as failed_ai_action_names
    from handoffs
    inner join failed_ai_actions
        on
            handoffs.conversation_id = failed_ai_actions.conversation_id
            and handoffs.handed_off_at > failed_ai_actions.first_failed_at
    group by handoffs.handoff_id
),

{# Agent actions in the handoff's span that redo an action the AI had already failed. #}
repeated_failed_actions as (
    select
        windows.handoff_id,
        count(*) as n_repeated_failed_actions
    from windows
    inner join agent_actions
        on
            windows.conversation_id = agent_actions.conversation_id
            and (
                windows.span_starts_at is null
                or windows.span_starts_at <= agent_actions.performed_at
            )
            and (
                windows.next_handed_off_at is null
                or windows.next_handed_off_at > agent_actions.performed_at
            )
    inner join failed_ai_actions
        on
            agent_actions.conversation_id = failed_ai_actions.conversation_id
            and lower(trim(agent_actions.action_name)) = failed_ai_actions.action_name
            and agent_actions.performed_at > failed_ai_actions.first_failed_at
    group by windows.handoff_id
),

reply_counts as (
    select
        handoff_id,
        count(*) as n_agent_replies,
        sum(case when has_basics_request then 1 else 0 end) as n_basics_requests,
        sum(case when asks_known_basics then 1 else 0 end) as n_known_basics_requests,
        sum(case when has_restate_request then 1 else 0 end) as n_restate_requests
    from agent_replies
    group by handoff_id
),

followup_counts as (
    select
        handoff_id,
        count(*) as n_customer_messages,
        sum(case when is_re_explanation then 1 else 0 end) as n_re_explanations
    from followups
    group by handoff_id
),

final as (
    select
        handoffs.handoff_id,
        handoffs.conversation_id,
        windows.recovery_ends_at,
        failed_before_handoff.failed_ai_action_names,
        handoffs.is_missing_required_element as is_rework_missing_element,
        coalesce(reply_counts.n_agent_replies, 0) as n_agent_replies,
        coalesce(reply_counts.n_restate_requests, 0) as n_restate_requests,
        coalesce(reply_counts.n_basics_requests, 0) as n_basics_requests,
        coalesce(reply_counts.n_known_basics_requests, 0) as n_known_basics_requests,
        coalesce(followup_counts.n_customer_messages, 0) as n_customer_messages_after_handoff,
        coalesce(followup_counts.n_re_explanations, 0) as n_re_explanations,
        coalesce(followup_counts.n_re_explanations, 0) > 0 as has_re_explanation,
        coalesce(message_effort.n_agent_replies_before_useful, 0)
            as n_agent_replies_before_useful,
        coalesce(message_effort.n_internal_notes_before_useful, 0)
            as n_internal_notes_before_useful,
        coalesce(action_effort.n_agent_actions_before_useful, 0)
            as n_agent_actions_before_useful,
        coalesce(repeated_failed_actions.n_repeated_failed_actions, 0)
            as n_repeated_failed_actions,
        coalesce(reply_counts.n_known_basics_requests, 0) > 0 as is_rework_known_basics,
        coalesce(repeated_failed_actions.n_repeated_failed_actions, 0) > 0
            as is_rework_repeated_failed_action
    from handoffs
    inner join windows
        on handoffs.handoff_id = windows.handoff_id
    left join message_effort
        on handoffs.handoff_id = message_effort.handoff_id
    left join action_effort
        on handoffs.handoff_id = action_effort.handoff_id
    left join failed_before_handoff
        on handoffs.handoff_id = failed_before_handoff.handoff_id
    left join repeated_failed_actions
        on handoffs.handoff_id = repeated_failed_actions.handoff_id
    left join reply_counts
        on handoffs.handoff_id = reply_counts.handoff_id
    left join followup_counts
        on handoffs.handoff_id = followup_counts.handoff_id
)

select * from final
