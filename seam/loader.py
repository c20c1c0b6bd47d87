"""Load raw-contract Parquet files into the warehouse's raw schema, all or nothing.

A load has two steps. ``validate`` reads every file's footer before anything is written: each
file must be readable Parquet holding every column of its table's raw contract (extra
columns are kept), and a full load needs the three required tables. Every problem is
reported at once and nothing is loaded. Then one engine class loads every table in one
transaction: DuckDB (typed columns as the Parquet has them) and Postgres (COPY of a CSV
stream; every raw column as text, as a generic ELT tool would land it) commit once at the
end, so a load that fails or is killed half-way leaves the raw schema as it was. Spark has no
multi-table transaction: it writes every table beside the live one first and swaps them in
only after all writes succeeded (``saveAsTable`` into database ``raw`` of the local warehouse
the ``spark`` target reads). ``make_loader`` picks the engine by target name. Every raw table
gets a ``_loaded_at`` timestamp column (UTC), the column source freshness and incremental
runs read (var ``raw_loaded_at_column``), as ELT tools add ``_fivetran_synced`` and the like.

Two modes: replace (default; a full sync: each table is rebuilt from its file, and an
optional table whose file is absent is dropped, and said so, instead of keeping an older
load's rows beside the new ones) and append (a scheduled batch, ``--append``): event tables
get the new rows appended, while ``conversations`` and ``agents`` are upserted by primary key
(rows with an incoming key are deleted, then the batch is inserted), as an ELT tool maintains
a mutable source table. An event row appended again with the same key is a new version:
staging keeps the latest load's and rejects the older as ``superseded``. ``loaded_at`` stamps
the batch (default: now, UTC); batch replays and benchmarks set it to the arrival time.

``erase`` appends customer ids to ``erasure_requests`` (every load creates it empty if it is
missing, and never touches its rows): from the next build on, no model holds a row of those
customers (doc ``deletions`` in the dbt project).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

# The raw contract (models/staging/support/_support__sources.yml): the columns staging reads.
CONTRACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "conversations": ("conversation_id", "customer_id", "channel", "created_at", "closed_at",
                      "status", "ai_resolution_state", "topic", "priority", "team", "updated_at"),
    "messages": ("message_id", "conversation_id", "sent_at", "author_role", "author_id",
                 "is_internal", "body"),
    "surveys": ("response_id", "conversation_id", "responded_at", "survey_type", "score",
                "comment"),
    "handoffs": ("handoff_id", "conversation_id", "handed_off_at", "to_queue", "reason_code",
                 "ai_confidence", "packet_transcript_included", "packet_summary",
                 "packet_identifiers", "packet_ai_actions", "packet_evidence", "packet_sentiment"),
    "ai_actions": ("action_id", "conversation_id", "performed_at", "action_name", "outcome"),
    "agent_actions": ("action_id", "conversation_id", "agent_id", "performed_at", "action_name"),
    "agents": ("agent_id", "team"),
    "message_labels": ("message_id", "label", "value", "source"),
}
RAW_TABLES = tuple(CONTRACT_COLUMNS)
REQUIRED_TABLES = ("conversations", "messages", "surveys")
# The var that switches each optional table off (dbt_project.yml).
OPTIONAL_TABLE_VARS = {t: f"has_{t}" for t in RAW_TABLES if t not in REQUIRED_TABLES}

# Mutable raw tables: an append batch replaces the rows of its keys (upsert).
UPSERT_KEYS = {"conversations": "conversation_id", "agents": "agent_id"}

ERASURE_TABLE = "erasure_requests"
NUL = "\x00"
REPLACEMENT_CHARACTER = "\ufffd"


class LoadError(Exception):
    """The files cannot be loaded as they are; nothing was written."""


@dataclass
class LoadPlan:
    """What a validated load will do: the files to load and the stale tables to drop."""

    files: dict[str, Path]
    drop: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


@dataclass
class LoadResult:
    rows: dict[str, int]
    dropped: list[str]
    notes: list[str]


def _loaded_at_sql(loaded_at: str | None) -> str:
    if loaded_at is None:
        return "current_timestamp::timestamp"
    return f"timestamp '{datetime.fromisoformat(loaded_at).isoformat(sep=' ')}'"


def validate(
    src: Path, tables: list[str] | None = None, replace: bool = True
) -> LoadPlan:
    """Check every file before anything is written; raises LoadError listing every problem.

    A full load (replace, every table) drops an optional table whose file is absent, so the
    raw schema holds exactly what the folder holds.
    """
    import pyarrow.parquet as pq

    wanted = tables or list(RAW_TABLES)
    unknown = sorted(set(wanted) - set(RAW_TABLES))
    if unknown:
        raise LoadError(f"not raw-contract tables: {unknown}")
    full_sync = replace and tables is None
    plan, problems = LoadPlan(files={}), []
    for table in wanted:
        parquet = src / f"{table}.parquet"
        if not parquet.exists():
            if replace and table in REQUIRED_TABLES:
                problems.append(f"{parquet}: missing (required table {table})")
            elif full_sync:
                plan.drop.append(table)
            continue
        try:
            metadata = pq.ParquetFile(parquet).metadata
            names = set(metadata.schema.to_arrow_schema().names)
        except Exception as error:  # noqa: BLE001 - any unreadable file is reported the same way
            problems.append(f"{parquet}: not a readable Parquet file ({error})")
            continue
        missing = [c for c in CONTRACT_COLUMNS[table] if c not in names]
        if missing:
            problems.append(
                f"{parquet}: missing column(s) {', '.join(missing)} (raw contract of {table}: "
                f"{', '.join(CONTRACT_COLUMNS[table])})"
            )
            continue
        plan.files[table] = parquet
        plan.rows[table] = metadata.num_rows
    if problems:
        raise LoadError("nothing was loaded:\n  " + "\n  ".join(problems))
    return plan


class RawLoader(Protocol):
    def load_tables(
        self, plan: LoadPlan, replace: bool, loaded_at: str | None = None
    ) -> LoadResult: ...

    def erase(self, customer_ids: list[str], requested_at: datetime) -> int: ...

    def close(self) -> None: ...


class DuckDBLoader:
    """Loads Parquet into a DuckDB file with one writer connection and one transaction.

    ``memory_limit`` (the target's ``settings`` in profiles.yml, SEAM_DUCKDB_MEMORY_LIMIT)
    caps the load as it caps the build: past it DuckDB spills to ``<path>.tmp``; without it
    DuckDB's own default, 80% of RAM, applies.
    """

    def __init__(self, path: Path, schema: str, memory_limit: str | None = None) -> None:
        import duckdb

        path.parent.mkdir(parents=True, exist_ok=True)
        self.schema = schema
        self.con = duckdb.connect(str(path))
        self.con.execute("set TimeZone = 'UTC'")
        if memory_limit:
            quoted = str(memory_limit).replace("'", "''")
            self.con.execute(f"set memory_limit = '{quoted}'")
        self.con.execute(f'create schema if not exists "{schema}"')

    def load_tables(
        self, plan: LoadPlan, replace: bool, loaded_at: str | None = None
    ) -> LoadResult:
        result = LoadResult(rows={}, dropped=[], notes=[])
        self.con.execute("begin transaction")
        try:
            for table, parquet in plan.files.items():
                result.rows[table] = self.load_table(table, parquet, replace, loaded_at)
            for table in plan.drop:
                if self._exists(table):
                    self.con.execute(f'drop table "{self.schema}"."{table}"')
                    result.dropped.append(table)
            self._ensure_erasure_table()
            self.con.execute("commit")
        except BaseException:
            self.con.execute("rollback")
            raise
        return result

    def _exists(self, table: str) -> bool:
        return bool(self.con.execute(
            "select count(*) from information_schema.tables where table_schema = ? "
            "and table_name = ?",
            [self.schema, table],
        ).fetchone()[0])

    def load_table(
        self, table: str, parquet: Path, replace: bool = True, loaded_at: str | None = None
    ) -> int:
        """One table, inside the caller's transaction."""
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
        if replace or not self._exists(table):
            self.con.execute(f"create or replace table {relation} as {stamped}")
        else:
            key = UPSERT_KEYS.get(table)
            if key:
                self.con.execute(
                    f'delete from {relation} where "{key}" in (select "{key}" from {source})'
                )
            self.con.execute(f"insert into {relation} by name {stamped}")
        return int(self.con.execute(f"select count(*) from {source}").fetchone()[0])

    def load_vendor_table(self, schema: str, table: str, parquet: Path,
                          json_columns: tuple[str, ...] = ()) -> int:
        """A help desk's table as it is, typed as the Parquet has it (JSON stays text)."""
        self.con.execute(f'create schema if not exists "{schema}"')
        self.con.execute(f'create or replace table "{schema}"."{table}" as '
                         f"select * from read_parquet('{parquet.as_posix()}')")
        return int(self.con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0])

    def _ensure_erasure_table(self) -> None:
        self.con.execute(
            f'create table if not exists "{self.schema}"."{ERASURE_TABLE}" '
            "(customer_id varchar, requested_at timestamp, _loaded_at timestamp)"
        )

    def erase(self, customer_ids: list[str], requested_at: datetime) -> int:
        relation = f'"{self.schema}"."{ERASURE_TABLE}"'
        self._ensure_erasure_table()
        stamp = requested_at.astimezone(UTC).replace(tzinfo=None)
        self.con.executemany(
            f"insert into {relation} values (?, ?, ?)",
            [(customer_id, stamp, stamp) for customer_id in customer_ids],
        )
        return len(customer_ids)

    def close(self) -> None:
        self.con.close()


