"""Labelled texts wrapped as small escalated conversations, classified by the real dbt models.

Used by the hand-written and the real-text fixtures (tests/fixtures/). Each fixture row becomes
one conversation: the customer's pre-handoff message, an AI reply (the row's `ai_text` when the
fixture has one, else an English line), a handoff row (with the
row's packet identifiers), then either the agent reply to classify, or the agent message the
customer is answering followed by the customer follow-up to classify (message id
`<conversation>_target`). The rows are written as raw-contract Parquet files, loaded with the
project's own loader into any target, and the text sub-system is built there with one
`dbt build` of the classifier models and their parents (seeds included, data tests excluded).
The engine checks of those fixtures (PostgreSQL and Spark label every message as DuckDB does)
share engine_label_rows and assert_same_labels.
"""

from __future__ import annotations

import csv
import pickle
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from _engines import env, postgres_ready, require_selected, run, spark_ready

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
DBT = str(Path(sys.executable).with_name("dbt"))
MODELS = ("int_text_agent_replies_classified", "int_text_customer_followups_classified")

RAW_COLUMNS = {
    "conversations": [
        "conversation_id",
        "customer_id",
        "channel",
        "created_at",
        "closed_at",
        "status",
        "ai_resolution_state",
        "topic",
        "priority",
        "team",
        "updated_at",
    ],
    "messages": [
        "message_id",
        "conversation_id",
        "sent_at",
        "author_role",
        "author_id",
        "is_internal",
        "body",
    ],
    "surveys": [
        "response_id",
        "conversation_id",
        "responded_at",
        "survey_type",
        "score",
        "comment",
    ],
    "handoffs": [
        "handoff_id",
        "conversation_id",
        "handed_off_at",
        "to_queue",
        "reason_code",
        "ai_confidence",
        "packet_transcript_included",
        "packet_summary",
        "packet_identifiers",
        "packet_ai_actions",
        "packet_evidence",
        "packet_sentiment",
    ],
    "ai_actions": ["action_id", "conversation_id", "performed_at", "action_name", "outcome"],
    "agent_actions": ["action_id", "conversation_id", "agent_id", "performed_at", "action_name"],
    "agents": ["agent_id", "team"],
    "message_labels": ["message_id", "label", "value", "source"],
}

# What the classifiers decided per message: the comparison across engines uses all of it.
AGENT_COLUMNS = ("reply_kind", "is_useful_by_rules", "is_useful")
CUSTOMER_COLUMNS = ("re_explanation_rule", "is_re_explanation_by_rules", "is_re_explanation")


def read_cases(path: Path) -> list[dict]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def target_message_id(case: dict, prefix: str) -> str:
    return f"{prefix}_{case['case_id']}_target"


def raw_rows(cases: list[dict], prefix: str) -> dict[str, list[tuple]]:
    """Raw-contract rows (all text) for every case: one escalated conversation each."""
    rows: dict[str, list[tuple]] = {table: [] for table in RAW_COLUMNS}
    start = datetime(2026, 9, 1, 8, 0, 0)
    for number, case in enumerate(cases):
        conversation = f"{prefix}_{case['case_id']}"
        t0 = start + timedelta(hours=number)

        def at(minutes: int, t0: datetime = t0) -> str:
            return (t0 + timedelta(minutes=minutes)).isoformat(sep=" ")

        rows["conversations"].append(
            (
                conversation,
                f"cu_{number}",
                "chat",
                at(0),
                None,
                "open",
                "escalated",
                None,
                None,
                "tier1_amer",
                at(30),
            )
        )

        def message(
            suffix: str, minutes: int, role: str, body: str, conversation: str = conversation
        ) -> tuple:
            author = "ag1" if role == "agent" else None
            return (f"{conversation}_{suffix}", conversation, at(minutes), role, author, "false",
                    body)

        rows["messages"].append(message("m1", 0, "customer", case["pre_handoff_customer_text"]))
        ai_text = case.get("ai_text") or "Thanks! Let me connect you with a teammate who can help."
        rows["messages"].append(message("m2", 1, "ai", ai_text))
        if case["kind"] == "agent_reply":
            rows["messages"].append(message("target", 10, "agent", case["text"]))
        else:
            rows["messages"].append(message("m3", 10, "agent", case["previous_agent_text"]))
            rows["messages"].append(message("target", 15, "customer", case["text"]))
        rows["handoffs"].append(
            (
                f"{conversation}_h",
                conversation,
                at(2),
                "tier1",
                "needs_human",
                "0.4",
                "true",
                None,
                case["packet_identifiers"],
                None,
                None,
                None,
            )
        )
    return rows


