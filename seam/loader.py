"""Load generated raw-contract Parquet files into the warehouse's raw schema.

Each engine is a small class with one method, ``load_table``: DuckDB (typed columns as the
Parquet has them), Postgres (COPY of a CSV stream; every raw column as text, as a generic
ELT tool would land it) and Spark (``saveAsTable`` into database ``raw`` of the local
warehouse that the ``spark`` target reads). ``make_loader`` picks one by target name.
Every raw table gets a ``_loaded_at`` timestamp column (UTC), the column source freshness
reads (var ``raw_loaded_at_column``), as ELT tools add ``_fivetran_synced`` and the like.

Two modes: replace (default; each table is rebuilt from the file) and append (a scheduled
batch, ``--append``): event tables get the new rows appended, while ``conversations`` and
``agents`` are upserted by primary key (rows with an incoming key are deleted, then the
batch is inserted), as an ELT tool maintains a mutable source table, so a conversation that
was reopened or closed arrives as a newer version of the same key. ``loaded_at`` stamps the
batch (default: now, UTC); batch replays and benchmarks set it to the simulated arrival time.
"""

from __future__ import annotations

from datetime import datetime
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

# Mutable raw tables: an append batch replaces the rows of its keys (upsert).
UPSERT_KEYS = {"conversations": "conversation_id", "agents": "agent_id"}


def _loaded_at_sql(loaded_at: str | None) -> str:
    if loaded_at is None:
        return "current_timestamp::timestamp"
    return f"timestamp '{datetime.fromisoformat(loaded_at).isoformat(sep=' ')}'"


class RawLoader(Protocol):
    def load_table(
        self, table: str, parquet: Path, replace: bool, loaded_at: str | None = None
    ) -> int: ...

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

    def load_table(
        self, table: str, parquet: Path, replace: bool = True, loaded_at: str | None = None
    ) -> int:
        relation = f'"{self.schema}"."{table}"'
        source = f"read_parquet('{parquet.as_posix()}')"
        stamped = f"select *, {_loaded_at_sql(loaded_at)} as _loaded_at from {source}"
        names = [row[0] for row in self.con.execute(f"describe select * from {source}").fetchall()]
        if "_loaded_at" in names:  # a replayed batch carries its own load times
            stamped = (
                f"select * replace (cast(_loaded_at as timestamp) as _loaded_at) from {source}"
                if loaded_at is None
                else f"select * replace ({_loaded_at_sql(loaded_at)} as _loaded_at) from {source}"
            )
        exists = self.con.execute(
            "select count(*) from information_schema.tables where table_schema = ? "
            "and table_name = ?",
            [self.schema, table],
        ).fetchone()[0]
        if replace or not exists:
            self.con.execute(f"create or replace table {relation} as {stamped}")
        else:
            self.con.execute("begin")
            key = UPSERT_KEYS.get(table)
            if key:
                self.con.execute(
                    f'delete from {relation} where "{key}" in (select "{key}" from {source})'
                )
            self.con.execute(f"insert into {relation} by name {stamped}")
            self.con.execute("commit")
        return int(self.con.execute(f"select count(*) from {source}").fetchone()[0])

    def close(self) -> None:
        self.con.close()


