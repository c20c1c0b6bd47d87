with

checked as (
    select * from {{ ref('base_support__surveys') }}
),

kept as (
    select
        response_id,
        conversation_id,
        survey_type,
        score,
        comment,
        responded_at
    from checked
    where rejection_reason is null
)

select * from kept
