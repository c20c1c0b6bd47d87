{#
    A seed that analysts tune (vocabularies, phrase patterns, business hours), replaceable
    without forking: var `seam_seeds` maps a seed name to a seed or model of the consumer's
    project with the same columns, e.g. `seam_seeds: {business_hours: my_business_hours}`.
    Every model reads these seeds through this macro. seam's own seed stays a dependency
    (refs are collected when the project is parsed), so its unit tests keep their fixtures;
    a unit test always reads the fixture given for seam's seed.
#}
{% macro seed_ref(seed_name) -%}
    {%- set own = ref('seam', seed_name) -%}
    {%- set replacement = var('seam_seeds', {}).get(seed_name) -%}
    {%- if replacement and model.resource_type != 'unit_test' -%}
        {{ return(ref(replacement)) }}
    {%- endif -%}
    {{ return(own) }}
{%- endmacro %}
