"""The content job's fast paths give exactly what the straightforward code gives.

``caseless`` searches lower-cased text instead of using IGNORECASE; forcing it off (None) is the plain path.
The sample: every caption line of the demo generator and its rendered pools, sponsorship and unsafe lines,
in several letter cases, and with the characters that lower-case differently (İ, ı, ſ, the Kelvin sign).
"""

import itertools

import pytest

from reachroom.content import safety, sponsored, text, tone
from reachroom.demo import texts as demo_texts
from reachroom.demo.captions import pools


def _lines() -> list[str]:
    out: list[str] = []
    for value in vars(demo_texts).values():
        if isinstance(value, tuple):
            out.extend(v for v in value if isinstance(v, str))
        elif isinstance(value, dict):
            for v in value.values():
                if isinstance(v, tuple):
                    out.extend(x for x in v if isinstance(x, str))
    p = pools()
    out.extend(str(x) for x in p.body.ravel()[::7])
    out.extend(str(x) for x in p.tags.ravel()[::97] if x)
    return out


def _sample() -> list[str]:
    lines = _lines()
    captions = [" ".join(lines[i:i + 3]) for i in range(0, len(lines), 3)]
    captions += [
        "#ad Use my code GLOW20 for 20% off at @brand! link in bio #gifted #sponsored",
        "AD | Paid partnership with @acme. Check out @acme, thanks to @acme for the free product",
        "Ad: amzn.to/xyz rstyle.me/abc — commission earned. Kindly gifted by @b. PR package c/o @b",
        "This tea CURES anxiety, a MIRACLE. Lose 10 kg in a week! Detox your liver. Clinically proven.",
        "Fuck this, killing it at the photo shoot 🔥 coke zero and a diet coke, root beer #vodka",
        "LOL gonna be like WHEN YOU try haha 😂 me just trying to SHOP NOW — swipe up www.x.com/a",
        "CÓDIGO: VERANO10 · kode promo ABC123 · rabattkode SOMMER · Gutscheincode: WINTER5 · 15 % rabatt",
        "with the code ✨ GLOW ✨ · 20% descuento · Cod1go no · hehe jk JAJAJA wkwkwk kkkk 🤣 puns and memes",
        "Spring sale: 30% off everything", "25 % descuento hoy", "código VERANO", "so funny",
        "Using our discount code: 'SAVE' now — no joke, hilarious and funny, kidding, rofl, lmao, lolll 😹🙃",
    ]
    odd = ["İ", "ı", "ſ", "\u212a", "Σ"]
    variants = []
    for c, o in zip(captions, itertools.cycle(odd), strict=False):
        variants += [c, c.upper(), c.swapcase(), c.title(), c.replace("i", o).replace("s", o),
                     c.replace("a", "İ"), c.upper().replace("S", "ſ").replace("K", "\u212a")]
    return variants


SAMPLE = _sample()


@pytest.fixture
def plain(monkeypatch):
    """Run the straightforward (IGNORECASE) path."""
    def run(fn, *args, **kwargs):
        with monkeypatch.context() as m:
            m.setattr(text, "caseless", lambda _t: None)
            return fn(*args, **kwargs)
    return run


def _ignorecase(caption: str) -> text.CaptionText:
    """A caption forced onto the IGNORECASE path."""
    ct = text.CaptionText(caption)
    ct.low = None
    return ct


def test_sample_is_large_and_exercises_the_fallback():
    assert len(SAMPLE) > 1000
    assert sum(text.caseless(c) is None for c in SAMPLE) > 100
    assert sum(text.caseless(c) is not None for c in SAMPLE) > 500


def test_sponsorship_is_identical(plain):
    for caption in SAMPLE:
        for flag in (False, True):
            fast = sponsored.detect_sponsorship(caption, paid_partnership_flag=flag)
            assert fast == plain(sponsored.detect_sponsorship, caption, paid_partnership_flag=flag), caption


def test_safety_is_identical(plain):
    for caption in SAMPLE:
        assert safety.check_post(caption) == plain(safety.check_post, caption), caption


def test_tone_is_identical(plain):
    for caption in SAMPLE:
        assert tone.post_traits(caption) == plain(tone.post_traits, caption), caption


