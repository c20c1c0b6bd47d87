{#
    on-run-end hook: lets the BI role (var bi_role, default seam_bi) into the schemas that hold the marts.
    dbt's `grants` config (dbt_project.yml, marts folder) gives select on each mart table;
    a role also needs usage on the schema to reach them. Staging, intermediate, seeds and raw
    get nothing, so the BI role can read the marts and only the marts. Postgres only, like
    the grants config: DuckDB has no roles, and local Spark has no authorization.
#}
{% macro grant_marts_schema_usage() -%}
    {%- if execute and target.type == 'postgres' -%}
        {%- set schemas = [] -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model' and node.fqn[1] == 'marts' and node.schema not in schemas -%}
                {%- do schemas.append(node.schema) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for schema in schemas -%}
            {%- if adapter.check_schema_exists(target.database, schema) -%}
                {%- do run_query(
                    'grant usage on schema ' ~ adapter.quote(schema)
                    ~ ' to ' ~ adapter.quote(seam.validated_role(var('bi_role', 'seam_bi')))
                ) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
