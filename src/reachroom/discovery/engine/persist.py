"""Saving and loading a CreatorIndex: one .npy per array plus a manifest, written atomically, memory-mapped back."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from reachroom.discovery.engine.schema import SCHEMA_VERSION, default_schema
from reachroom.discovery.engine.sketch import AnnModel

if TYPE_CHECKING:
    from reachroom.discovery.engine.columns import CreatorIndex

FORMAT = "reachroom-discovery-index"
FORMAT_VERSION = 2  # 2: int8 `sketch` (with ann_step) replaced the float32 `reduced` sketch


class IndexFormatError(RuntimeError):
    """A saved index that this code cannot read (other format or version, corrupt or truncated files)."""


def save_index(index: CreatorIndex, path: str | os.PathLike) -> dict[str, Any]:
    """Write every array (.npy) plus manifest.json to `path` atomically; returns the manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{uuid.uuid4().hex[:8]}")
    tmp.mkdir()
    files: dict[str, Any] = {}
    arrays = {name: index.col(name) for name in index.array_names()}
    if index.ann is not None:
        arrays["ann_mean"] = index.ann.mean
        arrays["ann_components"] = index.ann.components
        arrays["ann_step"] = index.ann.step
        if index.ann.tone_centroids is not None:
            arrays["ann_tone_centroids"] = index.ann.tone_centroids
    for name, arr in sorted(arrays.items()):
        arr = np.ascontiguousarray(arr)
        np.save(tmp / f"{name}.npy", arr, allow_pickle=False)
        files[name] = {"file": f"{name}.npy", "dtype": str(arr.dtype), "shape": list(arr.shape),
                       "sha256": _sha256(arr)}
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "n_slots": index.n_slots,
        "n_rows": index.n_rows,
        "embedding_dim": index.embedding_dim,
        "niches": list(index.schema["niche_scores"].vocab or ()),
        "vocabs": {name: index.vocab(name) for name in ("country", "language")},
        "ann_dims": index.ann.dims if index.ann else None,
        "files": files,
        "content_hash": _combined_hash(files),
        "saved_at": time.time(),
        "meta": index.meta,
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True, default=str))
    old = path.with_name(f".{path.name}.old-{uuid.uuid4().hex[:8]}")
    if path.exists():
        path.rename(old)
    tmp.rename(path)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
    return manifest


def load_parts(path: str | os.PathLike, mmap: bool, verify: bool, required: set[str]) -> dict[str, Any]:
    """Read and check a saved index; returns the constructor arguments of CreatorIndex."""
    path = Path(path)
    try:
        manifest = json.loads((path / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise IndexFormatError(f"no readable manifest in {path}: {exc}") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise IndexFormatError(f"{path} holds {manifest.get('format')} v{manifest.get('version')}; "
                               f"this code reads {FORMAT} v{FORMAT_VERSION}: rebuild the index")
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise IndexFormatError(f"{path} has schema v{manifest.get('schema_version')}, expected {SCHEMA_VERSION}")
    if _combined_hash(manifest["files"]) != manifest["content_hash"]:
        raise IndexFormatError("manifest content hash does not match its file list")
    schema = default_schema(tuple(manifest["niches"]))
    arrays: dict[str, np.ndarray] = {}
    for name, info in sorted(manifest["files"].items()):
        try:
            arr = np.load(path / info["file"], mmap_mode="r" if mmap else None, allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise IndexFormatError(f"cannot read {info['file']}: {exc}") from exc
        if str(arr.dtype) != info["dtype"] or list(arr.shape) != info["shape"]:
            raise IndexFormatError(f"{info['file']} has {arr.dtype}{arr.shape}, manifest says "
                                   f"{info['dtype']}{tuple(info['shape'])}")
        if verify and _sha256(np.asarray(arr)) != info["sha256"]:
            raise IndexFormatError(f"{info['file']} content hash mismatch")
        # A plain ndarray view of the mapping: same pages, without np.memmap's Python-level slicing hooks, which
        # cost ~15 ms per query at 1M rows (thousands of chunk slices per search).
        arrays[name] = arr.view(np.ndarray) if isinstance(arr, np.memmap) else arr
    ann = None
    if "ann_mean" in arrays:
        tone = arrays.pop("ann_tone_centroids", None)
        if "ann_step" not in arrays:
            raise IndexFormatError("missing arrays: ann_step")
        ann = AnnModel(np.asarray(arrays.pop("ann_mean")), np.asarray(arrays.pop("ann_components")),
                       np.asarray(arrays.pop("ann_step")), None if tone is None else np.asarray(tone))
    missing = (set(schema) | required) - set(arrays)
    if missing:
        raise IndexFormatError(f"missing arrays: {', '.join(sorted(missing))}")
    meta = dict(manifest.get("meta") or {})
    meta["loaded_from"] = str(path)
    meta["content_hash"] = manifest["content_hash"]
    vocabs = {k: list(v) for k, v in manifest["vocabs"].items()}
    return {"schema": schema, "arrays": arrays, "n_slots": int(manifest["n_slots"]), "vocabs": vocabs,
            "ann": ann, "meta": meta}


def _combined_hash(files: dict[str, Any]) -> str:
    """One hash over every file's name and content hash: identifies the index's content."""
    total = hashlib.sha256()
    for name, info in sorted(files.items()):
        total.update(f"{name}:{info['sha256']};".encode())
    return total.hexdigest()


def _sha256(arr: np.ndarray) -> str:
    h = hashlib.sha256()
    flat = np.ascontiguousarray(arr).reshape(-1).view(np.uint8)
    step = 1 << 26
    for a in range(0, flat.size, step):
        h.update(flat[a : a + step].data)
    return h.hexdigest()
