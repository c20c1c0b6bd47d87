{{ config(**seam.incremental_by_conversation()) }}

{#-
    The language each message is judged in, by a stopword-share rule: the clean body's tokens
    (links and mentions out, as in mark_text) are matched against the function words of seed
    text_stopwords. Placeholders (staging's redaction placeholders, macro pii_placeholders,
    and the seed's placeholder tokens such as <link>) are not words of any language and are
    not counted. The language with most hits wins when it has at least
    var text_language_min_stopwords hits, strictly more than any other language, and at least
    var text_language_min_stopword_share of the message's counted tokens. A message too short
    to pass takes its conversation's language (the same rule over all its public messages'
    tokens); when neither passes the language is 'unknown' and the rules do not judge the
    message. The rule is written once and applied at both scopes (message, conversation).
-#}

with

bodies as (
    select * from {{ seam.touched_ref('int_text_bodies_cleaned') }}
),

stopword_seed as (
    select * from {{ seam.seed_ref('text_stopwords') }}
),

stopwords as (
    select distinct
        word,
        language
    from stopword_seed
    where kind = 'function'
),

placeholders as (
    select word
    from stopword_seed
    where kind = 'placeholder'
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

{# Placeholders out: the seed's (<link>, <question>) and staging's redaction placeholders. #}
counted_tokens as (
    select
        tokens.conversation_id,
        tokens.message_id,
        tokens.token
    from tokens
    left join placeholders
        on tokens.token = placeholders.word
    where
        placeholders.word is null
        and tokens.token not in (
            {%- for placeholder in seam.pii_placeholders().values() %}
                '{{ placeholder }}'{{ ',' if not loop.last }}
            {%- endfor %}
        )
),

{#
    Each message's token count and stopword hits by language, in one pass over the tokens; a
    conversation's are the sums over its messages (the same counts as over its tokens).
#}
message_sizes as (
    select
        conversation_id,
        message_id,
        count(*) as n_tokens
    from counted_tokens
    group by conversation_id, message_id
),

message_hits as (
    select
        counted_tokens.conversation_id,
        counted_tokens.message_id,
        stopwords.language,
        count(*) as n_hits
    from counted_tokens
    inner join stopwords
        on counted_tokens.token = stopwords.word
    group by counted_tokens.conversation_id, counted_tokens.message_id, stopwords.language
),

scope_sizes as (
    select
        'message' as scope,
        message_id as scope_id,
        n_tokens
    from message_sizes
    union all
    select
        'conversation' as scope,
        conversation_id as scope_id,
        cast(sum(n_tokens) as {{ dbt.type_bigint() }}) as n_tokens
    from message_sizes
    group by conversation_id
),

scope_hits as (
    select
        'message' as scope,
        message_id as scope_id,
        language,
        n_hits
    from message_hits
    union all
    select
        'conversation' as scope,
        conversation_id as scope_id,
        language,
        cast(sum(n_hits) as {{ dbt.type_bigint() }}) as n_hits
    from message_hits
    group by conversation_id, language
),

scope_ranked as (
    select
        scope,
        scope_id,
        language,
        n_hits,
        row_number() over (
            partition by scope, scope_id
            order by n_hits desc, language asc
        ) as hit_rank
    from scope_hits
),

scope_best as (
    select
        scope,
        scope_id,
        max(case when hit_rank = 1 then language end) as best_language,
        max(case when hit_rank = 1 then n_hits end) as best_hits,
        coalesce(max(case when hit_rank = 2 then n_hits end), 0) as runner_up_hits
    from scope_ranked
    group by scope, scope_id
),

{# The rule, once: enough hits, strictly ahead of the runner-up, a large enough share. #}
scope_decided as (
    select
        scope_sizes.scope,
        scope_sizes.scope_id,
        scope_sizes.n_tokens,
        coalesce(scope_best.best_hits, 0) as n_stopword_hits,
        scope_best.best_language,
        coalesce(
            scope_best.best_hits >= {{ var('text_language_min_stopwords') }}
            and scope_best.best_hits > scope_best.runner_up_hits
            and scope_best.best_hits
            >= {{ var('text_language_min_stopword_share') }} * scope_sizes.n_tokens,
            false
        ) as is_decided
    from scope_sizes
    left join scope_best
        on
            scope_sizes.scope = scope_best.scope
            and scope_sizes.scope_id = scope_best.scope_id
),

final as (
    select
        bodies.conversation_id,
        bodies.message_id,
        coalesce(message_decided.n_tokens, 0) as n_tokens,
        coalesce(message_decided.n_stopword_hits, 0) as n_stopword_hits,
        case
            when message_decided.is_decided then message_decided.best_language
            when conversation_decided.is_decided then conversation_decided.best_language
            else 'unknown'
        end as language,  -- noqa: RF04
        case
            when message_decided.is_decided then 'message'
            when conversation_decided.is_decided then 'conversation'
            else 'none'
        end as language_source
    from bodies
    left join scope_decided as message_decided
        on
            message_decided.scope = 'message'
            and bodies.message_id = message_decided.scope_id
    left join scope_decided as conversation_decided
        on
            conversation_decided.scope = 'conversation'
            and bodies.conversation_id = conversation_decided.scope_id
)

select * from final