class PostgresLoader:
    """Loads Parquet into Postgres with COPY, every table in one transaction: raw columns as
    text, plus ``_loaded_at``.

    Text columns keep the raw contract's "typed or text" promise at its loosest; staging
    parses and validates every value. Rows stream in record batches, so memory stays flat.
    Postgres text cannot hold a NUL byte: each one becomes U+FFFD (the replacement
    character), counted in the result's notes, instead of failing the whole table.
    """

    def __init__(self, schema: str, dsn: dict | None = None, target: str = "postgres") -> None:
        import psycopg2

        from seam.warehouse import postgres_dsn

        self.schema = schema
        self.con = psycopg2.connect(**(dsn or postgres_dsn(target)))
        with self.con, self.con.cursor() as cur:
            cur.execute(f'create schema if not exists "{schema}"')

    def load_tables(
        self, plan: LoadPlan, replace: bool, loaded_at: str | None = None
    ) -> LoadResult:
        result = LoadResult(rows={}, dropped=[], notes=[])
        # psycopg2: the connection's context manager commits once on success, rolls back on error
        with self.con, self.con.cursor() as cur:
            for table, parquet in plan.files.items():
                rows, nuls = self._load_table(cur, table, parquet, replace, loaded_at)
                result.rows[table] = rows
                if nuls:
                    result.notes.append(
                        f"{table}: {nuls:,} NUL byte(s) in text replaced by U+FFFD "
                        "(Postgres text cannot hold NUL)"
                    )
            for table in plan.drop:
                cur.execute("select to_regclass(%s)", (f'"{self.schema}"."{table}"',))
                if cur.fetchone()[0] is not None:
                    cur.execute(f'drop table "{self.schema}"."{table}" cascade')
                    result.dropped.append(table)
            self._ensure_erasure_table(cur)
        return result

    def _ensure_erasure_table(self, cur) -> None:
        cur.execute(
            f'create table if not exists "{self.schema}"."{ERASURE_TABLE}" '
            "(customer_id text, requested_at timestamp, _loaded_at timestamp)"
        )

    def _load_table(
        self, cur, table: str, parquet: Path, replace: bool, loaded_at: str | None
    ) -> tuple[int, int]:
        import io

        import pyarrow as pa
        import pyarrow.compute as pc
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
        rows = nuls = 0
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
            for index, name in enumerate(as_text.column_names):
                column = as_text.column(index)
                found = pc.sum(pc.count_substring(column, NUL)).as_py() or 0
                if found:
                    nuls += found
                    as_text = as_text.set_column(
                        index, name, pc.replace_substring(column, NUL, REPLACEMENT_CHARACTER)
                    )
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
        return rows, nuls

    def load_vendor_table(self, cur, schema: str, table: str, parquet: Path,
                          json_columns: tuple[str, ...] = ()) -> int:
        """A help desk's table as its ELT tool lands it on Postgres: typed columns as the
        Parquet has them (text, bigint, boolean, timestamp, timestamptz), JSON objects and
        arrays as jsonb; replaced whole (its dependent views go, the next build recreates
        them). Inside the caller's transaction."""
        import io

        import pyarrow as pa
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq

        source = pq.ParquetFile(parquet)
        arrow = source.schema_arrow
        relation = f'"{schema}"."{table}"'
        columns = ", ".join(
            f'"{name}" {"jsonb" if name in json_columns else _postgres_type(kind)}'
            for name, kind in zip(arrow.names, arrow.types, strict=True)
        )
        cur.execute(f'create schema if not exists "{schema}"')
        cur.execute(f"drop table if exists {relation} cascade")
        cur.execute(f"create table {relation} ({columns})")
        column_list = ", ".join(f'"{name}"' for name in arrow.names)
        rows = 0
        for batch in source.iter_batches(batch_size=100_000):
            buffer = io.BytesIO()
            pacsv.write_csv(pa.Table.from_batches([batch]), buffer,
                            pacsv.WriteOptions(include_header=False))
            buffer.seek(0)
            cur.copy_expert(f"copy {relation} ({column_list}) from stdin with (format csv)",
                            buffer)
            rows += batch.num_rows
        return rows

    def erase(self, customer_ids: list[str], requested_at: datetime) -> int:
        relation = f'"{self.schema}"."{ERASURE_TABLE}"'
        stamp = requested_at.astimezone(UTC).replace(tzinfo=None)
        with self.con, self.con.cursor() as cur:
            self._ensure_erasure_table(cur)
            cur.executemany(
                f"insert into {relation} values (%s, %s, %s)",
                [(customer_id, stamp, stamp) for customer_id in customer_ids],
            )
        return len(customer_ids)

    def close(self) -> None:
        self.con.close()


