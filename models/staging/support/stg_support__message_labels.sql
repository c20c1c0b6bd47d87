with

checked as (
    select * from {{ ref('base_support__message_labels') }}
),

kept as (
    select
        message_label_id,
        message_id,
        label,
        label_value,
        label_source
    from checked
    where rejection_reason is null
)

select * from kept
