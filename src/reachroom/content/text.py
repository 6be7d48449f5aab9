"""Small text utilities shared by the content modules (pure functions, no dependencies beyond the stdlib)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from typing import Any, Generic, TypeVar, overload

from reachroom.content.taxonomy import normalize_token

T = TypeVar("T")
HASHTAG_RE = re.compile(r"(?<![\w&])#(\w+)", re.UNICODE)
#: vowel signs and other marks that spell letters in Indic scripts, Thai/Lao, Myanmar and Khmer (and kana
#: voicing marks): Python's ``\w`` excludes them, which would cut "बच्चे" into "बच" + "च". Captions in these
#: scripts use the mark-aware patterns below; everything else keeps the faster plain ones.
_MARK_SCRIPTS = "\u0900-\u0dff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3099\u309a"
_MARK_SCRIPT_RE = re.compile(f"[{_MARK_SCRIPTS}]")
_LETTER = f"(?:[^\\W\\d_]|[{_MARK_SCRIPTS}])"
HASHTAG_MARKS_RE = re.compile(f"(?<![\\w&])#((?:\\w|[{_MARK_SCRIPTS}])+)", re.UNICODE)
MENTION_RE = re.compile(r"(?<![\w.])@([\w.]+\w)", re.UNICODE)
URL_RE = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:ly|gl|me|co|com|io|link|to)/\S*")
WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)
WORD_MARKS_RE = re.compile(f"{_LETTER}+(?:['’\\-]{_LETTER}+)*", re.UNICODE)


def word_re(text: str) -> re.Pattern[str]:
    """The word pattern for this text: mark-aware when it holds an Indic, Thai, Myanmar or Khmer letter."""
    return WORD_RE if text.isascii() or not _MARK_SCRIPT_RE.search(text) else WORD_MARKS_RE


def hashtag_re(text: str) -> re.Pattern[str]:
    """The hashtag pattern for this text (mark-aware like :func:`word_re`)."""
    return HASHTAG_RE if text.isascii() or not _MARK_SCRIPT_RE.search(text) else HASHTAG_MARKS_RE


def normalize(text: str) -> str:
    """Lower case, accents stripped, ø/æ/ß folded (the form lexicons are kept in)."""
    return normalize_token(text or "")


def hashtags(text: str) -> list[str]:
    """Hashtag bodies in order of appearance, normalised (``"#DogsOfInstagram"`` -> ``"dogsofinstagram"``)."""
    return [normalize(h) for h in hashtag_re(text or "").findall(text or "")]


def mentions(text: str) -> list[str]:
    """@-mentions (handles) in order of appearance, lower-cased, without the ``@``."""
    return [m.lower() for m in MENTION_RE.findall(text or "")]


def urls(text: str) -> list[str]:
    return URL_RE.findall(text or "")


def strip_urls(text: str) -> str:
    """``URL_RE.sub(" ", text)``, skipped when the text cannot hold a link: every match contains a "/" or
    "www." (``re`` folds no other character onto "w" or "."), so the text is returned as it is."""
    if "/" in text or "www." in text.lower():
        return URL_RE.sub(" ", text)
    return text


def body_text(text: str) -> str:
    """The text with links, @-mentions and hashtags replaced by a space (each pattern runs only when the
    character every match of it needs, "@" or "#", is in the text: the same result, cheaper)."""
    body = strip_urls(text or "")
    if "@" in body:
        body = MENTION_RE.sub(" ", body)
    if "#" in body:
        body = hashtag_re(body).sub(" ", body)
    return body


def words(text: str, *, normalized: bool = False) -> list[str]:
    """Normalised words of the text body (hashtags, mentions and links removed)."""
    body = body_text(text)
    return word_re(body).findall(body if normalized else normalize(body))


def is_emoji(ch: str) -> bool:
    cp = ord(ch)
    if 0x1F000 <= cp <= 0x1FAFF or 0x2600 <= cp <= 0x27BF or 0x1F900 <= cp <= 0x1F9FF:
        return True
    return unicodedata.category(ch) == "So" and cp > 0x2000


#: every emoji is above U+2000, so only those characters are looked at (captions are mostly ASCII).
_ABOVE_2000 = re.compile("[\u2001-\U0010ffff]")


def emojis(text: str) -> list[str]:
    if not text or text.isascii():
        return []
    return [ch for ch in _ABOVE_2000.findall(text) if is_emoji(ch)]


def caseless(text: str) -> str | None:
    """``text.lower()`` when a case-sensitive search of it finds exactly what an IGNORECASE search of ``text``
    finds, at the same offsets, else None. True unless a character lower-cases to two (``İ``) or is one of
    the two that ``re`` folds onto an ASCII letter besides its own lower case (``ı``, ``ſ``). Searching the
    lower-cased text is 3-5x faster with ``re``'s long IGNORECASE alternations."""
    low = text.lower()
    if len(low) != len(text) or "ı" in text or "ſ" in text:
        return None
    return low


