{#- The contract's `surveys` under Intercom: the teammate rating and Fin's rating (1-5, read
    as CSAT) of each conversation, plus the contract's own `surveys` table (NPS and CES from
    a survey tool) when var vendor_contract_tables lists it (doc `intercom_mapping`). -#}
{{ config(enabled=var('seam_source') == 'intercom') }}

with

conversations as (
    select * from {{ ref('base_intercom__conversations') }}
),

history as (
    select * from {{ seam.vendor_table('intercom', 'conversation_history') }}
),

latest as (
    select history.*
    from history
    inner join conversations
        on cast(history.id as {{ dbt.type_string() }}) = conversations.conversation_id
        and history.updated_at = conversations.updated_at
),

ratings as (
    select
        {{ dbt.concat(["cast(id as " ~ dbt.type_string() ~ ")", "'-conversation-rating'"]) }}
            as response_id,
        cast(id as {{ dbt.type_string() }}) as conversation_id,
        conversation_rating_created_at as responded_at,
        'csat' as survey_type,
        cast(conversation_rating_value as {{ dbt.type_string() }}) as score,
        conversation_rating_remark as comment,
        {{ seam.vendor_synced_column() }} as {{ var('raw_loaded_at_column') }}
    from latest
    where conversation_rating_value is not null
    union all
    {# Fin's own rating has no time of its own: the conversation's last update stands in #}
    select
        {{ dbt.concat(["cast(id as " ~ dbt.type_string() ~ ")", "'-ai-agent-rating'"]) }}
            as response_id,
        cast(id as {{ dbt.type_string() }}) as conversation_id,
        updated_at as responded_at,
        'csat' as survey_type,
        cast(ai_agent_rating as {{ dbt.type_string() }}) as score,
        ai_agent_rating_remark as comment,
        {{ seam.vendor_synced_column() }} as {{ var('raw_loaded_at_column') }}
    from latest
    where ai_agent_rating is not null
),

contract_surveys as (
    {{ seam.contract_table_or_empty('surveys') }}
),

final as (
    select
        response_id,
        conversation_id,
        cast(responded_at as {{ dbt.type_string() }}) as responded_at,
        survey_type,
        score,
        comment,
        {{ var('raw_loaded_at_column') }}
    from ratings
    union all
    select
        cast(response_id as {{ dbt.type_string() }}) as response_id,
        cast(conversation_id as {{ dbt.type_string() }}) as conversation_id,
        cast(responded_at as {{ dbt.type_string() }}) as responded_at,
        cast(survey_type as {{ dbt.type_string() }}) as survey_type,
        cast(score as {{ dbt.type_string() }}) as score,
        cast(comment as {{ dbt.type_string() }}) as comment,
        {{ var('raw_loaded_at_column') }}
    from contract_surveys
)

select * from final
