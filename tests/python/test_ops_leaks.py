"""Leaks: PII in free text and in identifiers, against a labelled corpus.

tests/fixtures/pii_corpus.csv holds labelled PII (emails, ASCII and not; E.164, international
and national phone numbers; US SSNs; IBANs; card numbers of every network) and look-alikes
(order, tracking and invoice numbers, dates, times, amounts, versions, epoch times), each
inside a sentence, with the exact PII values it holds. Every corpus row becomes one small
escalated conversation whose every free-text raw column (message body, survey comment, the
five packet fields, topic) holds the sentence, and whose customer, author and agent
identifiers mix plain ids with contact data (emails, phone numbers). dbt builds it; the
tests read back what it made:

- per category: recall (every PII value replaced by its placeholder and nothing else
  changed) and over-redaction (a look-alike changed at all), printed; every row must come
  out right except the few whose `known_gap` column says why not (documented limits), and
  those must still fail, so the list of limits stays true;
- every free-text column redacted alike, and no PII value in any relation dbt built;
- contact identifiers pseudonymised (the keyed md5 computed here in Python), the same in
  every table, and the recontact flag still equal to the one computed from the raw rows;
- on Postgres and Spark (marked `engines`, selected like test_incremental.py with
  SEAM_ENGINES): the same redacted text and pseudonyms as on DuckDB, from one `dbt show`
  of the staging macros over the corpus per engine.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
DBT = str(Path(sys.executable).with_name("dbt"))
CORPUS = ROOT / "tests" / "fixtures" / "pii_corpus.csv"
ENGINES = tuple(e.strip() for e in os.environ.get("SEAM_ENGINES", "").split(",") if e.strip())
REQUIRE = os.environ.get("SEAM_REQUIRE_ENGINES", "") == "1"
PSEUDONYM_KEY = "corpus-test-key"

PLACEHOLDER = {
    "email": "<email>",
    "email_non_ascii": "<email>",
    "phone_e164": "<phone>",
    "phone_international": "<phone>",
    "phone_national": "<phone>",
    "ssn": "<ssn>",
    "iban": "<iban>",
    "card": "<card_number>",
}
LOOKALIKES = (
    "order_number", "tracking_number", "invoice_number", "product_code", "date", "time",
    "amount", "version", "epoch_time",
)

# (identifier, holds contact data) - labelled by hand.
CUSTOMERS = [
    ("cu_1001", False),
    ("jane.doe@example.com", True),
    ("+447700900123", True),
    ("366457802891", False),
    ("müller@bücher.de", True),
    ("(415) 555-0123", True),
    ("07700 900123", True),
    ("CUST-2026-0042", False),
]
AGENTS = [
    ("ag_001", False),
    ("kim.lee@support.example.com", True),
    ("+44 7700 900999", True),
]
RAW_COLUMNS = {
    "conversations": [
        "conversation_id", "customer_id", "channel", "created_at", "closed_at", "status",
        "ai_resolution_state", "topic", "priority", "team", "updated_at",
    ],
    "messages": [
        "message_id", "conversation_id", "sent_at", "author_role", "author_id", "is_internal",
        "body",
    ],
    "surveys": [
        "response_id", "conversation_id", "responded_at", "survey_type", "score", "comment",
    ],
    "handoffs": [
        "handoff_id", "conversation_id", "handed_off_at", "to_queue", "reason_code",
        "ai_confidence", "packet_transcript_included", "packet_summary", "packet_identifiers",
        "packet_ai_actions", "packet_evidence", "packet_sentiment",
    ],
    "ai_actions": ["action_id", "conversation_id", "performed_at", "action_name", "outcome"],
    "agent_actions": ["action_id", "conversation_id", "agent_id", "performed_at", "action_name"],
    "agents": ["agent_id", "team"],
    "message_labels": ["message_id", "label", "value", "source"],
}
PACKET_TEXT = [
    "packet_summary", "packet_identifiers", "packet_ai_actions", "packet_evidence",
    "packet_sentiment",
]
# What staging made of the corpus: (relation, key, columns).
STAGED = [
    ("staging.base_support__conversations", "conversation_id", ["customer_id", "topic"]),
    ("staging.base_support__messages", "message_id", ["author_id", "body"]),
    ("staging.base_support__surveys", "response_id", ["comment"]),
    ("staging.base_support__handoffs", "handoff_id", PACKET_TEXT),
    ("staging.base_support__agents", "agent_id", ["team"]),
    ("staging.base_support__agent_actions", "action_id", ["agent_id"]),
]


# --- the corpus as a raw dataset --------------------------------------------------------


def _corpus() -> list[dict]:
    with open(CORPUS, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["values"] = [v for v in row["values"].split("|") if v]
        row["known_gap"] = row.get("known_gap") or ""
    return rows


def _raw_tables(cases: list[dict]) -> dict[str, list[tuple]]:
    rows: dict[str, list[tuple]] = {table: [] for table in RAW_COLUMNS}
    start = datetime(2026, 9, 1, 8, 0, 0)
    for number, case in enumerate(cases):
        conversation = f"pc{number:03d}"
        customer = CUSTOMERS[number % len(CUSTOMERS)][0]
        agent = AGENTS[number % len(AGENTS)][0]
        t0 = start + timedelta(hours=2 * number)

        def at(minutes: int, t0: datetime = t0) -> str:
            return (t0 + timedelta(minutes=minutes)).isoformat(sep=" ")

        text = case["text"]
        rows["conversations"].append((
            conversation, customer, "chat", at(0), at(60), "solved", "escalated", text,
            "normal", "tier1_amer", at(60),
        ))
        rows["messages"] += [
            (f"{conversation}_m1", conversation, at(1), "customer", customer, "false", text),
            (f"{conversation}_m2", conversation, at(2), "ai", None, "false",
             "Thanks, I am checking that now."),
            (f"{conversation}_m3", conversation, at(10), "agent", agent, "false",
             "Sorted, thanks for waiting."),
        ]
        rows["surveys"].append((f"{conversation}_r", conversation, at(70), "nps", "9", text))
        rows["handoffs"].append((
            f"{conversation}_h", conversation, at(3), "tier1", "needs_human", "0.5", "true",
            text, text, text, text, text,
        ))
        rows["ai_actions"].append(
            (f"{conversation}_a", conversation, at(2), "lookup_order", "succeeded")
        )
        rows["agent_actions"].append(
            (f"{conversation}_g", conversation, agent, at(11), "refund_issued")
        )
    rows["agents"] = [(agent, "tier1_amer") for agent, _ in AGENTS]
    return rows


def _write_raw(rows: dict[str, list[tuple]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for table, columns in RAW_COLUMNS.items():
        data = list(zip(*rows[table], strict=True)) if rows[table] else [[] for _ in columns]
        arrays = [pa.array(list(values), pa.string()) for values in data]
        pq.write_table(pa.Table.from_arrays(arrays, names=columns), folder / f"{table}.parquet")


def _env(work: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(ROOT),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "SEAM_TARGET_PATH": str(work / "target"),
        "DBT_LOG_PATH": str(work / "logs"),
        "SEAM_PSEUDONYM_KEY": PSEUDONYM_KEY,
        "TZ": "UTC",
        **extra,
    }


def _run(args: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, (
        f"{what} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
    )
    return result


def _load_and_build(raw: Path, work: Path, target: str, **extra: str) -> None:
    """Load the corpus with the project's loader, then one dbt build of models and seeds
    (data tests left out: the corpus is not a realistic support history)."""
    env = _env(work, **extra)
    _run([PY, "-m", "seam", "load", "--from", str(raw), "--target", target], env, "load")
    _run(
        [DBT, "build", "--quiet", "--full-refresh", "--target", target,
         "--exclude-resource-type", "test", "--exclude-resource-type", "unit_test"],
        env,
        f"dbt build ({target})",
    )


def _staged_from(fetch) -> dict[str, dict[str, tuple]]:
    """{relation: {key: (columns...)}} for the STAGED relations, through fetch(sql)."""
    out = {}
    for relation, key, columns in STAGED:
        sql = f"select {key}, {', '.join(columns)} from {relation}"
        out[relation] = {row[0]: tuple(row[1:]) for row in fetch(sql)}
    return out


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return _corpus()


@pytest.fixture(scope="module")
def corpus_raw(corpus: list[dict], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pii_corpus") / "raw"
    _write_raw(_raw_tables(corpus), folder)
    return folder


@pytest.fixture(scope="module")
def built(corpus_raw: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus, loaded into DuckDB and built end to end (every model); the DuckDB file."""
    work = tmp_path_factory.mktemp("pii_duckdb")
    db = work / "corpus.duckdb"
    _load_and_build(corpus_raw, work, "dev", SEAM_DUCKDB_PATH=str(db))
    return db


