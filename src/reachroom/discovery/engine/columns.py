"""CreatorIndex: a columnar, persisted, incrementally updatable snapshot of every searchable account.

Layout: one array per column with room for `capacity` rows of which the first `n_slots` are used; deleted rows
are tombstoned (`alive` False) and removed by `compact()`. Share matrices, niche scores and tone are stored
column-major (K x capacity) because filters and scores read them one column at a time; the embedding is row-major
int8 (capacity x D) with a float32 scale per row. A PCA projection of the embedding (capacity x d) drives the
approximate pre-ranking in search.py.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from reachroom.discovery.engine import scoring
from reachroom.discovery.engine.encode import (
    allocate,
    dequantize,
    embedding_dim_of,
    encode_column,
    fill_missing,
    quantize_embeddings,
    take_rows,
)
from reachroom.discovery.engine.persist import load_parts, save_index
from reachroom.discovery.engine.schema import DEFAULT_NICHES, PRESENT_BITS, SHARE_SCALE, ColumnSpec, default_schema
from reachroom.discovery.engine.sketch import ANN_DIMS, ANN_MIN_ROWS, ANN_SAMPLE, AnnModel, fit_pca, train_codebook
from reachroom.metrics.tiers import band_codes, tier_codes

COMPACT_DEAD_FRACTION = 0.25
_CHUNK = 65_536

# Arrays stored row-major (capacity x width); other 2-D arrays are column-major (width x capacity).
ROW_MAJOR = frozenset({"embedding", "sketch", "tone_unit"})
# Arrays the index derives itself (never given by the loader).
DERIVED = ("alive", "present", "embedding_scale", "tone_unit", "score_engagement", "score_authenticity",
           "score_cost", "score_safety", "sketch", "tone_code")  # fmt: skip


@dataclass(frozen=True)
class UpsertResult:
    inserted: int
    updated: int


class CreatorIndex:
    """Columnar snapshot of N accounts; see the module docstring for the layout and schema.py for the columns."""

    def __init__(self, schema: dict[str, ColumnSpec], arrays: dict[str, np.ndarray], n_slots: int,
                 vocabs: dict[str, list[str]], ann: AnnModel | None, meta: dict[str, Any] | None = None) -> None:
        self.schema = schema
        self._a = arrays
        self._n = n_slots
        self._vocabs = vocabs
        self.ann = ann
        self.meta = dict(meta or {})
        self._writable = all(getattr(a, "flags", None) is None or a.flags.writeable for a in arrays.values())
        self._cache: dict[Any, Any] = {}
        self._build_lookup()

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_arrays(cls, data: Mapping[str, Any], *, niches: Sequence[str] = DEFAULT_NICHES,
                    ann_dims: int | None = ANN_DIMS, seed: int = 0,
                    meta: Mapping[str, Any] | None = None) -> CreatorIndex:
        """Build from plain arrays / lists keyed by column name (schema.py); missing columns are filled as unknown.

        Categories take strings (or codes); shares and niche scores take float matrices 0-1 in vocabulary order
        (see shares_matrix for dicts); brand_safety takes a uint16 mask (see flags_mask); embedding takes float rows.
        `meta` (JSON-able provenance such as metric and taxonomy versions) is kept and saved in the manifest.
        """
        # Columns are added in schema.default_schema (and SCHEMA_VERSION bumped), so save/load know them too.
        schema = default_schema(tuple(niches))
        if "account_id" not in data:
            raise ValueError("account_id is required")
        m = len(np.asarray(data["account_id"]))
        dim = embedding_dim_of(data)
        index = cls(schema, allocate(schema, m, dim), 0, {"country": [], "language": []}, None)
        index._write(data, np.arange(m), m, provided_only=False)
        index._n = m
        ids = index._a["account_id"][:m]
        if np.unique(ids).size != m:
            raise ValueError("account_id values must be unique")
        index._build_lookup()
        if ann_dims:
            index.train_ann(ann_dims, seed=seed)
        index.meta.update(meta or {})
        index.meta["built_at"] = time.time()
        return index

    # ------------------------------------------------------------------ basic accessors

    @property
    def n_slots(self) -> int:
        """Used row slots, including tombstoned rows."""
        return self._n

    @property
    def n_rows(self) -> int:
        """Live accounts."""
        return int(np.count_nonzero(self._a["alive"][: self._n]))

    def __len__(self) -> int:
        return self.n_rows

    def visible_rows(self, workspace_id: int) -> int:
        """Live accounts a workspace may see: the shared catalogue (owner 0) plus its own private rows."""
        counts = self.cached(("owner_counts",), self._owner_counts)
        return counts.get(0, 0) + (counts.get(int(workspace_id), 0) if workspace_id else 0)

    def _owner_counts(self) -> dict[int, int]:
        owners = self._a["owner_workspace"][: self._n][self._a["alive"][: self._n]]
        values, counts = np.unique(owners, return_counts=True)
        return {int(v): int(c) for v, c in zip(values, counts, strict=True)}

    @property
    def embedding_dim(self) -> int | None:
        emb = self._a.get("embedding")
        return None if emb is None or emb.shape[1] == 0 else int(emb.shape[1])

    @property
    def capacity(self) -> int:
        return int(self._a["alive"].shape[0])

    def vocab(self, name: str) -> list[str]:
        """Vocabulary of a category column (fixed in the schema, or grown from the data)."""
        spec = self.schema[name]
        return list(spec.vocab) if spec.vocab is not None else list(self._vocabs.get(name, []))

    def col(self, name: str) -> np.ndarray:
        """The used part of a column: (n,) for scalars, (K, n) for matrices, (n, D) for the embedding."""
        arr = self._a[name]
        if arr.ndim == 2 and name not in ROW_MAJOR:
            return arr[:, : self._n]
        return arr[: self._n]

    def backing(self, name: str) -> np.ndarray:
        """The whole array behind a column, spare capacity included: for compiled kernels that index it by slot."""
        return self._a[name]

    def nbytes(self) -> int:
        """In-memory footprint of every array the index holds (capacity included), plus the id lookup."""
        total = sum(int(a.nbytes) for a in self._a.values())
        total += int(self._lookup_ids.nbytes + self._lookup_rows.nbytes)
        if self.ann is not None:
            total += int(self.ann.mean.nbytes + self.ann.components.nbytes + self.ann.step.nbytes)
            total += int(self.ann.tone_centroids.nbytes) if self.ann.tone_centroids is not None else 0
        return total

    def cached(self, key: Any, compute: Any, max_entries: int = 8) -> Any:
        """A per-index memo of query-independent arrays (e.g. weighted static scores); cleared by every change."""
        if key in self._cache:
            return self._cache[key]
        value = compute()
        if len(self._cache) >= max_entries:
            self._cache.pop(next(iter(self._cache)))
        self._cache[key] = value
        return value

    def rows_of(self, account_ids: Any) -> np.ndarray:
        """Row slot of each account id, -1 where unknown (tombstoned rows included)."""
        ids = np.asarray(account_ids, dtype=np.int64).ravel()
        if self._lookup_ids.size == 0:
            return np.full(ids.shape, -1, dtype=np.int64)
        pos = np.searchsorted(self._lookup_ids, ids).clip(0, self._lookup_ids.size - 1)
        found = self._lookup_ids[pos] == ids
        return np.where(found, self._lookup_rows[pos], -1)

    def embeddings(self, account_ids: Any) -> np.ndarray:
        """Dequantised float32 embeddings of accounts (zeros for unknown accounts or missing embeddings).

        For lookalikes: the normalised mean of the seeds' rows is a text_vector for Query.
        """
        rows = self.rows_of(account_ids)
        dim = self.embedding_dim or 0
        out = np.zeros((rows.size, dim), dtype=np.float32)
        ok = rows >= 0
        if dim and np.any(ok):
            out[ok] = dequantize(self._a["embedding"][rows[ok]], self._a["embedding_scale"][rows[ok]])
        return out

    def decode_row(self, row: int) -> dict[str, Any]:
        """One row as plain Python values (codes decoded, shares as dicts): for explanations and debugging."""
        out: dict[str, Any] = {}
        for name, spec in self.schema.items():
            arr = self._a[name]
            if spec.kind == "category":
                code = int(arr[row])
                vocab = self.vocab(name)
                out[name] = vocab[code] if 0 <= code < len(vocab) else None
            elif spec.kind == "number":
                v = float(arr[row])
                out[name] = None if np.isnan(v) else v
            elif spec.kind == "id":
                out[name] = int(arr[row])
            elif spec.kind == "shares":
                out[name] = {k: int(arr[j, row]) / SHARE_SCALE for j, k in enumerate(spec.vocab or ())}
            elif spec.kind == "bitmask":
                mask = int(arr[row])
                out[name] = [f for i, f in enumerate(spec.vocab or ()) if mask >> i & 1]
            elif spec.kind == "vector":
                out[name] = [float(arr[j, row]) for j in range(arr.shape[0])]
            elif spec.kind == "embedding":
                out[name] = (arr[row].astype(np.float32) * self._a["embedding_scale"][row]).tolist()
        out["alive"] = bool(self._a["alive"][row])
        return out

    # ------------------------------------------------------------------ writing rows

    def _write(self, data: Mapping[str, Any], rows: np.ndarray, m: int, provided_only: bool) -> None:
        """Encode `data` (m rows) into slots `rows`; with provided_only, columns absent from data keep old values."""
        a = self._a
        unknown = set(data) - set(self.schema) - {"embedding_scale"}
        if unknown:
            raise ValueError(f"unknown columns: {', '.join(sorted(unknown))}")
        if "present" in data:
            raise ValueError("present is derived by the index; leave profiles empty (zeros / NaN) instead")
        if "followers" in data and ("tier" not in data or "band" not in data):
            # Tier and band follow the follower count unless the loader gives them (account_stats has them).
            followers = np.asarray(data["followers"], dtype=np.float64)
            data = {"tier": tier_codes(followers), "band": band_codes(followers), **data}
        for name, spec in self.schema.items():
            if spec.name == "present":
                continue
            if name not in data:
                if provided_only:
                    continue
                if spec.required:
                    raise ValueError(f"{name} is required")
                fill_missing(a, spec, rows)
                continue
            value = data[name]
            if spec.kind == "embedding":
                self._write_embedding(value, data.get("embedding_scale"), rows, m)
                continue
            encoded = encode_column(spec, value, m, self._vocabs)
            if spec.kind in ("shares", "vector"):
                a[name][:, rows] = encoded.T
            else:
                a[name][rows] = encoded
        a["alive"][rows] = True
        self._derive(rows)

    def _write_embedding(self, value: Any, scale: Any, rows: np.ndarray, m: int) -> None:
        arr = np.asarray(value)
        if arr.shape[0] != m:
            raise ValueError(f"embedding has {arr.shape[0]} rows, expected {m}")
        if arr.dtype == np.int8:
            if scale is None:
                raise ValueError("int8 embedding codes need embedding_scale")
            codes, sc = arr, np.asarray(scale, dtype=np.float32)
        else:
            codes, sc = quantize_embeddings(arr)
        if codes.shape[1] != self._a["embedding"].shape[1]:
            raise ValueError(f"embedding dimension {codes.shape[1]} != index dimension {self._a['embedding'].shape[1]}")
        self._a["embedding"][rows] = codes
        self._a["embedding_scale"][rows] = sc
        if self.ann is not None:
            self._a["sketch"][rows] = self.ann.sketch(dequantize(codes, sc))

    def _derive(self, rows: np.ndarray) -> None:
        """Recompute the per-row derived arrays (presence bits, unit tone, static score components) for `rows`."""
        a = self._a
        present = np.zeros(rows.size, dtype=np.uint8)
        bits = {name: 1 << i for i, name in enumerate(PRESENT_BITS)}
        content = a["niche_scores"][:, rows].astype(np.int32).sum(axis=0) > 0
        present |= np.where(content, bits["content"], 0).astype(np.uint8)
        aud = np.zeros(rows.size, dtype=np.int32)
        for name in ("audience_age", "audience_gender", "audience_country", "audience_language"):
            aud += a[name][:, rows].astype(np.int32).sum(axis=0)
        present |= np.where(aud > 0, bits["audience"], 0).astype(np.uint8)
        present |= np.where(a["embedding_scale"][rows] > 0, bits["embedding"], 0).astype(np.uint8)
        tone = a["tone"][:, rows]
        present |= np.where(np.all(np.isfinite(tone), axis=0), bits["tone"], 0).astype(np.uint8)
        a["present"][rows] = present
        a["tone_unit"][rows] = scoring.unit_tone(tone).T
        a["score_engagement"][rows] = scoring.engagement_value(a["er_percentile"][rows])
        a["score_authenticity"][rows] = scoring.authenticity_value(a["authenticity_score"][rows])
        a["score_cost"][rows] = scoring.cost_value(a["est_reach"][rows], a["est_fee_low"][rows],
                                                   a["est_fee_high"][rows])
        a["score_safety"][rows] = scoring.safety_value(a["brand_safety"][rows], scoring.safety_table(0),
                                                       (present & bits["content"]) != 0)
        if self.ann is not None:
            a["tone_code"][rows] = self.ann.tone_codes(a["tone_unit"][rows], (present & bits["tone"]) != 0)

    # ------------------------------------------------------------------ approximate pre-ranking (PCA)

    def train_ann(self, dims: int = ANN_DIMS, sample: int = ANN_SAMPLE, seed: int = 0) -> bool:
        """Fit the pre-ranking sketches on a sample of live rows and sketch every row; False if too few rows."""
        self._materialize()
        dim = self.embedding_dim
        n = self._n
        live = np.flatnonzero(self._a["alive"][:n] & (self._a["embedding_scale"][:n] > 0))
        dims = min(dims, (dim or 0) // 2)  # a sketch narrower than half the embedding would not pay off
        if dim is None or live.size < ANN_MIN_ROWS or dims < 4:
            self.ann = None
            self._a["sketch"] = np.zeros((self.capacity, 0), dtype=np.int8)
            self._a["tone_code"][:] = 0
            return False
        rng = np.random.default_rng(seed)
        pick = np.sort(rng.choice(live, min(sample, live.size), replace=False))
        self.ann = AnnModel(*fit_pca(dequantize(self._a["embedding"][pick], self._a["embedding_scale"][pick]), dims))
        sketch = np.zeros((self.capacity, dims), dtype=np.int8)
        for a in range(0, n, _CHUNK):
            b = min(n, a + _CHUNK)
            sketch[a:b] = self.ann.sketch(dequantize(self._a["embedding"][a:b], self._a["embedding_scale"][a:b]))
        self._a["sketch"] = sketch
        has_tone = (self._a["present"][:n] & (1 << PRESENT_BITS.index("tone"))) != 0
        tone_rows = np.flatnonzero(has_tone)
        sample_rows = np.sort(rng.choice(tone_rows, min(sample, tone_rows.size), replace=False))
        self.ann.tone_centroids = train_codebook(self._a["tone_unit"][sample_rows], rng)
        self._a["tone_code"][:n] = self.ann.tone_codes(self._a["tone_unit"][:n], has_tone)
        return True

    # ------------------------------------------------------------------ incremental updates

    def upsert(self, data: Mapping[str, Any]) -> UpsertResult:
        """Insert new accounts and update existing ones (in place; only the columns given change)."""
        if "account_id" not in data:
            raise ValueError("account_id is required")
        ids = np.asarray(data["account_id"], dtype=np.int64).ravel()
        m = ids.size
        if np.unique(ids).size != m:
            raise ValueError("account_id values must be unique within one upsert")
        if m == 0:
            return UpsertResult(0, 0)
        self._materialize()
        rows = self.rows_of(ids)
        # A tombstoned account that comes back reuses its slot but starts from scratch, like a new one.
        revived = rows >= 0
        revived[revived] = ~self._a["alive"][rows[revived]]
        if np.any(revived):
            self._write(take_rows(data, np.flatnonzero(revived), m), rows[revived], int(np.count_nonzero(revived)),
                        provided_only=False)
        old = (rows >= 0) & ~revived
        new_count = int(np.count_nonzero(rows < 0))
        # Live accounts keep the columns the update does not mention; new ones get everything (unknown if absent).
        if np.any(old):
            self._write(take_rows(data, np.flatnonzero(old), m), rows[old], int(np.count_nonzero(old)),
                        provided_only=True)
        if new_count:
            fresh = rows < 0
            self._ensure_capacity(self._n + new_count)
            slots = np.arange(self._n, self._n + new_count)
            self._write(take_rows(data, np.flatnonzero(fresh), m), slots, new_count, provided_only=False)
            self._n += new_count
            self._build_lookup()
        inserted = new_count + int(np.count_nonzero(revived))
        return UpsertResult(inserted=inserted, updated=m - inserted)

    def delete(self, account_ids: Any) -> int:
        """Tombstone accounts; compacts automatically once more than a quarter of the slots are dead."""
        rows = self.rows_of(account_ids)
        rows = rows[rows >= 0]
        if rows.size == 0:
            return 0
        self._materialize()
        alive = self._a["alive"]
        count = int(np.count_nonzero(alive[rows]))
        alive[rows] = False
        dead = self._n - self.n_rows
        if self._n and dead / self._n > COMPACT_DEAD_FRACTION:
            self.compact()
        return count

    def compact(self) -> None:
        """Drop tombstoned rows (row slots change; account ids do not)."""
        self._materialize()
        keep = np.flatnonzero(self._a["alive"][: self._n])
        new: dict[str, np.ndarray] = {}
        for name, arr in self._a.items():
            if arr.ndim == 2 and name not in ROW_MAJOR:
                new[name] = np.ascontiguousarray(arr[:, keep])
            else:
                new[name] = arr[keep]
        self._a = new
        self._n = keep.size
        self._build_lookup()

    def _ensure_capacity(self, needed: int) -> None:
        cap = self.capacity
        if needed <= cap:
            return
        new_cap = max(needed, int(cap * 1.5) + 1024)
        grown: dict[str, np.ndarray] = {}
        for name, arr in self._a.items():
            if arr.ndim == 2 and name not in ROW_MAJOR:
                g = np.empty((arr.shape[0], new_cap), dtype=arr.dtype)
                g[:, :cap] = arr
            else:
                g = np.empty((new_cap, *arr.shape[1:]), dtype=arr.dtype)
                g[:cap] = arr
            grown[name] = g
        grown["alive"][cap:] = False
        self._a = grown

    def _materialize(self) -> None:
        """Copy memory-mapped (read-only) arrays into memory before the first change; drop cached results."""
        self._cache = {}
        if self._writable:
            return
        self._a = {name: np.array(arr) for name, arr in self._a.items()}
        self._writable = True

    def _build_lookup(self) -> None:
        ids = self._a["account_id"][: self._n]
        order = np.argsort(ids, kind="stable")
        self._lookup_ids = ids[order]
        self._lookup_rows = order.astype(np.int64)

    # ------------------------------------------------------------------ persistence

    # ------------------------------------------------------------------ persistence

    def array_names(self) -> list[str]:
        return sorted(self._a)

    def save(self, path: str | os.PathLike) -> dict[str, Any]:
        """Write every array (.npy) plus manifest.json to `path` atomically; returns the manifest."""
        return save_index(self, path)

    @classmethod
    def load(cls, path: str | os.PathLike, *, mmap: bool = True, verify: bool = False) -> CreatorIndex:
        """Open a saved index (memory-mapped by default: pages load on use, nothing is rebuilt)."""
        return cls(**load_parts(path, mmap, verify, set(DERIVED)))
