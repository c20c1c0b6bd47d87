{#
    Replace PII in free text with typed placeholders: <email>, <card_number>, <phone>.
    Patterns are vars (pii_*_pattern) written in the regex subset shared by RE2 (DuckDB),
    Postgres ARE and Java (Spark): no \b, no lookaround. Card numbers are replaced before
    phone numbers so a 16-digit card is not read as a phone. Engines differ only in how a
    replace-all is spelled, which regexp_replace_all handles.
#}
{% macro redact_pii(column) -%}
    {{ seam.regexp_replace_all(
        seam.regexp_replace_all(
            seam.regexp_replace_all(column, var('pii_email_pattern'), '<email>'),
            var('pii_card_pattern'), '<card_number>'
        ),
        var('pii_phone_pattern'), '<phone>'
    ) }}
{%- endmacro %}
