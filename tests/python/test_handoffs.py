"""The handoff itself, against the generator's planted truth.

Expected values are computed here in Python from the raw Parquet files, the truth Parquet
files and the reference seeds (business hours, holidays); the SQL marts are only read:
- reply classification (useful reply, re-explanation) precision and recall vs truth labels;
- first human reply and first useful reply of every escalation, recomputed from the raw
  messages and the truth labels, must equal fct_escalations exactly (ids and minutes);
- business minutes recomputed with zoneinfo from the seeds (weekends, holidays, DST);
- packet elements and repeated failed AI actions vs the planted packets and counts.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow.parquet as pq
import pytest
from conftest import ROOT, Warehouse

TARGET = 0.95
DEFAULT_TEAM = "default"  # var business_hours_default_team


def _rows(path: Path, columns: list[str] | None = None) -> list[dict]:
    return pq.read_table(path, columns=columns).to_pylist()


def _utc(text: str) -> datetime:
    """Raw timestamp text -> naive UTC (naive text is UTC; offset-aware text is converted)."""
    parsed = datetime.fromisoformat(text.strip())
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _precision_recall(pairs: list[tuple[bool, bool]]) -> tuple[float, float, dict]:
    tp = sum(1 for truth, predicted in pairs if truth and predicted)
    fp = sum(1 for truth, predicted in pairs if not truth and predicted)
    fn = sum(1 for truth, predicted in pairs if truth and not predicted)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, {"tp": tp, "fp": fp, "fn": fn, "n": len(pairs)}


def _kept_message_ids(warehouse: Warehouse) -> set[str]:
    return {
        row[0] for row in warehouse.query("select message_id from staging.stg_support__messages")
    }


@pytest.fixture(scope="module")
def truth_messages(warehouse: Warehouse) -> list[dict]:
    return _rows(warehouse.truth("truth_messages"))


def _classification_pairs(
    warehouse: Warehouse,
    truth_messages: list[dict],
    author: str,
    truth_column: str,
    model: str,
    column: str,
) -> list[tuple[bool, bool]]:
    """Every truth-labelled post-handoff public message of `author` that staging kept; a message
    the classifier did not score counts as predicted false."""
    kept = _kept_message_ids(warehouse)
    predicted = dict(warehouse.query(f"select message_id, {column} from intermediate.{model}"))
    return [
        (bool(row[truth_column]), bool(predicted.get(row["message_id"], False)))
        for row in truth_messages
        if row["author"] == author
        and row["is_public"]
        and row["phase"] == "post_handoff"
        and row[truth_column] is not None
        and row["message_id"] in kept
    ]


@pytest.mark.parametrize(
    ("label", "author", "truth_column", "model", "column"),
    [
        ("useful reply", "agent", "is_useful", "int_text_agent_replies_classified", "is_useful"),
        (
            "useful reply (rules only)",
            "agent",
            "is_useful",
            "int_text_agent_replies_classified",
            "is_useful_by_rules",
        ),
        (
            "re-explanation",
            "customer",
            "is_re_explanation",
            "int_text_customer_followups_classified",
            "is_re_explanation",
        ),
        (
            "re-explanation (rules only)",
            "customer",
            "is_re_explanation",
            "int_text_customer_followups_classified",
            "is_re_explanation_by_rules",
        ),
    ],
)
def test_classification_quality_vs_planted_truth(
    warehouse: Warehouse,
    truth_messages: list[dict],
    label: str,
    author: str,
    truth_column: str,
    model: str,
    column: str,
) -> None:
    pairs = _classification_pairs(warehouse, truth_messages, author, truth_column, model, column)
    precision, recall, counts = _precision_recall(pairs)
    print(f"\n{label}: precision {precision:.4f} recall {recall:.4f} {counts}")
    assert counts["tp"] > 100, "too few positives to measure"
    assert precision >= TARGET, f"{label} precision {precision:.4f} < {TARGET}"
    assert recall >= TARGET, f"{label} recall {recall:.4f} < {TARGET}"


def test_classification_sees_hard_cases(truth_messages: list[dict]) -> None:
    """The measured data holds the hard cases (paraphrases, generic replies, basics answers)."""
    kinds = defaultdict(int)
    for row in truth_messages:
        if row["phase"] == "post_handoff" and row["reply_kind"]:
            kinds[row["reply_kind"]] += 1
    for kind in ("re_explanation_paraphrase", "basics_answer", "apology", "holding", "useful"):
        assert kinds[kind] > 50, f"truth has only {kinds[kind]} {kind} messages"


# --- first reply and first useful reply, recomputed ----------------------------------------


@pytest.fixture(scope="module")
def recomputed_replies(warehouse: Warehouse, truth_messages: list[dict]) -> dict[str, dict]:
    """Per escalated conversation: first public agent message at or after the handoff, and the
    first such message the truth marks useful, from raw messages (clean ones only) + truth."""
    kept = _kept_message_ids(warehouse)
    truth_by_id = {row["message_id"]: row for row in truth_messages}
    raw = _rows(
        warehouse.raw_dir / "messages.parquet", ["message_id", "conversation_id", "sent_at"]
    )
    agent_messages: dict[str, list[tuple[datetime, str, bool]]] = defaultdict(list)
    seen: set[str] = set()
    for row in raw:
        message_id = row["message_id"]
        truth = truth_by_id.get(message_id)
        if truth is None or message_id in seen or message_id not in kept:
            continue
        if truth["author"] != "agent" or not truth["is_public"]:
            continue
        seen.add(message_id)
        agent_messages[row["conversation_id"]].append(
            (_utc(row["sent_at"]), message_id, bool(truth["is_useful"]))
        )
    result = {}
    for escalation in _rows(warehouse.truth("truth_escalations")):
        handed_off_at = escalation["handed_off_at"]
        after = sorted(
            m for m in agent_messages[escalation["conversation_id"]] if m[0] >= handed_off_at
        )
        first = after[0] if after else None
        useful = next((m for m in after if m[2]), None)
        result[escalation["conversation_id"]] = {
            "handed_off_at": handed_off_at,
            "first_id": first[1] if first else None,
            "first_minutes": (first[0] - handed_off_at).total_seconds() / 60 if first else None,
            "first_at": first[0] if first else None,
            "useful_id": useful[1] if useful else None,
            "useful_minutes": (useful[0] - handed_off_at).total_seconds() / 60 if useful else None,
            "useful_at": useful[0] if useful else None,
            "truth_first_id": escalation["first_human_message_id"],
            "truth_useful_id": escalation["first_useful_message_id"],
        }
    return result


def _fct(warehouse: Warehouse) -> dict[str, dict]:
    columns = [
        "conversation_id",
        "handoff_id",
        "handed_off_at",
        "team",
        "first_human_message_id",
        "first_reply_minutes",
        "first_useful_message_id",
        "first_useful_reply_minutes",
        "first_reply_business_minutes",
        "first_useful_reply_business_minutes",
        "first_human_reply_at",
        "first_useful_reply_at",
        "business_hours_team",
    ]
    rows = warehouse.query(
        f"select {', '.join(columns)} from marts.fct_escalations where handoff_number = 1"
    )
    return {row[0]: dict(zip(columns, row, strict=True)) for row in rows}


def test_escalations_match_planted_escalations(warehouse: Warehouse, recomputed_replies) -> None:
    fct = _fct(warehouse)
    missing = sorted(set(recomputed_replies) - set(fct))
    extra = sorted(set(fct) - set(recomputed_replies))
    print(
        f"\nescalations: truth {len(recomputed_replies)}, fct_escalations {len(fct)}, "
        f"missing {len(missing)}, extra {len(extra)}"
    )
    assert not missing, f"planted escalations missing: {missing[:5]}"
    assert not extra, f"escalations not planted: {extra[:5]}"
    wrong_time = [
        c
        for c, row in fct.items()
        if row["handed_off_at"] != recomputed_replies[c]["handed_off_at"]
    ]
    assert not wrong_time, f"handed_off_at differs: {wrong_time[:5]}"


def test_first_reply_and_first_useful_reply_exact(warehouse: Warehouse, recomputed_replies) -> None:
    fct = _fct(warehouse)
    mismatches = []
    for conversation_id, expected in recomputed_replies.items():
        row = fct[conversation_id]
        got = (row["first_human_message_id"], row["first_useful_message_id"])
        want = (expected["first_id"], expected["useful_id"])
        minutes_ok = all(
            (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-9)
            for a, b in (
                (row["first_reply_minutes"], expected["first_minutes"]),
                (row["first_useful_reply_minutes"], expected["useful_minutes"]),
            )
        )
        if got != want or not minutes_ok:
            mismatches.append((conversation_id, got, want))
    print(
        f"\nfirst reply / first useful reply: {len(recomputed_replies) - len(mismatches)} of "
        f"{len(recomputed_replies)} escalations match the Python recomputation exactly"
    )
    assert not mismatches, f"{len(mismatches)} mismatches, e.g. {mismatches[:5]}"


def test_recomputation_agrees_with_planted_ids(recomputed_replies) -> None:
    """The Python recomputation itself reproduces the generator's planted first-reply ids."""
    differ = [
        c
        for c, r in recomputed_replies.items()
        if (r["first_id"], r["useful_id"]) != (r["truth_first_id"], r["truth_useful_id"])
    ]
    assert len(differ) <= 0.01 * len(recomputed_replies), differ[:5]


