"""The real support text fixture built with the project's dbt text models on DuckDB, for the
measurement scripts beside this file (not part of the product)."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "python"))
from _escalation_cases import load_and_classify, raw_rows, read_cases, write_raw  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "real_support_text" / "cases.csv"
PREFIX = "rt"

__all__ = ["FIXTURE", "PREFIX", "ROOT", "classified", "read_cases"]


@contextmanager
def classified(cases: list[dict]) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to a DuckDB file in which `cases` (message ids
    `<PREFIX>_<case_id>_m1` / `_target`) went through the classifier models."""
    with tempfile.TemporaryDirectory() as work:
        base = Path(work)
        db = base / "real.duckdb"
        load_and_classify(write_raw(raw_rows(cases, PREFIX), base / "raw"), base, "dev",
                          SEAM_DUCKDB_PATH=str(db))
        con = duckdb.connect(str(db), read_only=True)
        try:
            yield con
        finally:
            con.close()
