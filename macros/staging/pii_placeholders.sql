{#
    The typed placeholders staging's PII redaction (pii_redacted) writes, by the category each
    replaces, in redaction order. The one definition: pii_redacted writes them, html_to_text
    keeps them intact, and the text sub-system leaves them out of a message's token count when
    it decides the message's language (int_text_message_languages).
#}
{% macro pii_placeholders() -%}
    {{ return({
        'email': '<email>',
        'iban': '<iban>',
        'card': '<card_number>',
        'ssn': '<ssn>',
        'phone': '<phone>',
    }) }}
{%- endmacro %}
