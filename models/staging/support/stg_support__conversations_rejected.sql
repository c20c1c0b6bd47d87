with

checked as (
    select * from {{ ref('base_support__conversations') }}
),

rejected as (
    select
        conversation_id as rejected_key,
        rejection_reason,
        raw_row_id,
        conversation_id,
        customer_id,
        channel,
        status,
        ai_resolution_state,
        topic,
        priority,
        team,
        created_at,
        closed_at,
        updated_at,
        channel_raw,
        status_raw,
        ai_resolution_state_raw,
        created_at_raw,
        closed_at_raw,
        updated_at_raw
    from checked
    where rejection_reason is not null
)

select * from rejected
