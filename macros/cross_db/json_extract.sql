{#
    JSON held as text (or as the engine's JSON type), read the same way on every engine; an
    ELT tool such as Airbyte lands nested objects and arrays this way.

    json_field(column, path): the value at a dotted key path (`'author.type'`) as text: a
    string unquoted, a number or boolean as written, null when a key is missing, the value
    is JSON null, or the column is not an object (a bare JSON string has no keys).
    DuckDB json_extract_string, Postgres -> / ->> on a jsonb cast, Spark get_json_object.
#}
{% macro json_field(column, path) -%}
    {{ return(adapter.dispatch('json_field', 'seam')(column, path.split('.'))) }}
{%- endmacro %}

{#- Postgres, Redshift and others with json_extract_path_text(json, key, ...). -#}
{% macro default__json_field(column, keys) -%}
    json_extract_path_text({{ column }}{% for key in keys %}, '{{ key }}'{% endfor %})
{%- endmacro %}

{% macro duckdb__json_field(column, keys) -%}
    json_extract_string({{ column }}, '$.{{ keys | join(".") }}')
{%- endmacro %}

{% macro postgres__json_field(column, keys) -%}
    (cast({{ column }} as jsonb)
    {%- for key in keys %} {{ '->>' if loop.last else '->' }} '{{ key }}'{% endfor %})
{%- endmacro %}

{% macro spark__json_field(column, keys) -%}
    get_json_object({{ column }}, '$.{{ keys | join(".") }}')
{%- endmacro %}

{#
    json_array_values(column): one row per element of a JSON array of strings or numbers,
    as text (a select-list expression: the row is repeated for each element; an empty or
    null array gives no row). For the ids in a list (Intercom `team_ids`).
#}
{% macro json_array_values(column) -%}
    {{ return(adapter.dispatch('json_array_values', 'seam')(column)) }}
{%- endmacro %}

{% macro default__json_array_values(column) -%}
    {{ exceptions.raise_compiler_error(
        "seam.json_array_values has no variant for adapter " ~ adapter.type()) }}
{%- endmacro %}

{#- DuckDB: the cast keeps the list type when the input is a typed null. -#}
{% macro duckdb__json_array_values(column) -%}
    unnest(cast(json_extract_string({{ column }}, '$[*]') as varchar[]))
{%- endmacro %}

{% macro postgres__json_array_values(column) -%}
    jsonb_array_elements_text(cast({{ column }} as jsonb))
{%- endmacro %}

{% macro spark__json_array_values(column) -%}
    explode(from_json({{ column }}, 'array<string>'))
{%- endmacro %}

{#
    json_array_objects(column): one row per element of a JSON array of objects, as JSON that
    json_field reads (a select-list expression, as json_array_values). For Zendesk audit
    `events`.
#}
{% macro json_array_objects(column) -%}
    {{ return(adapter.dispatch('json_array_objects', 'seam')(column)) }}
{%- endmacro %}

{% macro default__json_array_objects(column) -%}
    {{ exceptions.raise_compiler_error(
        "seam.json_array_objects has no variant for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__json_array_objects(column) -%}
    cast(unnest(cast(json_extract({{ column }}, '$[*]') as json[])) as {{ dbt.type_string() }})
{%- endmacro %}

{% macro postgres__json_array_objects(column) -%}
    jsonb_array_elements(cast({{ column }} as jsonb))
{%- endmacro %}

{#- Spark keeps an object element's JSON text when the element type is string. -#}
{% macro spark__json_array_objects(column) -%}
    explode(from_json({{ column }}, 'array<string>'))
{%- endmacro %}
