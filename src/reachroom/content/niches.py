"""Niche classification per post and per creator.

Method (details and evaluation in ``docs/content.md``):

* **Head.** One multinomial logistic regression, trained by ``scripts/train_niche_head.py`` on a generated,
  multilingual caption corpus built from self-written vocabularies (``data/niche_vocab.txt``) and hand-written
  captions (``data/niche_corpus.txt``); no real captions. Its logits add up three parts: a linear map of the
  caption's static embedding (:mod:`reachroom.content.embedder`), learned weights of the caption's sparse terms
  (words, hashtags, prefixes/suffixes of long words, emoji; see :func:`caption_terms`) and the lexicon offset
  below. Besides the taxonomy niches it has one extra class, ``generic``, for captions that say nothing about
  a niche ("Happy Monday!"); its probability tells how informative a post is.
* **Lexicon evidence.** Curated, multilingual keywords, hashtags and hashtag stems per niche
  (:mod:`reachroom.content.taxonomy`). Each niche's count of distinct matched terms ``n`` adds
  ``lexicon_weight * log(1 + n)`` to that niche's logit (a fixed offset the head was trained around), so a
  caption in Norwegian with ``#hundeliv`` lands in *pets*, and the matched terms are returned as evidence.
* **Creator aggregation.** A creator's niche scores are the normalised, informativeness-weighted geometric
  mean of their posts' niche probabilities (naive-Bayes evidence pooling; each post weighted by
  ``1 - p(generic)``); the bio and profile hashtags count as extra posts with a higher weight. Every niche
  whose share of the content (weighted mean of post probabilities) reaches ``SECONDARY_MIN_SHARE`` and half
  the primary's share is reported too, so a creator can have two niches.

Everything here is deterministic and runs on numpy only.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import threading
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

from reachroom.content import text as textutil
from reachroom.content.embedder import StaticEmbedder, get_embedder
from reachroom.content.taxonomy import BY_SLUG, NICHES, SLUGS, TAXONOMY_VERSION, normalize_token

HEAD_PATH = Path(__file__).resolve().parent / "model" / "niche_head.npz"
GENERIC = "generic"

#: logit bonus per log(1 + distinct lexicon hits), a fixed offset the head is trained around. The trained head
#: records the value it was trained with (``meta["lexicon_weight"]``), which takes precedence; 2.0 was chosen on
#: self-made validation data (held-out generated vocabulary and hand-written captions; 1.6-2.5 all similar).
LEXICON_WEIGHT = 2.0
#: lifestyle terms are weak evidence (most creators post about their life): its lexicon counts half.
LEXICON_NICHE_FACTOR = {"lifestyle": 0.5}
#: weight of a creator's bio (and of their aggregated profile hashtags) relative to one informative post.
BIO_WEIGHT = 2.0
#: a post's weight is max(MIN_POST_WEIGHT, 1 - p(generic)).
MIN_POST_WEIGHT = 0.05
#: probability floor in the geometric-mean aggregation (bounds how much one post can count against a niche).
PROB_FLOOR = 0.01
#: exponent of the creator prior when a post is read in the context of the creator's other posts.
CONTEXT_WEIGHT = 1.0
#: a second (third...) creator niche is reported when its share is >= this and >= half the top share.
SECONDARY_MIN_SHARE = 0.25
#: the creator label when the pooled scores are flat (no niche stands out): abstaining instead of guessing.
UNCLEAR = "unclear"
#: abstain when the pooled posterior's top probability is below this (13 niches: uniform is 0.077). Chosen by
#: ``scripts/calibrate_abstention.py`` on generated creators only: of the two candidate statistics (top
#: probability, margin over the runner-up) and their thresholds, the one that best separates flat creators
#: (only generic posts, or three niches evenly) from creators of one niche or of two niches in equal measure
#: (who get two labels, so must not abstain): Youden's J = 0.68, abstaining on 79 % of flat and 11 % of clear
#: generated creators (the margin's best J is 0.63: it abstains on two-niche creators).
ABSTAIN_BELOW = 0.225


#: words at least this long are also searched for hashtag stems (compounds); only stems this long are used.
COMPOUND_MIN_LEN = 8
COMPOUND_STEM_MIN_LEN = 6
#: stems that hide inside ordinary longer words ("splashes", "cardiologist").
COMPOUND_STEM_EXCLUDE = frozenset({"lashes", "cardio", "runner", "brows", "training"})

#: scripts written without spaces between words (Han, kana, Hangul with attached particles, Thai) or with
#: attached articles and pronouns (Arabic): their lexicon terms are matched inside words and hashtags.
INFIX_SCRIPT_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u0e00-\u0e7f\u1100-\u11ff\u3040-\u30ff"
                             "\u3130-\u318f\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
#: a single-character infix term must be a Han ideograph (犬, 猫, 旅); single kana or Thai letters are not words.
_HAN_RE = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
#: a ``stem*`` keyword matches words starting with the stem; only stems this long are used.
PREFIX_MIN_LEN = 3

#: distinct words whose lexicon hits a process keeps (then it starts again).
WORD_CACHE_SIZE = 200_000

#: emoji and pictographs (the embedder drops them; the lexicon and the term weights use them).
EMOJI_RE = re.compile("[\U0001f000-\U0001faff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff]")
#: words and hashtags at least this long also give their first and last TERM_AFFIX letters as terms, so an
#: unseen compound ("hundeturen", "#treningsdagbok") shares weight with the words it is built from.
TERM_AFFIX_MIN_LEN = 7
TERM_AFFIX = 5


def _word_terms(w: str) -> tuple[str, ...]:
    if len(w) < 2:
        return ()
    if len(w) >= TERM_AFFIX_MIN_LEN:
        return (w, "<" + w[:TERM_AFFIX], ">" + w[-TERM_AFFIX:])
    return (w,)


def _tag_terms(t: str) -> tuple[str, ...]:
    if len(t) >= TERM_AFFIX_MIN_LEN:
        return ("#" + t, "<" + t[:TERM_AFFIX], ">" + t[-TERM_AFFIX:])
    return ("#" + t,)


class _Memo(dict):
    """key -> make(key), made on first use: a caption's words are looked up without a Python loop, and a lookup
    returns the right value even if another thread has just cleared the memo."""

    def __init__(self, make) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: str) -> tuple[str, ...]:
        value = self[key] = self.make(key)
        return value


class _WordHits(_Memo):
    """A :class:`_Memo` of each word's lexicon hits (None when it has none) that also keeps the words with hits
    in :attr:`rich` (added before the word is stored: a word stored is never missing from it)."""

    def __init__(self, make) -> None:
        super().__init__(make)
        self.rich: set[str] = set()

    def __missing__(self, key: str):
        value = self.make(key)
        if value is not None:
            self.rich.add(key)
        self[key] = value
        return value


_WORD_TERMS = _Memo(_word_terms)
_TAG_TERMS = _Memo(_tag_terms)


def caption_terms(words: Sequence[str], tags: Sequence[str], emoji: Sequence[str]) -> list[str]:
    """Sparse terms of a normalised caption for the head's learned term weights: words (2+ letters),
    ``#tag`` for hashtags, ``<prefix`` / ``>suffix`` of long words and hashtags, and emoji. Distinct, in order."""
    for memo in (_WORD_TERMS, _TAG_TERMS):
        if len(memo) >= WORD_CACHE_SIZE:  # bounded: a long-running process sees new words forever
            memo.clear()
    chain = itertools.chain.from_iterable
    return list(dict.fromkeys(itertools.chain(chain(map(_WORD_TERMS.__getitem__, words)),
                                              chain(map(_TAG_TERMS.__getitem__, tags)), emoji)))


