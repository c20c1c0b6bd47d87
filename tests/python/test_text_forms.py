"""The SQL classifiers on text as help desks deliver it: email, HTML and five languages.

tests/fixtures/multilingual_replies/cases.csv: 200 agent replies and 100 customer follow-ups
written for this fixture (English delivered as email with signature, disclaimer and quoted
thread, or as HTML; German, Spanish, French and Portuguese as plain chat lines, email or HTML),
labelled by the rules in the fixture's README when written. Each row is wrapped as a small
escalated conversation (_escalation_cases.py), loaded with the project's loader and classified
by the project's own dbt models. Precision and recall are printed per language and per form on
both halves (tuning: scenarios 1-5 of each language, which the seeds were tuned on;
evaluation: scenarios 6-10), with every miss.

tests/fixtures/multilingual_replies/client_cases.csv (held out from the cleaning rules): the
evaluation-half texts again, as Outlook, Gmail and Apple Mail send them (Word HTML with <o:p>
tags and named entities, gmail_quote blocks under headers in other interface languages,
single-quoted attributes, nested <blockquote type="cite"> threads), scored at CLIENT_FLOORS.
For both files the clean body of every text must hold exactly the words its author wrote,
and so must the client-markup set once more as Intercom's staging hands its parts on (HTML
turned to text there by macro intercom_body_text, then cleaned by the same build).

Scores on the evaluation half must stay at or above FLOORS (three of its useful-reply misses
prompted rule changes, see docs/classifier.md: those floors are no longer a blind figure).
Engines (marked `engines`, run by `make test-postgres` / `make test-spark`): PostgreSQL and
Spark must give every message the same language, reply kind, rule and labels as DuckDB.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from _engines import env
from _escalation_cases import (
    DBT,
    LABEL_QUERIES,
    ROOT,
    assert_same_labels,
    engine_label_rows,
    labels_from_rows,
    load_and_classify,
    precision_recall,
    raw_rows,
    read_cases,
    score,
    target_message_id,
    write_raw,
)

FIXTURE = ROOT / "tests" / "fixtures" / "multilingual_replies" / "cases.csv"
CLIENT_FIXTURE = FIXTURE.with_name("client_cases.csv")
PREFIX = "mf"
CLIENT_PREFIX = "mc"
INTERCOM_PREFIX = "mi"  # the client-markup set as Intercom's staging hands its parts on
MIN_MESSAGES = 450  # the DuckDB reference must have classified at least this many messages
CLIENTS = ("outlook", "gmail", "apple")
# texts per fixture whose clean body may differ from what the author wrote (measured: none)
RECOVERY_MISSES = {"cases": 0, "client_cases": 0, "intercom_client_cases": 0}
LANGUAGES = ("en", "de", "es", "fr", "pt")
FORMS = ("plain", "email", "html")
LABELS = {"agent_reply": "useful reply", "customer_followup": "re-explanation"}

# Every query reads the label columns plus the language each judgement used.
QUERIES = {
    "agent": LABEL_QUERIES["agent"].replace("select message_id,", "select message_id, language,"),
    "customer": LABEL_QUERIES["customer"].replace(
        "select message_id,", "select message_id, language,"
    ),
}

# (kind, slice) -> (precision, recall) the evaluation half must keep; slice is a language or
# a form. Measured on the evaluation half when the seeds were last tuned (docs/classifier.md):
# useful reply 1.000 / 1.000 in every language and form (before the longest-match rule, the
# redirect, holding and request wording that three evaluation-half misses prompted: 0.957 /
# 0.978 overall, en, pt 0.900 / 1.000, fr 1.000 / 0.889, email 0.889 / 0.941);
# re-explanation 1.000 / 1.000 in every language and form (before the repetition markers for
# "still" and "waiting since" in de, es, fr, pt: 1.000 / 0.760 overall, de, es 0.800, fr, pt
# 0.600).
FLOORS = {
    ("agent_reply", "en"): (1.0, 1.0),
    ("agent_reply", "de"): (1.0, 1.0),
    ("agent_reply", "es"): (1.0, 1.0),
    ("agent_reply", "fr"): (1.0, 1.0),
    ("agent_reply", "pt"): (1.0, 1.0),
    ("agent_reply", "plain"): (1.0, 1.0),
    ("agent_reply", "email"): (1.0, 1.0),
    ("agent_reply", "html"): (1.0, 1.0),
    ("customer_followup", "en"): (1.0, 1.0),
    ("customer_followup", "de"): (1.0, 1.0),
    ("customer_followup", "es"): (1.0, 1.0),
    ("customer_followup", "fr"): (1.0, 1.0),
    ("customer_followup", "pt"): (1.0, 1.0),
    ("customer_followup", "plain"): (1.0, 1.0),
    ("customer_followup", "email"): (1.0, 1.0),
    ("customer_followup", "html"): (1.0, 1.0),
}


# (kind, slice) -> (precision, recall) on client_cases.csv; slice is all, a client or a language.
# Measured (docs/classifier.md): before the cleaning read client markup, useful reply 0.746 /
# 0.978 and re-explanation 1.000 / 0.640 (Outlook 0.500 / 1.000 and 1.000 / 0.700); then the
# figures of the same texts in cases.csv: useful reply 0.957 / 0.978 (outlook 0.882 / 1.000,
# gmail 1.000 / 0.933); now useful reply and re-explanation 1.000 / 1.000 in every slice.
CLIENT_FLOORS = {
    (kind, name): (1.0, 1.0)
    for kind in ("agent_reply", "customer_followup")
    for name in ("all", *CLIENTS, *LANGUAGES)
}


def _decided(agent: list[tuple], customer: list[tuple]) -> dict[str, tuple]:
    """message id -> (language, *what the classifiers decided) with the label tuple layout."""
    decided = labels_from_rows(
        [(row[0], *row[2:]) for row in agent], [(row[0], *row[2:]) for row in customer]
    )
    languages = {row[0]: row[1] for row in agent + customer}
    return {key: (*value, languages[key]) for key, value in decided.items()}


def _rendered(bodies: dict[str, str], expression: str, work: Path) -> dict[str, str]:
    """id -> `expression` (Jinja over the column `body`) of each body, rendered by dbt with
    the project's macros and run on in-memory DuckDB (target lint)."""
    work.mkdir(parents=True, exist_ok=True)
    source = work / "bodies.csv"
    with open(source, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_id", "body"])
        writer.writerows(bodies.items())
    sql = (
        f"select case_id, {expression} as body from read_csv("
        f"'{source}', header = true, all_varchar = true, quote = '\"', escape = '\"')"
    )
    result = subprocess.run(
        [DBT, "show", "--quiet", "--target", "lint", "--output", "json", "--limit", "-1",
         "--inline", sql],
        cwd=ROOT, env=env(work), capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    shown = {row["case_id"]: row["body"] for row in json.loads(result.stdout)["show"]}
    assert len(shown) == len(bodies)
    return shown


def _as_intercom_hands_them_on(cases: list[dict], work: Path) -> list[dict]:
    """The cases with each text passed through the body expression of Intercom's staging
    (macro intercom_body_text, rendered by dbt on in-memory DuckDB): the text an Intercom
    part reaches the text models as, after its HTML was turned to text in staging."""
    shown = _rendered({case["case_id"]: case["text"] for case in cases},
                      "{{ seam.intercom_body_text('body') }}", work)
    return [{**case, "text": shown[case["case_id"]]} for case in cases]


# Intercom part bodies whose text spells markup, and what a reader saw: escaped characters
# are text, decoded exactly once over staging (intercom_body_text) and the cleaning's HTML
# steps (html_to_text with mark_quotes, as int_text_bodies_cleaned applies them).
ESCAPED_MARKUP = {
    "tag_as_text": ("<p>Type &lt;b&gt;word&lt;/b&gt; to make it bold.</p>",
                    "Type <b>word</b> to make it bold."),
    "escaped_entity": ("<p>Write &amp;lt; for a less-than sign.</p>",
                       "Write &lt; for a less-than sign."),
    "ampersand_quotes": ("<p>AT&amp;T says &quot;5 &gt; 3&quot;&nbsp;today</p>",
                         'AT&T says "5 > 3" today'),
    "plain_markup": ("<div>Hi<br>there</div>", "Hi\nthere"),
}


def test_intercom_escaped_markup_decoded_once(tmp_path: Path) -> None:
    """An escaped tag in an Intercom part stays in the text (it was not removed as a tag in
    the cleaning), and "&amp;lt;" ends as "&lt;" (not decoded twice)."""
    bodies = {name: body for name, (body, _) in ESCAPED_MARKUP.items()}
    staged = _rendered(bodies, "{{ seam.intercom_body_text('body') }}", tmp_path / "staged")
    assert staged["tag_as_text"] == "Type &lt;b&gt;word&lt;/b&gt; to make it bold.", staged
    clean = _rendered(staged, "{{ seam.html_to_text('body', mark_quotes=true) }}",
                      tmp_path / "clean")
    assert clean == {name: text for name, (_, text) in ESCAPED_MARKUP.items()}, clean


@pytest.fixture(scope="module")
def raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both fixtures in one load: cases.csv and the client-markup set (other id prefixes),
    the latter twice: as delivered (HTML) and as Intercom's staging hands it on."""
    rows = raw_rows(read_cases(FIXTURE), PREFIX)
    client = read_cases(CLIENT_FIXTURE)
    intercom = _as_intercom_hands_them_on(client, tmp_path_factory.mktemp("forms_intercom"))
    for cases, prefix in ((client, CLIENT_PREFIX), (intercom, INTERCOM_PREFIX)):
        for table, more in raw_rows(cases, prefix).items():
            rows[table].extend(more)
    return write_raw(rows, tmp_path_factory.mktemp("forms_raw"))


@pytest.fixture(scope="module")
def duckdb_db(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("forms_duckdb")
    db = work / "forms.duckdb"
    load_and_classify(raw_dir, work, "dev", SEAM_DUCKDB_PATH=str(db))
    return db


@pytest.fixture(scope="module")
def duckdb_decided(duckdb_db: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(duckdb_db), read_only=True)
    try:
        return _decided(
            con.execute(QUERIES["agent"]).fetchall(), con.execute(QUERIES["customer"]).fetchall()
        )
    finally:
        con.close()


@pytest.fixture(scope="module")
def clean_bodies(duckdb_db: Path) -> dict[str, str | None]:
    """message id -> clean_body, the text the classifiers read."""
    import duckdb

    con = duckdb.connect(str(duckdb_db), read_only=True)
    try:
        return dict(con.execute(
            "select message_id, clean_body from intermediate.int_text_bodies_cleaned"
        ).fetchall())
    finally:
        con.close()


def _scored(path: Path, prefix: str, decided: dict) -> list[dict]:
    cases = score(read_cases(path), decided, prefix)
    for case in cases:
        case["detected"] = None if case["decided"] is None else case["decided"][-1]
    return cases


@pytest.fixture(scope="module")
def scored(duckdb_decided: dict) -> list[dict]:
    return _scored(FIXTURE, PREFIX, duckdb_decided)


@pytest.fixture(scope="module")
def client_scored(duckdb_decided: dict) -> list[dict]:
    return _scored(CLIENT_FIXTURE, CLIENT_PREFIX, duckdb_decided)


def test_fixture_shape() -> None:
    """At least 40 replies and 20 follow-ups per language other than English, both labels in
    every language's halves, every form present, unique ids, halves that share no scenario."""
    cases = read_cases(FIXTURE)
    assert len({c["case_id"] for c in cases}) == len(cases)
    for language in LANGUAGES:
        kinds = Counter(c["kind"] for c in cases if c["language"] == language)
        assert kinds["agent_reply"] >= 40 and kinds["customer_followup"] >= 20, (language, kinds)
        for kind in LABELS:
            for split in ("tuning", "evaluation"):
                labels = Counter(c["label"] for c in cases if (c["language"], c["kind"],
                                 c["split"]) == (language, kind, split))
                assert labels["true"] >= 5 and labels["false"] >= 5, (language, kind, split)
    assert {c["form"] for c in cases} == set(FORMS)
    scenarios = {s: {c["scenario"] for c in cases if c["split"] == s}
                 for s in ("tuning", "evaluation")}
    assert not scenarios["tuning"] & scenarios["evaluation"]


def _report(cases: list[dict], title: str) -> tuple[float, float]:
    precision, recall, counts = precision_recall(cases)
    unjudged = sum(1 for c in cases if c["detected"] == "unknown")
    print(f"\n{title}: precision {precision:.3f} recall {recall:.3f} {counts} "
          f"unjudged {unjudged}")
    for case in cases:
        if case["predicted"] != case["truth"]:
            print(f"    {case['case_id']} {case['form']} {case['label']} {case['category']} "
                  f"{case['decided']}: {case['core_text'][:100]!r}")
    return precision, recall


def test_languages_detected(scored: list[dict]) -> None:
    """Every message is judged in the language it was written in (none left unknown)."""
    wrong = [(c["case_id"], c["language"], c["detected"]) for c in scored
             if c["detected"] != c["language"]]
    assert not wrong, wrong


def test_client_fixture_shape() -> None:
    """The client-markup set holds only evaluation-half scenarios, every client with both
    labels of both kinds, and each text's core and label as in cases.csv."""
    cases = read_cases(CLIENT_FIXTURE)
    originals = {c["case_id"]: c for c in read_cases(FIXTURE)}
    assert len({c["case_id"] for c in cases}) == len(cases) >= 150
    for case in cases:
        original = originals[case["case_id"]]
        assert original["split"] == "evaluation", case["case_id"]
        assert (case["core_text"], case["label"]) == (original["core_text"], original["label"])
    for client in CLIENTS:
        for kind in LABELS:
            labels = Counter(c["label"] for c in cases
                             if (c["client"], c["kind"]) == (client, kind))
            assert labels["true"] >= 5 and labels["false"] >= 5, (client, kind, labels)


@pytest.mark.parametrize("kind", ["agent_reply", "customer_followup"])
def test_client_markup_precision_recall(client_scored: list[dict], kind: str) -> None:
    """The evaluation-half texts as Outlook, Gmail and Apple Mail send them (held out: the
    cleaning was not written against this markup) must score at CLIENT_FLOORS."""
    cases = [c for c in client_scored if c["kind"] == kind]
    unscored = [c["case_id"] for c in cases if c["decided"] is None]
    assert not unscored, f"the pipeline did not classify {unscored}"
    failures = []
    for field, value in [("all", None), *(("client", v) for v in CLIENTS),
                         *(("language", v) for v in LANGUAGES)]:
        part = cases if field == "all" else [c for c in cases if c[field] == value]
        name = "all" if field == "all" else value
        precision, recall = _report(part, f"client markup, {LABELS[kind]}, {field} {name}")
        floor_precision, floor_recall = CLIENT_FLOORS[(kind, name)]
        if precision < floor_precision or recall < floor_recall:
            failures.append(f"{name}: {precision:.3f} / {recall:.3f} < "
                            f"{floor_precision} / {floor_recall}")
    assert not failures, failures


def _words(text: str | None) -> list[str]:
    """The letter words of a text in order: what survives of the author's text, whatever the
    spacing, punctuation, line breaks, digits or redaction placeholders."""
    text = re.sub(r"<(email|phone|iban|ssn|card_number|link)>", " ", text or "")
    return re.findall(r"[^\W\d_]+", text.lower())


@pytest.mark.parametrize("fixture", ["cases", "client_cases", "intercom_client_cases"])
def test_cleaning_recovers_the_written_text(clean_bodies: dict, fixture: str) -> None:
    """The clean body of every delivered text holds exactly the words its author wrote
    (core_text): no quoted history, signature, disclaimer or markup left, nothing cut; for
    the client-markup set also when Intercom's staging turned its HTML to text first."""
    path, prefix = {
        "cases": (FIXTURE, PREFIX),
        "client_cases": (CLIENT_FIXTURE, CLIENT_PREFIX),
        "intercom_client_cases": (CLIENT_FIXTURE, INTERCOM_PREFIX),
    }[fixture]
    cases = read_cases(path)
    wrong = [(c["case_id"], c.get("client") or c["form"],
              clean_bodies.get(target_message_id(c, prefix)))
             for c in cases
             if _words(clean_bodies.get(target_message_id(c, prefix))) != _words(c["core_text"])]
    by_form = Counter(form for _, form, _ in wrong)
    print(f"\n{fixture}: {len(cases) - len(wrong)} of {len(cases)} texts recovered; "
          f"not recovered by form: {dict(by_form)}")
    for case_id, form, body in wrong:
        print(f"    {case_id} {form}: {str(body)[:160]!r}")
    assert len(wrong) <= RECOVERY_MISSES[fixture], wrong[:5]


@pytest.mark.parametrize("split", ["tuning", "evaluation"])
@pytest.mark.parametrize("kind", ["agent_reply", "customer_followup"])
def test_forms_precision_recall(scored: list[dict], kind: str, split: str) -> None:
    cases = [c for c in scored if c["kind"] == kind and c["split"] == split]
    unscored = [c["case_id"] for c in cases if c["decided"] is None]
    assert not unscored, f"the pipeline did not classify {unscored}"
    _report(cases, f"{split} half, {LABELS[kind]}, all")
    failures = []
    for field, values in (("language", LANGUAGES), ("form", FORMS)):
        for value in values:
            part = [c for c in cases if c[field] == value]
            if not part:
                continue
            precision, recall = _report(part, f"{split} half, {LABELS[kind]}, {field} {value}")
            floor_precision, floor_recall = FLOORS[(kind, value)]
            if split == "evaluation" and (precision < floor_precision or recall < floor_recall):
                failures.append(f"{value}: {precision:.3f} / {recall:.3f} < "
                                f"{floor_precision} / {floor_recall}")
    assert not failures, failures


# --- the same labels on PostgreSQL and Spark ----------------------------------------------


@pytest.mark.engines
@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_text_forms_labels_equal_on_engine(
    engine: str, raw_dir: Path, duckdb_decided: dict, tmp_path_factory: pytest.TempPathFactory
) -> None:
    rows = engine_label_rows(engine, raw_dir, tmp_path_factory.mktemp(f"forms_{engine}"), QUERIES)
    assert_same_labels(engine, duckdb_decided, _decided(rows["agent"], rows["customer"]),
                       MIN_MESSAGES)