class PostgresLoader:
    """Loads Parquet into Postgres with COPY: raw columns as text, plus ``_loaded_at``.

    Text columns keep the raw contract's "typed or text" promise at its loosest; staging
    parses and validates every value. Rows stream in record batches, so memory stays flat.
    """

    def __init__(self, schema: str, dsn: dict | None = None, target: str = "postgres") -> None:
        import psycopg2

        from seam.warehouse import postgres_dsn

        self.schema = schema
        self.con = psycopg2.connect(**(dsn or postgres_dsn(target)))
        with self.con, self.con.cursor() as cur:
            cur.execute(f'create schema if not exists "{schema}"')

    def load_table(
        self, table: str, parquet: Path, replace: bool = True, loaded_at: str | None = None
    ) -> int:
        import io

        import pyarrow as pa
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq

        source = pq.ParquetFile(parquet)
        columns = [c for c in source.schema_arrow.names if c != "_loaded_at"]
        if loaded_at is None and "_loaded_at" in source.schema_arrow.names:
            columns_in_file = source.schema_arrow.names  # a replayed batch keeps its load times
        else:
            columns_in_file = columns
        relation = f'"{self.schema}"."{table}"'
        copy_columns = [*columns, "_loaded_at"] if loaded_at else columns_in_file
        column_list = ", ".join(f'"{c}"' for c in copy_columns)
        text_schema = pa.schema([(c, pa.string()) for c in columns_in_file])
        key = UPSERT_KEYS.get(table)
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
            if key and not replace:
                incoming = source.read(columns=[key]).column(key).cast(pa.string())
                cur.execute(
                    f'delete from {relation} where "{key}" = any(%s)',
                    ([value for value in incoming.to_pylist() if value is not None],),
                )
            for batch in source.iter_batches(batch_size=100_000, columns=columns_in_file):
                as_text = pa.Table.from_batches([batch]).cast(text_schema)
                if loaded_at:
                    as_text = as_text.append_column(
                        "_loaded_at", pa.array([loaded_at] * as_text.num_rows, pa.string())
                    )
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

    def __init__(self, schema: str, target: str = "spark") -> None:
        import fcntl

        from seam.warehouse import spark_dir, spark_session

        folder = spark_dir(target)
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = open(folder / ".load.lock", "w")  # noqa: SIM115 - held until close
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        self.schema = schema
        self.spark = spark_session(target)
        self.spark.sql(f"create database if not exists `{schema}`")

    def load_table(
        self, table: str, parquet: Path, replace: bool = True, loaded_at: str | None = None
    ) -> int:
        from pyspark.sql import functions as F  # noqa: N812 - pyspark convention

        stamp = F.lit(loaded_at).cast("timestamp") if loaded_at else F.current_timestamp()
        frame = self.spark.read.parquet(str(parquet.resolve()))
        if loaded_at or "_loaded_at" not in frame.columns:  # replayed batches keep theirs
            frame = frame.withColumn("_loaded_at", stamp)
        else:
            frame = frame.withColumn("_loaded_at", F.col("_loaded_at").cast("timestamp"))
        relation = f"`{self.schema}`.`{table}`"
        if replace:
            self.spark.sql(f"drop table if exists {relation}")
        key = UPSERT_KEYS.get(table)
        if key and not replace and self.spark.catalog.tableExists(f"{self.schema}.{table}"):
            # Upsert: keep the stored rows whose key is not in the batch, then the batch;
            # checkpointed so the table is not read while it is overwritten.
            kept = self.spark.table(relation).join(
                frame.select(key).distinct(), on=key, how="left_anti"
            )
            kept.unionByName(frame).localCheckpoint().write.format("parquet").mode(
                "overwrite"
            ).saveAsTable(f"{self.schema}.{table}")
            return int(frame.count())
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
        return PostgresLoader(schema, target=target)
    if engine == "spark":
        return SparkLoader(schema, target=target)
    return DuckDBLoader(duckdb_path(target), schema)


def load(
    src: str | Path,
    target: str = "dev",
    schema: str = "raw",
    tables: list[str] | None = None,
    replace: bool = True,
    loaded_at: str | None = None,
    vendor_schema: str | None = None,
) -> dict[str, int]:
    """Load every ``<table>.parquet`` found in ``src``; absent optional tables are skipped.

    A dataset generated with ``--shape`` (manifest ``shape``) loads its help-desk tables as
    they are, typed, into ``vendor_schema`` (default: the manifest's, ``intercom`` or
    ``zendesk``, the schemas seam's vars default to) and its ``surveys`` into ``schema``.

    ``replace=False`` is a scheduled batch: append event rows, upsert conversations/agents.
    """
    src = Path(src)
    shape = _shape_of(src)
    if shape is not None:
        return _load_vendor_shape(src, shape, target, schema, vendor_schema)
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
                counts[table] = loader.load_table(table, parquet, replace, loaded_at)
    finally:
        loader.close()
    for required in ("conversations", "messages", "surveys"):
        if replace and required in wanted and required not in counts:
            raise FileNotFoundError(f"required raw table missing: {src / required}.parquet")
    return counts


def _shape_of(src: Path) -> str | None:
    import json

    manifest = src / "manifest.json"
    if not manifest.exists():
        return None
    shape = json.loads(manifest.read_text()).get("shape")
    return None if shape in (None, "contract") else shape


def _load_vendor_shape(src: Path, shape: str, target: str, schema: str,
                       vendor_schema: str | None) -> dict[str, int]:
    """A help desk's tables as an ELT tool lands them (typed, its own sync column), plus the
    contract's ``surveys`` table (NPS, CES) beside them. DuckDB targets only."""
    import json

    from seam.synth.vendor_shapes import VENDOR_TABLES
    from seam.warehouse import duckdb_path, engine_of

    if engine_of(target) != "duckdb":
        raise ValueError(f"vendor-shaped datasets ({shape}) load into DuckDB targets only")
    vendor_schema = vendor_schema or json.loads((src / "manifest.json").read_text())[
        "vendor_schema"]
    counts: dict[str, int] = {}
    loader = DuckDBLoader(duckdb_path(target), schema)
    try:
        loader.con.execute(f'create schema if not exists "{vendor_schema}"')
        for table in VENDOR_TABLES[shape]:
            parquet = (src / f"{table}.parquet").as_posix()
            loader.con.execute(f'create or replace table "{vendor_schema}"."{table}" as '
                               f"select * from read_parquet('{parquet}')")
            counts[f"{vendor_schema}.{table}"] = int(loader.con.execute(
                f'select count(*) from "{vendor_schema}"."{table}"').fetchone()[0])
        counts["surveys"] = loader.load_table("surveys", src / "surveys.parquet")
    finally:
        loader.close()
    return counts
