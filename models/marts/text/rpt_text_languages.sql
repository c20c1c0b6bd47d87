{#-
    Which language the reply classifiers judged each message in, and how many they left
    unjudged (language unknown: too few function words in the message and its conversation).
    One row per week of the message, author role and language.
-#}
with

messages as (
    select * from {{ ref('int_text_messages_classified') }}
),

weekly as (
    select
        cast({{ dbt.date_trunc('week', 'sent_at') }} as date) as week_start,
        author_role,
        language,
        case
            when author_role = 'agent' then useful_source
            else re_explanation_source
        end as judged_by
    from messages
),

aggregated as (
    select
        week_start,
        author_role,
        language,
        count(*) as n_messages,
        sum(case when judged_by = 'rules' then 1 else 0 end) as n_judged_by_rules,
        sum(case when judged_by = 'label' then 1 else 0 end) as n_judged_by_label,
        sum(case when judged_by = 'none' then 1 else 0 end) as n_unjudged
    from weekly
    group by week_start, author_role, language
),

week_totals as (
    select
        week_start,
        author_role,
        sum(n_messages) as n_week_messages,
        sum(n_unjudged) as n_week_unjudged
    from aggregated
    group by week_start, author_role
),

final as (
    select
        aggregated.week_start,
        aggregated.author_role,
        aggregated.language,
        cast(aggregated.n_messages as {{ dbt.type_int() }}) as n_messages,
        cast(aggregated.n_judged_by_rules as {{ dbt.type_int() }}) as n_judged_by_rules,
        cast(aggregated.n_judged_by_label as {{ dbt.type_int() }}) as n_judged_by_label,
        cast(aggregated.n_unjudged as {{ dbt.type_int() }}) as n_unjudged,
        cast(aggregated.n_messages as {{ seam.type_double() }}) / week_totals.n_week_messages
            as share_of_messages,
        cast(week_totals.n_week_unjudged as {{ seam.type_double() }})
        / week_totals.n_week_messages as share_unjudged
    from aggregated
    inner join week_totals
        on
            aggregated.week_start = week_totals.week_start
            and aggregated.author_role = week_totals.author_role
)

select * from final
