{#
    Select from a raw table with every contract column as text, collapsing exact duplicate
    rows into one and counting them in `exact_copies` (reconciliation adds them back:
    raw rows = kept + rejected + sum(exact_copies - 1)). `raw_row_id` hashes every column,
    so it identifies a distinct raw row even when its key is null or duplicated.
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
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append("coalesce(" ~ column ~ ", '<null>')") -%}
        {%- if not loop.last %}{% do parts.append("'|~|'") %}{% endif -%}
    {%- endfor -%}
    select
        grouped.*,
        {{ dbt.hash(dbt.concat(parts)) }} as raw_row_id
    from (
        select
            {%- for column in columns %}
            cast({{ column }} as {{ dbt.type_string() }}) as {{ column }},
            {%- endfor %}
            count(*) as exact_copies
        from {{ seam.raw_relation(table_name, columns, enabled) }} as raw_rows
        {%- if where %}
        {{ where }}
        {%- endif %}
        group by
            {%- for column in columns %}
            cast({{ column }} as {{ dbt.type_string() }}){{ "," if not loop.last }}
            {%- endfor %}
    ) as grouped
{%- endmacro %}
