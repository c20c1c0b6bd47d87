{#- Escalated-path NPS against the AI-only-resolved and human-only paths, per period. -#}
with

rpt_nps_by_path as (
    select * from {{ ref('rpt_nps_by_path') }}
),

{# The adjusted-Wald estimate and SE beside each path's Wald ones (doc nps_maths). #}
path_nps as (
    select
        period_type,
        period_start,
        path,
        n_nps_responses,
        nps,
        nps_se,
        csat_pct,
        {{ seam.nps_adjusted('n_promoters', 'n_detractors', 'n_nps_responses') }} as nps_adjusted,
        {{ seam.nps_adjusted_se('n_promoters', 'n_detractors', 'n_nps_responses') }}
            as nps_adjusted_se
    from rpt_nps_by_path
),

comparisons as (
    select
        'escalated_vs_ai_only_resolved' as comparison,
        'ai_escalated' as path,  -- noqa: RF04
        'ai_only_resolved' as baseline_path
    union all
    select
        'escalated_vs_human_only' as comparison,
        'ai_escalated' as path,  -- noqa: RF04
        'human_only' as baseline_path
),

paired as (
    select
        comparisons.comparison,
        path_nps.period_type,
        path_nps.period_start,
        comparisons.path,
        comparisons.baseline_path,
        path_nps.n_nps_responses,
        baseline.n_nps_responses as n_baseline_nps_responses,
        path_nps.nps,
        baseline.nps as baseline_nps,
        path_nps.nps - baseline.nps as nps_diff,
        sqrt(path_nps.nps_se * path_nps.nps_se + baseline.nps_se * baseline.nps_se)
            as nps_diff_se,
        path_nps.nps_adjusted - baseline.nps_adjusted as nps_adjusted_diff,
        sqrt(
            path_nps.nps_adjusted_se * path_nps.nps_adjusted_se
            + baseline.nps_adjusted_se * baseline.nps_adjusted_se
        ) as nps_adjusted_diff_se,
        path_nps.csat_pct - baseline.csat_pct as csat_pct_diff
    from comparisons
    inner join path_nps
        on comparisons.path = path_nps.path
    inner join path_nps as baseline
        on
            path_nps.period_type = baseline.period_type
            and path_nps.period_start = baseline.period_start
            and comparisons.baseline_path = baseline.path
),

tested as (
    select
        *,
        case when nps_diff_se > 0 then nps_diff / nps_diff_se end as z_score,
        case
            when nps_adjusted_diff_se > 0 then nps_adjusted_diff / nps_adjusted_diff_se
        end as z_score_adjusted
    from paired
),

final as (
    select
        cast(period_type as {{ dbt.type_string() }}) as period_type,
        cast(period_start as date) as period_start,
        cast(comparison as {{ dbt.type_string() }}) as comparison,
        cast(path as {{ dbt.type_string() }}) as path,  -- noqa: RF04
        cast(baseline_path as {{ dbt.type_string() }}) as baseline_path,
        cast(n_nps_responses as {{ dbt.type_bigint() }}) as n_nps_responses,
        cast(n_baseline_nps_responses as {{ dbt.type_bigint() }}) as n_baseline_nps_responses,
        cast(nps as {{ seam.type_double() }}) as nps,
        cast(baseline_nps as {{ seam.type_double() }}) as baseline_nps,
        cast(nps_diff as {{ seam.type_double() }}) as nps_diff,
        cast(nps_diff_se as {{ seam.type_double() }}) as nps_diff_se,
        cast(z_score as {{ seam.type_double() }}) as z_score,
        cast(nps_adjusted_diff as {{ seam.type_double() }}) as nps_adjusted_diff,
        cast(nps_adjusted_diff_se as {{ seam.type_double() }}) as nps_adjusted_diff_se,
        cast(z_score_adjusted as {{ seam.type_double() }}) as z_score_adjusted,
        cast(
            case when z_score_adjusted is not null then abs(z_score_adjusted) >= 1.96 end
            as {{ dbt.type_boolean() }}
        ) as is_significant,
        cast(csat_pct_diff as {{ seam.type_double() }}) as csat_pct_diff
    from tested
)

select * from final
