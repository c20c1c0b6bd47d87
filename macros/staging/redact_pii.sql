{#
    Replace PII in free text with typed placeholders: <email>, <card_number>, <phone>.
    Patterns are vars (pii_*_pattern) written in the regex subset shared by RE2 (DuckDB),
    Postgres ARE and Java (Spark): no \b, no lookaround. Card numbers are replaced before
    phone numbers so a 16-digit card is not read as a phone.
#}
{% macro redact_pii(column) -%}
    {{ return(adapter.dispatch('redact_pii', 'seam')(column)) }}
{%- endmacro %}

{% macro default__redact_pii(column) -%}
    regexp_replace(regexp_replace(regexp_replace({{ column }},
        '{{ var("pii_email_pattern") }}', '<email>', 'g'),
        '{{ var("pii_card_pattern") }}', '<card_number>', 'g'),
        '{{ var("pii_phone_pattern") }}', '<phone>', 'g')
{%- endmacro %}

{#- Spark's regexp_replace replaces every match and takes no flags argument. -#}
{% macro spark__redact_pii(column) -%}
    regexp_replace(regexp_replace(regexp_replace({{ column }},
        '{{ var("pii_email_pattern") }}', '<email>'),
        '{{ var("pii_card_pattern") }}', '<card_number>'),
        '{{ var("pii_phone_pattern") }}', '<phone>')
{%- endmacro %}
