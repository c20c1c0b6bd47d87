{#
    An Intercom part body (always HTML) as the text staging hands on: markup out, the start
    of quoted history (a <blockquote>, Gmail's gmail_quote ..., var text_html_quote_starts)
    marked by the line quoted_history_line(), which int_text_bodies_cleaned cuts at as it does
    for an HTML body from any other source, and the basic entities decoded (html_to_text).
    Without the mark, a reply quoted under a header no line rule knows (a Gmail header in
    Dutch) kept its whole quoted thread in the clean body.
#}
{% macro intercom_body_text(column) -%}
    {{ seam.html_to_text(column, mark_quotes=true) }}
{%- endmacro %}
