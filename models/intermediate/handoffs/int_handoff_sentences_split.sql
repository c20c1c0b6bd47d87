{{ config(materialized='table') }}

with

messages as (
    select * from {{ ref('int_handoff_messages_scoped') }}
),

public_messages as (
    select
        message_id,
        body
    from messages
    where is_public and author_role in ('customer', 'agent', 'ai')
),

sentences as (
    {{ seam.split_sentences('public_messages', ['message_id'], 'body') }}
),

final as (
    select
        message_id,
        sentence_number,
        sentence_text
    from sentences
)

select * from final
