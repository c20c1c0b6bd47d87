with

checked as (
    select * from {{ ref('base_support__agents') }}
),

kept as (
    select
        agent_id,
        team
    from checked
    where rejection_reason is null
)

select * from kept
