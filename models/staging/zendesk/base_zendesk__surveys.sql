{#- The contract's `surveys` under Zendesk: legacy CSAT from ticket_field_history
    (satisfaction_score good / bad; `offered` is not a response) as CSAT 5 / 1 through the
    vendor_vocabulary seed, plus the contract's own `surveys` table (NPS and CES from a survey
    tool) when var vendor_contract_tables lists it (doc `zendesk_mapping`). -#}
{{ config(enabled=var('seam_source') == 'zendesk') }}

with

field_history as (
    select * from {{ seam.vendor_table('zendesk', 'ticket_field_history') }}
),

ratings as (
    select
        {{ dbt.concat([
            "cast(field_history.ticket_id as " ~ dbt.type_string() ~ ")",
            "'-satisfaction-'",
            "cast(field_history.updated as " ~ dbt.type_string() ~ ")",
        ]) }} as response_id,
        cast(field_history.ticket_id as {{ dbt.type_string() }}) as conversation_id,
        cast(field_history.updated as {{ dbt.type_string() }}) as responded_at,
        'csat' as survey_type,
        zendesk_csat_score.contract_value as score,
        cast(null as {{ dbt.type_string() }}) as comment,
        field_history.{{ seam.vendor_synced_column() }} as {{ var('raw_loaded_at_column') }}
    from field_history
    inner join {{ seam.vendor_lookup('zendesk', 'csat_score') }}
        on lower(field_history.value) = zendesk_csat_score.vendor_value
    where field_history.field_name = 'satisfaction_score'
),

contract_surveys as (
    {{ seam.contract_table_or_empty('surveys') }}
),

final as (
    select * from ratings
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
