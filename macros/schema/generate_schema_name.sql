{#
    Custom schemas are used as-is (staging, intermediate, marts, seeds) so BI tools see
    `marts.fct_conversations`, not `main_marts.fct_conversations`. Models without a custom
    schema land in the target's schema.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
