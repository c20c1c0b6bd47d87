{#
    A unit-test fixture for a raw-contract table, as SQL (`format: sql` in `given:`), so the
    fixture's column types come from this macro and never from the live raw table: dbt casts a
    dict fixture to the column types it finds in the warehouse, and one typed raw column (an
    ELT tool's timestamp) would silently change what the test feeds the model; one renamed
    or missing column would fail the fixture itself. Every column of the table's contract is
    present (null unless the row gives it), plus any column a row names beyond it.

    rows:  a list of dicts, column -> value (None = null).
    types: column -> fixture type; default `text` for every column (raw as text, the way most
           loaders land it). Typed fixtures name what an ELT tool lands: `timestamp` (naive),
           `timestamptz`, `date`, `boolean`, `integer`, `bigint`, `double`, `numeric`.

    In a unit test's YAML the call sits inside {% raw %}...{% endraw %}, because dbt renders
    the YAML itself at parse time, before macros exist:
        format: sql
        rows: |
          {% raw %}{{ seam.raw_fixture('surveys', fromyaml('
          - {response_id: r1, conversation_id: c1, score: "9"}
          ')) }}{% endraw %}
#}
{% macro raw_fixture(table_name, rows, types={}) -%}
    {%- set contract = seam.raw_contract() -%}
    {%- set columns = [] -%}
    {%- for column, data_type in contract.get(table_name, {}).get('columns', []) -%}
        {%- do columns.append(column) -%}
    {%- endfor -%}
    {%- for row in rows -%}
        {%- for column in row.keys() if column not in columns -%}
            {%- do columns.append(column) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if not columns -%}
        {{ exceptions.raise_compiler_error(
            "raw_fixture: '" ~ table_name ~ "' is not an enabled table of the raw contract"
        ) }}
    {%- endif -%}
    {%- for row in (rows if rows | length > 0 else [{}]) %}
    select
        {%- for column in columns %}
        {{ seam.raw_fixture_value(row.get(column), types.get(column, 'text')) }}
            as {{ adapter.quote(column) }}{{ "," if not loop.last }}
        {%- endfor %}
    {%- if rows | length == 0 %}
    where 1 = 0
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- One fixture value as a typed SQL literal. -#}
{% macro raw_fixture_value(value, fixture_type) -%}
    {%- set sql_types = {
        'text': dbt.type_string(),
        'timestamp': dbt.type_timestamp(),
        'timestamptz': 'timestamp' if target.type == 'spark' else 'timestamp with time zone',
        'date': 'date',
        'boolean': dbt.type_boolean(),
        'integer': dbt.type_int(),
        'bigint': dbt.type_bigint(),
        'double': seam.type_double(),
        'numeric': 'decimal(18, 6)',
    } -%}
    {%- if fixture_type not in sql_types -%}
        {{ exceptions.raise_compiler_error(
            "raw_fixture: unknown fixture type '" ~ fixture_type ~ "'; one of "
            ~ (sql_types.keys() | list | join(', '))
        ) }}
    {%- endif -%}
    {%- if value is none -%}
        {%- set literal = 'null' -%}
    {%- elif value is sameas true or value is sameas false -%}
        {%- set literal = (
            dbt.string_literal(value | string | lower) if fixture_type == 'text'
            else (value | string | lower)
        ) -%}
    {%- elif value is number -%}
        {%- set literal = (
            dbt.string_literal(value | string) if fixture_type == 'text' else (value | string)
        ) -%}
    {%- else -%}
        {%- set literal = dbt.string_literal(dbt.escape_single_quotes(value | string)) -%}
    {%- endif -%}
    cast({{ literal }} as {{ sql_types[fixture_type] }})
{%- endmacro %}
