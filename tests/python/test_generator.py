"""Tests of the synthetic data generator: contract shape, determinism and planted truth.

Truth is re-derived independently from the raw text files (DuckDB over Parquet) and
compared with the truth tables the generator wrote.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from seam.synth import DIRTY_KINDS, RAW_COLUMNS, generate

KEYS = {"conversations": "conversation_id", "messages": "message_id", "surveys": "response_id",
        "handoffs": "handoff_id", "ai_actions": "action_id", "agent_actions": "action_id",
        "agents": "agent_id", "message_labels": "message_id || ':' || label"}
ROLE_MAP = {"customer": "customer", "end-user": "customer", "user": "customer", "lead": "customer",
            "ai": "ai", "bot": "ai", "fin": "ai", "assistant": "ai", "agent": "agent",
            "admin": "agent", "teammate": "agent", "system": "system"}
MARKERS = ("as i said", "like i already told", "again", "already explained", "wie gesagt",
           "como ya dije", "déjà dit", "as i mentioned", "third time", "said this already",
           "like i said")
STOPWORDS = set("""a an the and or but if so to of in on at for from by with without is are was
were be been being it its it's this that these those i i'm i've me my we our you your he she they
them their there here what which who when where why how not no nope yes ok okay still just
please pls can could would should will do does did done have has had hasn't haven't doesn't
don't didn't won't can't cannot now then than also as about into since after before again any
some all every each one same like get got just really very thanks thank hi hello hey
sure""".split())


def _ts(col: str) -> str:
    return (f"(CASE WHEN {col} LIKE '%T%' THEN CAST(CAST({col} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' "
            f"AS TIMESTAMP) ELSE CAST({col} AS TIMESTAMP) END)")


def _con(raw: Path) -> duckdb.DuckDBPyConnection:
    """Views over raw (clean rows only: keys known to truth, exact duplicates collapsed)."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    for t in RAW_COLUMNS:
        con.execute(f"CREATE VIEW raw_{t} AS SELECT * FROM '{raw}/{t}.parquet'")
    for t in ("conversations", "messages", "surveys", "escalations", "weeks", "rejections"):
        con.execute(f"CREATE VIEW truth_{t} AS SELECT * FROM '{raw}/truth/truth_{t}.parquet'")
    con.execute("""CREATE TABLE conv AS SELECT DISTINCT conversation_id, customer_id,
        lower(trim(status)) AS status, ai_resolution_state,
        """ + _ts("created_at") + """ AS created_at,
        """ + _ts("closed_at") + """ AS closed_at FROM raw_conversations
        WHERE conversation_id IN (SELECT conversation_id FROM truth_conversations)""")
    roles = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in ROLE_MAP.items())
    con.execute(f"""CREATE TABLE msg AS SELECT DISTINCT message_id, conversation_id,
        {_ts('sent_at')} AS sent_at, CASE lower(trim(author_role)) {roles} END AS role,
        is_internal = 'true' AS internal, body FROM raw_messages
        WHERE message_id IN (SELECT message_id FROM truth_messages)""")
    con.execute(f"""CREATE TABLE hand AS SELECT DISTINCT handoff_id, conversation_id,
        {_ts('handed_off_at')} AS handed_off_at FROM raw_handoffs
        WHERE handoff_id IN (SELECT handoff_id FROM truth_escalations)""")
    con.execute(f"""CREATE TABLE srv AS SELECT DISTINCT response_id, conversation_id,
        {_ts('responded_at')} AS responded_at, lower(trim(survey_type)) AS survey_type,
        CAST(score AS INTEGER) AS score FROM raw_surveys
        WHERE response_id IN (SELECT response_id FROM truth_surveys)""")
    return con


@pytest.fixture(scope="module")
def con(small_raw: Path) -> duckdb.DuckDBPyConnection:
    return _con(small_raw)


# --- shape and determinism ----------------------------------------------------------------------

def test_raw_tables_have_exact_string_columns(small_raw: Path) -> None:
    for table, cols in RAW_COLUMNS.items():
        schema = pq.read_schema(small_raw / f"{table}.parquet")
        assert tuple(schema.names) == cols, table
        assert all(f.type == pa.string() for f in schema), table


