{{ config(**seam.incremental_by_conversation()) }}

with

sentences as (
    select * from {{ ref('int_handoff_sentences_split') }}
    {{ seam.touched_conversations_filter() }}
),

tokens as (
    {{ seam.tokenise(
        'sentences', ['conversation_id', 'message_id', 'sentence_number'], 'sentence_text'
    ) }}
),

final as (
    select
        conversation_id,
        message_id,
        sentence_number,
        token_number,
        token
    from tokens
)

select * from final
