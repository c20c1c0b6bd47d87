{{ config(**seam.incremental_by_conversation()) }}
{{ seam.after_reconciliation() }}

with

handoffs as (
    select * from {{ seam.touched_ref('int_handoffs_identified') }}
),

timed as (
    select * from {{ seam.touched_ref('int_handoffs_timed') }}
),

reworked as (
    select * from {{ seam.touched_ref('int_handoffs_reworked') }}
),

conversations as (
    select * from {{ seam.touched_ref('fct_conversations') }}
),

agent_replies as (
    select * from {{ seam.touched_ref('int_text_messages_classified') }}
    where author_role = 'agent'
),

first_reply_kinds as (
    select
        message_id,
        reply_kind,
        is_useful
    from agent_replies
),

joined as (
    select
        handoffs.handoff_id,
        handoffs.conversation_id,
        handoffs.handoff_number,
        handoffs.is_inferred_handoff,
        handoffs.handed_off_at,
        handoffs.week_start,
        handoffs.team,
        handoffs.channel,
        handoffs.reason_code,
        handoffs.to_queue,
        handoffs.ai_confidence,
        handoffs.has_packet_transcript,
        handoffs.has_packet_summary,
        handoffs.has_packet_identifiers,
        handoffs.has_packet_ai_actions,
        handoffs.has_packet_reason,
        handoffs.has_packet_evidence,
        handoffs.has_packet_sentiment,
        handoffs.n_packet_elements,
        handoffs.packet_completeness,
        handoffs.has_gap_no_transcript,
        handoffs.has_gap_no_ai_attempts,
        handoffs.has_gap_no_sentiment,
        handoffs.has_gap_no_confidence_or_reason,
        handoffs.has_gap_no_evidence,
        timed.first_human_message_id,
        timed.first_human_reply_at,
        timed.first_reply_minutes,
        timed.first_reply_business_minutes,
        first_reply_kinds.reply_kind as first_reply_kind,
        timed.first_useful_message_id,
        timed.first_useful_reply_at,
        timed.first_useful_reply_minutes,
        timed.first_useful_reply_business_minutes,
        timed.reply_to_useful_minutes,
        timed.business_hours_team,
        reworked.n_agent_replies,
        reworked.n_restate_requests,
        reworked.n_basics_requests,
        reworked.n_known_basics_requests,
        reworked.n_customer_messages_after_handoff,
        reworked.n_re_explanations,
        reworked.has_re_explanation,
        reworked.n_agent_replies_before_useful,
        reworked.n_internal_notes_before_useful,
        reworked.n_agent_actions_before_useful,
        reworked.failed_ai_action_names,
        reworked.n_repeated_failed_actions,
        reworked.is_rework_missing_element,
        reworked.is_rework_known_basics,
        reworked.is_rework_repeated_failed_action,
        conversations.nps_score,
        conversations.nps_category,
        conversations.csat_score,
        conversations.ces_score
    from handoffs
    inner join timed
        on handoffs.handoff_id = timed.handoff_id
    inner join reworked
        on handoffs.handoff_id = reworked.handoff_id
    left join first_reply_kinds
        on timed.first_human_message_id = first_reply_kinds.message_id
    left join conversations
        on handoffs.conversation_id = conversations.conversation_id
),

final as (
    select
        handoff_id,
        conversation_id,
        cast(handoff_number as {{ dbt.type_int() }}) as handoff_number,
        is_inferred_handoff,
        handed_off_at,
        week_start,
        team,
        channel,
        reason_code,
        to_queue,
        cast(ai_confidence as {{ seam.type_double() }}) as ai_confidence,
        has_packet_transcript as has_transcript_in_packet,
        has_packet_summary as has_summary_in_packet,
        has_packet_identifiers as has_identifiers_in_packet,
        has_packet_ai_actions as has_ai_actions_in_packet,
        has_packet_reason as has_reason_in_packet,
        has_packet_evidence as has_evidence_in_packet,
        has_packet_sentiment as has_sentiment_in_packet,
        cast(n_packet_elements as {{ dbt.type_int() }}) as n_packet_elements,
        packet_completeness,
        has_gap_no_transcript,
        has_gap_no_ai_attempts,
        has_gap_no_sentiment,
        has_gap_no_confidence_or_reason,
        has_gap_no_evidence,
        first_human_message_id is not null as has_human_reply,
        first_human_message_id,
        first_human_reply_at,
        first_reply_minutes,
        first_reply_business_minutes,
        first_reply_kind,
        first_useful_message_id is not null as has_useful_reply,
        coalesce(first_useful_message_id = first_human_message_id, false)
            as is_first_reply_useful,
        first_useful_message_id,
        first_useful_reply_at,
        first_useful_reply_minutes,
        first_useful_reply_business_minutes,
        reply_to_useful_minutes,
        coalesce(
            first_reply_minutes <= {{ var('fast_first_reply_minutes') }}
            and (
                first_useful_reply_minutes is null
                or first_useful_reply_minutes > {{ var('slow_useful_reply_minutes') }}
            ),
            false
        ) as is_fast_but_not_useful,
        cast(n_agent_replies as {{ dbt.type_int() }}) as n_agent_replies,
        cast(n_restate_requests as {{ dbt.type_int() }}) as n_restate_requests,
        cast(n_basics_requests as {{ dbt.type_int() }}) as n_basics_requests,
        cast(n_known_basics_requests as {{ dbt.type_int() }}) as n_known_basics_requests,
        cast(n_customer_messages_after_handoff as {{ dbt.type_int() }})
            as n_customer_messages_after_handoff,
        cast(n_re_explanations as {{ dbt.type_int() }}) as n_re_explanations,
        has_re_explanation,
        cast(n_agent_replies_before_useful as {{ dbt.type_int() }})
            as n_agent_replies_before_useful,
        cast(n_internal_notes_before_useful as {{ dbt.type_int() }})
            as n_internal_notes_before_useful,
        cast(n_agent_actions_before_useful as {{ dbt.type_int() }})
            as n_agent_actions_before_useful,
        failed_ai_action_names,
        cast(n_repeated_failed_actions as {{ dbt.type_int() }}) as n_repeated_failed_actions,
        is_rework_missing_element,
        is_rework_known_basics,
        is_rework_repeated_failed_action,
        coalesce(is_rework_missing_element, false)
        or is_rework_known_basics
        or is_rework_repeated_failed_action as is_rework,
        business_hours_team,
        nps_score,
        nps_category,
        csat_score,
        ces_score
    from joined
)

select * from final
