"""Dirty rows: extra rows with exactly one defect each, recorded in the rejection truth.

They never change the truth of the clean rows.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from seam.synth import simulation
from seam.synth.context import BuildContext
from seam.synth.raw_tables import RAW_COLUMNS, TableSpec
from seam.synth.simulation import DAY
from seam.synth.text_columns import take_strings

DIRTY_KINDS: dict[str, tuple[str, ...]] = {
    "conversations": ("null_key", "duplicate_key", "unparsable_value", "exact_duplicate"),
    "messages": ("null_key", "duplicate_key", "unparsable_value", "unknown_vocabulary", "orphan",
                 "timestamp_before_conversation", "exact_duplicate"),
    "surveys": ("null_key", "duplicate_key", "unparsable_value", "unknown_vocabulary",
                "score_out_of_range", "orphan", "timestamp_before_conversation",
                "exact_duplicate"),
    "handoffs": ("null_key", "duplicate_key", "unparsable_value", "score_out_of_range", "orphan",
                 "timestamp_before_conversation", "exact_duplicate"),
    "ai_actions": ("null_key", "duplicate_key", "unparsable_value", "unknown_vocabulary",
                   "orphan", "timestamp_before_conversation", "exact_duplicate"),
    "agent_actions": ("null_key", "duplicate_key", "unparsable_value", "orphan",
                      "timestamp_before_conversation", "exact_duplicate"),
    "agents": ("null_key", "duplicate_key", "exact_duplicate"),
    "message_labels": ("null_key", "duplicate_key", "unknown_vocabulary", "orphan",
                       "exact_duplicate"),
}


def _set_column(tbl: pa.Table, col: str, arr: pa.Array | list) -> pa.Table:
    if not isinstance(arr, pa.Array):
        arr = pa.array(arr, pa.string())
    return tbl.set_column(tbl.schema.get_field_index(col), col, arr)


def _key_ids(ctx: BuildContext, spec: TableSpec, ids: np.ndarray) -> pa.Array:
    return ctx.ids(spec.space, ids)


def make_dirty_rows(ctx: BuildContext, spec: TableSpec, rate: float) -> pa.Table | None:
    """Extra defective rows for one table; registers them in the rejection truth."""
    if rate <= 0 or spec.n_clean == 0:
        return None
    rng = ctx.rng
    kinds = DIRTY_KINDS[spec.name]
    per_kind = max(1, int(round(rate * spec.n_clean / len(kinds))))
    out: list[pa.Table] = []
    counts: dict[str, int] = {}
    for kind in kinds:
        n = max(2, per_kind) if kind == "duplicate_key" else per_kind
        n -= n % 2 if kind == "duplicate_key" else 0
        rows = rng.integers(0, spec.n_clean, n)
        if kind == "duplicate_key":
            rows = np.sort(rng.choice(spec.n_clean, n, replace=spec.n_clean < n))
        tbl = spec.build(ctx, rows)
        keys: pa.Array | None
        if kind == "null_key":
            tbl = _set_column(tbl, spec.key, [None if i % 2 else "" for i in range(n)])
            keys = pa.array([None] * n, pa.string())
        elif kind == "exact_duplicate":
            keys = tbl.column(spec.key).combine_chunks()
        elif spec.name == "message_labels":  # composite key: the defect itself makes it fresh
            tbl = _mutate(ctx, spec, kind, tbl, rows)
            keys = None
        else:
            fresh = ctx.fresh_ids(spec.space, n // 2 if kind == "duplicate_key" else n)
            if kind == "duplicate_key":
                fresh = np.repeat(fresh, 2)
            keys = _key_ids(ctx, spec, fresh)
            tbl = _set_column(tbl, spec.key, keys)
            tbl = _mutate(ctx, spec, kind, tbl, rows)
            if kind == "duplicate_key" and "updated_at" in tbl.column_names:
                # One load, one updated_at: two versions nothing orders (a later updated_at
                # would make the second a newer version, kept by staging).
                stamps = tbl.column("updated_at").to_pylist()
                tbl = _set_column(tbl, "updated_at", [stamps[r - r % 2] for r in range(n)])
        if spec.name == "message_labels" and kind != "null_key":
            keys = pc.binary_join_element_wise(tbl.column("message_id").combine_chunks(),
                                               tbl.column("label").combine_chunks(), ":")
        ctx.rejections.append((spec.name, keys, kind))
        counts[kind] = n
        out.append(tbl)
    ctx.dirty_counts[spec.name] = counts
    return pa.concat_tables(out)


def _mutate(ctx: BuildContext, spec: TableSpec, kind: str, tbl: pa.Table,
            rows: np.ndarray) -> pa.Table:
    rng, n = ctx.rng, tbl.num_rows
    if kind == "unparsable_value":  # rotate over the candidate columns row by row
        k = len(spec.unparsable)
        for i, (col, bad) in enumerate(spec.unparsable):
            vals = tbl.column(col).to_pylist()
            for r in range(i, n, k):
                vals[r] = bad[(r // k) % len(bad)]
            tbl = _set_column(tbl, col, vals)
        return tbl
    if kind == "unknown_vocabulary":
        col, bad = spec.vocabulary
        return _set_column(tbl, col, [bad[r % len(bad)] for r in range(n)])
    if kind == "orphan":
        if spec.name == "message_labels":
            return _set_column(tbl, "message_id", ctx.ids("message", ctx.fresh_ids("message", n)))
        orphans = ctx.fresh_ids("orphan_conversation", n)
        return _set_column(tbl, "conversation_id", ctx.conversation_ids(orphans))
    if kind == "timestamp_before_conversation":
        created = ctx.sim.conversations["created"][spec.conversation_of(rows)]
        before = created - rng.integers(120, 3 * DAY, n)
        return _set_column(tbl, spec.time_column, ctx.random_timestamps(before))
    if kind == "score_out_of_range":
        if spec.name == "handoffs":
            return _set_column(tbl, "ai_confidence",
                               [("1.7", "-0.2", "1.05")[r % 3] for r in range(n)])
        types = [t.strip().lower() for t in tbl.column("survey_type").to_pylist()]
        bad = {"nps": ("11", "-1"), "csat": ("7", "0"), "ces": ("0", "8")}
        return _set_column(tbl, "score", [bad[t][r % 2] for r, t in enumerate(types)])
    return tbl


def _conflicting_label_rows(ctx: BuildContext, n_pairs: int) -> tuple[pa.Table, pa.Array]:
    """Two conflicting labels for a message that has no clean label of that kind."""
    messages, labels = ctx.sim.messages, ctx.sim.labels
    elig = np.flatnonzero((messages["phase"] == 2) & messages["public"]
                          & np.isin(messages["role"], [simulation.AGENT, simulation.CUSTOMER]))
    labelled = np.zeros(messages["conversation"].size, bool)
    labelled[labels["message"]] = True
    elig = elig[~labelled[elig]]
    msgs = np.sort(ctx.rng.choice(elig, min(n_pairs, elig.size), replace=False))
    msgs = np.repeat(msgs, 2)
    label = (messages["role"][msgs] == simulation.CUSTOMER).astype(np.int64)
    tbl = pa.table([
        ctx.ids("message", msgs),
        take_strings(("useful_reply", "re_explanation"), label),
        take_strings(("true", "false"), np.arange(msgs.size) % 2),
        take_strings(("qa_review", "classifier_v2"), np.arange(msgs.size) % 2),
    ], names=list(RAW_COLUMNS["message_labels"]))
    keys = pc.binary_join_element_wise(tbl.column(0).combine_chunks(),
                                       tbl.column(1).combine_chunks(), ":")
    return tbl, keys


def fix_label_duplicates(ctx: BuildContext, dirty: pa.Table) -> pa.Table:
    """Replace the generic duplicate-key label rows by conflicting labels on real messages."""
    counts = ctx.dirty_counts["message_labels"]
    kinds = DIRTY_KINDS["message_labels"]
    offsets = np.cumsum([0] + [counts[k] for k in kinds])
    d = kinds.index("duplicate_key")
    lo, hi = int(offsets[d]), int(offsets[d + 1])
    tbl, keys = _conflicting_label_rows(ctx, (hi - lo) // 2)
    ctx.rejections = [(t, k, r) if not (t == "message_labels" and r == "duplicate_key")
                      else (t, keys, r) for t, k, r in ctx.rejections]
    counts["duplicate_key"] = tbl.num_rows
    return pa.concat_tables([dirty.slice(0, lo), tbl, dirty.slice(hi)])


