"""The niche classifier's and the embedder's fast paths give exactly what the straightforward code gives.

Each test keeps the code as first written (or the library call) as the reference and compares on the content
fast-path sample (tests/content/test_fast_paths.py: demo captions in several letter cases, Unicode edge cases,
captions built from the lexicon's own terms) plus generated inputs.
"""

import re
import sys
import unicodedata

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reachroom.content import embedder, niches, taxonomy, text
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


# ---- niche classifier: rounding and the per-creator results -----------------------------------------------

_ROUND_EDGES = [0.0, -0.0, 0.5, 1.0, 0.03125, 0.00005, 0.00015, 0.99995, 1e-300, 5e-324, 99999.99995, 1e5, 1e300,
                float("nan"), float("inf"), -float("inf"), -0.00004, -0.00005, -0.12345]


def _near_ties() -> np.ndarray:
    """Every 4-decimal tie k/20000 in [0, 1] (most are not exact doubles) and the doubles either side of it."""
    ties = np.arange(20001) / 20000
    return np.concatenate([ties, np.nextafter(ties, 2), np.nextafter(ties, -1), np.array(_ROUND_EDGES)])


def _same_floats(a, b) -> bool:
    return [repr(x) for x in a] == [repr(x) for x in b]  # repr: -0.0 != 0.0, nan == nan


def test_round4_equals_python_round_near_every_tie():
    x = _near_ties()
    assert _same_floats(niches.round4(x), [round(float(v), 4) for v in x])
    grid = x[: 13 * 4000].reshape(-1, 13)
    assert [_same_floats(r, [round(float(v), 4) for v in row]) for r, row in zip(niches.round4(grid), grid,
                                                                                   strict=True)] == [True] * len(grid)
    assert niches.round4(np.float64(0.03125)) == 0.0312 and niches.round4(np.zeros((0, 13))) == []
    f32 = np.random.default_rng(0).random((500, 13), dtype=np.float32)
    assert niches.round4(f32) == [[round(v, 4) for v in row] for row in f32.tolist()]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=20))
def test_round4_on_generated_floats(values):
    x = np.array(values, dtype=np.float64)
    assert _same_floats(niches.round4(x), [round(float(v), 4) for v in x])


def _reference_creator_posts(clf, posts) -> list:
    """classify_creator_posts as first written: a rounded dict comprehension per post."""
    p, informative, evidence = clf.post_probabilities(list(posts))
    q = clf.in_context(p, informative)
    best, rows, inf = q.argmax(axis=1).tolist() if len(q) else [], q.tolist(), informative.tolist()
    return [
        niches.PostNiche(label=clf.niche_slugs[best[i]], confidence=round(rows[i][best[i]], 4),
                         informative=round(inf[i], 4),
                         scores={s: round(v, 4) for s, v in zip(clf.niche_slugs, rows[i], strict=True)},
                         evidence=evidence[i])
        for i in range(len(q))
    ]


def _reference_aggregate(clf, posterior, share, evidence, n_posts) -> niches.CreatorNiches:
    """NicheClassifier._aggregate as first written."""
    primary = int(posterior.argmax())
    confidence = round(float(posterior[primary]), 4)
    scores = {s: round(float(v), 4) for s, v in zip(clf.niche_slugs, share, strict=True)}
    reason = niches.flat_reason(posterior, clf.niche_slugs)
    if reason:
        labels = [(niches.UNCLEAR, confidence)]
        labels += [(clf.niche_slugs[j], round(float(share[j]), 4))
                   for j in np.argsort(-share) if share[j] >= niches.SECONDARY_MIN_SHARE]
    else:
        labels = [(clf.niche_slugs[primary], confidence)]
        top = float(share[primary])
        for j in np.argsort(-share):
            s = float(share[j])
            if j != primary and s >= niches.SECONDARY_MIN_SHARE and s >= 0.5 * top:
                labels.append((clf.niche_slugs[j], round(s, 4)))
    merged: dict[str, dict[str, int]] = {}
    for hits in evidence:
        for slug, terms in hits.items():
            bucket = merged.setdefault(slug, {})
            for t in terms:
                bucket[t] = bucket.get(t, 0) + 1
    ev = {slug: [t for t, _ in sorted(terms.items(), key=lambda kv: -kv[1])[:10]]
          for slug, terms in merged.items() if slug in dict(labels)}
    if reason:
        ev[niches.UNCLEAR] = [reason]
    return niches.CreatorNiches(primary=labels[0][0], confidence=confidence, labels=labels, scores=scores,
                                n_posts=n_posts, evidence=ev, reason=reason or "")


