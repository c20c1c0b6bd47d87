{%- set columns = ['message_id', 'label', 'value', 'source'] -%}

with

deduplicated as (
    {{ seam.deduplicated_raw('message_labels', columns, var('has_message_labels')) }}
),

messages as (
    select message_id
    from {{ ref('base_support__messages') }}
    where rejection_reason is null
),

labels as (
    select * from {{ seam.vocabulary_lookup('message_label') }}
),

parsed as (
    select
        {{ seam.clean_text('deduplicated.message_id') }} as message_id,
        labels.canonical_value as label,
        {{ seam.parse_boolean('deduplicated.value') }} as label_value,
        lower({{ seam.clean_text('deduplicated.source') }}) as label_source,
        {{ seam.clean_text('deduplicated.label') }} as label_raw,
        {{ seam.clean_text('deduplicated.value') }} as value_raw,
        deduplicated.exact_copies,
        deduplicated.raw_row_id
    from deduplicated
    left join labels
        on lower({{ seam.clean_text('deduplicated.label') }}) = labels.raw_value
),

checked as (
    select
        parsed.*,
        {{ dbt.concat(['parsed.message_id', "':'", 'coalesce(parsed.label, parsed.label_raw)']) }}
            as message_label_id,
        case
            when parsed.message_id is null or parsed.label_raw is null then 'null_key'
            when
                count(*) over (
                    partition by parsed.message_id, coalesce(parsed.label, lower(parsed.label_raw))
                ) > 1
                then 'duplicate_key'
            when parsed.value_raw is null then 'missing_required_value'
            when parsed.label_value is null then 'unparsable_value'
            when parsed.label is null then 'unknown_vocabulary'
            when messages.message_id is null then 'orphan'
        end as rejection_reason
    from parsed
    left join messages
        on parsed.message_id = messages.message_id
)

select * from checked
