"""Who the demo creators are: country, language, gender, niches, names and unique handles.

Identities are drawn per chunk from their own random stream (stream tag 1) and made unique by
`HandleRegistry` in chunk order, so the result does not depend on how chunks are scheduled.
"""

import unicodedata
from dataclasses import dataclass

import numpy as np

from reachroom.demo.vocab import (
    COUNTRIES,
    COUNTRY_LANGUAGES,
    COUNTRY_NAME_POOL,
    COUNTRY_WEIGHTS,
    FIRST_NAMES,
    HANDLE_WORDS,
    LAST_NAMES,
    NICHE_FEMALE,
    NICHE_WEIGHTS,
    NICHES,
    RELATED_NICHES,
)

STREAM_IDENTITY = 1
SECONDARY_NICHE_SHARE = 0.35
MAX_HANDLE = 30


def stream(seed: int, tag: int, chunk: int) -> np.random.Generator:
    """The random generator of one (seed, purpose, chunk): PCG64 seeded through a SeedSequence."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([int(seed), tag, chunk])))


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters only ("Zoë O'Brien" -> "zoeobrien"), for handles and usernames."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalpha()).lower()


_COUNTRY_P = np.asarray(COUNTRY_WEIGHTS, dtype=np.float64) / sum(COUNTRY_WEIGHTS)
_NICHE_P = np.asarray([NICHE_WEIGHTS[n] for n in NICHES], dtype=np.float64)
_NICHE_P /= _NICHE_P.sum()
_RELATED = [tuple(NICHES.index(r) for r in RELATED_NICHES[n]) for n in NICHES]
_FEMALE = np.asarray([NICHE_FEMALE[n] for n in NICHES])
_FOLDED_FIRST = {pool: tuple(tuple(ascii_fold(x) for x in names) for names in pair)
                 for pool, pair in FIRST_NAMES.items()}
_FOLDED_LAST = {pool: tuple(ascii_fold(x) for x in names) for pool, names in LAST_NAMES.items()}
# Handle patterns and their weights; {f}/{l} folded first/last name, {w} niche word, {d} two digits.
HANDLE_PATTERNS = ("{f}{l}", "{f}.{l}", "{f}_{l}", "{f}{w}", "{f}_{w}", "{f}{l}{d}", "{fi}{l}{w}", "the{l}{w}",
                   "{w}with{f}", "{f}.{w}")
_PATTERN_P = np.asarray([18, 12, 8, 14, 8, 12, 6, 6, 6, 10], dtype=np.float64)
_PATTERN_P /= _PATTERN_P.sum()


@dataclass
class Identity:
    """Identities of one chunk of creators (parallel arrays / lists)."""

    country: np.ndarray      # index into COUNTRIES
    language: list[str]
    female: np.ndarray       # bool
    niche1: np.ndarray       # index into NICHES
    niche2: np.ndarray       # index into NICHES, -1 when none
    first: list[str]
    last: list[str]
    handle: list[str]        # unique once HandleRegistry.claim() has run
    alt: np.ndarray          # spare random digits for de-duplication

    def __len__(self) -> int:
        return len(self.handle)


def draw_identities(seed: int, chunk: int, size: int) -> Identity:
    """Draw `size` creator identities for chunk `chunk` (handles not yet unique)."""
    rng = stream(seed, STREAM_IDENTITY, chunk)
    country = rng.choice(len(COUNTRIES), size=size, p=_COUNTRY_P)
    u_lang = rng.random(size)
    niche1 = rng.choice(len(NICHES), size=size, p=_NICHE_P)
    has2 = rng.random(size) < SECONDARY_NICHE_SHARE
    pick2 = rng.random(size)
    female = rng.random(size) < _FEMALE[niche1]
    u_first, u_last, u_pattern, u_word = rng.random(size), rng.random(size), rng.random(size), rng.random(size)
    digits = rng.integers(10, 100, size=size)
    alt = rng.integers(0, 1000, size=size)
    pattern = np.searchsorted(np.cumsum(_PATTERN_P), u_pattern, side="right").clip(0, len(HANDLE_PATTERNS) - 1)

    niche2 = np.full(size, -1, dtype=np.int64)
    language: list[str] = []
    first: list[str] = []
    last: list[str] = []
    handle: list[str] = []
    for i in range(size):
        c = COUNTRIES[country[i]]
        langs = COUNTRY_LANGUAGES[c]
        acc, lang = 0.0, langs[-1][0]
        for code, share in langs:
            acc += share
            if u_lang[i] < acc:
                lang = code
                break
        language.append(lang)
        n1 = int(niche1[i])
        if has2[i]:
            rel = _RELATED[n1]
            niche2[i] = rel[int(pick2[i] * len(rel))]
        pool = COUNTRY_NAME_POOL[c]
        g = 0 if female[i] else 1
        names = FIRST_NAMES[pool][g]
        fi = int(u_first[i] * len(names))
        li = int(u_last[i] * len(LAST_NAMES[pool]))
        first.append(names[fi])
        last.append(LAST_NAMES[pool][li])
        words = HANDLE_WORDS[NICHES[n1]]
        f, ln = _FOLDED_FIRST[pool][g][fi], _FOLDED_LAST[pool][li]
        h = HANDLE_PATTERNS[pattern[i]].format(f=f, l=ln, fi=f[:1], w=words[int(u_word[i] * len(words))],
                                               d=digits[i])
        handle.append(h[:MAX_HANDLE - 4])
    return Identity(country=country, language=language, female=female, niche1=niche1, niche2=niche2,
                    first=first, last=last, handle=handle, alt=alt)


class HandleRegistry:
    """Makes handles unique across the whole load; call claim() on chunks in chunk order."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def claim(self, ident: Identity) -> None:
        """Replace taken handles in place with a numbered variant (deterministic given the order)."""
        seen = self.seen
        for i, h in enumerate(ident.handle):
            if h in seen:
                k = int(ident.alt[i])
                candidate = f"{h}{k}"
                while candidate in seen:
                    k += 1
                    candidate = f"{h}_{k}"
                h = candidate
                ident.handle[i] = h
            seen.add(h)