def _duckdb_fetch(db: Path):
    def fetch(sql: str) -> list[tuple]:
        con = duckdb.connect(str(db), read_only=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    return fetch


@pytest.fixture(scope="module")
def staged(built: Path) -> dict[str, dict[str, tuple]]:
    return _staged_from(_duckdb_fetch(built))


# --- measures ---------------------------------------------------------------------------


def _expected(case: dict) -> str:
    """The sentence with each PII value replaced by its category's placeholder."""
    text = case["text"]
    for value in case["values"]:
        text = text.replace(value, PLACEHOLDER[case["category"]])
    return text


def _scores(corpus: list[dict], redacted: dict[str, str]) -> dict[str, tuple[int, int]]:
    """{category: (hits, rows)}: PII fully redacted, or look-alikes changed."""
    scores: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for number, case in enumerate(corpus):
        out = redacted[f"pc{number:03d}_m1"]
        hit = out == _expected(case) if case["kind"] == "pii" else out != case["text"]
        scores[case["category"]][0] += hit
        scores[case["category"]][1] += 1
    return {category: (hits, n) for category, (hits, n) in scores.items()}


def _report(corpus: list[dict], redacted: dict[str, str]) -> str:
    scores = _scores(corpus, redacted)
    lines = ["| category | kind | n | redacted | share |", "|---|---|---|---|---|"]
    for kind, label in (("pii", "recall"), ("lookalike", "over-redaction")):
        categories = sorted({c["category"] for c in corpus if c["kind"] == kind})
        for category in categories:
            hits, n = scores[category]
            lines.append(f"| {category} | {label} | {n} | {hits} | {hits / n:.2f} |")
        hits = sum(scores[c][0] for c in categories)
        n = sum(scores[c][1] for c in categories)
        lines.append(f"| **all** | {label} | {n} | {hits} | {hits / n:.2f} |")
    misses = [
        f"  {case['category']}: {case['text']!r} -> {redacted[f'pc{number:03d}_m1']!r}"
        + (f" (known gap: {case['known_gap']})" if case["known_gap"] else "")
        for number, case in enumerate(corpus)
        if not _right(case, redacted[f"pc{number:03d}_m1"])
    ]
    return "\n".join(lines + ["wrong:"] + (misses or ["  none"]))


def _bodies(staged: dict) -> dict[str, str]:
    return {key: row[1] for key, row in staged["staging.base_support__messages"].items()}


def _pseudonym(value: str) -> str:
    return "pii_" + hashlib.md5(f"{PSEUDONYM_KEY}|{value}".encode()).hexdigest()


# --- the corpus itself ------------------------------------------------------------------


def test_corpus_covers_the_categories(corpus: list[dict]) -> None:
    pii = [c for c in corpus if c["kind"] == "pii"]
    lookalikes = [c for c in corpus if c["kind"] == "lookalike"]
    assert len(pii) >= 60 and len(lookalikes) >= 40
    assert {c["category"] for c in pii} == set(PLACEHOLDER)
    assert {c["category"] for c in lookalikes} == set(LOOKALIKES)
    for case in corpus:
        assert case["values"] and all(v in case["text"] for v in case["values"]), case
    # the examples the problem was reported with
    texts = " ".join(c["text"] for c in pii)
    for example in ("+44 20 7946 0958", "+91 98765 43210", "07700 900123", "123-45-6789"):
        assert example in texts


def test_measures_can_fail(corpus: list[dict]) -> None:
    """The scoring sees a partial redaction, a wrong placeholder and a touched look-alike."""
    first_pii = next(n for n, c in enumerate(corpus) if c["kind"] == "pii")
    first_look = next(n for n, c in enumerate(corpus) if c["kind"] == "lookalike")
    perfect = {
        f"pc{n:03d}_m1": _expected(c) if c["kind"] == "pii" else c["text"]
        for n, c in enumerate(corpus)
    }
    assert all(hits == n if k not in LOOKALIKES else hits == 0
               for k, (hits, n) in _scores(corpus, perfect).items())
    broken = dict(perfect)
    case = corpus[first_pii]
    broken[f"pc{first_pii:03d}_m1"] = case["text"].replace(case["values"][0][:-3], "<email>")
    broken[f"pc{first_look:03d}_m1"] = "<phone>"
    scores = _scores(corpus, broken)
    assert scores[case["category"]][0] == scores[case["category"]][1] - 1
    assert scores[corpus[first_look]["category"]][0] == 1


# --- DuckDB: recall and over-redaction --------------------------------------------------


def _right(case: dict, out: str) -> bool:
    return out == _expected(case) if case["kind"] == "pii" else out == case["text"]


def test_recall_and_over_redaction_per_category(corpus: list[dict], staged: dict) -> None:
    redacted = _bodies(staged)
    print("\nPII corpus, DuckDB (message bodies):\n" + _report(corpus, redacted))
    wrong, gap_now_right = [], []
    for number, case in enumerate(corpus):
        right = _right(case, redacted[f"pc{number:03d}_m1"])
        if not right and not case["known_gap"]:
            wrong.append(f"{case['category']}: {case['text']!r}")
        if right and case["known_gap"]:
            gap_now_right.append(case["text"])
    assert wrong == [], "PII left or look-alikes redacted"
    assert gap_now_right == [], "handled now: clear known_gap (and the docs' list of limits)"


def test_every_free_text_column_is_redacted_alike(corpus: list[dict], staged: dict) -> None:
    """Survey comments, the five packet fields (packet_ai_actions included) and the topic hold
    the same sentence as the body; each comes out exactly as the body does (topic lower-cased)."""
    bodies = _bodies(staged)
    comments = staged["staging.base_support__surveys"]
    packets = staged["staging.base_support__handoffs"]
    topics = staged["staging.base_support__conversations"]
    for number, case in enumerate(corpus):
        conversation = f"pc{number:03d}"
        body = bodies[f"{conversation}_m1"]
        assert comments[f"{conversation}_r"] == (body.strip(),), case["text"]
        assert packets[f"{conversation}_h"] == (body,) * len(PACKET_TEXT), case["text"]
        assert topics[conversation][1] == body.strip().lower(), case["text"]


def test_no_pii_value_reaches_any_model(corpus: list[dict], built: Path) -> None:
    """No PII value of the corpus (known gaps aside), and no contact identifier, in any text
    column of any relation dbt built (staging, control, audit, intermediate, marts)."""
    secrets = {
        v for c in corpus if c["kind"] == "pii" and not c["known_gap"] for v in c["values"]
    }
    secrets |= {value for value, contact in CUSTOMERS + AGENTS if contact}
    leaks, checked = [], 0
    con = duckdb.connect(str(built), read_only=True)
    try:
        columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where table_schema not in ('raw', 'seeds', 'information_schema', 'pg_catalog') "
            "and data_type = 'VARCHAR'"
        ).fetchall()
        schemas = {schema for schema, _, _ in columns}
        assert {"staging", "intermediate", "marts"} <= schemas, schemas
        for schema, table, column in columns:
            query = f'select distinct "{column}" from "{schema}"."{table}"'
            for (value,) in con.execute(query).fetchall():
                if value is None:
                    continue
                checked += 1
                leaks += [f"{schema}.{table}.{column}: {s!r}" for s in secrets if s in value]
    finally:
        con.close()
    assert checked > 1000, "too few values checked: the scan could not fail"
    assert leaks == []


