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
    - Spark: a full table. insert_overwrite needs partitions that the touched set fills
      completely, and merge needs Delta/Iceberg; the local parquet warehouse has neither.
#}
{% macro incremental_by_conversation() -%}
    {%- if target.type == 'spark' -%}
        {{ return({'materialized': 'table'}) }}
    {%- endif -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'append',
        'on_schema_change': 'fail',
        'pre_hook': ["{{ seam.delete_touched_conversations() }}"],
    }) }}
{%- endmacro %}
