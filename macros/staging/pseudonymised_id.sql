{#
    An identifier that holds contact data (var pii_identifier_pattern: an email, a phone
    number) becomes a pseudonym, 'pii_' and the md5 of the value keyed with the environment
    variable SEAM_PSEUDONYM_KEY; any other identifier is kept as it is. The same value gives
    the same pseudonym in every table and run, so joins and per-customer rules (recontact)
    still hold. Trimmed like clean_text; blank is null.
#}
{% macro pseudonymised_id(column) -%}
    {%- set key = env_var('SEAM_PSEUDONYM_KEY', '') -%}
    {%- if not modules.re.fullmatch('[A-Za-z0-9_.:+/=-]*', key) -%}
        {{ exceptions.raise_compiler_error(
            "SEAM_PSEUDONYM_KEY may hold only letters, digits and _ . : + / = - "
            ~ "(a base64 or hex secret)"
        ) }}
    {%- endif -%}
    {%- set value = seam.clean_text(column) -%}
    case
        when {{ seam.regexp_like(value, var('pii_identifier_pattern')) }}
            then {{ dbt.concat(["'pii_'", dbt.hash(dbt.concat(["'" ~ key ~ "|'", value]))]) }}
        else {{ value }}
    end
{%- endmacro %}
