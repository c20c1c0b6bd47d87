with

checked as (
    select * from {{ ref('base_support__surveys') }}
),

rejected as (
    select
        response_id as rejected_key,
        rejection_reason,
        raw_row_id,
        response_id,
        conversation_id,
        survey_type,
        score,
        comment,
        responded_at,
        responded_at_raw,
        survey_type_raw,
        score_raw
    from checked
    where rejection_reason is not null
)

select * from rejected
