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
    {{ table_name }}_raw as (
        {%- if enabled %}
            select count(*) as raw_rows from {{ source('support', table_name) }}
        {%- else %}
            select 0 as raw_rows
        {%- endif %}
    ),

    {{ table_name }}_base as (
        select coalesce(sum(exact_copies - 1), 0) as exact_duplicate_rows
        from {{ ref('base_support__' ~ table_name) }}
    ),

    {{ table_name }}_kept as (
        select count(*) as kept_rows from {{ ref('stg_support__' ~ table_name) }}
    ),

    {{ table_name }}_rejected as (
        select count(*) as rejected_rows
        from {{ ref('stg_support__' ~ table_name ~ '_rejected') }}
    ),

{% endfor %}

unioned as (
    {% for table_name, enabled in tables.items() %}
        select
            '{{ table_name }}' as table_name,
            {{ enabled }} as is_enabled,
            {{ table_name }}_raw.raw_rows,
            {{ table_name }}_kept.kept_rows,
            {{ table_name }}_rejected.rejected_rows,
            {{ table_name }}_base.exact_duplicate_rows
        from {{ table_name }}_raw
        cross join {{ table_name }}_base
        cross join {{ table_name }}_kept
        cross join {{ table_name }}_rejected
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
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
