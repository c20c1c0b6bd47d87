{#
    HTML markup out of a message body, leaving text lines (a no-op on plain text); entities
    are not decoded (html_entities_decoded, html_basic_entities_decoded, or both in one
    expression: html_to_text):
    - staging's redaction placeholders (pii_placeholders: <email>, <phone>, ...) are kept:
      they look like tags, so they are parked as __seam_name__ and put back at the end;
    - an HTML body (one with an html, body, div, p, br or table tag) reads the line breaks of
      its source as spaces, as a browser does (Outlook wraps its source at 76 characters);
    - comments (Outlook's conditional comments too) and <style>/<script> blocks are dropped;
    - a tag matching a regex of var text_html_signature_starts (a <div> whose class names a
      signature, Gmail's gmail_signature among them) becomes the "-- " signature delimiter line;
    - with mark_quotes, a tag matching a regex of var text_html_quote_starts (where a mail
      client starts the quoted history: <blockquote>, Gmail's gmail_quote, Yahoo's
      yahoo_quoted, Thunderbird's moz-cite-prefix, Outlook on the web's divRplyFwdMsg,
      Outlook's top-bordered reply header block) becomes the line quoted_history_line(), which
      int_text_bodies_cleaned cuts at; without it a block quote is a line break like any
      block end;
    - line breaks and block ends (<br>, </p>, </div>, </li>, </tr>, </h1-6>, <hr>) become
      newlines and every other tag is dropped, namespaced ones (Outlook's <o:p>) and tags
      whose attributes run over several lines included.
    Tag names are matched in either case; patterns, those of the two vars included, stay in
    the regex subset shared by DuckDB, Postgres and Spark (no lookaround, no backslash
    classes; validate_vars refuses them).
#}
{% macro html_tags_removed(column, mark_quotes=false) -%}
    {%- set names = [] -%}
    {%- for placeholder in seam.pii_placeholders().values() -%}
        {%- do names.append(placeholder[1:-1]) -%}
    {%- endfor -%}
    {%- set placeholders = '(' ~ names | join('|') ~ ')' -%}
    {%- set text = seam.regexp_replace_all(
        column, '<' ~ placeholders ~ '>', '__seam_' ~ seam.regexp_group(1) ~ '__'
    ) -%}
    {#- a tag name ends at a space, a line break, / or > -#}
    {%- set name_end = '([ \t\r\n/][^>]*)?>' -%}
    {%- set is_html = seam.regexp_like(
        column,
        '<([hH][tT][mM][lL]|[bB][oO][dD][yY]|[dD][iI][vV]|[pP]|[bB][rR]|[tT][aA][bB][lL][eE])'
        ~ '[ \t\r\n/>]'
    ) -%}
    {%- set text = 'case when ' ~ is_html ~ ' then '
        ~ seam.regexp_replace_all(text, '[\r\n]+', ' ') ~ ' else ' ~ text ~ ' end' -%}
    {%- set text = seam.regexp_replace_all(text, '<![^>]*>', '') -%}
    {%- set text = seam.regexp_replace_all(
        text,
        '<([sS][tT][yY][lL][eE]|[sS][cC][rR][iI][pP][tT])' ~ name_end ~ '[^<]*</[a-zA-Z]+>',
        ''
    ) -%}
    {#- a block that opens a signature (var text_html_signature_starts) opens with the "-- "
        delimiter line the text sub-system cuts at -#}
    {%- set text = seam.regexp_replace_all(
        text, seam.html_tag_alternation('text_html_signature_starts'), '\n-- \n'
    ) -%}
    {%- set quote_open = '</?[bB][lL][oO][cC][kK][qQ][uU][oO][tT][eE]' ~ name_end -%}
    {%- if mark_quotes -%}
        {%- set text = seam.regexp_replace_all(
            text,
            seam.html_tag_alternation('text_html_quote_starts'),
            '\n' ~ seam.quoted_history_line() ~ '\n'
        ) -%}
    {%- endif -%}
    {%- set text = seam.regexp_replace_all(
        text,
        '<([bB][rR]|[hH][rR])' ~ name_end
        ~ '|</([pP]|[dD][iI][vV]|[lL][iI]|[tT][rR]|[hH][1-6])[ \t\r\n]*>|' ~ quote_open,
        '\n'
    ) -%}
    {%- set text = seam.regexp_replace_all(
        text, '</?[a-zA-Z][a-zA-Z0-9:_-]*' ~ name_end, ''
    ) -%}
    {{ seam.regexp_replace_all(
        text, '__seam_' ~ placeholders ~ '__', '<' ~ seam.regexp_group(1) ~ '>'
    ) }}
{%- endmacro %}

{#- The regexes of a list var (text_html_quote_starts, text_html_signature_starts) as one
    alternation, each in its own group. -#}
{% macro html_tag_alternation(var_name) -%}
    {%- set patterns = [] -%}
    {%- for pattern in var(var_name) -%}
        {%- do patterns.append('(' ~ pattern ~ ')') -%}
    {%- endfor -%}
    {{ return(patterns | join('|')) }}
{%- endmacro %}

{#- The line html_tags_removed (mark_quotes) writes where quoted history starts in HTML, and
    int_text_bodies_cleaned cuts at: its one definition. -#}
{% macro quoted_history_line() -%}
    {{ return('----- quoted history -----') }}
{%- endmacro %}