# --- identifiers ------------------------------------------------------------------------


def test_contact_identifiers_are_pseudonymised_consistently(corpus: list[dict], built: Path,
                                                            staged: dict) -> None:
    expected = {value: _pseudonym(value) if contact else value for value, contact in CUSTOMERS}
    expected_agents = {value: _pseudonym(value) if contact else value for value, contact in AGENTS}
    conversations = staged["staging.base_support__conversations"]
    messages = staged["staging.base_support__messages"]
    for number in range(len(corpus)):
        conversation = f"pc{number:03d}"
        customer = expected[CUSTOMERS[number % len(CUSTOMERS)][0]]
        agent = expected_agents[AGENTS[number % len(AGENTS)][0]]
        assert conversations[conversation][0] == customer
        assert messages[f"{conversation}_m1"][0] == customer  # the customer as message author
        assert messages[f"{conversation}_m3"][0] == agent
        assert staged["staging.base_support__agent_actions"][f"{conversation}_g"] == (agent,)
    assert set(staged["staging.base_support__agents"]) == set(expected_agents.values())
    # the public mart: pseudonyms, and recontact (same customer within 7 days of close) as
    # computed here from the raw rows
    rows = _duckdb_fetch(built)(
        "select conversation_id, customer_id, has_recontact from marts.fct_conversations"
    )
    assert len(rows) == len(corpus)
    raw = _raw_tables(corpus)["conversations"]
    created = {r[0]: datetime.fromisoformat(r[3]) for r in raw}
    closed = {r[0]: datetime.fromisoformat(r[4]) for r in raw}
    customer_of = {r[0]: r[1] for r in raw}
    for conversation, customer_id, has_recontact in rows:
        assert customer_id == expected[customer_of[conversation]]
        truth = any(
            customer_of[other] == customer_of[conversation]
            and created[conversation] < created[other] <= closed[conversation] + timedelta(days=7)
            for other in created
            if other != conversation
        )
        assert has_recontact == truth, conversation
    assert any(has for _, _, has in rows) and not all(has for _, _, has in rows)