class CaselessPattern:
    """A case-insensitive pattern (written in lower case) searched on :func:`caseless` text where possible.

    ``needles``: lower-case substrings one of which every match contains; when the lower-cased text has none
    of them the regex is not run at all (a patterns that starts with optional words is slow to scan).
    ``gate``: for a pattern with an alternative no substring covers, a cheap pattern every match of that
    alternative contains; the text must then hold a needle or match the gate. Which needles a caption holds
    is found once per caption for every pattern (:attr:`CaptionText.cues`), so a pattern created after a
    caption's cues were read is not gated for that caption's cues: create patterns at import.
    ``in_chunks``: every match lies inside one whitespace-free chunk and reads nothing outside it (no
    whitespace, no lookaround; a ``\\b`` at the chunk's edge sees a boundary either way), so the text's matches
    are its chunks' matches and :meth:`count` adds up per-chunk counts, memoised (chunks repeat)."""

    def __init__(
        self, pattern: str, needles: tuple[str, ...] = (), gate: Gate | None = None, *, in_chunks: bool = False
    ) -> None:
        self.exact = re.compile(pattern)
        self.ignorecase = re.compile(pattern, re.IGNORECASE)
        self.needles = needles
        self.gate = gate
        self.chunk_counts = ChunkMemo(lambda chunk: len(self.exact.findall(chunk))) if in_chunks else None
        if needles:
            _CUES.add(self)

    def finditer(self, ct: CaptionText):
        """Matches in the caption; read their text with :func:`span_text` (they may be on the lower-cased copy)."""
        low = ct.low
        if low is None:
            return self.ignorecase.finditer(ct.text)
        if self.needles and self not in ct.cues:
            return iter(())
        return self.exact.finditer(low)

    def match(self, ct: CaptionText) -> re.Match | None:
        """A match at the start of the text (for a pattern anchored with ``^``: the first of :meth:`finditer`,
        without scanning every position for the anchor)."""
        low = ct.low
        return self.ignorecase.match(ct.text) if low is None else self.exact.match(low)

    def count(self, ct: CaptionText) -> int:
        """How many non-overlapping matches (``findall`` lists one item per match, whatever the groups)."""
        low = ct.low
        if low is None:
            return len(self.ignorecase.findall(ct.text))
        if self.needles and self not in ct.cues:
            return 0
        if self.chunk_counts is not None:
            return sum(map(self.chunk_counts.__getitem__, ct.chunks))
        return len(self.exact.findall(low))


class ChunkMemo(dict):
    """Chunk (a whitespace-free run of a caption) -> ``make(chunk)``, made on first sight: chunks repeat
    across captions (3.6k distinct ones in the 2k demo's 33k captions), so most lookups are hits. Read it with
    ``map(memo.__getitem__, chunks)`` (no Python call per chunk on a hit)."""

    def __init__(self, make) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, chunk: str):
        if len(self) >= _CHUNKS_MAX:
            self.clear()
        value = self[chunk] = self.make(chunk)
        return value


@dataclass(frozen=True)
class Gate:
    """A :class:`CaselessPattern`'s gate: ``pattern``, whose every match, split at whitespace, either lies in
    one chunk holding one of ``inside`` or starts in a chunk ending with ``head``."""

    pattern: str
    inside: tuple[str, ...]
    head: str