def _reference_match(matcher, caption: str) -> dict[str, list[str]]:
    """The phrase scan as first written: every length at every word (the oracle for the indexed scan)."""
    norm = text.normalize(caption or "")
    tokens = safety._TOKEN_RE.findall(text.URL_RE.sub(" ", norm))
    found: dict[str, dict[str, None]] = {}
    n = len(tokens)
    skip: set[int] = set()
    for i in range(n):
        for k in range(min(matcher.max_len, n - i), 0, -1):
            phrase = " ".join(tokens[i : i + k])
            for cat in matcher.allowed_in.get(phrase, ()):
                skip.update(range(i, i + k))
                found.setdefault("_allow_" + cat, {})
            if i in skip:
                break
            for cat in matcher.phrases.get(phrase, ()):
                if "_allow_" + cat in found and phrase in {"shot", "shoot", "kill", "coke", "ol"}:
                    continue
                found.setdefault(cat, {})[phrase] = None
    for tag in text.HASHTAG_RE.findall(norm):
        for cat in matcher.phrases.get(tag, ()):
            found.setdefault(cat, {})["#" + tag] = None
    for m in safety._HEALTH_RE.ignorecase.finditer(caption or ""):
        found.setdefault("health_claims", {})[m.group(0).strip()] = None
    return {c: list(v) for c, v in found.items() if not c.startswith("_allow_") and v}


def test_safety_phrase_scan_matches_the_reference():
    lexicon = [t for terms in safety.LEXICON.values() for t in terms]
    allowed = [p for ps in safety._ALLOW_PHRASES.values() for p in ps]
    tricky = [" ".join(w) for w in itertools.product(allowed + lexicon[::9], repeat=2)]
    tricky += ["photo shoot kill it shot dead", "killing it shot shoot photo shoot photoshoot kill",
               "coke zero coke line diet coke coke", "ol ol øl root beer beer ginger beer", "go back to your country"]
    matcher = safety._MATCHER
    for caption in SAMPLE + tricky:
        assert matcher.match(caption) == _reference_match(matcher, caption), caption


TOKENIZER_EDGES = [
    "café Ünïcödé naïve façade São Paulo", "東京で子どもたちと遊んだ 🍣 #旅行", "नमस्ते बच्चे ❤️ #परिवार",
    "no\u00a0break\u3000space and\u2009thin", "tab\tnew\nline\r\ncarriage\x0bvt\x0cff\x1cfs\x1fus\x7fdel\x00nul",
    "love😍it 👩‍👩‍👧 family ✨✨ #ootd✨", "e\u0301 combining o\u0308 marks", "snake_case @user.name_1 #tag_2",
    "x" * 150 + " " + "y" * 99, "UPPER lower MiXeD 12345 3.14 $9.99 (a) [b] {c} <d> ~e^ `f` |g| \\h/ 'i' \"j\"",
    "", "   ", "\u200bzero\u200dwidth\ufeffbom", "ΣΊΣΥΦΟΣ Straße İstanbul ǅemal",
]


def test_embedder_tokenize_matches_the_library():
    from reachroom.content.embedder import get_embedder

    emb = get_embedder()
    texts = SAMPLE + TOKENIZER_EDGES
    assert [list(ids) for ids in emb.tokenize(texts)] == emb.tokenize_exact(texts)


# ---- the shared per-caption pre-pass (text.CaptionText) ---------------------------------------------------

PREPASS_EDGES = TOKENIZER_EDGES + [
    "ΑΣ.co/x ΑΣ #ΤΑΓ", "＃fullwidth ＠handle ｗｗｗ.example.com", "Ⓐ circled Ⓑ #Ⓒtag", "\u212aelvin #\u212aey @\u212ay",
    "it’s — a · test… “quoted” #don’t @o’brien", "emoji only 🔥🔥 #🔥 @🔥", "www.site.com/a?b #ad@brand",
    "#a#b#c @x@y @.dot @a. x@y.com", "தமிழ் \u0bc6\u0bbe ஒ #தமிழ்", "ᄀ#ᅡ 가 #가", "Ⅻ roman ⅻ #Ⅻ",
    "ﬁne ﬂow #ﬁ @ﬂ", "x\u0338 =\u0338 <\u0338", "™ ℠ © ® #™",
    "❤️ love #love️ #️tag ☺️x @me️ ️", "ΑΣ️ Σ️ #Σ️ e\u0301️ ️\u0301 ✌\ufe0e #️⃣ 1️⃣", "Cafe️ CAFÉ️ İ️",
]


