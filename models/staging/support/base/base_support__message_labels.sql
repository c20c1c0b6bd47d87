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
        deduplicated.raw_loaded_at,
        deduplicated.exact_copies,
        deduplicated.raw_row_id
    from deduplicated
    left join labels
        on lower({{ seam.clean_text('deduplicated.label') }}) = labels.raw_value
),

versioned as (
    select
        *,
        {{ seam.key_version_status(
            'message_id, coalesce(label, lower(label_raw))', 'raw_loaded_at'
        ) }} as version_status
    from parsed
),

checked as (
    select
        versioned.*,
        {{ dbt.concat([
            'versioned.message_id', "':'", 'coalesce(versioned.label, versioned.label_raw)'
        ]) }} as message_label_id,
        case
            when versioned.message_id is null or versioned.label_raw is null then 'null_key'
            when versioned.version_status is not null then versioned.version_status
            when versioned.value_raw is null then 'missing_required_value'
            when versioned.label_value is null then 'unparsable_value'
            when versioned.label is null then 'unknown_vocabulary'
            when messages.message_id is null then 'orphan'
        end as rejection_reason
    from versioned
    left join messages
        on versioned.message_id = messages.message_id
)

select * from checked
