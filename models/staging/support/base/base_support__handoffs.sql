{%- set columns = [
    'handoff_id', 'conversation_id', 'handed_off_at', 'to_queue', 'reason_code', 'ai_confidence',
    'packet_transcript_included', 'packet_summary', 'packet_identifiers', 'packet_ai_actions',
    'packet_evidence', 'packet_sentiment',
] -%}
{%- set packet_text_columns = [
    'packet_summary', 'packet_identifiers', 'packet_ai_actions', 'packet_evidence',
    'packet_sentiment',
] -%}

{#- Incremental by conversation (rules: doc `incremental_runs`); the duplicate-key check reads
    the whole raw history, so a batch sees keys that older rows already hold. -#}
{{ config(**seam.incremental_by_conversation()) }}

with

deduplicated as (
    {{ seam.deduplicated_raw('handoffs', columns, var('has_handoffs'), touched_only=true) }}
),

key_versions as (
    {{ seam.raw_key_versions(
        'handoffs', 'handoff_id', columns, var('has_handoffs'), keys_from='deduplicated'
    ) }}
),

conversations as (
    select
        conversation_id,
        created_at
    from {{ ref('base_support__conversations') }}
    where rejection_reason is null
),

parsed as (
    select
        {{ seam.clean_text('handoff_id') }} as handoff_id,
        {{ seam.clean_text('conversation_id') }} as conversation_id,
        {{ seam.parse_timestamp_utc('handed_off_at') }} as handed_off_at,
        lower({{ seam.clean_text('to_queue') }}) as to_queue,
        lower({{ seam.clean_text('reason_code') }}) as reason_code,
        {{ seam.safe_cast(seam.clean_text('ai_confidence'), seam.type_double()) }} as ai_confidence,
        {{ seam.parse_boolean('packet_transcript_included') }} as packet_transcript_included,
        packet_summary_redacted as packet_summary,
        packet_identifiers_redacted as packet_identifiers,
        packet_ai_actions_redacted as packet_ai_actions,
        packet_evidence_redacted as packet_evidence,
        packet_sentiment_redacted as packet_sentiment,
        {{ seam.clean_text('handed_off_at') }} as handed_off_at_raw,
        {{ seam.clean_text('ai_confidence') }} as ai_confidence_raw,
        {{ seam.clean_text('packet_transcript_included') }} as packet_transcript_included_raw,
        exact_copies,
        raw_row_id
    from {{ seam.pii_redacted('deduplicated', packet_text_columns) }} as deduplicated
    {# computed once: `checked` reads the parsed timestamps several times, and Postgres
        would otherwise inline the parse (regexes, calendar check) at every read #}
    {{ seam.subquery_fence() }}
),

checked as (
    select
        parsed.*,
        case
            when parsed.handoff_id is null then 'null_key'
            when key_versions.version_status is not null then key_versions.version_status
            when parsed.conversation_id is null or parsed.handed_off_at_raw is null
                then 'missing_required_value'
            when
                parsed.handed_off_at is null
                or (parsed.ai_confidence_raw is not null and parsed.ai_confidence is null)
                or (
                    parsed.packet_transcript_included_raw is not null
                    and parsed.packet_transcript_included is null
                )
                then 'unparsable_value'
            when {{ seam.is_implausible_timestamp('parsed.handed_off_at') }}
                then 'implausible_timestamp'
            when parsed.ai_confidence < 0 or parsed.ai_confidence > 1 then 'score_out_of_range'
            when conversations.conversation_id is null then 'orphan'
            when parsed.handed_off_at < conversations.created_at
                then 'timestamp_before_conversation'
        end as rejection_reason
    from parsed
    left join conversations
        on parsed.conversation_id = conversations.conversation_id
    left join key_versions
        on parsed.raw_row_id = key_versions.raw_row_id
)

select * from checked
