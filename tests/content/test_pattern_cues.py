"""A caption's cues (the needle-gated patterns it may match, found once per caption through its chunks) equal
testing every pattern's needles (and gate) on the lower-cased text, the way each pattern did on its own."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reachroom.content import safety, sponsored, text, tone
from tests.content.test_fast_paths import PREPASS_EDGES, SAMPLE

PATTERNS = [sponsored._AD_RE, sponsored._GIFT_RE, sponsored._CODE_RE, sponsored._AFF_RE, sponsored._PROMO_RE,
            sponsored._AFFILIATE_WORD_RE, sponsored._PAID_PROMO_RE, safety._HEALTH_RE, tone.HUMOUR_RE, tone.PROMO_RE,
            tone.URL_HINT]


def _reference_may_match(pattern: text.CaselessPattern, low: str) -> bool:
    """The per-pattern check as first written: a needle in the text, or the gate found in it."""
    for n in pattern.needles:
        if n in low:
            return True
    return pattern.gate is not None and re.search(pattern.gate.pattern, low) is not None


def _check(caption: str) -> None:
    ct = text.CaptionText(caption)
    low = ct.low
    if low is None:
        assert all(p in ct.cues for p in PATTERNS), caption
        return
    for p in PATTERNS:
        assert (p in ct.cues) == _reference_may_match(p, low), (p.exact.pattern[:40], caption)


def test_every_needle_gated_pattern_is_in_the_table():
    assert {p for p in PATTERNS if p.needles} == set(text._CUES.patterns)


def test_cues_equal_the_needle_tests_on_the_sample():
    for caption in SAMPLE + PREPASS_EDGES:
        _check(caption)


NEEDLES = sorted({n for p in PATTERNS for n in p.needles})
#: whitespace of every kind re and str.split() know, and the characters around the gate ("ad :", "ad\n-")
SPACES = [" ", "  ", "\n", "\t", "\u00a0", "\u3000", "\u2028", "\x1c", "\x85"]
PIECES = NEEDLES + [n.split()[0] for n in NEEDLES if n.split()] + SPACES + [
    "ad", "AD", ":", "|", "-", "@", "#", "x", "read", "İ", "ı", "ſ", "️", "😂", ".", "/", "%", "to", "link", "in",
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_cues_equal_the_needle_tests_on_generated_captions(pieces):
    caption = "".join(pieces)
    for variant in (caption, caption.upper(), " ".join(pieces), "\n".join(pieces)):
        _check(variant)


def test_each_needle_and_gate_spelling_is_found_alone_and_in_company():
    for needle in NEEDLES + ["ad:", "ad |", "ad\n-", "ad\u3000\t:", "bad -", "ad"]:
        for caption in (needle, f"x{needle}y", f"{needle} {needle}", needle.replace(" ", "\n"),
                        needle.replace(" ", "  "), needle.upper(), f"#{needle}"):
            _check(caption)


def test_the_chunk_table_is_bounded(monkeypatch):
    monkeypatch.setattr(text, "_CHUNKS_MAX", 5)
    text._CUES.clear()
    for i in range(20):
        _check(f"w{i} link in bio")
    assert len(text._CUES) <= 5
