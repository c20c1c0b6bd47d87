{#
    dbt's listagg, except on Spark: dbt-spark's drops the order_by clause (collect_list order is
    not defined). Spark 4 has the ordered-set form: listagg(x, sep) within group (order by ...).
    With a limit, dbt-spark's collect_list/slice form is kept. Models call `seam.listagg`, so
    the Spark variant applies when seam is a package too (dbt reads `dispatch` from the root
    project only); the variants have their own name so dbt's listagg never finds them.
#}
{% macro listagg(measure, delimiter_text="','", order_by_clause=none, limit_num=none) -%}
    {{ return(adapter.dispatch('ordered_listagg', 'seam')(measure, delimiter_text, order_by_clause, limit_num)) }}
{%- endmacro %}

{% macro default__ordered_listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {{ return(dbt.listagg(measure, delimiter_text, order_by_clause, limit_num)) }}
{%- endmacro %}

{% macro spark__ordered_listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if order_by_clause and not limit_num -%}
        listagg({{ measure }}, {{ delimiter_text }}) within group ({{ order_by_clause }})
    {%- else -%}
        {{ return(dbt.spark__listagg(measure, delimiter_text, order_by_clause, limit_num)) }}
    {%- endif -%}
{%- endmacro %}