class SparkLoader:
    """Loads Parquet into the local Spark warehouse (database ``schema``) with saveAsTable.

    Spark has no multi-table transaction: every table is first written beside the live one
    (``__load_<table>``) and only when all writes succeeded are they swapped in, one rename
    each. A load that fails before the swap leaves the live tables as they were (the next
    load clears the leftovers); only a crash inside the few renames can leave a mix.
    Uses the same warehouse dir and Derby metastore as the ``spark`` dbt target
    (seam.warehouse.spark_conf). Derby admits one process at a time: a lock file in the
    Spark folder makes a second loader wait, and dbt must not run while loading.
    """

    STAGED = "__load_"

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

    def _exists(self, table: str) -> bool:
        return self.spark.catalog.tableExists(f"{self.schema}.{table}")

    def load_tables(
        self, plan: LoadPlan, replace: bool, loaded_at: str | None = None
    ) -> LoadResult:
        result = LoadResult(rows={}, dropped=[], notes=[])
        for table in RAW_TABLES:  # leftovers of a load that failed before its swap
            self.spark.sql(f"drop table if exists `{self.schema}`.`{self.STAGED}{table}`")
        for table, parquet in plan.files.items():
            result.rows[table] = self._stage_table(table, parquet, replace, loaded_at)
        for table in plan.files:
            self.spark.sql(f"drop table if exists `{self.schema}`.`{table}`")
            self.spark.sql(
                f"alter table `{self.schema}`.`{self.STAGED}{table}` "
                f"rename to `{self.schema}`.`{table}`"
            )
        for table in plan.drop:
            if self._exists(table):
                self.spark.sql(f"drop table `{self.schema}`.`{table}`")
                result.dropped.append(table)
        self.spark.sql(
            f"create table if not exists `{self.schema}`.`{ERASURE_TABLE}` "
            "(customer_id string, requested_at timestamp, _loaded_at timestamp) using parquet"
        )
        return result

    def _stage_table(
        self, table: str, parquet: Path, replace: bool, loaded_at: str | None
    ) -> int:
        from pyspark.sql import functions as F  # noqa: N812 - pyspark convention

        stamp = F.lit(loaded_at).cast("timestamp") if loaded_at else F.current_timestamp()
        frame = self.spark.read.parquet(str(parquet.resolve()))
        if loaded_at or "_loaded_at" not in frame.columns:  # replayed batches keep theirs
            frame = frame.withColumn("_loaded_at", stamp)
        else:
            frame = frame.withColumn("_loaded_at", F.col("_loaded_at").cast("timestamp"))
        staged = f"{self.schema}.{self.STAGED}{table}"
        rows = int(frame.count())
        if not replace and self._exists(table):
            current = self.spark.table(f"`{self.schema}`.`{table}`")
            key = UPSERT_KEYS.get(table)
            if key:  # upsert: the stored rows whose key is not in the batch, then the batch
                current = current.join(frame.select(key).distinct(), on=key, how="left_anti")
            frame = current.unionByName(frame, allowMissingColumns=True)
        frame.write.format("parquet").mode("overwrite").saveAsTable(staged)
        return rows

    def load_vendor_table(self, schema: str, table: str, parquet: Path,
                          json_columns: tuple[str, ...] = ()) -> int:
        """A help desk's table as it is, typed as the Parquet has it (JSON stays text, as
        Airbyte's lakehouse destinations land it); replaced whole."""
        self.spark.sql(f"create database if not exists `{schema}`")
        frame = self.spark.read.parquet(str(parquet.resolve()))
        frame.write.format("parquet").mode("overwrite").saveAsTable(f"`{schema}`.`{table}`")
        return int(frame.count())

    def erase(self, customer_ids: list[str], requested_at: datetime) -> int:
        from pyspark.sql import Row

        stamp = requested_at.astimezone(UTC).replace(tzinfo=None)
        frame = self.spark.createDataFrame(
            [Row(customer_id=c, requested_at=stamp, _loaded_at=stamp) for c in customer_ids],
            "customer_id string, requested_at timestamp, _loaded_at timestamp",
        )
        frame.write.format("parquet").mode("append").saveAsTable(
            f"{self.schema}.{ERASURE_TABLE}"
        )
        return len(customer_ids)

    def close(self) -> None:
        import fcntl

        try:
            self.spark.stop()
        finally:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()


