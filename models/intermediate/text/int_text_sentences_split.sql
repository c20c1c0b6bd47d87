{{ config(**seam.incremental_by_conversation()) }}

with

bodies as (
    select * from {{ seam.touched_ref('int_text_bodies_cleaned') }}
),

languages as (
    select * from {{ seam.touched_ref('int_text_message_languages') }}
),

{# The clean body (quoted history, signature and HTML out), with the message's language. #}
public_messages as (
    select
        bodies.conversation_id,
        bodies.message_id,
        languages.language,
        {{ seam.mark_text('bodies.clean_body') }} as marked_body
    from bodies
    inner join languages
        on bodies.message_id = languages.message_id
),

sentences as (
    {{ seam.split_sentences(
        'public_messages', ['conversation_id', 'message_id', 'language'], 'marked_body'
    ) }}
),

final as (
    select
        conversation_id,
        message_id,
        language,
        sentence_number,
        sentence_text
    from sentences
)

select * from final
