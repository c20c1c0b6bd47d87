{#
    Every var seam reads, with the format it must have. validate_vars() checks them all and
    stops with one error naming each bad var, its value and what it should be. It runs when
    the project is parsed (from models/audit/audit_configuration.sql), so every dbt command
    (build, run, compile, show, docs, run-operation) refuses a bad value before any SQL is
    rendered: a var is interpolated into SQL, and a value like `seam_bi; drop table ...`
    must never reach the warehouse.

    Kinds: identifier (a plain SQL name: letter or _, then letters, digits, _ or $),
    database_or_null (null, or an identifier that may also hold -), boolean, integer and
    positive_integer (whole numbers >= 0 / >= 1), number, share (0..1), date (YYYY-MM-DD, a
    real date), regex (a non-empty string: patterns are quoted where they are used, so a quote
    inside one is fine), regex_list (a non-empty list of such patterns, none using a backslash
    class such as \d \s \w \b or a lookaround, which the DuckDB, Postgres and Spark regex
    dialects do not share), tag_regex_list (a regex_list whose every pattern opens with <: it
    matches a tag, so a body without a < holds no match and skips the markup steps), text (a
    non-empty string, quoted where it is used), choice:a|b (one of the listed words), packet_elements (a list of packet element names), contract_tables (a
    list of raw-contract table names), id_list (a list of ids: letters, digits, . _ : -),
    seed_map (seed name -> a model or seed name), sql_predicate (a SQL condition written on
    purpose, such as zendesk_ai_user_criteria: one expression, so no `;` and no comment).
    A var added to dbt_project.yml needs a line here (tests/python/test_ops_injection.py
    checks).
#}
{% macro var_kinds() -%}
    {{ return({
        'seam_source': 'choice:contract|zendesk|intercom',
        'seam_elt': 'choice:fivetran|airbyte',
        'zendesk_database': 'database_or_null',
        'zendesk_schema': 'identifier',
        'intercom_database': 'database_or_null',
        'intercom_schema': 'identifier',
        'zendesk_ai_user_criteria': 'sql_predicate',
        'intercom_ai_admin_ids': 'id_list',
        'vendor_contract_tables': 'contract_tables',
        'seam_schema_names': 'choice:auto|plain|prefixed',
        'seam_seeds': 'seed_map',
        'raw_database': 'database_or_null',
        'raw_schema': 'identifier',
        'raw_loaded_at_column': 'identifier',
        'raw_deleted_flag_column': 'identifier',
        'raw_deleted_at_column': 'identifier',
        'has_handoffs': 'boolean',
        'has_ai_actions': 'boolean',
        'has_agent_actions': 'boolean',
        'has_agents': 'boolean',
        'has_message_labels': 'boolean',
        'pii_email_pattern': 'regex',
        'pii_iban_pattern': 'regex',
        'pii_card_pattern': 'regex',
        'pii_card_checks_per_text': 'positive_integer',
        'pii_ssn_pattern': 'regex',
        'pii_phone_pattern': 'regex',
        'pii_candidate_pattern': 'regex',
        'pii_identifier_pattern': 'regex',
        'timestamp_plausible_from': 'date',
        'timestamp_plausible_until': 'date',
        'guard_rejected_share_warn': 'share',
        'guard_rejected_share_error': 'share',
        'guard_rejected_share_min_rows': 'integer',
        'guard_min_kept_rows_warn': 'integer',
        'guard_min_kept_rows_error': 'integer',
        'guard_conversations_without_messages_share_warn': 'share',
        'guard_conversations_without_messages_share_error': 'share',
        'guard_daily_volume_change_warn': 'number',
        'guard_daily_volume_drop_error': 'share',
        'guard_daily_volume_min_rows': 'positive_integer',
        'durable_resolution_days': 'integer',
        'survey_attribution_days': 'integer',
        'masks_decline_blended_tolerance': 'number',
        'masks_decline_escalated_drop': 'number',
        'incremental_lookback_days': 'integer',
        'analyze_new_rows_share': 'share',
        'handoff_required_packet_elements': 'packet_elements',
        'sentence_split_pattern': 'regex',
        'text_link_pattern': 'regex',
        'text_mention_pattern': 'regex',
        'reply_substance_min_content_words': 'integer',
        'text_sign_off_max_lines': 'integer',
        'text_html_quote_starts': 'tag_regex_list',
        'text_html_signature_starts': 'tag_regex_list',
        'text_language_min_stopwords': 'integer',
        'text_language_min_stopword_share': 'share',
        'basics_identifier_token_pattern': 'regex',
        're_explanation_overlap_threshold': 'share',
        're_explanation_overlap_min_shared_words': 'integer',
        're_explanation_marker_min_shared_words': 'integer',
        're_explanation_min_content_words': 'integer',
        're_explanation_concept_weight': 'integer',
        'fast_first_reply_minutes': 'number',
        'slow_useful_reply_minutes': 'number',
        'business_hours_default_team': 'text',
        'business_calendar_start_date': 'date',
        'business_calendar_days': 'positive_integer',
        'review_sample_per_week': 'integer',
        'bi_role': 'identifier',
    }) }}
{%- endmacro %}

{% macro validate_vars() -%}
    {%- set problems = [] -%}
    {%- for name, kind in seam.var_kinds().items() -%}
        {%- set value = var(name, 'seam_bi') if name == 'bi_role' else var(name) -%}
        {%- set expected = seam.var_format_problem(value, kind) -%}
        {%- if expected -%}
            {%- do problems.append(
                name ~ " = " ~ seam.shown_value(value) ~ ": expected " ~ expected
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            "Invalid vars (see docs/configuration.md); nothing was run:\n  - "
            ~ (problems | join('\n  - '))
        ) }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}