class _TermIds:
    """A caption's distinct :func:`caption_terms` as ints, for the head's term weights: a known term is its row
    of ``V`` plus one, any other term a negative id of its own. Each word's, hashtag's and emoji's ids are made
    once, so a caption's are looked up and de-duplicated in C (ids are distinct exactly when terms are, and in
    the same order)."""

    def __init__(self, index: dict[str, int]) -> None:
        self.index = index
        self.unknown: dict[str, int] = {}
        self._lock = threading.Lock()  # new unknown ids must stay distinct if two threads meet a new term
        self.term = _Memo(self._id)
        self.words = _Memo(lambda w: tuple(map(self.term.__getitem__, _word_terms(w))))
        self.tags = _Memo(lambda t: tuple(map(self.term.__getitem__, _tag_terms(t))))

    def __len__(self) -> int:
        return max(len(self.term), len(self.words), len(self.tags))

    def _id(self, term: str) -> int:
        row = self.index.get(term)
        if row is not None:
            return row + 1
        with self._lock:
            return self.unknown.setdefault(term, -1 - len(self.unknown))

    def of(self, words: Sequence[str], tags: Sequence[str], emoji: Sequence[str]) -> dict[int, None]:
        """The caption's distinct term ids in order (keys of the dict)."""
        chain = itertools.chain.from_iterable
        return dict.fromkeys(itertools.chain(chain(map(self.words.__getitem__, words)),
                                             chain(map(self.tags.__getitem__, tags)),
                                             map(self.term.__getitem__, emoji)))


# ---------------------------------------------------------------------------------------------------------
# Lexicon matching
# ---------------------------------------------------------------------------------------------------------


