with

checked as (
    select * from {{ ref('base_support__conversations') }}
),

kept as (
    select
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
        updated_at
    from checked
    where rejection_reason is null
)

select * from kept
