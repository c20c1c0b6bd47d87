{#- Segmented satisfaction by path x period with a blended `all` row. Maths: doc `nps_maths`. -#}
with

conversations as (
    select * from {{ ref('fct_conversations') }}
),

interaction_paths as (
    select * from {{ seam.seed_ref('interaction_paths') }}
),

path_spine as (
    select
        path,
        path_order
    from interaction_paths
    union all
    select
        'all' as path,  -- noqa: RF04
        0 as path_order
),

conversation_periods as (
    select
        'week' as period_type,
        week_start as period_start,
        path,
        nps_category,
        csat_score,
        ces_score
    from conversations
    union all
    select
        'month' as period_type,
        month_start as period_start,
        path,
        nps_category,
        csat_score,
        ces_score
    from conversations
),

with_blended as (
    select * from conversation_periods
    union all
    select
        period_type,
        period_start,
        'all' as path,  -- noqa: RF04
        nps_category,
        csat_score,
        ces_score
    from conversation_periods
),

periods as (
    select distinct
        period_type,
        period_start
    from conversation_periods
),

aggregated as (
    select
        period_type,
        period_start,
        path,
        count(*) as n_conversations,
        count(nps_category) as n_nps_responses,
        sum(case when nps_category = 'promoter' then 1 else 0 end) as n_promoters,
        sum(case when nps_category = 'passive' then 1 else 0 end) as n_passives,
        sum(case when nps_category = 'detractor' then 1 else 0 end) as n_detractors,
        count(csat_score) as n_csat_responses,
        sum(case when csat_score >= 4 then 1 else 0 end) as n_csat_satisfied,
        count(ces_score) as n_ces_responses,
        avg(cast(ces_score as {{ seam.type_double() }})) as ces_mean
    from with_blended
    group by period_type, period_start, path
),

spined as (
    select
        periods.period_type,
        periods.period_start,
        path_spine.path,
        path_spine.path_order,
        aggregated.ces_mean,
        coalesce(aggregated.n_conversations, 0) as n_conversations,
        coalesce(aggregated.n_nps_responses, 0) as n_nps_responses,
        coalesce(aggregated.n_promoters, 0) as n_promoters,
        coalesce(aggregated.n_passives, 0) as n_passives,
        coalesce(aggregated.n_detractors, 0) as n_detractors,
        coalesce(aggregated.n_csat_responses, 0) as n_csat_responses,
        coalesce(aggregated.n_csat_satisfied, 0) as n_csat_satisfied,
        coalesce(aggregated.n_ces_responses, 0) as n_ces_responses
    from periods
    cross join path_spine
    left join aggregated
        on
            periods.period_type = aggregated.period_type
            and periods.period_start = aggregated.period_start
            and path_spine.path = aggregated.path
),

shares as (
    select
        *,
        case
            when n_nps_responses > 0
                then cast(n_promoters as {{ seam.type_double() }}) / n_nps_responses
        end as promoter_share,
        case
            when n_nps_responses > 0
                then cast(n_detractors as {{ seam.type_double() }}) / n_nps_responses
        end as detractor_share
    from spined
),

period_totals as (
    select
        period_type,
        period_start,
        n_nps_responses as period_n_nps_responses
    from spined
    where path = 'all'
),

nps_stats as (
    select
        shares.*,
        case
            when shares.n_nps_responses > 0
                then
                    100 * cast(shares.n_promoters - shares.n_detractors as {{ seam.type_double() }})
                    / shares.n_nps_responses
        end as nps,
        case
            when shares.n_nps_responses > 0
                then 100 * sqrt(
                    greatest(
                        shares.promoter_share + shares.detractor_share
                        - (shares.promoter_share - shares.detractor_share)
                        * (shares.promoter_share - shares.detractor_share),
                        0
                    ) / shares.n_nps_responses
                )
        end as nps_se,
        {{ seam.nps_adjusted(
            'shares.n_promoters', 'shares.n_detractors', 'shares.n_nps_responses'
        ) }} as nps_adjusted,
        {{ seam.nps_adjusted_se(
            'shares.n_promoters', 'shares.n_detractors', 'shares.n_nps_responses'
        ) }} as nps_adjusted_se,
        case
            when period_totals.period_n_nps_responses > 0
                then
                    cast(shares.n_nps_responses as {{ seam.type_double() }})
                    / period_totals.period_n_nps_responses
        end as nps_response_share
    from shares
    inner join period_totals
        on
            shares.period_type = period_totals.period_type
            and shares.period_start = period_totals.period_start
),

final as (
    select
        cast(period_type as {{ dbt.type_string() }}) as period_type,
        cast(period_start as date) as period_start,
        cast(path as {{ dbt.type_string() }}) as path,  -- noqa: RF04
        cast(path_order as {{ dbt.type_int() }}) as path_order,
        cast(n_conversations as {{ dbt.type_bigint() }}) as n_conversations,
        cast(n_nps_responses as {{ dbt.type_bigint() }}) as n_nps_responses,
        cast(n_promoters as {{ dbt.type_bigint() }}) as n_promoters,
        cast(n_passives as {{ dbt.type_bigint() }}) as n_passives,
        cast(n_detractors as {{ dbt.type_bigint() }}) as n_detractors,
        cast(nps as {{ seam.type_double() }}) as nps,
        cast(nps_se as {{ seam.type_double() }}) as nps_se,
        cast(nps - 1.96 * nps_se as {{ seam.type_double() }}) as nps_ci_low,
        cast(nps + 1.96 * nps_se as {{ seam.type_double() }}) as nps_ci_high,
        cast(
            case
                when n_nps_responses > 0
                    then greatest(nps_adjusted - 1.96 * nps_adjusted_se, -100)
            end
            as {{ seam.type_double() }}
        ) as nps_adjusted_ci_low,
        cast(
            case
                when n_nps_responses > 0
                    then least(nps_adjusted + 1.96 * nps_adjusted_se, 100)
            end
            as {{ seam.type_double() }}
        ) as nps_adjusted_ci_high,
        cast(nps_response_share as {{ seam.type_double() }}) as nps_response_share,
        cast(n_csat_responses as {{ dbt.type_bigint() }}) as n_csat_responses,
        cast(
            case
                when n_csat_responses > 0
                    then 100 * cast(n_csat_satisfied as {{ seam.type_double() }}) / n_csat_responses
            end
            as {{ seam.type_double() }}
        ) as csat_pct,
        cast(
            100 * {{ seam.wilson_bound('n_csat_satisfied', 'n_csat_responses', 'low') }}
            as {{ seam.type_double() }}
        ) as csat_pct_ci_low,
        cast(
            100 * {{ seam.wilson_bound('n_csat_satisfied', 'n_csat_responses', 'high') }}
            as {{ seam.type_double() }}
        ) as csat_pct_ci_high,
        cast(n_ces_responses as {{ dbt.type_bigint() }}) as n_ces_responses,
        cast(ces_mean as {{ seam.type_double() }}) as ces_mean
    from nps_stats
)

select * from final
