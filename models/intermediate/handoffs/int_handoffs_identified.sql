{{ config(**seam.incremental_by_conversation()) }}

with

pathed as (
    select * from {{ seam.touched_ref('int_conversations_pathed') }}
),

handoffs as (
    select * from {{ seam.touched_ref('stg_support__handoffs') }}
),

escalated_conversations as (
    select
        conversation_id,
        team,
        channel,
        created_at,
        week_start,
        first_human_reply_after_ai_at
    from pathed
    where path = 'ai_escalated'
),

explicit_handoffs as (
    select
        handoffs.handoff_id,
        handoffs.conversation_id,
        false as is_inferred_handoff,
        handoffs.handed_off_at,
        handoffs.to_queue,
        handoffs.reason_code,
        handoffs.ai_confidence,
        handoffs.packet_transcript_included,
        handoffs.packet_summary,
        handoffs.packet_identifiers,
        handoffs.packet_ai_actions,
        handoffs.packet_evidence,
        handoffs.packet_sentiment
    from handoffs
    inner join escalated_conversations
        on handoffs.conversation_id = escalated_conversations.conversation_id
),

{# No handoff row: the handoff happened at the first public human reply after the AI's. #}
inferred_handoffs as (
    select
        {{ dbt.concat(["'inferred-'", 'escalated_conversations.conversation_id']) }} as handoff_id,
        escalated_conversations.conversation_id,
        true as is_inferred_handoff,
        escalated_conversations.first_human_reply_after_ai_at as handed_off_at,
        cast(null as {{ dbt.type_string() }}) as to_queue,
        cast(null as {{ dbt.type_string() }}) as reason_code,
        cast(null as {{ seam.type_double() }}) as ai_confidence,
        cast(null as {{ dbt.type_boolean() }}) as packet_transcript_included,
        cast(null as {{ dbt.type_string() }}) as packet_summary,
        cast(null as {{ dbt.type_string() }}) as packet_identifiers,
        cast(null as {{ dbt.type_string() }}) as packet_ai_actions,
        cast(null as {{ dbt.type_string() }}) as packet_evidence,
        cast(null as {{ dbt.type_string() }}) as packet_sentiment
    from escalated_conversations
    left join explicit_handoffs
        on escalated_conversations.conversation_id = explicit_handoffs.conversation_id
    where
        explicit_handoffs.conversation_id is null
        and escalated_conversations.first_human_reply_after_ai_at is not null
),

all_handoffs as (
    select * from explicit_handoffs
    union all
    select * from inferred_handoffs
),

sequenced as (
    select
        all_handoffs.*,
        row_number() over (
            partition by all_handoffs.conversation_id
            order by all_handoffs.handed_off_at, all_handoffs.handoff_id
        ) as handoff_number,
        lead(all_handoffs.handed_off_at) over (
            partition by all_handoffs.conversation_id
            order by all_handoffs.handed_off_at, all_handoffs.handoff_id
        ) as next_handed_off_at
    from all_handoffs
),

{#- The seven packet elements and how each is found present (doc `packet_elements`). -#}
{%- set packet_elements = {
    'transcript': 'coalesce(sequenced.packet_transcript_included, false)',
    'summary': seam.packet_element_is_present('sequenced.packet_summary'),
    'identifiers': seam.packet_element_is_present('sequenced.packet_identifiers'),
    'ai_actions': seam.packet_element_is_present('sequenced.packet_ai_actions'),
    'reason': seam.packet_element_is_present('sequenced.reason_code'),
    'evidence': seam.packet_element_is_present('sequenced.packet_evidence'),
    'sentiment': seam.packet_element_is_present('sequenced.packet_sentiment'),
} %}

packets_checked as (
    select
        {%- for element, is_present in packet_elements.items() %}
            case
                when not sequenced.is_inferred_handoff then {{ is_present }}
            end as has_packet_{{ element }},
        {%- endfor %}
        sequenced.*
    from sequenced
),

gaps_flagged as (
    select
        packets_checked.*,
        (
            {%- for element in packet_elements %}
                case when packets_checked.has_packet_{{ element }} then 1 else 0 end
                {{- " +" if not loop.last }}
            {%- endfor %}
        ) as n_packet_elements,
        not packets_checked.has_packet_transcript as has_gap_no_transcript,
        not packets_checked.has_packet_ai_actions as has_gap_no_ai_attempts,
        not packets_checked.has_packet_sentiment as has_gap_no_sentiment,
        not(
            packets_checked.has_packet_reason or packets_checked.ai_confidence is not null
        ) as has_gap_no_confidence_or_reason,
        not(
            packets_checked.has_packet_evidence or packets_checked.has_packet_identifiers
        ) as has_gap_no_evidence
    from packets_checked
),

final as (
    select
        gaps_flagged.handoff_id,
        gaps_flagged.conversation_id,
        gaps_flagged.handoff_number,
        gaps_flagged.is_inferred_handoff,
        gaps_flagged.handed_off_at,
        gaps_flagged.next_handed_off_at,
        coalesce(escalated_conversations.team, 'unassigned') as team,
        escalated_conversations.channel,
        escalated_conversations.created_at as conversation_created_at,
        escalated_conversations.week_start,
        gaps_flagged.to_queue,
        gaps_flagged.reason_code,
        gaps_flagged.ai_confidence,
        gaps_flagged.packet_identifiers,
        gaps_flagged.packet_ai_actions,
        gaps_flagged.has_packet_transcript,
        gaps_flagged.has_packet_summary,
        gaps_flagged.has_packet_identifiers,
        gaps_flagged.has_packet_ai_actions,
        gaps_flagged.has_packet_reason,
        gaps_flagged.has_packet_evidence,
        gaps_flagged.has_packet_sentiment,
        case
            when not gaps_flagged.is_inferred_handoff then gaps_flagged.n_packet_elements
        end as n_packet_elements,
        case
            when not gaps_flagged.is_inferred_handoff
                then
                    cast(gaps_flagged.n_packet_elements as {{ seam.type_double() }})
                    / {{ packet_elements | length }}
        end as packet_completeness,
        gaps_flagged.has_gap_no_transcript,
        gaps_flagged.has_gap_no_ai_attempts,
        gaps_flagged.has_gap_no_sentiment,
        gaps_flagged.has_gap_no_confidence_or_reason,
        gaps_flagged.has_gap_no_evidence,
        {%- set required = var('handoff_required_packet_elements') %}
        {%- if required | length > 0 %}
            not(
                {%- for element in required %}
                    gaps_flagged.has_packet_{{ element }}{% if not loop.last %} and{% endif %}
                {%- endfor %}
            ) as is_missing_required_element
        {%- else %}
        case when not gaps_flagged.is_inferred_handoff then false end
            as is_missing_required_element
        {%- endif %}
    from gaps_flagged
    inner join escalated_conversations
        on gaps_flagged.conversation_id = escalated_conversations.conversation_id
)

select * from final
