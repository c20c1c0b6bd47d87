{#-
    The text sub-system's output: one row per public agent or customer message at or after a
    handoff, with what the classifiers found. Agent rows carry the reply kind and usefulness,
    customer rows the re-explanation judgement; the other side's columns are null. Models
    outside intermediate/text read only this.
-#}
with

agent_replies as (
    select * from {{ ref('int_text_agent_replies_classified') }}
),

customer_followups as (
    select * from {{ ref('int_text_customer_followups_classified') }}
),

final as (
    select
        message_id,
        conversation_id,
        handoff_id,
        'agent' as author_role,
        sent_at,
        language,
        reply_kind,
        has_restate_request,
        has_basics_request,
        asks_known_basics,
        is_useful_by_rules,
        is_useful,
        useful_source,
        cast(null as {{ dbt.type_string() }}) as re_explanation_rule,
        cast(null as {{ dbt.type_boolean() }}) as is_re_explanation_by_rules,
        cast(null as {{ dbt.type_boolean() }}) as is_re_explanation,
        cast(null as {{ dbt.type_string() }}) as re_explanation_source
    from agent_replies

    union all

    select
        message_id,
        conversation_id,
        handoff_id,
        'customer' as author_role,
        sent_at,
        language,
        cast(null as {{ dbt.type_string() }}) as reply_kind,
        cast(null as {{ dbt.type_boolean() }}) as has_restate_request,
        cast(null as {{ dbt.type_boolean() }}) as has_basics_request,
        cast(null as {{ dbt.type_boolean() }}) as asks_known_basics,
        cast(null as {{ dbt.type_boolean() }}) as is_useful_by_rules,
        cast(null as {{ dbt.type_boolean() }}) as is_useful,
        cast(null as {{ dbt.type_string() }}) as useful_source,
        re_explanation_rule,
        is_re_explanation_by_rules,
        is_re_explanation,
        re_explanation_source
    from customer_followups
)

select * from final
