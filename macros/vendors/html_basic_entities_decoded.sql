{#
    The entities that spell markup and spaces decoded, in text whose tags are already out
    (html_tags_removed): &lt; &gt; &quot; &#39; &#x27; &apos; &nbsp; &#160; and &amp; (last,
    so "&amp;lt;" stays "&lt;"); newlines at the start and the end trimmed ("<p>Hi</p>" is
    "Hi"). Letters and punctuation (&eacute;, &rsquo;, ...) come from seed html_entities
    (html_entities_decoded).
    With keep_markup, &lt; &gt; and &amp; stay encoded: text that is read as HTML once more
    later (an Intercom part in staging, cleaned again by int_text_bodies_cleaned) must not
    turn an escaped "&lt;b&gt;" into a tag that the second pass removes, nor decode
    "&amp;lt;" twice.
#}
{% macro html_basic_entities_decoded(column, keep_markup=false) -%}
    {%- set entities = [
        ('&quot;', '"'), ('&#39;', "''"), ('&#x27;', "''"), ('&apos;', "''"),
        ('&nbsp;', ' '), ('&#160;', ' '),
    ] -%}
    {%- if not keep_markup -%}
        {%- set entities = [('&lt;', '<'), ('&gt;', '>')] + entities + [('&amp;', '&')] -%}
    {%- endif -%}
    {#- a namespace: a plain set inside a for loop does not outlive the loop in Jinja -#}
    {%- set decoded = namespace(text=column) -%}
    {%- for entity, character in entities -%}
        {%- set decoded.text = 'replace(' ~ decoded.text ~ ", '" ~ entity ~ "', '" ~ character ~ "')" -%}
    {%- endfor -%}
    {{ seam.regexp_replace_all(decoded.text, '^[ \r\n]+|[ \r\n]+$', '') }}
{%- endmacro %}