def _creators(n: int = 300) -> list[list[str]]:
    """Creators of 0-14 captions drawn from the sample (so niches mix, repeat and tie)."""
    rng = np.random.default_rng(11)
    pool = SAMPLE + PREPASS_EDGES + ["", "   ", "🙂", "#ad", "Happy Monday!"]
    return [[pool[i] for i in rng.integers(0, len(pool), rng.integers(0, 15))] for _ in range(n)]


def test_creator_posts_and_aggregate_equal_the_reference(monkeypatch):
    clf = niches.get_classifier()
    calls, results = [], []
    monkeypatch.setattr(clf, "_aggregate", lambda *a: calls.append(a) or niches.NicheClassifier._aggregate(clf, *a))
    for posts in _creators():
        assert clf.classify_creator_posts(posts) == _reference_creator_posts(clf, posts)
        before = len(calls)
        got = clf.classify_creator(posts, bio=posts[0] if posts else None)
        if len(calls) > before:  # (no captions and no bio: no aggregation)
            assert got == _reference_aggregate(clf, *calls[-1])
        results.append(got)
    assert len(calls) > 250
    assert sum(bool(r.reason) for r in results) > 50 and sum(len(r.labels) > 1 for r in results) > 20


# ---- niche classifier: the batch's post probabilities ------------------------------------------------------

def _reference_post_probabilities(clf, captions):
    """NicheClassifier.post_probabilities as first written: feature_row and the caption's terms per caption, then
    term_logits over the term lists."""
    captions = [c or "" for c in captions]
    X = clf.embedder.encode(captions)
    no_tokens = ~np.any(X, axis=1)
    logits = X @ clf.W + clf.b
    rows, evidence, term_lists = [], [], []
    for c in captions:
        f, hits, terms = clf.lexicon.feature_row(clf.caption_text(c))
        rows.append(f)
        evidence.append(hits)
        term_lists.append(terms)
    lex = np.array(rows, dtype=np.float32).reshape(len(captions), len(clf.niche_slugs))
    logits += clf.term_logits(term_lists)
    logits[:, clf._niche_idx] += clf.lexicon_weight * lex
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    p_niche = p[:, clf._niche_idx]
    generic = p[:, clf._generic_idx]
    p_niche = p_niche / p_niche.sum(axis=1, keepdims=True)
    empty = no_tokens & ~lex.any(axis=1)
    if empty.any():
        p_niche[empty] = 1.0 / len(clf.niche_slugs)
        generic = np.where(empty, 1.0, generic)
    return p_niche, 1.0 - generic, evidence


def _lexicon_sample() -> list[str]:
    from tests.content.test_fast_paths import _lexicon_captions

    return _lexicon_captions(niches.Lexicon()) + ["", "   ", "🙂🙂", "a", "#a", "x" * 40, "🐶 #hundeliv 🐶"]


def test_post_probabilities_equal_the_reference_bit_for_bit():
    clf = niches.NicheClassifier()
    captions = _lexicon_sample()
    for batch in (captions, captions[:7], captions[-3:], captions[5:6], []):
        got, want = clf.post_probabilities(batch), _reference_post_probabilities(clf, batch)
        assert got[0].dtype == want[0].dtype and got[0].tobytes() == want[0].tobytes()
        assert got[1].tobytes() == want[1].tobytes() and got[2] == want[2]


def test_term_ids_are_the_caption_terms():
    clf = niches.NicheClassifier()
    ids = niches._TermIds(clf.term_index)
    term_of = {i + 1: t for t, i in clf.term_index.items()}
    captions = _lexicon_sample()
    id_lists, term_lists = [], []
    for caption in captions:
        ct = text.CaptionText(caption)
        _hits, emo = clf.lexicon.scan(ct)
        id_lists.append(ids.of(ct.norm_words, ct.norm_tags, emo))
        term_lists.append(niches.caption_terms(ct.norm_words, ct.norm_tags, emo))
    assert len(set(ids.unknown.values())) == len(ids.unknown) > 1000
    term_of |= {j: t for t, j in ids.unknown.items()}
    assert [[term_of[i] for i in x] for x in id_lists] == term_lists
    assert clf._id_logits(id_lists).tobytes() == clf.term_logits(term_lists).tobytes()
    assert clf._id_logits([{}, {-1: None}]).tobytes() == clf.term_logits([[], ["not a known term"]]).tobytes()


