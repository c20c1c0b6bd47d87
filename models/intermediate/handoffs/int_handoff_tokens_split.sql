{{ config(materialized='table') }}

with

sentences as (
    select * from {{ ref('int_handoff_sentences_split') }}
),

tokens as (
    {{ seam.tokenise('sentences', ['message_id', 'sentence_number'], 'sentence_text') }}
),

final as (
    select
        message_id,
        sentence_number,
        token_number,
        token
    from tokens
)

select * from final
