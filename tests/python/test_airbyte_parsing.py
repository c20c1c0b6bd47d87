"""The JSON and time parsing that the Airbyte shapes rest on, branch by branch, per engine.

macros/cross_db/json_extract.sql (json_field, json_array_values, json_array_objects) and
macros/vendors/airbyte_timestamp.sql (epoch seconds or ISO-8601) run on literal inputs through
`dbt show --inline`: nested keys, a missing key, JSON null, numbers and booleans, a bare JSON
string (no keys), arrays of ids and of objects (empty and null arrays give no row), epoch
seconds as a number, as text and inside JSON, ISO times with `Z` and with an offset, and
what must give null. Expected times are computed here with Python's datetime, never by
the macros. DuckDB always (in-memory `lint` target); Postgres and Spark when selected as for
test_incremental.py (SEAM_ENGINES=postgres,spark; marked `engines`, so `make test-postgres`
and `make test-spark` run them). Wall time about 10 s on Postgres, 25 s on Spark.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).with_name("dbt"))
ENGINES = tuple(e.strip() for e in os.environ.get("SEAM_ENGINES", "").split(",") if e.strip())

EPOCH = 1788142857


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


# (case, SQL select-list expression or from-less query part, expected values as text)
SCALARS = {
    "field_nested": ("seam.json_field(\"'{\\\"source\\\": {\\\"author\\\": {\\\"id\\\": "
                     "\\\"u1\\\", \\\"type\\\": \\\"lead\\\"}}}'\", 'source.author.id')", ["u1"]),
    "field_missing": ("seam.json_field(\"'{\\\"a\\\": 1}'\", 'b')", [None]),
    "field_json_null": ("seam.json_field(\"'{\\\"rating\\\": null}'\", 'rating')", [None]),
    "field_number": ("seam.json_field(\"'{\\\"rating\\\": 4}'\", 'rating')", ["4"]),
    "field_boolean": ("seam.json_field(\"'{\\\"public\\\": true}'\", 'public')", ["true"]),
    "field_text": ("seam.json_field(\"'{\\\"name\\\": \\\"Zoë Ångström\\\"}'\", 'name')",
                   ["Zoë Ångström"]),
    "field_of_bare_string": ("seam.json_field(\"'\\\"a0018\\\"'\", 'id')", [None]),
    "field_of_null": ("seam.json_field('cast(null as ' ~ dbt.type_string() ~ ')', 'id')",
                      [None]),
    "ts_epoch_number": (f"seam.airbyte_timestamp('{EPOCH}')",
                        [_utc_text(datetime.fromtimestamp(EPOCH, UTC))]),
    "ts_epoch_text": (f"seam.airbyte_timestamp(\"'{EPOCH}'\")",
                      [_utc_text(datetime.fromtimestamp(EPOCH, UTC))]),
    "ts_epoch_in_json": (
        f"seam.airbyte_timestamp(seam.json_field(\"'{{\\\"created_at\\\": {EPOCH}}}'\", "
        "'created_at'))", [_utc_text(datetime.fromtimestamp(EPOCH, UTC))]),
    "ts_epoch_zero": ("seam.airbyte_timestamp('0')", ["1970-01-01 00:00:00"]),
    "ts_iso_z": ("seam.airbyte_timestamp(\"'2026-09-09T08:00:00Z'\")",
                 [_utc_text(datetime.fromisoformat("2026-09-09T08:00:00+00:00"))]),
    "ts_iso_offset": ("seam.airbyte_timestamp(\"'2026-09-09T10:30:00+02:00'\")",
                      [_utc_text(datetime.fromisoformat("2026-09-09T10:30:00+02:00"))]),
    "ts_milliseconds": (f"seam.airbyte_timestamp(\"'{EPOCH}000'\")", [None]),
    "ts_words": ("seam.airbyte_timestamp(\"'yesterday'\")", [None]),
    "ts_null": ("seam.airbyte_timestamp('cast(null as ' ~ dbt.type_string() ~ ')')", [None]),
}
ARRAYS = {
    "values_ids": ("seam.json_array_values(\"'[\\\"360000001\\\", \\\"a7\\\"]'\")",
                   ["360000001", "a7"]),
    "values_numbers": ("seam.json_array_values(\"'[360000001, 2]'\")", ["2", "360000001"]),
    "values_empty": ("seam.json_array_values(\"'[]'\")", []),
    "values_null": ("seam.json_array_values('cast(null as ' ~ dbt.type_string() ~ ')')", []),
}
EVENTS = ("'[{\\\"type\\\": \\\"Change\\\", \\\"field_name\\\": \\\"status\\\", "
          "\\\"value\\\": \\\"solved\\\"}, {\\\"type\\\": \\\"Notification\\\", "
          "\\\"field_name\\\": null}]'")
OBJECTS = {
    "objects_type": ("type", ["Change", "Notification"]),
    "objects_field_name": ("field_name", [None, "status"]),
    "objects_value": ("value", [None, "solved"]),
}


def _query() -> str:
    parts = [f"select '{case}' as case_name, cast({{{{ {expr} }}}} as {{{{ dbt.type_string() }}}})"
             " as value" for case, (expr, _) in SCALARS.items()]
    parts += [f"select '{case}' as case_name, {{{{ {expr} }}}} as value"
              for case, (expr, _) in ARRAYS.items()]
    parts += [f"select '{case}' as case_name, {{{{ seam.json_field('event', '{key}') }}}} as value "
              f"from (select {{{{ seam.json_array_objects(\"{EVENTS}\") }}}} as event) as events"
              for case, (key, _) in OBJECTS.items()]
    return "\nunion all\n".join(parts)


def _show(engine: str, tmp_path: Path) -> dict[str, list]:
    target = {"duckdb": "lint"}.get(engine, engine)
    env = {**os.environ, "DBT_PROFILES_DIR": str(ROOT), "SEAM_TARGET_PATH": str(tmp_path),
           "DBT_LOG_PATH": str(tmp_path / "logs"), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
           "TZ": "UTC"}
    result = subprocess.run(
        [DBT, "show", "--inline", _query(), "--limit", "1000", "--output", "json",
         "--log-format", "json", "--target", target],
        cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    rows = None
    for line in result.stdout.splitlines():
        event = json.loads(line)
        preview = event.get("data", {}).get("preview")
        if preview is not None:
            rows = json.loads(preview) if isinstance(preview, str) else preview
    assert rows is not None, result.stdout[-3000:]
    found: dict[str, list] = {}
    for row in rows:
        found.setdefault(row["case_name"], []).append(row["value"])
    return found


def _expected() -> dict[str, list]:
    cases = {case: values for case, (_, values) in {**SCALARS, **ARRAYS}.items()}
    cases.update({case: values for case, (_, values) in OBJECTS.items()})
    return cases


def _sorted(values: list) -> list:
    return sorted(values, key=lambda v: (v is not None, v or ""))


@pytest.mark.parametrize(
    "engine",
    [
        "duckdb",
        pytest.param("postgres", marks=pytest.mark.engines),
        pytest.param("spark", marks=pytest.mark.engines),
    ],
)
def test_json_and_time_parsing_branches(engine, tmp_path):
    if engine != "duckdb" and engine not in ENGINES:
        pytest.skip(f"{engine} not selected: SEAM_ENGINES={engine} (as test_incremental.py)")
    found = _show(engine, tmp_path)
    wrong = _differences(found, _expected())
    assert not wrong, wrong


def _differences(found: dict, expected: dict) -> dict:
    return {case: (_sorted(found.get(case, [])), _sorted(values))
            for case, values in expected.items()
            if _sorted(found.get(case, [])) != _sorted(values)}


def test_parsing_check_can_fail():
    """The comparison reports a wrong reading: an epoch read an hour off, a missing case."""
    expected = _expected()
    misread = {**expected,
               "ts_epoch_number": [_utc_text(datetime.fromtimestamp(EPOCH + 3600, UTC))]}
    del misread["field_missing"]
    assert set(_differences(misread, expected)) == {"ts_epoch_number", "field_missing"}
    assert not _differences(expected, expected)
