"""Tone traits, brand-safety flags and sponsorship verdicts equal the straightforward code they replaced, on
generated captions that mix the lexicons' words, links, tags, mentions, emoji, capitals and every kind of
whitespace (the per-chunk memos and early returns must not see a difference)."""

import itertools
import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reachroom.content import safety, sponsored, text, tone
from tests.content.test_fast_paths import PREPASS_EDGES, SAMPLE


def _clip(x: float) -> float:
    return float(min(1.0, max(0.0, x)))


def _reference_post_traits(caption: str) -> dict[str, float]:
    """post_traits as written before the per-chunk counts: every count a regex over the whole caption."""
    ws = text.words(caption)
    n_words = max(1, len(ws))
    emo = text.emojis(caption)
    tags = text.hashtags(caption)
    pos = sum(1 for w in ws if w in tone.POSITIVE) + sum(1 for e in emo if e in tone.POS_EMOJI)
    neg = sum(1 for w in ws if w in tone.NEGATIVE) + sum(1 for e in emo if e in tone.NEG_EMOJI)
    humour_hits = len(tone.HUMOUR_RE.ignorecase.findall(caption))
    informal = len(tone.INFORMAL_RE.ignorecase.findall(caption))
    shouting = sum(1 for w in re.findall(r"\b[A-Z]{3,}\b", caption) if w not in {"OOTD", "DIY", "SPF", "USA", "UK"})
    exclaim = caption.count("!")
    sentences = [s.strip() for s in re.split(r"[.!?\n]+", caption) if s.strip()]
    capitalised = sum(1 for s in sentences if s[0].isupper()) / max(1, len(sentences))
    avg_len = float(np.mean([len(w) for w in ws])) if ws else 4.0
    informal_rate = (informal + shouting + 0.5 * exclaim + 0.5 * len(emo) + humour_hits) / n_words
    formality = 0.55 + 0.25 * (capitalised - 0.5) + 0.08 * (avg_len - 4.5) - 2.0 * informal_rate
    promo_hits = len(tone.PROMO_RE.ignorecase.findall(caption)) + len(tone.URL_HINT.ignorecase.findall(caption))
    return {
        "formality": _clip(formality),
        "positivity": _clip(0.5 + 0.5 * (pos - neg) / (pos + neg + 1)),
        "humour": _clip(humour_hits / 2),
        "emoji_density": _clip(4 * len(emo) / n_words),
        "hashtag_density": _clip(3 * len(tags) / (n_words + len(tags))),
        "first_person": _clip(6 * sum(1 for w in ws if w in tone.FIRST_PERSON) / n_words),
        "promotional": _clip(promo_hits / 2),
    }


def _reference_profile(captions: list[str]) -> dict[str, float]:
    texts = [c for c in captions if c.strip()]
    if not texts:
        return {t: 0.0 for t in tone.TRAITS}
    per = [_reference_post_traits(c) for c in texts]
    return {t: round(float(np.mean([p[t] for p in per])), 4) for t in tone.TRAITS}


def _lexicon_pieces() -> list[str]:
    safety_terms = sorted(t for terms in safety.LEXICON.values() for t in terms)[::5]
    allowed = sorted(p for ps in safety._ALLOW_PHRASES.values() for p in ps)
    tone_words = sorted(tone.POSITIVE)[::9] + sorted(tone.NEGATIVE)[::9] + sorted(tone.FIRST_PERSON)[::7]
    informal = ["lol", "LOL", "u", "U", "ur", "y'all", "ain't", "sooooo", "yasss", "okkkay", "vibes", "bro", "af"]
    return safety_terms + allowed + tone_words + informal + [
        "www.x.com/a", "bit.ly/x", "https://a.b/c", "shop.example/x?ref=a", "#ad", "#Gifted", "#sp", "#vodka",
        "@brand", "@a.b_c", "x@y.com", "😂", "🔥", "️", "❤️", "😢", ".", "!", "?", "...", ",", "’", "'", "-", "+",
        "ABC", "OOTD", "WOW", "Hello", "é", "İ", "ı", "Σ", "ς", "Straße", "ＡＤ", "＃tag", "cures anxiety", "miracle",
        "use my code GLOW20", "20% off", "link in bio", "thanks to @acme", "ad:", "AD -", "paid partnership with",
        "me just trying", "when you", "be like", "haha", "123", "_",
    ]


PIECES = _lexicon_pieces()
GLUE = [" ", " ", " ", "", "\n", "\n\n", "\t", "\u00a0", "\u3000", "  ", ". ", "! "]
captions = st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(GLUE)), max_size=14).map(
    lambda parts: "".join(p + g for p, g in parts)
)


def _assert_same(caption: str) -> None:
    assert tone.post_traits(caption) == _reference_post_traits(caption), caption
    assert tone.post_traits(text.CaptionText(caption)) == _reference_post_traits(caption), caption
    assert safety._MATCHER.match(caption) == _reference_match(caption), caption


def _reference_match(caption: str) -> dict[str, list[str]]:
    from tests.content.test_fast_paths import _reference_match as ref

    return ref(safety._MATCHER, caption)


@settings(max_examples=1500, deadline=None)
@given(captions)
def test_generated_captions_give_the_reference_traits_and_flags(caption):
    for variant in (caption, caption.upper(), caption.title()):
        _assert_same(variant)


def test_sample_gives_the_reference_traits_and_flags():
    for caption in SAMPLE + PREPASS_EDGES:
        _assert_same(caption)


