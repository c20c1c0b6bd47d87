{{ config(**seam.incremental_by_conversation()) }}
{#- Postgres estimates the night's follow-ups at a few rows (filters compounded along the
    CTEs) and joined them to the overlaps by a nested loop: 1.4 of the model's 2.9 s at 100k
    (explain analyze); without nested loops, 2.0 s. Macro set_planner_options. -#}
{{ config(postgres_no_nested_loops=true) }}

with

messages as (
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

agent_replies as (
    select * from {{ seam.touched_ref('int_text_agent_replies_classified') }}
),

labels as (
    select * from {{ ref('int_text_message_labels') }}
),

word_concepts as (
    select * from {{ seam.seed_ref('text_word_concepts') }}
),

{# The public back-and-forth after the handoff, to find what each customer message answers. #}
dialogue as (
    select
        message_id,
        conversation_id,
        handoff_id,
        author_role,
        sent_at,
        lag(message_id) over (
            partition by conversation_id
            order by sent_at, message_id
        ) as previous_message_id,
        lag(author_role) over (
            partition by conversation_id
            order by sent_at, message_id
        ) as previous_author_role
    from messages
    where is_after_handoff and is_public and author_role in ('agent', 'customer')
),

followups as (
    select
        dialogue.message_id,
        dialogue.conversation_id,
        dialogue.handoff_id,
        dialogue.sent_at,
        coalesce(
            dialogue.previous_author_role = 'agent' and agent_replies.has_restate_request,
            false
        ) as follows_restate_request
    from dialogue
    left join agent_replies
        on dialogue.previous_message_id = agent_replies.message_id
    where dialogue.author_role = 'customer'
),

sentence_flags as (
    select
        message_id,
        max(language) as language,  -- noqa: RF04
        max(case when has_repetition_marker then 1 else 0 end) = 1 as has_repetition_marker
    from sentences
    group by message_id
),

followup_tokens as (
    select
        followups.message_id,
        followups.handoff_id,
        tokens.language,
        tokens.sentence_number,
        tokens.token
    from tokens
    inner join followups
        on tokens.message_id = followups.message_id
),

followup_content_tokens as (
    {{ seam.remove_stopwords('followup_tokens', language_column='language') }}
),

{#
    Words of one concept (seed text_word_concepts: hacked / pirated / compromised) compare
    as the concept; a shared concept weighs re_explanation_concept_weight shared words.
    The key is worked out once per distinct (word, language) of the tokens (some 120k words at
    1M conversations) rather than per token row; language is never null (not_null tests on
    the text tables), so the token rows join their word on both.
#}
word_keys as (
    select
        words.token,
        words.language,
        coalesce(
            {{ dbt.concat(["'='", 'word_concepts.concept']) }},
            {{ seam.token_match_key('words.token') }}
        ) as token_key,
        case
            when word_concepts.concept is not null
                then {{ var('re_explanation_concept_weight') }}
            else 1
        end as match_weight
    from (
        select distinct
            token,
            language
        from tokens
    ) as words
    left join word_concepts
        on
            words.token = word_concepts.word
            and words.language = word_concepts.language
),

followup_keys as (
    select
        followup_content_tokens.message_id,
        followup_content_tokens.handoff_id,
        followup_content_tokens.sentence_number,
        word_keys.token_key as token,
        word_keys.match_weight
    from followup_content_tokens
    inner join word_keys
        on
            followup_content_tokens.token = word_keys.token
            and followup_content_tokens.language = word_keys.language
),

{# What this customer had already said before the handoff the message falls under. #}
earlier_tokens as (
    select
        handoffs.handoff_id,
        tokens.language,
        tokens.token
    from handoffs
    inner join messages
        on
            handoffs.conversation_id = messages.conversation_id
            and handoffs.handed_off_at > messages.sent_at
    inner join tokens
        on messages.message_id = tokens.message_id
    where messages.is_public and messages.author_role = 'customer'
),

earlier_content_tokens as (
    {{ seam.remove_stopwords('earlier_tokens') }}
),

earlier_keys as (
    select
        earlier_content_tokens.handoff_id,
        word_keys.token_key as token
    from earlier_content_tokens
    inner join word_keys
        on
            earlier_content_tokens.token = word_keys.token
            and earlier_content_tokens.language = word_keys.language
),

{#
    The overlap rule per message and once more per sentence of the follow-up (a restating
    sentence inside a longer message that adds a plea, an opinion or a side remark), both
    counted from one join of the sentences' distinct words to the earlier words.
#}
shared_tokens as (
    {{ seam.tokens_shared(
        'followup_keys', 'earlier_keys', ['message_id', 'sentence_number'], 'handoff_id',
        weight_column='match_weight'
    ) }}
),

token_overlaps as (
    {{ seam.token_overlap_from_shared(
        'shared_tokens', 'message_id', 'handoff_id', weight_column='match_weight'
    ) }}
),

sentence_overlaps as (
    {{ seam.token_overlap_from_shared(
        'shared_tokens', ['message_id', 'sentence_number'], 'handoff_id',
        weight_column='match_weight', distinct=false
    ) }}
),

restating_sentences as (
    select
        message_id,
        count(*) as n_restating_sentences
    from sentence_overlaps
    where
        overlap_share >= {{ var('re_explanation_overlap_threshold') }}
        and shared_weight >= {{ var('re_explanation_overlap_min_shared_words') }}
    group by message_id
),

flagged as (
    select
        followups.message_id,
        followups.conversation_id,
        followups.handoff_id,
        followups.sent_at,
        followups.follows_restate_request,
        labels.re_explanation_label,
        coalesce(sentence_flags.language, 'unknown') as language,  -- noqa: RF04
        coalesce(sentence_flags.has_repetition_marker, false) as has_repetition_marker,
        coalesce(token_overlaps.n_probe_tokens, 0) as n_content_words,
        coalesce(token_overlaps.n_shared_tokens, 0) as n_shared_content_words,
        cast(coalesce(token_overlaps.shared_weight, 0) as {{ dbt.type_int() }})
            as shared_content_weight,
        coalesce(token_overlaps.overlap_share, 0) as content_overlap_share,
        coalesce(restating_sentences.n_restating_sentences, 0) as n_restating_sentences
    from followups
    left join sentence_flags
        on followups.message_id = sentence_flags.message_id
    left join token_overlaps
        on followups.message_id = token_overlaps.message_id
    left join restating_sentences
        on followups.message_id = restating_sentences.message_id
    left join labels
        on followups.message_id = labels.message_id
),

ruled as (
    select
        flagged.*,
        case
            when flagged.language = 'unknown' then null
            when
                flagged.has_repetition_marker
                and flagged.n_shared_content_words
                >= {{ var('re_explanation_marker_min_shared_words') }}
                then 'repetition_marker'
            when
                flagged.follows_restate_request
                and flagged.n_content_words >= {{ var('re_explanation_min_content_words') }}
                then 'after_restate_request'
            when
                flagged.content_overlap_share >= {{ var('re_explanation_overlap_threshold') }}
                and flagged.shared_content_weight
                >= {{ var('re_explanation_overlap_min_shared_words') }}
                then 'content_overlap'
            when flagged.n_restating_sentences > 0
                then 'sentence_overlap'
        end as re_explanation_rule
    from flagged
),

final as (
    select
        message_id,
        conversation_id,
        handoff_id,
        sent_at,
        language,
        follows_restate_request,
        has_repetition_marker,
        n_content_words,
        n_shared_content_words,
        shared_content_weight,
        content_overlap_share,
        n_restating_sentences,
        re_explanation_rule,
        re_explanation_label,
        case when language <> 'unknown' then re_explanation_rule is not null end
            as is_re_explanation_by_rules,
        coalesce(
            re_explanation_label,
            case when language <> 'unknown' then re_explanation_rule is not null end
        ) as is_re_explanation,
        case
            when re_explanation_label is not null then 'label'
            when language <> 'unknown' then 'rules'
            else 'none'
        end as re_explanation_source
    from ruled
)

select * from final
