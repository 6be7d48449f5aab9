"""Interpretable voice traits for creators and brands, and a tone-match score.

Every trait is a number in [0, 1] computed from transparent counts (no model), so a person can check it:

* ``formality``        – 1 = polished, complete sentences; 0 = slang, shouting, emoji, "lol", "gonna".
* ``positivity``       – share of positive vs negative sentiment words and emoji (0.5 = neutral).
* ``humour``           – jokes and laughter markers (haha, lol, 😂, jk, "me trying to ...") per post.
* ``emoji_density``    – emoji per word (1 = one emoji every 4 words or more).
* ``hashtag_density``  – hashtags per word (1 = a hashtag every 3 words or more).
* ``first_person``     – first-person storytelling: I/me/my/we pronouns (multilingual) per word.
* ``promotional``      – calls to action, codes, links, ad labels and sales language per post.

A brand's voice (free text, optional example captions, banned words) is profiled the same way; style words
in the description ("playful", "formal", "no emoji") set the matching traits explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from reachroom.content import text as textutil

TRAITS: tuple[str, ...] = (
    "formality",
    "positivity",
    "humour",
    "emoji_density",
    "hashtag_density",
    "first_person",
    "promotional",
)

POSITIVE = set(
    """love loved loving lovely amazing awesome beautiful best better good great happy happiest
glad grateful thankful blessed excited exciting fun wonderful perfect favourite favorite gorgeous incredible
fantastic brilliant delicious yummy cute sweet adorable enjoy enjoyed proud win winning joy joyful nice cool
stunning magical inspiring inspired obsessed thrilled smile smiling laugh yay wow fab fabulous excellent
kind peaceful calm cozy cosy sunny bright recommend recommended lucky funny hilarious
elsker elske fin fint flott nydelig herlig glad takknemlig beste
amor encanta encantado feliz genial bonito bonita precioso preciosa maravilloso mejor gracias
suka senang bahagia cantik bagus keren enak terima kasih
liebe schön toll super glücklich danke""".split()
)
NEGATIVE = set(
    """hate hated awful terrible worst bad sad angry annoyed annoying tired exhausted sick ugly boring
disappointed disappointing horrible disgusting pain painful hurt hurts cry crying cried fail failed failure
stress stressed stressful anxious anxiety scared afraid lonely broken worse ugh sucks rude mess messy lost
problem problems difficult hard struggle struggling wrong
hater trist sliten vondt lei dårlig
odio triste cansado cansada malo mala peor
benci sedih capek lelah buruk
hasse traurig müde schlecht""".split()
)
POS_EMOJI = set("😀😃😄😁😊☺️🙂😍🥰😘❤️💕💖💗💛💚💙💜🧡🤍🎉🥳✨🌟⭐👍🙌👏🔥💯🌞☀️🌈🌸😋🤩")
NEG_EMOJI = set("😢😭😞😔😟😠😡🤬💔😩😫😤👎😒🙄😷🤒")
HUMOUR_RE = textutil.CaselessPattern(
    r"\b(?:ha(?:ha)+|he(?:he)+|lol+|lmao|rofl|jk|kidding|joke|jokes|funny|hilarious|pun|meme|"
    r"jaja+|wkwk+|kkk+|haha)\b|😂|🤣|😜|😝|🙃|😆|🤪|😹|(?:\bme\b.{0,20}\btrying\b)|\bwhen you\b|\bbe like\b",
    needles=("haha", "hehe", "lol", "lmao", "rofl", "jk", "kidding", "joke", "funny", "hilarious", "pun", "meme",
             "jaja", "wkwk", "kkk", "😂", "🤣", "😜", "😝", "🙃", "😆", "🤪", "😹", "trying", "when you", "be like"),
)
INFORMAL_RE = textutil.CaselessPattern(
    r"\b(?:lol|omg|gonna|wanna|gotta|ya|y'all|yall|u|ur|pls|plz|tho|thx|btw|idk|lmao|bae|af|lit|vibes?|"
    r"sooo+|yasss*|ok+ay|dude|bro|sis|hun|babe|cuz|ain't|kinda|sorta)\b",
    in_chunks=True,  # whole words without spaces: counted per chunk of the caption
)
FIRST_PERSON = set(
    """i me my mine myself i'm im i've ive i'd i'll we us our ours ourselves we're