def test_creator_profiles_equal_the_reference():
    pool = SAMPLE + PREPASS_EDGES + ["", "   ", "\n"]
    for i in range(0, len(pool), 11):
        group = pool[i : i + 11]
        assert tone.profile_posts(group).traits == _reference_profile(group), group
        assert tone.profile_posts([text.CaptionText(c) for c in group]).traits == _reference_profile(group)
    assert tone.profile_posts(["", " "]).traits == _reference_profile(["", " "])


@settings(max_examples=1500, deadline=None)
@given(captions)
def test_informal_words_counted_per_chunk_equal_one_count(caption):
    for variant in (caption, caption.upper()):
        ct = text.CaptionText(variant)
        if ct.low is not None:
            assert tone.INFORMAL_RE.count(ct) == len(tone.INFORMAL_RE.exact.findall(ct.low)), variant


def test_sentence_starts_equal_the_split_sentences():
    extra = ["", "...", " . a. B! c? \n D", "\u3000x.\u00a0Y", "a\rb.\x0bC", "!!!", "¿Qué? ¡Sí!", "x\n\n\ny"]
    for caption in SAMPLE + PREPASS_EDGES + extra:
        sentences = [s for s in map(str.strip, re.split(r"[.!?\n]+", caption)) if s]
        assert tone._SENTENCE_START_RE.findall(caption) == [s[0] for s in sentences], caption


@settings(max_examples=1000, deadline=None)
@given(captions, st.booleans(), st.sampled_from([(), ("brand",), ("acme", "@Brand")]))
def test_sponsorship_equals_the_ignorecase_path(caption, flag, handles):
    """The cue-gated path (and its early return) against every pattern run with IGNORECASE on the caption."""
    for variant in (caption, caption.upper()):
        fast = sponsored.detect_sponsorship(variant, paid_partnership_flag=flag, brand_handles=handles)
        ct = text.CaptionText(variant)
        ct.low = None  # every pattern on the caption as written, no cue skips anything
        assert fast == sponsored.detect_sponsorship(ct, paid_partnership_flag=flag, brand_handles=handles), variant


def test_no_label_tags_means_no_tag_evidence():
    for caption in SAMPLE[:300]:
        ct = text.CaptionText(caption)
        labelled = [t for t, _ in ct.tag_spans if t in sponsored._LABEL_TAGS]
        assert bool(labelled) == (not sponsored._LABEL_TAGS.isdisjoint(ct.tag_names))


def test_pieces_cover_every_trait():
    joined = " ".join(itertools.islice(itertools.cycle(PIECES), 400))
    traits = tone.post_traits(joined)
    assert all(v > 0 for v in traits.values()), traits


TEXT_PIECES = PIECES + [
    "&#x", "a#b", "#a#b", "@a@b", "@.x", "x.@y", "www.a.b", "http://x", "a.ly/b", "y.com/", "नमस्ते", "#बच्चे",
    "ไทย", "é\u0301", "\u00b4", "ﬁ", "Ⅻ", "＃ａｄ", "＠ｘ", "\u200b", "\u180e", "ΑΣ", "ΑΣ.", "x\u0301", "Σ", "\u0301",
    "\u0308e", "ᄀ", "ᅡ", "ᆨ", "가", "\u093c", "\u0b47", "\u0b3e", "ø", "Æ", "’", "ـ", "\ufe0f", "ǅ", "ﬀ",
]
SPACES = ["\u0085", "\u2028", "\x1c", "\u1680", "\u200a", "\u202f", "\u205f", "\x0b"]
texts = st.lists(st.tuples(st.sampled_from(TEXT_PIECES), st.sampled_from(GLUE + SPACES + ["#", "@", "/", "."])),
                 max_size=12).map(lambda parts: "".join(p + g for p, g in parts))


def _whitespace() -> list[str]:
    import sys

    return [ch for ch in map(chr, range(sys.maxunicode + 1)) if re.match(r"\s", ch) or ch.isspace()]


def test_whitespace_is_a_wall_for_every_step_of_normalisation():
    """What normalising run by run relies on (text._CHUNK_NORM), for every whitespace character."""
    import sys
    import unicodedata

    spaces = _whitespace()
    assert len(spaces) == 29 and all(ch.isspace() and re.match(r"\s", ch) for ch in spaces)
    pairs = set()
    for cp in range(sys.maxunicode + 1):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<") and len(d.split()) == 2:  # a pair NFC may compose (singletons: never)
            pairs.update(chr(int(x, 16)) for x in d.split())
    for ch in spaces:
        assert unicodedata.combining(ch) == 0 and ch not in pairs, hex(ord(ch))
        assert text.normalize(ch).isspace() and not re.match(r"\w", text.normalize(ch)), hex(ord(ch))
        # not case-ignorable: a sigma across it is final (before it) and not final (after it)
        assert ("ΑΣ" + ch + "Α").lower() == "ας" + ch + "α" and ("Α" + ch + "Σ").lower() == "α" + ch + "σ"
        assert text.normalize("ΑΣ" + ch + "\u0301e") == text.normalize("ΑΣ") + text.normalize(ch) + "e"


@settings(max_examples=2000, deadline=None)
@given(texts)
def test_caption_text_pieces_equal_the_plain_functions_on_generated_captions(caption):
    from tests.content.test_fast_paths import _check_caption_text

    for variant in (caption, caption.upper()):
        _check_caption_text(variant)
