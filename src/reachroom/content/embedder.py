"""Offline static text embedder (numpy + ``tokenizers`` only; no torch at run time).

The vectors are a model2vec-style distillation of all-MiniLM-L6-v2, built by ``scripts/build_embedder.py``
and committed under ``reachroom/content/model/``: a WordPiece tokenizer over an extended vocabulary
(``tokenizer.json``), one int8 vector per token with a float16 scale per row (``vectors.npy``,
``scales.npy``) and the build record (``embedder.json``).

A text's embedding is the L2-normalised mean of its tokens' (SIF-weighted) vectors. Encoding is a
tokenizer pass plus one sparse (texts × vocabulary) product, so it runs at thousands of texts per second on
one core and is deterministic: the same text always gives the same vector, whatever else is in the batch.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent / "model"
#: what BERT's pre-tokeniser splits on and its normaliser keeps as whitespace (other ASCII controls are dropped)
_BREAKS = re.compile(r"[ \t\n\r]+")
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ASCII_PIECE = re.compile(r"[a-z0-9]+|[!-/:-@\[-`{-~]")
_CHUNK_CACHE_MAX = 500_000
_ID_BYTES = np.dtype(np.int32).itemsize
#: whitespace other than what BERT splits on: a text holding one is split with _BREAKS, every other with str.split
_ODD_SPACE = re.compile(r"[^\S \t\n\r]")


def _chunks(text: str) -> list[str]:
    """The text's ``_BREAKS`` chunks (BERT tokenises each on its own: it never joins characters across a space, tab
    or newline and normalises character by character), from the faster ``str.split`` where that splits at the
    same places; it drops the empty chunks, which have no ids."""
    return _BREAKS.split(text) if _ODD_SPACE.search(text) else text.split()


class _ChunkIds(dict):
    """chunk -> its token ids as packed int32 bytes, made on first use: captions repeat words, so this is 7×
    faster than the library on the demo (whose per-call overhead dominates short texts), and a text's chunks are
    looked up and joined without a Python loop."""

    def __init__(self, make: Callable[[str], tuple[int, ...]]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, chunk: str) -> bytes:
        ids = self[chunk] = np.array(self.make(chunk), dtype=np.int32).tobytes()
        return ids


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
        self.vectors: np.ndarray = np.multiply(q, scales[:, None], dtype=np.float32)  # (no float32 copy of q)
        self.dim: int = int(self.vectors.shape[1])
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        self._unk_id = self._tokenizer.token_to_id(self.config.get("unk_token", "[UNK]"))
        self.batch_size = batch_size
        if self.vectors.shape[0] != self._tokenizer.get_vocab_size():
            raise ValueError("embedder vectors and tokenizer vocabulary do not match")
        # the chunked fast path reproduces exactly this pipeline; any other tokenizer uses the library per text
        # (the parts' classes are named as their "type" in tokenizer.json: no need to serialise it again)
        tok = self._tokenizer
        self._bert_chunks = (type(tok.normalizer).__name__, type(tok.pre_tokenizer).__name__,
                             type(tok.model).__name__) == ("BertNormalizer", "BertPreTokenizer", "WordPiece")
        self._chunk_ids = _ChunkIds(self._chunk_ids_uncached)

    @property
    def version(self) -> str:
        return str(self.config.get("version", "unknown"))

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids of each text (unknown tokens dropped)."""
        if not self._bert_chunks:
            return self.tokenize_exact(texts)
        return [np.frombuffer(ids, dtype=np.int32).tolist() for ids in self._packed_ids(texts)]

    def flat_ids(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`tokenize` flattened: every text's ids one after another (int32) and each text's count (int64)."""
        if not self._bert_chunks:
            ids = self.tokenize_exact(texts)
            flat = np.fromiter(itertools.chain.from_iterable(ids), dtype=np.int32)
            return flat, np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
        packed = self._packed_ids(texts)
        lengths = np.fromiter(map(len, packed), dtype=np.int64, count=len(packed)) // _ID_BYTES
        return np.frombuffer(b"".join(packed), dtype=np.int32), lengths

    def _packed_ids(self, texts: Sequence[str]) -> list[bytes]:
        """Each text's ids as packed int32 bytes: its chunks' memoised ids joined in C, no Python int per id."""
        if len(self._chunk_ids) >= _CHUNK_CACHE_MAX:  # bounded: a long-running process sees new words forever
            self._chunk_ids.clear()
        ids_of, join = self._chunk_ids.__getitem__, b"".join
        return [join(map(ids_of, _chunks(t or ""))) for t in texts]

    def tokenize_exact(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids straight from the tokenizer library (the reference :meth:`tokenize` is tested against)."""
        encodings = self._tokenizer.encode_batch([t or "" for t in texts], add_special_tokens=False)
        unk = self._unk_id
        return [[i for i in e.ids if i != unk] for e in encodings]

    def _chunk_ids_uncached(self, chunk: str) -> tuple[int, ...]:
        unk = self._unk_id
        if not chunk.isascii():
            return tuple(i for i in self._tokenizer.encode(chunk, add_special_tokens=False).ids if i != unk)
        # ASCII: BERT's normaliser drops control characters and lower-cases; its pre-tokeniser keeps runs of
        # letters and digits and isolates each punctuation character; WordPiece then splits each piece.
        model = self._tokenizer.model
        return tuple(t.id for piece in _ASCII_PIECE.findall(_ASCII_CONTROL.sub("", chunk).lower())
                     for t in model.tokenize(piece) if t.id != unk)

    def tokens(self, text: str) -> list[str]:
        """The vocabulary entries a text is split into (for inspection and evidence)."""
        return [t for t in self._tokenizer.encode(text or "", add_special_tokens=False).tokens if t != "[UNK]"]

    def encode(self, texts: Iterable[str] | str, *, normalize: bool = True) -> np.ndarray:
        if isinstance(texts, str):
            texts = [texts]
        from scipy.sparse import csr_matrix  # here, like tokenizers: importing this module stays cheap

        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            flat, lengths = self.flat_ids(batch)
            if not lengths.any():
                continue
            indptr = np.concatenate(([0], np.cumsum(lengths)))
            # texts × vocabulary token counts times the vectors: the pooled sums without gathering a
            # (tokens × dim) copy first (10× faster than np.add.reduceat; equal up to float32 rounding)
            counts = csr_matrix((np.ones(flat.size, dtype=np.float32), flat, indptr),
                                shape=(len(batch), self.vectors.shape[0]))
            sums = np.asarray(counts @ self.vectors, dtype=np.float32)
            out[start : start + len(batch)] = sums / np.maximum(lengths, 1)[:, None]
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
