{#
    dbt-spark's seed table DDL and row inserts, with the seed's column_types read through
    spark_type_name: seeds declare portable types (`text`), which Spark spells `string` (an
    unsized varchar is a syntax error there). Rows are written as escaped literals: the session
    connection formats bindings into the SQL without escaping them, so a value holding a quote
    ("New Year's Day") or a percent sign would break the statement.
    Otherwise as dbt-spark 1.11 writes them.
#}
{% macro spark__create_csv_table(model, agate_table) %}
  {%- set column_override = model['config'].get('column_types', {}) -%}
  {%- set quote_seed_column = model['config'].get('quote_columns', None) -%}

  {% set sql %}
    create table {{ this.render() }} (
        {%- for col_name in agate_table.column_names -%}
            {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
            {%- set type = seam.spark_type_name(column_override.get(col_name, inferred_type)) -%}
            {%- set column_name = (col_name | string) -%}
            {{ adapter.quote_seed_column(column_name, quote_seed_column) }} {{ type }} {%- if not loop.last -%}, {%- endif -%}
        {%- endfor -%}
    )
    {{ file_format_clause() }}
    {{ partition_cols(label="partitioned by") }}
    {{ clustered_cols(label="clustered by") }}
    {{ location_clause() }}
    {{ comment_clause() }}
  {% endset %}

  {% call statement('_') -%}
    {{ sql }}
  {%- endcall %}

  {{ return(sql) }}
{% endmacro %}

{% macro spark__load_csv_rows(model, agate_table) %}

  {% set batch_size = get_batch_size() %}
  {% set column_override = model['config'].get('column_types', {}) %}

  {% set statements = [] %}

  {% for chunk in agate_table.rows | batch(batch_size) %}
      {#- target.method is not exposed to macros on Spark: literals on every method. -#}
      {% set inline = true %}
      {% set bindings = [] %}

      {% for row in chunk %}
          {% do bindings.extend(row) %}
      {% endfor %}

      {% set sql %}
          insert into {{ this.render() }} values
          {% for row in chunk -%}
              ({%- for col_name in agate_table.column_names -%}
                  {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                  {%- set type = seam.spark_type_name(column_override.get(col_name, inferred_type)) -%}
                  {%- if inline -%}
                    {%- set value = row[loop.index0] -%}
                    {%- if value is none -%}
                    cast(null as {{ type }})
                    {%- else -%}
                    cast('{{ (value | string).replace('\\', '\\\\').replace("'", "\\'") }}' as {{ type }})
                    {%- endif -%}
                  {%- else -%}
                    cast({{ get_binding_char() }} as {{type}})
                  {%- endif -%}
                  {%- if not loop.last%},{%- endif %}
              {%- endfor -%})
              {%- if not loop.last%},{%- endif %}
          {%- endfor %}
      {% endset %}

      {% do adapter.add_query(sql, bindings=(none if inline else bindings), abridge_sql_log=True) %}

      {% if loop.index0 == 0 %}
          {% do statements.append(sql) %}
      {% endif %}
  {% endfor %}

  {# Return SQL so we can render it out into the compiled files #}
  {{ return(statements[0]) }}
{% endmacro %}
