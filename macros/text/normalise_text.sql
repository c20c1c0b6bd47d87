{#
    Text for matching: lower case, apostrophes (' and U+2019) dropped (i've -> ive,
    don't -> dont), every run of characters other than letters (any script, accents kept),
    digits, _ and the redaction brackets < > becomes one space, trimmed. Placeholders from
    staging (<email>, <phone>, <card_number>) survive as tokens; emoji and punctuation go.
#}
{% macro normalise_text(column) -%}
    {{ return(adapter.dispatch('normalise_text', 'seam')(column)) }}
{%- endmacro %}

{#- Default: POSIX classes (locale-aware letters on Postgres). -#}
{% macro default__normalise_text(column) -%}
    trim({{ seam.regexp_replace_all(
        "replace(replace(lower(" ~ column ~ "), chr(39), ''), chr(8217), '')", '[^[:alnum:]_<>]+', ' '
    ) }})
{%- endmacro %}

{#- DuckDB (RE2): POSIX classes are ASCII-only there, so Unicode classes are used. -#}
{% macro duckdb__normalise_text(column) -%}
    trim({{ seam.regexp_replace_all(
        "replace(replace(lower(" ~ column ~ "), chr(39), ''), chr(8217), '')", '[^\\p{L}\\p{N}_<>]+', ' '
    ) }})
{%- endmacro %}

{#- Spark (Java regex): Unicode classes; the backslash is doubled for Spark's string literal.
    Spark's chr() is modulo 256, so U+2019 is spelled from its UTF-8 bytes. -#}
{% macro spark__normalise_text(column) -%}
    trim({{ seam.regexp_replace_all(
        "replace(replace(lower(" ~ column ~ "), chr(39), ''), decode(unhex('E28099'), 'UTF-8'), '')", '[^\\\\p{L}\\\\p{N}_<>]+', ' '
    ) }})
{%- endmacro %}