jeg meg min mitt mine vi oss vår yo mi mis me nosotros nuestro nuestra aku saya ku kami kita ich mich mein meine
wir uns unser je moi mon ma mes nous notre io mio mia noi eu meu minha nós""".split()
)
PROMO_RE = textutil.CaselessPattern(
    r"\b(?:link in (?:my )?bio|shop (?:now|the look|my)|swipe up|use (?:my )?code|discount|promo|sale|% off|"
    r"giveaway|order (?:now|yours)|buy now|limited (?:time|edition)|available now|get yours|sign up|"
    r"check out|don't miss|click|subscribe|new collection|launch)\b|#(?:ad|sponsored|gifted|affiliate)\b",
    needles=("link in ", "shop ", "swipe up", "use ", "discount", "promo", "sale", "% off", "giveaway", "order ",
             "buy now", "limited ", "available now", "get yours", "sign up", "check out", "don't miss", "click",
             "subscribe", "new collection", "launch", "#ad", "#sponsored", "#gifted", "#affiliate"),
)
URL_HINT = textutil.CaselessPattern(r"https?://|www\.|\.com/|bit\.ly", needles=("://", "www.", ".com/", "bit.ly"))

# Style words in a brand's description that set a trait explicitly.
DESCRIPTORS: dict[str, tuple[str, float]] = {
    "formal": ("formality", 0.85),
    "professional": ("formality", 0.8),
    "polished": ("formality", 0.8),
    "sophisticated": ("formality", 0.8),
    "elegant": ("formality", 0.75),
    "luxury": ("formality", 0.8),
    "authoritative": ("formality", 0.8),
    "casual": ("formality", 0.3),
    "relaxed": ("formality", 0.35),
    "chatty": ("formality", 0.25),
    "informal": ("formality", 0.2),
    "friendly": ("formality", 0.4),
    "playful": ("humour", 0.7),
    "funny": ("humour", 0.8),
    "humorous": ("humour", 0.8),
    "witty": ("humour", 0.7),
    "cheeky": ("humour", 0.7),
    "serious": ("humour", 0.05),
    "earnest": ("humour", 0.1),
    "positive": ("positivity", 0.85),
    "upbeat": ("positivity", 0.85),
    "optimistic": ("positivity", 0.85),
    "warm": ("positivity", 0.75),
    "joyful": ("positivity", 0.9),
    "cheerful": ("positivity", 0.85),
    "calm": ("positivity", 0.65),
    "personal": ("first_person", 0.7),
    "storytelling": ("first_person", 0.75),
    "authentic": ("first_person", 0.65),
    "understated": ("promotional", 0.15),
    "subtle": ("promotional", 0.15),
    "salesy": ("promotional", 0.8),
    "bold": ("promotional", 0.55),
}
NEGATED_DESCRIPTORS = {
    "no emoji": ("emoji_density", 0.0),
    "no emojis": ("emoji_density", 0.0),
    "without emoji": ("emoji_density", 0.0),
    "emoji-free": ("emoji_density", 0.0),
    "lots of emoji": ("emoji_density", 0.6),
    "emoji": ("emoji_density", 0.35),
    "no hashtags": ("hashtag_density", 0.0),
    "few hashtags": ("hashtag_density", 0.1),
    "not salesy": ("promotional", 0.1),
    "never salesy": ("promotional", 0.1),
    "no slang": ("formality", 0.75),
    "not formal": ("formality", 0.3),
    "no jokes": ("humour", 0.05),
}


@dataclass(frozen=True)
class ToneProfile:
    traits: dict[str, float]
    n_posts: int
    centroid: list[float] | None = None  # mean embedding (unit length) when computed
    banned_words: tuple[str, ...] = ()
    explicit: tuple[str, ...] = ()  # traits set from descriptor words (brands)

    def as_vector(self) -> np.ndarray:
        return np.array([self.traits[t] for t in TRAITS], dtype=np.float32)


#: ``\b[A-Z]{3,}\b`` (a shouted word), written to start with a capital so ``re`` skips to the capitals
#: instead of trying a word boundary at every character: the lookbehind is the same leading ``\b``.
_SHOUT_RE = re.compile(r"[A-Z](?<=\b[A-Z])[A-Z]{2,}\b")


#: the first character of each sentence with text in it: the sentences are the runs between ``[.!?\n]+`` (what
#: ``re.split`` on that gives); a match starts at a run's first non-space character and takes the rest of the run.
_SENTENCE_START_RE = re.compile(r"([^.!?\s])[^.!?\n]*")
_SHOUT_OK = frozenset({"OOTD", "DIY", "SPF", "USA", "UK"})


def _clip(x: float) -> float:
    """``float(min(1.0, max(0.0, x)))`` for a float (NaN clips to 0.0 as there)."""
    return x if 0.0 < x < 1.0 else (1.0 if x >= 1.0 else 0.0)


def post_traits(caption: str | textutil.CaptionText) -> dict[str, float]:
    """Trait values of a single caption (or of its :class:`~reachroom.content.text.CaptionText`)."""
    return dict(zip(TRAITS, _trait_values(textutil.caption_text(caption)), strict=True))


def _trait_values(ct: textutil.CaptionText) -> tuple[float, ...]:
    """:func:`post_traits`' values in :data:`TRAITS` order."""
    caption = ct.text
    ws = ct.words
    n_words = max(1, len(ws))
    emo = ct.emojis
    tags = ct.tags
    # sum(map(set.__contains__, ...)) counts what sum(1 for w in ws if w in set) counts, without a Python loop
    pos = sum(map(POSITIVE.__contains__, ws)) + sum(map(POS_EMOJI.__contains__, emo))
    neg = sum(map(NEGATIVE.__contains__, ws)) + sum(map(NEG_EMOJI.__contains__, emo))
    humour_hits = HUMOUR_RE.count(ct)
    informal = INFORMAL_RE.count(ct)
    shouts = _SHOUT_RE.findall(caption)
    shouting = len(shouts) - sum(map(_SHOUT_OK.__contains__, shouts))  # the shouted words not in _SHOUT_OK
    exclaim = caption.count("!")
    starts = _SENTENCE_START_RE.findall(caption)
    capitalised = sum(map(str.isupper, starts)) / max(1, len(starts))
    avg_len = sum(map(len, ws)) / len(ws) if ws else 4.0  # np.mean's value: an exact integer sum, divided
    informal_rate = (informal + shouting + 0.5 * exclaim + 0.5 * len(emo) + humour_hits) / n_words
    formality = 0.55 + 0.25 * (capitalised - 0.5) + 0.08 * (avg_len - 4.5) - 2.0 * informal_rate
    promo_hits = PROMO_RE.count(ct) + URL_HINT.count(ct)
    return (
        _clip(formality),
        _clip(0.5 + 0.5 * (pos - neg) / (pos + neg + 1)),
        _clip(humour_hits / 2),
        _clip(4 * len(emo) / n_words),
        _clip(3 * len(tags) / (n_words + len(tags))),
        _clip(6 * sum(map(FIRST_PERSON.__contains__, ws)) / n_words),
        _clip(promo_hits / 2),
    )


