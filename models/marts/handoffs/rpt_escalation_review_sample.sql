with

escalations as (
    select * from {{ ref('fct_escalations') }}
),

{# Stable sample: the escalations whose hashed id sorts first in their week. #}
ranked as (
    select
        escalations.*,
        row_number() over (
            partition by escalations.week_start
            order by {{ dbt.hash('escalations.handoff_id') }}, escalations.handoff_id
        ) as sample_rank
    from escalations
),

sampled as (
    select *
    from ranked
    where sample_rank <= {{ var('review_sample_per_week') }}
),

answered as (
    select
        sampled.*,
        case
            when sampled.is_inferred_handoff then 'unknown: no handoff record, packet not seen'
            when sampled.has_transcript_in_packet then 'yes: the packet carried the full transcript'
            else 'no: the agent started from a partial record'
        end as q1_full_transcript_answer,
        case
            when sampled.is_inferred_handoff then 'unknown: no handoff record, packet not seen'
            when sampled.n_repeated_failed_actions > 0
                then {{ dbt.concat([
                    "'no: the agent repeated '",
                    'cast(sampled.n_repeated_failed_actions as ' ~ dbt.type_string() ~ ')',
                    "' action(s) the AI had already failed ('",
                    "coalesce(sampled.failed_ai_action_names, '')",
                    "')'",
                ]) }}
            when sampled.has_ai_actions_in_packet then 'yes: the packet listed the AI actions'
            else 'no: the packet did not say what the AI tried'
        end as q2_ai_attempts_answer,
        case
            when sampled.is_inferred_handoff then 'unknown: no handoff record, packet not seen'
            when sampled.has_reason_in_packet or sampled.ai_confidence is not null
                then {{ dbt.concat([
                    "'yes: reason '",
                    "coalesce(sampled.reason_code, 'not given')",
                    "', confidence '",
                    "coalesce(" ~ seam.format_fixed('sampled.ai_confidence', 2) ~ ", 'not given')",
                ]) }}
            else 'no: the agent entered blind'
        end as q3_likely_reason_answer,
        case
            when sampled.n_re_explanations > 0
                then {{ dbt.concat([
                    "'yes: '",
                    'cast(sampled.n_re_explanations as ' ~ dbt.type_string() ~ ')',
                    "' message(s) restating the problem'",
                ]) }}
            else 'no'
        end as q4_customer_repeated_answer,
        case
            when not sampled.has_human_reply then 'no human reply yet'
            when sampled.is_first_reply_useful then 'yes: the first reply moved the case forward'
            else {{ dbt.concat([
                "'no: the first reply was '",
                "coalesce(sampled.first_reply_kind, 'unclassified')",
            ]) }}
        end as q5_first_reply_answer
    from sampled
),

final as (
    select
        week_start,
        cast(sample_rank as {{ dbt.type_int() }}) as sample_rank,
        handoff_id,
        conversation_id,
        team,
        channel,
        reason_code,
        handed_off_at,
        is_inferred_handoff,
        has_transcript_in_packet as q1_had_full_transcript,
        q1_full_transcript_answer,
        q2_ai_attempts_answer,
        q3_likely_reason_answer,
        has_re_explanation as q4_customer_repeated,
        q4_customer_repeated_answer,
        q5_first_reply_answer,
        first_human_message_id,
        first_reply_minutes,
        first_useful_reply_minutes,
        packet_completeness,
        is_rework,
        nps_score,
        case
            when not is_inferred_handoff
                then has_ai_actions_in_packet and n_repeated_failed_actions = 0
        end as q2_knew_ai_attempts,
        case
            when not is_inferred_handoff then has_reason_in_packet or ai_confidence is not null
        end as q3_had_likely_reason,
        case when has_human_reply then is_first_reply_useful end as q5_first_reply_moved_forward
    from answered
)

select * from final
