with

escalations as (
    select * from {{ ref('fct_escalations') }}
),

sliced as (
    select
        escalations.*,
        coalesce(escalations.reason_code, 'unknown') as reason_slice,
        coalesce(escalations.channel, 'unknown') as channel_slice
    from escalations
),

aggregated as (
    select
        week_start,
        team,
        channel_slice,
        reason_slice,
        count(*) as n_escalations,
        sum(case when not is_inferred_handoff then 1 else 0 end) as n_with_packet,
        sum(case when has_re_explanation then 1 else 0 end) as n_with_re_explanation,
        sum(n_re_explanations) as n_re_explanations,
        sum(case when is_rework then 1 else 0 end) as n_rework,
        sum(case when is_rework_missing_element then 1 else 0 end) as n_rework_missing_element,
        sum(case when is_rework_known_basics then 1 else 0 end) as n_rework_known_basics,
        sum(case when is_rework_repeated_failed_action then 1 else 0 end)
            as n_rework_repeated_failed_action,
        avg(packet_completeness) as mean_packet_completeness,
        avg(cast(n_agent_replies_before_useful as {{ seam.type_double() }}))
            as mean_agent_replies_before_useful,
        avg(cast(n_internal_notes_before_useful as {{ seam.type_double() }}))
            as mean_internal_notes_before_useful,
        avg(cast(n_agent_actions_before_useful as {{ seam.type_double() }}))
            as mean_agent_actions_before_useful,
        avg(cast(n_repeated_failed_actions as {{ seam.type_double() }}))
            as mean_repeated_failed_actions,
        {{ seam.percentile_cont('reply_to_useful_minutes', 0.5) }} as p50_reply_to_useful_minutes,
        avg(reply_to_useful_minutes) as mean_reply_to_useful_minutes
    from sliced
    group by week_start, team, channel_slice, reason_slice
),

final as (
    select
        week_start,
        team,
        channel_slice as channel,
        reason_slice as reason_code,
        cast(n_escalations as {{ dbt.type_int() }}) as n_escalations,
        cast(n_with_packet as {{ dbt.type_int() }}) as n_with_packet,
        cast(n_with_re_explanation as {{ dbt.type_int() }}) as n_with_re_explanation,
        cast(n_re_explanations as {{ dbt.type_int() }}) as n_re_explanations,
        cast(n_with_re_explanation as {{ seam.type_double() }}) / n_escalations
            as re_explanation_rate,
        {%- for side in ['low', 'high'] %}
            cast(
                {{ seam.wilson_bound('n_with_re_explanation', 'n_escalations', side) }}
                as {{ seam.type_double() }}
            ) as re_explanation_rate_ci_{{ side }},
        {%- endfor %}
        cast(n_rework as {{ dbt.type_int() }}) as n_rework,
        cast(n_rework as {{ seam.type_double() }}) / n_escalations as rework_rate,
        {%- for side in ['low', 'high'] %}
            cast(
                {{ seam.wilson_bound('n_rework', 'n_escalations', side) }}
                as {{ seam.type_double() }}
            ) as rework_rate_ci_{{ side }},
        {%- endfor %}
        case
            when n_with_packet > 0
                then cast(n_rework_missing_element as {{ seam.type_double() }}) / n_with_packet
        end as rework_missing_element_rate,
        cast(n_rework_known_basics as {{ seam.type_double() }}) / n_escalations
            as rework_known_basics_rate,
        cast(n_rework_repeated_failed_action as {{ seam.type_double() }}) / n_escalations
            as rework_repeated_failed_action_rate,
        cast(mean_packet_completeness as {{ seam.type_double() }}) as mean_packet_completeness,
        mean_agent_replies_before_useful,
        mean_internal_notes_before_useful,
        mean_agent_actions_before_useful,
        mean_repeated_failed_actions,
        cast(p50_reply_to_useful_minutes as {{ seam.type_double() }})
            as p50_reply_to_useful_minutes,
        cast(mean_reply_to_useful_minutes as {{ seam.type_double() }})
            as mean_reply_to_useful_minutes
    from aggregated
)

select * from final