{#- What `value` should have been for `kind`, or an empty string when it is fine. -#}
{% macro var_format_problem(value, kind) -%}
    {%- set re = modules.re -%}
    {%- if kind == 'date' and value is not string and value.isoformat is defined -%}
        {#- an unquoted YYYY-MM-DD on the command line arrives as a YAML date -#}
        {%- set value = value.isoformat() -%}
    {%- endif -%}
    {%- set is_text = value is string -%}
    {%- set is_bool = value is sameas true or value is sameas false -%}
    {%- set is_number = value is number and not is_bool -%}
    {%- set identifier = '^[A-Za-z_][A-Za-z0-9_$]{0,62}$' -%}
    {%- if kind == 'identifier' -%}
        {%- if not (is_text and re.match(identifier, value)) -%}
            {{ return("a plain SQL name (a letter or _, then letters, digits, _ or $; at most 63 characters)") }}
        {%- endif -%}
    {%- elif kind == 'database_or_null' -%}
        {%- if value is not none and not (is_text and re.match('^[A-Za-z_][A-Za-z0-9_$-]{0,127}$', value)) -%}
            {{ return("null or a database name (letters, digits, _, $ or -)") }}
        {%- endif -%}
    {%- elif kind == 'boolean' -%}
        {%- if not is_bool -%}
            {{ return("true or false") }}
        {%- endif -%}
    {%- elif kind in ('integer', 'positive_integer') -%}
        {%- set minimum = 1 if kind == 'positive_integer' else 0 -%}
        {%- if not (is_number and value == (value | int) and value >= minimum) -%}
            {{ return("a whole number >= " ~ minimum) }}
        {%- endif -%}
    {%- elif kind == 'number' -%}
        {%- if not is_number -%}
            {{ return("a number") }}
        {%- endif -%}
    {%- elif kind == 'share' -%}
        {%- if not (is_number and value >= 0 and value <= 1) -%}
            {{ return("a number from 0 to 1") }}
        {%- endif -%}
    {%- elif kind == 'date' -%}
        {%- set valid = is_text and re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', value) -%}
        {%- if valid -%}
            {%- set valid = seam.is_calendar_date(value) -%}
        {%- endif -%}
        {%- if not valid -%}
            {{ return("a date written YYYY-MM-DD") }}
        {%- endif -%}
    {%- elif kind in ('regex', 'text') -%}
        {%- if not (is_text and value | length > 0) -%}
            {{ return("a non-empty string") }}
        {%- endif -%}
    {%- elif kind in ('regex_list', 'tag_regex_list') -%}
        {%- set message = "a non-empty list of regexes in the subset shared by DuckDB, Postgres"
            ~ " and Spark (no \\d \\s \\w \\b ... class, no lookaround)"
            ~ (", each opening with < (a tag)" if kind == 'tag_regex_list' else "") -%}
        {%- if value is string or value is mapping or value is not iterable
                or value | length == 0 -%}
            {{ return(message) }}
        {%- endif -%}
        {%- for pattern in value if not (pattern is string and pattern | length > 0)
                or re.search('[\\\\][dDsSwWbB]|[(][?][=!<]', pattern)
                or (kind == 'tag_regex_list' and not pattern.startswith('<')) -%}
            {{ return(message) }}
        {%- endfor -%}
    {%- elif kind == 'packet_elements' -%}
        {%- set elements = ['transcript', 'summary', 'identifiers', 'ai_actions', 'reason',
                            'evidence', 'sentiment'] -%}
        {%- set message = "a list of packet elements from: " ~ (elements | join(', ')) -%}
        {%- if value is string or value is mapping or value is not iterable -%}
            {{ return(message) }}
        {%- endif -%}
        {%- for element in value if element not in elements -%}
            {{ return(message) }}
        {%- endfor -%}
    {%- elif kind.startswith('choice:') -%}
        {%- set choices = kind[7:].split('|') -%}
        {%- if value not in choices -%}
            {{ return("one of: " ~ (choices | join(', '))) }}
        {%- endif -%}
    {%- elif kind == 'contract_tables' -%}
        {%- set tables = seam.raw_contract().keys() | list -%}
        {%- set message = "a list of raw-contract tables from: " ~ (tables | join(', ')) -%}
        {%- if value is string or value is mapping or value is not iterable -%}
            {{ return(message) }}
        {%- endif -%}
        {%- for table in value if table not in tables -%}
            {{ return(message) }}
        {%- endfor -%}
    {%- elif kind == 'id_list' -%}
        {%- set message = "a list of ids (letters, digits, . _ : -)" -%}
        {%- if value is string or value is mapping or value is not iterable -%}
            {{ return(message) }}
        {%- endif -%}
        {%- for id in value if not re.match('^[A-Za-z0-9_.:-]+$', id | string) -%}
            {{ return(message) }}
        {%- endfor -%}
    {%- elif kind == 'seed_map' -%}
        {%- set message = "a mapping of seed names to model or seed names" -%}
        {%- if value is not mapping -%}
            {{ return(message) }}
        {%- endif -%}
        {%- for seed, replacement in value.items() -%}
            {%- if not (re.match(identifier, seed | string) and re.match(identifier, replacement | string)) -%}
                {{ return(message) }}
            {%- endif -%}
        {%- endfor -%}
    {%- elif kind == 'sql_predicate' -%}
        {%- if not (is_text and value | trim | length > 0) or ';' in value or '--' in value
                or '/*' in value -%}
            {{ return("one SQL condition (no ;, no -- or /* comment)") }}
        {%- endif -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("validate_vars: unknown kind '" ~ kind ~ "'") }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}

{#- A YYYY-MM-DD string that names a real calendar day. -#}
{% macro is_calendar_date(value) -%}
    {%- set year = value[0:4] | int -%}
    {%- set month = value[5:7] | int -%}
    {%- set day = value[8:10] | int -%}
    {%- set leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 -%}
    {%- set days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] -%}
    {{ return(month >= 1 and month <= 12 and day >= 1 and day <= days[month - 1]) }}
{%- endmacro %}

{#- A validated var as a SQL text literal (JSON for lists), for audit_configuration. -#}
{% macro var_as_text(name, kind) -%}
    {%- set value = var(name, 'seam_bi') if name == 'bi_role' else var(name) -%}
    {%- if value is none -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        {%- if value is string -%}
            {%- set text = value -%}
        {%- elif value.isoformat is defined -%}
            {%- set text = value.isoformat() -%}
        {%- else -%}
            {%- set text = value | tojson -%}
        {%- endif -%}
        cast({{ dbt.string_literal(dbt.escape_single_quotes(text)) }} as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

{#- A var value as an error message shows it: strings in double quotes, as given. -#}
{% macro shown_value(value) -%}
    {{ return('"' ~ value ~ '"' if value is string else (value | string)) }}
{%- endmacro %}
