{#- One row per raw table: raw rows = kept + rejected + exact duplicates removed. -#}
{%- set tables = {
    'conversations': true,
    'messages': true,
    'surveys': true,
    'handoffs': var('has_handoffs'),
    'ai_actions': var('has_ai_actions'),
    'agent_actions': var('has_agent_actions'),
    'agents': var('has_agents'),
    'message_labels': var('has_message_labels'),
} -%}

with

{% for table_name, enabled in tables.items() %}
{{ table_name }}_counts as (
    select
        '{{ table_name }}' as table_name,
        {{ enabled }} as is_enabled,
        {%- if enabled %}
        (select count(*) from {{ source('support', table_name) }}) as raw_rows,
        {%- else %}
        0 as raw_rows,
        {%- endif %}
        (
            select coalesce(sum(exact_copies - 1), 0)
            from {{ ref('base_support__' ~ table_name) }}
        ) as exact_duplicate_rows,
        (select count(*) from {{ ref('stg_support__' ~ table_name) }}) as kept_rows,
        (select count(*) from {{ ref('stg_support__' ~ table_name ~ '_rejected') }}) as rejected_rows
),

{% endfor %}
unioned as (
    {%- for table_name in tables %}
    select * from {{ table_name }}_counts
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        table_name,
        is_enabled,
        raw_rows,
        kept_rows,
        rejected_rows,
        exact_duplicate_rows,
        raw_rows - (kept_rows + rejected_rows + exact_duplicate_rows) as unreconciled_rows
    from unioned
)

select * from final
