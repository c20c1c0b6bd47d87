{#-
    Hash of one distinct raw row: every contract column as text (null as '<null>'), joined by
    '|~|'. `columns` must already be text (as deduplicated_raw and raw_key_versions select
    them), so both compute the same `raw_row_id` for the same row; `prefix` qualifies them.
-#}
{% macro raw_row_hash(columns, prefix='') -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(" ~ prefix ~ column ~ ", '<null>')") -%}
        {%- if not loop.last %}{% do parts.append("'|~|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}
