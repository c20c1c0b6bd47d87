"""Shared pytest fixtures.

`warehouse` is one generated dataset, loaded and built with `dbt build`, shared by every
end-to-end test. `make test` builds it first and passes its location in SEAM_TEST_RAW /
SEAM_TEST_DUCKDB; run alone, pytest builds its own copy in a temporary folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).with_name("dbt"))


@dataclass(frozen=True)
class Warehouse:
    raw_dir: Path
    duckdb_path: Path

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.duckdb_path), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    def truth(self, name: str) -> Path:
        return self.raw_dir / "truth" / f"{name}.parquet"


def dbt_build(duckdb_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SEAM_DUCKDB_PATH": str(duckdb_path), "DBT_PROFILES_DIR": str(ROOT)}
    return subprocess.run(
        [DBT, "build", "--quiet", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    raw, db = os.environ.get("SEAM_TEST_RAW"), os.environ.get("SEAM_TEST_DUCKDB")
    if raw and db and Path(db).exists():
        return Warehouse(Path(raw).resolve(), Path(db).resolve())
    from seam.loader import load
    from seam.synth import generate

    base = tmp_path_factory.mktemp("warehouse")
    raw_dir, db_path = base / "raw", base / "seam.duckdb"
    generate(out_dir=raw_dir, conversations=20_000, seed=7, start=date(2026, 8, 31), weeks=12,
             dirty_rate=0.02, progress=False)
    os.environ["SEAM_DUCKDB_PATH"] = str(db_path)
    try:
        load(src=raw_dir)
    finally:
        del os.environ["SEAM_DUCKDB_PATH"]
    result = dbt_build(db_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return Warehouse(raw_dir, db_path)


@pytest.fixture(scope="session")
def small_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 3,000 conversations over 4 weeks with 2% bad rows (generator tests)."""
    from seam.synth import generate

    out = tmp_path_factory.mktemp("small_raw")
    generate(out_dir=out, conversations=3_000, seed=11, start=date(2026, 8, 31), weeks=4,
             dirty_rate=0.02, progress=False)
    return out


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "engines: builds on Postgres / Spark (SEAM_ENGINES, SEAM_REQUIRE_ENGINES)"
    )
