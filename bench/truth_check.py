"""The built marts against the generator's planted truth, at any scale (read only).

Usage: python bench/truth_check.py <warehouse.duckdb> <generated raw dir>/truth

For a warehouse too large for the pytest suites (tests/python/test_handoffs.py recomputes the
same quantities in Python on the test warehouse): the truth Parquet files are full-joined to
`fct_conversations` and to the first handoff of each conversation in `fct_escalations` in
plain DuckDB, and the agreeing rows are counted. Nothing is recomputed by the models' SQL.
Prints one line per quantity, `agree of compared`; exits 1 when a conversation or an
escalation is missing on either side, or a path, handoff time or reply id differs.
"""

from __future__ import annotations

import sys

import duckdb

CONVERSATIONS = """
select
    count(t.conversation_id) as truth,
    count(f.conversation_id) as mart,
    count(*) filter (where t.path = f.path) as same_path
from read_parquet(?) as t
full join marts.fct_conversations as f using (conversation_id)
"""

ESCALATIONS = """
select
    count(t.conversation_id) as truth,
    count(f.conversation_id) as mart,
    count(*) filter (where t.handed_off_at = f.handed_off_at) as same_handed_off_at,
    count(*) filter (
        where f.conversation_id is not null
        and t.first_human_message_id is not distinct from f.first_human_message_id
    ) as same_first_human_reply,
    count(*) filter (
        where f.conversation_id is not null
        and t.first_useful_message_id is not distinct from f.first_useful_message_id
    ) as same_first_useful_reply,
    count(*) filter (
        where t.repeated_failed_action_count = f.n_repeated_failed_actions
    ) as same_repeated_failed_actions,
    count(*) filter (where t.n_re_explanations = f.n_re_explanations) as same_re_explanations,
    count(*) filter (where not t.is_inferred_handoff) as explicit,
    count(*) filter (
        where not t.is_inferred_handoff
        and t.packet_has_transcript = f.has_transcript_in_packet
        and t.packet_has_summary = f.has_summary_in_packet
        and t.packet_has_identifiers = f.has_identifiers_in_packet
        and t.packet_has_ai_actions = f.has_ai_actions_in_packet
        and t.packet_has_reason = f.has_reason_in_packet
        and t.packet_has_evidence = f.has_evidence_in_packet
        and t.packet_has_sentiment = f.has_sentiment_in_packet
    ) as same_packet
from read_parquet(?) as t
full join (select * from marts.fct_escalations where handoff_number = 1) as f
    using (conversation_id)
"""


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    warehouse, truth = argv
    con = duckdb.connect(warehouse, read_only=True)
    con.execute("set memory_limit = '3GB'")
    c = con.execute(CONVERSATIONS, [f"{truth}/truth_conversations.parquet"]).fetchone()
    e = con.execute(ESCALATIONS, [f"{truth}/truth_escalations.parquet"]).fetchone()
    con.close()
    lines = [
        ("conversations (truth, mart)", c[1], c[0], True),
        ("planted path", c[2], c[0], True),
        ("first handoffs (truth, mart)", e[1], e[0], True),
        ("planted handed_off_at", e[2], e[0], True),
        ("planted first human reply", e[3], e[0], True),
        ("planted first useful reply", e[4], e[0], True),
        ("planted repeated failed AI actions", e[5], e[0], False),
        ("planted re-explanation count", e[6], e[0], False),
        ("planted packet elements (explicit handoffs)", e[8], e[7], False),
    ]
    failed = False
    for name, agree, compared, must_be_exact in lines:
        share = agree / compared if compared else 0.0
        print(f"{name}: {agree:,} of {compared:,} ({share:.2%})")
        failed |= must_be_exact and agree != compared
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
