with

checked as (
    select * from {{ ref('base_support__agents') }}
),

rejected as (
    select
        agent_id as rejected_key,
        rejection_reason,
        raw_row_id,
        agent_id,
        team
    from checked
    where rejection_reason is not null
)

select * from rejected
