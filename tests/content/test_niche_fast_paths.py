"""The niche classifier's and the embedder's fast paths give exactly what the straightforward code gives.

Each test keeps the code as first written (or the library call) as the reference and compares on the content
fast-path sample (tests/content/test_fast_paths.py: demo captions in several letter cases, Unicode edge cases,
captions built from the lexicon's own terms) plus generated inputs.
"""

import re
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reachroom.content import embedder
from reachroom.content.embedder import get_embedder
from tests.content.test_fast_paths import PREPASS_EDGES, SAMPLE, TOKENIZER_EDGES

# ---- embedder ---------------------------------------------------------------------------------------------

#: whitespace of every kind, the controls BERT drops, and text around them
_SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\u200b\ufeff"
_texts = st.text(alphabet=st.sampled_from(_SPACES + "aZ9.,#@é😍子\x00\x7f"), max_size=30)


def test_chunks_are_the_break_chunks():
    """``str.split`` is used only where it splits exactly at BERT's breaks: \\s and isspace agree everywhere."""
    assert all(bool(re.match(r"\s", chr(cp))) == chr(cp).isspace() for cp in range(sys.maxunicode + 1))
    for t in SAMPLE + TOKENIZER_EDGES + [_SPACES, "a" + _SPACES + "b", "  a  b  "]:
        assert [c for c in embedder._chunks(t) if c] == [c for c in embedder._BREAKS.split(t) if c], repr(t)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_chunks_on_generated_text(t):
    assert [c for c in embedder._chunks(t) if c] == [c for c in embedder._BREAKS.split(t) if c]


def _reference_flat(texts):
    ids = get_embedder().tokenize_exact(texts)
    return [i for x in ids for i in x], [len(x) for x in ids]


def test_flat_ids_equal_the_library():
    emb = get_embedder()
    texts = SAMPLE + TOKENIZER_EDGES + PREPASS_EDGES + ["", "   ", "\n", "🙂"]
    flat, lengths = emb.flat_ids(texts)
    assert flat.dtype == np.int32 and lengths.dtype == np.int64
    assert (flat.tolist(), lengths.tolist()) == _reference_flat(texts)
    assert emb.tokenize(texts) == emb.tokenize_exact(texts)
    empty_flat, empty_lengths = emb.flat_ids([])
    assert empty_flat.size == 0 and empty_lengths.size == 0


@settings(max_examples=200, deadline=None)
@given(st.lists(_texts, max_size=5))
def test_flat_ids_on_generated_text(texts):
    flat, lengths = get_embedder().flat_ids(texts)
    assert (flat.tolist(), lengths.tolist()) == _reference_flat(texts)
