-- Mix effect + within-path effect = week-over-week change in blended NPS, to 1e-9, every week.
-- Also: the effects are present exactly when the change is, and the blended NPS equals the
-- response-weighted sum of path NPS. Returns the weeks that break any of these.
with

health as (
    select * from {{ ref('rpt_support_health_weekly') }}
),

rpt_nps_by_path as (
    select * from {{ ref('rpt_nps_by_path') }}
),

weighted as (
    select
        period_start as week_start,
        sum(coalesce(nps_response_share * nps, 0)) as weighted_path_nps
    from rpt_nps_by_path
    where
        period_type = 'week'
        and path != 'all'
    group by period_start
),

checked as (
    select
        health.week_start,
        health.blended_nps,
        weighted.weighted_path_nps,
        health.blended_nps_change,
        health.nps_mix_effect,
        health.nps_within_effect
    from health
    left join weighted
        on health.week_start = weighted.week_start
)

select * from checked
where
    abs(nps_mix_effect + nps_within_effect - blended_nps_change) > 1e-9
    or (blended_nps_change is null) != (nps_mix_effect is null)
    or (blended_nps_change is null) != (nps_within_effect is null)
    or abs(blended_nps - weighted_path_nps) > 1e-9
