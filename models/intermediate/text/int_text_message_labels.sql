{#-
    Labels from QA review or an upstream classifier, one row per labelled message, one column per
    label. They override the rules in both classifiers. Staging keeps one row per message and
    label (a key given twice with different values is rejected there), so each cell is that row.
-#}
with

labels as (
    select * from {{ ref('stg_support__message_labels') }}
    where label_value is not null
),

labelled_messages as (
    select distinct message_id
    from labels
),

useful_reply as (
    select
        message_id,
        label_value
    from labels
    where label = 'useful_reply'
),

re_explanation as (
    select
        message_id,
        label_value
    from labels
    where label = 're_explanation'
),

final as (
    select
        labelled_messages.message_id,
        useful_reply.label_value as useful_reply_label,
        re_explanation.label_value as re_explanation_label
    from labelled_messages
    left join useful_reply
        on labelled_messages.message_id = useful_reply.message_id
    left join re_explanation
        on labelled_messages.message_id = re_explanation.message_id
)

select * from final
