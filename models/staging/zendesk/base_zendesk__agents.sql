{#- The contract's `agents` from Zendesk users with an agent or admin role, less the AI's
    users (var zendesk_ai_user_criteria). A user has no team of its own in these tables and no
    hire date: both null. -#}
{{ config(enabled=var('seam_source') == 'zendesk') }}

with

users as (
    select * from {{ seam.vendor_table('zendesk', 'user') }}
),

mapped as (
    select
        cast(id as {{ dbt.type_string() }}) as agent_id,
        cast(null as {{ dbt.type_string() }}) as team,
        name as agent_name,
        cast(null as {{ dbt.type_timestamp() }}) as hired_at,
        {{ seam.vendor_synced_column() }} as {{ var('raw_loaded_at_column') }}
    from users
    where role in ('agent', 'admin') and not ({{ var('zendesk_ai_user_criteria') }})
)

select * from mapped
