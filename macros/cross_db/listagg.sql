{#
    Overrides dbt-spark's listagg, which drops the order_by clause (collect_list order is not
    defined). Spark 4 has the ordered-set form: listagg(x, sep) within group (order by ...).
    With a limit, dbt-spark's collect_list/slice form is kept.
#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if order_by_clause and not limit_num -%}
        listagg({{ measure }}, {{ delimiter_text }}) within group ({{ order_by_clause }})
    {%- else -%}
        {{ return(dbt.spark__listagg(measure, delimiter_text, order_by_clause, limit_num)) }}
    {%- endif -%}
{%- endmacro %}
