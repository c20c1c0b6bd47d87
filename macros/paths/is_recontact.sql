{#
    The recontact rule, as a join condition: conversation `later` is a recontact of
    conversation `earlier` when the same customer opened it after `earlier` was created and
    no later than var durable_resolution_days after `earlier` closed (or was created, if
    open). Both relations need conversation_id, customer_id and created_at; `earlier` also
    closed_at. Used by int_conversations_pathed (the flag) and
    ctl_touched_conversations (which earlier conversations a touched one affects).
#}
{% macro is_recontact(earlier, later) -%}
    {{ earlier }}.customer_id = {{ later }}.customer_id
    and {{ earlier }}.conversation_id != {{ later }}.conversation_id
    and {{ earlier }}.created_at < {{ later }}.created_at
    and {{ later }}.created_at <= {{ dbt.dateadd(
        'day',
        var('durable_resolution_days'),
        'coalesce(' ~ earlier ~ '.closed_at, ' ~ earlier ~ '.created_at)',
    ) }}
{%- endmacro %}
