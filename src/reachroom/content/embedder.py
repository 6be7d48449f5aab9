"""Offline static text embedder (numpy + ``tokenizers`` only; no torch at run time).

The vectors are a model2vec-style distillation of all-MiniLM-L6-v2, built by ``scripts/build_embedder.py``
and committed under ``reachroom/content/model/``: a WordPiece tokenizer over an extended vocabulary
(``tokenizer.json``), one int8 vector per token with a float16 scale per row (``vectors.npy``,
``scales.npy``) and the build record (``embedder.json``).

A text's embedding is the L2-normalised mean of its tokens' (SIF-weighted) vectors. Encoding is a
tokenizer pass plus one ``np.add.reduceat``, so it runs at thousands of texts per second on one core and is
deterministic: the same text always gives the same vector, whatever else is in the batch.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent / "model"


class StaticEmbedder:
    """Mean-of-token-vectors embedder.

    ``encode(texts)`` returns a ``float32`` array of shape ``(len(texts), dim)`` whose rows have unit length
    (an empty or all-unknown text gives a zero row).
    """

    def __init__(self, model_dir: str | os.PathLike[str] = MODEL_DIR, *, batch_size: int = 1024) -> None:
        from tokenizers import Tokenizer  # imported here so that importing this module stays cheap

        model_dir = Path(model_dir)
        self.model_dir = model_dir
        self.config: dict = json.loads((model_dir / "embedder.json").read_text())
        q = np.load(model_dir / "vectors.npy", allow_pickle=False)
        scales = np.load(model_dir / "scales.npy", allow_pickle=False).astype(np.float32)
        self.vectors: np.ndarray = q.astype(np.float32) * scales[:, None]
        self.dim: int = int(self.vectors.shape[1])
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        self._unk_id = self._tokenizer.token_to_id(self.config.get("unk_token", "[UNK]"))
        self.batch_size = batch_size
        if self.vectors.shape[0] != self._tokenizer.get_vocab_size():
            raise ValueError("embedder vectors and tokenizer vocabulary do not match")

    @property
    def version(self) -> str:
        return str(self.config.get("version", "unknown"))

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        encodings = self._tokenizer.encode_batch([t or "" for t in texts], add_special_tokens=False)
        unk = self._unk_id
        return [[i for i in e.ids if i != unk] for e in encodings]

    def tokens(self, text: str) -> list[str]:
        """The vocabulary entries a text is split into (for inspection and evidence)."""
        return [t for t in self._tokenizer.encode(text or "", add_special_tokens=False).tokens if t != "[UNK]"]

    def encode(self, texts: Iterable[str] | str, *, normalize: bool = True) -> np.ndarray:
        if isinstance(texts, str):
            texts = [texts]
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            ids = self.tokenize(batch)
            lengths = np.fromiter((len(x) for x in ids), dtype=np.int64, count=len(ids))
            nonempty = np.flatnonzero(lengths)
            if nonempty.size == 0:
                continue
            flat = np.fromiter((i for x in ids for i in x), dtype=np.int64, count=int(lengths.sum()))
            offsets = np.concatenate(([0], np.cumsum(lengths[nonempty])[:-1]))
            sums = np.add.reduceat(self.vectors[flat], offsets, axis=0)
            out[start + nonempty] = sums / lengths[nonempty, None]
        if normalize:
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            np.divide(out, norms, out=out, where=norms > 0)
        return out

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _default() -> StaticEmbedder:
    return StaticEmbedder()


def get_embedder() -> StaticEmbedder:
    """The shared embedder shipped with the package (loaded once, about 0.2 s)."""
    with _lock:
        return _default()


def embed(texts: Iterable[str] | str) -> np.ndarray:
    """Embed texts with the shared embedder: ``float32`` array ``(n, dim)``, unit-length rows."""
    return get_embedder().encode(texts)


def to_bytes(vector: np.ndarray) -> bytes:
    """Compact storage form of one embedding: float16 little-endian (512 bytes for 256 dimensions)."""
    return np.asarray(vector, dtype="<f2").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """Inverse of :func:`to_bytes` (returns ``float32``)."""
    return np.frombuffer(data, dtype="<f2").astype(np.float32)
