{#- Reply-time columns, each summarised by the same percentiles: p<percentile>_<column>. -#}
{%- set reply_minutes = [
    'first_reply_minutes',
    'first_reply_business_minutes',
    'first_useful_reply_minutes',
    'first_useful_reply_business_minutes',
] -%}
{%- set percentiles = [50, 75, 90] -%}

with

escalations as (
    select * from {{ ref('fct_escalations') }}
),

sliced as (
    select
        escalations.*,
        coalesce(escalations.reason_code, 'unknown') as reason_slice
    from escalations
),

aggregated as (
    select
        week_start,
        team,
        channel,
        reason_slice,
        count(*) as n_escalations,
        sum(case when has_human_reply then 1 else 0 end) as n_with_human_reply,
        sum(case when has_useful_reply then 1 else 0 end) as n_with_useful_reply,
        sum(case when is_fast_but_not_useful then 1 else 0 end) as n_fast_but_not_useful,
        {%- for column in reply_minutes %}
            {%- for percentile in percentiles %}
                {{ seam.percentile_cont(column, percentile / 100) }}
                    as p{{ percentile }}_{{ column }},
            {%- endfor %}
        {%- endfor %}
        avg(first_reply_minutes) as mean_first_reply_minutes,
        avg(first_useful_reply_minutes) as mean_first_useful_reply_minutes
    from sliced
    group by week_start, team, channel, reason_slice
),

final as (
    select
        week_start,
        team,
        coalesce(channel, 'unknown') as channel,
        reason_slice as reason_code,
        cast(n_escalations as {{ dbt.type_int() }}) as n_escalations,
        cast(n_with_human_reply as {{ dbt.type_int() }}) as n_with_human_reply,
        cast(n_with_useful_reply as {{ dbt.type_int() }}) as n_with_useful_reply,
        cast(n_fast_but_not_useful as {{ dbt.type_int() }}) as n_fast_but_not_useful,
        cast(n_fast_but_not_useful as {{ seam.type_double() }}) / n_escalations
            as fast_but_not_useful_rate,
        cast(n_with_useful_reply as {{ seam.type_double() }}) / n_escalations
            as useful_reply_rate,
        {#- percentile_cont already returns a double -#}
        {%- for column in reply_minutes %}
            {%- for percentile in percentiles %}
                p{{ percentile }}_{{ column }},
            {%- endfor %}
        {%- endfor %}
        cast(mean_first_reply_minutes as {{ seam.type_double() }}) as mean_first_reply_minutes,
        cast(mean_first_useful_reply_minutes as {{ seam.type_double() }})
            as mean_first_useful_reply_minutes
    from aggregated
)

select * from final
