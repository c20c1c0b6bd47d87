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
                from {{ ref('ctl_touched_conversations') }} as touched
            )
    {%- endif -%}
{%- endmacro %}
