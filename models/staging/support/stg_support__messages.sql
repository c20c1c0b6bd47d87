with

checked as (
    select * from {{ ref('base_support__messages') }}
),

kept as (
    select
        message_id,
        conversation_id,
        author_role,
        author_id,
        is_internal,
        body,
        sent_at
    from checked
    where rejection_reason is null
)

select * from kept
