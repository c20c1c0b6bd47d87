{#
    In an incremental run, a filter keeping only the conversations touched by raw rows
    loaded since the last run (minus the lookback), from stg_support__conversations_touched;
    empty otherwise (full build). Put it after an import CTE's FROM:
        select * from {{ ref('stg_support__messages') }} {{ seam.touched_conversations_filter() }}
    `column` is the conversation key of that relation; `include_null` also keeps rows whose key
    is null (dirty rows that no conversation owns; the pre-hook deletes them every run).
#}
{% macro touched_conversations_filter(column='conversation_id', include_null=false) -%}
    {#- the ref is taken at parse time (outside is_incremental) so dbt orders the run; unit
        tests of the models, which never run incrementally, need no fixture for it -#}
    {%- if model.resource_type != 'unit_test' -%}
        {%- set touched = ref('stg_support__conversations_touched') -%}
    {%- endif -%}
    {%- if model.resource_type != 'unit_test' and is_incremental() -%}
        where (
            {{ column }} in (select touched.conversation_id from {{ touched }} as touched)
            {%- if include_null %} or {{ column }} is null{% endif %}
        )
    {%- endif -%}
{%- endmacro %}
