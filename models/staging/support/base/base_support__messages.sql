{%- set columns = [
    'message_id', 'conversation_id', 'sent_at', 'author_role', 'author_id', 'is_internal', 'body',
] -%}

{#- Incremental by conversation (rules: doc `incremental_runs`); the duplicate-key check reads
    the whole raw history, so a batch sees keys that older rows already hold. -#}
{{ config(**seam.incremental_by_conversation()) }}

with

deduplicated as (
    {{ seam.deduplicated_raw('messages', columns, touched_only=true) }}
),

conversations as (
    select
        conversation_id,
        created_at
    from {{ ref('base_support__conversations') }}
    where rejection_reason is null
),

author_roles as (
    select * from {{ seam.vocabulary_lookup('author_role') }}
),

key_versions as (
    {{ seam.raw_key_versions('messages', 'message_id', columns, keys_from='deduplicated') }}
),

parsed as (
    select
        {{ seam.clean_text('deduplicated.message_id') }} as message_id,
        {{ seam.clean_text('deduplicated.conversation_id') }} as conversation_id,
        {{ seam.parse_timestamp_utc('deduplicated.sent_at') }} as sent_at,
        author_roles.canonical_value as author_role,
        {{ seam.pseudonymised_id('deduplicated.author_id') }} as author_id,
        coalesce({{ seam.parse_boolean('deduplicated.is_internal') }}, false) as is_internal,
        deduplicated.body_redacted as body,
        {{ seam.clean_text('deduplicated.sent_at') }} as sent_at_raw,
        {{ seam.clean_text('deduplicated.author_role') }} as author_role_raw,
        {{ seam.clean_text('deduplicated.is_internal') }} as is_internal_raw,
        {{ seam.parse_boolean('deduplicated.is_internal') }} as is_internal_parsed,
        deduplicated.exact_copies,
        deduplicated.raw_row_id
    from {{ seam.pii_redacted('deduplicated', ['body']) }} as deduplicated
    left join author_roles
        on lower({{ seam.clean_text('deduplicated.author_role') }}) = author_roles.raw_value
    {# computed once: `checked` reads the parsed timestamps several times, and Postgres
        would otherwise inline the parse (regexes, calendar check) at every read #}
    {{ seam.subquery_fence() }}
),

checked as (
    select
        parsed.*,
        case
            when parsed.message_id is null then 'null_key'
            when key_versions.version_status is not null then key_versions.version_status
            when
                parsed.conversation_id is null
                or parsed.sent_at_raw is null
                or parsed.author_role_raw is null
                then 'missing_required_value'
            when
                parsed.sent_at is null
                or (parsed.is_internal_raw is not null and parsed.is_internal_parsed is null)
                then 'unparsable_value'
            when {{ seam.is_implausible_timestamp('parsed.sent_at') }} then 'implausible_timestamp'
            when parsed.author_role is null then 'unknown_vocabulary'
            when conversations.conversation_id is null then 'orphan'
            when parsed.sent_at < conversations.created_at then 'timestamp_before_conversation'
        end as rejection_reason
    from parsed
    left join conversations
        on parsed.conversation_id = conversations.conversation_id
    left join key_versions
        on parsed.raw_row_id = key_versions.raw_row_id
)

select * from checked
