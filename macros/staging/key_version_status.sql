{#-
    Which version of a key a distinct raw row is, as a rejection reason (null = the version
    kept): the latest load wins (`loaded_at`, the raw load timestamp), then the latest
    `updated_at` where the table has one; every older version is 'superseded'. Rows tied for
    the latest (the same load and, where present, the same updated_at) are a conflict that
    nothing resolves: all of them are 'duplicate_key'. A window expression, evaluated over
    one row per distinct raw row.
-#}
{% macro key_version_status(key, loaded_at, updated_at=none) -%}
    {%- set version = [loaded_at] + ([updated_at] if updated_at else []) -%}
    case
        when
            rank() over (
                partition by {{ key }}
                order by
                {%- for column in version %}
                    {{ column }} desc nulls last{{ "," if not loop.last }}
                {%- endfor %}
            ) > 1
            then 'superseded'
        when count(*) over (partition by {{ key }}, {{ version | join(', ') }}) > 1
            then 'duplicate_key'
    end
{%- endmacro %}
