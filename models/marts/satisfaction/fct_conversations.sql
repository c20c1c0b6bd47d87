{{ config(**seam.incremental_by_conversation()) }}
{{ seam.after_reconciliation() }}

{#- Built only when the input guards hold (audit_input_guards: an error-level guard stops the
    marts, which keep the last good build). Not a dependency of its unit tests (fixtures). #}
{% if model.resource_type != 'unit_test' -%}
-- depends_on: {{ ref('audit_input_guards') }}
{%- endif %}

with

conversations as (
    select * from {{ seam.touched_ref('int_conversations_pathed') }}
),

attributed_surveys as (
    select * from {{ seam.touched_ref('int_surveys_attributed') }}
),

surveys_pivoted as (
    select
        conversation_id,
        max(case when survey_type = 'nps' then score end) as nps_score,
        max(case when survey_type = 'nps' then responded_at end) as nps_responded_at,
        max(case when survey_type = 'csat' then score end) as csat_score,
        max(case when survey_type = 'csat' then responded_at end) as csat_responded_at,
        max(case when survey_type = 'ces' then score end) as ces_score,
        max(case when survey_type = 'ces' then responded_at end) as ces_responded_at
    from attributed_surveys
    group by conversation_id
),

final as (
    select
        conversations.conversation_id,
        conversations.customer_id,
        conversations.path,
        conversations.ai_resolution_kind,
        conversations.is_durable,
        conversations.has_recontact,
        conversations.is_resolved,
        conversations.has_ai_reply,
        conversations.has_human_reply,
        conversations.has_human_reply_after_ai,
        conversations.has_handoff_row,
        conversations.has_ai_after_human,
        conversations.channel,
        conversations.status,
        conversations.ai_resolution_state,
        conversations.topic,
        conversations.priority,
        conversations.team,
        conversations.created_at,
        conversations.closed_at,
        conversations.week_start,
        conversations.month_start,
        conversations.first_ai_reply_at,
        conversations.last_ai_reply_at,
        conversations.first_human_reply_at,
        conversations.last_human_reply_at,
        conversations.first_human_reply_after_ai_at,
        conversations.first_handoff_at,
        {{ seam.minutes_between('conversations.created_at', 'conversations.first_ai_reply_at') }}
            as first_ai_reply_minutes,
        {{ seam.minutes_between('conversations.created_at', 'conversations.first_human_reply_at') }}
            as first_human_reply_minutes,
        cast(conversations.n_ai_replies as {{ dbt.type_bigint() }}) as n_ai_replies,
        cast(conversations.n_human_replies as {{ dbt.type_bigint() }}) as n_human_replies,
        cast(conversations.n_handoffs as {{ dbt.type_bigint() }}) as n_handoffs,
        cast(surveys_pivoted.nps_score as {{ seam.type_double() }}) as nps_score,
        {{ seam.nps_category('surveys_pivoted.nps_score') }} as nps_category,
        surveys_pivoted.nps_responded_at,
        cast(surveys_pivoted.csat_score as {{ seam.type_double() }}) as csat_score,
        surveys_pivoted.csat_responded_at,
        cast(surveys_pivoted.ces_score as {{ seam.type_double() }}) as ces_score,
        surveys_pivoted.ces_responded_at
    from conversations
    left join surveys_pivoted
        on conversations.conversation_id = surveys_pivoted.conversation_id
)

select * from final
