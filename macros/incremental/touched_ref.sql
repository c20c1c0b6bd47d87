{#
    The one way an incremental_by_conversation model imports a relation kept by conversation:
        select * from {{ seam.touched_ref('int_handoffs_identified') }}
    A full build reads the whole relation (a plain ref). An incremental run reads only the
    conversations listed in ctl_touched_conversations (touched_where), so an unfiltered
    import cannot be written by accident. `column` is the relation's conversation key.
#}
{% macro touched_ref(model_name, column='conversation_id') -%}
    {%- set where = seam.touched_where(column) -%}
    {%- if where -%}
        (select * from {{ ref(model_name) }} {{ where }}) as {{ model_name }}
    {%- else -%}
        {{ ref(model_name) }}
    {%- endif -%}
{%- endmacro %}
