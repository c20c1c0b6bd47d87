{#
    Share of a probe text's distinct tokens that also occur in a reference text.
    `probe_relation` has (probe_key, group_key, token); `reference_relation` has
    (group_key, token): the reference is shared by every probe of the same group.
    Emits one row per probe_key: group_key, n_probe_tokens, n_shared_tokens, overlap_share
    (0..1; null when the probe has no tokens, so no row is emitted for it).
#}
{% macro token_overlap(probe_relation, reference_relation, probe_key, group_key) -%}
    select
        probe_tokens.{{ probe_key }},
        probe_tokens.{{ group_key }},
        count(*) as n_probe_tokens,
        count(reference_tokens.token) as n_shared_tokens,
        cast(count(reference_tokens.token) as {{ seam.type_double() }})
        / count(*) as overlap_share
    from (
        select distinct
            {{ probe_key }},
            {{ group_key }},
            token
        from {{ probe_relation }}
    ) as probe_tokens
    left join (
        select distinct
            {{ group_key }},
            token
        from {{ reference_relation }}
    ) as reference_tokens
        on
            probe_tokens.{{ group_key }} = reference_tokens.{{ group_key }}
            and probe_tokens.token = reference_tokens.token
    group by probe_tokens.{{ probe_key }}, probe_tokens.{{ group_key }}
{%- endmacro %}
