"""Staging end to end: every bad row is rejected with the planted reason, nothing is lost,
timestamps are UTC, vocabularies are canonical, and no PII survives in staged text.

Ground truth comes from the generator's planted labels (truth_rejections, truth_messages)
and from re-reading the raw Parquet files in Python; nothing re-runs the staging SQL.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime

import pyarrow.parquet as pq
import pytest

TABLES = {
    "conversations": "conversation_id",
    "messages": "message_id",
    "surveys": "response_id",
    "handoffs": "handoff_id",
    "ai_actions": "action_id",
    "agent_actions": "action_id",
    "agents": "agent_id",
    "message_labels": "message_label_id",
}
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE = re.compile(r"(\+\d{1,3}[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}")
CARD = re.compile(r"\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{1,7}")


def _truth_rejections(warehouse) -> list[dict]:
    return pq.read_table(warehouse.truth("truth_rejections")).to_pylist()


@pytest.mark.parametrize("table", list(TABLES))
def test_every_planted_bad_row_is_rejected_with_its_reason(warehouse, table):
    planted = Counter(
        (row["key_value"], row["reason"])
        for row in _truth_rejections(warehouse)
        if row["table_name"] == table and row["reason"] != "exact_duplicate"
    )
    assert planted, f"the dirty dataset plants no bad {table} rows: the test could not fail"
    rejected = Counter(
        warehouse.query(
            f"select rejected_key, rejection_reason from staging.stg_support__{table}_rejected"
        )
    )
    assert rejected == planted


@pytest.mark.parametrize("table", list(TABLES))
def test_raw_rows_reconcile_with_kept_rejected_and_duplicates(warehouse, table):
    raw_rows = pq.ParquetFile(warehouse.raw_dir / f"{table}.parquet").metadata.num_rows
    planted = Counter(
        row["reason"] for row in _truth_rejections(warehouse) if row["table_name"] == table
    )
    kept = warehouse.query(f"select count(*) from staging.stg_support__{table}")[0][0]
    rejected = warehouse.query(f"select count(*) from staging.stg_support__{table}_rejected")[0][0]
    (recon,) = warehouse.query(
        "select raw_rows, kept_rows, rejected_rows, exact_duplicate_rows "
        "from audit.audit_staging_reconciliation where table_name = ?",
        [table],
    )
    assert recon == (raw_rows, kept, rejected, planted["exact_duplicate"])
    assert raw_rows == kept + rejected + planted["exact_duplicate"]
    # Clean rows are all kept: raw minus every planted extra row.
    assert kept == raw_rows - sum(planted.values())


def _utc(text: str) -> datetime:
    parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def test_message_timestamps_are_utc_and_roles_canonical(warehouse):
    raw = pq.read_table(warehouse.raw_dir / "messages.parquet", columns=["message_id", "sent_at"])
    raw_sent, with_offset = {}, 0
    ids, sent = raw.column("message_id").to_pylist(), raw.column("sent_at").to_pylist()
    for message_id, sent_at in zip(ids, sent, strict=True):
        if message_id and sent_at:
            with_offset += bool(re.search(r"([+-]\d{2}:\d{2}|Z)$", sent_at.strip()))
            try:
                raw_sent[message_id] = _utc(sent_at)
            except ValueError:
                continue
    truth = pq.read_table(warehouse.truth("truth_messages"), columns=["message_id", "author"])
    truth_author = dict(
        zip(truth.column("message_id").to_pylist(), truth.column("author").to_pylist(), strict=True)
    )
    staged = warehouse.query(
        "select message_id, sent_at, author_role from staging.stg_support__messages"
    )
    assert len(staged) == len(truth_author)
    assert with_offset > 0, "no offset-aware timestamps in raw: the UTC check could not fail"
    for message_id, sent_at, author_role in staged:
        assert sent_at == raw_sent[message_id], message_id
        assert author_role == truth_author[message_id], message_id


def test_raw_text_had_pii_and_staged_text_has_none(warehouse):
    raw = pq.read_table(warehouse.raw_dir / "messages.parquet", columns=["body"]).column(0)
    raw_hits = sum(
        1 for body in raw.to_pylist() if body and (EMAIL.search(body) or PHONE.search(body))
    )
    assert raw_hits > 0, "no PII in the raw data: this test could not fail"
    texts = warehouse.query(
        "select body from staging.stg_support__messages "
        "union all select body from staging.stg_support__messages_rejected "
        "union all select comment from staging.stg_support__surveys where comment is not null "
        "union all select packet_summary from staging.stg_support__handoffs "
        "where packet_summary is not null"
    )
    leaks = [t for (t,) in texts if t and (EMAIL.search(t) or PHONE.search(t) or CARD.search(t))]
    assert leaks == []
    placeholders = warehouse.query(
        "select count(*) from staging.stg_support__messages "
        "where body like '%<email>%' or body like '%<phone>%' or body like '%<card_number>%'"
    )[0][0]
    assert placeholders >= raw_hits * 0.9
