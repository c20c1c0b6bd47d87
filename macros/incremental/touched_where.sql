{#
    In an incremental run, a WHERE clause keeping only the conversations listed in
    ctl_touched_conversations; empty in a full build and in unit tests. Models do not call it:
    they import through touched_ref; the staging bases reach it through deduplicated_raw.
    `column` is the conversation key; `include_null` also keeps rows whose key is null
    (dirty rows that no conversation owns; the pre-hook deletes them every run).
#}
{% macro touched_where(column='conversation_id', include_null=false) -%}
    {#- the ref is taken at parse time (outside is_incremental) so dbt orders the run -#}
    {%- if model.resource_type != 'unit_test' -%}
        {%- set touched = ref('ctl_touched_conversations') -%}
    {%- endif -%}
    {%- if model.resource_type != 'unit_test' and is_incremental() -%}
        where (
            {{ column }} in (select touched.conversation_id from {{ touched }} as touched)
            {%- if include_null %} or {{ column }} is null{% endif %}
        )
    {%- endif -%}
{%- endmacro %}
