{#
    HTML markup out of a message body, leaving text lines (a no-op on plain text); entities
    are not decoded (html_entities_decoded, html_basic_entities_decoded, or both in one
    expression: html_to_text):
    - staging's redaction placeholders (pii_placeholders: <email>, <phone>, ...) are kept:
      they look like tags, so they are parked as __seam_name__ and put back at the end;
    - an HTML body (one with an html, body, div, p, br or table tag) reads the line breaks of
      its source as spaces, as a browser does (Outlook wraps its source at 76 characters);
    - comments (Outlook's conditional comments too) and <style>/<script> blocks are dropped;
    - a <div> whose class names a signature (class="...", class='...' or unquoted) becomes
      the "-- " signature delimiter line;
    - with mark_quotes, where quoted history starts becomes the line "----- quoted history
      -----" (a quote_header of seed text_cleaning_rules): a <blockquote>, a <div> whose class
      is Gmail's gmail_quote, Yahoo's yahoo_quoted or Thunderbird's moz-cite-prefix, Outlook
      on the web's divRplyFwdMsg, and Outlook's top-bordered reply header block; without it a
      block quote is a line break like any block end;
    - line breaks and block ends (<br>, </p>, </div>, </li>, </tr>, </h1-6>, <hr>) become
      newlines and every other tag is dropped, namespaced ones (Outlook's <o:p>) and tags
      whose attributes run over several lines included.
    Tag names are matched in either case; patterns stay in the regex subset shared by DuckDB,
    Postgres and Spark (no lookaround, no backslash classes).
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
    {#- a div's class attribute up to the class name looked for, in either quotes or none -#}
    {%- set div_class = "<[dD][iI][vV][ \t\r\n][^>]*[cC][lL][aA][sS][sS]=[\"']?[^\"'>]*" -%}
    {#- a block whose class names a signature (Gmail's gmail_signature, most mail clients)
        opens with the "-- " delimiter line the text sub-system cuts at -#}
    {%- set text = seam.regexp_replace_all(text, div_class ~ 'signature[^>]*>', '\n-- \n') -%}
    {%- set quote_open = '</?[bB][lL][oO][cC][kK][qQ][uU][oO][tT][eE]' ~ name_end -%}
    {%- if mark_quotes -%}
        {%- set text = seam.regexp_replace_all(
            text,
            '<[bB][lL][oO][cC][kK][qQ][uU][oO][tT][eE]' ~ name_end
            ~ '|' ~ div_class ~ '(gmail_quote|yahoo_quoted|moz-cite-prefix)[^>]*>'
            ~ '|<[dD][iI][vV][ \t\r\n][^>]*divRplyFwdMsg[^>]*>'
            ~ '|<[dD][iI][vV][ \t\r\n][^>]*border-top: *solid #(E1E1E1|B5C4DF)[^>]*>',
            '\n----- quoted history -----\n'
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
