{#- Rejected staging rows counted per raw table and reason: what the run summary prints, and
    what a published snapshot carries instead of the rejected rows themselves (doc
    `published_build`). -#}
{%- set tables = [
    'conversations', 'messages', 'surveys', 'handoffs', 'ai_actions', 'agent_actions',
    'agents', 'message_labels',
] -%}

with

rejected as (
    {% for table_name in tables %}
        select
            '{{ table_name }}' as table_name,
            rejection_reason
        from {{ ref('stg_support__' ~ table_name ~ '_rejected') }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        table_name,
        rejection_reason,
        count(*) as n_rows
    from rejected
    group by table_name, rejection_reason
)

select * from final
