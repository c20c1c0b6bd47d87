{#
    Named and decimal HTML entities of seed html_entities (&eacute; &uuml; &szlig; &ntilde;
    &ccedil; ... &rsquo; &euro;, and &#233;-style forms) decoded, set-based: a complete select
    statement with one row per row of `relation` whose `text_column` holds a "&": its
    `key_column` and the decoded text as `output_name`. Rows without a "&" are not emitted
    (the caller coalesces). The text is split at every "&"; a part that opens with a known
    entity name and ";" gets the character in its place, any other part gets its "&" back.
    Markup entities (&lt; &gt; &amp; &quot; &nbsp; ...) are not in the seed: they are decoded
    after the tags are out (html_basic_entities_decoded), so "&amp;eacute;" stays "&eacute;".
#}
{% macro html_entities_decoded(relation, key_column, text_column, output_name) -%}
    {%- set with_ampersand -%}
        (
            select
                entity_source.{{ key_column }},
                entity_source.{{ text_column }}
            from {{ relation }} as entity_source
            where {{ dbt.position("'&'", 'entity_source.' ~ text_column) }} > 0
        )
    {%- endset -%}
    select
        decoded_parts.{{ key_column }},
        {{ seam.listagg('decoded_parts.decoded_part', "''", 'order by decoded_parts.part_number') }}
            as {{ output_name }}
    from (
        select
            named_parts.{{ key_column }},
            named_parts.part_number,
            case
                when named_parts.part_number = 1 then named_parts.part_text
                when html_entities.entity is not null
                    then {{ dbt.concat([
                        'html_entities.character',
                        'substr(named_parts.part_text, length(html_entities.entity) + 2)',
                    ]) }}
                else {{ dbt.concat(["'&'", 'named_parts.part_text']) }}
            end as decoded_part
        from (
            select
                entity_parts.{{ key_column }},
                entity_parts.part_number,
                entity_parts.part_text,
                {{ seam.regexp_extract_group('entity_parts.part_text', '^([A-Za-z0-9#]+);') }}
                    as entity_name
            from (
                {{ seam.split_to_rows(
                    with_ampersand, [key_column], text_column, '&', 'part_text', 'part_number'
                ) }}
            ) as entity_parts
        ) as named_parts
        left join {{ seam.seed_ref('html_entities') }} as html_entities
            on named_parts.entity_name = html_entities.entity
    ) as decoded_parts
    group by decoded_parts.{{ key_column }}
{%- endmacro %}
