{{ config(**seam.incremental_by_conversation()) }}

with

sentences as (
    select * from {{ seam.touched_ref('int_text_sentences_split') }}
),

tokens as (
    select * from {{ seam.touched_ref('int_text_tokens_split') }}
),

messages as (
    select * from {{ seam.touched_ref('int_handoff_messages_scoped') }}
),

matches as (
    select * from {{ seam.touched_ref('int_text_sentences_matched') }}
),

scoped_sentences as (
    select
        messages.conversation_id,
        sentences.message_id,
        sentences.language,
        sentences.sentence_number,
        sentences.sentence_text
    from sentences
    inner join messages
        on sentences.message_id = messages.message_id
    where
        messages.is_after_handoff
        and messages.is_public
        and messages.author_role in ('agent', 'customer')
),

scoped_tokens as (
    select
        tokens.message_id,
        tokens.language,
        tokens.sentence_number,
        tokens.token
    from tokens
    inner join scoped_sentences
        on
            tokens.message_id = scoped_sentences.message_id
            and tokens.sentence_number = scoped_sentences.sentence_number
),

content_tokens as (
    {{ seam.remove_stopwords('scoped_tokens', language_column='language') }}
),

matched_patterns as (
    select distinct
        pattern,
        category,
        pattern_text
    from matches
    where category not in ('substance', 'step')
),

pattern_tokens as (
    {{ seam.tokenise('matched_patterns', ['pattern', 'category'], 'pattern_text') }}
),

{# Words a matched greeting/holding/apology/... pattern accounts for are not substance. #}
covered_tokens as (
    select distinct
        matches.message_id,
        matches.sentence_number,
        pattern_tokens.token
    from matches
    inner join pattern_tokens
        on
            matches.pattern = pattern_tokens.pattern
            and matches.category = pattern_tokens.category
),

remaining_tokens as (
    select
        content_tokens.message_id,
        content_tokens.sentence_number,
        count(*) as n_content_words
    from content_tokens
    left join covered_tokens
        on
            content_tokens.message_id = covered_tokens.message_id
            and content_tokens.sentence_number = covered_tokens.sentence_number
            and content_tokens.token = covered_tokens.token
    where covered_tokens.token is null
    group by content_tokens.message_id, content_tokens.sentence_number
),

{#
    A substance or step phrase inside a longer phrase of another kind matched in the same
    sentence does not count: "the cause" in "investigating the cause" (holding) is no diagnosis,
    as the longer match says what the sentence does.
#}
inner_matches as (
    select distinct
        moving.message_id,
        moving.sentence_number,
        moving.pattern,
        moving.category
    from matches as moving
    inner join matches as other
        on
            moving.message_id = other.message_id
            and moving.sentence_number = other.sentence_number
            and other.category not in ('substance', 'step', 'repetition_marker')
            and moving.pattern_text <> other.pattern_text
            and {{ dbt.position(
                dbt.concat(["' '", 'moving.pattern_text', "' '"]),
                dbt.concat(["' '", 'other.pattern_text', "' '"])
            ) }} > 0
    where moving.category in ('substance', 'step')
),

counted_matches as (
    select matches.*
    from matches
    left join inner_matches
        on
            matches.message_id = inner_matches.message_id
            and matches.sentence_number = inner_matches.sentence_number
            and matches.pattern = inner_matches.pattern
            and matches.category = inner_matches.category
    where inner_matches.pattern is null
),

categories as (
    select
        message_id,
        sentence_number,
        max(case when category = 'greeting' then 1 else 0 end) = 1 as has_greeting,
        max(case when category = 'holding' then 1 else 0 end) = 1 as has_holding,
        max(case when category = 'apology' then 1 else 0 end) = 1 as has_apology,
        max(case when category = 'closing' then 1 else 0 end) = 1 as has_closing,
        max(case when category = 'restate_request' then 1 else 0 end) = 1
            as has_restate_request,
        max(case when category = 'basics_request' then 1 else 0 end) = 1 as has_basics_request,
        max(case when category = 'request' then 1 else 0 end) = 1 as has_request,
        max(case when category = 'redirect' then 1 else 0 end) = 1 as has_redirect,
        max(case when basic_item = 'email' then 1 else 0 end) = 1 as asks_email,
        max(case when basic_item = 'identifier' then 1 else 0 end) = 1 as asks_identifier,
        max(case when basic_item = 'platform' then 1 else 0 end) = 1 as asks_platform,
        max(case when category = 'substance' then 1 else 0 end) = 1 as has_substance_pattern,
        max(case when category = 'step' then 1 else 0 end) = 1 as has_step_pattern,
        max(case when category = 'repetition_marker' then 1 else 0 end) = 1
            as has_repetition_marker
    from counted_matches
    group by message_id, sentence_number
),

combined as (
    select
        scoped_sentences.conversation_id,
        scoped_sentences.message_id,
        scoped_sentences.language,
        scoped_sentences.sentence_number,
        scoped_sentences.sentence_text,
        coalesce(categories.has_greeting, false) as has_greeting,
        coalesce(categories.has_holding, false) as has_holding,
        coalesce(categories.has_apology, false) as has_apology,
        coalesce(categories.has_closing, false) as has_closing,
        coalesce(categories.has_restate_request, false) as has_restate_request,
        coalesce(categories.has_basics_request, false) as has_basics_request,
        coalesce(categories.has_request, false) as has_request,
        coalesce(categories.has_redirect, false) as has_redirect,
        coalesce(categories.asks_email, false) as asks_email,
        coalesce(categories.asks_identifier, false) as asks_identifier,
        coalesce(categories.asks_platform, false) as asks_platform,
        coalesce(categories.has_substance_pattern, false) as has_substance_pattern,
        coalesce(categories.has_step_pattern, false) as has_step_pattern,
        {{ dbt.position("'<question>'", 'scoped_sentences.sentence_text') }} > 0 as is_question,
        coalesce(categories.has_repetition_marker, false) as has_repetition_marker,
        coalesce(remaining_tokens.n_content_words, 0) as n_content_words
    from scoped_sentences
    left join categories
        on
            scoped_sentences.message_id = categories.message_id
            and scoped_sentences.sentence_number = categories.sentence_number
    left join remaining_tokens
        on
            scoped_sentences.message_id = remaining_tokens.message_id
            and scoped_sentences.sentence_number = remaining_tokens.sentence_number
),

{#
    Substance: an answer, action or diagnosis pattern in a sentence that neither sends the
    customer elsewhere nor asks them for something; or a step pattern in a sentence that neither sends them elsewhere, nor
    asks them for something, nor is a question asking for a detail or a restatement; or enough content words in a sentence that is not a question, a
    request of any kind, a redirect, a holding line or an apology.
#}
final as (
    select
        combined.*,
        (
            combined.has_substance_pattern
            and not combined.has_redirect
            and not combined.has_request
        )
        or (
            combined.has_step_pattern
            and not combined.has_request
            and not combined.has_redirect
            and not (
                combined.is_question
                and (combined.has_restate_request or combined.has_basics_request)
            )
        )
        or (
            not combined.is_question
            and not combined.has_restate_request
            and not combined.has_basics_request
            and not combined.has_request
            and not combined.has_redirect
            and not combined.has_holding
            and not combined.has_apology
            and combined.n_content_words >= {{ var('reply_substance_min_content_words') }}
        ) as is_substantive
    from combined
)

select * from final
