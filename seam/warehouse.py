"""Where the warehouse for a profiles.yml target lives (DuckDB today)."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DUCKDB_PATH = "data/seam.duckdb"


def duckdb_path(target: str = "dev") -> Path:
    """Path of the DuckDB file for ``target``, honouring SEAM_DUCKDB_PATH like profiles.yml."""
    if target not in ("dev",):
        raise ValueError(f"target {target!r} is not a DuckDB file target")
    return Path(os.environ.get("SEAM_DUCKDB_PATH", DEFAULT_DUCKDB_PATH))
