{#- The article's five handoff gaps, each a has_gap_<name> flag of fct_escalations. -#}
{%- set gap_names = [
    'no_transcript', 'no_ai_attempts', 'no_sentiment', 'no_confidence_or_reason', 'no_evidence',
] -%}

with

escalations as (
    select * from {{ ref('fct_escalations') }}
),

{# One row per escalation with a known packet and gap (inferred handoffs have no packet). #}
escalation_gaps as (
    {%- for gap_name in gap_names %}
        select
            handoff_id,
            week_start,
            '{{ gap_name }}' as gap_name,
            has_gap_{{ gap_name }} as has_gap,
            first_useful_reply_minutes,
            nps_category,
            has_re_explanation,
            is_rework
        from escalations
        where not is_inferred_handoff
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

{# Every escalation counts once per week and once in the all-weeks period. #}
periods as (
    select
        'week' as period_grain,
        escalation_gaps.week_start as period_start,
        escalation_gaps.*
    from escalation_gaps
    union all
    select
        'all_weeks' as period_grain,
        min(escalation_gaps.week_start) over () as period_start,
        escalation_gaps.*
    from escalation_gaps
),

aggregated as (
    select
        period_grain,
        period_start,
        gap_name,
        count(*) as n_escalations,
        sum(case when has_gap then 1 else 0 end) as n_with_gap,
        {{ seam.percentile_cont(
            'case when has_gap then first_useful_reply_minutes end', 0.5
        ) }} as p50_useful_reply_minutes_with_gap,
        {{ seam.percentile_cont(
            'case when not has_gap then first_useful_reply_minutes end', 0.5
        ) }} as p50_useful_reply_minutes_without_gap,
        sum(case when has_gap and nps_category is not null then 1 else 0 end)
            as n_nps_with_gap,
        sum(case when has_gap and nps_category = 'promoter' then 1 else 0 end)
            as n_promoters_with_gap,
        sum(case when has_gap and nps_category = 'detractor' then 1 else 0 end)
            as n_detractors_with_gap,
        sum(case when not has_gap and nps_category is not null then 1 else 0 end)
            as n_nps_without_gap,
        sum(case when not has_gap and nps_category = 'promoter' then 1 else 0 end)
            as n_promoters_without_gap,
        sum(case when not has_gap and nps_category = 'detractor' then 1 else 0 end)
            as n_detractors_without_gap,
        sum(case when has_gap and has_re_explanation then 1 else 0 end)
            as n_re_explanation_with_gap,
        sum(case when not has_gap and has_re_explanation then 1 else 0 end)
            as n_re_explanation_without_gap,
        sum(case when has_gap and is_rework then 1 else 0 end) as n_rework_with_gap,
        sum(case when not has_gap and is_rework then 1 else 0 end) as n_rework_without_gap
    from periods
    group by period_grain, period_start, gap_name
),

scored as (
    select
        aggregated.*,
        case
            when aggregated.n_nps_with_gap > 0
                then
                    100.0
                    * (aggregated.n_promoters_with_gap - aggregated.n_detractors_with_gap)
                    / aggregated.n_nps_with_gap
        end as nps_with_gap,
        case
            when aggregated.n_nps_without_gap > 0
                then
                    100.0
                    * (aggregated.n_promoters_without_gap - aggregated.n_detractors_without_gap)
                    / aggregated.n_nps_without_gap
        end as nps_without_gap
    from aggregated
),

final as (
    select
        period_grain,
        period_start,
        gap_name,
        cast(n_escalations as {{ dbt.type_int() }}) as n_escalations,
        cast(n_with_gap as {{ dbt.type_int() }}) as n_with_gap,
        cast(n_with_gap as {{ seam.type_double() }}) / n_escalations as share_with_gap,
        cast(p50_useful_reply_minutes_with_gap as {{ seam.type_double() }})
            as p50_useful_reply_minutes_with_gap,
        cast(p50_useful_reply_minutes_without_gap as {{ seam.type_double() }})
            as p50_useful_reply_minutes_without_gap,
        cast(n_nps_with_gap as {{ dbt.type_int() }}) as n_nps_with_gap,
        cast(n_nps_without_gap as {{ dbt.type_int() }}) as n_nps_without_gap,
        cast(nps_with_gap as {{ seam.type_double() }}) as nps_with_gap,
        cast(nps_without_gap as {{ seam.type_double() }}) as nps_without_gap,
        cast(nps_without_gap - nps_with_gap as {{ seam.type_double() }}) as nps_impact,
        case
            when n_with_gap > 0
                then cast(n_re_explanation_with_gap as {{ seam.type_double() }}) / n_with_gap
        end as re_explanation_rate_with_gap,
        case
            when n_escalations > n_with_gap
                then
                    cast(n_re_explanation_without_gap as {{ seam.type_double() }})
                    / (n_escalations - n_with_gap)
        end as re_explanation_rate_without_gap,
        case
            when n_with_gap > 0
                then cast(n_rework_with_gap as {{ seam.type_double() }}) / n_with_gap
        end as rework_rate_with_gap,
        case
            when n_escalations > n_with_gap
                then
                    cast(n_rework_without_gap as {{ seam.type_double() }})
                    / (n_escalations - n_with_gap)
        end as rework_rate_without_gap
    from scored
)

select * from final