def _check_caption_text(caption: str) -> None:
    ct = text.CaptionText(caption)
    norm = text.normalize(caption)
    assert ct.low == text.caseless(caption)
    assert ct.norm == norm
    assert ct.norm_urlless == text.URL_RE.sub(" ", norm)
    assert ct.norm_words == text.words(norm, normalized=True)
    assert ct.words == text.words(caption)
    assert ct.norm_tags == text.hashtag_re(norm).findall(norm)
    assert ct.norm_plain_tags == text.HASHTAG_RE.findall(norm)
    assert ct.tag_spans == [(text.normalize(m.group(1)), m.start()) for m in text.HASHTAG_RE.finditer(caption)]
    assert ct.tag_names == [text.normalize(m.group(1)) for m in text.HASHTAG_RE.finditer(caption)]
    assert ct.tags == text.hashtags(caption)
    assert ct.mentions == text.mentions(caption)
    assert ct.norm_mentions == text.mentions(norm)
    assert ct.emojis == text.emojis(caption)
    assert ct.norm_chunks == norm.split()
    assert ct.norm_marks == (text.word_re(norm) is text.WORD_MARKS_RE)
    if ct.low is not None:
        assert ct.chunks == ct.low.split()
    if ct.plain:
        assert ct.low == norm


@pytest.mark.parametrize("caption", PREPASS_EDGES)
def test_caption_text_edges_equal_the_plain_functions(caption):
    for variant in (caption, caption.upper(), caption.lower(), caption + " 😍✨", "#" + caption.replace(" ", " #")):
        _check_caption_text(variant)


def test_caption_text_equals_the_plain_functions():
    for caption in SAMPLE:
        _check_caption_text(caption)
    assert sum(text.CaptionText(c).plain for c in SAMPLE) > 500
    assert sum(not text.CaptionText(c).plain for c in SAMPLE) > 100


def test_no_inert_character_is_the_second_half_of_a_composition():
    """NFC joins a character to the one before it only when the pair is a canonical decomposition; the
    characters CaptionText treats as inert must never be that second half (else 'plain' would be wrong)."""
    import sys
    import unicodedata

    seconds = set()
    for cp in range(sys.maxunicode + 1):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<") and len(d.split()) == 2:
            seconds.add(chr(int(d.split()[1], 16)))
    assert seconds
    assert not [ch for ch in seconds if ord(ch) > 127 and text._inert(ch)]


def test_no_inert_character_is_a_word_character():
    """The hashtag bodies of a plain caption are ASCII (so normalising one is lower-casing it): no inert
    character is one ``\\w`` matches."""
    import re
    import sys

    word = re.compile(r"\w")
    assert not [ch for ch in map(chr, range(128, sys.maxunicode + 1)) if word.match(ch) and text._inert(ch)]
    assert text._inert("\ufe0f") and text._inert("\ufe0e") and not text._inert("\u0301")


def _examples(pattern: str) -> list[str]:
    """Strings that each alternative of a (small) pattern matches: every branch, optional parts with and without."""
    import re._parser as sre_parse  # the stdlib's own parser

    def gen(items) -> list[str]:
        outs = [""]
        for op, av in items:
            name = str(op)
            if name == "LITERAL":
                opts = [chr(av)]
            elif name == "NOT_LITERAL":
                opts = ["x" if chr(av) != "x" else "y"]
            elif name == "ANY":
                opts = ["x"]
            elif name == "IN":
                first = av[0]
                kind = str(first[0])
                if kind == "LITERAL":
                    opts = [chr(first[1])]
                elif kind == "RANGE":
                    opts = [chr(first[1][0])]
                elif kind == "NEGATE":
                    opts = ["x"]
                else:  # a category
                    opts = [{"CATEGORY_DIGIT": "1", "CATEGORY_SPACE": " "}.get(str(first[1]), "a")]
            elif name == "CATEGORY":
                opts = [{"CATEGORY_DIGIT": "1", "CATEGORY_SPACE": " "}.get(str(av), "a")]
            elif name == "AT":
                opts = [""]
            elif name == "SUBPATTERN":
                opts = gen(av[3])
            elif name == "BRANCH":
                opts = [s for branch in av[1] for s in gen(branch)]
            elif name in ("MAX_REPEAT", "MIN_REPEAT"):
                lo, hi, sub = av
                inner = gen(sub)
                counts = sorted({lo, min(hi, max(lo, 1))})
                opts = [s * n for s in inner for n in counts]
            elif name in ("ASSERT", "ASSERT_NOT"):
                opts = [""]
            else:
                raise AssertionError(f"unhandled {name}")
            outs = [a + b for a in outs for b in opts][:400]
        return outs

    return gen(sre_parse.parse(pattern))


