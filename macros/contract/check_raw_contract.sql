{#
    Pre-flight check of the raw tables against the raw contract (raw_contract), before
    anything is built: an on-run-start hook (dbt_project.yml) whenever the selected nodes
    read the raw tables, and on demand: `dbt run-operation check_raw_contract`.

    Every raw table an enabled model reads must exist (a missing optional table names the var
    that switches it off), every contract column must exist (case-insensitive; extra columns
    are ignored), and each column's type must be able to hold the contract's type: any scalar
    for text; a timestamp, a date or text for a timestamp; a boolean, a number or text for a
    boolean; a number or text for a number. Under a vendor source (var seam_source) the
    vendor's tables must hold the columns their sources YAML lists. Every problem is listed in
    one error, table by table, and the run stops before any node runs. A support table outside
    the contract that seam applies only when it exists (erasure_requests, doc `deletions`) is
    checked when present and never required.
#}
{% macro check_raw_contract(force=true) -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- if not force and not seam.selection_reads_raw() -%}
        {{ return('') }}
    {%- endif -%}
    {#- the raw tables the enabled models read (the contract's, or a vendor's under var
        seam_source, with the contract tables listed in vendor_contract_tables) -#}
    {%- set read = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
        {%- for parent in node.depends_on.nodes if parent.startswith('source.seam.') -%}
            {%- if parent not in read -%}
                {%- do read.append(parent) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set contract = seam.raw_contract() -%}
    {%- set problems = [] -%}
    {%- set checked = {'tables': 0, 'columns': 0} -%}
    {%- for unique_id in read | sort -%}
        {%- set node = graph.sources[unique_id] -%}
        {%- set is_contract = node.source_name == 'support' -%}
        {%- set spec = contract.get(node.name, {}) if is_contract else {} -%}
        {%- set detected = is_contract and node.name not in contract -%}
        {%- set optional_var = spec.get('optional_var') -%}
        {%- set where = (
            (node.database ~ '.' if node.database and target.type != 'spark' else '')
            ~ node.schema ~ '.' ~ node.identifier
        ) -%}
        {%- set relation = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.identifier
        ) -%}
        {%- if relation is none and detected -%}
            {#- applied only when it exists -#}
        {%- elif relation is none and optional_var is not none and var('seam_source') == 'contract' -%}
            {%- do problems.append(
                "table " ~ where ~ " does not exist. It is optional: load it, or switch it"
                ~ " off with the var " ~ optional_var ~ ": false (dbt build --vars '{"
                ~ optional_var ~ ": false}', or under vars: in dbt_project.yml)."
            ) -%}
        {%- elif relation is none and is_contract and var('seam_source') != 'contract' -%}
            {%- do problems.append(
                "table " ~ where ~ " does not exist. The var vendor_contract_tables lists "
                ~ node.name ~ ": load it beside the " ~ var('seam_source') ~ " tables, or"
                ~ " take it out of that list."
            ) -%}
        {%- elif relation is none and is_contract -%}
            {%- do problems.append(
                "table " ~ where ~ " does not exist. It is required; the vars raw_database"
                ~ " and raw_schema say where the raw tables are."
            ) -%}
        {%- elif relation is none -%}
            {%- do problems.append(
                "table " ~ where ~ " does not exist. seam reads it when the var seam_source is "
                ~ var('seam_source') ~ "; the vars " ~ node.source_name.replace('_airbyte', '') ~ "_database and "
                ~ node.source_name.replace('_airbyte', '') ~ "_schema say where it is."
            ) -%}
        {%- else -%}
            {%- if not detected -%}
                {%- do checked.update({'tables': checked['tables'] + 1}) -%}
            {%- endif -%}
            {%- set found = {} -%}
            {%- for column in adapter.get_columns_in_relation(relation) -%}
                {%- do found.update({column.name | lower: column.data_type | lower}) -%}
            {%- endfor -%}
            {%- set expected = [] -%}
            {%- if is_contract and not detected -%}
                {%- set expected = spec['columns'] -%}
            {%- else -%}
                {%- for column in node.columns.values() -%}
                    {%- do expected.append((column.name, column.data_type)) -%}
                {%- endfor -%}
            {%- endif -%}
            {%- set expected_names = [] -%}
            {%- set missing_before = problems | length -%}
            {%- for column_name, contract_type in expected -%}
                {%- do expected_names.append(column_name | lower) -%}
                {%- if not detected -%}
                    {%- do checked.update({'columns': checked['columns'] + 1}) -%}
                {%- endif -%}
                {%- set found_type = found.get(column_name | lower) -%}
                {%- if found_type is none and is_contract -%}
                    {%- do problems.append(
                        where ~ "." ~ column_name ~ " is missing: the contract expects a "
                        ~ contract_type ~ " column named " ~ column_name ~ "."
                    ) -%}
                {%- elif found_type is none -%}
                    {%- do problems.append(
                        where ~ "." ~ column_name ~ " is missing: seam reads this column of the "
                        ~ node.source_name ~ " table " ~ node.name ~ " (its sources YAML)."
                    ) -%}
                {%- elif contract_type and not seam.raw_type_holds(found_type, contract_type) -%}
                    {%- do problems.append(
                        where ~ "." ~ column_name ~ " is " ~ found_type ~ ", which cannot hold"
                        ~ " the contract's " ~ contract_type ~ " (accepted: "
                        ~ seam.raw_types_accepted(contract_type) ~ ")."
                    ) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- set extra = [] -%}
            {%- for name in found.keys() if name not in expected_names -%}
                {%- do extra.append(name) -%}
            {%- endfor -%}
            {%- if extra and is_contract and (problems | length) > missing_before -%}
                {%- do problems.append(
                    where ~ " also has columns outside the contract (a renamed column?): "
                    ~ (extra | sort | join(', ')) ~ "."
                ) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            "The raw tables do not meet the raw contract (docs/raw-contract.md), so nothing"
            ~ " was built:\n  - " ~ (problems | join('\n  - '))
        ) }}
    {%- endif -%}
    {{ log(
        "raw contract: " ~ checked['tables'] ~ " tables and " ~ checked['columns']
        ~ " columns match", info=true
    ) }}
    {{ return('') }}
{%- endmacro %}

