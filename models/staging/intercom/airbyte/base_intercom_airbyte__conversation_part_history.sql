{#- Intercom's `conversation_parts` stream as Airbyte lands it, as the columns of Fivetran's
    `conversation_part_history`: one row per synced version of a part, epoch times parsed,
    the author from the nested `author` object, the assignee from `assigned_to`, an object
    {type, id} or a bare id (a JSON string or number) whose type is read from the teams and
    admins streams: a team's id makes it a team, else an admin's id an admin, else none. -#}
{{ config(enabled=var('seam_source') == 'intercom' and var('seam_elt') == 'airbyte') }}

with

parts as (
    select * from {{ source('intercom_airbyte', 'conversation_parts') }}
),

versions as (
    {{ seam.airbyte_latest_rows('parts', ['id', 'updated_at']) }}
),

mapped as (
    select
        id,
        conversation_id,
        part_type,
        body,
        {{ seam.airbyte_timestamp('created_at') }} as created_at,
        {{ seam.airbyte_timestamp('updated_at') }} as updated_at,
        {{ seam.json_field('author', 'id') }} as author_id,
        {{ seam.json_field('author', 'type') }} as author_type,
        case
            when {{ seam.json_field('assigned_to', 'id') }} is not null
                then {{ seam.json_field('assigned_to', 'id') }}
            when {{ seam.regexp_like(
                'cast(assigned_to as ' ~ dbt.type_string() ~ ')', '^"?[A-Za-z0-9_.:-]+"?$'
            ) }}
                then replace(cast(assigned_to as {{ dbt.type_string() }}), '"', '')
        end as assigned_to_id,
        {{ seam.json_field('assigned_to', 'type') }} as assigned_to_declared_type,
        _airbyte_extracted_at
    from versions
),

teams as (
    select cast(id as {{ dbt.type_string() }}) as team_id
    from {{ ref('base_intercom_airbyte__team') }}
),

admins as (
    select cast(id as {{ dbt.type_string() }}) as admin_id
    from {{ ref('base_intercom_airbyte__admin') }}
),

typed as (
    select
        mapped.id,
        mapped.conversation_id,
        mapped.part_type,
        mapped.body,
        mapped.created_at,
        mapped.updated_at,
        mapped.author_id,
        mapped.author_type,
        mapped.assigned_to_id,
        coalesce(
            mapped.assigned_to_declared_type,
            case
                when teams.team_id is not null then 'team'
                when admins.admin_id is not null then 'admin'
            end
        ) as assigned_to_type,
        mapped._airbyte_extracted_at
    from mapped
    left join teams
        on
            mapped.assigned_to_declared_type is null
            and mapped.assigned_to_id = teams.team_id
    left join admins
        on
            mapped.assigned_to_declared_type is null
            and mapped.assigned_to_id = admins.admin_id
)

select * from typed
