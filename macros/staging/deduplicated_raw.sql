{#
    Select from a raw table with every contract column as text, collapsing exact duplicate
    rows into one and counting them in `exact_copies` (reconciliation adds them back:
    raw rows = kept + rejected + sum(exact_copies - 1) + deleted). `raw_row_id` hashes every
    column (raw_row_hash), so it identifies a distinct raw row even when its key is null or
    duplicated; `raw_loaded_at` is its latest load time (var raw_loaded_at_column), which
    decides between versions of a key (key_version_status). Rows deleted upstream or erased
    never get here (raw_live_relation).
    `touched_only` is the filter of a model kept incrementally by conversation: in an
    incremental run, only the raw rows of touched conversations and rows without a
    conversation id (see touched_where).
#}
{% macro deduplicated_raw(table_name, columns, enabled=true, touched_only=false) -%}
    {%- set where = none -%}
    {%- if touched_only -%}
        {%- set where = seam.touched_where(
            seam.clean_text('raw_rows.conversation_id'), include_null=true
        ) -%}
    {%- endif -%}
    select
        grouped.*,
        {{ seam.raw_row_hash(columns, 'grouped.') }} as raw_row_id
    from (
        select
            {%- for column in columns %}
            cast({{ column }} as {{ dbt.type_string() }}) as {{ column }},
            {%- endfor %}
            {%- if enabled %}
            max({{ var('raw_loaded_at_column') }}) as raw_loaded_at,
            {%- else %}
            cast(null as {{ dbt.type_timestamp() }}) as raw_loaded_at,
            {%- endif %}
            count(*) as exact_copies
        from {{ seam.raw_live_relation(table_name, columns, enabled) }} as raw_rows
        {%- if where %}
        {{ where }}
        {%- endif %}
        group by
            {%- for column in columns %}
            cast({{ column }} as {{ dbt.type_string() }}){{ "," if not loop.last }}
            {%- endfor %}
    ) as grouped
{%- endmacro %}
