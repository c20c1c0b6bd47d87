{#- The contract's `conversations` from Intercom as Fivetran lands it (doc `intercom_mapping`). -#}
{{ config(enabled=var('seam_source') == 'intercom') }}

with

history as (
    select * from {{ seam.vendor_table('intercom', 'conversation_history') }}
),

parts as (
    select * from {{ seam.vendor_table('intercom', 'conversation_part_history') }}
),

teams as (
    select * from {{ seam.vendor_table('intercom', 'team') }}
),

{# type-2 history: the latest version of each conversation; Fin previews are not support #}
latest as (
    select *
    from (
        select
            history.*,
            row_number() over (
                partition by history.id
                order by history.updated_at desc, history.{{ seam.vendor_synced_column() }} desc
            ) as version_rank
        from history
    ) as ranked
    where
        version_rank = 1
        and coalesce(ai_agent_source_type, '') not in ('fin_preview', 'workflow_preview')
),

{# the last close, and who closed: a bot closing a conversation nobody resolved (Fin's
   inactivity timer) means the customer walked away #}
closes as (
    select
        conversation_id,
        created_at as closed_at,
        author_type as closed_by_type
    from (
        select
            parts.*,
            row_number() over (
                partition by parts.conversation_id order by parts.created_at desc, parts.id desc
            ) as close_rank
        from parts
        where part_type = 'close'
    ) as ranked
    where close_rank = 1
),

mapped as (
    select
        cast(latest.id as {{ dbt.type_string() }}) as conversation_id,
        cast(latest.source_author_id as {{ dbt.type_string() }}) as customer_id,
        coalesce(intercom_channel.contract_value, latest.source_type) as channel,
        latest.created_at,
        closes.closed_at,
        case
            when
                latest.state = 'closed'
                and (
                    lower(latest.ai_agent_resolution_state) = 'abandoned'
                    or (
                        closes.closed_by_type = 'bot'
                        and coalesce(intercom_ai_resolution_state.contract_value, '')
                        not in ('confirmed', 'assumed')
                    )
                )
                then 'abandoned'
            else coalesce(intercom_status.contract_value, latest.state)
        end as status,
        case
            when intercom_ai_resolution_state.vendor_value is not null
                then intercom_ai_resolution_state.contract_value
            else latest.ai_agent_resolution_state
        end as ai_resolution_state,
        cast(null as {{ dbt.type_string() }}) as topic,
        latest.priority,
        teams.name as team,
        latest.updated_at,
        latest.{{ seam.vendor_synced_column() }} as {{ var('raw_loaded_at_column') }}
    from latest
    left join closes
        on latest.id = closes.conversation_id
    left join teams
        on cast(latest.team_assignee_id as {{ dbt.type_string() }})
        = cast(teams.id as {{ dbt.type_string() }})
    left join {{ seam.vendor_lookup('intercom', 'channel') }}
        on lower(latest.source_type) = intercom_channel.vendor_value
    left join {{ seam.vendor_lookup('intercom', 'status') }}
        on lower(latest.state) = intercom_status.vendor_value
    left join {{ seam.vendor_lookup('intercom', 'ai_resolution_state') }}
        on lower(latest.ai_agent_resolution_state) = intercom_ai_resolution_state.vendor_value
)

select * from mapped
