{#
    A select of the duplicated keys of `relation` (a relation, or a CTE name): one row per
    combination of the `keys` columns held by more than one row, with the keys and n_rows.
    With skip_null_first, rows whose first key is null are left out (a test whose not-null
    check reports them). Used by the generic tests unique_combination and touched_rows_valid.
    Dispatched:
    - default (Postgres, Spark): a plain group by over the keys;
    - DuckDB: the keys' hash first, then the exact keys of the hashes that repeat. A group by
      over the text keys holds every distinct key in memory at once (a tokens table at 10M
      conversations: 288M rows ran out of a 3GB cap); the hash holds 8 bytes a key, and
      the exact check reads only the few rows whose hash repeats, so a hash collision is
      never taken for a duplicate.
#}
{% macro duplicate_keys(relation, keys, skip_null_first=false) -%}
    {{ return(adapter.dispatch('duplicate_keys', 'seam')(relation, keys, skip_null_first)) }}
{%- endmacro %}

{% macro default__duplicate_keys(relation, keys, skip_null_first=false) -%}
    select
        {{ keys | join(', ') }},
        count(*) as n_rows
    from {{ relation }}
    {%- if skip_null_first %}
    where {{ keys[0] }} is not null
    {%- endif %}
    group by {{ keys | join(', ') }}
    having count(*) > 1
{%- endmacro %}

{% macro duckdb__duplicate_keys(relation, keys, skip_null_first=false) -%}
    select
        {{ keys | join(', ') }},
        count(*) as n_rows
    from {{ relation }}
    where
        {%- if skip_null_first %}
        {{ keys[0] }} is not null and
        {%- endif %}
        hash({{ keys | join(', ') }}) in (
            select hash({{ keys | join(', ') }}) as key_hash
            from {{ relation }}
            {%- if skip_null_first %}
            where {{ keys[0] }} is not null
            {%- endif %}
            group by key_hash
            having count(*) > 1
        )
    group by {{ keys | join(', ') }}
    having count(*) > 1
{%- endmacro %}
