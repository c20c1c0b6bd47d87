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
    in two statements, each is a semi-join or an index lookup on the model's conversation_id
    index (incremental_by_conversation), so a night's delete costs what it deletes.
-#}
{% macro postgres__delete_touched_conversations(column) -%}
    delete from {{ this }}
    where {{ column }} in (
        select touched.conversation_id
        from {{ ref('ctl_touched_conversations') }} as touched
    );
    delete from {{ this }}
    where {{ column }} is null
{%- endmacro %}
