{#-
    Volume and share guards on the staged input, one row per guard and table, each with the
    measured figure, its warn and error thresholds (vars guard_*) and a status. Two data tests
    read the status: any `error` fails the build, and since fct_conversations depends on this
    model, no mart is rebuilt from that input (the marts keep the last good build); any
    `warn` is reported as a warning. A post-hook prints every breached guard with its figure.
    Rules: doc `input_guards`.
-#}
{{ config(
    materialized='table',
    post_hook="{{ seam.print_input_guards(this) }}",
) }}

{%- set required_tables_sql = "'conversations', 'messages', 'surveys'" -%}

with

reconciliation as (
    select * from {{ ref('audit_staging_reconciliation') }}
),

conversations as (
    select * from {{ ref('stg_support__conversations') }}
),

messages as (
    select * from {{ ref('stg_support__messages') }}
),

rejected_shares as (
    select
        'rejected_share' as guard_name,
        table_name,
        {#- older versions a later load replaced and deleted rows are not bad input -#}
        cast(rejected_rows - superseded_rows as {{ seam.type_double() }})
        / nullif(raw_rows - superseded_rows - deleted_rows, 0) as measured_value,
        {{ var('guard_rejected_share_warn') }} as warn_threshold,
        {{ var('guard_rejected_share_error') }} as error_threshold
    from reconciliation
    where is_enabled and raw_rows >= {{ var('guard_rejected_share_min_rows') }}
),

kept_rows as (
    select
        'min_kept_rows' as guard_name,
        table_name,
        cast(kept_rows as {{ seam.type_double() }}) as measured_value,
        {{ var('guard_min_kept_rows_warn') }} as warn_threshold,
        {{ var('guard_min_kept_rows_error') }} as error_threshold
    from reconciliation
    where table_name in ({{ required_tables_sql }})
),

{# kept conversations as the reconciliation counted them (no second count of the table) #}
conversations_counted as (
    select kept_rows as n_conversations
    from reconciliation
    where table_name = 'conversations'
),

{# kept messages always belong to a kept conversation (orphans are rejected). Grouped, then
    counted: Postgres sorts every message for a count(distinct ...) (2.7 of this model's 3.4 s
    at 100k conversations), and hashes them for a group by. #}
messaged_conversations as (
    select conversation_id
    from messages
    where conversation_id is not null
    group by conversation_id
),

messaged_conversations_counted as (
    select count(*) as n_conversations
    from messaged_conversations
),

without_messages as (
    select
        'conversations_without_messages_share' as guard_name,
        'messages' as table_name,
        case
            when conversations_counted.n_conversations > 0
                then
                    1 - cast(
                        messaged_conversations_counted.n_conversations as {{ seam.type_double() }}
                    ) / conversations_counted.n_conversations
        end as measured_value,
        {{ var('guard_conversations_without_messages_share_warn') }} as warn_threshold,
        {{ var('guard_conversations_without_messages_share_error') }} as error_threshold
    from conversations_counted
    cross join messaged_conversations_counted
),

daily_counts as (
    select
        cast(created_at as date) as created_date,
        count(*) as n_conversations
    from conversations
    group by cast(created_at as date)
),

last_load as (
    select
        max(
            {{ seam.parse_timestamp_utc(var('raw_loaded_at_column')) }}
        ) as loaded_at
    from {{ seam.raw_table('conversations') }}
),

{# the last complete day: the day before the last load, or the last day holding a
   conversation when the data ends earlier (a history loaded later) #}

compared_day as (
    select
        case
            when max(daily_counts.created_date) < cast(max(last_load.loaded_at) as date)
                then max(daily_counts.created_date)
            else cast({{ dbt.dateadd('day', -1, 'max(last_load.loaded_at)') }} as date)
        end as compared_date
    from daily_counts
    cross join last_load
),

daily_volume as (
    select
        'daily_volume_change' as guard_name,
        'conversations' as table_name,
        case
            when week_before.n_conversations >= {{ var('guard_daily_volume_min_rows') }}
                then
                    cast(coalesce(that_day.n_conversations, 0) as {{ seam.type_double() }})
                    / week_before.n_conversations - 1
        end as measured_value,
        {{ var('guard_daily_volume_change_warn') }} as warn_threshold,
        {{ var('guard_daily_volume_drop_error') }} as error_threshold
    from compared_day
    left join daily_counts as that_day
        on compared_day.compared_date = that_day.created_date
    left join daily_counts as week_before
        on
            cast({{ dbt.dateadd('day', -7, 'compared_day.compared_date') }} as date)
            = week_before.created_date
),

measured as (
    select * from rejected_shares
    union all
    select * from kept_rows
    union all
    select * from without_messages
    union all
    select * from daily_volume
),

final as (
    select
        guard_name,
        table_name,
        measured_value,
        cast(warn_threshold as {{ seam.type_double() }}) as warn_threshold,
        cast(error_threshold as {{ seam.type_double() }}) as error_threshold,
        case
            when measured_value is null then 'ok'
            when guard_name = 'min_kept_rows' and measured_value < error_threshold then 'error'
            when guard_name = 'min_kept_rows' and measured_value < warn_threshold then 'warn'
            when guard_name = 'min_kept_rows' then 'ok'
            {#- a drop that deep is lost data; a rise is only ever a warning (an incident) -#}
            when guard_name = 'daily_volume_change' and measured_value < -error_threshold
                then 'error'
            when guard_name = 'daily_volume_change' and abs(measured_value) > warn_threshold
                then 'warn'
            when guard_name = 'daily_volume_change' then 'ok'
            when measured_value > error_threshold then 'error'
            when measured_value > warn_threshold then 'warn'
            else 'ok'
        end as status
    from measured
)

select * from final
