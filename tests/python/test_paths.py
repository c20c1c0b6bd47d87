"""Paths and segmented satisfaction against the generator's planted truth.

Everything expected here is computed in Python from the raw and truth Parquet files: path
labels and recontacts from truth_conversations; survey attribution recomputed from the raw
survey rows (clean ones, by truth_surveys ids) with the window rule; NPS / CSAT / counts per
path and week from those; masks-decline weeks from truth_weeks / manifest.json.
The SQL marts are only read, never re-run.
"""

from __future__ import annotations

import json
import math
import os
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import Warehouse, dbt_build

ATTRIBUTION_DAYS = 14  # var survey_attribution_days default
BLENDED_TOLERANCE = 1.0  # var masks_decline_blended_tolerance default
ESCALATED_DROP = 5.0  # var masks_decline_escalated_drop default


def _rows(path: Path, columns: list[str] | None = None) -> list[dict]:
    return pq.read_table(path, columns=columns).to_pylist()


def _utc(text: str) -> datetime:
    """Raw timestamp text -> naive UTC (naive text is UTC; offset-aware text is converted)."""
    parsed = datetime.fromisoformat(text.strip())
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _truth_conversations(raw_dir: Path) -> dict[str, dict]:
    rows = _rows(raw_dir / "truth" / "truth_conversations.parquet")
    return {row["conversation_id"]: row for row in rows}


def _attributed_in_python(raw_dir: Path, conversations: dict[str, dict]) -> dict[tuple, dict]:
    """(conversation_id, survey_type) -> attributed response, recomputed from raw surveys."""
    truth_surveys = {
        row["response_id"]: row for row in _rows(raw_dir / "truth" / "truth_surveys.parquet")
    }
    seen: set[str] = set()
    best: dict[tuple, tuple] = {}
    for row in _rows(raw_dir / "surveys.parquet"):
        response_id = (row["response_id"] or "").strip()
        if response_id not in truth_surveys or response_id in seen:
            continue  # a planted bad row, or an exact copy of a clean one
        seen.add(response_id)
        truth = truth_surveys[response_id]
        conversation = conversations[truth["conversation_id"]]
        responded_at = _utc(row["responded_at"])
        created_at = conversation["created_at"]
        window_end = (conversation["closed_at"] or created_at) + timedelta(days=ATTRIBUTION_DAYS)
        if not created_at <= responded_at <= window_end:
            continue
        key = (truth["conversation_id"], truth["survey_type"])
        candidate = (responded_at, response_id, truth["score"])
        if key not in best or candidate[:2] > best[key][:2]:
            best[key] = candidate
    return {
        key: {"responded_at": v[0], "response_id": v[1], "score": v[2]} for key, v in best.items()
    }


def _expected_by_path_week(raw_dir: Path) -> dict[tuple, dict]:
    conversations = _truth_conversations(raw_dir)
    attributed = _attributed_in_python(raw_dir, conversations)
    cells: dict[tuple, dict] = defaultdict(
        lambda: {"n": 0, "p": 0, "d": 0, "csat_n": 0, "csat_ok": 0}
    )
    for (conversation_id, survey_type), response in attributed.items():
        conversation = conversations[conversation_id]
        for path in (conversation["path"], "all"):
            cell = cells[(conversation["week_start"], path)]
            score = response["score"]
            if survey_type == "nps":
                cell["n"] += 1
                cell["p"] += score >= 9
                cell["d"] += score <= 6
            elif survey_type == "csat":
                cell["csat_n"] += 1
                cell["csat_ok"] += score >= 4
    return cells


@pytest.fixture(scope="module")
def truth_conversations(warehouse: Warehouse) -> dict[str, dict]:
    return _truth_conversations(warehouse.raw_dir)


def test_path_labels_match_truth_for_every_conversation(warehouse, truth_conversations):
    built = dict(warehouse.query("select conversation_id, path from marts.fct_conversations"))
    assert set(built) == set(truth_conversations), (
        "fct_conversations must hold exactly the clean conversations"
    )
    wrong = [
        (cid, row["path"], built[cid], row["odd_case"])
        for cid, row in truth_conversations.items()
        if built[cid] != row["path"]
    ]
    assert not wrong, f"{len(wrong)} of {len(built)} paths differ, e.g. {wrong[:5]}"