def profile_posts(captions: Sequence[str | textutil.CaptionText], *, embed: bool = False) -> ToneProfile:
    """A creator's voice profile: the mean of the per-post traits (and the embedding centroid if ``embed``).
    The captions may be given as :class:`~reachroom.content.text.CaptionText` (shared with other analyses)."""
    texts = [ct for ct in map(textutil.caption_text, captions) if ct.text.strip()]
    if not texts:
        return ToneProfile({t: 0.0 for t in TRAITS}, 0)
    # one (traits x posts) array: each row's mean is np.mean of that trait's list (the same pairwise sum)
    means = np.array(list(zip(*map(_trait_values, texts), strict=True))).mean(axis=1)
    traits = {t: round(float(m), 4) for t, m in zip(TRAITS, means, strict=True)}
    centroid = None
    if embed:
        from reachroom.content.embedder import embed as _embed

        v = _embed([ct.text for ct in texts]).mean(axis=0)
        norm = float(np.linalg.norm(v))
        centroid = [round(float(x), 5) for x in (v / norm if norm else v)]
    return ToneProfile(traits, len(texts), centroid)


def profile_brand_voice(
    description: str,
    *,
    example_posts: Iterable[str] = (),
    banned_words: Iterable[str] = (),
    embed: bool = False,
) -> ToneProfile:
    """Profile a brand's described voice the same way as a creator's posts. The description and any example
    captions are measured like posts; style words in the description ("playful", "formal", "no emoji")
    override the measured value of their trait."""
    texts = [description, *example_posts]
    base = profile_posts(texts, embed=embed)
    traits = dict(base.traits)
    explicit: list[str] = []
    low = textutil.normalize(description)
    for phrase, (trait, value) in sorted(NEGATED_DESCRIPTORS.items(), key=lambda kv: -len(kv[0])):
        if trait not in explicit and re.search(r"\b" + re.escape(phrase) + r"\b", low):
            traits[trait] = value
            explicit.append(trait)
    for word in textutil.WORD_RE.findall(low):
        if word in DESCRIPTORS:
            trait, value = DESCRIPTORS[word]
            if trait not in explicit:
                traits[trait] = value
                explicit.append(trait)
    banned = tuple(sorted({textutil.normalize(b).strip() for b in banned_words if b and b.strip()}))
    return ToneProfile(traits, base.n_posts, base.centroid, banned, tuple(explicit))


