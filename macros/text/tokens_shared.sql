{#
    The distinct tokens of each probe text, each with is_shared: whether it also occurs in the
    reference text of its group. `probe_relation` has (probe_key, group_key, token);
    `reference_relation` has (group_key, token): the reference is shared by every probe of the
    same group. `probe_key` is a column name or a list of them (a probe per sentence:
    ['message_id', 'sentence_number']); with `weight_column` (a column of the probe relation,
    one value per token) that column is kept. Emits one row per distinct (probe_key, group_key,
    weight, token) with is_shared (never null). token_overlap counts these rows; a model that
    needs the overlap of a coarser probe too (per message as well as per sentence) reads the
    same rows with token_overlap_from_shared, since is_shared depends on the group and the
    token only, so the reference is joined once.
#}
{% macro tokens_shared(probe_relation, reference_relation, probe_key, group_key,
        weight_column=none) -%}
    {%- set probe_keys = [probe_key] if probe_key is string else probe_key -%}
    select
        {{ seam.probe_token_columns(probe_keys, group_key, weight_column, 'probe_tokens.') }},
        reference_tokens.token is not null as is_shared
    from (
        select distinct
            {{ seam.probe_token_columns(probe_keys, group_key, weight_column) | indent(4) }}
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
{%- endmacro %}


{#- The columns of a probe token row: the probe keys, the group key, the weight if any, token. -#}
{% macro probe_token_columns(probe_keys, group_key, weight_column=none, prefix='') -%}
    {%- for key in probe_keys -%}
        {{ prefix }}{{ key }},
        {% endfor -%}
        {{ prefix }}{{ group_key }},
        {% if weight_column -%}
        {{ prefix }}{{ weight_column }},
        {% endif -%}
        {{ prefix }}token
{%- endmacro %}
