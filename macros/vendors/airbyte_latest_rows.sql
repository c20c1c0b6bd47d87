{#
    The latest synced row of each record of an Airbyte stream: Airbyte's append syncs land a
    record again at every sync, so `keys` (the record's id, or id and version) keep the row
    with the newest `_airbyte_extracted_at` (ties: the lowest `_airbyte_raw_id`, so the choice is
    the same on every run and engine). `relation` is a CTE or relation of the stream.
#}
{% macro airbyte_latest_rows(relation, keys) -%}
    select *
    from (
        select
            synced.*,
            row_number() over (
                partition by {% for key in keys %}synced.{{ key }}{{ ", " if not loop.last }}{% endfor %}
                order by synced._airbyte_extracted_at desc, synced._airbyte_raw_id
            ) as sync_rank
        from {{ relation }} as synced
    ) as ranked
    where sync_rank = 1
{%- endmacro %}