class _Cue:
    """A needle (or gate) and the patterns it lets through. ``verify`` is None when finding the cue in a
    chunk proves it is in the text, else the test to run on the whole lower-cased text."""

    __slots__ = ("patterns", "verify")

    def __init__(self, verify) -> None:
        self.patterns: set[CaselessPattern] = set()
        self.verify = verify


class _CueTable(dict):
    """Chunk (a whitespace-free run of lower-cased text) -> the cues it holds, filled on first sight.

    A needle without whitespace occurs in a text exactly when it occurs in one of the text's chunks
    (``str.split()`` splits at the characters ``re`` calls whitespace). A needle with whitespace ("link in ",
    "to @") or a gate match that spans chunks starts in a chunk that ends with the part before the first
    whitespace (its head): that chunk only makes it a candidate, checked on the whole text. Chunks repeat
    across captions (3.6k distinct chunks in the 2k demo's 33k captions), so most lookups are hits."""

    def __init__(self) -> None:
        super().__init__()
        self.patterns: list[CaselessPattern] = []
        self.inside: dict[str, _Cue] = {}  # whitespace-free needle -> its cue
        self.heads: dict[tuple[str, object], _Cue] = {}  # (head, verify) -> its cue
        self.all: frozenset[CaselessPattern] = frozenset()

    def add(self, pattern: CaselessPattern) -> None:
        self.patterns.append(pattern)
        self.all = frozenset(self.patterns)
        for needle in pattern.needles:
            if needle.split() == [needle]:
                self.inside.setdefault(needle, _Cue(None)).patterns.add(pattern)
            else:  # its head: the part before the first whitespace ("" for a leading space: every chunk)
                head = needle.split()[0] if needle[:1].strip() else ""
                self.heads.setdefault((head, needle), _Cue(_contains(needle))).patterns.add(pattern)
        if pattern.gate is not None:
            for needle in pattern.gate.inside:
                self.inside.setdefault(needle, _Cue(None)).patterns.add(pattern)
            search = re.compile(pattern.gate.pattern).search
            self.heads.setdefault((pattern.gate.head, search), _Cue(search)).patterns.add(pattern)
        self.clear()

    def __missing__(self, chunk: str) -> frozenset[_Cue]:
        found = frozenset(
            [cue for needle, cue in self.inside.items() if needle in chunk]
            + [cue for (head, _), cue in self.heads.items() if chunk.endswith(head)]
        )
        if len(self) >= _CHUNKS_MAX:
            self.clear()
        self[chunk] = found
        return found

    def patterns_in(self, low: str, chunks: list[str]) -> frozenset[CaselessPattern]:
        """The patterns one of whose needles (or gate) the lower-cased text (split into ``chunks``) holds."""
        hits = list(filter(None, map(self.__getitem__, chunks)))
        if not hits:
            return _NO_PATTERNS
        return frozenset(p for cue in frozenset().union(*hits) if cue.verify is None or cue.verify(low)
                         for p in cue.patterns)


def _contains(needle: str):
    """The test ``needle in low``."""
    return lambda low: needle in low


#: chunks one memo keeps at most, then it starts again (the 2k demo's captions have 3.6k distinct chunks)
_CHUNKS_MAX = 50_000
_NO_PATTERNS: frozenset[CaselessPattern] = frozenset()
_CUES = _CueTable()


def span_text(text: str, m: re.Match, group: int = 0) -> str | None:
    """The original text of a match's group (the match may be on the lower-cased copy)."""
    start, end = m.span(group)
    return None if start < 0 else text[start:end]


@lru_cache(maxsize=65536)
def normalize_short(token: str) -> str:
    """:func:`normalize` of a short, repeating string (a hashtag body), memoised."""
    return normalize_token(token)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=65536)
