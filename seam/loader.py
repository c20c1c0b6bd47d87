"""Load generated raw-contract Parquet files into the warehouse's raw schema.

Each engine is a small class with one method, ``load_table``: DuckDB (typed columns as the
Parquet has them), Postgres (COPY of a CSV stream; every raw column as text, as a generic
ELT tool would land it) and Spark (``saveAsTable`` into database ``raw`` of the local
warehouse that the ``spark`` target reads). ``make_loader`` picks one by target name.
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


class PostgresLoader:
    """Loads Parquet into Postgres with COPY: raw columns as text, plus ``_loaded_at``.

    Text columns keep the raw contract's "typed or text" promise at its loosest; staging
    parses and validates every value. Rows stream in record batches, so memory stays flat.
    """

    def __init__(self, schema: str, dsn: dict | None = None) -> None:
        import psycopg2

        from seam.warehouse import postgres_dsn

        self.schema = schema
        self.con = psycopg2.connect(**(dsn or postgres_dsn()))
        with self.con, self.con.cursor() as cur:
            cur.execute(f'create schema if not exists "{schema}"')

    def load_table(self, table: str, parquet: Path, replace: bool = True) -> int:
        import io

        import pyarrow as pa
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq

        source = pq.ParquetFile(parquet)
        columns = source.schema_arrow.names
        relation = f'"{self.schema}"."{table}"'
        column_list = ", ".join(f'"{c}"' for c in columns)
        text_schema = pa.schema([(c, pa.string()) for c in columns])
        rows = 0
        with self.con, self.con.cursor() as cur:
            cur.execute(
                "select column_name from information_schema.columns "
                "where table_schema = %s and table_name = %s order by ordinal_position",
                (self.schema, table),
            )
            existing = [row[0] for row in cur.fetchall()]
            if replace and existing == [*columns, "_loaded_at"]:
                # Same shape: empty it in place, so the staging views that read it survive.
                cur.execute(f"truncate table {relation}")
            elif replace and existing:
                # New shape: the dependent views go too; the next `dbt build` recreates them.
                cur.execute(f"drop table {relation} cascade")
            column_ddl = ", ".join(f'"{c}" text' for c in columns)
            cur.execute(
                f"create table if not exists {relation} ({column_ddl}, "
                f"_loaded_at timestamp not null default (now() at time zone 'utc'))"
            )
            for batch in source.iter_batches(batch_size=100_000):
                as_text = pa.Table.from_batches([batch]).cast(text_schema)
                buffer = io.BytesIO()
                # Strings are quoted, nulls are not: COPY reads unquoted empty as NULL and
                # "" as the empty string, so null and blank stay distinct.
                pacsv.write_csv(as_text, buffer, pacsv.WriteOptions(include_header=False))
                buffer.seek(0)
                cur.copy_expert(
                    f"copy {relation} ({column_list}) from stdin with (format csv)", buffer
                )
                rows += batch.num_rows
        return rows

    def close(self) -> None:
        self.con.close()


class SparkLoader:
    """Loads Parquet into the local Spark warehouse (database ``schema``) with saveAsTable.

    Uses the same warehouse dir and Derby metastore as the ``spark`` dbt target
    (seam.warehouse.spark_conf). Derby admits one process at a time: a lock file in the
    Spark folder makes a second loader wait, and dbt must not run while loading.
    """

    def __init__(self, schema: str) -> None:
        import fcntl

        from seam.warehouse import spark_dir, spark_session

        spark_dir().mkdir(parents=True, exist_ok=True)
        self._lock = open(spark_dir() / ".load.lock", "w")  # noqa: SIM115 - held until close
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        self.schema = schema
        self.spark = spark_session()
        self.spark.sql(f"create database if not exists `{schema}`")

    def load_table(self, table: str, parquet: Path, replace: bool = True) -> int:
        from pyspark.sql import functions as F  # noqa: N812 - pyspark convention

        frame = self.spark.read.parquet(str(parquet.resolve())).withColumn(
            "_loaded_at", F.current_timestamp()
        )
        relation = f"`{self.schema}`.`{table}`"
        if replace:
            self.spark.sql(f"drop table if exists {relation}")
        frame.write.format("parquet").mode("overwrite" if replace else "append").saveAsTable(
            f"{self.schema}.{table}"
        )
        return int(self.spark.table(relation).count()) if replace else int(frame.count())

    def close(self) -> None:
        import fcntl

        try:
            self.spark.stop()
        finally:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()


def make_loader(target: str, schema: str) -> RawLoader:
    """The loader for a profiles.yml target: dev (DuckDB), postgres or spark."""
    from seam.warehouse import duckdb_path, engine_of

    engine = engine_of(target)
    if engine == "postgres":
        return PostgresLoader(schema)
    if engine == "spark":
        return SparkLoader(schema)
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