@dataclass(frozen=True)
class ToneMatch:
    score: float  # 0..1, higher is a better fit
    agreeing: list[str]
    disagreeing: list[str]
    differences: dict[str, float]  # creator minus brand, per trait
    banned_word_hits: dict[str, int] = field(default_factory=dict)
    embedding_similarity: float | None = None


AGREE = 0.15
DISAGREE = 0.30


def tone_match(brand: ToneProfile, creator: ToneProfile, creator_posts: Sequence[str] = ()) -> ToneMatch:
    """Match a brand's voice with a creator's: ``score`` = 1 - mean absolute trait difference (explicitly
    described brand traits count double), blended 70/30 with the embedding-centroid cosine when both have one,
    minus 0.1 per distinct banned word the creator uses (from ``creator_posts``)."""
    diffs = {t: round(creator.traits[t] - brand.traits[t], 4) for t in TRAITS}
    weights = {t: (2.0 if t in brand.explicit else 1.0) for t in TRAITS}
    trait_score = 1.0 - sum(abs(diffs[t]) * weights[t] for t in TRAITS) / sum(weights.values())
    sim = None
    if brand.centroid is not None and creator.centroid is not None:
        sim = float(np.dot(np.array(brand.centroid), np.array(creator.centroid)))
        trait_score = 0.7 * trait_score + 0.3 * max(0.0, sim)
    hits: dict[str, int] = {}
    if brand.banned_words and creator_posts:
        body = " \n ".join(textutil.normalize(p or "") for p in creator_posts)
        for w in brand.banned_words:
            n = len(re.findall(r"(?<!\w)#?" + re.escape(w) + r"(?!\w)", body))
            if n:
                hits[w] = n
    score = _clip(trait_score - 0.1 * len(hits))
    return ToneMatch(
        score=round(score, 4),
        agreeing=[t for t in TRAITS if abs(diffs[t]) <= AGREE],
        disagreeing=[t for t in TRAITS if abs(diffs[t]) >= DISAGREE],
        differences=diffs,
        banned_word_hits=hits,
        embedding_similarity=None if sim is None else round(sim, 4),
    )
