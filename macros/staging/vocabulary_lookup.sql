{#- Left-join target for one vocabulary domain of the vocabulary_map seed. -#}
{% macro vocabulary_lookup(domain) -%}
    (
        select
            raw_value,
            canonical_value
        from {{ ref('vocabulary_map') }}
        where domain = '{{ domain }}'
    )
{%- endmacro %}
