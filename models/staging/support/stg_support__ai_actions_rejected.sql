with

checked as (
    select * from {{ ref('base_support__ai_actions') }}
),

rejected as (
    select
        action_id as rejected_key,
        rejection_reason,
        raw_row_id,
        action_id,
        conversation_id,
        action_name,
        outcome,
        performed_at,
        performed_at_raw,
        outcome_raw
    from checked
    where rejection_reason is not null
)

select * from rejected
