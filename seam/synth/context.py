"""The state shared by the raw, dirty and truth table builders of one generate() run."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from seam.synth import simulation
from seam.synth.text_columns import _OFFSETS_MIN, fmt_ids, fmt_ts


@dataclass
class BuildContext:
    sim: simulation.Sim
    rng: np.random.Generator
    widths: dict[str, int]
    slots: pa.Array
    cust_ids: pa.Array
    agent_ids: pa.Array
    msg_aware: np.ndarray
    msg_off: np.ndarray
    role_var: np.ndarray
    salt: int = 0
    ident: pa.Array | None = None
    handoff_conv: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    next_id: dict[str, int] = field(default_factory=dict)
    rejections: list[tuple[str, pa.Array, str]] = field(default_factory=list)
    dirty_counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def u(self, rows: np.ndarray, salt: int) -> np.ndarray:
        """Uniform [0, 1) that depends only on (seed, row, salt): rebuilt rows are identical."""
        x = np.asarray(rows, np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        x += np.uint64((self.salt * 1_000_003 + salt * 7919) & 0xFFFFFFFFFFFF)
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
        return (x >> np.uint64(11)).astype(np.float64) / float(1 << 53)

    def ui(self, rows: np.ndarray, salt: int, k: int) -> np.ndarray:
        return np.minimum((self.u(rows, salt) * k).astype(np.int64), k - 1)

    def ts(self, sec: np.ndarray, rows: np.ndarray, salt: int,
           valid: np.ndarray | None = None) -> pa.Array:
        aware = self.u(rows, salt) < 0.3
        return fmt_ts(sec, aware, self.ui(rows, salt + 1, _OFFSETS_MIN.size), valid)

    def ts_random(self, sec: np.ndarray) -> pa.Array:
        n = len(sec)
        aware = self.rng.random(n) < 0.3
        return fmt_ts(sec, aware, self.rng.integers(0, _OFFSETS_MIN.size, n))

    def conv_ids(self, conv: np.ndarray) -> pa.Array:
        return fmt_ids("c", conv, self.widths["c"])

    def fresh(self, space: str, n: int) -> np.ndarray:
        start = self.next_id[space]
        self.next_id[space] = start + n
        return np.arange(start, start + n)


