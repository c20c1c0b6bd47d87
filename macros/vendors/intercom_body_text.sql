{#
    An Intercom part body (always HTML) as the text staging hands on: markup out, the start
    of quoted history (a <blockquote>, Gmail's gmail_quote ..., var text_html_quote_starts)
    marked by the line quoted_history_line(), which int_text_bodies_cleaned cuts at as it does
    for an HTML body from any other source, and the entities of spaces and quotes decoded.
    Without the mark, a reply quoted under a header no line rule knows (a Gmail header in
    Dutch) kept its whole quoted thread in the clean body.
    &lt; &gt; and &amp; stay encoded (html_basic_entities_decoded with keep_markup):
    int_text_bodies_cleaned reads every body as possible HTML and decodes them there, once.
    Decoded here, a customer's "&lt;b&gt;" would reach it as a tag and be removed, and
    "&amp;lt;" would end as "<" instead of "&lt;".
#}
{% macro intercom_body_text(column) -%}
    {{ seam.html_basic_entities_decoded(
        seam.html_tags_removed(column, mark_quotes=true), keep_markup=true
    ) }}
{%- endmacro %}
