{#- Intercom's `conversations` stream as Airbyte lands it, as the columns of Fivetran's
    `conversation_history` that base_intercom__* read (doc `intercom_mapping`): one row per
    synced version (append sync; the base model keeps the latest by updated_at), epoch times
    parsed, the nested `source`, `ai_agent` and `conversation_rating` objects flattened.
    The connector pins Intercom's API 2.11 (resolution state `routed_to_team`). -#}
{{ config(enabled=var('seam_source') == 'intercom' and var('seam_elt') == 'airbyte') }}

with

conversations as (
    select * from {{ source('intercom_airbyte', 'conversations') }}
),

{# the same version synced twice is one version #}
versions as (
    {{ seam.airbyte_latest_rows('conversations', ['id', 'updated_at']) }}
),

mapped as (
    select
        id,
        {{ seam.airbyte_timestamp('created_at') }} as created_at,
        {{ seam.airbyte_timestamp('updated_at') }} as updated_at,
        state,
        team_assignee_id,
        {{ seam.json_field('source', 'author.id') }} as source_author_id,
        {{ seam.json_field('source', 'type') }} as source_type,
        priority,
        {{ seam.json_field('ai_agent', 'source_type') }} as ai_agent_source_type,
        {{ seam.json_field('ai_agent', 'resolution_state') }} as ai_agent_resolution_state,
        {{ seam.json_field('conversation_rating', 'rating') }} as conversation_rating_value,
        {{ seam.json_field('conversation_rating', 'remark') }} as conversation_rating_remark,
        {{ seam.airbyte_timestamp(seam.json_field('conversation_rating', 'created_at')) }}
            as conversation_rating_created_at,
        {{ seam.json_field('ai_agent', 'rating') }} as ai_agent_rating,
        {{ seam.json_field('ai_agent', 'rating_remark') }} as ai_agent_rating_remark,
        _airbyte_extracted_at
    from versions
)

select * from mapped
