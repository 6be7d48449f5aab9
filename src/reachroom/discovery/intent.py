"""What a search's free text says about niches: soft niche targets inferred with the content niche head.

A text-only search ("cosy home decor and interior ideas") has no niches of its own, so only the semantic
component would read the text, and a short text embeds close to the catch-all lifestyle content. The niche head
(:mod:`reachroom.content.niches`, the same classifier that scores the creators' posts) reads the text once per
search; niches it is clearly sure about become soft targets of the niche component, as a brand's niches do:

* words that describe the search rather than a topic ("creator", "influencers", "micro", "instagram", ...) are
  dropped first: the head was trained on captions, where they pull towards tech or lifestyle;
* the text must be informative (``1 - p(generic) >= INFORMATIVE_MIN``; "Happy Monday" or "London" is not);
* the most probable niche needs ``p >= TOP_MIN`` (chance is 1/13 ≈ 0.08), weight 1.0;
* a further niche counts when ``p >= SECONDARY_MIN_SHARE`` and at least half the top's probability (the rule
  the content module uses for a creator's second niche), weighted ``p / p_top``.

Explicit niches (the ``niches`` filter, a brand's niches) always win: inference runs only without them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reachroom.content.niches import SECONDARY_MIN_SHARE

INFORMATIVE_MIN = 0.5
TOP_MIN = 0.4
MAX_TARGETS = 2
#: words describing who is searched for, not what about (English; compared lower-case).
SEARCH_WORDS = frozenset("""
creator creators influencer influencers blogger bloggers vlogger vloggers youtuber youtubers tiktoker tiktokers
instagrammer instagrammers ambassador ambassadors ugc content account accounts channel channels profile profiles
micro nano macro mega mid tier micro-influencer micro-influencers nano-influencer nano-influencers
instagram tiktok youtube facebook ig yt
""".split())
_WORD = re.compile(r"[^\W_][\w'’-]*|[#@]\w+", re.UNICODE)


def topic_text(text: str) -> str:
    """The text without the words that describe the search itself ("vegan food creators" → "vegan food")."""
    return " ".join(w for w in _WORD.findall(text or "") if w.lower() not in SEARCH_WORDS)


@lru_cache(maxsize=1024)
def infer_niches(text: str) -> tuple[tuple[str, float], ...]:
    """(niche slug, probability) pairs the text clearly asks for, most probable first; () when unsure."""
    topic = topic_text(text).strip()
    if not topic:
        return ()
    from reachroom.content.niches import get_classifier

    post = get_classifier().classify_post(topic)
    if post.informative < INFORMATIVE_MIN:
        return ()
    ranked = post.top(MAX_TARGETS)
    if not ranked or ranked[0][1] < TOP_MIN:
        return ()
    top = ranked[0][1]
    return tuple((slug, float(p)) for i, (slug, p) in enumerate(ranked)
                 if i == 0 or (p >= SECONDARY_MIN_SHARE and p >= top / 2))


def niche_targets(text: str) -> dict[str, float]:
    """Soft niche targets {slug: weight} for the engine: the top inferred niche 1.0, a second one p / p_top."""
    found = infer_niches((text or "").strip())
    if not found:
        return {}
    top = found[0][1]
    return {slug: round(min(1.0, p / top), 2) for slug, p in found}