def test_truth_tables_are_typed(small_raw: Path) -> None:
    conv = pq.read_schema(small_raw / "truth" / "truth_conversations.parquet")
    assert conv.field("created_at").type == pa.timestamp("us")
    assert conv.field("is_resolved").type == pa.bool_()
    assert conv.field("week_start").type == pa.date32()
    esc = pq.read_schema(small_raw / "truth" / "truth_escalations.parquet")
    assert esc.field("n_re_explanations").type == pa.int32()
    assert esc.field("packet_has_summary").type == pa.bool_()
    surveys = pq.read_schema(small_raw / "truth" / "truth_surveys.parquet")
    assert surveys.field("score").type == pa.int32()


def test_same_seed_is_byte_identical_and_other_seed_differs(tmp_path: Path) -> None:
    def run(name: str, seed: int) -> Path:
        out = tmp_path / name
        generate(out_dir=out, conversations=500, seed=seed, start=date(2026, 8, 31), weeks=4,
                 dirty_rate=0.02, progress=False)
        return out

    a, b, c = run("a", 5), run("b", 5), run("c", 6)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert len(files) == 15
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    assert (a / "messages.parquet").read_bytes() != (c / "messages.parquet").read_bytes()


def test_value_conventions(con: duckdb.DuckDBPyConnection) -> None:
    aware = con.sql("SELECT avg((sent_at LIKE '%T%')::INT) FROM raw_messages").fetchall()[0][0]
    assert 0.2 < aware < 0.4
    negative = con.sql("SELECT count(*) FROM raw_messages WHERE regexp_matches(sent_at, "
                       "'T.*-[0-9]{2}:[0-9]{2}$')").fetchall()[0][0]
    assert negative > 0
    synonyms = con.sql("SELECT avg((author_role NOT IN ('customer','ai','agent','system'))::INT) "
                       "FROM raw_messages").fetchall()[0][0]
    assert 0.05 < synonyms < 0.2
    assert con.sql("SELECT count(*) FROM msg m JOIN conv c USING (conversation_id) "
                   "WHERE m.sent_at < c.created_at").fetchall()[0][0] == 0
    bodies = [r[0] for r in con.sql("SELECT body FROM msg WHERE role = 'customer'").fetchall()]
    assert any(re.search(r"[\w.]+@[\w.]+\.\w+", b) for b in bodies)
    assert any(re.search(r"\(\d{3}\) 555-\d{4}|\+1 \d{3} 555 \d{4}", b) for b in bodies)
    assert any(re.search(r"\d{4} \d{4} \d{4} \d{4}", b) for b in bodies)
    assert not any(re.search(r"\d{10,}", b) for b in bodies)
    on_hold = "SELECT count(*) FROM raw_conversations WHERE status = 'on-hold'"
    assert con.sql(on_hold).fetchall()[0][0]


# --- paths and escalations ------------------------------------------------------------------------