def test_odd_cases_are_labelled_and_flagged(warehouse, truth_conversations):
    odd = {cid: row["odd_case"] for cid, row in truth_conversations.items() if row["odd_case"]}
    assert {"human_then_ai", "handoff_no_human_reply", "ai_after_human_only"} <= set(odd.values())
    flags = {
        cid: (path, ai_after_human, has_handoff, has_human)
        for cid, path, ai_after_human, has_handoff, has_human in warehouse.query(
            "select conversation_id, path, has_ai_after_human, has_handoff_row, has_human_reply "
            "from marts.fct_conversations"
        )
    }
    for cid, case in odd.items():
        path, ai_after_human, has_handoff, has_human = flags[cid]
        if case in ("human_then_ai", "ai_after_human_only"):
            assert (path, ai_after_human) == ("human_only", True), (cid, case, flags[cid])
        else:
            assert (path, has_handoff, has_human) == ("ai_escalated", True, False), (
                cid,
                case,
                flags[cid],
            )


def test_recontact_and_resolution_match_truth(warehouse, truth_conversations):
    built = {
        cid: (recontact, resolved, kind, durable)
        for cid, recontact, resolved, kind, durable in warehouse.query(
            "select conversation_id, has_recontact, is_resolved, ai_resolution_kind, is_durable "
            "from marts.fct_conversations"
        )
    }
    for cid, row in truth_conversations.items():
        recontact, resolved, kind, durable = built[cid]
        assert recontact == row["has_recontact"], cid
        assert resolved == row["is_resolved"], cid
        if row["path"] == "ai_only_resolved":
            assert kind == (
                "confirmed" if row["ai_resolution_state"] == "confirmed" else "assumed"
            ), cid
            assert durable == (not row["has_recontact"]), cid
        else:
            assert kind is None and durable is None, cid


def test_survey_attribution_matches_python_recomputation(warehouse, truth_conversations):
    expected = _attributed_in_python(warehouse.raw_dir, truth_conversations)
    built = {
        (cid, kind): rid
        for cid, kind, rid in warehouse.query(
            "select conversation_id, survey_type, response_id "
            "from intermediate.int_surveys_attributed"
        )
    }
    assert built == {key: value["response_id"] for key, value in expected.items()}
    # and with the generator's own flag
    planted = {
        row["response_id"]
        for row in _rows(warehouse.truth("truth_surveys"))
        if row["is_attributed"]
    }
    assert set(built.values()) == planted


def test_nps_csat_and_counts_per_path_per_week_match(warehouse):
    expected = _expected_by_path_week(warehouse.raw_dir)
    built = warehouse.query(
        "select period_start, path, n_nps_responses, n_promoters, n_detractors, nps, nps_se, "
        "n_csat_responses, csat_pct from marts.rpt_nps_by_path where period_type = 'week'"
    )
    assert built, "rpt_nps_by_path has no week rows"
    checked = 0
    for week, path, n, promoters, detractors, nps, nps_se, csat_n, csat_pct in built:
        cell = expected.get((week, path), {"n": 0, "p": 0, "d": 0, "csat_n": 0, "csat_ok": 0})
        assert (n, promoters, detractors, csat_n) == (
            cell["n"],
            cell["p"],
            cell["d"],
            cell["csat_n"],
        ), (week, path)
        if cell["n"] == 0:
            assert nps is None and nps_se is None, (week, path)
        else:
            exp_nps = 100 * (cell["p"] - cell["d"]) / cell["n"]
            p, d = cell["p"] / cell["n"], cell["d"] / cell["n"]
            exp_se = 100 * math.sqrt(max(p + d - (p - d) ** 2, 0) / cell["n"])
            assert math.isclose(nps, exp_nps, abs_tol=1e-9), (week, path, nps, exp_nps)
            assert math.isclose(nps_se, exp_se, abs_tol=1e-9), (week, path, nps_se, exp_se)
        if cell["csat_n"] == 0:
            assert csat_pct is None
        else:
            assert math.isclose(csat_pct, 100 * cell["csat_ok"] / cell["csat_n"], abs_tol=1e-9)
        checked += cell["n"]
    assert checked == 2 * sum(c["n"] for (w, p), c in expected.items() if p == "all")


