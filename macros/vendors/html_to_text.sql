{#
    A message body as the plain text a reader saw, in one expression, for HTML bodies (every
    Intercom part, many Zendesk comments and email replies) and a no-op on plain text: markup
    out (html_tags_removed, with its mark_quotes) and the entities that spell markup and spaces
    decoded (html_basic_entities_decoded). Named letters such as &eacute; need a join to seed
    html_entities: a model decodes them first with html_entities_decoded, as
    int_text_bodies_cleaned does (which also computes the two steps in two CTEs: the whole
    expression nests deeper than sqlfluff's parser follows).
#}
{% macro html_to_text(column, mark_quotes=false) -%}
    {{ seam.html_basic_entities_decoded(seam.html_tags_removed(column, mark_quotes)) }}
{%- endmacro %}
