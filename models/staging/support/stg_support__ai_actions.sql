with

checked as (
    select * from {{ ref('base_support__ai_actions') }}
),

kept as (
    select
        action_id,
        conversation_id,
        action_name,
        outcome,
        performed_at
    from checked
    where rejection_reason is null
)

select * from kept
