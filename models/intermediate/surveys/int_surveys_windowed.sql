{#- Every kept survey response with its attribution status. Rules: doc `survey_attribution`. -#}
with

surveys as (
    select * from {{ ref('stg_support__surveys') }}
),

conversations as (
    select * from {{ ref('stg_support__conversations') }}
),

windowed as (
    select
        surveys.response_id,
        surveys.conversation_id,
        surveys.survey_type,
        surveys.score,
        surveys.responded_at,
        conversations.created_at as conversation_created_at,
        {{ dbt.dateadd(
            'day',
            var('survey_attribution_days'),
            'coalesce(conversations.closed_at, conversations.created_at)',
        ) }} as attribution_window_end_at,
        conversations.conversation_id is not null as has_conversation
    from surveys
    left join conversations
        on surveys.conversation_id = conversations.conversation_id
),

flagged as (
    select
        *,
        coalesce(
            responded_at >= conversation_created_at
            and responded_at <= attribution_window_end_at,
            false
        ) as is_in_window
    from windowed
),

ranked as (
    select
        *,
        case
            when is_in_window
                then row_number() over (
                    partition by conversation_id, survey_type, is_in_window
                    order by responded_at desc, response_id desc
                )
        end as in_window_rank
    from flagged
),

final as (
    select
        response_id,
        conversation_id,
        survey_type,
        score,
        responded_at,
        attribution_window_end_at,
        case
            when not has_conversation then 'orphan'
            when not is_in_window then 'outside_window'
            when in_window_rank = 1 then 'attributed'
            else 'superseded'
        end as attribution_status
    from ranked
)

select * from final