def test_paths_rederived_from_raw_match_truth(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.sql("""
        WITH pub AS (SELECT * FROM msg WHERE NOT internal AND role IN ('ai', 'agent')),
        f AS (SELECT c.conversation_id, c.status, c.ai_resolution_state AS state,
                min(CASE WHEN p.role = 'ai' THEN p.sent_at END) AS first_ai,
                min(CASE WHEN p.role = 'agent' THEN p.sent_at END) AS first_human,
                max(CASE WHEN p.role = 'agent' THEN p.sent_at END) AS last_human
              FROM conv c LEFT JOIN pub p USING (conversation_id) GROUP BY ALL)
        SELECT f.conversation_id, t.path, CASE
            WHEN first_ai IS NULL AND first_human IS NULL THEN 'unanswered'
            WHEN first_human IS NOT NULL AND (first_ai IS NULL OR first_human < first_ai)
                THEN 'human_only'
            WHEN h.conversation_id IS NOT NULL OR last_human > first_ai THEN 'ai_escalated'
            WHEN status IN ('solved', 'closed') OR state IN ('confirmed', 'assumed')
                THEN 'ai_only_resolved'
            ELSE 'ai_only_unresolved' END AS derived
        FROM f JOIN truth_conversations t USING (conversation_id)
        LEFT JOIN (SELECT DISTINCT conversation_id FROM hand) h USING (conversation_id)
        """).fetchall()
    assert len(rows) == 3000
    wrong = [r for r in rows if r[1] != r[2]]
    assert not wrong, wrong[:5]
    paths = {r[1] for r in rows}
    assert paths == {"ai_only_resolved", "ai_only_unresolved", "ai_escalated", "human_only",
                     "unanswered"}
    odd = dict(con.sql("SELECT odd_case, count(*) FROM truth_conversations "
                       "WHERE odd_case IS NOT NULL GROUP BY 1").fetchall())
    assert set(odd) == {"human_then_ai", "handoff_no_human_reply", "ai_after_human_only"}
    assert all(5 <= v <= 60 for v in odd.values()), odd
    notes_in_ai_only = con.sql("""SELECT count(*) FROM msg JOIN truth_conversations
        USING (conversation_id) WHERE internal AND path LIKE 'ai_only%'""").fetchall()[0][0]
    assert notes_in_ai_only > 0


def test_handoffs_and_useful_replies(con: duckdb.DuckDBPyConnection) -> None:
    esc = con.sql("""SELECT e.conversation_id, e.is_inferred_handoff, e.handed_off_at,
            h.handed_off_at, e.first_human_message_id, e.first_useful_message_id
        FROM truth_escalations e LEFT JOIN hand h USING (handoff_id)""").fetchall()
    inferred = sum(r[1] for r in esc) / len(esc)
    assert 0.05 < inferred < 0.16
    msgs: dict[str, list[tuple]] = defaultdict(list)
    for row in con.sql("""SELECT m.conversation_id, m.message_id, m.sent_at, m.role, m.internal,
            t.is_useful FROM msg m JOIN truth_messages t USING (message_id)
            WHERE m.conversation_id IN (SELECT conversation_id FROM truth_escalations)
            ORDER BY m.sent_at""").fetchall():
        msgs[row[0]].append(row[1:])
    useful_seen = 0
    for conv, is_inf, hand_t, raw_hand_t, first_h, first_u in esc:
        thread = msgs[conv]
        public = [m for m in thread if not m[3] and m[2] in ("ai", "agent")]
        if is_inf:
            first_ai = next(m for m in public if m[2] == "ai")
            human = next(m for m in public if m[2] == "agent" and m[1] > first_ai[1])
            assert hand_t == human[1]
        else:
            assert hand_t == raw_hand_t
            before = [m for m in thread if m[1] < hand_t]
            after = [m for m in public if m[2] == "agent" and m[1] >= hand_t]
            assert before and all(m[1] < hand_t for m in before)
            assert not after or after[0][1] > hand_t
        post_agents = [m for m in public if m[2] == "agent" and m[1] >= hand_t]
        assert (first_h is None) == (not post_agents)
        if post_agents:
            assert first_h == post_agents[0][0]
        if first_u is not None:
            useful_seen += 1
            idx = next(i for i, m in enumerate(post_agents) if m[0] == first_u)
            assert post_agents[idx][4] is True
            assert not any(m[4] for m in post_agents[:idx])
        else:
            assert not any(m[4] for m in post_agents)
    assert useful_seen > 0.8 * len(esc)


def test_packets_thin_out_and_ai_rollout(con: duckdb.DuckDBPyConnection) -> None:
    weekly = con.sql("""SELECT week_start,
            avg((path NOT IN ('human_only', 'unanswered'))::INT) AS ai_share
        FROM truth_conversations GROUP BY 1 ORDER BY 1""").fetchall()
    assert weekly[-1][1] - weekly[0][1] > 0.15
    packets = con.sql("""SELECT c.week_start, avg((packet_has_transcript::INT
            + packet_has_summary::INT
            + packet_has_identifiers::INT + packet_has_ai_actions::INT + packet_has_reason::INT
            + packet_has_evidence::INT + packet_has_sentiment::INT) / 7.0)
        FROM truth_escalations e JOIN truth_conversations c USING (conversation_id)
        WHERE NOT is_inferred_handoff GROUP BY 1 ORDER BY 1""").fetchall()
    assert packets[0][1] - packets[-1][1] > 0.05
    raw_gaps = con.sql(f"""SELECT avg((packet_summary IS NULL OR trim(packet_summary) = '')::INT),
            avg((packet_identifiers IS NULL OR packet_identifiers IN ('', '{{}}'))::INT)
        FROM {_clean('handoffs')}""").fetchall()[0]
    truth_gaps = con.sql("""SELECT avg((NOT packet_has_summary)::INT),
            avg((NOT packet_has_identifiers)::INT) FROM truth_escalations
        WHERE NOT is_inferred_handoff""").fetchall()[0]
    assert raw_gaps == pytest.approx(truth_gaps)


def _clean(table: str) -> str:
    key = KEYS[table]
    return f"""(SELECT DISTINCT * FROM raw_{table} WHERE nullif({key}, '') IS NOT NULL
        AND {key} NOT IN (SELECT key_value FROM truth_rejections WHERE table_name = '{table}'
                          AND reason <> 'exact_duplicate' AND key_value IS NOT NULL))"""


def test_repeated_failed_actions_rederived(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.sql(f"""
        WITH fa AS (SELECT DISTINCT conversation_id, action_name FROM {_clean('ai_actions')}
                    WHERE outcome = 'failed')
        SELECT e.conversation_id, e.repeated_failed_action_count,
               (SELECT count(*) FROM {_clean('agent_actions')} ag JOIN fa
                USING (conversation_id, action_name) WHERE ag.conversation_id = e.conversation_id),
               e.failed_ai_action_names,
               (SELECT string_agg(action_name, ',' ORDER BY action_name) FROM fa
                WHERE fa.conversation_id = e.conversation_id)
        FROM truth_escalations e""").fetchall()
    assert all(r[1] == r[2] for r in rows)
    assert all(r[3] == (r[4] or "") for r in rows)
    assert sum(r[1] for r in rows) > 0


# --- customer re-explanations and labels -------------------------------------------------

def _words(text: str) -> set[str]:
    tokens = re.findall(r"[#\w][\w.@#'-]*", text.lower())
    return {t.strip(".'-") for t in tokens
            if t.strip(".'-") not in STOPWORDS and (len(t) >= 3 or any(c.isdigit() for c in t))}


def test_re_explanations_are_separable_by_a_simple_rule(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.sql("""SELECT m.conversation_id, m.message_id, m.role, m.internal, m.body,
            t.phase, t.reply_kind, t.is_re_explanation
        FROM msg m JOIN truth_messages t USING (message_id)
        WHERE m.conversation_id IN (SELECT conversation_id FROM truth_escalations)
        ORDER BY m.conversation_id, m.sent_at""").fetchall()
    labels = dict(((m, lab), v == "true") for m, lab, v in con.sql(
        "SELECT message_id, label, value FROM raw_message_labels WHERE message_id IN "
        "(SELECT message_id FROM truth_messages) AND label IN ('useful_reply', 're_explanation')"
    ).fetchall())
    pre: dict[str, set[str]] = defaultdict(set)
    last_agent_kind: dict[str, str | None] = {}
    total = agree = agree_labelled = 0
    kinds: dict[str, int] = defaultdict(int)
    for conv, mid, role, internal, body, phase, kind, truth in rows:
        if internal or role == "system":
            continue
        if role == "agent" and phase == "post_handoff":
            last_agent_kind[conv] = kind
        if role != "customer":
            continue
        if phase == "pre_handoff":
            pre[conv] |= _words(body)
            continue
        words = _words(body)
        overlap = len(words & pre[conv]) / len(words) if len(words) >= 5 else 0.0
        rule = (last_agent_kind.get(conv) == "restate_request"
                or any(mk in body.lower() for mk in MARKERS) or overlap >= 0.5)
        last_agent_kind[conv] = None
        total += 1
        kinds[kind] += 1
        agree += rule == truth
        agree_labelled += labels.get((mid, "re_explanation"), rule) == truth
    assert total > 500
    assert {"re_explanation_after_request", "re_explanation_marker", "re_explanation_paraphrase",
            "follow_up", "basics_answer", "thanks", "new_info"} <= set(kinds)
    assert 0.97 < agree / total < 1.0  # a few texts are ambiguous on purpose...
    assert agree_labelled / total > 0.995  # ...and QA labels settle them


def test_message_labels_agree_with_truth(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.sql("""SELECT l.label, l.value, t.is_useful, t.is_re_explanation, t.phase
        FROM (SELECT DISTINCT * FROM raw_message_labels) l JOIN truth_messages t USING (message_id)
        WHERE l.message_id || ':' || l.label NOT IN (SELECT key_value FROM truth_rejections
                                                     WHERE table_name = 'message_labels'
                                                     AND key_value IS NOT NULL)""").fetchall()
    assert len(rows) > 30
    for label, value, useful, re_exp, phase in rows:
        assert phase == "post_handoff"
        expected = useful if label == "useful_reply" else re_exp
        assert (value == "true") == expected
    post = con.sql("SELECT count(*) FROM truth_messages WHERE phase = 'post_handoff' "
                   "AND is_public AND author IN ('agent', 'customer')").fetchall()[0][0]
    assert 0.015 < len(rows) / post < 0.06


def test_basics_already_known(con: duckdb.DuckDBPyConnection) -> None:
    known = con.sql("""SELECT basics_already_known, count(*) FROM truth_messages
        WHERE reply_kind = 'basics_request' GROUP BY 1""").fetchall()
    assert {k for k, _ in known} == {True, False}


# --- surveys and planted breaks ------------------------------------------------------------------

def test_survey_attribution_rederived(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.sql("""
        WITH w AS (SELECT s.*, row_number() OVER (PARTITION BY s.conversation_id, s.survey_type
                       ORDER BY s.responded_at DESC) AS rn
                   FROM srv s JOIN conv c USING (conversation_id)
                   WHERE s.responded_at BETWEEN c.created_at
                         AND coalesce(c.closed_at, c.created_at) + INTERVAL 14 DAY)
        SELECT t.response_id, t.is_attributed, coalesce(w.rn = 1, false), t.score = s.score
        FROM truth_surveys t JOIN srv s USING (response_id) LEFT JOIN w USING (response_id)
        """).fetchall()
    assert all(r[1] == r[2] and r[3] for r in rows)
    share = con.sql("SELECT survey_type, count(DISTINCT conversation_id) / 3000 FROM truth_surveys "
                    "WHERE is_attributed GROUP BY 1").fetchall()
    rates = dict(share)
    assert 0.28 < rates["nps"] < 0.42 and 0.24 < rates["csat"] < 0.36 and 0.1 < rates["ces"] < 0.2
    assert sum(not r[1] for r in rows) > 20


def test_planted_nps_breaks(con: duckdb.DuckDBPyConnection, small_raw: Path) -> None:
    weekly = con.sql("""
        WITH a AS (SELECT s.score, t.path,
                        CAST(date_trunc('week', c.created_at) AS DATE) AS wk
                   FROM srv s JOIN truth_surveys ts USING (response_id)
                   JOIN truth_conversations t ON t.conversation_id = s.conversation_id
                   JOIN conv c ON c.conversation_id = s.conversation_id
                   WHERE ts.is_attributed AND s.survey_type = 'nps')
        SELECT wk, 100.0 * (count_if(score >= 9) - count_if(score <= 6)) / count(*),
               100.0 * (count_if(path = 'ai_escalated' AND score >= 9)
                        - count_if(path = 'ai_escalated' AND score <= 6))
                     / count_if(path = 'ai_escalated')
        FROM a GROUP BY 1 ORDER BY 1""").fetchall()
    truth = con.sql("SELECT week_start, is_planted_break, planted_escalated_nps, "
                    "planted_blended_nps FROM truth_weeks ORDER BY 1").fetchall()
    assert [w[0] for w in weekly] == [t[0] for t in truth]
    breaks = [t[0].isoformat() for t in truth if t[1]]
    manifest = json.loads((small_raw / "manifest.json").read_text())
    assert manifest["planted_break_weeks"] == breaks and len(breaks) == 1
    for (_, blended, esc), (_, _, t_esc, t_blended) in zip(weekly, truth, strict=True):
        assert blended == pytest.approx(t_blended) and esc == pytest.approx(t_esc)
    for prev, cur, t in zip(weekly, weekly[1:], truth[1:], strict=False):
        assert abs(cur[1] - prev[1]) <= 1.0
        if t[1]:
            assert cur[2] - prev[2] <= -10
        else:
            assert abs(cur[2] - prev[2]) <= 1.5


def test_break_weeks_scale_with_history(tmp_path: Path) -> None:
    out = tmp_path / "g"
    generate(out_dir=out, conversations=15_000, seed=2, start=date(2026, 8, 31), weeks=12,
             dirty_rate=0.0, progress=False)
    weeks = pq.read_table(out / "truth" / "truth_weeks.parquet").to_pylist()
    assert [i + 1 for i, w in enumerate(weeks) if w["is_planted_break"]] == [5, 8, 11]
    esc = [w["planted_escalated_nps"] for w in weeks]
    blended = [w["planted_blended_nps"] for w in weeks]
    for i in range(1, 12):
        assert abs(blended[i] - blended[i - 1]) <= 1.0
        step = esc[i] - esc[i - 1]
        assert step <= -10 if i + 1 in (5, 8, 11) else abs(step) <= 1.5
    short = tmp_path / "s"
    generate(out_dir=short, conversations=300, seed=2, start=date(2026, 8, 31), weeks=3,
             dirty_rate=0.0, progress=False)
    assert json.loads((short / "manifest.json").read_text())["planted_break_weeks"] == []


def test_recontacts_rederived(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.sql("""
        SELECT t.has_recontact, EXISTS (SELECT 1 FROM conv o WHERE o.customer_id = c.customer_id
            AND o.created_at > c.created_at
            AND o.created_at <= coalesce(c.closed_at, c.created_at) + INTERVAL 7 DAY), t.path,
            t.ai_resolution_state
        FROM conv c JOIN truth_conversations t USING (conversation_id)""").fetchall()
    assert all(r[0] == r[1] for r in rows)
    rate = defaultdict(list)
    for has, _, path, state in rows:
        rate[(path, state)].append(has)
    def share(state: str) -> float:
        flags = rate[("ai_only_resolved", state)]
        return sum(flags) / len(flags)

    assert share("assumed") > share("confirmed") + 0.05


# --- dirty rows ----------------------------------------------------------------------------

def test_dirty_rows_are_accounted_for(con: duckdb.DuckDBPyConnection, small_raw: Path) -> None:
    manifest = json.loads((small_raw / "manifest.json").read_text())
    rej = defaultdict(lambda: defaultdict(int))
    for table, reason, n in con.sql("SELECT table_name, reason, count(*) FROM truth_rejections "
                                    "GROUP BY ALL").fetchall():
        rej[table][reason] = n
    for table, kinds in DIRTY_KINDS.items():
        raw = con.sql(f"SELECT count(*) FROM raw_{table}").fetchall()[0][0]
        clean = manifest["clean_rows"][table]
        assert raw == clean + sum(rej[table].values()), table
        assert set(rej[table]) == set(kinds), table
        if clean > 1000:
            assert 0.012 < (raw - clean) / clean < 0.03, table
    truth_counts = {"conversations": "truth_conversations", "messages": "truth_messages",
                    "surveys": "truth_surveys"}
    for table, truth in truth_counts.items():
        assert con.sql(f"SELECT count(*) FROM {truth}").fetchall()[0][0] == \
            manifest["clean_rows"][table]


def test_dirty_keys_are_fresh_or_exact_copies(con: duckdb.DuckDBPyConnection) -> None:
    for table, key in KEYS.items():
        clean = f"""SELECT {key} AS k, count(*) AS n, count(DISTINCT raw_{table}) AS v
                    FROM raw_{table} GROUP BY 1"""
        rows = con.sql(f"""SELECT r.reason, c.n, c.v FROM truth_rejections r
            JOIN ({clean}) c ON c.k = r.key_value WHERE r.table_name = '{table}'""").fetchall()
        for reason, n, variants in rows:
            if reason == "exact_duplicate":
                assert variants == 1
            elif reason == "duplicate_key":
                assert n == 2 and variants == 2, table
            else:
                assert n == 1, (table, reason)
    orphans = con.sql("""SELECT count(*) FROM raw_messages WHERE message_id IN
        (SELECT key_value FROM truth_rejections WHERE table_name = 'messages' AND reason = 'orphan')
        AND conversation_id IN (SELECT conversation_id FROM raw_conversations)""").fetchall()[0][0]
    assert orphans == 0
    early = con.sql(f"""SELECT count(*) FROM raw_surveys s JOIN conv c USING (conversation_id)
        WHERE s.response_id IN (SELECT key_value FROM truth_rejections
                                WHERE table_name = 'surveys'
                                AND reason = 'timestamp_before_conversation')
        AND {_ts('s.responded_at')} >= c.created_at""").fetchall()[0][0]
    assert early == 0
