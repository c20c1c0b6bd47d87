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

phrase_patterns as (
    select * from {{ seam.seed_ref('reply_phrase_patterns') }}
),

{#
    Sentences to classify: public agent replies and customer messages after the handoff. Each
    is matched only against the patterns of its message's language (none when 'unknown').
    The scope is applied once, to the tokens (anchor_tokens), so only scoped sentences become
    candidates; the sentences are then joined to the anchor words, not filtered again. Read
    twice, the scope would be a CTE Postgres estimates without statistics (a quarter percent
    of its rows), and it planned the last join as a nested loop over every scoped sentence
    (over 8 minutes at 100k conversations instead of seconds).
#}
scoped_messages as (
    select message_id
    from messages
    where
        is_after_handoff
        and is_public
        and author_role in ('agent', 'customer')
),

{# A leading ^ anchors a pattern to the start of a sentence. #}
patterns_prepared as (
    select
        pattern,
        category,
        basic_item,
        language,
        {{ dbt.position("'^'", 'pattern') }} = 1 as is_anchored,
        {{ seam.normalise_text('pattern') }} as pattern_text
    from phrase_patterns
),

patterns_anchored as (
    select
        patterns_prepared.*,
        {{ dbt.split_part('patterns_prepared.pattern_text', "' '", 1) }} as anchor_token
    from patterns_prepared
    where patterns_prepared.pattern_text <> ''
),

{#
    Set-based pre-filter: only sentences holding a pattern's first word are checked, and only
    in scope (scoped_messages) and against patterns of the sentence's language, before any
    pair is formed. A sentence that holds an anchor word twice gives its pairs twice; the
    final select keeps each once. Made distinct here instead, the anchor words of every
    scoped sentence (50M rows at 10M conversations) were held in memory while the sentences
    were joined to them, and the model did not fit DuckDB's 3GB default cap.
#}
anchor_words as (
    select distinct anchor_token
    from patterns_anchored
),

anchor_tokens as (
    select
        tokens.message_id,
        tokens.sentence_number,
        tokens.language,
        tokens.token
    from tokens
    inner join scoped_messages
        on tokens.message_id = scoped_messages.message_id
    inner join anchor_words
        on tokens.token = anchor_words.anchor_token
),

{#
    The text of each sentence that holds an anchor word, joined once per (sentence, anchor
    word) before the patterns are: the (sentence, pattern) pairs, ten times as many, then
    come from a join whose other side is the small pattern seed, and each pair is checked as
    it is formed instead of being collected first and joined to the sentences.
#}
anchored_sentences as (
    select
        sentences.conversation_id,
        anchor_tokens.message_id,
        anchor_tokens.sentence_number,
        anchor_tokens.language,
        anchor_tokens.token,
        {{ dbt.concat(["' '", 'sentences.sentence_text', "' '"]) }} as padded_text
    from anchor_tokens
    inner join sentences
        on
            anchor_tokens.message_id = sentences.message_id
            and anchor_tokens.sentence_number = sentences.sentence_number
            and anchor_tokens.language = sentences.language
),

patterns_padded as (
    select
        patterns_anchored.*,
        {{ dbt.concat(["' '", 'patterns_anchored.pattern_text', "' '"]) }} as padded_pattern
    from patterns_anchored
),

matched as (
    select
        anchored_sentences.conversation_id,
        anchored_sentences.message_id,
        anchored_sentences.sentence_number,
        patterns_padded.pattern,
        patterns_padded.category,
        patterns_padded.basic_item,
        patterns_padded.pattern_text,
        {{ dbt.position('patterns_padded.padded_pattern', 'anchored_sentences.padded_text') }}
            as match_position,
        patterns_padded.is_anchored
    from anchored_sentences
    inner join patterns_padded
        on
            anchored_sentences.token = patterns_padded.anchor_token
            and anchored_sentences.language = patterns_padded.language
),

final as (
    select distinct
        conversation_id,
        message_id,
        sentence_number,
        pattern,
        category,
        basic_item,
        pattern_text
    from matched
    where
        (is_anchored and match_position = 1)
        or (not is_anchored and match_position > 0)
)

select * from final