def make_loader(target: str, schema: str) -> RawLoader:
    """The loader for a profiles.yml target: dev (DuckDB), postgres or spark."""
    from seam.warehouse import duckdb_path, engine_of, target_config

    engine = engine_of(target)
    if engine == "postgres":
        return PostgresLoader(schema, target=target)
    if engine == "spark":
        return SparkLoader(schema, target=target)
    settings = target_config(target).get("settings") or {}
    return DuckDBLoader(duckdb_path(target), schema, settings.get("memory_limit"))


def load_files(
    src: str | Path,
    target: str = "dev",
    schema: str = "raw",
    tables: list[str] | None = None,
    replace: bool = True,
    loaded_at: str | None = None,
    vendor_schema: str | None = None,
) -> LoadResult:
    """Validate every ``<table>.parquet`` in ``src``, then load them all in one transaction.

    ``replace=False`` is a scheduled batch: append event rows, upsert conversations/agents.
    Raises LoadError (nothing written) when a file is missing, unreadable or off-contract.

    A dataset generated with ``--shape`` (manifest ``shape``) loads its help-desk tables as
    they are, typed, into ``vendor_schema`` (default: the manifest's, ``intercom`` or
    ``zendesk``, the schemas seam's vars default to) and its ``surveys`` into ``schema``.
    """
    src = Path(src)
    shape = _shape_of(src)
    if shape is not None:
        return LoadResult(
            rows=_load_vendor_shape(src, shape, target, schema, vendor_schema),
            dropped=[], notes=[],
        )
    plan = validate(src, tables, replace)
    loader = make_loader(target, schema)
    try:
        return loader.load_tables(plan, replace, loaded_at)
    finally:
        loader.close()


