with

checked as (
    select * from {{ ref('base_support__messages') }}
),

rejected as (
    select
        message_id as rejected_key,
        rejection_reason,
        raw_row_id,
        message_id,
        conversation_id,
        author_role,
        author_id,
        is_internal,
        body,
        sent_at,
        sent_at_raw,
        author_role_raw,
        is_internal_raw
    from checked
    where rejection_reason is not null
)

select * from rejected
