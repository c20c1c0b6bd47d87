{#
    Overrides dbt's grant statement on Postgres (dispatch search order puts this project
    first). dbt writes `grant select on <mart> to <grantee>` with the grantee as given, so a
    role name from a var (bi_role) carrying SQL would run as SQL. Here every grantee must be
    a plain role name (validated_role) and is quoted with the adapter, like dbt's own revoke.
#}
{% macro postgres__get_grant_sql(relation, privilege, grantees) -%}
    {%- set quoted_grantees = [] -%}
    {%- for grantee in grantees -%}
        {%- do quoted_grantees.append(adapter.quote(seam.validated_role(grantee))) -%}
    {%- endfor -%}
    grant {{ privilege }} on {{ relation.render() }} to {{ quoted_grantees | join(', ') }}
{%- endmacro %}

{#- A role name that is a plain SQL name, or a compilation error naming it. -#}
{% macro validated_role(name) -%}
    {%- if seam.var_format_problem(name, 'identifier') -%}
        {{ exceptions.raise_compiler_error(
            "Role name " ~ (name | tojson) ~ " is not a plain SQL name (a letter or _, then"
            ~ " letters, digits, _ or $); set var bi_role to the BI role's name."
        ) }}
    {%- endif -%}
    {{ return(name) }}
{%- endmacro %}