@pytest.mark.parametrize(("pattern", "phrases"), [
    (sponsored._AD_RE, sponsored.AD_PHRASES), (sponsored._GIFT_RE, sponsored.GIFT_PHRASES),
    (sponsored._AFF_RE, sponsored.AFFILIATE_HOSTS), (sponsored._PROMO_RE, sponsored.PROMO_PHRASES),
    (safety._HEALTH_RE, safety.HEALTH_CLAIMS), (tone.PROMO_RE, None), (tone.URL_HINT, None),
    (tone.HUMOUR_RE, None), (sponsored._CODE_RE, sponsored.CODE_PATTERNS),
    (sponsored._AFFILIATE_WORD_RE, None), (sponsored._PAID_PROMO_RE, None),
])
def test_every_phrase_passes_its_needles(pattern, phrases):
    """Each phrase, written out every way it can be, is found with the needles as without them."""
    sources = phrases if phrases is not None else [pattern.exact.pattern]
    n = 0
    for source in sources:
        for example in _examples(source):
            for caption in (f" {example} ", f"x {example}. ", example.upper()):
                low = text.caseless(caption)
                if low is None:
                    continue
                want = [m.span() for m in pattern.exact.finditer(low)]
                got = [m.span() for m in pattern.finditer(text.CaptionText(caption))]
                assert got == want, (source, caption)
                n += bool(want)
    assert n > len(sources)


def test_shout_and_leading_ad_patterns_equal_their_plain_forms():
    import re

    plain_shout = re.compile(r"\b[A-Z]{3,}\b")
    extra = ["ABC abc ABCd xABC ABC_ A1BC ÄBCD ABÇD OK YES!! #OOTD @USA é ABC", "AB ABC ABCD", "_ABC_ ABC's"]
    for caption in SAMPLE + PREPASS_EDGES + extra:
        assert tone._SHOUT_RE.findall(caption) == plain_shout.findall(caption), caption
        for ct in (text.CaptionText(caption), _ignorecase(caption)):
            first = next(sponsored._LEADING_AD_RE.finditer(ct), None)
            m = sponsored._LEADING_AD_RE.match(ct)
            assert (m and m.span()) == (first and first.span()), caption


# ---- the niche lexicon (niches.Lexicon) -------------------------------------------------------------------

def _reference_analyze(lex, caption: str) -> dict[str, list[str]]:
    """The lexicon scan as first written: every word, every phrase length, every stem tested with ``in``."""
    from reachroom.content import niches

    def stems_in(word: str) -> list[tuple[str, str]]:
        return [(stem, slug) for stem, slug in lex._stems if stem in word]

    def tag_hits(tag: str) -> list[tuple[str, str]]:
        hits = {slug: "#" + tag for slug in lex._tags.get(tag, ())}
        for _stem, slug in stems_in(tag):
            hits.setdefault(slug, "#" + tag)
        return list(hits.items())

    found: dict[str, dict[str, None]] = {}
    ct = text.CaptionText(caption)
    ws, tags = ct.norm_words, ct.norm_tags
    n = len(ws)
    for i, w in enumerate(ws):
        for slug in lex._phrases.get(w, ()):
            found.setdefault(slug, {})[w] = None
        if w in lex._phrase_starts:
            for k in range(2, min(lex.max_phrase_len, n - i) + 1):
                phrase = " ".join(ws[i : i + k])
                for slug in lex._phrases.get(phrase, ()):
                    found.setdefault(slug, {})[phrase] = None
    for w in dict.fromkeys(ws):
        if len(w) >= niches.COMPOUND_MIN_LEN and w not in lex._phrases:
            for stem, slug in stems_in(w):
                if len(stem) >= niches.COMPOUND_STEM_MIN_LEN and stem not in niches.COMPOUND_STEM_EXCLUDE:
                    found.setdefault(slug, {})[w] = None
    for w in dict.fromkeys(ws):
        if w[: niches.PREFIX_MIN_LEN] in lex._prefix_heads:
            for slug, term in lex._prefix_hits(w):
                found.setdefault(slug, {})[term] = None
    for tag in tags:
        for slug, term in tag_hits(tag):
            found.setdefault(slug, {})[term] = None
    norm = ct.norm
    if not norm.isascii() and niches.INFIX_SCRIPT_RE.search(norm):
        for w in dict.fromkeys([*ws, *tags]):
            if niches.INFIX_SCRIPT_RE.search(w):
                for slug, term in lex._infix_hits(w):
                    found.setdefault(slug, {})[term] = None
    emo = [] if norm.isascii() else niches.EMOJI_RE.findall(norm)
    for ch in dict.fromkeys(emo):
        for slug in lex._emoji.get(ch, ()):
            found.setdefault(slug, {})[ch] = None
    for handle in ct.norm_mentions:
        for slug, _term in tag_hits(handle.replace(".", "").replace("_", "")):
            found.setdefault(slug, {})["@" + handle] = None
    return {slug: list(terms) for slug, terms in found.items()}


