{#
    Where seam's models and seeds land. Var `seam_schema_names`:
    - `auto` (default): plain custom schemas (staging, control, audit, intermediate, marts,
      seeds) when seam is the root project, so BI reads `marts.fct_conversations`; dbt's own
      rule (`<target schema>_<custom schema>`) when seam is installed as a package, so the
      consumer's target decides where seam's tables land, beside its other packages.
    - `plain`: custom schemas as-is, whatever the project (a dedicated warehouse).
    - `prefixed`: dbt's own rule, whatever the project.
    Models without a custom schema land in the target's schema. dbt uses a package's
    generate_schema_name for that package's own nodes; a consumer's own override still wins
    for its nodes and, when it defines one, for seam's too.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set style = var('seam_schema_names', 'auto') -%}
    {%- if style not in ('auto', 'plain', 'prefixed') -%}
        {{ exceptions.raise_compiler_error(
            "var seam_schema_names must be auto, plain or prefixed, not '" ~ style ~ "'"
        ) }}
    {%- endif -%}
    {%- set plain = style == 'plain' or (style == 'auto' and project_name == 'seam') -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif plain -%}
        {{ custom_schema_name | trim }}
    {%- else -%}
        {{ target.schema }}_{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
