{#
    Generic test: the combination of `columns` is unique (a composite primary key).
    Fails with one row per duplicated combination (duplicate_keys: hashed first on DuckDB).
#}
{% test unique_combination(model, columns) %}
    {{ seam.duplicate_keys(model, columns) }}
{% endtest %}