def _lexicon_captions(lex) -> list[str]:
    """The fast-path sample, the edge cases, and captions made of the lexicon's own terms: every phrase, tag
    and stem alone, inside longer words, joined in pairs (phrases that overlap), as hashtags and handles."""
    terms = sorted({*lex._phrases, *lex._tags, *(s for s, _ in lex._stems), *lex._prefixes, *lex._infixes})
    out = SAMPLE + PREPASS_EDGES
    out += [" ".join(terms[i : i + 7]) for i in range(0, len(terms), 7)]
    out += [" ".join(p) for p in itertools.pairwise(sorted(lex._phrases))]
    out += ["#" + " #".join(t.replace(" ", "") for t in terms[i : i + 5]) for i in range(0, len(terms), 5)]
    out += ["@x" + t.replace(" ", ".") + "_y super" + t.replace(" ", "") + "ish" for t in terms[::3]]
    return out


def test_lexicon_equals_the_reference():
    from reachroom.content.niches import Lexicon

    lex = Lexicon()
    captions = _lexicon_captions(lex)
    assert len(captions) > 3000
    for caption in captions:
        assert lex.match(caption) == _reference_analyze(lex, caption), caption
    assert sum(bool(lex.match(c)) for c in captions) > 2000


def test_stems_in_a_word_equal_testing_every_stem():
    from reachroom.content.niches import Lexicon

    lex = Lexicon()
    words = [w for c in _lexicon_captions(lex) for w in text.CaptionText(c).norm_words + text.CaptionText(c).norm_tags]
    words += ["", "a", "ab", "abc"] + [s for s, _ in lex._stems] + [s[1:] + s + s[:-1] for s, _ in lex._stems]
    for w in words:
        assert lex._stems_in(w) == [j for j, (stem, _) in enumerate(lex._stems) if stem in w], w


def test_pattern_counts_equal_counting_ignorecase_matches():
    patterns = [tone.HUMOUR_RE, tone.INFORMAL_RE, tone.PROMO_RE, tone.URL_HINT, sponsored._CODE_RE, sponsored._AD_RE]
    for caption in SAMPLE + PREPASS_EDGES:
        for pattern in patterns:
            want = sum(1 for _ in pattern.ignorecase.finditer(caption))
            assert pattern.count(text.CaptionText(caption)) == want, caption
            assert pattern.count(_ignorecase(caption)) == want, caption


def _reference_terms(words, tags, emoji) -> list[str]:
    """caption_terms as first written: one loop over words, tags and emoji."""
    out: dict[str, None] = {}
    for w in words:
        if len(w) >= 2:
            out[w] = None
            if len(w) >= 7:
                out["<" + w[:5]] = None
                out[">" + w[-5:]] = None
    for t in tags:
        out["#" + t] = None
        if len(t) >= 7:
            out["<" + t[:5]] = None
            out[">" + t[-5:]] = None
    for e in emoji:
        out[e] = None
    return list(out)


def test_caption_terms_equal_the_reference():
    from reachroom.content.niches import EMOJI_RE, Lexicon, caption_terms

    extra = ["a a ab abcdefg abcdefg #abcdefg #a #a 🐶🐶", "#x x #abcdefgh abcdefgh"]
    for caption in _lexicon_captions(Lexicon()) + extra:
        ct = text.CaptionText(caption)
        args = (ct.norm_words, ct.norm_tags, EMOJI_RE.findall(ct.norm))
        assert caption_terms(*args) == _reference_terms(*args), caption
