{%- set columns = ['agent_id', 'team'] -%}

with

deduplicated as (
    {{ seam.deduplicated_raw('agents', columns, var('has_agents')) }}
),

parsed as (
    select
        {{ seam.pseudonymised_id('agent_id') }} as agent_id,
        {{ seam.clean_text('team') }} as team,
        exact_copies,
        raw_row_id
    from deduplicated
),

checked as (
    select
        *,
        case
            when agent_id is null then 'null_key'
            when count(*) over (partition by agent_id) > 1 then 'duplicate_key'
        end as rejection_reason
    from parsed
)

select * from checked