def write_raw(rows: dict[str, list[tuple]], out_dir: Path) -> Path:
    """One Parquet file per raw table, every column a string (as a text-typed ELT load)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for table, columns in RAW_COLUMNS.items():
        schema = pa.schema([(column, pa.string()) for column in columns])
        data = {column: [row[i] for row in rows[table]] for i, column in enumerate(columns)}
        pq.write_table(pa.table(data, schema=schema), out_dir / f"{table}.parquet")
    return out_dir


def load_and_classify(raw_dir: Path, workdir: Path, target: str, **extra: str) -> None:
    """Load the raw files with the project's loader, then build the classifier models."""
    workdir.mkdir(parents=True, exist_ok=True)
    environment = env(workdir, **extra)
    run([PY, "-m", "seam", "load", "--from", str(raw_dir), "--target", target], environment,
        f"load ({target})")
    run(
        [
            DBT,
            "build",
            "--quiet",
            "--full-refresh",
            "--target",
            target,
            "--select",
            *(f"+{model}" for model in MODELS),
            "--exclude-resource-type",
            "test",
            "--exclude-resource-type",
            "unit_test",
        ],
        environment,
        f"dbt build of the classifiers ({target})",
    )


LABEL_QUERIES = {
    "agent": f"select message_id, {', '.join(AGENT_COLUMNS)} "
    "from intermediate.int_text_agent_replies_classified",
    "customer": f"select message_id, {', '.join(CUSTOMER_COLUMNS)} "
    "from intermediate.int_text_customer_followups_classified",
}


def labels_from_rows(agent: list[tuple], customer: list[tuple]) -> dict[str, tuple]:
    """message id -> what the classifiers decided (agent and customer rows together)."""
    decided = {row[0]: ("agent", *row[1:]) for row in agent}
    decided.update({row[0]: ("customer", *row[1:]) for row in customer})
    return decided


def duckdb_labels(db_path: Path) -> dict[str, tuple]:
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return labels_from_rows(
            con.execute(LABEL_QUERIES["agent"]).fetchall(),
            con.execute(LABEL_QUERIES["customer"]).fetchall(),
        )
    finally:
        con.close()


def score(cases: list[dict], decided: dict[str, tuple], prefix: str) -> list[dict]:
    """Each case with `truth` and `predicted` (None when the pipeline did not classify it)."""
    for case in cases:
        row = decided.get(target_message_id(case, prefix))
        case["truth"] = case["label"] == "true"
        case["decided"] = row
        # final column: is_useful / is_re_explanation (rules, or a QA label where one exists)
        case["predicted"] = None if row is None else bool(row[3])
    return cases


def precision_recall(cases: list[dict]) -> tuple[float, float, dict]:
    tp = sum(c["truth"] and c["predicted"] for c in cases)
    fp = sum(not c["truth"] and c["predicted"] for c in cases)
    fn = sum(c["truth"] and not c["predicted"] for c in cases)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, {"n": len(cases), "tp": tp, "fp": fp, "fn": fn}


_SPARK_EXPORT = textwrap.dedent(
    """
    import pickle, sys
    from seam.warehouse import spark_session
    queries = pickle.loads(bytes.fromhex(sys.argv[1]))
    spark = spark_session()
    out = {name: [tuple(row) for row in spark.sql(sql).collect()] for name, sql in queries.items()}
    spark.stop()
    with open(sys.argv[2], "wb") as handle:
        pickle.dump(out, handle)
    """
)


def engine_label_rows(
    engine: str, raw_dir: Path, workdir: Path, queries: dict[str, str]
) -> dict[str, list[tuple]]:
    """Load and classify raw_dir on `engine` (postgres or spark), then run each query there:
    query name -> rows. Skips (or fails, SEAM_REQUIRE_ENGINES=1) when the engine is not
    selected or not there."""
    require_selected(engine)
    if engine == "postgres":
        import psycopg2

        dsn = postgres_ready()
        load_and_classify(raw_dir, workdir, "postgres")
        con = psycopg2.connect(**dsn)
        try:
            with con.cursor() as cursor:
                out = {}
                for name, sql in queries.items():
                    cursor.execute(sql)
                    out[name] = cursor.fetchall()
                return out
        finally:
            con.close()
    spark_ready()
    spark_dir = workdir / "spark"
    load_and_classify(raw_dir, workdir, "spark", SEAM_SPARK_DIR=str(spark_dir))
    dump = workdir / "labels.pickle"
    # Read back in a separate process: the Derby metastore admits one JVM at a time.
    run(
        [PY, "-c", _SPARK_EXPORT, pickle.dumps(queries).hex(), str(dump)],
        env(workdir, SEAM_SPARK_DIR=str(spark_dir)),
        "reading the Spark labels",
    )
    with open(dump, "rb") as handle:
        return pickle.load(handle)  # noqa: S301 - our own file, written just above


def assert_same_labels(engine: str, expected: dict, actual: dict, minimum: int) -> None:
    """`actual` (an engine's labels per message) equals the DuckDB reference `expected`, which
    must hold at least `minimum` messages."""
    assert len(expected) >= minimum, "the DuckDB reference classified too few messages"
    assert actual.keys() == expected.keys(), (
        f"{engine} classified other messages: {sorted(set(actual) ^ set(expected))[:10]}"
    )
    differ = {key: (expected[key], actual[key]) for key in expected if expected[key] != actual[key]}
    assert not differ, f"{len(differ)} messages labelled differently on {engine}: " + str(
        list(differ.items())[:10]
    )
