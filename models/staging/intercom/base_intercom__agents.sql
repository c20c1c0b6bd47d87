{#- The contract's `agents` from Intercom's admins; an admin's team is the first team
    (by team id) that lists them. Intercom has no hire date (null). -#}
{{ config(enabled=var('seam_source') == 'intercom') }}

with

admins as (
    select * from {{ seam.vendor_table('intercom', 'admin') }}
),

team_admins as (
    select * from {{ seam.vendor_table('intercom', 'team_admin') }}
),

teams as (
    select * from {{ seam.vendor_table('intercom', 'team') }}
),

first_teams as (
    select
        admin_id,
        min(cast(team_id as {{ dbt.type_string() }})) as team_id
    from team_admins
    group by admin_id
),

mapped as (
    select
        cast(admins.id as {{ dbt.type_string() }}) as agent_id,
        teams.name as team,
        admins.name as agent_name,
        cast(null as {{ dbt.type_timestamp() }}) as hired_at,
        admins.{{ seam.vendor_synced_column() }} as {{ var('raw_loaded_at_column') }}
    from admins
    left join first_teams
        on cast(admins.id as {{ dbt.type_string() }}) = cast(first_teams.admin_id as {{ dbt.type_string() }})
    left join teams
        on first_teams.team_id = cast(teams.id as {{ dbt.type_string() }})
    where not {{ seam.vendor_is_deleted('admins') }}
)

select * from mapped
