{#-
    The vars this build ran with, one row each. The project's vars are validated here, when
    dbt parses the project: a malformed var (a role name carrying SQL, a date that is not a
    date, a threshold that is not a number) stops every dbt command before any SQL is
    rendered, with one message naming each bad var (macro validate_vars).
-#}
{%- do seam.validate_vars() -%}

{{ config(materialized='table') }}

with

vars_used as (
    {% for name, kind in seam.var_kinds().items() %}
        select
            '{{ name }}' as var_name,
            '{{ kind }}' as var_kind,
            {{ seam.var_as_text(name, kind) }} as var_value
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select * from vars_used
