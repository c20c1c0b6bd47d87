{{ config(**seam.incremental_by_conversation()) }}

with

messages as (
    select * from {{ seam.touched_ref('int_handoff_messages_scoped') }}
),

public_messages as (
    select
        conversation_id,
        message_id,
        {{ seam.mark_text('body') }} as marked_body
    from messages
    where is_public and author_role in ('customer', 'agent', 'ai')
),

sentences as (
    {{ seam.split_sentences(
        'public_messages', ['conversation_id', 'message_id'], 'marked_body'
    ) }}
),

final as (
    select
        conversation_id,
        message_id,
        sentence_number,
        sentence_text
    from sentences
)

select * from final
