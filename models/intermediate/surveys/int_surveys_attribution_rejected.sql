{#- Every survey response that does not count, with one reason. Rules: doc `survey_attribution`. -#}
with

windowed as (
    select * from {{ ref('int_surveys_windowed') }}
),

staging_rejected as (
    select * from {{ ref('stg_support__surveys_rejected') }}
),

not_attributed as (
    select
        response_id,
        conversation_id,
        survey_type,
        score,
        responded_at,
        attribution_status as rejection_reason,
        'attribution' as rejected_in
    from windowed
    where attribution_status != 'attributed'
),

rejected_in_staging as (
    select
        response_id,
        conversation_id,
        survey_type,
        score,
        responded_at,
        case rejection_reason
            when 'orphan' then 'orphan'
            when 'timestamp_before_conversation' then 'outside_window'
        end as rejection_reason,
        'staging' as rejected_in
    from staging_rejected
    where rejection_reason in ('orphan', 'timestamp_before_conversation')
),

final as (
    select * from not_attributed
    union all
    select * from rejected_in_staging
)

select * from final
