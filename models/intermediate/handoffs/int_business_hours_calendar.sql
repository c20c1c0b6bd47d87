{{ config(materialized='table') }}

with

business_hours as (
    select * from {{ seam.seed_ref('business_hours') }}
),

holidays as (
    select * from {{ seam.seed_ref('holidays') }}
),

day_numbers as (
    {{ dbt.generate_series(var('business_calendar_days')) }}
),

hours_parsed as (
    select
        team,
        time_zone,
        cast(weekday as {{ dbt.type_int() }}) as open_weekday,
        cast({{ dbt.split_part('open_time', "':'", 1) }} as {{ dbt.type_int() }}) * 60
        + cast({{ dbt.split_part('open_time', "':'", 2) }} as {{ dbt.type_int() }})
            as open_minute,
        cast({{ dbt.split_part('close_time', "':'", 1) }} as {{ dbt.type_int() }}) * 60
        + cast({{ dbt.split_part('close_time', "':'", 2) }} as {{ dbt.type_int() }})
            as close_minute
    from business_hours
),

teams as (
    select distinct
        team,
        time_zone
    from hours_parsed
),

calendar_days as (
    select
        cast(
            {{ dbt.dateadd(
                'day', 'generated_number - 1',
                "cast(" ~ dbt.string_literal(dbt.escape_single_quotes(
                    var('business_calendar_start_date') | string
                )) ~ " as date)"
            ) }} as date
        ) as local_date
    from day_numbers
),

team_days as (
    select
        teams.team,
        teams.time_zone,
        calendar_days.local_date,
        {{ seam.iso_weekday('calendar_days.local_date') }} as local_weekday
    from teams
    cross join calendar_days
),

holiday_days as (
    select distinct
        team_days.team,
        team_days.local_date
    from team_days
    inner join holidays
        on
            team_days.local_date = holidays.holiday_date
            and (team_days.team = holidays.team or holidays.team = 'all')
),

{# Open windows in local wall-clock time, then converted to UTC one by one (DST-safe). #}
windows as (
    select
        team_days.team,
        team_days.time_zone,
        team_days.local_date,
        holiday_days.team is not null as is_holiday,
        {{ seam.from_local_time(
            dbt.dateadd(
                'minute', 'hours_parsed.open_minute',
                'cast(team_days.local_date as ' ~ dbt.type_timestamp() ~ ')'
            ),
            'team_days.time_zone'
        ) }} as opens_at,
        {{ seam.from_local_time(
            dbt.dateadd(
                'minute', 'hours_parsed.close_minute',
                'cast(team_days.local_date as ' ~ dbt.type_timestamp() ~ ')'
            ),
            'team_days.time_zone'
        ) }} as closes_at,
        hours_parsed.open_minute
    from team_days
    left join holiday_days
        on
            team_days.team = holiday_days.team
            and team_days.local_date = holiday_days.local_date
    left join hours_parsed
        on
            team_days.team = hours_parsed.team
            and team_days.local_weekday = hours_parsed.open_weekday
            and holiday_days.team is null
),

windows_measured as (
    select
        team,
        time_zone,
        local_date,
        is_holiday,
        opens_at,
        closes_at,
        case
            when opens_at is null then 0
            else row_number() over (
                partition by team, local_date
                order by open_minute
            )
        end as window_number,
        coalesce({{ seam.minutes_between('opens_at', 'closes_at') }}, 0) as open_minutes
    from windows
),

day_totals as (
    select
        team,
        local_date,
        sum(open_minutes) as day_open_minutes
    from windows_measured
    group by team, local_date
),

cumulative as (
    select
        team,
        local_date,
        coalesce(
            sum(day_open_minutes) over (
                partition by team
                order by local_date
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) as open_minutes_before_day
    from day_totals
),

final as (
    select
        windows_measured.team,
        windows_measured.time_zone,
        windows_measured.local_date,
        windows_measured.window_number,
        windows_measured.is_holiday,
        windows_measured.opens_at,
        windows_measured.closes_at,
        windows_measured.open_minutes,
        cumulative.open_minutes_before_day
    from windows_measured
    inner join cumulative
        on
            windows_measured.team = cumulative.team
            and windows_measured.local_date = cumulative.local_date
)

select * from final
