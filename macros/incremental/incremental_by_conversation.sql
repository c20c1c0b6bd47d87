{#
    Config for a model kept incrementally at conversation grain (or finer, keyed by
    conversation_id). Use as the first line of the model:
        {{ config(**seam.incremental_by_conversation()) }}
    and import each relation kept by conversation with {{ seam.touched_ref(name) }}.

    Strategy per adapter (DECISIONLOG "Incremental models"):
    - DuckDB, Postgres: incremental, append after a pre-hook that deletes every touched
      conversation (in the same transaction). Every new row belongs to a touched
      conversation, so this is delete+insert on conversation_id with one delete instead of
      two, and a conversation that no longer yields rows (now rejected, or no longer on a
      path) leaves none behind.
    - Postgres also indexes conversation_id, the key that pre-hook deletes by and that every
      touched_ref import filters on (statistics: the analyze_relation post-hook of every table).
    - Spark: a full table. insert_overwrite needs partitions that the touched set fills
      completely, and merge needs Delta/Iceberg; the local parquet warehouse has neither.
#}
{% macro incremental_by_conversation() -%}
    {%- if target.type == 'spark' -%}
        {{ return({'materialized': 'table'}) }}
    {%- endif -%}
    {%- set config = {
        'materialized': 'incremental',
        'incremental_strategy': 'append',
        'on_schema_change': 'fail',
        'pre_hook': ["{{ seam.delete_touched_conversations() }}"],
    } -%}
    {%- if target.type == 'postgres' -%}
        {%- do config.update({'indexes': [{'columns': ['conversation_id']}]}) -%}
    {%- endif -%}
    {{ return(config) }}
{%- endmacro %}