def load(
    src: str | Path,
    target: str = "dev",
    schema: str = "raw",
    tables: list[str] | None = None,
    replace: bool = True,
    loaded_at: str | None = None,
    vendor_schema: str | None = None,
) -> dict[str, int]:
    """``load_files``, returning the rows loaded per table."""
    return load_files(src, target, schema, tables, replace, loaded_at, vendor_schema).rows


def erase(customer_ids: list[str], target: str = "dev", schema: str = "raw") -> int:
    """Record erasure requests (one per customer id) in ``<schema>.erasure_requests``."""
    ids = sorted({c.strip() for c in customer_ids if c and c.strip()})
    if not ids:
        raise ValueError("no customer ids to erase")
    loader = make_loader(target, schema)
    try:
        return loader.erase(ids, datetime.now(UTC))
    finally:
        loader.close()


def _shape_of(src: Path) -> str | None:
    import json

    manifest = src / "manifest.json"
    if not manifest.exists():
        return None
    shape = json.loads(manifest.read_text()).get("shape")
    return None if shape in (None, "contract") else shape


def _postgres_type(kind) -> str:
    """The Postgres column type of an Arrow type, as a typed ELT destination creates it."""
    import pyarrow as pa

    if pa.types.is_boolean(kind):
        return "boolean"
    if pa.types.is_integer(kind):
        return "bigint" if kind.bit_width > 32 else "integer"
    if pa.types.is_floating(kind):
        return "double precision"
    if pa.types.is_decimal(kind):
        return f"numeric({kind.precision}, {kind.scale})"
    if pa.types.is_timestamp(kind):
        return "timestamptz" if kind.tz else "timestamp"
    if pa.types.is_date(kind):
        return "date"
    return "text"


