"""The shipped static embedder: shape, determinism, sanity of similarities, compact storage."""

import numpy as np
import pytest

from reachroom.content.embedder import MODEL_DIR, StaticEmbedder, from_bytes, get_embedder, to_bytes


@pytest.fixture(scope="module")
def emb() -> StaticEmbedder:
    return get_embedder()


def test_model_files_are_small_and_complete():
    names = {p.name for p in MODEL_DIR.iterdir()}
    assert {"vectors.npy", "scales.npy", "tokenizer.json", "embedder.json", "niche_head.npz"} <= names
    total = sum(p.stat().st_size for p in MODEL_DIR.iterdir() if p.is_file())
    assert total < 16 * 1024 * 1024
    assert (MODEL_DIR / "niche_head.npz").stat().st_size < 1024 * 1024


def test_shape_dtype_and_unit_norm(emb):
    X = emb.encode(["Leg day at the gym 💪", "Chocolate chip cookie recipe", "A"])
    assert X.shape == (3, emb.dim) and emb.dim == 256
    assert X.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), 1.0, rtol=1e-5)


def test_deterministic_and_batch_independent(emb):
    text = "Sunset over the fjord, best hike of the summer #norway #hiking"
    alone = emb.encode([text])[0]
    in_batch = emb.encode(["something else", text, "🙂"])[1]
    again = StaticEmbedder().encode(text)[0]
    np.testing.assert_array_equal(alone, in_batch)
    np.testing.assert_array_equal(alone, again)


def test_empty_and_emoji_only_texts_give_zero_rows(emb):
    X = emb.encode(["", "🙂🙂", "   "])
    assert not X.any()


def test_related_texts_are_closer_than_unrelated(emb):
    a, b, c = emb.encode(
        [
            "my puppy loves the dog park",
            "our golden retriever dog playing fetch",
            "new lipstick and eyeshadow palette swatches",
        ]
    )
    assert a @ b > a @ c + 0.1


def test_compact_storage_roundtrip(emb):
    v = emb.encode_one("Homemade sourdough bread")
    blob = to_bytes(v)
    assert len(blob) == 2 * emb.dim
    np.testing.assert_allclose(from_bytes(blob), v, atol=1e-3)
