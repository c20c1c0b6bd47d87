with

checked as (
    select * from {{ ref('base_support__handoffs') }}
),

kept as (
    select
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
        handed_off_at
    from checked
    where rejection_reason is null
)

select * from kept
