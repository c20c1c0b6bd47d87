{{ config(**seam.incremental_by_conversation()) }}

{#-
    The language each message is judged in, by a stopword-share rule: the clean body's tokens
    (links and mentions out, as in mark_text) are matched against the function words of seed
    text_stopwords. The language with most hits wins when it has at least
    var text_language_min_stopwords hits, strictly more than any other language, and at least
    var text_language_min_stopword_share of the message's tokens. A message too short to pass
    takes its conversation's language (the same rule over all its public messages' tokens);
    when neither passes the language is 'unknown' and the rules do not judge the message.
-#}

with

bodies as (
    select * from {{ seam.touched_ref('int_text_bodies_cleaned') }}
),

stopwords as (
    select distinct
        word,
        language
    from {{ seam.seed_ref('text_stopwords') }}
    where kind = 'function'
),

marked as (
    select
        conversation_id,
        message_id,
        {{ seam.mark_text('clean_body') }} as marked_body
    from bodies
    where clean_body is not null
),

tokens as (
    {{ seam.tokenise('marked', ['conversation_id', 'message_id'], 'marked_body') }}
),

message_sizes as (
    select
        message_id,
        count(*) as n_tokens
    from tokens
    group by message_id
),

message_hits as (
    select
        tokens.conversation_id,
        tokens.message_id,
        stopwords.language,
        count(*) as n_hits
    from tokens
    inner join stopwords
        on tokens.token = stopwords.word
    group by tokens.conversation_id, tokens.message_id, stopwords.language
),

message_ranked as (
    select
        message_id,
        language,
        n_hits,
        row_number() over (partition by message_id order by n_hits desc, language asc) as hit_rank
    from message_hits
),

message_best as (
    select
        message_ranked.message_id,
        max(case when message_ranked.hit_rank = 1 then message_ranked.language end)
            as best_language,
        max(case when message_ranked.hit_rank = 1 then message_ranked.n_hits end) as best_hits,
        coalesce(max(case when message_ranked.hit_rank = 2 then message_ranked.n_hits end), 0)
            as runner_up_hits
    from message_ranked
    group by message_ranked.message_id
),

conversation_sizes as (
    select
        conversation_id,
        count(*) as n_tokens
    from tokens
    group by conversation_id
),

conversation_ranked as (
    select
        conversation_id,
        language,
        n_hits,
        row_number() over (partition by conversation_id order by n_hits desc, language asc)
            as hit_rank
    from (
        select
            conversation_id,
            language,
            sum(n_hits) as n_hits
        from message_hits
        group by conversation_id, language
    ) as conversation_hits
),

conversation_best as (
    select
        conversation_id,
        max(case when hit_rank = 1 then language end) as best_language,
        max(case when hit_rank = 1 then n_hits end) as best_hits,
        coalesce(max(case when hit_rank = 2 then n_hits end), 0) as runner_up_hits
    from conversation_ranked
    group by conversation_id
),

judged as (
    select
        bodies.conversation_id,
        bodies.message_id,
        coalesce(message_sizes.n_tokens, 0) as n_tokens,
        coalesce(message_best.best_hits, 0) as n_stopword_hits,
        message_best.best_language as message_language,
        coalesce(
            message_best.best_hits >= {{ var('text_language_min_stopwords') }}
            and message_best.best_hits > message_best.runner_up_hits
            and message_best.best_hits
            >= {{ var('text_language_min_stopword_share') }} * message_sizes.n_tokens,
            false
        ) as is_message_decided,
        conversation_best.best_language as conversation_language,
        coalesce(
            conversation_best.best_hits >= {{ var('text_language_min_stopwords') }}
            and conversation_best.best_hits > conversation_best.runner_up_hits
            and conversation_best.best_hits
            >= {{ var('text_language_min_stopword_share') }} * conversation_sizes.n_tokens,
            false
        ) as is_conversation_decided
    from bodies
    left join message_sizes
        on bodies.message_id = message_sizes.message_id
    left join message_best
        on bodies.message_id = message_best.message_id
    left join conversation_sizes
        on bodies.conversation_id = conversation_sizes.conversation_id
    left join conversation_best
        on bodies.conversation_id = conversation_best.conversation_id
),

final as (
    select
        conversation_id,
        message_id,
        n_tokens,
        n_stopword_hits,
        case
            when is_message_decided then message_language
            when is_conversation_decided then conversation_language
            else 'unknown'
        end as language,  -- noqa: RF04
        case
            when is_message_decided then 'message'
            when is_conversation_decided then 'conversation'
            else 'none'
        end as language_source
    from judged
)

select * from final