{#- True when the selected nodes of this invocation read a raw table (or are one). -#}
{% macro selection_reads_raw() -%}
    {%- for unique_id in selected_resources -%}
        {%- if unique_id.startswith('source.seam.') -%}
            {{ return(true) }}
        {%- endif -%}
        {%- set node = graph.nodes.get(unique_id) -%}
        {%- if node is not none -%}
            {%- for parent in node.depends_on.nodes -%}
                {%- if parent.startswith('source.seam.') -%}
                    {{ return(true) }}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(false) }}
{%- endmacro %}

{#-
    Whether a raw column of warehouse type `found_type` can hold a contract type. Type names
    differ per engine (DuckDB VARCHAR / TIMESTAMP WITH TIME ZONE / DOUBLE, Postgres text /
    timestamp without time zone / double precision, Spark string / timestamp / double), so
    they are classified by family.
-#}
{% macro raw_type_holds(found_type, contract_type) -%}
    {%- set family = seam.raw_type_family(found_type) -%}
    {%- set accepted = {
        'text': ['text', 'number', 'boolean', 'timestamp', 'date'],
        'timestamp': ['text', 'timestamp', 'date'],
        'boolean': ['text', 'boolean', 'number'],
        'numeric': ['text', 'number'],
    } -%}
    {{ return(family in accepted[contract_type]) }}
{%- endmacro %}

{% macro raw_types_accepted(contract_type) -%}
    {%- set accepted = {
        'text': 'text or any scalar type',
        'timestamp': 'timestamp, timestamp with time zone, date, or text',
        'boolean': 'boolean, an integer 0/1, or text',
        'numeric': 'an integer, decimal or floating-point type, or text',
    } -%}
    {{ return(accepted[contract_type]) }}
{%- endmacro %}

{% macro raw_type_family(found_type) -%}
    {%- set t = found_type | lower | trim -%}
    {%- set nested = ['[]', 'struct', 'map', 'array', 'list', 'union', 'blob', 'binary', 'bytea',
                      'user-defined', 'interval', 'bit'] -%}
    {%- set numbers = ['int', 'decimal', 'numeric', 'double', 'float', 'real', 'number', 'money'] -%}
    {%- for word in nested if word in t -%}
        {{ return('other') }}
    {%- endfor -%}
    {%- if 'timestamp' in t or 'datetime' in t -%}
        {{ return('timestamp') }}
    {%- elif t == 'date' -%}
        {{ return('date') }}
    {%- elif t.startswith('time') -%}
        {{ return('other') }}
    {%- elif 'bool' in t -%}
        {{ return('boolean') }}
    {%- endif -%}
    {%- for word in numbers if word in t -%}
        {{ return('number') }}
    {%- endfor -%}
    {{ return('text') }}
{%- endmacro %}
