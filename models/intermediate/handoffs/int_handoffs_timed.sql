{{ config(**seam.incremental_by_conversation()) }}

with

handoffs as (
    select * from {{ seam.touched_ref('int_handoffs_identified') }}
),

agent_replies as (
    select * from {{ seam.touched_ref('int_text_messages_classified') }}
    where author_role = 'agent'
),

calendar as (
    select * from {{ ref('int_business_hours_calendar') }}
),

calendar_teams as (
    select distinct
        team,
        time_zone
    from calendar
),

{# Teams without their own business hours use the default team's. #}
handoff_teams as (
    select
        handoffs.handoff_id,
        handoffs.handed_off_at,
        coalesce(own_hours.team, default_hours.team) as hours_team,
        coalesce(own_hours.time_zone, default_hours.time_zone) as hours_time_zone
    from handoffs
    left join calendar_teams as own_hours
        on handoffs.team = own_hours.team
    left join calendar_teams as default_hours
        on default_hours.team = {{ dbt.string_literal(dbt.escape_single_quotes(
            var("business_hours_default_team")
        )) }}
),

replies_after_handoff as (
    select
        handoffs.handoff_id,
        agent_replies.message_id,
        agent_replies.sent_at,
        agent_replies.is_useful,
        row_number() over (
            partition by handoffs.handoff_id
            order by agent_replies.sent_at, agent_replies.message_id
        ) as reply_number
    from handoffs
    inner join agent_replies
        on
            handoffs.conversation_id = agent_replies.conversation_id
            and handoffs.handed_off_at <= agent_replies.sent_at
),

useful_replies_after_handoff as (
    select
        handoff_id,
        message_id,
        sent_at,
        row_number() over (
            partition by handoff_id
            order by sent_at, message_id
        ) as useful_number
    from replies_after_handoff
    where is_useful
),

first_replies as (
    select
        handoffs.handoff_id,
        handoffs.conversation_id,
        handoffs.handed_off_at,
        first_reply.message_id as first_human_message_id,
        first_reply.sent_at as first_human_reply_at,
        first_useful.message_id as first_useful_message_id,
        first_useful.sent_at as first_useful_reply_at
    from handoffs
    left join replies_after_handoff as first_reply
        on
            handoffs.handoff_id = first_reply.handoff_id
            and first_reply.reply_number = 1
    left join useful_replies_after_handoff as first_useful
        on
            handoffs.handoff_id = first_useful.handoff_id
            and first_useful.useful_number = 1
),

{# Business minutes: position of each instant on the team's cumulative open-hours clock. #}
instants as (
    select
        handoff_id,
        'handed_off' as instant_name,
        handed_off_at as instant_at
    from first_replies
    union all
    select
        handoff_id,
        'first_reply' as instant_name,
        first_human_reply_at as instant_at
    from first_replies
    where first_human_reply_at is not null
    union all
    select
        handoff_id,
        'first_useful_reply' as instant_name,
        first_useful_reply_at as instant_at
    from first_replies
    where first_useful_reply_at is not null
),

instants_local as (
    select
        instants.handoff_id,
        instants.instant_name,
        instants.instant_at,
        handoff_teams.hours_team,
        cast(
            {{ seam.to_local_time('instants.instant_at', 'handoff_teams.hours_time_zone') }} as date
        ) as local_date
    from instants
    inner join handoff_teams
        on instants.handoff_id = handoff_teams.handoff_id
),

instant_positions as (
    select
        instants_local.handoff_id,
        instants_local.instant_name,
        max(calendar.open_minutes_before_day) + sum(
            case
                when calendar.opens_at is null then 0
                else least(
                    greatest(
                        {{ seam.minutes_between(
                            'calendar.opens_at', 'instants_local.instant_at'
                        ) }},
                        0
                    ),
                    calendar.open_minutes
                )
            end
        ) as open_minutes_position
    from instants_local
    inner join calendar
        on
            instants_local.hours_team = calendar.team
            and instants_local.local_date = calendar.local_date
    group by instants_local.handoff_id, instants_local.instant_name
),

positions as (
    select
        handoff_id,
        max(case when instant_name = 'handed_off' then open_minutes_position end)
            as handed_off_position,
        max(case when instant_name = 'first_reply' then open_minutes_position end)
            as first_reply_position,
        max(case when instant_name = 'first_useful_reply' then open_minutes_position end)
            as first_useful_reply_position
    from instant_positions
    group by handoff_id
),

final as (
    select
        first_replies.handoff_id,
        first_replies.conversation_id,
        first_replies.first_human_message_id,
        first_replies.first_human_reply_at,
        first_replies.first_useful_message_id,
        first_replies.first_useful_reply_at,
        {{ seam.minutes_between(
            'first_replies.handed_off_at', 'first_replies.first_human_reply_at'
        ) }} as first_reply_minutes,
        {{ seam.minutes_between(
            'first_replies.handed_off_at', 'first_replies.first_useful_reply_at'
        ) }} as first_useful_reply_minutes,
        positions.first_reply_position - positions.handed_off_position
            as first_reply_business_minutes,
        positions.first_useful_reply_position - positions.handed_off_position
            as first_useful_reply_business_minutes,
        {{ seam.minutes_between(
            'first_replies.first_human_reply_at', 'first_replies.first_useful_reply_at'
        ) }} as reply_to_useful_minutes,
        handoff_teams.hours_team as business_hours_team
    from first_replies
    left join positions
        on first_replies.handoff_id = positions.handoff_id
    left join handoff_teams
        on first_replies.handoff_id = handoff_teams.handoff_id
)

select * from final
