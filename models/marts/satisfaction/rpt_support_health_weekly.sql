{#- Weekly support health; blended NPS change split into mix and within-path effects. -#}
{#- Decomposition conventions and blended_masks_decline: doc `nps_decomposition`. -#}
{%- set paths = [
    'ai_only_resolved', 'ai_only_unresolved', 'ai_escalated', 'human_only', 'unanswered',
] -%}
{#- rate column, numerator count columns (summed), denominator count column -#}
{%- set rates = [
    ('ai_involvement_rate', ['n_ai_involved_conversations'], 'n_conversations'),
    ('containment_rate',
        ['n_ai_only_resolved_conversations', 'n_ai_only_unresolved_conversations'],
        'n_ai_involved_conversations'),
    ('ai_resolution_rate', ['n_ai_only_resolved_conversations'], 'n_ai_involved_conversations'),
    ('ai_resolution_rate_confirmed', ['n_ai_resolved_confirmed_conversations'],
        'n_ai_involved_conversations'),
    ('ai_resolution_rate_assumed', ['n_ai_resolved_assumed_conversations'],
        'n_ai_involved_conversations'),
    ('ai_resolution_rate_durable', ['n_ai_resolved_durable_conversations'],
        'n_ai_involved_conversations'),
    ('escalation_rate', ['n_ai_escalated_conversations'], 'n_ai_involved_conversations'),
] -%}
with

conversations as (
    select * from {{ ref('fct_conversations') }}
),

rpt_nps_by_path as (
    select * from {{ ref('rpt_nps_by_path') }}
),

{# Each week's path row beside the path's previous row (lag), per path. #}
weekly_nps_lagged as (
    select
        period_start as week_start,
        path,
        n_nps_responses,
        nps,
        nps_ci_low,
        nps_ci_high,
        nps_adjusted_ci_low,
        nps_adjusted_ci_high,
        nps_response_share,
        lag(period_start) over (partition by path order by period_start) as previous_week_start,
        lag(nps) over (partition by path order by period_start) as previous_nps,
        lag(nps_response_share) over (partition by path order by period_start)
            as previous_nps_response_share
    from rpt_nps_by_path
    where period_type = 'week'
),

{# The previous row counts only when it is the calendar week before (week_start - 7 days). #}
weekly_nps as (
    select
        week_start,
        path,
        n_nps_responses,
        nps,
        nps_ci_low,
        nps_ci_high,
        nps_adjusted_ci_low,
        nps_adjusted_ci_high,
        nps_response_share,
        case
            when previous_week_start = cast({{ dbt.dateadd('day', -7, 'week_start') }} as date)
                then previous_nps
        end as nps_week_before,
        case
            when previous_week_start = cast({{ dbt.dateadd('day', -7, 'week_start') }} as date)
                then previous_nps_response_share
        end as nps_response_share_week_before
    from weekly_nps_lagged
),

volume as (
    select
        week_start,
        count(*) as n_conversations,
        sum(case when has_ai_reply then 1 else 0 end) as n_ai_involved_conversations,
        sum(case when path = 'ai_only_resolved' then 1 else 0 end)
            as n_ai_only_resolved_conversations,
        sum(case when ai_resolution_kind = 'confirmed' then 1 else 0 end)
            as n_ai_resolved_confirmed_conversations,
        sum(case when ai_resolution_kind = 'assumed' then 1 else 0 end)
            as n_ai_resolved_assumed_conversations,
        sum(case when is_durable then 1 else 0 end) as n_ai_resolved_durable_conversations,
        sum(case when path = 'ai_only_unresolved' then 1 else 0 end)
            as n_ai_only_unresolved_conversations,
        sum(case when path = 'ai_escalated' then 1 else 0 end) as n_ai_escalated_conversations,
        sum(case when path = 'human_only' then 1 else 0 end) as n_human_only_conversations,
        sum(case when path = 'unanswered' then 1 else 0 end) as n_unanswered_conversations
    from conversations
    group by week_start
),

path_terms as (
    select
        week_start,
        path,
        nps as nps_now,
        coalesce(nps_response_share, 0) as share_now,
        coalesce(nps_response_share_week_before, 0) as share_before,
        {#- a path without responses last week enters at its own current NPS: pure mix #}
        coalesce(nps_week_before, nps) as nps_before
    from weekly_nps
    where path != 'all'
),

effects as (
    select
        week_start,
        sum((share_now - share_before) * coalesce(nps_before, 0)) as nps_mix_effect,
        sum(case when share_now > 0 then share_now * (nps_now - nps_before) else 0 end)
            as nps_within_effect
    from path_terms
    group by week_start
),

{# One row per week: the blended (`all`) row with each path's NPS beside it. #}
weeks as (
    select
        week_start,
        max(case when path = 'all' then n_nps_responses end) as n_nps_responses,
        max(case when path = 'all' then nps end) as blended_nps,
        max(case when path = 'all' then nps_ci_low end) as blended_nps_ci_low,
        max(case when path = 'all' then nps_ci_high end) as blended_nps_ci_high,
        max(case when path = 'all' then nps_adjusted_ci_low end) as blended_nps_adjusted_ci_low,
        max(case when path = 'all' then nps_adjusted_ci_high end)
            as blended_nps_adjusted_ci_high,
        max(case when path = 'all' then nps_week_before end) as blended_nps_before,
        {%- for path in paths %}
            max(case when path = '{{ path }}' then nps end) as nps_{{ path }},
        {%- endfor %}
        max(case when path = 'ai_escalated' then nps_ci_low end) as nps_ai_escalated_ci_low,
        max(case when path = 'ai_escalated' then nps_ci_high end) as nps_ai_escalated_ci_high,
        max(case when path = 'ai_escalated' then nps_adjusted_ci_low end)
            as nps_ai_escalated_adjusted_ci_low,
        max(case when path = 'ai_escalated' then nps_adjusted_ci_high end)
            as nps_ai_escalated_adjusted_ci_high,
        max(case when path = 'ai_escalated' then n_nps_responses end)
            as n_nps_ai_escalated_responses,
        max(case when path = 'ai_escalated' then nps_week_before end) as nps_ai_escalated_before
    from weekly_nps
    group by week_start
),

changes as (
    select
        weeks.*,
        weeks.blended_nps - weeks.blended_nps_before as blended_nps_change,
        weeks.nps_ai_escalated - weeks.nps_ai_escalated_before as nps_ai_escalated_change,
        case
            when weeks.blended_nps_before is not null and weeks.blended_nps is not null
                then effects.nps_mix_effect
        end as nps_mix_effect,
        case
            when weeks.blended_nps_before is not null and weeks.blended_nps is not null
                then effects.nps_within_effect
        end as nps_within_effect
    from weeks
    left join effects
        on weeks.week_start = effects.week_start
),

final as (
    select
        cast(changes.week_start as date) as week_start,
        {%- for column in [
            'n_conversations', 'n_ai_involved_conversations', 'n_ai_only_resolved_conversations',
            'n_ai_resolved_confirmed_conversations', 'n_ai_resolved_assumed_conversations',
            'n_ai_resolved_durable_conversations', 'n_ai_only_unresolved_conversations',
            'n_ai_escalated_conversations', 'n_human_only_conversations',
            'n_unanswered_conversations',
        ] %}
            cast(volume.{{ column }} as {{ dbt.type_bigint() }}) as {{ column }},
        {%- endfor %}
        {%- for column, numerators, denominator in rates %}
            cast(
                case
                    when volume.{{ denominator }} > 0
                        then
                            cast(
                                volume.{{ numerators | join(' + volume.') }}
                                as {{ seam.type_double() }}
                            )
                            / volume.{{ denominator }}
                end
                as {{ seam.type_double() }}
            ) as {{ column }},
        {%- endfor %}
        cast(changes.n_nps_responses as {{ dbt.type_bigint() }}) as n_nps_responses,
        cast(changes.blended_nps as {{ seam.type_double() }}) as blended_nps,
        cast(changes.blended_nps_ci_low as {{ seam.type_double() }}) as blended_nps_ci_low,
        cast(changes.blended_nps_ci_high as {{ seam.type_double() }}) as blended_nps_ci_high,
        cast(changes.blended_nps_adjusted_ci_low as {{ seam.type_double() }})
            as blended_nps_adjusted_ci_low,
        cast(changes.blended_nps_adjusted_ci_high as {{ seam.type_double() }})
            as blended_nps_adjusted_ci_high,
        cast(changes.nps_ai_only_resolved as {{ seam.type_double() }}) as nps_ai_only_resolved,
        cast(changes.nps_ai_only_unresolved as {{ seam.type_double() }})
            as nps_ai_only_unresolved,
        cast(changes.nps_ai_escalated as {{ seam.type_double() }}) as nps_ai_escalated,
        cast(changes.nps_ai_escalated_ci_low as {{ seam.type_double() }})
            as nps_ai_escalated_ci_low,
        cast(changes.nps_ai_escalated_ci_high as {{ seam.type_double() }})
            as nps_ai_escalated_ci_high,
        cast(changes.nps_ai_escalated_adjusted_ci_low as {{ seam.type_double() }})
            as nps_ai_escalated_adjusted_ci_low,
        cast(changes.nps_ai_escalated_adjusted_ci_high as {{ seam.type_double() }})
            as nps_ai_escalated_adjusted_ci_high,
        cast(changes.n_nps_ai_escalated_responses as {{ dbt.type_bigint() }})
            as n_nps_ai_escalated_responses,
        cast(changes.nps_human_only as {{ seam.type_double() }}) as nps_human_only,
        cast(changes.nps_unanswered as {{ seam.type_double() }}) as nps_unanswered,
        cast(changes.blended_nps_change as {{ seam.type_double() }}) as blended_nps_change,
        cast(changes.nps_mix_effect as {{ seam.type_double() }}) as nps_mix_effect,
        cast(changes.nps_within_effect as {{ seam.type_double() }}) as nps_within_effect,
        cast(changes.nps_ai_escalated_change as {{ seam.type_double() }})
            as nps_ai_escalated_change,
        cast(
            case
                when
                    changes.blended_nps_change is not null
                    and changes.nps_ai_escalated_change is not null
                    then
                        changes.blended_nps_change
                        >= -{{ var('masks_decline_blended_tolerance') }}
                        and changes.nps_ai_escalated_change
                        <= -{{ var('masks_decline_escalated_drop') }}
            end
            as {{ dbt.type_boolean() }}
        ) as blended_masks_decline
    from changes
    inner join volume
        on changes.week_start = volume.week_start
)

select * from final
