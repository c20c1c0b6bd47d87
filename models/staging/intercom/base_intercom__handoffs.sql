{#- The contract's `handoffs` from Intercom: Fin assigns the conversation to a team or a
    teammate before the first teammate's comment (doc `intercom_mapping`). Intercom keeps no
    handoff packet, reason or AI confidence: those columns are null. -#}
{{ config(enabled=var('seam_source') == 'intercom') }}

with

parts as (
    select * from {{ seam.vendor_table('intercom', 'conversation_part_history') }}
),

teams as (
    select * from {{ seam.vendor_table('intercom', 'team') }}
),

admins as (
    select * from {{ seam.vendor_table('intercom', 'admin') }}
),

messages as (
    select * from {{ ref('base_intercom__messages') }}
),

first_ai_replies as (
    select
        conversation_id,
        min(sent_at) as first_ai_reply_at
    from messages
    where author_role = 'ai' and not is_internal
    group by conversation_id
),

{# the first public teammate message after the AI's first reply #}
first_human_replies as (
    select
        messages.conversation_id,
        min(messages.sent_at) as first_human_reply_at
    from messages
    inner join first_ai_replies
        on
            messages.conversation_id = first_ai_replies.conversation_id
            and messages.sent_at > first_ai_replies.first_ai_reply_at
    where messages.author_role = 'agent' and not messages.is_internal
    group by messages.conversation_id
),

bot_assignments as (
    select
        cast(parts.id as {{ dbt.type_string() }}) as handoff_id,
        cast(parts.conversation_id as {{ dbt.type_string() }}) as conversation_id,
        parts.created_at as handed_off_at,
        coalesce(teams.name, admins.name, cast(parts.assigned_to_id as {{ dbt.type_string() }}))
            as to_queue,
        parts.{{ seam.vendor_synced_column() }}
    from parts
    left join teams
        on
            parts.assigned_to_type = 'team'
            and cast(parts.assigned_to_id as {{ dbt.type_string() }})
            = cast(teams.id as {{ dbt.type_string() }})
    left join admins
        on
            parts.assigned_to_type = 'admin'
            and cast(parts.assigned_to_id as {{ dbt.type_string() }})
            = cast(admins.id as {{ dbt.type_string() }})
    where
        parts.part_type in ('assignment', 'assign_and_reopen')
        and parts.author_type = 'bot'
        and parts.assigned_to_type in ('team', 'admin')
),

handoffs as (
    select bot_assignments.*
    from bot_assignments
    inner join first_ai_replies
        on bot_assignments.conversation_id = first_ai_replies.conversation_id
    left join first_human_replies
        on bot_assignments.conversation_id = first_human_replies.conversation_id
    where
        bot_assignments.handed_off_at >= first_ai_replies.first_ai_reply_at
        and (
            first_human_replies.first_human_reply_at is null
            or bot_assignments.handed_off_at <= first_human_replies.first_human_reply_at
        )
),

mapped as (
    select
        handoff_id,
        conversation_id,
        handed_off_at,
        to_queue,
        {%- for column in seam.contract_columns('handoffs')[4:] %}
            cast(null as {{ dbt.type_string() }}) as {{ column }},
        {%- endfor %}
        {{ seam.vendor_synced_column() }} as {{ var('raw_loaded_at_column') }}
    from handoffs
)

select * from mapped
