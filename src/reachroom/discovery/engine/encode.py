"""Turning loader input (lists, strings, dicts, float matrices) into the index's stored arrays."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from reachroom.discovery.engine.schema import SHARE_SCALE, ColumnSpec

_CHUNK = 65_536


def _share_column(key: Any, index: dict[str, int], other: int | None, exact: bool) -> int | None:
    """Column of one share key: exact match, else (unless exact) its upper/lower case, else "other" if tracked."""
    if key in index:
        return index[key]
    if not exact:
        for variant in (str(key).upper(), str(key).lower()):
            if variant in index:
                return index[variant]
    return other


def shares_matrix(rows: Sequence[Mapping[str, float] | None], vocab: Sequence[str], exact: bool = False) -> np.ndarray:
    """Dicts {key: share} -> float32 matrix in vocab order; unknown keys go to "other" (if tracked), None -> NaN.

    With exact=True a key must match the vocabulary's spelling (else it counts as "other").
    """
    n = len(rows)
    out = np.zeros((n, len(vocab)), dtype=np.float32)
    dicts = [row if row is not None else {} for row in rows]
    index = {k: i for i, k in enumerate(vocab)}
    other = index.get("other")
    columns: dict[Any, int | None] = dict(index)  # each distinct key resolved once per call, not once per item
    # Flattened items: a few list comprehensions at C speed instead of Python work per item.
    keys = [k for d in dicts for k in d]
    if keys:
        for k in set(keys).difference(columns):
            columns[k] = _share_column(k, index, other, exact)
        col = np.array([-1 if (j := columns[k]) is None else j for k in keys], dtype=np.int64)
        values = np.array([v for d in dicts for v in d.values()], dtype=np.float64)  # None -> NaN, skipped
        row = np.repeat(np.arange(n), np.fromiter(map(len, dicts), dtype=np.int64, count=n))
        keep = (col >= 0) & ~np.isnan(values)
        acc = np.zeros(out.shape, dtype=np.float64)  # sums (e.g. into "other") in float64, then one rounding
        np.add.at(acc, (row[keep], col[keep]), values[keep])
        out[...] = acc
    for r, original in enumerate(rows):
        if original is None:
            out[r] = np.nan
    return out


def flags_mask(rows: Sequence[Iterable[str] | None], names: Sequence[str]) -> np.ndarray:
    """Lists of flag names -> uint16 bitmask per row."""
    bit = {n: i for i, n in enumerate(names)}
    out = np.zeros(len(rows), dtype=np.uint16)
    for r, row in enumerate(rows):
        for name in row or ():
            if name not in bit:
                raise ValueError(f"unknown flag {name!r}; expected one of {', '.join(names)}")
            out[r] |= np.uint16(1 << bit[name])
    return out


def quantize_embeddings(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit-normalise rows and store them as int8 codes with a per-row scale (max |x| / 127); zero rows stay 0."""
    x = np.asarray(x, dtype=np.float32)
    codes = np.zeros(x.shape, dtype=np.int8)
    scale = np.zeros(x.shape[0], dtype=np.float32)
    for a in range(0, x.shape[0], _CHUNK):
        b = min(x.shape[0], a + _CHUNK)
        rows = np.nan_to_num(x[a:b].astype(np.float64), nan=0.0, posinf=0.0, neginf=0.0)
        norm = np.linalg.norm(rows, axis=1, keepdims=True)
        rows = rows / np.where(norm == 0, 1, norm)
        peak = np.abs(rows).max(axis=1)
        s = np.where(peak > 0, peak / 127.0, 0.0)
        codes[a:b] = np.round(rows / np.where(s == 0, 1, s)[:, None]).clip(-127, 127).astype(np.int8)
        scale[a:b] = s.astype(np.float32)
    return codes, scale


