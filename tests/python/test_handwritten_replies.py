"""The SQL classifier on hand-written support messages (tests/fixtures/handwritten_replies.csv).

Each fixture row becomes one small escalated conversation in a throwaway DuckDB raw schema:
the customer's pre-handoff message, an AI reply, a handoff row (with the row's packet
identifiers), then either the agent reply to classify, or the agent message the customer is
answering followed by the customer follow-up to classify. dbt builds the handoff text models
on it; precision and recall against the hand labels are printed. The figure is reported as
measured: the test fails only when the fixture or the pipeline is broken, not on a score.
"""

from __future__ import annotations

import csv
import os
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from conftest import DBT, ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "handwritten_replies.csv"
RAW_COLUMNS = {
    "conversations": [
        "conversation_id",
        "customer_id",
        "channel",
        "created_at",
        "closed_at",
        "status",
        "ai_resolution_state",
        "topic",
        "priority",
        "team",
        "updated_at",
    ],
    "messages": [
        "message_id",
        "conversation_id",
        "sent_at",
        "author_role",
        "author_id",
        "is_internal",
        "body",
    ],
    "surveys": [
        "response_id",
        "conversation_id",
        "responded_at",
        "survey_type",
        "score",
        "comment",
    ],
    "handoffs": [
        "handoff_id",
        "conversation_id",
        "handed_off_at",
        "to_queue",
        "reason_code",
        "ai_confidence",
        "packet_transcript_included",
        "packet_summary",
        "packet_identifiers",
        "packet_ai_actions",
        "packet_evidence",
        "packet_sentiment",
    ],
    "ai_actions": ["action_id", "conversation_id", "performed_at", "action_name", "outcome"],
    "agent_actions": ["action_id", "conversation_id", "agent_id", "performed_at", "action_name"],
    "agents": ["agent_id", "team"],
    "message_labels": ["message_id", "label", "value", "source"],
}


def _cases() -> list[dict]:
    with open(FIXTURE, newline="") as handle:
        return list(csv.DictReader(handle))


def _raw_rows(cases: list[dict]) -> dict[str, list[tuple]]:
    rows: dict[str, list[tuple]] = {table: [] for table in RAW_COLUMNS}
    start = datetime(2026, 9, 1, 8, 0, 0)
    for number, case in enumerate(cases):
        conversation = f"hw_{case['case_id']}"
        t0 = start + timedelta(hours=number)

        def at(minutes: int, t0: datetime = t0) -> str:
            return (t0 + timedelta(minutes=minutes)).isoformat(sep=" ")

        rows["conversations"].append(
            (
                conversation,
                f"cu_{number}",
                "chat",
                at(0),
                None,
                "open",
                "escalated",
                None,
                None,
                "tier1_amer",
                at(30),
            )
        )
        messages = [
            (
                f"{conversation}_m1",
                conversation,
                at(0),
                "customer",
                None,
                "false",
                case["pre_handoff_customer_text"],
            ),
            (
                f"{conversation}_m2",
                conversation,
                at(1),
                "ai",
                None,
                "false",
                "Thanks! Let me connect you with a teammate who can help.",
            ),
        ]
        if case["kind"] == "agent_reply":
            messages.append(
                (
                    f"{conversation}_target",
                    conversation,
                    at(10),
                    "agent",
                    "ag1",
                    "false",
                    case["text"],
                )
            )
        else:
            messages.append(
                (
                    f"{conversation}_m3",
                    conversation,
                    at(10),
                    "agent",
                    "ag1",
                    "false",
                    case["previous_agent_text"],
                )
            )
            messages.append(
                (
                    f"{conversation}_target",
                    conversation,
                    at(15),
                    "customer",
                    None,
                    "false",
                    case["text"],
                )
            )
        rows["messages"].extend(messages)
        rows["handoffs"].append(
            (
                f"{conversation}_h",
                conversation,
                at(2),
                "tier1",
                "needs_human",
                "0.4",
                "true",
                None,
                case["packet_identifiers"],
                None,
                None,
                None,
            )
        )
    return rows


def _load(db_path: Path, rows: dict[str, list[tuple]]) -> None:
    con = duckdb.connect(str(db_path))
    try:
        con.execute("create schema raw")
        for table, columns in RAW_COLUMNS.items():
            con.execute(
                f"create table raw.{table} ({', '.join(f'{c} varchar' for c in columns)}, "
                "_loaded_at timestamp default current_timestamp)"
            )
            if rows[table]:
                con.executemany(
                    f"insert into raw.{table} ({', '.join(columns)}) values "
                    f"({', '.join('?' for _ in columns)})",
                    rows[table],
                )
    finally:
        con.close()


def _dbt(db_path: Path, target: Path, *args: str) -> None:
    env = {
        **os.environ,
        "SEAM_DUCKDB_PATH": str(db_path),
        "SEAM_TARGET_PATH": str(target),
        "DBT_PROFILES_DIR": str(ROOT),
    }
    result = subprocess.run([DBT, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    cases = _cases()
    base = tmp_path_factory.mktemp("handwritten")
    db_path = base / "handwritten.duckdb"
    _load(db_path, _raw_rows(cases))
    _dbt(db_path, base / "target", "seed", "--quiet")
    _dbt(
        db_path,
        base / "target",
        "run",
        "--quiet",
        "--select",
        "+int_text_agent_replies_classified",
        "+int_text_customer_followups_classified",
    )
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        useful = dict(
            con.execute(
                "select message_id, is_useful from intermediate.int_text_agent_replies_classified"
            ).fetchall()
        )
        re_explained = dict(
            con.execute(
                "select message_id, is_re_explanation "
                "from intermediate.int_text_customer_followups_classified"
            ).fetchall()
        )
    finally:
        con.close()
    for case in cases:
        target = f"hw_{case['case_id']}_target"
        scores = useful if case["kind"] == "agent_reply" else re_explained
        case["predicted"] = scores.get(target)
        case["truth"] = case["label"] == "true"
    return cases


def _report(cases: list[dict], label: str) -> tuple[float, float]:
    tp = sum(c["truth"] and c["predicted"] for c in cases)
    fp = sum(not c["truth"] and c["predicted"] for c in cases)
    fn = sum(c["truth"] and not c["predicted"] for c in cases)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(
        f"\nhand-written {label}: n={len(cases)} precision {precision:.3f} recall {recall:.3f} "
        f"(tp {tp}, fp {fp}, fn {fn})"
    )
    for case in cases:
        if bool(case["predicted"]) != case["truth"]:
            print(
                f"  {case['case_id']} label={case['label']} ({case['note']}): {case['text'][:90]!r}"
            )
    return precision, recall


def test_fixture_is_big_enough() -> None:
    cases = _cases()
    for kind in ("agent_reply", "customer_followup"):
        of_kind = [c for c in cases if c["kind"] == kind]
        assert len(of_kind) >= 40, f"only {len(of_kind)} {kind} rows"
        assert {c["label"] for c in of_kind} == {"true", "false"}


@pytest.mark.parametrize(
    ("kind", "label"), [("agent_reply", "useful reply"), ("customer_followup", "re-explanation")]
)
def test_handwritten_precision_recall(scored: list[dict], kind: str, label: str) -> None:
    cases = [c for c in scored if c["kind"] == kind]
    unscored = [c["case_id"] for c in cases if c["predicted"] is None]
    assert not unscored, f"the pipeline did not score {unscored}"
    _report(cases, label)
