{%- set columns = [
    'conversation_id', 'customer_id', 'channel', 'created_at', 'closed_at', 'status',
    'ai_resolution_state', 'topic', 'priority', 'team', 'updated_at',
] -%}

{#- Incremental by conversation (rules: doc `incremental_runs`). The key is the conversation,
    so a batch holds every raw row of it. -#}
{{ config(**seam.incremental_by_conversation()) }}

with

deduplicated as (
    {{ seam.deduplicated_raw('conversations', columns, touched_only=true) }}
),

key_versions as (
    {{ seam.raw_key_versions(
        'conversations', 'conversation_id', columns, keys_from='deduplicated',
        updated_at='updated_at'
    ) }}
),

channels as (
    select * from {{ seam.vocabulary_lookup('channel') }}
),

statuses as (
    select * from {{ seam.vocabulary_lookup('status') }}
),

resolution_states as (
    select * from {{ seam.vocabulary_lookup('ai_resolution_state') }}
),

parsed as (
    select
        {{ seam.clean_text('deduplicated.conversation_id') }} as conversation_id,
        {{ seam.pseudonymised_id('deduplicated.customer_id') }} as customer_id,
        coalesce(channels.canonical_value, 'other') as channel,
        {{ seam.parse_timestamp_utc('deduplicated.created_at') }} as created_at,
        {{ seam.parse_timestamp_utc('deduplicated.closed_at') }} as closed_at,
        coalesce(statuses.canonical_value, 'other') as status,
        resolution_states.canonical_value as ai_resolution_state,
        lower({{ seam.clean_text('deduplicated.topic_redacted') }}) as topic,
        lower({{ seam.clean_text('deduplicated.priority') }}) as priority,
        {{ seam.clean_text('deduplicated.team') }} as team,
        {{ seam.parse_timestamp_utc('deduplicated.updated_at') }} as updated_at,
        {{ seam.clean_text('deduplicated.channel') }} as channel_raw,
        {{ seam.clean_text('deduplicated.status') }} as status_raw,
        {{ seam.clean_text('deduplicated.ai_resolution_state') }} as ai_resolution_state_raw,
        {{ seam.clean_text('deduplicated.created_at') }} as created_at_raw,
        {{ seam.clean_text('deduplicated.closed_at') }} as closed_at_raw,
        {{ seam.clean_text('deduplicated.updated_at') }} as updated_at_raw,
        deduplicated.exact_copies,
        deduplicated.raw_row_id
    from {{ seam.pii_redacted('deduplicated', ['topic']) }} as deduplicated
    left join channels
        on lower({{ seam.clean_text('deduplicated.channel') }}) = channels.raw_value
    left join statuses
        on lower({{ seam.clean_text('deduplicated.status') }}) = statuses.raw_value
    left join resolution_states
        on
            lower({{ seam.clean_text('deduplicated.ai_resolution_state') }})
            = resolution_states.raw_value
    {# computed once: `checked` reads the parsed timestamps several times, and Postgres
        would otherwise inline the parse (regexes, calendar check) at every read #}
    {{ seam.subquery_fence() }}
),

checked as (
    select
        parsed.*,
        case
            when parsed.conversation_id is null then 'null_key'
            when key_versions.version_status is not null then key_versions.version_status
            when parsed.created_at_raw is null then 'missing_required_value'
            when
                parsed.created_at is null
                or (parsed.closed_at_raw is not null and parsed.closed_at is null)
                or (parsed.updated_at_raw is not null and parsed.updated_at is null)
                then 'unparsable_value'
            when
                {{ seam.is_implausible_timestamp('parsed.created_at') }}
                or {{ seam.is_implausible_timestamp('parsed.closed_at') }}
                or {{ seam.is_implausible_timestamp('parsed.updated_at') }}
                then 'implausible_timestamp'
            when parsed.ai_resolution_state_raw is not null and parsed.ai_resolution_state is null
                then 'unknown_vocabulary'
            when parsed.closed_at < parsed.created_at then 'timestamp_before_conversation'
        end as rejection_reason
    from parsed
    left join key_versions
        on parsed.raw_row_id = key_versions.raw_row_id
)

select * from checked
