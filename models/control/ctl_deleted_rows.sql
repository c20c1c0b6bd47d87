{#-
    Raw rows no model may read: keys deleted upstream (a soft-delete column set on any raw row
    of the key) and every row of a customer with an erasure request, with the rows that
    cascade from them (labels of a deleted message). Staging filters raw tables on this list
    (raw_live_relation), which also drops every row of a listed conversation; incremental
    runs re-process a conversation that leaves the live set (ctl_touched_conversations).
    Rules: doc `deletions`.
-#}
{{ config(materialized='table') }}

{%- set flag_column = var('raw_deleted_flag_column') -%}
{%- set deleted_at_column = var('raw_deleted_at_column') -%}
{%- set tables = [
    ('conversations', true),
    ('messages', true),
    ('surveys', true),
    ('handoffs', var('has_handoffs')),
    ('ai_actions', var('has_ai_actions')),
    ('agent_actions', var('has_agent_actions')),
    ('agents', var('has_agents')),
    ('message_labels', var('has_message_labels')),
] -%}
{#- taken at parse time, so dbt records the dependency even when the table is absent, and
    every raw table the rules below may read (a vendor's base model is a ref); unit tests
    give their own inputs -#}
{%- set erasure_requests = source('support', 'erasure_requests') -%}
{%- if model.resource_type != 'unit_test' -%}
    {%- for table_name, enabled in tables if enabled -%}
        {%- do seam.raw_table(table_name) -%}
    {%- endfor -%}
{%- endif -%}

{#- Soft-delete columns are optional: find which tables carry them. -#}
{%- set markers = {} -%}
{%- set has_erasure_requests = model.resource_type == 'unit_test' -%}
{%- if execute and model.resource_type != 'unit_test' -%}
    {%- set has_erasure_requests = adapter.get_relation(
        database=erasure_requests.database,
        schema=erasure_requests.schema,
        identifier=erasure_requests.identifier,
    ) is not none -%}
    {%- for table_name, enabled in tables if enabled -%}
        {%- set relation = seam.raw_table(table_name) -%}
        {%- set found = adapter.get_relation(
            database=relation.database, schema=relation.schema, identifier=relation.identifier
        ) -%}
        {%- if found is not none -%}
            {%- set names = adapter.get_columns_in_relation(found)
                | map(attribute='name') | map('lower') | list -%}
            {%- set present = [] -%}
            {%- for column in [flag_column, deleted_at_column] -%}
                {%- if column and column | lower in names -%}
                    {%- do present.append(column) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if present -%}
                {%- do markers.update({table_name: present}) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}

with

{% for table_name, columns in markers.items() %}
    soft_deleted_{{ table_name }} as (
        select
            '{{ table_name }}' as table_name,
            {{ seam.raw_row_key(table_name, 'raw_rows') }} as row_key,
            'soft_deleted' as deletion_reason
        from {{ seam.raw_table(table_name) }} as raw_rows
        where
            {%- for column in columns %}
                {% if not loop.first %}or {% endif -%}
                {%- if column == flag_column -%}
                    coalesce({{ seam.parse_boolean('raw_rows.' ~ column) }}, false)
                {%- else -%}
                    {{ seam.clean_text('raw_rows.' ~ column) }} is not null
                {%- endif -%}
            {%- endfor %}
    ),

{% endfor %}

{% if has_erasure_requests %}
    erased_customers as (
        select distinct {{ seam.clean_text('requests.customer_id') }} as customer_id
        from {{ erasure_requests }} as requests
        where {{ seam.clean_text('requests.customer_id') }} is not null
    ),

    {#- the customer's conversations (everything in them cascades) and what they wrote
        anywhere else; a request names the id as the source holds it or as the marts show
        it (its pseudonym, when the id is an email or a phone number) -#}
    erased as (
        select
            'conversations' as table_name,
            {{ seam.clean_text('raw_conversations.conversation_id') }} as row_key,
            'erasure_request' as deletion_reason
        from {{ seam.raw_table('conversations') }} as raw_conversations
        where
            {{ seam.clean_text('raw_conversations.customer_id') }} in (
                select erased_customers.customer_id from erased_customers
            )
            or {{ seam.pseudonymised_id('raw_conversations.customer_id') }} in (
                select erased_customers.customer_id from erased_customers
            )
        union all
        select
            'messages' as table_name,
            {{ seam.clean_text('raw_messages.message_id') }} as row_key,
            'erasure_request' as deletion_reason
        from {{ seam.raw_table('messages') }} as raw_messages
        where
            {{ seam.clean_text('raw_messages.author_id') }} in (
                select erased_customers.customer_id from erased_customers
            )
            or {{ seam.pseudonymised_id('raw_messages.author_id') }} in (
                select erased_customers.customer_id from erased_customers
            )
    ),

{% endif %}

deleted_keys as (
    {%- for table_name in markers %}
        select * from soft_deleted_{{ table_name }}
        union all
    {%- endfor %}
    {%- if has_erasure_requests %}
        select * from erased
        union all
    {%- endif %}
    {# keeps the union well-formed when nothing above applies #}
    select
        cast(null as {{ dbt.type_string() }}) as table_name,
        cast(null as {{ dbt.type_string() }}) as row_key,
        cast(null as {{ dbt.type_string() }}) as deletion_reason
    where 1 = 0
),

{% if var('has_message_labels') %}
    {#- a label goes with its message, whether the message or its conversation is deleted -#}
    deleted_messages as (
        select
            deleted_keys.row_key as message_id,
            deleted_keys.deletion_reason
        from deleted_keys
        where deleted_keys.table_name = 'messages'
        union all
        select
            {{ seam.clean_text('raw_messages.message_id') }} as message_id,
            deleted_keys.deletion_reason
        from {{ seam.raw_table('messages') }} as raw_messages
        inner join deleted_keys
            on
                {{ seam.clean_text('raw_messages.conversation_id') }} = deleted_keys.row_key
                and deleted_keys.table_name = 'conversations'
    ),

    cascaded_labels as (
        select
            'message_labels' as table_name,
            {{ seam.raw_row_key('message_labels', 'raw_labels') }} as row_key,
            deleted_messages.deletion_reason
        from {{ seam.raw_table('message_labels') }} as raw_labels
        inner join deleted_messages
            on {{ seam.clean_text('raw_labels.message_id') }} = deleted_messages.message_id
    ),
{% endif %}

all_deleted as (
    select * from deleted_keys
    {%- if var('has_message_labels') %}
        union all
        select * from cascaded_labels
    {%- endif %}
),

{# one row per key; an erasure request outranks a soft delete #}
final as (
    select
        table_name,
        row_key,
        case
            when max(case when deletion_reason = 'erasure_request' then 1 else 0 end) = 1
                then 'erasure_request'
            else max(deletion_reason)
        end as deletion_reason
    from all_deleted
    where row_key is not null
    group by table_name, row_key
)

select * from final
