{#
    A message body as the plain text a reader saw, for HTML bodies (every Intercom part, many
    Zendesk comments and email replies) and a no-op on plain text:
    - staging's redaction placeholders (<email>, <phone>, <card_number>, <iban>, <ssn>) are
      kept: they look like tags, so they are parked as __seam_name__ and put back at the end;
    - <style>/<script> blocks and comments are dropped;
    - a <div> whose class names a signature becomes the "-- " signature delimiter line;
    - line breaks and block ends (<br>, </p>, </div>, </li>, </tr>, </h1-6>, <hr>, block quotes)
      become newlines, every other tag is dropped;
    - the entities &lt; &gt; &quot; &#39; &#x27; &apos; &nbsp; &#160; and &amp; are decoded (&amp;
      last, so "&amp;lt;" stays "&lt;");
    - newlines at the start and the end are trimmed ("<p>Hi</p>" is "Hi").
    Tag names are matched in either case; patterns stay in the regex subset shared by DuckDB,
    Postgres and Spark. Used by Intercom staging and by the text sub-system's clean bodies.
#}
{% macro html_to_text(column) -%}
    {%- set placeholders = '(email|phone|card_number|iban|ssn)' -%}
    {%- set text = seam.regexp_replace_all(
        column, '<' ~ placeholders ~ '>', '__seam_' ~ seam.regexp_group(1) ~ '__'
    ) -%}
    {%- set text = seam.regexp_replace_all(
        text, '<([sS][tT][yY][lL][eE]|[sS][cC][rR][iI][pP][tT])[^>]*>[^<]*</[a-zA-Z]+>|<![^>]*>', ''
    ) -%}
    {#- a block whose class names a signature (Gmail's gmail_signature, most mail clients)
        opens with the "-- " delimiter line the text sub-system cuts at -#}
    {%- set text = seam.regexp_replace_all(
        text, '<[dD][iI][vV][^>]*class="[^"]*signature[^"]*"[^>]*>', '\n-- \n'
    ) -%}
    {%- set text = seam.regexp_replace_all(
        text,
        '<([bB][rR]|[hH][rR])( [^>]*)?/?>|</([pP]|[dD][iI][vV]|[lL][iI]|[tT][rR]|[hH][1-6])>'
        ~ '|</?[bB][lL][oO][cC][kK][qQ][uU][oO][tT][eE]( [^>]*)?>',
        '\n'
    ) -%}
    {%- set text = seam.regexp_replace_all(text, '</?[a-zA-Z][a-zA-Z0-9]*( [^>]*)?/?>', '') -%}
    {#- a namespace: a plain set inside a for loop does not outlive the loop in Jinja -#}
    {%- set decoded = namespace(text=text) -%}
    {%- for entity, character in [
        ('&lt;', '<'), ('&gt;', '>'), ('&quot;', '"'), ('&#39;', "''"), ('&#x27;', "''"),
        ('&apos;', "''"), ('&nbsp;', ' '), ('&#160;', ' '), ('&amp;', '&'),
    ] -%}
        {%- set decoded.text = 'replace(' ~ decoded.text ~ ", '" ~ entity ~ "', '" ~ character ~ "')" -%}
    {%- endfor -%}
    {%- set text = seam.regexp_replace_all(
        decoded.text, '__seam_' ~ placeholders ~ '__', '<' ~ seam.regexp_group(1) ~ '>'
    ) -%}
    {{ seam.regexp_replace_all(text, '^[ \r\n]+|[ \r\n]+$', '') }}
{%- endmacro %}