def _masks_decline_weeks_vs_planted(wh: Warehouse) -> tuple[set, set, list]:
    flagged = {
        row[0]
        for row in wh.query(
            "select week_start from marts.rpt_support_health_weekly where blended_masks_decline"
        )
    }
    truth_weeks = _rows(wh.truth("truth_weeks"))
    planted = {row["week_start"] for row in truth_weeks if row["is_planted_break"]}
    manifest = json.loads((wh.raw_dir / "manifest.json").read_text())
    assert planted == {date.fromisoformat(w) for w in manifest["planted_break_weeks"]}
    health = wh.query(
        "select week_start, blended_nps, nps_ai_escalated, blended_nps_change, "
        "nps_ai_escalated_change, blended_masks_decline "
        "from marts.rpt_support_health_weekly order by week_start"
    )
    return flagged, planted, health


def test_blended_and_escalated_nps_equal_planted_levels(warehouse):
    planted = {row["week_start"]: row for row in _rows(warehouse.truth("truth_weeks"))}
    for week, blended, escalated, *_ in _masks_decline_weeks_vs_planted(warehouse)[2]:
        truth = planted[week]
        for built, target in (
            (blended, truth["planted_blended_nps"]),
            (escalated, truth["planted_escalated_nps"]),
        ):
            assert (built is None) == (target is None), week
            if target is not None:
                assert math.isclose(built, target, abs_tol=1e-9), (week, built, target)


def test_masks_decline_fires_in_planted_break_weeks_only(warehouse):
    flagged, planted, health = _masks_decline_weeks_vs_planted(warehouse)
    assert planted, "the scenario plants at least one break"
    assert flagged == planted, (
        f"flagged {sorted(flagged)} planted {sorted(planted)}; weeks: {health}"
    )


@pytest.fixture(scope="module")
def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """The default demo scenario: `python -m seam generate` defaults (20k, 12 weeks, seed 42).

    Reuses SEAM_DEMO_RAW / SEAM_DEMO_DUCKDB when both are set and built; otherwise generates,
    loads and builds the models this test reads.
    """
    raw, db = os.environ.get("SEAM_DEMO_RAW"), os.environ.get("SEAM_DEMO_DUCKDB")
    if raw and db and Path(db).exists():
        return Warehouse(Path(raw).resolve(), Path(db).resolve())
    from seam.loader import load
    from seam.synth import generate

    base = tmp_path_factory.mktemp("demo_warehouse")
    raw_dir, db_path = base / "raw", base / "seam.duckdb"
    generate(
        out_dir=raw_dir,
        conversations=20_000,
        seed=42,
        start=date(2026, 8, 31),
        weeks=12,
        dirty_rate=0.0,
        progress=False,
    )
    previous = os.environ.get("SEAM_DUCKDB_PATH")
    os.environ["SEAM_DUCKDB_PATH"] = str(db_path)
    try:
        load(src=raw_dir)
    finally:
        if previous is None:
            del os.environ["SEAM_DUCKDB_PATH"]
        else:
            os.environ["SEAM_DUCKDB_PATH"] = previous
    result = dbt_build(
        db_path, "--select", "+rpt_support_health_weekly", "--exclude", "test_type:data"
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return Warehouse(raw_dir, db_path)


def test_masks_decline_on_default_demo_scenario(demo_warehouse):
    flagged, planted, health = _masks_decline_weeks_vs_planted(demo_warehouse)
    assert planted, "the demo scenario plants breaks"
    assert flagged == planted, (
        f"flagged {sorted(flagged)} planted {sorted(planted)}; weeks: {health}"
    )
