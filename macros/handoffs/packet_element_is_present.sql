{#
    Whether a packet text element carries anything: false for null, blank or whitespace-only
    text, and for the empty JSON values {} , [] , "" and null (whitespace inside ignored,
    any case). Never null, so it can be summed.
#}
{% macro packet_element_is_present(column) -%}
    coalesce(
        lower({{ seam.regexp_replace_all(column, '[ \\t\\n\\r]+', '') }})
        not in ('', '{}', '[]', 'null', '""'),
        false
    )
{%- endmacro %}
