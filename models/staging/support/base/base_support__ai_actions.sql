{%- set columns = ['action_id', 'conversation_id', 'performed_at', 'action_name', 'outcome'] -%}

{#- Incremental by conversation (rules: doc `incremental_runs`); the duplicate-key check reads
    the whole raw history, so a batch sees keys that older rows already hold. -#}
{{ config(**seam.incremental_by_conversation()) }}

with

deduplicated as (
    {{ seam.deduplicated_raw('ai_actions', columns, var('has_ai_actions'), touched_only=true) }}
),

key_versions as (
    {{ seam.raw_key_versions(
        'ai_actions', 'action_id', columns, var('has_ai_actions'), keys_from='deduplicated'
    ) }}
),

conversations as (
    select
        conversation_id,
        created_at
    from {{ ref('base_support__conversations') }}
    where rejection_reason is null
),

outcomes as (
    select * from {{ seam.vocabulary_lookup('action_outcome') }}
),

parsed as (
    select
        {{ seam.clean_text('deduplicated.action_id') }} as action_id,
        {{ seam.clean_text('deduplicated.conversation_id') }} as conversation_id,
        {{ seam.parse_timestamp_utc('deduplicated.performed_at') }} as performed_at,
        lower({{ seam.clean_text('deduplicated.action_name') }}) as action_name,
        case
            when {{ seam.clean_text('deduplicated.outcome') }} is null then 'unknown'
            else outcomes.canonical_value
        end as outcome,
        {{ seam.clean_text('deduplicated.performed_at') }} as performed_at_raw,
        {{ seam.clean_text('deduplicated.outcome') }} as outcome_raw,
        deduplicated.exact_copies,
        deduplicated.raw_row_id
    from deduplicated
    left join outcomes
        on lower({{ seam.clean_text('deduplicated.outcome') }}) = outcomes.raw_value
    {# computed once: `checked` reads the parsed timestamps several times, and Postgres
        would otherwise inline the parse (regexes, calendar check) at every read #}
    {{ seam.subquery_fence() }}
),

checked as (
    select
        parsed.*,
        case
            when parsed.action_id is null then 'null_key'
            when key_versions.version_status is not null then key_versions.version_status
            when
                parsed.conversation_id is null
                or parsed.performed_at_raw is null
                or parsed.action_name is null
                then 'missing_required_value'
            when parsed.performed_at is null then 'unparsable_value'
            when {{ seam.is_implausible_timestamp('parsed.performed_at') }}
                then 'implausible_timestamp'
            when parsed.outcome is null then 'unknown_vocabulary'
            when conversations.conversation_id is null then 'orphan'
            when parsed.performed_at < conversations.created_at
                then 'timestamp_before_conversation'
        end as rejection_reason
    from parsed
    left join conversations
        on parsed.conversation_id = conversations.conversation_id
    left join key_versions
        on parsed.raw_row_id = key_versions.raw_row_id
)

select * from checked