class Lexicon:
    """Matches the taxonomy's keywords, hashtags and hashtag stems against a caption."""

    def __init__(self, niches=NICHES) -> None:
        self.slugs = tuple(n.slug for n in niches)
        self._slug_index = {slug: j for j, slug in enumerate(self.slugs)}
        self._phrases: dict[str, set[str]] = {}
        self._tags: dict[str, set[str]] = {}
        self._stems: list[tuple[str, str]] = []
        self._emoji: dict[str, set[str]] = {}
        self._prefixes: dict[str, set[str]] = {}
        self._infixes: dict[str, set[str]] = {}
        self.max_phrase_len = 1
        for n in niches:
            for kw in n.keywords:
                if kw.endswith("*"):  # "çocuk*": a stem of an inflecting language
                    if len(kw) > PREFIX_MIN_LEN:
                        self._prefixes.setdefault(kw[:-1], set()).add(n.slug)
                    continue
                self._add_infix(kw, n.slug)
                parts = textutil.word_re(kw).findall(kw)
                key = " ".join(parts)
                if not key:
                    continue
                self._phrases.setdefault(key, set()).add(n.slug)
                self.max_phrase_len = max(self.max_phrase_len, len(parts))
                if len(parts) > 1:  # "mom life" also matches the hashtag #momlife
                    self._tags.setdefault("".join(parts), set()).add(n.slug)
                else:
                    self._tags.setdefault(key, set()).add(n.slug)
            for tag in n.hashtags:
                self._tags.setdefault(normalize_token(tag), set()).add(n.slug)
                self._add_infix(normalize_token(tag), n.slug)
            for stem in n.hashtag_stems:
                self._stems.append((normalize_token(stem), n.slug))
            for ch in n.emojis:
                if ch not in "\u200d\ufe0f":
                    self._emoji.setdefault(ch, set()).add(n.slug)
        self._phrase_starts = frozenset(p.split(" ", 1)[0] for p in self._phrases if " " in p)
        # sorted tuples instead of sets: the order of evidence must not depend on the process's hash seed
        self._phrases = {k: tuple(sorted(v)) for k, v in self._phrases.items()}  # type: ignore[misc]
        self._tags = {k: tuple(sorted(v)) for k, v in self._tags.items()}  # type: ignore[misc]
        self._emoji = {k: tuple(sorted(v)) for k, v in self._emoji.items()}  # type: ignore[misc]
        self._prefixes = {k: tuple(sorted(v)) for k, v in self._prefixes.items()}  # type: ignore[misc]
        self._infixes = {k: tuple(sorted(v)) for k, v in self._infixes.items()}  # type: ignore[misc]
        self._prefix_heads = frozenset(p[:PREFIX_MIN_LEN] for p in self._prefixes)
        self._prefix_lens = tuple(sorted({len(p) for p in self._prefixes}))
        first: dict[str, set[int]] = {}
        for t in self._infixes:
            first.setdefault(t[0], set()).add(len(t))
        self._infix_first = {ch: tuple(sorted(lens)) for ch, lens in first.items()}  # term lengths by first letter
        # the stems by their first two letters (stems shorter than that are tested directly)
        self._stem_index: dict[str, list[int]] = {}
        for j, (stem, _slug) in enumerate(self._stems):
            if len(stem) >= 2:
                self._stem_index.setdefault(stem[:2], []).append(j)
        self._short_stems = [j for j, (stem, _slug) in enumerate(self._stems) if len(stem) < 2]
        # the words the phrase scan looks at, and the lengths (2+ words) of the phrases each first word starts
        self._keyed = frozenset(self._phrases) | self._phrase_starts
        starts: dict[str, set[int]] = {}
        for p in self._phrases:
            parts = p.split(" ")
            if len(parts) > 1:
                starts.setdefault(parts[0], set()).add(len(parts))
        self._phrase_lens = {w: tuple(sorted(lens)) for w, lens in starts.items()}
        seconds: dict[str, set[str]] = {}
        for p in self._phrases:
            parts = p.split(" ")
            if len(parts) > 1:
                seconds.setdefault(parts[0], set()).add(parts[1])
        self._phrase_seconds = {w: frozenset(nexts) for w, nexts in seconds.items()}
        #: word -> (compound hits, prefix hits), None when it has neither (filled as words are seen)
        self._word_hits = _WordHits(self._word_hits_of)

    def _add_infix(self, term: str, slug: str) -> None:
        """Register a term of a script without word spaces (matched inside words and hashtags)."""
        if " " not in term and INFIX_SCRIPT_RE.search(term) and (len(term) >= 2 or _HAN_RE.match(term)):
            self._infixes.setdefault(term, set()).add(slug)

    def _word_hits_of(self, w: str) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] | None:
        """A word's compound-stem hits (``(slug, word)``) and stem-prefix hits (``(slug, word)``), None if none."""
        compound = self._compound_hits(w) if len(w) >= COMPOUND_MIN_LEN and w not in self._phrases else ()
        prefix = self._prefix_hits(w) if w[:PREFIX_MIN_LEN] in self._prefix_heads else ()
        return (compound, prefix) if compound or prefix else None

    @lru_cache(maxsize=65536)  # noqa: B019
    def _prefix_hits(self, word: str) -> tuple[tuple[str, str], ...]:
        hits: dict[str, str] = {}
        for k in self._prefix_lens:
            if k > len(word):
                break
            for slug in self._prefixes.get(word[:k], ()):
                hits.setdefault(slug, word)
        return tuple(hits.items())

    @lru_cache(maxsize=65536)  # noqa: B019
    def _infix_hits(self, word: str) -> tuple[tuple[str, str], ...]:
        """Lexicon terms inside a word of a script without spaces: every substring that starts like a term."""
        hits: dict[str, dict[str, None]] = {}
        n = len(word)
        first = self._infix_first
        for i, ch in enumerate(word):
            for k in first.get(ch, ()):
                if i + k > n:
                    break
                for slug in self._infixes.get(word[i : i + k], ()):
                    hits.setdefault(slug, {})[word[i : i + k]] = None
        # a term inside a longer matched term of the same niche ("كلب" in "كلبنا") is one piece of evidence
        return tuple(
            (slug, term)
            for slug, terms in hits.items()
            for term in terms
            if not any(term != other and term in other for other in terms)
        )

    @lru_cache(maxsize=65536)  # noqa: B019 - one Lexicon per process; hashtags repeat a lot
    def _tag_hits(self, tag: str) -> tuple[tuple[str, str], ...]:
        hits: dict[str, str] = {}
        for slug in self._tags.get(tag, ()):
            hits[slug] = "#" + tag
        for j in self._stems_in(tag):
            slug = self._stems[j][1]
            if slug not in hits:
                hits[slug] = "#" + tag
        return tuple(hits.items())

    @lru_cache(maxsize=65536)  # noqa: B019
    def _compound_hits(self, word: str) -> tuple[tuple[str, str], ...]:
        hits: dict[str, str] = {}
        for j in self._stems_in(word):
            stem, slug = self._stems[j]
            if len(stem) >= COMPOUND_STEM_MIN_LEN and stem not in COMPOUND_STEM_EXCLUDE:
                hits.setdefault(slug, word)
        return tuple(hits.items())

    def _stems_in(self, word: str) -> list[int]:
        """Indexes (ascending) of the hashtag stems inside the word: ``[j for j, (stem, _) in enumerate(self._stems)
        if stem in word]``, found by looking each two-letter piece of the word up instead of testing every stem."""
        stems = self._stems
        found = {j for j in self._short_stems if stems[j][0] in word}
        index = self._stem_index
        for i in range(len(word) - 1):
            for j in index.get(word[i : i + 2], ()):
                if word.startswith(stems[j][0], i):
                    found.add(j)
        return sorted(found)

    def match(self, caption: str | textutil.CaptionText) -> dict[str, list[str]]:
        """Matched evidence per niche slug: ``{"pets": ["puppy", "#dogsofinstagram"], ...}`` (distinct terms)."""
        return self.analyze(caption)[0]

    def analyze(self, caption: str | textutil.CaptionText) -> tuple[dict[str, list[str]], list[str]]:
        """``(hits, terms)``: the lexicon evidence per niche (see :meth:`match`) and the caption's sparse terms
        for the learned term weights of the head (see :func:`caption_terms`), from one normalisation pass
        (the caption's :class:`~reachroom.content.text.CaptionText`, shared with the other analyses)."""
        ct = textutil.caption_text(caption)
        hits, emo = self.scan(ct)
        return hits, caption_terms(ct.norm_words, ct.norm_tags, emo)

    def scan(self, ct: textutil.CaptionText) -> tuple[dict[str, list[str]], list[str]]:
        """``(hits, emoji)``: the lexicon evidence per niche (see :meth:`match`) and the caption's emoji."""
        found: dict[str, dict[str, None]] = {}
        caption = ct.norm
        ws = ct.norm_words
        tags = ct.norm_tags
        n = len(ws)
        phrases = self._phrases
        keyed = self._keyed
        if not keyed.isdisjoint(ws):  # most words are neither a keyword nor the start of a phrase: skipped
            lens, seconds = self._phrase_lens, self._phrase_seconds
            for i in itertools.compress(itertools.count(), map(keyed.__contains__, ws)):  # the keyed words only
                w = ws[i]
                for slug in phrases.get(w, ()):
                    found.setdefault(slug, {})[w] = None
                # a longer phrase can match only if the next word is the second word of one starting with w
                if i + 1 < n and ws[i + 1] in seconds.get(w, ()):
                    for k in lens[w]:  # only the lengths of the phrases that start with this word
                        if k > n - i:
                            break
                        phrase = " ".join(ws[i : i + k])
                        for slug in phrases.get(phrase, ()):
                            found.setdefault(slug, {})[phrase] = None
        # compound words ("treningsøkt", "fitnesseventyr", "makeuplook") contain a stem like a hashtag does, and
        # inflected words of the stems ("çocuklarla" <- "çocuk*"); each distinct word's hits are looked up once
        # per process (few words have any: the caption is skipped unless it holds one). In order of
        # appearance: evidence order must not depend on the hash seed.
        cache = self._word_hits
        if len(cache) >= WORD_CACHE_SIZE:  # bounded: a long-running process sees new words forever
            cache = self._word_hits = _WordHits(self._word_hits_of)  # (a call in progress keeps the old one)
        if not all(map(cache.__contains__, ws)):
            for w in ws:
                cache[w]  # noqa: B018 - look new words up (the memo fills itself)
        if not cache.rich.isdisjoint(ws):
            rich = list(filter(None, map(cache.__getitem__, dict.fromkeys(ws))))  # drops the words without hits
            for compound, _prefix in rich:
                for slug, w in compound:
                    found.setdefault(slug, {})[w] = None
            for _compound, prefix in rich:
                for slug, term in prefix:
                    found.setdefault(slug, {})[term] = None
        for slug, term in itertools.chain.from_iterable(map(self._tag_hits, tags)):
            found.setdefault(slug, {})[term] = None
        ascii_only = caption.isascii()  # no emoji and no script without spaces: both scans are skipped
        # words of scripts written without spaces ("子どもたちと")
        if not ascii_only and INFIX_SCRIPT_RE.search(caption):
            for w in dict.fromkeys([*ws, *tags]):
                if INFIX_SCRIPT_RE.search(w):
                    for slug, term in self._infix_hits(w):
                        found.setdefault(slug, {})[term] = None
        emo = [] if ascii_only else EMOJI_RE.findall(caption)
        for ch in dict.fromkeys(emo):
            for slug in self._emoji.get(ch, ()):
                found.setdefault(slug, {})[ch] = None
        # brand and account handles encode their category too: @colourpopcosmetics, @burtsbeesbaby
        for handle in ct.norm_mentions:
            for slug, _term in self._tag_hits(handle.replace(".", "").replace("_", "")):
                found.setdefault(slug, {})["@" + handle] = None
        return {slug: list(terms) for slug, terms in found.items()}, emo

    def features(self, caption: str | textutil.CaptionText) -> tuple[np.ndarray, dict[str, list[str]]]:
        f, hits, _terms = self.features_and_terms(caption)
        return f, hits

    def features_and_terms(
        self, caption: str | textutil.CaptionText
    ) -> tuple[np.ndarray, dict[str, list[str]], list[str]]:
        """Lexicon feature per niche (``log(1 + distinct hits)``, lifestyle halved), the hits, the sparse terms."""
        f, hits, terms = self.feature_row(caption)
        return np.array(f, dtype=np.float32), hits, terms

    def feature_row(self, caption: str | textutil.CaptionText) -> tuple[list[float], dict[str, list[str]], list[str]]:
        """:meth:`features_and_terms` with the features as a list of floats (the batch builds one array)."""
        hits, terms = self.analyze(caption)
        return self.feature_list(hits), hits, terms

    def feature_list(self, hits: dict[str, list[str]]) -> list[float]:
        """Lexicon feature per niche of a caption's hits, as a list of floats."""
        f = [0.0] * len(self.slugs)
        index = self._slug_index
        for slug, found in hits.items():
            f[index[slug]] = math.log1p(len(found)) * LEXICON_NICHE_FACTOR.get(slug, 1.0)
        return f


