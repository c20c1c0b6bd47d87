{#- Weekly support health; blended NPS change split into mix and within-path effects. -#}
{#- Decomposition conventions and blended_masks_decline: doc `nps_decomposition`. -#}
with

conversations as (
    select * from {{ ref('fct_conversations') }}
),

rpt_nps_by_path as (
    select * from {{ ref('rpt_nps_by_path') }}
),

weekly_nps as (
    select * from rpt_nps_by_path
    where period_type = 'week'
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
        current_week.period_start as week_start,
        current_week.path,
        current_week.nps as nps_now,
        coalesce(current_week.nps_response_share, 0) as share_now,
        coalesce(previous_week.nps_response_share, 0) as share_before,
        {#- a path without responses last week enters at its own current NPS: pure mix -#}
        coalesce(previous_week.nps, current_week.nps) as nps_before
    from weekly_nps as current_week
    left join weekly_nps as previous_week
        on
            current_week.path = previous_week.path
            and cast({{ dbt.dateadd('day', -7, 'current_week.period_start') }} as date)
            = previous_week.period_start
    where current_week.path != 'all'
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

weeks as (
    select
        blended.period_start as week_start,
        blended.n_nps_responses,
        blended.nps as blended_nps,
        blended.nps_ci_low as blended_nps_ci_low,
        blended.nps_ci_high as blended_nps_ci_high,
        blended_before.nps as blended_nps_before,
        ai_only_resolved.nps as nps_ai_only_resolved,
        ai_only_unresolved.nps as nps_ai_only_unresolved,
        escalated.nps as nps_ai_escalated,
        escalated.nps_ci_low as nps_ai_escalated_ci_low,
        escalated.nps_ci_high as nps_ai_escalated_ci_high,
        escalated.n_nps_responses as n_nps_ai_escalated_responses,
        escalated_before.nps as nps_ai_escalated_before,
        human_only.nps as nps_human_only,
        unanswered.nps as nps_unanswered
    from weekly_nps as blended
    left join weekly_nps as blended_before
        on
            blended_before.path = 'all'
            and cast({{ dbt.dateadd('day', -7, 'blended.period_start') }} as date)
            = blended_before.period_start
    left join weekly_nps as escalated
        on
            blended.period_start = escalated.period_start
            and escalated.path = 'ai_escalated'
    left join weekly_nps as escalated_before
        on
            escalated_before.path = 'ai_escalated'
            and cast({{ dbt.dateadd('day', -7, 'blended.period_start') }} as date)
            = escalated_before.period_start
    left join weekly_nps as ai_only_resolved
        on
            blended.period_start = ai_only_resolved.period_start
            and ai_only_resolved.path = 'ai_only_resolved'
    left join weekly_nps as ai_only_unresolved
        on
            blended.period_start = ai_only_unresolved.period_start
            and ai_only_unresolved.path = 'ai_only_unresolved'
    left join weekly_nps as human_only
        on
            blended.period_start = human_only.period_start
            and human_only.path = 'human_only'
    left join weekly_nps as unanswered
        on
            blended.period_start = unanswered.period_start
            and unanswered.path = 'unanswered'
    where blended.path = 'all'
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
        cast(volume.n_conversations as {{ dbt.type_bigint() }}) as n_conversations,
        cast(volume.n_ai_involved_conversations as {{ dbt.type_bigint() }})
            as n_ai_involved_conversations,
        cast(volume.n_ai_only_resolved_conversations as {{ dbt.type_bigint() }})
            as n_ai_only_resolved_conversations,
        cast(volume.n_ai_resolved_confirmed_conversations as {{ dbt.type_bigint() }})
            as n_ai_resolved_confirmed_conversations,
        cast(volume.n_ai_resolved_assumed_conversations as {{ dbt.type_bigint() }})
            as n_ai_resolved_assumed_conversations,
        cast(volume.n_ai_resolved_durable_conversations as {{ dbt.type_bigint() }})
            as n_ai_resolved_durable_conversations,
        cast(volume.n_ai_only_unresolved_conversations as {{ dbt.type_bigint() }})
            as n_ai_only_unresolved_conversations,
        cast(volume.n_ai_escalated_conversations as {{ dbt.type_bigint() }})
            as n_ai_escalated_conversations,
        cast(volume.n_human_only_conversations as {{ dbt.type_bigint() }})
            as n_human_only_conversations,
        cast(volume.n_unanswered_conversations as {{ dbt.type_bigint() }})
            as n_unanswered_conversations,
        {%- for column, numerator, denominator in [
            ('ai_involvement_rate', 'n_ai_involved_conversations', 'n_conversations'),
            ('containment_rate',
                'n_ai_only_resolved_conversations + volume.n_ai_only_unresolved_conversations',
                'n_ai_involved_conversations'),
            ('ai_resolution_rate', 'n_ai_only_resolved_conversations',
                'n_ai_involved_conversations'),
            ('ai_resolution_rate_confirmed', 'n_ai_resolved_confirmed_conversations',
                'n_ai_involved_conversations'),
            ('ai_resolution_rate_assumed', 'n_ai_resolved_assumed_conversations',
                'n_ai_involved_conversations'),
            ('ai_resolution_rate_durable', 'n_ai_resolved_durable_conversations',
                'n_ai_involved_conversations'),
            ('escalation_rate', 'n_ai_escalated_conversations', 'n_ai_involved_conversations'),
        ] %}
            cast(
                case
                    when volume.{{ denominator }} > 0
                        then
                            cast(volume.{{ numerator }} as {{ seam.type_double() }})
                            / volume.{{ denominator }}
                end
                as {{ seam.type_double() }}
            ) as {{ column }},
        {%- endfor %}
        cast(changes.n_nps_responses as {{ dbt.type_bigint() }}) as n_nps_responses,
        cast(changes.blended_nps as {{ seam.type_double() }}) as blended_nps,
        cast(changes.blended_nps_ci_low as {{ seam.type_double() }}) as blended_nps_ci_low,
        cast(changes.blended_nps_ci_high as {{ seam.type_double() }}) as blended_nps_ci_high,
        cast(changes.nps_ai_only_resolved as {{ seam.type_double() }}) as nps_ai_only_resolved,
        cast(changes.nps_ai_only_unresolved as {{ seam.type_double() }})
            as nps_ai_only_unresolved,
        cast(changes.nps_ai_escalated as {{ seam.type_double() }}) as nps_ai_escalated,
        cast(changes.nps_ai_escalated_ci_low as {{ seam.type_double() }})
            as nps_ai_escalated_ci_low,
        cast(changes.nps_ai_escalated_ci_high as {{ seam.type_double() }})
            as nps_ai_escalated_ci_high,
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
