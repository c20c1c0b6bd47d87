{#
    The versions of every key held by more than one distinct raw row, over the whole live raw
    table: one row per losing version, `raw_row_id` (raw_row_hash) and `version_status`
    ('superseded' or 'duplicate_key', key_version_status); the version kept is not listed.
    Reading the whole table (not a window over an incremental batch) lets a batch see the
    versions older loads hold. Only keys seen twice in raw are compared in full, so the cost
    is one pass over the key column. `keys_from` (optional) is the model's own batch of this
    table (its deduplicated_raw, holding the raw `key` column), whose keys limit the answer;
    `updated_at` names the raw column that orders versions of one load, where there is one.
    In an incremental run `keys_from` holds only the touched conversations' keys: there the raw
    rows of those keys are read in one pass (a hash semi-join on the cleaned key) and every
    one of them is compared, without first finding which keys are repeated (a second pass
    over the whole raw table, which Postgres, with no statistics on the cleaned key, planned
    as a sort of every raw row). The answer is the same: a key held by one distinct raw row
    has no losing version.
    A full build (and a unit test) does not read `keys_from`: there the batch is every live
    raw row (deduplicated_raw filters only in an incremental run), so the filter would keep
    every key and only add a second reading of the batch, which DuckDB materialises whole
    (12M messages at 1M conversations, spilled past the memory limit) to serve both readers.
#}
{% macro raw_key_versions(
    table_name, key, columns, enabled=true, keys_from=none, updated_at=none
) -%}
    {%- set raw_rows = seam.raw_live_relation(table_name, columns, enabled) -%}
    select
        versions.raw_row_id,
        versions.version_status
    from (
        select
            distinct_rows.raw_row_id,
            {{ seam.key_version_status(
                'distinct_rows.key_value',
                'distinct_rows.loaded_at',
                'distinct_rows.updated_at' if updated_at else none
            ) }} as version_status
        from (
            select
                text_rows.key_value,
                {{ seam.raw_row_hash(columns, 'text_rows.') }} as raw_row_id,
                {%- if updated_at %}
                {{ seam.parse_timestamp_utc('text_rows.' ~ updated_at) }} as updated_at,
                {%- endif %}
                max(text_rows.loaded_at) as loaded_at
            from (
                select
                    {{ seam.clean_text('versioned.' ~ key) }} as key_value,
                    {%- for column in columns %}
                    cast(versioned.{{ column }} as {{ dbt.type_string() }}) as {{ column }},
                    {%- endfor %}
                    {%- if enabled %}
                    versioned.{{ var('raw_loaded_at_column') }} as loaded_at
                    {%- else %}
                    cast(null as {{ dbt.type_timestamp() }}) as loaded_at
                    {%- endif %}
                from {{ raw_rows }} as versioned
                {%- if keys_from is not none and model.resource_type != 'unit_test' and is_incremental() %}
                where {{ seam.clean_text('versioned.' ~ key) }} in (
                    select {{ seam.clean_text('batch_keys.' ~ key) }}
                    from {{ keys_from }} as batch_keys
                )
                {%- else %}
                where {{ seam.clean_text('versioned.' ~ key) }} in (
                    select repeated.key_value
                    from (
                        select {{ seam.clean_text('raw_keys.' ~ key) }} as key_value
                        from {{ raw_rows }} as raw_keys
                        group by {{ seam.clean_text('raw_keys.' ~ key) }}
                        having count(*) > 1
                    ) as repeated
                )
                {%- endif %}
            ) as text_rows
            group by
                text_rows.key_value,
                {%- for column in columns %}
                text_rows.{{ column }}{{ "," if not loop.last }}
                {%- endfor %}
        ) as distinct_rows
    ) as versions
    where versions.version_status is not null
{%- endmacro %}
