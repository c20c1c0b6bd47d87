{{ config(**seam.incremental_by_conversation()) }}

with

{# Read twice, each time filtered: inlined into both readers on DuckDB. #}
messages as {{ seam.cte_not_materialized() }} (
    select * from {{ seam.touched_ref('int_handoff_messages_scoped') }}
),

sentences as (
    select * from {{ seam.touched_ref('int_text_sentences_classified') }}
),

tokens as (
    select * from {{ seam.touched_ref('int_text_tokens_split') }}
),

handoffs as (
    select * from {{ seam.touched_ref('int_handoffs_identified') }}
),

markers as (
    select * from {{ seam.seed_ref('basics_markers') }}
),

labels as (
    select * from {{ ref('int_text_message_labels') }}
),

agent_replies as (
    select
        message_id,
        conversation_id,
        handoff_id,
        author_id,
        sent_at
    from messages
    where is_after_handoff and is_public and author_role = 'agent'
),

sentence_flags as (
    select
        message_id,
        max(language) as language,  -- noqa: RF04
        count(*) as n_sentences,
        sum(case when is_substantive then 1 else 0 end) as n_substantive_sentences,
        max(case when has_greeting then 1 else 0 end) = 1 as has_greeting,
        max(case when has_holding then 1 else 0 end) = 1 as has_holding,
        max(case when has_apology then 1 else 0 end) = 1 as has_apology,
        max(case when has_closing then 1 else 0 end) = 1 as has_closing,
        max(case when has_restate_request then 1 else 0 end) = 1 as has_restate_request,
        max(case when has_basics_request then 1 else 0 end) = 1 as has_basics_request,
        max(case when has_request then 1 else 0 end) = 1 as has_request,
        max(case when has_redirect then 1 else 0 end) = 1 as has_redirect,
        max(case when asks_email then 1 else 0 end) = 1 as asks_email,
        max(case when asks_identifier then 1 else 0 end) = 1 as asks_identifier,
        max(case when asks_platform then 1 else 0 end) = 1 as asks_platform
    from sentences
    group by message_id
),

{#
    When each basic detail first appeared in the public thread (any author). The basic items
    a word shows (seed join, identifier regex) are worked out once per distinct word (some
    120k at 1M conversations), not per token row (28M); the tokens join those few words
    before they join their messages. The distinct words are read from the tokens table itself,
    so the tokens CTE keeps one reader (an engine that materialises a CTE read twice would
    write all its rows out).
#}
thread_words as (
    select distinct token
    from {{ seam.touched_ref('int_text_tokens_split') }}
),

word_items as (
    select
        thread_words.token,
        markers.basic_item
    from thread_words
    inner join markers
        on thread_words.token = markers.marker
    where markers.found_in in ('thread', 'any')
    union all
    select
        token,
        'identifier' as basic_item
    from thread_words
    where {{ seam.regexp_like('token', var('basics_identifier_token_pattern')) }}
),

thread_marker_hits as (
    select
        messages.conversation_id,
        messages.sent_at,
        word_items.basic_item
    from tokens
    inner join word_items
        on tokens.token = word_items.token
    inner join messages
        on tokens.message_id = messages.message_id
    where messages.is_public
),

thread_known as (
    select
        conversation_id,
        min(case when basic_item = 'email' then sent_at end) as email_known_at,
        min(case when basic_item = 'identifier' then sent_at end) as identifier_known_at,
        min(case when basic_item = 'platform' then sent_at end) as platform_known_at
    from thread_marker_hits
    group by conversation_id
),

packet_identifiers as (
    select
        handoff_id,
        packet_identifiers
    from handoffs
    where packet_identifiers is not null
),

packet_tokens as (
    {{ seam.tokenise('packet_identifiers', ['handoff_id'], 'packet_identifiers') }}
),

packet_marker_hits as (
    select
        packet_tokens.handoff_id,
        markers.basic_item
    from packet_tokens
    inner join markers
        on packet_tokens.token = markers.marker
    where markers.found_in in ('packet', 'any')
    union all
    select
        handoff_id,
        'identifier' as basic_item
    from packet_tokens
    where {{ seam.regexp_like('token', var('basics_identifier_token_pattern')) }}
),

packet_known as (
    select
        handoff_id,
        max(case when basic_item = 'email' then 1 else 0 end) = 1 as has_email,
        max(case when basic_item = 'identifier' then 1 else 0 end) = 1 as has_identifier,
        max(case when basic_item = 'platform' then 1 else 0 end) = 1 as has_platform
    from packet_marker_hits
    group by handoff_id
),

flagged as (
    select
        agent_replies.*,
        labels.useful_reply_label as useful_label,
        coalesce(sentence_flags.language, 'unknown') as language,  -- noqa: RF04
        coalesce(sentence_flags.n_sentences, 0) as n_sentences,
        coalesce(sentence_flags.n_substantive_sentences, 0) as n_substantive_sentences,
        coalesce(sentence_flags.has_greeting, false) as has_greeting,
        coalesce(sentence_flags.has_holding, false) as has_holding,
        coalesce(sentence_flags.has_apology, false) as has_apology,
        coalesce(sentence_flags.has_closing, false) as has_closing,
        coalesce(sentence_flags.has_restate_request, false) as has_restate_request,
        coalesce(sentence_flags.has_basics_request, false) as has_basics_request,
        coalesce(sentence_flags.has_request, false) as has_request,
        coalesce(sentence_flags.has_redirect, false) as has_redirect,
        coalesce(sentence_flags.asks_email, false) as asks_email,
        coalesce(sentence_flags.asks_identifier, false) as asks_identifier,
        coalesce(sentence_flags.asks_platform, false) as asks_platform,
        coalesce(packet_known.has_email, false)
        or coalesce(thread_known.email_known_at < agent_replies.sent_at, false)
            as is_email_known,
        coalesce(packet_known.has_identifier, false)
        or coalesce(thread_known.identifier_known_at < agent_replies.sent_at, false)
            as is_identifier_known,
        coalesce(packet_known.has_platform, false)
        or coalesce(thread_known.platform_known_at < agent_replies.sent_at, false)
            as is_platform_known
    from agent_replies
    left join sentence_flags
        on agent_replies.message_id = sentence_flags.message_id
    left join packet_known
        on agent_replies.handoff_id = packet_known.handoff_id
    left join thread_known
        on agent_replies.conversation_id = thread_known.conversation_id
    left join labels
        on agent_replies.message_id = labels.message_id
),

final as (
    select
        message_id,
        conversation_id,
        handoff_id,
        author_id,
        sent_at,
        language,
        n_sentences,
        n_substantive_sentences,
        has_greeting,
        has_holding,
        has_apology,
        has_closing,
        has_restate_request,
        has_basics_request,
        has_request,
        has_redirect,
        asks_email,
        asks_identifier,
        asks_platform,
        useful_label,
        (asks_email and is_email_known)
        or (asks_identifier and is_identifier_known)
        or (asks_platform and is_platform_known) as asks_known_basics,
        case
            when language = 'unknown' then 'unjudged'
            when n_substantive_sentences > 0 then 'useful'
            when has_restate_request then 'restate_request'
            when has_basics_request then 'basics_request'
            when has_request then 'request'
            when has_redirect then 'redirect'
            when has_holding then 'holding'
            when has_apology then 'apology'
            when has_greeting then 'greeting'
            when has_closing then 'closing'
            else 'other'
        end as reply_kind,
        case when language <> 'unknown' then n_substantive_sentences > 0 end as is_useful_by_rules,
        coalesce(
            useful_label, case when language <> 'unknown' then n_substantive_sentences > 0 end
        ) as is_useful,
        case
            when useful_label is not null then 'label'
            when language <> 'unknown' then 'rules'
            else 'none'
        end as useful_source
    from flagged
)

select * from final
