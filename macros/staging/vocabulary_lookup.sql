{#-
    Left-join target for one vocabulary domain of the vocabulary_map seed, as an aliased
    subquery (`select * from {{ seam.vocabulary_lookup('channel') }}`): Postgres before 16
    requires an alias on every subquery in FROM.
-#}
{% macro vocabulary_lookup(domain) -%}
    (
        select
            raw_value,
            canonical_value
        from {{ seam.seed_ref('vocabulary_map') }}
        where domain = '{{ domain }}'
    ) as vocabulary_{{ domain }}
{%- endmacro %}
