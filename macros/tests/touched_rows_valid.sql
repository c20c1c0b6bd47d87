{#
    Generic test, the nightly guard of a large table: the rows of the conversations this run
    (re)built — those in ctl_touched_conversations, plus rows without a conversation — have
    a unique `key` (one column or several), no null in `key` or `not_null`, only the values
    listed in `accepted_values` (a mapping column -> values; null passes, as in dbt's
    accepted_values), and, with `to`, a conversation that `to` holds.
    A full build touches every conversation, so there it checks the whole table, read as it
    stands (touched_run_is_full: no filter, whose semi-join on every conversation was most of
    the guard's time and memory in a full build). In an incremental run it reads the touched
    conversations only: a key shared with a row of an
    untouched conversation is caught by the whole-table tests (tag `whole_table`), which run
    in CI and in the weekly selector, not in the nightly one (docs/scheduling.md).
    Fails with one row per problem: `failure` (what), `detail` (the key or value).
#}
{% test touched_rows_valid(
    model, key, not_null=[], accepted_values={}, to=none, conversation_column='conversation_id'
) %}
    {%- set keys = [key] if key is string else key -%}
    {%- set touched = ref('ctl_touched_conversations') -%}
    {%- set full_run = seam.touched_run_is_full(touched) -%}
    {%- set as_text = dbt.type_string() %}

    with

    {# two branches, not `in (...) or is null`: an OR keeps Postgres from a semi-join, and it
        then scans the whole table instead of the touched conversations (index). Read by
        every check below: not materialised where the engine would write it out whole
        (cte_not_materialized), so each check streams the table and only the key count holds
        rows. #}
    touched_rows as {{ seam.cte_not_materialized() }} (
        {%- if full_run %}
        select *
        from {{ model }} as tested
        {%- else %}
        select *
        from {{ model }} as tested
        where {{ seam.touched_rows_filter('tested.' ~ conversation_column, touched) }}
        union all
        select *
        from {{ model }} as tested
        where tested.{{ conversation_column }} is null
        {%- endif %}
    ),

    {# the key count, hashed first on DuckDB (duplicate_keys): the memory this check needs #}
    duplicated as (
        {{ seam.duplicate_keys('touched_rows', keys, skip_null_first=true) }}
    ),

    failures as (
        select
            'duplicate key' as failure,
            cast({{ keys[0] }} as {{ as_text }}) as detail
        from duplicated
        {%- for column in keys + not_null %}
            union all
            select
                'null {{ column }}' as failure,
                cast(null as {{ as_text }}) as detail
            from touched_rows
            where {{ column }} is null
        {%- endfor %}
        {%- for column, values in accepted_values.items() %}
            union all
            select
                'value not accepted in {{ column }}' as failure,
                cast({{ column }} as {{ as_text }}) as detail
            from touched_rows
            where
                {{ column }} is not null
                and {{ column }} not in (
                    {%- for value in values %}'{{ value }}'{{ ', ' if not loop.last }}{% endfor -%}
                )
        {%- endfor %}
        {%- if to is not none %}
            union all
            select
                'conversation not in {{ to.identifier }}' as failure,
                cast(touched_rows.{{ conversation_column }} as {{ as_text }}) as detail
            from touched_rows
            where
                touched_rows.{{ conversation_column }} is not null
                and not exists (
                    select 1
                    from {{ to }} as parent
                    where parent.conversation_id = touched_rows.{{ conversation_column }}
                )
        {%- endif %}
    )

    select * from failures
{% endtest %}

{#-
    True when the last build of ctl_touched_conversations re-processed every conversation
    (its is_full_run): a first build, a full refresh, and every Spark run. Read when the test
    runs, after that model (a dependency of the test); false when it does not exist yet (dbt
    compile on an empty warehouse), holds no rows, or predates the column (a `dbt test` run
    before the first build after an upgrade), which keeps the touched filter.
-#}
{% macro touched_run_is_full(touched) -%}
    {%- if not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(touched.database, touched.schema, touched.identifier) -%}
    {%- if relation is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name')
        | map('lower') | list -%}
    {%- if 'is_full_run' not in names -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set result = run_query(
        'select count(*) from ' ~ relation ~ ' where is_full_run'
    ) -%}
    {{ return(result.columns[0].values()[0] | int > 0) }}
{%- endmacro %}

{#-
    The test's filter on the touched conversations. Dispatched: a semi-join by default.
    Postgres: an array built once and matched through the table's conversation_id index. Its
    planner sizes a semi-join as if every touched conversation had rows in the table, while
    the text tables hold only conversations with a handoff (int_text_tokens_split at 100k:
    19,715 conversations, 1,490 of a night's 7,320), so the night looked like 39% of the
    rows, 8% in fact: it then read the whole table (0.73-0.80 s) where the index reads the
    touched rows (0.24-0.33 s). Only in this test, which only checks the rows it filters: a model
    planned on the array's unknown size chose nested loops (26 s instead of 1.7 s).
-#}
{% macro touched_rows_filter(column, touched) -%}
    {{ return(adapter.dispatch('touched_rows_filter', 'seam')(column, touched)) }}
{%- endmacro %}

{% macro default__touched_rows_filter(column, touched) -%}
    {{ column }} in (select touched.conversation_id from {{ touched }} as touched)
{%- endmacro %}

{% macro postgres__touched_rows_filter(column, touched) -%}
    {{ column }} = any(array(select touched.conversation_id from {{ touched }} as touched))
{%- endmacro %}
