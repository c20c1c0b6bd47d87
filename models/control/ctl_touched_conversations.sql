{#-
    Conversations whose results may have changed since the last run: every conversation with
    a raw row loaded after the previous run's watermark minus var incremental_lookback_days.
    Rules: doc `incremental_runs`.
-#}
{{ config(materialized='table') }}

{%- set loaded_at = var('raw_loaded_at_column') -%}
{%- set since = none -%}
{%- if execute and target.type != 'spark' -%}
    {%- set existing = adapter.get_relation(this.database, this.schema, this.identifier) -%}
    {%- if existing is not none and not flags.FULL_REFRESH -%}
        {%- set previous = run_query(
            'select max(loaded_through) from ' ~ existing
        ).columns[0].values()[0] -%}
        {%- if previous is not none -%}
            {%- set since = (
                previous - modules.datetime.timedelta(days=var('incremental_lookback_days'))
            ).strftime('%Y-%m-%d %H:%M:%S') -%}
        {%- endif -%}
    {%- endif -%}
{%- endif -%}

{%- set loaded_since = (
    "where " ~ loaded_at ~ " > cast('" ~ since ~ "' as " ~ dbt.type_timestamp() ~ ")"
) if since is not none else "" -%}

{#- What the last build kept, read as it stands before this run replaces it (no ref: these
    models come after this one): conversations deleted since then must be touched so every
    incremental model drops them (doc `deletions`). -#}
{%- set deleted = ref('ctl_deleted_rows') -%}
{%- set prior = {} -%}
{%- if execute and since is not none -%}
    {%- for name in ['base_support__conversations', 'base_support__messages'] -%}
        {%- set node = graph.nodes.get('model.' ~ model.package_name ~ '.' ~ name) -%}
        {%- if node is not none -%}
            {%- set relation = adapter.get_relation(node.database, node.schema, node.alias) -%}
            {%- if relation is not none -%}
                {%- do prior.update({name: relation}) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}

{%- set keyed_tables = [
    ('messages', 'message_id', true),
    ('surveys', 'response_id', true),
    ('handoffs', 'handoff_id', var('has_handoffs')),
    ('ai_actions', 'action_id', var('has_ai_actions')),
    ('agent_actions', 'action_id', var('has_agent_actions')),
] -%}

with

new_conversations as (
    select
        {{ seam.clean_text('conversation_id') }} as conversation_id,
        {{ loaded_at }} as loaded_at
    from {{ seam.raw_table('conversations') }}
    {{ loaded_since }}
),

{% for table_name, key, enabled in keyed_tables if enabled %}
    new_{{ table_name }} as (
        select
            {{ seam.clean_text('conversation_id') }} as conversation_id,
            {{ seam.clean_text(key) }} as row_key,
            {{ loaded_at }} as loaded_at
        from {{ seam.raw_table(table_name) }}
        {{ loaded_since }}
    ),

    {#- a new row whose key an older row already holds changes that row too (its version);
        a message is also touched by a new label of it: one pass over raw messages for both -#}
    {{ table_name }}_keys as (
        select new_rows.row_key from new_{{ table_name }} as new_rows
        {%- if table_name == 'messages' and var('has_message_labels') %}
            union
            select {{ seam.clean_text('labels.message_id') }} as row_key
            from {{ seam.raw_table('message_labels') }} as labels
            {{ loaded_since }}
        {%- endif %}
    ),

    {{ table_name }}_touched as (
        select conversation_id from new_{{ table_name }}
        union
        select {{ seam.clean_text('raw_rows.conversation_id') }} as conversation_id
        from {{ seam.raw_table(table_name) }} as raw_rows
        where
            {{ seam.clean_text('raw_rows.' ~ key) }} in (
                select {{ table_name }}_keys.row_key from {{ table_name }}_keys
            )
    ),

{% endfor %}

{% if var('has_agents') %}
    new_agents as (
        select {{ seam.clean_text('agent_id') }} as agent_id
        from {{ seam.raw_table('agents') }}
        {{ loaded_since }}
    ),

    agents_touched as (
        select {{ seam.clean_text('raw_messages.conversation_id') }} as conversation_id
        from {{ seam.raw_table('messages') }} as raw_messages
        where
            {{ seam.clean_text('raw_messages.author_id') }} in (
                select new_agents.agent_id from new_agents
            )
        {%- if var('has_agent_actions') %}
            union
            select {{ seam.clean_text('raw_actions.conversation_id') }} as conversation_id
            from {{ seam.raw_table('agent_actions') }} as raw_actions
            where
                {{ seam.clean_text('raw_actions.agent_id') }} in (
                    select new_agents.agent_id from new_agents
                )
        {%- endif %}
    ),
{% endif %}

{% if 'base_support__conversations' in prior %}
    {# kept last time, no longer live: gone from raw, soft-deleted or erased #}
    stale_conversations as (
        select
            prior_conversations.conversation_id,
            prior_conversations.customer_id,
            prior_conversations.created_at
        from {{ prior['base_support__conversations'] }} as prior_conversations
        where
            prior_conversations.conversation_id is not null
            and prior_conversations.conversation_id not in (
                select {{ seam.clean_text('live.conversation_id') }}
                from {{ seam.raw_table('conversations') }} as live
                where
                    {{ seam.clean_text('live.conversation_id') }} is not null
                    and {{ seam.clean_text('live.conversation_id') }} not in (
                        select deleted_conversations.row_key
                        from {{ deleted }} as deleted_conversations
                        where deleted_conversations.table_name = 'conversations'
                    )
            )
        {%- if 'base_support__messages' in prior %}
            union
            {# a deleted message (erased author) in a conversation that stays #}
            select
                prior_messages.conversation_id,
                cast(null as {{ dbt.type_string() }}) as customer_id,
                cast(null as {{ dbt.type_timestamp() }}) as created_at
            from {{ prior['base_support__messages'] }} as prior_messages
            where
                prior_messages.conversation_id is not null
                and prior_messages.message_id in (
                    select deleted_messages.row_key
                    from {{ deleted }} as deleted_messages
                    where deleted_messages.table_name = 'messages'
                )
        {%- endif %}
    ),
{% endif %}

directly_touched as (
    select conversation_id from new_conversations
    {%- if 'base_support__conversations' in prior %}
        union
        select conversation_id from stale_conversations
    {%- endif %}
    {%- for table_name, key, enabled in keyed_tables if enabled %}
        union
        select conversation_id from {{ table_name }}_touched
    {%- endfor %}
    {%- if var('has_agents') %}
        union
        select conversation_id from agents_touched
    {%- endif %}
),

{# A conversation's recontact flag reads the customer's later conversations: an earlier
   conversation X of a touched conversation's customer is touched too when the touched one
   could be X's recontact (created after X, within durable_resolution_days of X's close).
   Assumes a conversation's customer and creation time do not change once loaded (else run
   --full-refresh). A first run takes every conversation and skips this. #}
{# timestamps are parsed only for the conversations of touched customers (parsing every
    raw conversation's two timestamps was a third of this model's time on Postgres) #}
raw_conversations as (
    select
        {{ seam.clean_text('conversation_id') }} as conversation_id,
        {{ seam.clean_text('customer_id') }} as customer_id,
        created_at as raw_created_at,
        closed_at as raw_closed_at
    from {{ seam.raw_table('conversations') }}
),

touched_by_customer as (
    select
        raw_conversations.conversation_id,
        raw_conversations.customer_id,
        {{ seam.parse_timestamp_utc('raw_conversations.raw_created_at') }} as created_at
    from raw_conversations
    inner join directly_touched
        on raw_conversations.conversation_id = directly_touched.conversation_id
    {%- if 'base_support__conversations' in prior %}
        union
        {# a conversation gone from raw: its customer and creation as last kept #}
        select
            stale_conversations.conversation_id,
            stale_conversations.customer_id,
            stale_conversations.created_at
        from stale_conversations
        where stale_conversations.customer_id is not null
    {%- endif %}
),

touched_customers_conversations as (
    select
        raw_conversations.conversation_id,
        raw_conversations.customer_id,
        {{ seam.parse_timestamp_utc('raw_conversations.raw_created_at') }} as created_at,
        {{ seam.parse_timestamp_utc('raw_conversations.raw_closed_at') }} as closed_at
    from raw_conversations
    where
        raw_conversations.customer_id in (
            select touched_by_customer.customer_id from touched_by_customer
        )
),

customer_conversations as (  -- noqa: ST03
    select distinct earlier.conversation_id
    from touched_customers_conversations as earlier
    inner join touched_by_customer
        on {{ seam.is_recontact('earlier', 'touched_by_customer') }}
),

{# The latest load time over the raw tables. An incremental run takes it from the rows
    loaded since the last watermark (read once above), and scans the whole tables only when
    none was (coalesce: Postgres runs that scan only then). #}
watermark as (
    select max({{ loaded_at }}) as loaded_through
    from {{ seam.raw_table('conversations') }}
    {%- for table_name in ['messages', 'surveys'] %}
        union all
        select max({{ loaded_at }}) as loaded_through
        from {{ seam.raw_table(table_name) }}
    {%- endfor %}
    {%- for table_name, key, enabled in keyed_tables[2:] if enabled %}
        union all
        select max({{ loaded_at }}) as loaded_through
        from {{ seam.raw_table(table_name) }}
    {%- endfor %}
),

{% if since is not none %}
    new_watermark as (
        select max(new_conversations.loaded_at) as loaded_through
        from new_conversations
        {%- for table_name, key, enabled in keyed_tables if enabled %}
            union all
            select max(new_{{ table_name }}.loaded_at) as loaded_through
            from new_{{ table_name }}
        {%- endfor %}
    ),
{% endif %}

touched as (
    {%- if since is none %}
        {#- first run or full refresh: every conversation -#}
        select conversation_id from raw_conversations
        {%- for table_name in ['messages', 'surveys'] %}
            union
            select {{ seam.clean_text('conversation_id') }} as conversation_id
            from {{ seam.raw_table(table_name) }}
        {%- endfor %}
    {%- else %}
        select conversation_id from directly_touched
        union
        select conversation_id from customer_conversations
    {%- endif %}
),

final as (
    select
        touched.conversation_id,
        cast(
            {%- if since is not none %}
                coalesce(
                    (select max(new_watermark.loaded_through) from new_watermark),
                    (select max(watermark.loaded_through) from watermark)
                )
            {%- else %}
                (select max(watermark.loaded_through) from watermark)
            {%- endif %}
            as {{ dbt.type_timestamp() }}
        ) as loaded_through,
        {#- every conversation re-processed: the nightly guards then read whole tables
            without the touched filter (touched_run_is_full) -#}
        cast({{ 'true' if since is none else 'false' }} as {{ dbt.type_boolean() }})
            as is_full_run
    from touched
    where touched.conversation_id is not null
)

select * from final
