{#
    Share of a probe text's distinct tokens that also occur in a reference text.
    `probe_relation` has (probe_key, group_key, token); `reference_relation` has
    (group_key, token): the reference is shared by every probe of the same group.
    Emits one row per probe_key: group_key, n_probe_tokens, n_shared_tokens, overlap_share
    (0..1; null when the probe has no tokens, so no row is emitted for it). `probe_key` is a
    column name or a list of them (a probe per sentence: ['message_id', 'sentence_number']).
    With `weight_column` (a column of the probe relation, one value per token), also
    shared_weight: the sum of the weights of the shared tokens.
    The probe's tokens and their is_shared flag come from tokens_shared.
#}
{% macro token_overlap(probe_relation, reference_relation, probe_key, group_key,
        weight_column=none) -%}
    {%- set shared -%}
(
        {{ seam.tokens_shared(
            probe_relation, reference_relation, probe_key, group_key, weight_column
        ) | indent(8) }}
    )
    {%- endset -%}
    {{ seam.token_overlap_from_shared(
        shared, probe_key, group_key, weight_column, distinct=false
    ) }}
{%- endmacro %}

{#
    token_overlap's counts from rows of tokens_shared (`shared_relation`). `probe_key` may be
    coarser than the one tokens_shared was given (per message from per-sentence rows): with
    `distinct` (the default) the rows are made distinct on the coarser probe first, so a token
    of several sentences counts once. is_shared depends on the group and the token only, so
    the flag carries over unchanged.
#}
{% macro token_overlap_from_shared(shared_relation, probe_key, group_key, weight_column=none,
        distinct=true) -%}
    {%- set probe_keys = [probe_key] if probe_key is string else probe_key -%}
    {%- set source -%}
        {%- if distinct -%}
        (
            select distinct
                {{ seam.probe_token_columns(probe_keys, group_key, weight_column) | indent(8) }},
                is_shared
            from {{ shared_relation }}
        )
        {%- else -%}
        {{ shared_relation }}
        {%- endif -%}
    {%- endset -%}
    select
        {%- for key in probe_keys %}
        probe_tokens.{{ key }},
        {%- endfor %}
        probe_tokens.{{ group_key }},
        count(*) as n_probe_tokens,
        count(case when probe_tokens.is_shared then 1 end) as n_shared_tokens,
        {%- if weight_column %}
        sum(
            case when probe_tokens.is_shared then probe_tokens.{{ weight_column }} end
        ) as shared_weight,
        {%- endif %}
        cast(count(case when probe_tokens.is_shared then 1 end) as {{ seam.type_double() }})
        / count(*) as overlap_share
    from {{ source }} as probe_tokens
    group by
        {%- for key in probe_keys %}
        probe_tokens.{{ key }},
        {%- endfor %}
        probe_tokens.{{ group_key }}
{%- endmacro %}