def _load_vendor_shape(src: Path, shape: str, target: str, schema: str,
                       vendor_schema: str | None) -> dict[str, int]:
    """A help desk's tables as an ELT tool lands them (typed, its own sync column), plus the
    contract's ``surveys`` table (NPS, CES) beside them: in one transaction on DuckDB and
    Postgres; on Spark each table is replaced in turn (no multi-table transaction)."""
    import json

    from seam.synth.vendor_shapes import VENDOR_TABLES, json_columns
    from seam.warehouse import engine_of

    vendor_schema = vendor_schema or json.loads((src / "manifest.json").read_text())[
        "vendor_schema"]
    missing = [t for t in VENDOR_TABLES[shape] if not (src / f"{t}.parquet").exists()]
    if missing:
        raise LoadError(f"nothing was loaded: {shape} tables missing in {src}: {missing}")
    tables = {t: (src / f"{t}.parquet", json_columns(shape, t)) for t in VENDOR_TABLES[shape]}
    surveys = src / "surveys.parquet"
    counts: dict[str, int] = {}
    loader = make_loader(target, schema)
    engine = engine_of(target)
    try:
        if engine == "postgres":
            with loader.con, loader.con.cursor() as cur:
                for table, (parquet, json_names) in tables.items():
                    counts[f"{vendor_schema}.{table}"] = loader.load_vendor_table(
                        cur, vendor_schema, table, parquet, json_names)
                counts["surveys"] = loader._load_table(cur, "surveys", surveys, True, None)[0]
                loader._ensure_erasure_table(cur)
        elif engine == "spark":
            for table, (parquet, json_names) in tables.items():
                counts[f"{vendor_schema}.{table}"] = loader.load_vendor_table(
                    vendor_schema, table, parquet, json_names)
            counts.update(loader.load_tables(LoadPlan(files={"surveys": surveys}), True).rows)
        else:
            loader.con.execute("begin transaction")
            try:
                for table, (parquet, json_names) in tables.items():
                    counts[f"{vendor_schema}.{table}"] = loader.load_vendor_table(
                        vendor_schema, table, parquet, json_names)
                counts["surveys"] = loader.load_table("surveys", surveys)
                loader.con.execute("commit")
            except BaseException:
                loader.con.execute("rollback")
                raise
    finally:
        loader.close()
    return counts