def round4(values: np.ndarray) -> Any:
    """``round(float(v), 4)`` of every value, vectorised: (nested) lists of Python floats, one float for 0-d.

    Python rounds the exact binary value half-to-even at the 4th decimal and returns the double nearest that
    decimal, which is ``rint(v * 1e4) / 1e4`` (a correctly rounded division of two exact doubles) whenever
    ``v * 1e4`` is rounded to the right integer; that can fail only within its rounding error of a tie (below
    1e-7 for ``|v| < 1e5``), so values within 1e-6 of one, and huge or non-finite ones, are rounded by Python."""
    x = np.asarray(values, dtype=np.float64)
    if not (np.abs(x) < 1e5).all():  # huge, inf or nan somewhere (never in probabilities): Python rounds all
        return np.vectorize(lambda v: round(float(v), 4), otypes=[object])(x).tolist() if x.size else x.tolist()
    y = x * 1e4
    out = (np.rint(y) / 1e4).tolist()
    doubtful = np.abs(y - np.floor(y) - 0.5) < 1e-6
    if doubtful.any():
        if x.ndim == 0:
            return round(float(x), 4)
        for idx in zip(*np.nonzero(doubtful), strict=True):
            row = out
            for k in idx[:-1]:
                row = row[k]
            row[idx[-1]] = round(float(x[idx]), 4)
    return out


