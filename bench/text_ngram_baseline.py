"""A learned layer measured against the rules on the real support text (not part of the product).

Builds tests/fixtures/real_support_text/cases.csv with the project's dbt text models (DuckDB),
then trains, on the tuning half only, a logistic regression over the word unigrams and bigrams
of each message (the SQL's own tokens, features seen at least twice) plus the rules' own
verdict (and, for follow-ups, the overlap figures the rules use), and prints precision and
recall of the rules and of the model on the evaluation half. The figures decide whether a
weights seed is worth scoring in SQL (docs/classifier.md):

    .venv/bin/python bench/text_ngram_baseline.py
"""

from __future__ import annotations

from collections import Counter, defaultdict

import duckdb
import numpy as np
from _real_text import FIXTURE, PREFIX, classified, read_cases

L2 = 0.01
STEPS = 3000


def _features(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    sentences: dict[tuple, list[str]] = defaultdict(list)
    rows = con.execute(
        "select message_id, sentence_number, token from intermediate.int_text_tokens_split "
        "order by message_id, sentence_number, token_number"
    ).fetchall()
    for message_id, sentence, token in rows:
        sentences[(message_id, sentence)].append(token)
    features: dict[str, set[str]] = defaultdict(set)
    for (message_id, _), tokens in sentences.items():
        features[message_id].update(tokens)
        features[message_id].update(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
    return features


def _matrix(cases: list[dict], features: dict, vocab: dict, extra: dict) -> np.ndarray:
    width = len(next(iter(extra.values())))
    matrix = np.zeros((len(cases), len(vocab) + width))
    for row, case in enumerate(cases):
        message_id = f"{PREFIX}_{case['case_id']}_target"
        for feature in features[message_id]:
            if feature in vocab:
                matrix[row, vocab[feature]] = 1.0
        matrix[row, len(vocab):] = extra[message_id]
    return matrix


def _fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    weights, bias = np.zeros(x.shape[1]), 0.0
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-(x @ weights + bias)))
        weights -= 0.5 * (x.T @ (p - y) / len(y) + L2 * weights)
        bias -= 0.5 * float((p - y).mean())
    return weights, bias


def _pr(truth: np.ndarray, predicted: np.ndarray) -> str:
    tp = int(((predicted == 1) & (truth == 1)).sum())
    fp = int(((predicted == 1) & (truth == 0)).sum())
    fn = int(((predicted == 0) & (truth == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    return f"precision {precision:.3f} recall {tp / (tp + fn):.3f}"


def main() -> None:
    cases = read_cases(FIXTURE)
    with classified(cases) as con:
        features = _features(con)
        extra = {
            row[0]: [float(row[1])]
            for row in con.execute(
                "select message_id, is_useful from intermediate.int_text_agent_replies_classified"
            ).fetchall()
        }
        extra |= {
            row[0]: [float(row[1]), row[2], min(row[3], 6) / 6, min(row[4], 20) / 20]
            for row in con.execute(
                "select message_id, is_re_explanation, content_overlap_share, "
                "n_shared_content_words, n_content_words "
                "from intermediate.int_text_customer_followups_classified"
            ).fetchall()
        }
    for kind in ("agent_reply", "customer_followup"):
        tuning = [c for c in cases if c["kind"] == kind and c["split"] == "tuning"]
        evaluation = [c for c in cases if c["kind"] == kind and c["split"] == "evaluation"]
        seen = Counter(f for c in tuning for f in features[f"{PREFIX}_{c['case_id']}_target"])
        vocab = {f: i for i, f in enumerate(sorted(f for f, n in seen.items() if n >= 2))}
        kind_extra = {k: v for k, v in extra.items() if len(v) == (1 if kind == "agent_reply"
                                                                     else 4)}
        x_train = _matrix(tuning, features, vocab, kind_extra)
        x_eval = _matrix(evaluation, features, vocab, kind_extra)
        y_train = np.array([c["label"] == "true" for c in tuning], float)
        y_eval = np.array([c["label"] == "true" for c in evaluation], float)
        weights, bias = _fit(x_train, y_train)
        model = (1 / (1 + np.exp(-(x_eval @ weights + bias))) > 0.5).astype(int)
        rules = x_eval[:, len(vocab)].astype(int)
        print(f"{kind} (evaluation half, {len(evaluation)} rows, {len(vocab)} n-grams)")
        print(f"  rules:                 {_pr(y_eval, rules)}")
        print(f"  n-gram model:          {_pr(y_eval, model)}")
        print(f"  both say yes:          {_pr(y_eval, model & rules)}")


if __name__ == "__main__":
    main()
