{#
    Share of a probe text's distinct tokens that also occur in a reference text.
    `probe_relation` has (probe_key, group_key, token); `reference_relation` has
    (group_key, token): the reference is shared by every probe of the same group.
    Emits one row per probe_key: group_key, n_probe_tokens, n_shared_tokens, overlap_share
    (0..1; null when the probe has no tokens, so no row is emitted for it). `probe_key` is a
    column name or a list of them (a probe per sentence: ['message_id', 'sentence_number']).
    With `weight_column` (a column of the probe relation, one value per token), also
    shared_weight: the sum of the weights of the shared tokens.
#}
{% macro token_overlap(probe_relation, reference_relation, probe_key, group_key,
        weight_column=none) -%}
    {%- set probe_keys = [probe_key] if probe_key is string else probe_key -%}
    select
        {%- for key in probe_keys %}
        probe_tokens.{{ key }},
        {%- endfor %}
        probe_tokens.{{ group_key }},
        count(*) as n_probe_tokens,
        count(reference_tokens.token) as n_shared_tokens,
        {%- if weight_column %}
        sum(
            case when reference_tokens.token is not null then probe_tokens.{{ weight_column }} end
        ) as shared_weight,
        {%- endif %}
        cast(count(reference_tokens.token) as {{ seam.type_double() }})
        / count(*) as overlap_share
    from (
        select distinct
            {%- for key in probe_keys %}
            {{ key }},
            {%- endfor %}
            {{ group_key }},
            {%- if weight_column %}
            {{ weight_column }},
            {%- endif %}
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
    group by
        {%- for key in probe_keys %}
        probe_tokens.{{ key }},
        {%- endfor %}
        probe_tokens.{{ group_key }}
{%- endmacro %}
