"""The semantic layer answers like the marts: `mf query --saved-query ...` on the built DuckDB
gives the same figures as the contracted aggregates.

MetricFlow (requirements-metricflow.txt) is optional: without `mf` the tests skip with a
message, unless SEAM_REQUIRE_METRICFLOW=1 turns the skip into a failure.

`mf` always reads <project root>/target/semantic_manifest.json, so the test parses the project
into a scratch project root (symlinks to the real project's files) and runs `mf` there: the
shared target/ folder and the warehouse file are never written.
"""

from __future__ import annotations

import csv
import math
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PROJECT_ENTRIES = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests",
                   "analyses")


def _mf() -> str:
    found = BIN / "mf"
    if found.exists():
        return str(found)
    found = shutil.which("mf")
    if found:
        return found
    message = ("MetricFlow is not installed: pip install -r requirements-metricflow.txt "
               "(set SEAM_REQUIRE_METRICFLOW=1 to make this a failure)")
    if os.environ.get("SEAM_REQUIRE_METRICFLOW") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def mf_project(warehouse, tmp_path_factory: pytest.TempPathFactory):
    """(run, project): run(*args) runs `mf` in a scratch project root parsed for the warehouse."""
    mf = _mf()
    project = tmp_path_factory.mktemp("mf_project")
    for entry in PROJECT_ENTRIES:
        if (ROOT / entry).exists():
            (project / entry).symlink_to(ROOT / entry)
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(project),
        "SEAM_TARGET": "dev",
        "SEAM_DUCKDB_PATH": str(warehouse.duckdb_path),
        "SEAM_TARGET_PATH": str(project / "target"),
        "DBT_LOG_PATH": str(project / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    parsed = subprocess.run([str(BIN / "dbt"), "parse", "--quiet"], cwd=project, env=env,
                            capture_output=True, text=True)
    assert parsed.returncode == 0, parsed.stdout[-3000:] + parsed.stderr[-3000:]

    def run(*args: str) -> subprocess.CompletedProcess:
        result = subprocess.run([mf, *args], cwd=project, env=env, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result

    return run, project


def _query_csv(run, project: Path, saved_query: str) -> list[dict]:
    out = project / f"{saved_query}.csv"
    run("query", "--saved-query", saved_query, "--csv", str(out), "--quiet")
    with out.open() as handle:
        return list(csv.DictReader(handle))


def _num(text: str | None) -> float | None:
    return None if text in (None, "", "None", "nan") else float(text)


def _close(left: float | None, right: float | None) -> bool:
    if left is None or right is None:
        return left is None and right is None
    return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-6)


def test_semantic_configs_validate(mf_project):
    run, _ = mf_project
    result = run("validate-configs", "--skip-dw")
    assert "ERRORS: 0" in result.stdout + result.stderr


def test_saved_query_blended_and_escalated_nps_equal_the_mart(mf_project, warehouse):
    run, project = mf_project
    rows = _query_csv(run, project, "nps_blended_weekly")
    assert rows, "the saved query returned no rows"
    mart = {
        (str(period_start), path): (nps, responses)
        for period_start, path, nps, responses in warehouse.query(
            "select period_start, path, nps, n_nps_responses from marts.rpt_nps_by_path "
            "where period_type = 'week' and path in ('all', 'ai_escalated', 'ai_only_resolved')"
        )
    }
    assert len(rows) == len({key[0] for key in mart}), "weeks differ between mf and the mart"
    mismatches = []
    for row in rows:
        week = row["metric_time__week"][:10]
        for column, path in (("nps", "all"), ("nps_escalated", "ai_escalated"),
                             ("nps_ai_only_resolved", "ai_only_resolved")):
            mart_nps, _ = mart[(week, path)]
            if not _close(_num(row[column]), mart_nps):
                mismatches.append(f"{week} {path}: mf {row[column]} vs mart {mart_nps}")
        if int(float(row["nps_responses"])) != mart[(week, "all")][1]:
            mismatches.append(f"{week} responses: mf {row['nps_responses']} "
                              f"vs mart {mart[(week, 'all')][1]}")
    assert not mismatches, "\n".join(mismatches)


def test_saved_query_nps_and_csat_by_path_equal_the_mart(mf_project, warehouse):
    run, project = mf_project
    rows = _query_csv(run, project, "nps_by_path_weekly")
    mart = {
        (str(period_start), path): (nps, csat)
        for period_start, path, nps, csat in warehouse.query(
            "select period_start, path, nps, csat_pct from marts.rpt_nps_by_path "
            "where period_type = 'week' and path <> 'all'"
        )
    }
    mismatches = []
    for row in rows:
        key = (row["metric_time__week"][:10], row["conversation__path"])
        mart_nps, mart_csat = mart[key]
        if not _close(_num(row["nps"]), mart_nps):
            mismatches.append(f"{key} nps: mf {row['nps']} vs mart {mart_nps}")
        if not _close(_num(row["csat"]), mart_csat):
            mismatches.append(f"{key} csat: mf {row['csat']} vs mart {mart_csat}")
    assert rows and not mismatches, "\n".join(mismatches)


def test_saved_query_ai_resolution_rates_equal_support_health_weekly(mf_project, warehouse):
    run, project = mf_project
    rows = _query_csv(run, project, "ai_resolution_weekly")
    metrics = ("escalation_rate", "containment_rate", "ai_resolution_rate",
               "ai_resolution_rate_confirmed", "ai_resolution_rate_assumed",
               "ai_resolution_rate_durable")
    mart = {
        str(row[0]): dict(zip(metrics, row[1:], strict=True))
        for row in warehouse.query(
            f"select week_start, {', '.join(metrics)} from marts.rpt_support_health_weekly"
        )
    }
    assert rows and len(rows) == len(mart), f"mf weeks {len(rows)} vs mart weeks {len(mart)}"
    mismatches = [
        f"{row['metric_time__week'][:10]} {metric}: mf {row[metric]} "
        f"vs mart {mart[row['metric_time__week'][:10]][metric]}"
        for row in rows for metric in metrics
        if not _close(_num(row[metric]), mart[row["metric_time__week"][:10]][metric])
    ]
    assert not mismatches, "\n".join(mismatches)


def test_saved_query_escalation_quality_equals_the_marts(mf_project, warehouse):
    """Weekly re-explanation and rework rates from the additive counts of rpt_escalation_quality;
    median reply times re-computed in Python from fct_escalations rows."""
    run, project = mf_project
    rows = _query_csv(run, project, "escalation_quality_weekly")
    counts = {
        str(week): (n, n_re, n_rework)
        for week, n, n_re, n_rework in warehouse.query(
            "select week_start, sum(n_escalations), sum(n_with_re_explanation), sum(n_rework) "
            "from marts.rpt_escalation_quality group by week_start"
        )
    }
    replies: dict[str, tuple[list[float], list[float]]] = {}
    for week, first, useful in warehouse.query(
        "select week_start, first_reply_minutes, first_useful_reply_minutes "
        "from marts.fct_escalations"
    ):
        firsts, usefuls = replies.setdefault(str(week), ([], []))
        if first is not None:
            firsts.append(first)
        if useful is not None:
            usefuls.append(useful)
    assert rows and len(rows) == len(counts), f"mf weeks {len(rows)} vs mart {len(counts)}"
    mismatches = []
    for row in rows:
        week = row["metric_time__week"][:10]
        n, n_re, n_rework = counts[week]
        firsts, usefuls = replies[week]
        expected = {
            "escalations": n,
            "re_explanation_rate": n_re / n,
            "rework_rate": n_rework / n,
            "median_first_reply_minutes": statistics.median(firsts) if firsts else None,
            "median_first_useful_reply_minutes": statistics.median(usefuls) if usefuls else None,
        }
        mismatches += [f"{week} {metric}: mf {row[metric]} vs mart {value}"
                       for metric, value in expected.items()
                       if not _close(_num(row[metric]), value)]
    assert not mismatches, "\n".join(mismatches)
