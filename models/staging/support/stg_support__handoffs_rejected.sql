with

checked as (
    select * from {{ ref('base_support__handoffs') }}
),

rejected as (
    select
        handoff_id as rejected_key,
        rejection_reason,
        raw_row_id,
        handoff_id,
        conversation_id,
        to_queue,
        reason_code,
        ai_confidence,
        packet_transcript_included,
        packet_summary,
        packet_identifiers,
        packet_ai_actions,
        packet_evidence,
        packet_sentiment,
        handed_off_at,
        handed_off_at_raw,
        ai_confidence_raw,
        packet_transcript_included_raw
    from checked
    where rejection_reason is not null
)

select * from rejected
