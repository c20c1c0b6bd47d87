with

checked as (
    select * from {{ ref('base_support__agent_actions') }}
),

rejected as (
    select
        action_id as rejected_key,
        rejection_reason,
        raw_row_id,
        action_id,
        conversation_id,
        agent_id,
        action_name,
        performed_at,
        performed_at_raw
    from checked
    where rejection_reason is not null
)

select * from rejected