def test_a_pattern_outside_the_shared_subset_stops_the_compile(tmp_path: Path) -> None:
    result = subprocess.run(
        [DBT, "compile", "--quiet", "--target", "lint", "--select", "base_support__messages",
         "--vars", "{pii_phone_pattern: '([0-9]{3})-[0-9]{4}'}"],
        cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert "var pii_phone_pattern: write groups as (?:...)" in result.stdout + result.stderr


# --- the same text on Postgres and Spark -------------------------------------------------
# One `dbt show` per engine runs the staging macros (pii_redacted, pseudonymised_id) over the
# corpus as an inline VALUES list: no load and no build, so an engine costs one dbt start.

IDENTIFIERS = [value for value, _ in CUSTOMERS + AGENTS]
# characters the inline SQL cannot carry the same way on every engine
CORPUS_SPECIAL = [
    ("\\", "Spark reads a backslash in a literal as an escape"),
    ("{{", "Jinja"), ("{%", "Jinja"), ("{#", "Jinja"),
]


def _show_sql(corpus: list[dict]) -> str:
    def literal(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    rows = ", ".join(
        f"({number}, {literal(case['text'])}, {literal(IDENTIFIERS[number % len(IDENTIFIERS)])})"
        for number, case in enumerate(corpus)
    )
    return (
        "{% set corpus %}(values " + rows + ") as corpus(case_id, body, identifier){% endset %}"
        "select case_id, body_redacted as body, "
        "{{ seam.pseudonymised_id('identifier') }} as identifier "
        "from {{ seam.pii_redacted(corpus, ['body']) }} as redacted"
    )


def _show(corpus: list[dict], work: Path, target: str, **extra: str) -> dict[int, tuple]:
    result = _run(
        [DBT, "show", "--quiet", "--target", target, "--output", "json", "--limit", "-1",
         "--inline", _show_sql(corpus)],
        _env(work, **extra),
        f"dbt show ({target})",
    )
    start = result.stdout.index('"show"')
    payload, _ = json.JSONDecoder().raw_decode(result.stdout[result.stdout.rindex("{", 0, start):])
    return {int(row["case_id"]): (row["body"], row["identifier"]) for row in payload["show"]}


@pytest.fixture(scope="module")
def duckdb_shown(corpus: list[dict], tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("pii_show_duckdb")
    return _show(corpus, work, "dev", SEAM_DUCKDB_PATH=str(work / "show.duckdb"))


def test_the_macros_shown_inline_give_the_staged_text(corpus: list[dict], staged: dict,
                                                      duckdb_shown: dict) -> None:
    """The inline run that the engines are compared on is what staging makes of the corpus."""
    for text, _ in CORPUS_SPECIAL:
        assert all(text not in case["text"] for case in corpus), text
    bodies = _bodies(staged)
    for number in range(len(corpus)):
        body, identifier = duckdb_shown[number]
        assert body == bodies[f"pc{number:03d}_m1"]
        value = IDENTIFIERS[number % len(IDENTIFIERS)]
        contact = dict(CUSTOMERS + AGENTS)[value]
        assert identifier == (_pseudonym(value) if contact else value)


def _unavailable(engine: str, reason: str) -> None:
    message = f"{engine} PII comparison not run: {reason}"
    if REQUIRE:
        pytest.fail(message + " (SEAM_REQUIRE_ENGINES=1)")
    pytest.skip(message)


def _require(engine: str) -> None:
    if engine not in ENGINES:
        pytest.skip(f"{engine} not selected: set SEAM_ENGINES={engine} (make test-{engine})")
    module = {"postgres": "dbt.adapters.postgres", "spark": "dbt.adapters.spark"}[engine]
    try:
        __import__(module)
    except ImportError:
        _unavailable(engine, f"{module} not installed (requirements-{engine}.txt)")


def _assert_same_text(engine: str, corpus: list[dict], reference: dict, actual: dict) -> None:
    assert set(actual) == set(reference), f"rows differ on {engine}"
    different = [
        f"{corpus[number]['text']!r}: duckdb {reference[number]} != {engine} {actual[number]}"
        for number in sorted(reference)
        if tuple(actual[number]) != tuple(reference[number])
    ]
    assert different == []


@pytest.mark.engines
def test_postgres_redacts_like_duckdb(corpus: list[dict], duckdb_shown: dict,
                                      tmp_path_factory: pytest.TempPathFactory) -> None:
    _require("postgres")
    work = tmp_path_factory.mktemp("pii_show_postgres")
    _assert_same_text("postgres", corpus, duckdb_shown, _show(corpus, work, "postgres"))


@pytest.mark.engines
def test_spark_redacts_like_duckdb(corpus: list[dict], duckdb_shown: dict,
                                   tmp_path_factory: pytest.TempPathFactory) -> None:
    _require("spark")
    work = tmp_path_factory.mktemp("pii_show_spark")
    shown = _show(corpus, work, "spark", SEAM_SPARK_DIR=str(work / "spark"))
    _assert_same_text("spark", corpus, duckdb_shown, shown)
