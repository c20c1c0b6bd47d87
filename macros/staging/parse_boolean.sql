{#- Text booleans ('true'/'false', 't'/'f', '1'/'0', 'yes'/'no', any case) to boolean; else null. -#}
{% macro parse_boolean(column) -%}
    {%- set txt = 'lower(' ~ seam.clean_text(column) ~ ')' -%}
    case
        when {{ txt }} in ('true', 't', '1', 'yes', 'y') then true
        when {{ txt }} in ('false', 'f', '0', 'no', 'n') then false
    end
{%- endmacro %}