def _inert(ch: str) -> bool:
    """True for a non-ASCII character that :func:`normalize` and ``str.lower`` leave as it is wherever it stands
    and that no pattern here reads as a letter: a symbol, punctuation, separator or format character (emoji,
    "—", "·"; not "’", which is folded), or a variation selector (U+FE00-FE0F: the "️" after most emoji, a
    mark of combining class 0 that decomposes to nothing else). None of these is the second half of a canonical
    composition (checked by tests/content/test_fast_paths.py), so NFC never joins one to its neighbour."""
    kind = unicodedata.category(ch)[0] in "SPZC" or "\ufe00" <= ch <= "\ufe0f"
    return kind and ch.lower() == ch and normalize_token(ch) == ch


class _derived(Generic[T]):
    """A :class:`CaptionText` piece: computed on first read, then an ordinary attribute of the instance (a
    descriptor without ``__set__``, so the instance's value wins; cheaper than ``__getattr__``, which Python
    calls only after a failed lookup, and than ``functools.cached_property``, which takes a lock)."""

    def __init__(self, make: Callable[[Any], T]) -> None:
        self.make = make
        self.name = make.__name__

    @overload
    def __get__(self, obj: None, owner: type) -> _derived[T]: ...

    @overload
    def __get__(self, obj: object, owner: type) -> T: ...

    def __get__(self, obj, owner):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.make(obj)
        return value


class CaptionText:
    """One caption's derived text, each piece computed once, on first use, and shared by the analyses
    (niches, sponsorship, safety, tone) that would otherwise each derive it again.

    Every attribute equals what the straightforward function gives (named in its comment). The analyses
    read the caption in two forms: as written (sponsorship, tone) and normalised (niches, safety). When the
    caption is :attr:`plain` (ASCII, plus characters :func:`_inert` says normalisation leaves alone), the
    normalised form is the caption with its ASCII letters lower-cased and nothing else changed, so every
    pattern here matches at the same places in both forms and the words, hashtags and mentions of one are
    those of the other: they are computed once."""

    def __init__(self, text: str) -> None:
        self.text = text or ""

    @_derived
    def low(self) -> str | None:  # caseless(text)
        return caseless(self.text)

    @_derived
    def cues(self) -> frozenset[CaselessPattern]:  # the needle-gated patterns that may match
        low = self.low
        return _CUES.all if low is None else _CUES.patterns_in(low, self.chunks)

    @_derived
    def chunks(self) -> list[str]:  # low.split(): the lower-cased text's whitespace-free runs
        return self.low.split()  # type: ignore[union-attr]  # read only when low is not None

    @_derived
    def norm_chunks(self) -> list[str]:  # normalize(text).split()
        # a plain caption's normalised text is its lower-cased text, whose chunks are already split
        return self.chunks if self.plain and self.low is not None else self.norm.split()

    @_derived
    def plain(self) -> bool:
        t = self.text
        return t.isascii() or all(_inert(ch) for ch in set(_NON_ASCII.findall(t)))

    @_derived
    def norm(self) -> str:  # normalize(text)
        if self.plain:
            return self.text.lower()
        # normalised run by run: no step of normalize reads across whitespace (see _CHUNK_NORM)
        return "".join(map(_CHUNK_NORM.__getitem__, _WHITESPACE_RUNS.split(self.text)))

    @_derived
    def norm_urlless(self) -> str:  # URL_RE.sub(" ", normalize(text))
        return strip_urls(self.norm)

    @_derived
    def norm_marks(self) -> bool:  # the normalised text holds an Indic, Thai, Myanmar or Khmer letter
        norm = self.norm
        return not norm.isascii() and _MARK_SCRIPT_RE.search(norm) is not None

    @_derived
    def norm_words(self) -> list[str]:  # words(normalize(text), normalized=True)
        if not self.norm_marks:  # WORD_RE and HASHTAG_RE throughout, so the words are the chunks' words
            return list(chain.from_iterable(map(_CHUNK_WORDS.__getitem__, self.norm_chunks)))
        body = self.norm_urlless
        if "@" in body:
            body = MENTION_RE.sub(" ", body)
        if "#" in body:
            body = hashtag_re(body).sub(" ", body)
        return word_re(body).findall(body)

    @_derived
    def words(self) -> list[str]:  # words(text)
        if self.plain:
            return self.norm_words
        text = self.text
        if _MARK_SCRIPT_RE.search(text):
            return words(text)
        return list(chain.from_iterable(map(_CHUNK_TEXT_WORDS.__getitem__, text.split())))

    @_derived
    def norm_tags(self) -> list[str]:  # hashtag_re(normalize(text)).findall(normalize(text))
        norm = self.norm
        if "#" not in norm:
            return []
        return HASHTAG_MARKS_RE.findall(norm) if self.norm_marks else self.norm_plain_tags

    @_derived
    def norm_plain_tags(self) -> list[str]:  # HASHTAG_RE.findall(normalize(text))
        if "#" not in self.norm:
            return []
        return list(chain.from_iterable(map(_CHUNK_TAGS.__getitem__, self.norm_chunks)))

    @_derived
    def tag_spans(self) -> list[tuple[str, int]]:  # (normalize(body), start) of HASHTAG_RE.finditer(text)
        if "#" not in self.text:
            return []
        return [(normalize_short(m.group(1)), m.start()) for m in HASHTAG_RE.finditer(self.text)]

    @_derived
    def tag_names(self) -> list[str]:  # normalize(body) of HASHTAG_RE.finditer(text)
        if self.plain:  # the same bodies as in the normalised text (the text lower-cased), already found
            return self.norm_plain_tags
        return [t for t, _ in self.tag_spans]

    @_derived
    def tags(self) -> list[str]:  # hashtags(text)
        if hashtag_re(self.text) is HASHTAG_RE:
            return self.tag_names
        return [normalize_short(h) for h in HASHTAG_MARKS_RE.findall(self.text)]

    @_derived
    def mentions(self) -> list[str]:  # mentions(text)
        return mentions(self.text) if "@" in self.text else []

    @_derived
    def norm_mentions(self) -> list[str]:  # mentions(normalize(text))
        return self.mentions if self.plain else mentions(self.norm)

    @_derived
    def emojis(self) -> list[str]:  # emojis(text)
        return emojis(self.text)


