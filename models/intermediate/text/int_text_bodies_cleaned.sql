{{ config(**seam.incremental_by_conversation()) }}

{#-
    The part of each message its author wrote now. HTML is turned to text in three steps:
    the letters and punctuation entities of seed html_entities (html_entities_decoded), the
    markup (html_tags_removed: the tags of vars text_html_quote_starts and
    text_html_signature_starts become the quoted_history_line() and the "-- " line), then the
    markup entities (html_basic_entities_decoded). Then quoted history, signatures and
    disclaimers are cut by the rules of seed text_cleaning_rules and the quoted-history line,
    matched against each line in lower case (all rules, whatever the message's language):
    - quote_line: the line is dropped (a > quoted line);
    - quote_header, signature_delimiter, disclaimer: the line and everything after it go;
    - sign_off: the line and everything after it go when at most var text_sign_off_max_lines
      non-blank lines follow before the next cut (a sign-off followed by a short block).
    A message's first line is never cut (only dropped when quoted): a reply that opens with a
    sign-off line or a header keeps its text. Messages no rule touches keep their text as is;
    in the others, blank lines go too.
    Each step reads only the texts it can change, the same output for less work: the markup
    steps texts with a < (or a parked placeholder), the entity decoding and trim texts with
    a & or a line break or a space at an end, the line split texts of several lines or that
    open with >.
-#}

with

messages as (
    select * from {{ seam.touched_ref('int_handoff_messages_scoped') }}
),

{# The seed's line rules, and the line html_tags_removed writes where HTML quoted history starts. #}
rules as (
    select
        pattern,
        kind
    from {{ seam.seed_ref('text_cleaning_rules') }}
    union all
    select
        '^{{ seam.quoted_history_line() }}$' as pattern,
        'quote_header' as kind
),

scoped_messages as (
    select
        conversation_id,
        message_id,
        author_role,
        body
    from messages
    where is_public and author_role in ('customer', 'agent', 'ai')
),

{# Named and decimal entities (&eacute;, &#233;) from seed html_entities, before the tags go. #}
entity_decoded as (
    {{ seam.html_entities_decoded('scoped_messages', 'message_id', 'body', 'decoded_body') }}
),

entity_free as (
    select
        scoped_messages.conversation_id,
        scoped_messages.message_id,
        scoped_messages.author_role,
        scoped_messages.body,
        coalesce(entity_decoded.decoded_body, scoped_messages.body) as entity_free_body
    from scoped_messages
    left join entity_decoded
        on scoped_messages.message_id = entity_decoded.message_id
),

{# The markup steps only where a tag or a parked placeholder can be: the tag regexes (vars
    text_html_quote_starts and text_html_signature_starts among them) all open with <. #}
markup_removed as (
    select
        conversation_id,
        message_id,
        author_role,
        body,
        case
            when
                {{ dbt.position("'<'", 'entity_free_body') }} > 0
                or {{ dbt.position("'__seam_'", 'entity_free_body') }} > 0
                then {{ seam.html_tags_removed('entity_free_body', mark_quotes=true) }}
            else entity_free_body
        end as markup_free_body
    from entity_free
),

{# The markup entities and the trim of the ends only where there is one to decode or trim.
    Read by the line split and the final select: computed once (cte_materialized). #}
public_messages as {{ seam.cte_materialized() }} (
    select
        conversation_id,
        message_id,
        author_role,
        body,
        case
            when
                {{ dbt.position("'&'", 'markup_free_body') }} > 0
                or {{ dbt.position('chr(10)', 'markup_free_body') }} > 0
                or {{ dbt.position('chr(13)', 'markup_free_body') }} > 0
                or left(markup_free_body, 1) = ' '
                or {{ dbt.right('markup_free_body', 1) }} = ' '
                then {{ seam.html_basic_entities_decoded('markup_free_body') }}
            else markup_free_body
        end as text_body
    from markup_removed
),

{# A text of one line that does not open with > has nothing to cut: it is not split. #}
multiline_messages as (
    select
        conversation_id,
        message_id,
        text_body
    from public_messages
    where
        {{ dbt.position('chr(10)', 'text_body') }} > 0
        or {{ dbt.position('chr(13)', 'text_body') }} > 0
        or {{ dbt.position("'>'", 'trim(text_body)') }} = 1
),

lines as (
    {{ seam.split_to_rows(
        'multiline_messages', ['conversation_id', 'message_id'], 'text_body', '\\r?\\n',
        'line_text', 'line_number'
    ) }}
),

{# read by three steps: computed once (cte_materialized) #}
line_keys as {{ seam.cte_materialized() }} (
    select
        message_id,
        line_number,
        line_text,
        lower(trim(line_text)) as line_key
    from lines
),

{# Only a later line, or a first line that opens with >, can be cut or dropped. #}
candidate_lines as (
    select
        message_id,
        line_number,
        line_key
    from line_keys
    where
        line_key <> ''
        and (line_number > 1 or {{ dbt.position("'>'", 'line_key') }} = 1)
),

line_hits as (
    select
        candidate_lines.message_id,
        candidate_lines.line_number,
        rules.kind
    from candidate_lines
    inner join rules
        on
            (candidate_lines.line_number > 1 or rules.kind = 'quote_line')
            and {{ seam.regexp_like_column('candidate_lines.line_key', 'rules.pattern') }}
),

hard_cuts as (
    select
        message_id,
        min(line_number) as cut_line
    from line_hits
    where kind in ('quote_header', 'signature_delimiter', 'disclaimer')
    group by message_id
),

sign_offs as (
    select distinct
        line_hits.message_id,
        line_hits.line_number,
        hard_cuts.cut_line
    from line_hits
    left join hard_cuts
        on line_hits.message_id = hard_cuts.message_id
    where
        line_hits.kind = 'sign_off'
        and (hard_cuts.cut_line is null or line_hits.line_number < hard_cuts.cut_line)
),

sign_off_blocks as (
    select
        sign_offs.message_id,
        sign_offs.line_number,
        count(line_keys.line_number) as n_block_lines
    from sign_offs
    left join line_keys
        on
            sign_offs.message_id = line_keys.message_id
            and sign_offs.line_number < line_keys.line_number
            and (sign_offs.cut_line is null or sign_offs.cut_line > line_keys.line_number)
            and line_keys.line_key <> ''
    group by sign_offs.message_id, sign_offs.line_number
),

cut_candidates as (
    select
        line_hits.message_id,
        line_hits.line_number,
        line_hits.kind
    from line_hits
    inner join hard_cuts
        on
            line_hits.message_id = hard_cuts.message_id
            and line_hits.line_number = hard_cuts.cut_line
    where line_hits.kind in ('quote_header', 'signature_delimiter', 'disclaimer')
    union all
    select
        message_id,
        line_number,
        'sign_off' as kind
    from sign_off_blocks
    where n_block_lines <= {{ var('text_sign_off_max_lines') }}
),

cuts as (
    select
        message_id,
        min(line_number) as cut_line
    from cut_candidates
    group by message_id
),

{# What the first cut was (by rule kind, alphabetically when one line matches several). #}
cut_kinds as (
    select
        cuts.message_id,
        cuts.cut_line,
        min(cut_candidates.kind) as cut_kind
    from cuts
    inner join cut_candidates
        on
            cuts.message_id = cut_candidates.message_id
            and cuts.cut_line = cut_candidates.line_number
    group by cuts.message_id, cuts.cut_line
),

dropped_lines as (
    select distinct
        message_id,
        line_number
    from line_hits
    where kind = 'quote_line'
),

quoted_line_counts as (
    select
        message_id,
        count(*) as n_quoted_lines
    from dropped_lines
    group by message_id
),

touched as (
    select message_id from cuts
    union
    select message_id from dropped_lines
),

kept_lines as (
    select
        line_keys.message_id,
        line_keys.line_number,
        line_keys.line_text
    from line_keys
    inner join touched
        on line_keys.message_id = touched.message_id
    left join cuts
        on line_keys.message_id = cuts.message_id
    left join dropped_lines
        on
            line_keys.message_id = dropped_lines.message_id
            and line_keys.line_number = dropped_lines.line_number
    where
        (cuts.cut_line is null or line_keys.line_number < cuts.cut_line)
        and dropped_lines.line_number is null
        and line_keys.line_key <> ''
),

rebuilt as (
    select
        message_id,
        {{ seam.listagg('line_text', 'chr(10)', 'order by line_number') }} as kept_text
    from kept_lines
    group by message_id
),

final as (
    select
        public_messages.conversation_id,
        public_messages.message_id,
        public_messages.author_role,
        public_messages.body,
        cut_kinds.cut_kind,
        quoted_line_counts.n_quoted_lines,
        nullif(trim(
            case
                when touched.message_id is null then public_messages.text_body
                else coalesce(rebuilt.kept_text, '')
            end
        ), '') as clean_body
    from public_messages
    left join touched
        on public_messages.message_id = touched.message_id
    left join rebuilt
        on public_messages.message_id = rebuilt.message_id
    left join cut_kinds
        on public_messages.message_id = cut_kinds.message_id
    left join quoted_line_counts
        on public_messages.message_id = quoted_line_counts.message_id
)

select * from final
