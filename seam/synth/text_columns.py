"""Fast string columns: fixed-width ids and ISO-8601 timestamps built from numpy byte matrices.

Millions of ``m000123``-style ids and timestamps are assembled as byte records and viewed as
Arrow string arrays, never formatted one Python string at a time.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from seam.synth.simulation import DAY

# Local-time offsets from UTC, in minutes, that timestamps with an offset are written in.
UTC_OFFSET_MINUTES = np.array([120, 60, -240, -300, -420, 330, 0, -180, 540, 60, 120, -240, 600,
                               -360])

_DIGITS = {k: np.array([f"{i:0{k}d}".encode() for i in range(10**k)], f"S{k}")
           for k in (1, 2, 3, 4)}
_TIME_OF_DAY = np.array([f"{h:02d}:{m:02d}:{s:02d}".encode()
                         for h in range(24) for m in range(60) for s in range(60)], "S8")


def _byte_matrix(n: int, *parts: str | tuple[np.ndarray, int]) -> np.ndarray:
    """(n, width) byte matrix from literals and zero-padded numbers, via a packed record."""
    fields: list[tuple[str, str]] = []
    values: list[bytes | np.ndarray] = []
    for p in parts:
        if isinstance(p, str):
            fields.append((f"f{len(fields)}", f"S{len(p.encode())}"))
            values.append(p.encode())
            continue
        v, width = np.asarray(p[0], np.int64), p[1]
        groups = [4] * (width // 4)
        if width % 4:
            groups.insert(0, width % 4)
        rest = width
        for g in groups:
            rest -= g
            fields.append((f"f{len(fields)}", f"S{g}"))
            values.append(_DIGITS[g][(v // 10**rest) % 10**g])
    rec = np.empty(n, np.dtype(fields))
    for (name, _), val in zip(fields, values, strict=True):
        rec[name] = val
    return rec.view(np.uint8).reshape(n, rec.dtype.itemsize)


def compose(n: int, *parts: str | tuple[np.ndarray, int], valid: np.ndarray | None = None
             ) -> pa.Array:
    """Fixed-width strings from literals and zero-padded numbers: ("INV-", (ids, 5))."""
    return _strings_from_matrix(_byte_matrix(n, *parts), valid=valid)


def _strings_from_matrix(mat: np.ndarray, lengths: np.ndarray | None = None,
                 valid: np.ndarray | None = None) -> pa.Array:
    """Build a string array from a byte matrix (rows cut to ``lengths``)."""
    n, width = mat.shape
    if lengths is None:
        data = np.ascontiguousarray(mat).reshape(-1)
        offsets = np.arange(0, (n + 1) * width, width, dtype=np.int64)
    else:
        data = mat[np.arange(width)[None, :] < lengths[:, None]]
        offsets = np.zeros(n + 1, np.int64)
        np.cumsum(lengths, out=offsets[1:])
    if offsets[-1] < 2**31 - 1:
        arr = pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets.astype(np.int32)),
                                                     pa.py_buffer(data)])
    else:
        arr = pa.Array.from_buffers(pa.large_string(), n, [None, pa.py_buffer(offsets),
                                                           pa.py_buffer(data)]).cast(pa.string())
    if valid is not None and not valid.all():
        arr = pc.if_else(pa.array(valid), arr, pa.scalar(None, pa.string()))
    return arr


def id_width(n: int, minimum: int) -> int:
    """Digits of a zero-padded id for ``n`` values, at least ``minimum``."""
    return max(minimum, len(str(max(n, 1))))


def format_ids(prefix: str, values: np.ndarray, width: int) -> pa.Array:
    return compose(len(values), prefix, (values, width))


_OFFSET_TEXT = np.array([f"{'-' if m < 0 else '+'}{abs(m) // 60:02d}:{abs(m) % 60:02d}".encode()
                         for m in UTC_OFFSET_MINUTES], "S6")
_TIMESTAMP_RECORD = np.dtype([("date", "S10"), ("sep", "S1"), ("tod", "S8"), ("off", "S6")])


def format_timestamps(sec: np.ndarray, aware: np.ndarray, offset_idx: np.ndarray,
           valid: np.ndarray | None = None) -> pa.Array:
    """ISO-8601 text: naive UTC ``YYYY-MM-DD HH:MM:SS`` or local time with ``+HH:MM``.

    ``offset_idx`` indexes ``UTC_OFFSET_MINUTES`` and is used only where ``aware`` is true.
    """
    sec = np.asarray(sec, np.int64)
    n = sec.size
    if n == 0:
        return pa.array([], pa.string())
    local = sec + np.where(aware, UTC_OFFSET_MINUTES[offset_idx] * 60, 0)
    day, sod = np.divmod(local, DAY)
    d0 = int(day.min())
    dates = np.arange(d0, int(day.max()) + 1).astype("datetime64[D]").astype("S10")
    rec = np.empty(n, _TIMESTAMP_RECORD)
    rec["date"] = dates[day - d0]
    rec["sep"] = np.where(aware, b"T", b" ")
    rec["tod"] = _TIME_OF_DAY[sod]
    rec["off"] = _OFFSET_TEXT[offset_idx]
    mat = rec.view(np.uint8).reshape(n, 25)
    return _strings_from_matrix(mat, np.where(aware, 25, 19), valid)


def take_strings(pool: list[str] | tuple[str, ...] | pa.Array, idx: np.ndarray) -> pa.Array:
    arr = pool if isinstance(pool, pa.Array) else pa.array(list(pool), pa.string())
    return arr.take(pa.array(np.asarray(idx, np.int64)))


def timestamps_micro(sec: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    mask = None if valid is None else ~valid
    return pa.array(np.asarray(sec, np.int64) * 1_000_000, pa.timestamp("us"), mask=mask)