def _chunk_body(chunk: str) -> str:
    """:func:`body_text` of one chunk of a text without mark-script letters. Links, mentions and hashtags lie
    inside a chunk and the lookbehinds at the chunk's start see whitespace either way, so removing them chunk
    by chunk removes the same spans as from the whole text."""
    body = strip_urls(chunk)
    if "@" in body:
        body = MENTION_RE.sub(" ", body)
    if "#" in body:
        body = HASHTAG_RE.sub(" ", body)
    return body


#: a chunk of normalised text -> its words (``words(norm, normalized=True)`` chunk by chunk)
_CHUNK_WORDS = ChunkMemo(lambda chunk: tuple(WORD_RE.findall(_chunk_body(chunk))))
#: a chunk of a caption as written -> its normalised words (``words(text)`` chunk by chunk)
_CHUNK_TEXT_WORDS = ChunkMemo(lambda chunk: tuple(WORD_RE.findall(normalize(_chunk_body(chunk)))))
#: a whitespace run or the text between two -> :func:`normalize` of it. Normalising a text is normalising
#: each run: ``str.lower`` reads its neighbours only for a final sigma, through case-ignorable characters, which
#: whitespace is not; NFKD reorders only marks of a nonzero combining class and NFC composes only across
#: such marks, while whitespace has class 0, composes with nothing and normalises to whitespace (checked
#: for every whitespace character by tests/content/test_pattern_analyses.py); the rest maps characters one
#: by one.
_CHUNK_NORM = ChunkMemo(normalize)
_WHITESPACE_RUNS = re.compile(r"(\s+)")
_CHUNK_TAGS = ChunkMemo(lambda chunk: tuple(HASHTAG_RE.findall(chunk)) if "#" in chunk else ())


def caption_text(text: str | CaptionText) -> CaptionText:
    """The :class:`CaptionText` of a caption (itself when it already is one)."""
    return text if isinstance(text, CaptionText) else CaptionText(text)
