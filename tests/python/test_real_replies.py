"""The SQL classifiers on real support text (tests/fixtures/real_support_text/cases.csv).

470 agent replies and 332 customer follow-ups from public Twitter customer care (14
companies, labelled by hand; the fixture's README gives the source, the licence, the
labelling rules and the split). Every row is wrapped as a small escalated conversation
(_escalation_cases.py), loaded with the project's loader and classified by the project's own
dbt models; precision and recall are printed per half (tuning: the companies rules were
tuned on; evaluation: the others, never tuned on) with every miss and its category.

Scores must stay at or above FLOORS, the figures the classifiers reached when they were last
tuned (docs/classifier.md): a change that loses quality on real text fails here.

Engines (marked `engines`, run by `make test-postgres` / `make test-spark` after the marts
comparison): the same fixture on PostgreSQL and Spark must give every message the same reply
kind, rule and labels as DuckDB.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from _escalation_cases import (
    LABEL_QUERIES,
    ROOT,
    assert_same_labels,
    duckdb_labels,
    engine_label_rows,
    labels_from_rows,
    load_and_classify,
    precision_recall,
    raw_rows,
    read_cases,
    score,
    write_raw,
)

FIXTURE = ROOT / "tests" / "fixtures" / "real_support_text" / "cases.csv"
PREFIX = "rt"
MIN_MESSAGES = 700  # the DuckDB reference must have classified at least this many messages

# (kind, split) -> (precision, recall) the classifiers must keep.
# Measured: useful reply 0.937 / 0.944 (tuning), 0.859 / 0.982 (evaluation); re-explanation
# 0.900 / 0.545 (tuning), 0.700 / 0.241 (evaluation). The targets (0.90 each on the evaluation
# half) are not met for useful-reply precision nor for re-explanation.
FLOORS = {
    ("agent_reply", "tuning"): (0.93, 0.94),
    ("agent_reply", "evaluation"): (0.85, 0.98),
    ("customer_followup", "tuning"): (0.90, 0.54),
    ("customer_followup", "evaluation"): (0.70, 0.24),
}
LABELS = {"agent_reply": "useful reply", "customer_followup": "re-explanation"}


@pytest.fixture(scope="module")
def raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_raw(raw_rows(read_cases(FIXTURE), PREFIX), tmp_path_factory.mktemp("real_raw"))


@pytest.fixture(scope="module")
def duckdb_decided(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("real_duckdb")
    db = work / "real.duckdb"
    load_and_classify(raw_dir, work, "dev", SEAM_DUCKDB_PATH=str(db))
    return duckdb_labels(db)


@pytest.fixture(scope="module")
def scored(duckdb_decided: dict) -> list[dict]:
    return score(read_cases(FIXTURE), duckdb_decided, PREFIX)


def test_fixture_shape() -> None:
    """Enough rows of each kind and label in both halves, and the halves share no company."""
    cases = read_cases(FIXTURE)
    kinds = Counter(c["kind"] for c in cases)
    assert kinds["agent_reply"] >= 300 and kinds["customer_followup"] >= 150, kinds
    for kind in LABELS:
        for split in ("tuning", "evaluation"):
            labels = Counter(c["label"] for c in cases if c["kind"] == kind and c["split"] == split)
            assert labels["true"] >= 25 and labels["false"] >= 25, (kind, split, labels)
    companies = {
        split: {c["company"] for c in cases if c["split"] == split}
        for split in ("tuning", "evaluation")
    }
    assert not companies["tuning"] & companies["evaluation"]
    assert len({c["case_id"] for c in cases}) == len(cases)


def _report(cases: list[dict], title: str) -> tuple[float, float]:
    precision, recall, counts = precision_recall(cases)
    print(f"\n{title}: precision {precision:.3f} recall {recall:.3f} {counts}")
    misses = Counter(
        ("missed" if c["truth"] else "false alarm", c["construction"], c["category"])
        for c in cases
        if c["predicted"] != c["truth"]
    )
    for (what, construction, category), n in sorted(misses.items()):
        print(f"  {what} {construction}/{category}: {n}")
    for case in cases:
        if case["predicted"] != case["truth"]:
            print(f"    {case['case_id']} {case['label']} {case['category']} {case['decided']}: "
                  f"{case['text'][:110]!r}")
    return precision, recall


def _match_key(word: str) -> str:
    """token_match_key recomputed: the sorted letters of the word's first five characters."""
    return "".join(sorted(word[:5]))


def test_word_concepts_group_different_words() -> None:
    """Each concept of seed text_word_concepts joins words the match key keeps apart.

    A concept whose words already share one match key (cancel / cancelled) only adds the
    concept weight to an inflection, which turns reports of a new detail into restatements.
    """
    concepts: dict[tuple[str, str], set[str]] = {}
    for row in read_cases(ROOT / "seeds" / "text_word_concepts.csv"):
        concepts.setdefault((row["concept"], row["language"]), set()).add(_match_key(row["word"]))
    assert concepts, "seed text_word_concepts is empty"
    single = sorted(concept for concept, keys in concepts.items() if len(keys) < 2)
    assert not single, f"concepts whose words share one match key: {single}"


@pytest.mark.parametrize("split", ["tuning", "evaluation"])
@pytest.mark.parametrize("kind", ["agent_reply", "customer_followup"])
def test_real_text_precision_recall(scored: list[dict], kind: str, split: str) -> None:
    cases = [c for c in scored if c["kind"] == kind and c["split"] == split]
    unscored = [c["case_id"] for c in cases if c["predicted"] is None]
    assert not unscored, f"the pipeline did not classify {unscored}"
    precision, recall = _report(cases, f"real text, {split} half, {LABELS[kind]}")
    floor_precision, floor_recall = FLOORS[(kind, split)]
    assert precision >= floor_precision, f"precision {precision:.3f} < {floor_precision}"
    assert recall >= floor_recall, f"recall {recall:.3f} < {floor_recall}"


# --- the same labels on PostgreSQL and Spark ----------------------------------------------


@pytest.mark.engines
@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_real_text_labels_equal_on_engine(
    engine: str, raw_dir: Path, duckdb_decided: dict, tmp_path_factory: pytest.TempPathFactory
) -> None:
    rows = engine_label_rows(engine, raw_dir, tmp_path_factory.mktemp(f"real_{engine}"),
                             LABEL_QUERIES)
    assert_same_labels(engine, duckdb_decided, labels_from_rows(rows["agent"], rows["customer"]),
                       MIN_MESSAGES)


def test_label_comparison_can_fail() -> None:
    """A flipped label, a different rule or a missing message is caught."""
    reference = {f"m{i}": ("agent", "other", False, False) for i in range(800)}
    reference["c1"] = ("customer", None, False, False)
    assert_same_labels("x", reference, dict(reference), MIN_MESSAGES)
    flipped = {**reference, "c1": ("customer", "content_overlap", True, True)}
    with pytest.raises(AssertionError, match="labelled differently"):
        assert_same_labels("x", reference, flipped, MIN_MESSAGES)
    missing = {key: value for key, value in reference.items() if key != "c1"}
    with pytest.raises(AssertionError, match="other messages"):
        assert_same_labels("x", reference, missing, MIN_MESSAGES)
    with pytest.raises(AssertionError, match="too few"):
        assert_same_labels("x", {"c1": reference["c1"]}, {"c1": reference["c1"]}, MIN_MESSAGES)
