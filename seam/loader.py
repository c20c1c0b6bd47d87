"""Load generated raw-contract Parquet files into the warehouse's raw schema.

Each engine is a small class with one method, ``load_table``; DuckDB is implemented here,
and Postgres (COPY) or Spark (saveAsTable) are one class each with the same shape.
Every raw table gets a ``_loaded_at`` timestamp column (UTC), the column source freshness
reads (var ``raw_loaded_at_column``), as ELT tools add ``_fivetran_synced`` and the like.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

RAW_TABLES = (
    "conversations",
    "messages",
    "surveys",
    "handoffs",
    "ai_actions",
    "agent_actions",
    "agents",
    "message_labels",
)


class RawLoader(Protocol):
    def load_table(self, table: str, parquet: Path, replace: bool) -> int: ...

    def close(self) -> None: ...


class DuckDBLoader:
    """Loads Parquet into a DuckDB file with one writer connection."""

    def __init__(self, path: Path, schema: str) -> None:
        import duckdb

        path.parent.mkdir(parents=True, exist_ok=True)
        self.schema = schema
        self.con = duckdb.connect(str(path))
        self.con.execute("set TimeZone = 'UTC'")
        self.con.execute(f'create schema if not exists "{schema}"')

    def load_table(self, table: str, parquet: Path, replace: bool = True) -> int:
        relation = f'"{self.schema}"."{table}"'
        source = f"read_parquet('{parquet.as_posix()}')"
        if replace:
            self.con.execute(
                f"create or replace table {relation} as "
                f"select *, current_timestamp::timestamp as _loaded_at from {source}"
            )
        else:
            self.con.execute(
                f"insert into {relation} by name "
                f"select *, current_timestamp::timestamp as _loaded_at from {source}"
            )
        return int(self.con.execute(f"select count(*) from {source}").fetchone()[0])

    def close(self) -> None:
        self.con.close()


def make_loader(target: str, schema: str) -> RawLoader:
    from seam.warehouse import duckdb_path

    return DuckDBLoader(duckdb_path(target), schema)


def load(
    src: str | Path,
    target: str = "dev",
    schema: str = "raw",
    tables: list[str] | None = None,
    replace: bool = True,
) -> dict[str, int]:
    """Load every ``<table>.parquet`` found in ``src``; absent optional tables are skipped."""
    src = Path(src)
    wanted = tables or list(RAW_TABLES)
    unknown = sorted(set(wanted) - set(RAW_TABLES))
    if unknown:
        raise ValueError(f"not raw-contract tables: {unknown}")
    loader = make_loader(target, schema)
    counts: dict[str, int] = {}
    try:
        for table in wanted:
            parquet = src / f"{table}.parquet"
            if parquet.exists():
                counts[table] = loader.load_table(table, parquet, replace)
    finally:
        loader.close()
    for required in ("conversations", "messages", "surveys"):
        if required in wanted and required not in counts:
            raise FileNotFoundError(f"required raw table missing: {src / required}.parquet")
    return counts
