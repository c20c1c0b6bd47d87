"""generate(): run the simulation, then write the raw tables, truth tables and manifest."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from seam.synth import phrases, simulation
from seam.synth.context import ID_PREFIXES, BuildContext
from seam.synth.dirty_rows import fix_label_duplicates, make_dirty_rows
from seam.synth.raw_tables import RAW_COLUMNS, TableSpec, role_variants, slot_values, table_specs
from seam.synth.simulation import DAY
from seam.synth.text_columns import UTC_OFFSET_MINUTES, format_ids, id_width
from seam.synth.truth_tables import (
    truth_conversations,
    truth_escalations,
    truth_messages,
    truth_rejections,
    truth_surveys,
    truth_weeks,
)

# The manifest's "generator" field names the data format's producer; it keeps the name it had
# before the generator became the seam.synth package, so manifests stay comparable.
MANIFEST_GENERATOR = "seam.generator"
CHUNK_ROWS = 1_000_000
COMPRESSION = "zstd"
COMPRESSION_LEVEL = 1


class _Progress:
    def __init__(self, enabled: bool, total: int) -> None:
        self.enabled, self.total, self.i, self.t0 = enabled, total, 0, time.perf_counter()

    def __call__(self, label: str) -> None:
        self.i += 1
        if self.enabled:
            done = min(self.i, self.total) * 30 // self.total
            print(f"\r[{'#' * done}{' ' * (30 - done)}] {time.perf_counter() - self.t0:6.1f}s "
                  f"{label:<28}", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.enabled:
            print(file=sys.stderr)


def _write(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, compression=COMPRESSION,
                   compression_level=COMPRESSION_LEVEL, row_group_size=CHUNK_ROWS)


def generate(out_dir: str | Path, conversations: int, seed: int, start: date, weeks: int,
             dirty_rate: float, progress: bool, shape: str = "contract") -> dict[str, int]:
    """Write the raw tables, truth tables and manifest; return rows written per file.

    ``shape`` other than ``contract`` rewrites the raw tables as a help desk's tables
    (seam.synth.vendor_shapes); bad rows are planted in the contract shape only.
    """
    if conversations < 1 or weeks < 1:
        raise ValueError("conversations and weeks must be positive")
    if shape != "contract" and dirty_rate:
        raise ValueError("bad rows (--dirty-rate) are planted in the contract shape only")
    out = Path(out_dir)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    bar = _Progress(progress, 24)
    start_sec = int((start - date(1970, 1, 1)).days) * DAY
    sim = simulation.simulate(conversations, seed, start_sec, weeks, stage=bar)
    rng = np.random.Generator(np.random.PCG64([seed, 1]))
    bar("text slots")
    slots, customer_ids, ident = slot_values(rng, sim)
    n_msg = sim.messages["conversation"].size
    spare = int(2 * conversations * max(dirty_rate, 0.0)) + 1000
    widths = {"conversation": id_width(3 * conversations + spare, 7),
              "message": id_width(n_msg + spare, 9),
              "survey_response": id_width(sim.surveys["conversation"].size + spare, 8),
              "handoff": id_width(conversations + spare, 7),
              "ai_action": id_width(sim.ai_actions["conversation"].size + spare, 8),
              "agent_action": id_width(sim.agent_actions["conversation"].size + spare, 8),
              "agent": 4}
    ctx = BuildContext(
        sim=sim, rng=rng, widths=widths, slots=slots, customer_ids=customer_ids, salt=seed,
        agent_ids=format_ids(ID_PREFIXES["agent"], np.arange(sim.agents["team"].size),
                             widths["agent"]),
        message_has_offset=rng.random(n_msg) < 0.3,
        message_offset=rng.integers(0, UTC_OFFSET_MINUTES.size, n_msg).astype(np.int8),
        role_variant=role_variants(rng, sim.messages["role"]))
    ctx.identifiers = ident
    ctx.handoff_conversations = np.flatnonzero(sim.conversations["has_handoff_row"])
    n_surv, n_hand = sim.surveys["conversation"].size, ctx.handoff_conversations.size
    ctx.next_id = {"conversation": conversations,
                   "orphan_conversation": conversations + spare + conversations,
                   "message": n_msg, "survey_response": n_surv, "handoff": n_hand,
                   "ai_action": sim.ai_actions["conversation"].size,
                   "agent_action": sim.agent_actions["conversation"].size,
                   "agent": sim.agents["team"].size}
    specs = table_specs(ctx)
    counts: dict[str, int] = {}
    clean_counts: dict[str, int] = {}
    for spec in specs:
        bar(f"write {spec.name}")
        counts[spec.name] = _write_raw(ctx, spec, out, dirty_rate)
        clean_counts[spec.name] = spec.n_clean
    bar("truth tables")
    counts.update(_write_truth(ctx, out))
    _write_manifest(ctx, out, counts, clean_counts, dict(
        conversations=conversations, seed=seed, start=start.isoformat(), weeks=weeks,
        dirty_rate=dirty_rate))
    if shape != "contract":
        from seam.synth.vendor_shapes import write_shape

        bar(f"shape {shape}")
        for table in list(counts):
            if "/" not in table:
                del counts[table]
        counts.update(write_shape(out, shape))
    bar("done")
    bar.close()
    return counts


def _write_raw(ctx: BuildContext, spec: TableSpec, out: Path, rate: float) -> int:
    dirty = make_dirty_rows(ctx, spec, rate)
    if spec.name == "message_labels" and dirty is not None:
        dirty = fix_label_duplicates(ctx, dirty)
    schema = pa.schema([(column, pa.string()) for column in RAW_COLUMNS[spec.name]])

    def chunks() -> Iterator[pa.Table]:
        for lo in range(0, spec.n_clean, CHUNK_ROWS):
            yield spec.build(ctx, np.arange(lo, min(lo + CHUNK_ROWS, spec.n_clean))).cast(schema)
        if dirty is not None:
            yield dirty.cast(schema)

    return _write_chunks(out / f"{spec.name}.parquet", schema, chunks())


def _write_chunks(path: Path, schema: pa.Schema, tables: Iterable[pa.Table]) -> int:
    """Write row groups in a background thread while the next chunk is being built."""
    rows = 0
    with ThreadPoolExecutor(max_workers=1) as pool, \
            pq.ParquetWriter(path, schema, compression=COMPRESSION,
                             compression_level=COMPRESSION_LEVEL) as writer:
        pending = None
        for tbl in tables:
            if pending is not None:
                pending.result()
            pending = pool.submit(writer.write_table, tbl, row_group_size=CHUNK_ROWS)
            rows += tbl.num_rows
        if pending is not None:
            pending.result()
        if rows == 0:
            writer.write_table(schema.empty_table())
    return rows


def _write_truth(ctx: BuildContext, out: Path) -> dict[str, int]:
    folder = out / "truth"
    counts: dict[str, int] = {}
    for name, table in (("truth_conversations", truth_conversations(ctx)),
                        ("truth_escalations", truth_escalations(ctx)),
                        ("truth_surveys", truth_surveys(ctx)),
                        ("truth_weeks", truth_weeks(ctx)),
                        ("truth_rejections", truth_rejections(ctx))):
        _write(table, folder / f"{name}.parquet")
        counts[f"truth/{name}"] = table.num_rows
    n_msg = ctx.sim.messages["conversation"].size
    chunks = (truth_messages(ctx, np.arange(lo, min(lo + CHUNK_ROWS, n_msg)))
              for lo in range(0, n_msg, CHUNK_ROWS))
    schema = truth_messages(ctx, np.arange(0)).schema
    counts["truth/truth_messages"] = _write_chunks(folder / "truth_messages.parquet", schema,
                                                   chunks)
    return counts


def _write_manifest(ctx: BuildContext, out: Path, counts: dict[str, int], clean: dict[str, int],
                    params: dict) -> None:
    weeks_truth = ctx.sim.weeks_truth
    weeks = [str(np.datetime64(int(d), "D")) for d in weeks_truth["week_day"]]
    manifest = {
        "generator": MANIFEST_GENERATOR,
        "parameters": params,
        "rows": counts,
        "clean_rows": clean,
        "dirty_rows": ctx.dirty_counts,
        "planted_break_weeks": [week for week, is_break
                                in zip(weeks, weeks_truth["is_break"].tolist(), strict=True)
                                if is_break],
        "planted_blended_nps_target": ctx.sim.blended_target,
        "repetition_markers": list(phrases.REPETITION_MARKERS),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
