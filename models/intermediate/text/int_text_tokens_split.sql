{{ config(**seam.incremental_by_conversation()) }}

with

sentences as (
    select * from {{ seam.touched_ref('int_text_sentences_split') }}
),

tokens as (
    {{ seam.tokenise(
        'sentences', ['conversation_id', 'message_id', 'language', 'sentence_number'],
        'sentence_text', normalised=true
    ) }}
),

final as (
    select
        conversation_id,
        message_id,
        language,
        sentence_number,
        token_number,
        token
    from tokens
)

select * from final
