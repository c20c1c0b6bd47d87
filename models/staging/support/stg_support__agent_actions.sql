with

checked as (
    select * from {{ ref('base_support__agent_actions') }}
),

kept as (
    select
        action_id,
        conversation_id,
        agent_id,
        action_name,
        performed_at
    from checked
    where rejection_reason is null
)

select * from kept
