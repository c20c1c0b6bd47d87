{#- Intercom's `conversation_parts` stream as Airbyte lands it, as the columns of Fivetran's
    `conversation_part_history`: one row per synced version of a part, epoch times parsed,
    the author from the nested `author` object, the assignee from `assigned_to`, an object
    {type, id} or a bare id (a JSON string or number: no type, so never a handoff). -#}
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
        {{ seam.json_field('assigned_to', 'type') }} as assigned_to_type,
        _airbyte_extracted_at
    from versions
)

select * from mapped
