{#
    Pre-hook of incremental_by_conversation models: in an incremental run, delete the rows of
    every touched conversation (and rows without a conversation) before the new rows go in.
#}
{% macro delete_touched_conversations(column='conversation_id') -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where
            {{ column }} is null
            or {{ column }} in (
                select touched.conversation_id
                from {{ ref('stg_support__conversations_touched') }} as touched
            )
    {%- endif -%}
{%- endmacro %}
