{%- set columns = ['agent_id', 'team'] -%}

with

deduplicated as (
    {{ seam.deduplicated_raw('agents', columns, var('has_agents')) }}
),

key_versions as (
    {{ seam.raw_key_versions('agents', 'agent_id', columns, var('has_agents')) }}
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
        parsed.*,
        case
            when parsed.agent_id is null then 'null_key'
            when key_versions.version_status is not null then key_versions.version_status
        end as rejection_reason
    from parsed
    left join key_versions
        on parsed.raw_row_id = key_versions.raw_row_id
)

select * from checked
