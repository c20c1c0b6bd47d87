{#- One attributed response per conversation and survey type. Rules: doc `survey_attribution`. -#}
with

windowed as (
    select * from {{ ref('int_surveys_windowed') }}
),

final as (
    select
        conversation_id,
        survey_type,
        response_id,
        score,
        responded_at
    from windowed
    where attribution_status = 'attributed'
)

select * from final
