{#- One row per raw table: raw rows = kept + rejected + exact duplicates removed + deleted
    (rows ctl_deleted_rows removes before staging; doc `deletions`). -#}
{#- a table: the input guards and both of its tests read it; as a view each recounted every
    raw and staged row (one count per run instead of three) -#}
{{ config(materialized='table') }}
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

{# one row per table and kind of row, then pivoted: no joins #}
counted as (
    {% for table_name, enabled in tables.items() %}
        {%- if enabled %}
            select
                '{{ table_name }}' as table_name,
                'raw' as row_kind,
                count(*) as n_rows
            from {{ seam.raw_table(table_name) }}
            union all
            select
                '{{ table_name }}' as table_name,
                'live' as row_kind,
                count(*) as n_rows
            from {{ seam.raw_live_relation(table_name, [], enabled) }} as live_rows
            union all
        {%- endif %}
        select
            '{{ table_name }}' as table_name,
            'exact_duplicate' as row_kind,
            coalesce(sum(exact_copies - 1), 0) as n_rows
        from {{ ref('base_support__' ~ table_name) }}
        union all
        select
            '{{ table_name }}' as table_name,
            'kept' as row_kind,
            count(*) as n_rows
        from {{ ref('stg_support__' ~ table_name) }}
        union all
        select
            '{{ table_name }}' as table_name,
            'rejected' as row_kind,
            count(*) as n_rows
        from {{ ref('stg_support__' ~ table_name ~ '_rejected') }}
        union all
        select
            '{{ table_name }}' as table_name,
            'superseded' as row_kind,
            count(*) as n_rows
        from {{ ref('stg_support__' ~ table_name ~ '_rejected') }}
        where rejection_reason = 'superseded'
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

pivoted as (
    select
        table_name,
        sum(case when row_kind = 'raw' then n_rows else 0 end) as raw_rows,
        sum(case when row_kind = 'kept' then n_rows else 0 end) as kept_rows,
        sum(case when row_kind = 'rejected' then n_rows else 0 end) as rejected_rows,
        sum(case when row_kind = 'superseded' then n_rows else 0 end) as superseded_rows,
        sum(case when row_kind = 'exact_duplicate' then n_rows else 0 end) as exact_duplicate_rows,
        sum(case when row_kind = 'raw' then n_rows else 0 end)
        - sum(case when row_kind = 'live' then n_rows else 0 end) as deleted_rows
    from counted
    group by table_name
),

final as (
    select
        table_name,
        case
            {%- for table_name, enabled in tables.items() %}
                when table_name = '{{ table_name }}' then {{ enabled }}
            {%- endfor %}
        end as is_enabled,
        raw_rows,
        kept_rows,
        rejected_rows,
        superseded_rows,
        exact_duplicate_rows,
        deleted_rows,
        raw_rows - (kept_rows + rejected_rows + exact_duplicate_rows + deleted_rows)
            as unreconciled_rows
    from pivoted
)

select * from final
