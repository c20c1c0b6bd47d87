{#- One row: the first and the last week of rpt_support_health_weekly side by side, with the -#}
{#- changes and trends the dashboard headline states. No row before the first week. -#}
with

weekly as (
    select * from {{ ref('rpt_support_health_weekly') }}
),

period as (
    select
        min(week_start) as first_week_start,
        max(week_start) as last_week_start,
        count(*) as n_weeks,
        sum(case when blended_masks_decline then 1 else 0 end) as n_flagged_weeks
    from weekly
    having count(*) > 0
),

first_and_last as (
    select
        period.first_week_start,
        period.last_week_start,
        period.n_weeks,
        period.n_flagged_weeks,
        first_week.blended_nps as first_week_blended_nps,
        last_week.blended_nps as last_week_blended_nps,
        first_week.nps_ai_escalated as first_week_nps_ai_escalated,
        last_week.nps_ai_escalated as last_week_nps_ai_escalated,
        first_week.ai_resolution_rate as first_week_ai_resolution_rate,
        last_week.ai_resolution_rate as last_week_ai_resolution_rate,
        last_week.escalation_rate as last_week_escalation_rate
    from period
    inner join weekly as first_week
        on period.first_week_start = first_week.week_start
    inner join weekly as last_week
        on period.last_week_start = last_week.week_start
),

changes as (
    select
        *,
        last_week_blended_nps - first_week_blended_nps as blended_nps_period_change,
        last_week_nps_ai_escalated - first_week_nps_ai_escalated
            as nps_ai_escalated_period_change
    from first_and_last
),

trends as (
    select
        *,
        abs(blended_nps_period_change)
        < {{ var('masks_decline_blended_tolerance') }} as is_blended_nps_flat,
        case
            when blended_nps_period_change is null then null
            when
                abs(blended_nps_period_change)
                < {{ var('masks_decline_blended_tolerance') }}
                then 'flat'
            when blended_nps_period_change > 0 then 'rose'
            else 'fell'
        end as blended_nps_trend,
        {#- held = the same whole number of points, rounded half up the same way on every engine -#}
        case
            when nps_ai_escalated_period_change is null then null
            when
                floor(first_week_nps_ai_escalated + 0.5)
                = floor(last_week_nps_ai_escalated + 0.5)
                then 'held'
            when nps_ai_escalated_period_change > 0 then 'rose'
            else 'fell'
        end as nps_ai_escalated_trend
    from changes
),

final as (
    select
        first_week_start,
        last_week_start,
        cast(n_weeks as {{ dbt.type_bigint() }}) as n_weeks,
        cast(first_week_blended_nps as {{ seam.type_double() }}) as first_week_blended_nps,
        cast(last_week_blended_nps as {{ seam.type_double() }}) as last_week_blended_nps,
        cast(blended_nps_period_change as {{ seam.type_double() }})
            as blended_nps_period_change,
        cast({{ var('masks_decline_blended_tolerance') }} as {{ seam.type_double() }})
            as blended_nps_tolerance,
        cast(is_blended_nps_flat as {{ dbt.type_boolean() }}) as is_blended_nps_flat,
        cast(blended_nps_trend as {{ dbt.type_string() }}) as blended_nps_trend,
        cast(first_week_nps_ai_escalated as {{ seam.type_double() }})
            as first_week_nps_ai_escalated,
        cast(last_week_nps_ai_escalated as {{ seam.type_double() }})
            as last_week_nps_ai_escalated,
        cast(nps_ai_escalated_period_change as {{ seam.type_double() }})
            as nps_ai_escalated_period_change,
        cast(nps_ai_escalated_trend as {{ dbt.type_string() }}) as nps_ai_escalated_trend,
        cast(first_week_ai_resolution_rate as {{ seam.type_double() }})
            as first_week_ai_resolution_rate,
        cast(last_week_ai_resolution_rate as {{ seam.type_double() }})
            as last_week_ai_resolution_rate,
        cast(last_week_escalation_rate as {{ seam.type_double() }})
            as last_week_escalation_rate,
        cast(n_flagged_weeks as {{ dbt.type_bigint() }}) as n_flagged_weeks
    from trends
)

select * from final
