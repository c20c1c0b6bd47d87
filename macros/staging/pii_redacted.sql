{#
    `relation` with every column kept and, for each column in `text_columns`, a column
    `<column>_redacted`: the text as a string with PII replaced by typed placeholders (macro
    pii_placeholders), in this order (each step reads the previous one's output):

      1. emails            -> <email>        var pii_email_pattern
      2. IBANs             -> <iban>         var pii_iban_pattern
      3. card numbers      -> <card_number>  var pii_card_pattern, and the Luhn checksum
      4. US SSNs           -> <ssn>          var pii_ssn_pattern
      5. phone numbers     -> <phone>        var pii_phone_pattern

    A cheap pre-check runs first (var pii_candidate_pattern, default: an @ or a digit, which
    every pattern above needs): a text without a match skips all five steps and is returned
    as it is. Most message bodies hold neither, so most rows pay one scan, not a dozen.
    The email step also runs only on a text holding an @ (a substring test, far cheaper than
    the email pattern) when the pattern cannot match without one (pii_pattern_requires_at).

    Numbers (steps 2-5) match only as a whole token: the pattern is wrapped so the match is
    not preceded or followed by a letter or digit, so an order number, a tracking number or
    an epoch time that merely contains a phone-shaped run is left alone. Without lookaround
    (RE2 has none) the wrapper consumes the character before and after; it is put back
    through capture groups 1 and 2 (regexp_group), and a second pass catches a number that
    shared its one-character separator with the previous match.

    Cards: each card-shaped candidate is extracted, checked with luhn_is_valid and, if
    valid, replaced; it is removed from a scan copy so the next candidate comes up (var
    pii_card_checks_per_text candidates per text). A text holding more card-shaped
    candidates than that has all of them replaced without the checksum (over-redact rather
    than leak).

    Patterns stay in the regex subset shared by RE2 (DuckDB), Postgres ARE and Java
    (Spark): groups written (?:...) (the wrapper numbers its own), no \b, no lookaround, and
    no backslash except \t \r \n (Spark reads others in a literal as escapes). A pattern
    outside that subset stops the compile with a message. Each step is one level of nested
    select, so every expression reads a column, never a copy of the previous expression
    (subquery_fence keeps Postgres from inlining the levels back into one another).
#}
{% macro pii_redacted(relation, text_columns) -%}
    {%- set before = '(^|[^0-9A-Za-z])' -%}
    {%- set after = '([^0-9A-Za-z]|$)' -%}
    {%- set patterns = {} -%}
    {%- for name in ['email', 'iban', 'card', 'ssn', 'phone'] -%}
        {%- set pattern = var('pii_' ~ name ~ '_pattern') -%}
        {%- set unbracketed = modules.re.sub('\\[[^\\]]*\\]', '', pattern) -%}
        {%- if modules.re.search('\\((?!\\?)', unbracketed)
            or modules.re.search('\\\\[^trn]', pattern) -%}
            {{ exceptions.raise_compiler_error(
                "var pii_" ~ name ~ "_pattern: write groups as (?:...), with no backslash "
                ~ "except \\t \\r \\n (the regex subset shared by DuckDB, Postgres and "
                ~ "Spark); got: " ~ pattern
            ) }}
        {%- endif -%}
        {%- do patterns.update({name: pattern}) -%}
    {%- endfor -%}
    {%- set checks = var('pii_card_checks_per_text') | int -%}
    {%- set card_token = '(?:^|[^0-9A-Za-z])(' ~ patterns['card'] ~ ')(?:[^0-9A-Za-z]|$)' -%}

    {#- Each number category as a whole-token replacement of the previous level's text. -#}
    {%- set placeholders = seam.pii_placeholders() -%}
    {%- set token_replaced = {} -%}
    {%- for name in ['iban', 'card', 'ssn', 'phone'] -%}
        {%- set placeholder = placeholders[name] -%}
        {%- do token_replaced.update({name: seam.regexp_replace_all(
            '{p}text',
            before ~ '(?:' ~ patterns[name] ~ ')' ~ after,
            seam.regexp_group(1) ~ placeholder ~ seam.regexp_group(2),
        )}) -%}
    {%- endfor -%}

    {#- One level per step: a list of (output column suffix, expression with {c} for the
        column being redacted and {p} for the previous level's columns of it). -#}
    {%- set levels = [] -%}
    {%- set email_replaced = seam.regexp_replace_all(
        'cast({c} as ' ~ dbt.type_string() ~ ')', patterns['email'], placeholders['email']
    ) -%}
    {%- if seam.pii_pattern_requires_at(patterns['email']) -%}
        {#- a plain substring test skips the email scan on texts without an @ -#}
        {%- set email_replaced = 'case when cast({c} as ' ~ dbt.type_string()
            ~ ") like '%@%' then " ~ email_replaced
            ~ ' else cast({c} as ' ~ dbt.type_string() ~ ') end' -%}
    {%- endif -%}
    {%- do levels.append([('text', email_replaced)]) -%}
    {%- for name in ['iban', 'cards', 'ssn', 'phone'] -%}
        {%- if name != 'cards' -%}
            {#- the category, then a second pass where the first found one -#}
            {%- do levels.append([('text', token_replaced[name])]) -%}
            {%- do levels.append([('text', "case when {p}text like '%" ~ placeholders[name]
                ~ "%' then " ~ token_replaced[name] ~ ' else {p}text end')]) -%}
        {%- else -%}
            {#- Cards: the first candidate; then per check, the candidate's digits reversed and
                padded for luhn_is_valid and the scan copy without the candidate; then the
                replacement if valid, with the next candidate from the scan copy, or after
                the last check, every card-shaped number when the scan copy still holds one. -#}
            {%- do levels.append([
                ('text', '{p}text'),
                ('scan', '{p}text'),
                ('candidate', seam.regexp_extract_group('{p}text', card_token)),
            ]) -%}
            {%- for check in range(checks) -%}
                {%- do levels.append([
                    ('text', '{p}text'),
                    ('candidate', '{p}candidate'),
                    ('digits', 'case when {p}candidate is not null then ' ~ dbt.concat([
                        "reverse(translate({p}candidate, ' -.', ''))", "'0000000000000000000'"
                    ]) ~ ' end'),
                    ('scan', 'case when {p}candidate is not null then '
                        ~ "replace({p}scan, {p}candidate, '') end"),
                ]) -%}
                {%- set replaced = 'case when {p}candidate is not null and '
                    ~ seam.luhn_is_valid('{p}digits')
                    ~ " then replace({p}text, {p}candidate, '" ~ placeholders['card']
                    ~ "') else {p}text end" -%}
                {%- if not loop.last -%}
                    {%- do levels.append([
                        ('text', replaced),
                        ('scan', '{p}scan'),
                        ('candidate', seam.regexp_extract_group('{p}scan', card_token)),
                    ]) -%}
                {%- else -%}
                    {%- do levels.append([('text', 'case when {p}scan is not null and '
                        ~ seam.regexp_like('{p}scan', card_token) ~ ' then '
                        ~ token_replaced['card'] ~ ' else ' ~ replaced ~ ' end')]) -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}

    {#- The pre-check (var pii_candidate_pattern) comes first, as level 1's flag f1; every
        later step runs only where it holds and passes the text through elsewhere. -#}
    {%- set levels = [[('flag', seam.regexp_like(
        'cast({c} as ' ~ dbt.type_string() ~ ')', var('pii_candidate_pattern')
    ))]] + levels -%}

    {#- Level n reads level n - 1's columns pii_<column>_<suffix><n - 1> (suffix t text, s scan
        copy, c candidate, d digits), unqualified: each level reads one derived table. The last
        level names its text <column>_redacted. -#}
    {%- set short = {'text': 't', 'scan': 's', 'candidate': 'c', 'digits': 'd', 'flag': 'f'} -%}
    {%- set sql = namespace(text='select * from ' ~ relation) -%}
    {%- for level in levels -%}
        {%- set alias = 'pii_step_' ~ loop.index -%}
        {%- set step = loop.index -%}
        {%- set last = loop.last -%}
        {%- set columns = [] -%}
        {%- for column in text_columns -%}
            {%- for suffix, expression in level -%}
                {%- set guarded = expression -%}
                {%- if step > 1 and expression != '{p}' ~ suffix -%}
                    {%- set unchanged = ('cast({c} as ' ~ dbt.type_string() ~ ')'
                        if step == 2 else '{p}text') if suffix == 'text' else 'null' -%}
                    {%- set guarded = 'case when pii_{c}_f1 then ' ~ expression
                        ~ ' else ' ~ unchanged ~ ' end' -%}
                {%- endif -%}
                {%- set rendered = namespace(sql=guarded | replace('{c}', column)) -%}
                {%- for name, letter in short.items() -%}
                    {%- set rendered.sql = rendered.sql
                        | replace('{p}' ~ name, 'pii_' ~ column ~ '_' ~ letter ~ (step - 1)) -%}
                {%- endfor -%}
                {%- set output = column ~ '_redacted' if last and suffix == 'text'
                    else 'pii_' ~ column ~ '_' ~ short[suffix] ~ step -%}
                {%- do columns.append(rendered.sql ~ ' as ' ~ output) -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- set sql.text = 'select ' ~ alias ~ '.*,\n    ' ~ columns | join(',\n    ')
            ~ '\nfrom (\n' ~ sql.text ~ ' ' ~ seam.subquery_fence() ~ '\n) as ' ~ alias -%}
    {%- endfor -%}
    ({{ sql.text }})
{%- endmacro %}


{#-
    True when every match of `pattern` (in pii_redacted's regex subset: no backslash but \t \r
    \n) holds an @: an @ outside brackets and groups, no | outside groups, and no ?, * or {
    right after the @. Bracket expressions become one letter and groups one letter (innermost
    first), so an @ that is optional or in one branch of an alternative does not count; when
    in doubt the answer is false and the email step scans every text, as before.
-#}
{% macro pii_pattern_requires_at(pattern) -%}
    {%- set top = namespace(text=modules.re.sub('\\[\\^?\\]?[^\\]]*\\]', 'X', pattern)) -%}
    {%- for _ in range(20) -%}
        {%- set top.text = modules.re.sub('\\([^()]*\\)', 'G', top.text) -%}
    {%- endfor -%}
    {{ return(
        '(' not in top.text and '|' not in top.text
        and modules.re.search('@(?![?*{])', top.text) is not none
    ) }}
{%- endmacro %}