def dequantize(codes: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """int8 codes x per-row scale as float32: the embedding values every computation uses."""
    return codes.astype(np.float32) * scale[:, None]


def encode_column(spec: ColumnSpec, value: Any, m: int, vocabs: dict[str, list[str]]) -> np.ndarray:
    """Encode one column of m rows as stored (codes, uint8 shares, float32 numbers); grows open vocabularies."""
    name = spec.name
    if spec.kind == "id":
        arr = np.asarray(value, dtype=np.int64)
        info = np.iinfo(spec.dtype)
        if arr.size and (arr.min() < info.min or arr.max() > info.max):
            raise ValueError(f"{name} out of range for {spec.dtype}")
        out = arr.astype(spec.dtype)
    elif spec.kind == "number":
        out = np.asarray(value, dtype=np.float64).astype(np.float32)
    elif spec.kind == "category":
        out = _encode_category(spec, value, vocabs)
    elif spec.kind == "bitmask":
        if isinstance(value, (list, tuple)) and any(v is None or isinstance(v, (list, tuple, set, frozenset))
                                                    for v in value):
            arr = flags_mask(list(value), spec.vocab or ())
        else:
            arr = np.asarray(value)
        if arr.dtype.kind not in "iu":
            raise ValueError(f"{name} must be integer masks or lists of flag names")
        out = arr.astype(spec.dtype)
    elif spec.kind == "shares":
        rows = value
        if isinstance(value, (list, tuple)) and any(isinstance(v, Mapping) for v in value):
            rows = shares_matrix(list(value), spec.vocab or ())
        arr = np.asarray(rows, dtype=np.float64)
        if arr.shape != (m, len(spec.vocab or ())):
            raise ValueError(f"{name} must have shape ({m}, {len(spec.vocab or ())}), got {arr.shape}")
        out = np.round(np.nan_to_num(arr, nan=0.0) * SHARE_SCALE).clip(0, SHARE_SCALE).astype(np.uint8)
    elif spec.kind == "vector":
        arr = np.asarray(value, dtype=np.float64)
        width = len(spec.vocab or ()) or spec.width
        if arr.shape != (m, width):
            raise ValueError(f"{name} must have shape ({m}, {width}), got {arr.shape}")
        out = arr.astype(np.float32)
    else:  # pragma: no cover - schema kinds are closed
        raise ValueError(f"cannot encode {spec.kind}")
    if out.shape[0] != m:
        raise ValueError(f"{name} has {out.shape[0]} rows, expected {m}")
    return out

def _encode_category(spec: ColumnSpec, value: Any, vocabs: dict[str, list[str]]) -> np.ndarray:
    arr = np.asarray(value)
    if arr.dtype.kind in "iu":
        vocab_len = len(spec.vocab if spec.vocab is not None else vocabs.get(spec.name, []))
        if arr.size and (arr.min() < -1 or arr.max() >= vocab_len):
            raise ValueError(f"{spec.name} codes must be in -1..{vocab_len - 1}")
        return arr.astype(spec.dtype)
    labels = np.array(["" if v is None else str(v) for v in arr.ravel()], dtype=object)
    uniq, inverse = np.unique(labels.astype(str), return_inverse=True)
    if spec.vocab is not None:
        lookup = {v: i for i, v in enumerate(spec.vocab)}
        codes = []
        for u in uniq:
            key = u.strip().lower()
            if key == "":
                codes.append(-1)
            elif key in lookup:
                codes.append(lookup[key])
            else:
                raise ValueError(f"unknown {spec.name} {u!r}; expected one of {', '.join(spec.vocab)}")
    else:
        vocab = vocabs.setdefault(spec.name, [])
        lookup = {v: i for i, v in enumerate(vocab)}
        codes = []
        for u in uniq:
            key = u.strip().upper() if spec.name == "country" else u.strip().lower()
            if key == "":
                codes.append(-1)
                continue
            if key not in lookup:
                lookup[key] = len(vocab)
                vocab.append(key)
            codes.append(lookup[key])
        if len(vocab) > np.iinfo(spec.dtype).max:
            raise ValueError(f"{spec.name} vocabulary outgrew {spec.dtype}")
    return np.asarray(codes, dtype=spec.dtype)[inverse.ravel()] if uniq.size else np.zeros(0, spec.dtype)


def embedding_dim_of(data: Mapping[str, Any]) -> int:
    emb = data.get("embedding")
    if emb is None:
        return 0
    arr = np.asarray(emb)
    if arr.ndim != 2:
        raise ValueError("embedding must be a 2-D array (rows x dimensions)")
    return int(arr.shape[1])


def allocate(schema: dict[str, ColumnSpec], cap: int, dim: int) -> dict[str, np.ndarray]:
    """Zeroed arrays with room for `cap` rows: every schema column plus the derived ones."""
    a: dict[str, np.ndarray] = {}
    for name, spec in schema.items():
        if spec.kind in ("shares", "vector"):
            width = len(spec.vocab or ()) or int(spec.width or 0)
            a[name] = np.zeros((width, cap), dtype=spec.dtype)
        elif spec.kind == "embedding":
            a[name] = np.zeros((cap, dim), dtype=np.int8)
        else:
            a[name] = np.zeros(cap, dtype=spec.dtype)
    a["alive"] = np.zeros(cap, dtype=bool)
    a["embedding_scale"] = np.zeros(cap, dtype=np.float32)
    a["tone_unit"] = np.zeros((cap, len(schema["tone"].vocab or ())), dtype=np.float32)
    for name in ("score_engagement", "score_authenticity", "score_cost", "score_safety"):
        a[name] = np.zeros(cap, dtype=np.float32)
    a["tone_code"] = np.zeros(cap, dtype=np.uint8)
    a["sketch"] = np.zeros((cap, 0), dtype=np.int8)
    return a


def fill_missing(a: dict[str, np.ndarray], spec: ColumnSpec, rows: np.ndarray) -> None:
    arr = a[spec.name]
    if spec.kind in ("shares",):
        arr[:, rows] = 0
    elif spec.kind == "vector":
        arr[:, rows] = np.nan
    elif spec.kind == "embedding":
        arr[rows] = 0
        a["embedding_scale"][rows] = 0
        if a["sketch"].shape[1]:
            a["sketch"][rows] = 0
    else:
        arr[rows] = spec.missing_value()


def take_rows(data: Mapping[str, Any], pos: np.ndarray, m: int) -> dict[str, Any]:
    """The rows `pos` of every column in `data` (lists of dicts included)."""
    out: dict[str, Any] = {}
    for name, value in data.items():
        if isinstance(value, (list, tuple)):
            out[name] = [value[i] for i in pos]
        else:
            arr = np.asarray(value)
            if arr.shape[0] != m:
                raise ValueError(f"{name} has {arr.shape[0]} rows, expected {m}")
            out[name] = arr[pos]
    return out
