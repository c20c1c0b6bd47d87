{#-
    Hash of one distinct raw row: every contract column as text (null as '<null>'), joined by
    '|~|'. `columns` must already be text (as deduplicated_raw and raw_key_versions select
    them), so both compute the same `raw_row_id` for the same row; `prefix` qualifies them.
    Dispatched only for speed: every part is non-null, so one concat() call (DuckDB) gives
    the same text as the `||` chain (default) without building an intermediate string per
    operator (12M rows at 1M conversations: docs/performance.md).
-#}
{% macro raw_row_hash(columns, prefix='') -%}
    {{ return(adapter.dispatch('raw_row_hash', 'seam')(columns, prefix)) }}
{%- endmacro %}

{#- The parts to join: each column coalesced to '<null>', with the '|~|' separator between. -#}
{% macro raw_row_hash_parts(columns, prefix='') -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(" ~ prefix ~ column ~ ", '<null>')") -%}
        {%- if not loop.last %}{% do parts.append("'|~|'") %}{% endif -%}
    {%- endfor -%}
    {{ return(parts) }}
{%- endmacro %}

{% macro default__raw_row_hash(columns, prefix='') -%}
    {{ dbt.hash(dbt.concat(seam.raw_row_hash_parts(columns, prefix))) }}
{%- endmacro %}

{% macro duckdb__raw_row_hash(columns, prefix='') -%}
    {{ dbt.hash('concat(' ~ seam.raw_row_hash_parts(columns, prefix) | join(', ') ~ ')') }}
{%- endmacro %}
