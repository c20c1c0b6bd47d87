with

checked as (
    select * from {{ ref('base_support__message_labels') }}
),

rejected as (
    select
        message_label_id as rejected_key,
        rejection_reason,
        raw_row_id,
        message_label_id,
        message_id,
        label,
        label_value,
        label_source,
        label_raw,
        value_raw
    from checked
    where rejection_reason is not null
)

select * from rejected
