{#
    A help desk's HTML message body as the plain text a customer read: line breaks and
    paragraph ends become newlines, other tags are dropped, the five XML entities and &nbsp;
    are decoded (&amp; last, so "&amp;lt;" stays "&lt;").
#}
{% macro html_to_text(column) -%}
    {%- set text = seam.regexp_replace_all(column, '<[bB][rR] *[/]?>|</[pP]> *<[pP][^>]*>', '\n') -%}
    {%- set text = seam.regexp_replace_all(text, '<[^>]*>', '') -%}
    {%- for entity, character in [
        ('&lt;', '<'), ('&gt;', '>'), ('&quot;', '"'), ('&#39;', "''"), ('&nbsp;', ' '),
        ('&amp;', '&'),
    ] -%}
        {%- set text = 'replace(' ~ text ~ ", '" ~ entity ~ "', '" ~ character ~ "')" -%}
    {%- endfor -%}
    {{ text }}
{%- endmacro %}