def flat_reason(posterior: np.ndarray, slugs: Sequence[str]) -> str | None:
    """Why a creator's pooled niche posterior is too flat to name a niche (``None`` when one stands out)."""
    if len(posterior) < 2:
        return None
    second, top = (int(j) for j in np.argsort(posterior)[-2:])
    if float(posterior[top]) >= ABSTAIN_BELOW:
        return None
    return (f"no niche stands out: {slugs[top]} {posterior[top]:.0%}, {slugs[second]} {posterior[second]:.0%} "
            f"(a niche needs {ABSTAIN_BELOW:.1%})")


# ---------------------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostNiche:
    """Niche of one post. ``label`` is the most likely taxonomy niche, ``confidence`` its probability among
    the niches; ``informative`` is ``1 - p(generic)`` (low for "Happy Monday!"); ``scores`` holds every
    niche's probability; ``evidence`` the lexicon terms matched per niche."""

    label: str
    confidence: float
    informative: float
    scores: dict[str, float]
    evidence: dict[str, list[str]] = field(default_factory=dict)

    def top(self, k: int = 3) -> list[tuple[str, float]]:
        return sorted(self.scores.items(), key=lambda kv: -kv[1])[:k]


@dataclass(frozen=True)
class CreatorNiches:
    """Niches of a creator. ``primary`` is the most probable niche and ``confidence`` its pooled posterior
    (geometric pooling of the posts' evidence); ``scores`` is each niche's share of the creator's content
    (informativeness-weighted mean of post probabilities); ``labels`` lists ``(slug, value)`` for the primary
    niche (its confidence) and every further niche whose content share is >= ``SECONDARY_MIN_SHARE`` and
    >= half the primary's share (multi-label); ``evidence`` the most frequent lexicon terms per label.
    When the posterior is flat (see :func:`flat_reason`) ``primary`` is ``"unclear"``, ``labels`` starts with
    ``("unclear", top probability)`` followed by every niche with a content share >= ``SECONDARY_MIN_SHARE``,
    ``reason`` says why and ``evidence["unclear"]`` holds that reason."""

    primary: str
    confidence: float
    labels: list[tuple[str, float]]
    scores: dict[str, float]
    n_posts: int
    evidence: dict[str, list[str]] = field(default_factory=dict)
    taxonomy_version: str = TAXONOMY_VERSION
    reason: str = ""


