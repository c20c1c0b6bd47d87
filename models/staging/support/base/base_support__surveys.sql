{%- set columns = [
    'response_id', 'conversation_id', 'responded_at', 'survey_type', 'score', 'comment',
] -%}

{#- Incremental by conversation (rules: doc `incremental_runs`); the duplicate-key check reads
    the whole raw history, so a batch sees keys that older rows already hold. -#}
{{ config(**seam.incremental_by_conversation()) }}

with

deduplicated as (
    {{ seam.deduplicated_raw('surveys', columns, touched_only=true) }}
),

key_versions as (
    {{ seam.raw_key_versions(
        'surveys', 'response_id', columns, keys_from='deduplicated'
    ) }}
),

conversations as (
    select
        conversation_id,
        created_at
    from {{ ref('base_support__conversations') }}
    where rejection_reason is null
),

survey_types as (
    select * from {{ seam.vocabulary_lookup('survey_type') }}
),

scales as (
    select * from {{ seam.seed_ref('survey_scales') }}
),

parsed as (
    select
        {{ seam.clean_text('deduplicated.response_id') }} as response_id,
        {{ seam.clean_text('deduplicated.conversation_id') }} as conversation_id,
        {{ seam.parse_timestamp_utc('deduplicated.responded_at') }} as responded_at,
        survey_types.canonical_value as survey_type,
        {{ seam.safe_cast(seam.clean_text('deduplicated.score'), seam.type_double()) }} as score,
        {{ seam.clean_text('deduplicated.comment_redacted') }} as comment,
        {{ seam.clean_text('deduplicated.responded_at') }} as responded_at_raw,
        {{ seam.clean_text('deduplicated.survey_type') }} as survey_type_raw,
        {{ seam.clean_text('deduplicated.score') }} as score_raw,
        deduplicated.exact_copies,
        deduplicated.raw_row_id
    from {{ seam.pii_redacted('deduplicated', ['comment']) }} as deduplicated
    left join survey_types
        on lower({{ seam.clean_text('deduplicated.survey_type') }}) = survey_types.raw_value
    {# computed once: `checked` reads the parsed timestamps several times, and Postgres
        would otherwise inline the parse (regexes, calendar check) at every read #}
    {{ seam.subquery_fence() }}
),

checked as (
    select
        parsed.*,
        case
            when parsed.response_id is null then 'null_key'
            when key_versions.version_status is not null then key_versions.version_status
            when
                parsed.conversation_id is null
                or parsed.responded_at_raw is null
                or parsed.survey_type_raw is null
                or parsed.score_raw is null
                then 'missing_required_value'
            when parsed.responded_at is null or parsed.score is null then 'unparsable_value'
            when {{ seam.is_implausible_timestamp('parsed.responded_at') }}
                then 'implausible_timestamp'
            when parsed.survey_type is null then 'unknown_vocabulary'
            when
                parsed.score < scales.min_score
                or parsed.score > scales.max_score
                or (scales.is_integer_scale and parsed.score <> floor(parsed.score))
                then 'score_out_of_range'
            when conversations.conversation_id is null then 'orphan'
            when parsed.responded_at < conversations.created_at
                then 'timestamp_before_conversation'
        end as rejection_reason
    from parsed
    left join scales
        on parsed.survey_type = scales.survey_type
    left join conversations
        on parsed.conversation_id = conversations.conversation_id
    left join key_versions
        on parsed.raw_row_id = key_versions.raw_row_id
)

select * from checked
