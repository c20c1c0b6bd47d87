"""The state shared by the raw, dirty and truth table builders of one generate() run."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from seam.synth import simulation
from seam.synth.text_columns import UTC_OFFSET_MINUTES, format_ids, format_timestamps

# The letters that start the ids of each id space in the raw tables (``c0000042``, ``m000000123``).
ID_PREFIXES = {"conversation": "c", "message": "m", "survey_response": "r", "handoff": "h",
               "ai_action": "ai", "agent_action": "ag", "agent": "a"}


@dataclass
class BuildContext:
    """The simulation, the per-conversation text slots and the id counters of one run.

    ``uniform`` draws depend only on (seed, row, salt), so a row rebuilt to make a dirty copy
    is identical to the clean one; ``rng`` draws are sequential and used once.
    """

    sim: simulation.Sim
    rng: np.random.Generator
    widths: dict[str, int]
    slots: pa.Array
    customer_ids: pa.Array
    agent_ids: pa.Array
    message_has_offset: np.ndarray
    message_offset: np.ndarray
    role_variant: np.ndarray
    salt: int = 0
    identifiers: pa.Array | None = None
    handoff_conversations: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    next_id: dict[str, int] = field(default_factory=dict)
    rejections: list[tuple[str, pa.Array, str]] = field(default_factory=list)
    dirty_counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def uniform(self, rows: np.ndarray, salt: int) -> np.ndarray:
        """Uniform [0, 1) that depends only on (seed, row, salt): rebuilt rows are identical."""
        x = np.asarray(rows, np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        x += np.uint64((self.salt * 1_000_003 + salt * 7919) & 0xFFFFFFFFFFFF)
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
        return (x >> np.uint64(11)).astype(np.float64) / float(1 << 53)

    def uniform_int(self, rows: np.ndarray, salt: int, k: int) -> np.ndarray:
        return np.minimum((self.uniform(rows, salt) * k).astype(np.int64), k - 1)

    def timestamps(self, sec: np.ndarray, rows: np.ndarray, salt: int,
                   valid: np.ndarray | None = None) -> pa.Array:
        aware = self.uniform(rows, salt) < 0.3
        offset = self.uniform_int(rows, salt + 1, UTC_OFFSET_MINUTES.size)
        return format_timestamps(sec, aware, offset, valid)

    def random_timestamps(self, sec: np.ndarray) -> pa.Array:
        n = len(sec)
        aware = self.rng.random(n) < 0.3
        return format_timestamps(sec, aware, self.rng.integers(0, UTC_OFFSET_MINUTES.size, n))

    def conversation_ids(self, numbers: np.ndarray) -> pa.Array:
        return self.ids("conversation", numbers)

    def ids(self, space: str, numbers: np.ndarray) -> pa.Array:
        """Zero-padded ids of one id space: ``m000123`` is number 123 of space message."""
        return format_ids(ID_PREFIXES[space], numbers, self.widths[space])

    def fresh_ids(self, space: str, n: int) -> np.ndarray:
        """``n`` id numbers of ``space`` never used before (for dirty rows)."""
        start = self.next_id[space]
        self.next_id[space] = start + n
        return np.arange(start, start + n)