# ---- taxonomy.normalize_token -------------------------------------------------------------------------------

def _reference_normalize(text_: str) -> str:
    """normalize_token as first written: the whole text through every step."""
    from reachroom.content.taxonomy import _COMBINING, _FOLD

    if text_.isascii():
        return text_.lower()
    decomposed = unicodedata.normalize("NFKD", text_.lower().translate(_FOLD))
    return unicodedata.normalize("NFC", _COMBINING.sub("", decomposed)).translate(_FOLD)


def test_joins_back_is_every_starter_nfc_can_join_to_the_one_before():
    seconds = set()
    for cp in range(sys.maxunicode + 1):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<") and len(d.split()) == 2:
            seconds.add(chr(int(d.split()[1], 16)))
    hangul = {chr(cp) for cp in [*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)]}
    assert taxonomy._JOINS_BACK == {c for c in seconds if unicodedata.combining(c) == 0} | hangul


def test_normalize_token_of_every_character_in_context():
    """Every code point (all of the BMP, every 11th above it) between letters, marks and jamo."""
    cps = [*range(0x10000), *range(0x10000, sys.maxunicode + 1, 11)]
    chars = [chr(cp) for cp in cps if not 0xD800 <= cp <= 0xDFFF]
    for around in ("é", "e\u0301", "가", "\u09c7Σ"):
        for i in range(0, len(chars), 64):
            piece = around.join(chars[i : i + 64]) + around
            assert taxonomy.normalize_token(piece) == _reference_normalize(piece), ascii(piece)
    assert all(taxonomy.normalize_token(c) == _reference_normalize(c) for c in chars[:0x3000])


_TRICKY = ("aAzZ09 .#@'’ΣσςΊΑéÉe\u0301\u0323\u0308o\u0338\u034f\u20dd\u0670\u064eكـأإآٱى\u093c\u0915\u09c7\u09be"
           "\u0b47\u0b3e\u0bc6\u0bbe\u1100\u1161\u11a8가각かが\u3099\u309aİıſ\u212aǅǄﬁⒶ①ẞßøæœłđ\u200d\ufe0f😍\uffff\u0f71\u0f72\u0f73")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TRICKY), max_size=12))
def test_normalize_token_on_generated_text(t):
    assert taxonomy.normalize_token(t) == _reference_normalize(t)


def test_normalize_token_on_the_samples():
    for t in _lexicon_sample():
        for variant in (t, t.upper(), t.title()):
            assert taxonomy.normalize_token(variant) == _reference_normalize(variant), variant


def test_full_memos_start_again_with_the_same_results(monkeypatch):
    """With tiny memo bounds every memo (word hits, term ids, character folds) is replaced or emptied again
    and again mid-batch; the results stay those of the code as first written."""
    monkeypatch.setattr(niches, "WORD_CACHE_SIZE", 40)
    monkeypatch.setattr(taxonomy, "_CHAR_FOLD_MAX", 30)
    clf = niches.NicheClassifier()
    captions = _lexicon_sample()[::3]
    for start in range(0, len(captions), 50):
        batch = captions[start : start + 50]
        got, want = clf.post_probabilities(batch), _reference_post_probabilities(clf, batch)
        assert got[0].tobytes() == want[0].tobytes() and got[1].tobytes() == want[1].tobytes() and got[2] == want[2]
        assert [taxonomy.normalize_token(c) for c in batch] == [_reference_normalize(c) for c in batch]
    assert len(clf.lexicon._word_hits) < 200 and len(clf._term_ids) < 200


def test_embedder_reads_its_pipeline_and_vectors_as_the_files_say():
    import json

    emb = get_embedder()
    spec = json.loads(emb._tokenizer.to_str())
    assert emb._bert_chunks == ((spec.get("normalizer") or {}).get("type") == "BertNormalizer"
                                and (spec.get("pre_tokenizer") or {}).get("type") == "BertPreTokenizer"
                                and spec["model"].get("type") == "WordPiece") is True
    q = np.load(embedder.MODEL_DIR / "vectors.npy")
    scales = np.load(embedder.MODEL_DIR / "scales.npy").astype(np.float32)
    assert emb.vectors.dtype == np.float32
    assert emb.vectors.tobytes() == (q.astype(np.float32) * scales[:, None]).tobytes()
