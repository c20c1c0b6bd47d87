{#
    Pre-hook of incremental_by_conversation models: in an incremental run, delete the rows of
    every touched conversation (and rows without a conversation) before the new rows go in.
    Dispatched: the plan of a delete differs by engine.
#}
{% macro delete_touched_conversations(column='conversation_id') -%}
    {%- if is_incremental() -%}
        {{ return(adapter.dispatch('delete_touched_conversations', 'seam')(column)) }}
    {%- endif -%}
{%- endmacro %}

{#- One statement, one scan of the table (DuckDB has no index to use). -#}
{% macro default__delete_touched_conversations(column) -%}
    delete from {{ this }}
    where
        {{ column }} is null
        or {{ column }} in (
            select touched.conversation_id
            from {{ ref('ctl_touched_conversations') }} as touched
        )
{%- endmacro %}

{#-
    Postgres plans `is null or in (subquery)` as a filter on a scan of the whole table; split
    in two statements, each an index lookup on the model's conversation_id index
    (incremental_by_conversation), so a night's delete costs what it deletes. The touched
    conversations are an array built once, not a semi-join: the planner sizes a semi-join
    as if every touched conversation had rows in the table, while the text tables hold only
    conversations with a handoff (int_text_tokens_split at 100k: 19,715 conversations, 1,490
    of a night's 7,320), so it took a night's conversations for a third of the table and
    scanned all of it
    (the delete of int_text_tokens_split 0.70-0.80 s, 0.22-0.43 s through the index). Nothing
    is joined after the filter, so the array's unknown size cannot mislead another plan.
-#}
{% macro postgres__delete_touched_conversations(column) -%}
    delete from {{ this }}
    where {{ column }} = any(array(
        select touched.conversation_id
        from {{ ref('ctl_touched_conversations') }} as touched
    ));
    delete from {{ this }}
    where {{ column }} is null
{%- endmacro %}