# --- business minutes, recomputed with zoneinfo -------------------------------------------


def _business_hours() -> tuple[dict, dict]:
    hours: dict[str, dict] = {}
    with open(ROOT / "seeds" / "business_hours.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            team = hours.setdefault(
                row["team"], {"tz": ZoneInfo(row["time_zone"]), "days": defaultdict(list)}
            )
            team["days"][int(row["weekday"])].append((row["open_time"], row["close_time"]))
    holidays: dict[str, set[date]] = defaultdict(set)
    with open(ROOT / "seeds" / "holidays.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            holidays[row["team"]].add(date.fromisoformat(row["holiday_date"]))
    return hours, holidays


def _business_minutes(
    start: datetime, end: datetime, team: str, hours: dict, holidays: dict
) -> float:
    """Minutes of [start, end] (naive UTC) inside the team's open windows, walking local dates."""
    spec = hours.get(team) or hours[DEFAULT_TEAM]
    name = team if team in hours else DEFAULT_TEAM
    tz = spec["tz"]
    aware_start, aware_end = start.replace(tzinfo=UTC), end.replace(tzinfo=UTC)
    day = aware_start.astimezone(tz).date() - timedelta(days=1)
    last = aware_end.astimezone(tz).date() + timedelta(days=1)
    total = 0.0
    while day <= last:
        if day not in holidays[name] and day not in holidays["all"]:
            for open_text, close_text in spec["days"].get(day.isoweekday(), []):
                oh, om = map(int, open_text.split(":"))
                ch, cm = map(int, close_text.split(":"))
                midnight = datetime(day.year, day.month, day.day)
                opens = (
                    (midnight + timedelta(hours=oh, minutes=om)).replace(tzinfo=tz).astimezone(UTC)
                )
                closes = (
                    (midnight + timedelta(hours=ch, minutes=cm)).replace(tzinfo=tz).astimezone(UTC)
                )
                overlap = (min(closes, aware_end) - max(opens, aware_start)).total_seconds()
                total += max(overlap, 0.0) / 60
        day += timedelta(days=1)
    return total


def test_business_minutes_match_zoneinfo_recomputation(warehouse: Warehouse) -> None:
    hours, holidays = _business_hours()
    fct = _fct(warehouse)
    checked, mismatches, crossing_dst, crossing_weekend = 0, [], 0, 0
    for row in fct.values():
        for end_column, got_column in (
            ("first_human_reply_at", "first_reply_business_minutes"),
            ("first_useful_reply_at", "first_useful_reply_business_minutes"),
        ):
            end = row[end_column]
            if end is None:
                assert row[got_column] is None
                continue
            want = _business_minutes(row["handed_off_at"], end, row["team"], hours, holidays)
            checked += 1
            tz = (hours.get(row["team"]) or hours[DEFAULT_TEAM])["tz"]
            start_local = row["handed_off_at"].replace(tzinfo=UTC).astimezone(tz)
            end_local = end.replace(tzinfo=UTC).astimezone(tz)
            crossing_dst += start_local.utcoffset() != end_local.utcoffset()
            crossing_weekend += end_local.date() > start_local.date() and any(
                (start_local.date() + timedelta(days=k)).isoweekday() >= 6
                for k in range((end_local.date() - start_local.date()).days + 1)
            )
            if abs(row[got_column] - want) > 1e-6:
                mismatches.append((row["handoff_id"], got_column, row[got_column], want))
    print(
        f"\nbusiness minutes: {checked - len(mismatches)} of {checked} intervals match "
        f"({crossing_dst} cross a DST change, {crossing_weekend} a weekend)"
    )
    assert checked > 1000
    assert crossing_weekend > 0, "data does not exercise weekends"
    assert not mismatches, f"{len(mismatches)} mismatches, e.g. {mismatches[:5]}"


def test_business_minutes_reference_cases() -> None:
    """The Python reference itself: weekend + US DST change, Labor Day, a closed Saturday."""
    hours, holidays = _business_hours()
    # tier1_amer 08:00-20:00 New York: Fri 2026-10-30 19:00 EDT -> Mon 2026-11-02 09:00 EST.
    assert (
        _business_minutes(
            datetime(2026, 10, 30, 23), datetime(2026, 11, 2, 14), "tier1_amer", hours, holidays
        )
        == 60 + 60
    )
    # Labor Day: Fri 2026-09-04 19:30 EDT -> Tue 2026-09-08 08:30 EDT.
    assert (
        _business_minutes(
            datetime(2026, 9, 4, 23, 30),
            datetime(2026, 9, 8, 12, 30),
            "tier1_amer",
            hours,
            holidays,
        )
        == 30 + 30
    )


# --- packets and repeated failed actions -------------------------------------------------


def test_packet_elements_match_planted_packets(warehouse: Warehouse) -> None:
    elements = [
        "transcript",
        "summary",
        "identifiers",
        "ai_actions",
        "reason",
        "evidence",
        "sentiment",
    ]
    got = {
        row[0]: row[1:]
        for row in warehouse.query(
            "select handoff_id, "
            + ", ".join(f"has_{e}_in_packet" for e in elements)
            + " from marts.fct_escalations where not is_inferred_handoff"
        )
    }
    compared, wrong = 0, defaultdict(int)
    for escalation in _rows(warehouse.truth("truth_escalations")):
        if escalation["is_inferred_handoff"] or escalation["handoff_id"] not in got:
            continue
        compared += 1
        for element, value in zip(elements, got[escalation["handoff_id"]], strict=True):
            if bool(value) != bool(escalation[f"packet_has_{element}"]):
                wrong[element] += 1
    print(f"\npacket elements: {compared} explicit handoffs compared, disagreements {dict(wrong)}")
    assert compared > 1000
    assert not wrong


def test_repeated_failed_actions_match_planted_counts(warehouse: Warehouse) -> None:
    got = dict(
        warehouse.query(
            "select conversation_id, n_repeated_failed_actions from marts.fct_escalations "
            "where handoff_number = 1"
        )
    )
    truth = _rows(warehouse.truth("truth_escalations"))
    wrong = [
        (t["conversation_id"], got.get(t["conversation_id"]), t["repeated_failed_action_count"])
        for t in truth
        if got.get(t["conversation_id"]) != t["repeated_failed_action_count"]
    ]
    print(f"\nrepeated failed AI actions: {len(truth) - len(wrong)} of {len(truth)} match")
    assert sum(t["repeated_failed_action_count"] > 0 for t in truth) > 50
    assert len(wrong) <= 0.01 * len(truth), wrong[:5]


def test_re_explanation_counts_per_escalation(warehouse: Warehouse) -> None:
    got = dict(
        warehouse.query(
            "select conversation_id, n_re_explanations from marts.fct_escalations "
            "where handoff_number = 1"
        )
    )
    truth = _rows(warehouse.truth("truth_escalations"))
    exact = sum(got.get(t["conversation_id"]) == t["n_re_explanations"] for t in truth)
    print(f"\nre-explanations per escalation: {exact} of {len(truth)} exact")
    assert exact >= TARGET * len(truth)