# ---------------------------------------------------------------------------------------------------------
# Classifier
# ---------------------------------------------------------------------------------------------------------


class NicheClassifier:
    def __init__(self, embedder: StaticEmbedder | None = None, head_path: str | Path = HEAD_PATH) -> None:
        self.embedder = embedder or get_embedder()
        head = np.load(head_path, allow_pickle=False)
        self.classes: tuple[str, ...] = tuple(json.loads(str(head["classes"])))
        self.W: np.ndarray = head["W"].astype(np.float32)
        self.b: np.ndarray = head["b"].astype(np.float32)
        self.head_meta: dict = json.loads(str(head["meta"]))
        if self.W.shape != (self.embedder.dim, len(self.classes)):
            raise ValueError("niche head does not match the embedder; rerun scripts/train_niche_head.py")
        unknown = [c for c in self.classes if c != GENERIC and c not in BY_SLUG]
        if unknown:
            raise ValueError(f"niche head knows classes outside the taxonomy: {unknown}")
        # learned weights of sparse caption terms (words, hashtags, affixes, emoji); optional in older heads
        if "terms" in head.files:
            terms = json.loads(str(head["terms"]))
            self.V: np.ndarray = head["V"].astype(np.float32)
            if self.V.shape != (len(terms), len(self.classes)):
                raise ValueError("niche head term weights do not match its term list")
        else:
            terms = []
            self.V = np.zeros((0, len(self.classes)), dtype=np.float32)
        self.term_index: dict[str, int] = {t: i for i, t in enumerate(terms)}
        self._term_ids = _TermIds(self.term_index)
        self.lexicon_weight = float(self.head_meta.get("lexicon_weight", LEXICON_WEIGHT))
        self.niche_slugs: tuple[str, ...] = tuple(c for c in self.classes if c != GENERIC)
        self._niche_idx = np.array([self.classes.index(s) for s in self.niche_slugs])
        self._generic_idx = self.classes.index(GENERIC) if GENERIC in self.classes else None
        self.lexicon = Lexicon(tuple(BY_SLUG[s] for s in self.niche_slugs))

    def term_logits(self, term_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """Sum of the learned weights of each caption's known terms, scaled by ``1 / sqrt(#terms)`` (the
        caption's binary term vector has unit length), shape ``(n, n_classes)``."""
        out = np.zeros((len(term_lists), len(self.classes)), dtype=np.float32)
        if not self.term_index:
            return out
        index = self.term_index
        rows: list[int] = []
        flat: list[int] = []
        scale: list[float] = []
        for i, terms in enumerate(term_lists):
            known = [index[t] for t in terms if t in index]
            if known:
                rows.append(i)
                flat.extend(known)
                scale.append(1.0 / math.sqrt(len(terms)))
                rows.extend([-1] * (len(known) - 1))
        if not flat:
            return out
        starts = np.flatnonzero(np.array(rows) >= 0)
        sums = np.add.reduceat(self.V[np.array(flat)], starts, axis=0)
        who = np.array([r for r in rows if r >= 0])
        out[who] = sums * np.array(scale, dtype=np.float32)[:, None]
        return out

    def _term_ids_now(self) -> _TermIds:
        """The term-id memo, a fresh one when full (a call in progress keeps the one it started with)."""
        ids = self._term_ids
        if len(ids) >= WORD_CACHE_SIZE:
            ids = self._term_ids = _TermIds(self.term_index)
        return ids

    def _id_logits(self, term_ids: Sequence[Collection[int]]) -> np.ndarray:
        """:meth:`term_logits` of captions given as their distinct term ids (:class:`_TermIds`), vectorised over
        the batch: the same known rows of V summed by the same ``np.add.reduceat`` in the same order, times the
        same float32 scale, so the result is bit for bit that of :meth:`term_logits` on the terms."""
        n = len(term_ids)
        out = np.zeros((n, len(self.classes)), dtype=np.float32)
        lengths = np.fromiter(map(len, term_ids), dtype=np.int64, count=n)
        flat = np.fromiter(itertools.chain.from_iterable(term_ids), dtype=np.int64, count=int(lengths.sum()))
        known = flat > 0
        if not known.any():
            return out
        per_caption = np.bincount(np.repeat(np.arange(n), lengths)[known], minlength=n)
        who = np.flatnonzero(per_caption)
        starts = np.concatenate(([0], np.cumsum(per_caption[who])[:-1]))
        sums = np.add.reduceat(self.V[flat[known] - 1], starts, axis=0)
        scale = (1.0 / np.sqrt(lengths[who].astype(np.float64))).astype(np.float32)
        out[who] = sums * scale[:, None]
        return out

    def caption_text(self, caption: str) -> textutil.CaptionText:
        """The caption's shared derived text (the batch classifier of the content job memoises these)."""
        return textutil.CaptionText(caption)

    # -- posts ------------------------------------------------------------------------------------------
    def post_probabilities(self, captions: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[dict]]:
        """``(p_niche, informative, evidence)``: ``p_niche`` is ``(n, n_niches)`` (rows sum to 1 over the
        niches, order :attr:`niche_slugs`), ``informative`` is ``1 - p(generic)`` per post."""
        captions = [c or "" for c in captions]
        X = self.embedder.encode(captions)
        no_tokens = ~np.any(X, axis=1)  # emoji-only or empty after tokenisation
        logits = X @ self.W + self.b
        rows: list[list[float]] = []
        evidence: list[dict] = []
        term_ids: list[dict[int, None]] = []
        scan, feature_list, ids = self.lexicon.scan, self.lexicon.feature_list, self._term_ids_now()
        for c in captions:
            ct = self.caption_text(c)
            hits, emo = scan(ct)
            rows.append(feature_list(hits))
            evidence.append(hits)
            term_ids.append(ids.of(ct.norm_words, ct.norm_tags, emo))
        # the rows of Python floats cast to float32 once (what assigning each row into a float32 array did)
        lex = np.array(rows, dtype=np.float32).reshape(len(captions), len(self.niche_slugs))
        logits += self._id_logits(term_ids)
        logits[:, self._niche_idx] += self.lexicon_weight * lex
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        p_niche = p[:, self._niche_idx]
        generic = p[:, self._generic_idx] if self._generic_idx is not None else np.zeros(len(captions))
        p_niche = p_niche / p_niche.sum(axis=1, keepdims=True)
        # nothing the embedder knows and no lexicon evidence: the post says nothing about a niche
        empty = no_tokens & ~lex.any(axis=1)
        if empty.any():
            p_niche[empty] = 1.0 / len(self.niche_slugs)
            generic = np.where(empty, 1.0, generic)
        return p_niche, 1.0 - generic, evidence

    def classify_posts(self, captions: Sequence[str]) -> list[PostNiche]:
        p, informative, evidence = self.post_probabilities(captions)
        out = []
        for i in range(len(p)):
            j = int(p[i].argmax())
            out.append(
                PostNiche(
                    label=self.niche_slugs[j],
                    confidence=round(float(p[i, j]), 4),
                    informative=round(float(informative[i]), 4),
                    scores={s: round(float(v), 4) for s, v in zip(self.niche_slugs, p[i], strict=True)},
                    evidence=evidence[i],
                )
            )
        return out

    def classify_post(self, caption: str) -> PostNiche:
        return self.classify_posts([caption])[0]

    # -- creators ---------------------------------------------------------------------------------------
    def classify_creator(
        self,
        posts: Iterable[str],
        *,
        bio: str | None = None,
        hashtags: Iterable[str] | None = None,
    ) -> CreatorNiches:
        """Aggregate a creator's recent posts (plus optional bio and profile hashtags) into niches."""
        docs = [p for p in posts if p and p.strip()]
        n_posts = len(docs)
        weights_extra: list[float] = []
        if bio and bio.strip():
            docs.append(bio)
            weights_extra.append(BIO_WEIGHT)
        if hashtags:
            tags = " ".join("#" + h.lstrip("#") for h in hashtags if h and h.strip("#"))
            if tags:
                docs.append(tags)
                weights_extra.append(BIO_WEIGHT)
        if not docs:
            uniform = 1.0 / len(self.niche_slugs)
            scores = {s: round(uniform, 4) for s in self.niche_slugs}
            return CreatorNiches("lifestyle", 0.0, [], scores, 0)
        p, informative, evidence = self.post_probabilities(docs)
        extra = np.ones(len(docs))
        if weights_extra:
            extra[n_posts:] = np.array(weights_extra)
        w = np.maximum(informative, MIN_POST_WEIGHT) * extra
        shares = (p * w[:, None]).sum(axis=0) / w.sum()
        return self._aggregate(self.aggregate(p, informative, extra), shares, evidence, n_posts)

    def in_context(self, p_niche: np.ndarray, informative: np.ndarray) -> np.ndarray:
        """Post niche probabilities of one creator's posts, each read in the context of the creator's *other*
        posts: ``p(post) * prior ** CONTEXT_WEIGHT`` renormalised, where ``prior`` is the leave-this-post-out
        creator share. "Layers //" from a fashion creator becomes fashion; an informative caption keeps its
        own label unless the rest of the feed strongly disagrees."""
        n = len(p_niche)
        if n < 2:
            return p_niche.copy()
        # every post's leave-one-out :meth:`aggregate` at once: row i of ``others`` lists the other posts in
        # order, so each sum adds the same numbers in the same order as the one-post-at-a-time loop did
        # (tests/content/test_niches.py compares the two)
        others = _others(n)
        w = np.maximum(informative, MIN_POST_WEIGHT)
        weighted = np.log(p_niche + PROB_FLOOR) * w[:, None]
        score = weighted[others].sum(axis=1) / w[others].sum(axis=1)[:, None]
        score = np.exp(score - score.max(axis=1, keepdims=True))
        prior = score / score.sum(axis=1, keepdims=True)
        q = p_niche * np.power(np.maximum(prior, 1e-6), CONTEXT_WEIGHT)
        return (q / q.sum(axis=1, keepdims=True)).astype(p_niche.dtype, copy=False)

    def _in_context_loop(self, p_niche: np.ndarray, informative: np.ndarray) -> np.ndarray:
        """:meth:`in_context` one post at a time (the reference the vectorised one is tested against)."""
        n = len(p_niche)
        if n < 2:
            return p_niche.copy()
        out = np.empty_like(p_niche)
        keep = np.ones(n, dtype=bool)
        for i in range(n):
            keep[i] = False
            prior = self.aggregate(p_niche[keep], informative[keep])
            keep[i] = True
            q = p_niche[i] * np.power(np.maximum(prior, 1e-6), CONTEXT_WEIGHT)
            out[i] = q / q.sum()
        return out

    def classify_creator_posts(self, posts: Sequence[str]) -> list[PostNiche]:
        """Per-post niches of one creator's posts, each in the context of the others (see :meth:`in_context`)."""
        p, informative, evidence = self.post_probabilities(list(posts))
        q = self.in_context(p, informative)
        # plain Python floats once (round4 is round(v, 4) of every value, vectorised), not a NumPy scalar per
        # value; argmax is the first maximum (of the unrounded row)
        best, rows, inf = q.argmax(axis=1).tolist() if len(q) else [], round4(q), round4(informative)
        slugs = self.niche_slugs
        return [
            PostNiche(label=slugs[b], confidence=row[b], informative=x, scores=dict(zip(slugs, row, strict=True)),
                      evidence=ev)
            for b, row, x, ev in zip(best, rows, inf, evidence, strict=True)
        ]

    def aggregate(self, p_niche: np.ndarray, informative: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Creator niche shares from post probabilities (also for batch jobs): the informativeness-weighted
        geometric mean of the posts' probabilities (floored at ``PROB_FLOOR`` so one odd post cannot veto a
        niche), renormalised. This is the naive-Bayes combination of independent pieces of evidence."""
        w = np.maximum(informative, MIN_POST_WEIGHT)
        if weights is not None:
            w = w * weights
        logp = np.log(p_niche + PROB_FLOOR)
        score = (logp * w[:, None]).sum(axis=0) / w.sum()
        score = np.exp(score - score.max())
        return score / score.sum()

    def _aggregate(self, posterior: np.ndarray, share: np.ndarray, evidence: list[dict], n_posts: int) -> CreatorNiches:
        slugs = self.niche_slugs
        primary = int(posterior.argmax())
        confidence = round(float(posterior[primary]), 4)
        rounded = round4(share)
        scores = dict(zip(slugs, rounded, strict=True))
        reason = flat_reason(posterior, slugs)
        # Python floats and ints once (share holds float64, so the comparisons are the same)
        values, order = share.tolist(), np.argsort(-share).tolist()
        if reason:  # abstain: "unclear" with the reason, then any niche with a real share of the content
            labels = [(UNCLEAR, confidence)]
            labels += [(slugs[j], rounded[j]) for j in order if values[j] >= SECONDARY_MIN_SHARE]
        else:
            labels = [(slugs[primary], confidence)]
            top = values[primary]
            for j in order:
                s = values[j]
                if j != primary and s >= SECONDARY_MIN_SHARE and s >= 0.5 * top:
                    labels.append((slugs[j], rounded[j]))
        # the labelled niches' evidence terms, counted over the posts in order of first appearance (so the
        # stable sort keeps that order among equal counts)
        wanted = dict(labels)
        merged: dict[str, list[list[str]]] = {}
        for hits in evidence:
            for slug, terms in hits.items():
                if slug in wanted:
                    merged.setdefault(slug, []).append(terms)
        ev = {
            slug: [t for t, _ in sorted(Counter(itertools.chain.from_iterable(lists)).items(),
                                        key=itemgetter(1), reverse=True)[:10]]  # (stable: ties keep their order)
            for slug, lists in merged.items()
        }
        if reason:
            ev[UNCLEAR] = [reason]
        return CreatorNiches(
            primary=labels[0][0],
            confidence=confidence,
            labels=labels,
            scores=scores,
            n_posts=n_posts,
            evidence=ev,
            reason=reason or "",
        )


@lru_cache(maxsize=64)
def _others(n: int) -> np.ndarray:
    """Row i lists 0..n-1 without i, in order (the posts other than post i; read-only, shared)."""
    out = np.array([[j for j in range(n) if j != i] for i in range(n)])
    out.flags.writeable = False
    return out


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _default() -> NicheClassifier:
    return NicheClassifier()


def get_classifier() -> NicheClassifier:
    """The shared classifier (embedder + trained head shipped with the package)."""
    with _lock:
        return _default()


def classify_post(caption: str) -> PostNiche:
    return get_classifier().classify_post(caption)


def classify_posts(captions: Sequence[str]) -> list[PostNiche]:
    return get_classifier().classify_posts(captions)


def classify_creator(
    posts: Iterable[str], *, bio: str | None = None, hashtags: Iterable[str] | None = None
) -> CreatorNiches:
    return get_classifier().classify_creator(posts, bio=bio, hashtags=hashtags)


__all__ = [
    "GENERIC",
    "SLUGS",
    "UNCLEAR",
    "CreatorNiches",
    "Lexicon",
    "NicheClassifier",
    "PostNiche",
    "classify_creator",
    "classify_post",
    "classify_posts",
    "flat_reason",
    "get_classifier",
]
