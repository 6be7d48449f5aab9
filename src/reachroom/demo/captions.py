"""Caption and hashtag assembly: fixed pools of rendered sentences, combined per post with numpy indexing.

Pools are rendered once from the templates in texts.py with a fixed private seed (they are part of the
generator, not of a load); a load's own random stream then picks pool entries per post. Combining a few
independent picks (opener, 1-2 sentences, closer, emoji, hashtags) gives millions of distinct captions while
costing only a few vectorised object-array concatenations per post.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from reachroom.demo.texts import (
    CAPTION_LANGS,
    DAYS,
    EN_CLOSERS,
    EN_OPENERS,
    EN_TEMPLATES,
    LANG_NICHE,
    LANG_TEXT,
    NICHE_TEXT,
    PLATFORM_TAGS,
)
from reachroom.demo.vocab import GENERAL_EMOJI, NICHE_EMOJI, NICHES, PLATFORMS

KINDS = ("casual", "formal", "story", "tips", "question")
POOL = 48          # sentences per (language, niche, kind)
SMALL = 16         # entries per opener / closer / emoji pool
PERMS = 24         # hashtag orders per (platform, niche)
MAX_TAGS = 16
_POOL_SEED = 20240611
_AN = re.compile(r"\ba ([aeiouAEIOU])")


def _fill(template: str, rng: np.random.Generator, items, acts, adjs) -> str:
    act = acts[rng.integers(len(acts))]
    text = template.format(item=items[rng.integers(len(items))], act=act, Act=act[:1].upper() + act[1:],
                           adj=adjs[rng.integers(len(adjs))] if adjs else "", day=DAYS[rng.integers(len(DAYS))])
    text = _AN.sub(r"an \1", text)
    return text if text[-1] in ".!?…" else text + "."


def _cycle(values: list[str], size: int) -> list[str]:
    return [values[i % len(values)] for i in range(size)]


@dataclass(frozen=True)
class Pools:
    """Rendered caption material as object arrays indexed by integer codes."""

    body: np.ndarray       # (lang, niche, kind, POOL)
    extra: np.ndarray      # (niche, POOL): niche-specific second sentences (English)
    body_spaced: np.ndarray   # ' ' + body, for second sentences
    extra_spaced: np.ndarray  # ' ' + extra
    opener: np.ndarray     # (lang, formality, SMALL), '' or text + ' '
    closer: np.ndarray     # (lang, formality, SMALL), '' or ' ' + text
    emoji: np.ndarray      # (niche, level, SMALL), '' or ' ' + emoji
    tags: np.ndarray       # (platform, niche, PERMS, MAX_TAGS): '' or '\n\n#a #b'
    tags_json: np.ndarray  # same shape: '' or '"a","b",'


@lru_cache(maxsize=1)
def pools() -> Pools:
    """Render every pool (cached; about 0.1 s)."""
    rng = np.random.Generator(np.random.PCG64(_POOL_SEED))
    n_lang, n_niche = len(CAPTION_LANGS), len(NICHES)
    body = np.empty((n_lang, n_niche, len(KINDS), POOL), dtype=object)
    for li, lang in enumerate(CAPTION_LANGS):
        for ni, niche in enumerate(NICHES):
            en = NICHE_TEXT[niche]
            for ki, kind in enumerate(KINDS):
                if lang == "en":
                    templates, items, acts, adjs = EN_TEMPLATES[kind], en["items"], en["acts"], en["adjs"]
                elif lang == "hi":
                    templates, items, acts, adjs = LANG_TEXT["hi"]["templates"], en["items"], en["acts"], ()
                else:
                    (items, acts), adjs = LANG_NICHE[lang][niche], ()
                    templates = LANG_TEXT[lang]["templates"]
                for k in range(POOL):
                    body[li, ni, ki, k] = _fill(templates[rng.integers(len(templates))], rng, items, acts, adjs)
    extra = np.empty((n_niche, POOL), dtype=object)
    for ni, niche in enumerate(NICHES):
        en = NICHE_TEXT[niche]
        for k in range(POOL):
            line = en["extra"][rng.integers(len(en["extra"]))]
            if rng.random() < 0.5:  # or a second templated sentence
                kind = KINDS[rng.integers(len(KINDS) - 1)]
                line = _fill(EN_TEMPLATES[kind][rng.integers(len(EN_TEMPLATES[kind]))], rng,
                             en["items"], en["acts"], en["adjs"])
            extra[ni, k] = line
    opener = np.empty((n_lang, 2, SMALL), dtype=object)
    closer = np.empty((n_lang, 2, SMALL), dtype=object)
    for li, lang in enumerate(CAPTION_LANGS):
        for fi, formality in enumerate(("casual", "formal")):
            if lang == "en":
                ops, cls = EN_OPENERS[formality], EN_CLOSERS[formality]
            else:
                ops, cls = LANG_TEXT[lang]["openers"], LANG_TEXT[lang]["closers"]
            # About half of the captions have no opener and a third no closer.
            opener[li, fi] = _cycle([o + " " for o in ops], SMALL // 2) + [""] * (SMALL - SMALL // 2)
            closer[li, fi] = _cycle([" " + c for c in cls], SMALL - SMALL // 3) + [""] * (SMALL // 3)
    emoji = np.empty((n_niche, 3, SMALL), dtype=object)
    for ni, niche in enumerate(NICHES):
        options = NICHE_EMOJI[niche] + GENERAL_EMOJI[:3]
        for k in range(SMALL):
            emoji[ni, 0, k] = ""
            emoji[ni, 1, k] = " " + options[rng.integers(len(options))] if k % 2 == 0 else ""
            count = 1 + int(rng.integers(3))
            emoji[ni, 2, k] = " " + "".join(options[rng.integers(len(options))] for _ in range(count))
    tags = np.empty((len(PLATFORMS), n_niche, PERMS, MAX_TAGS), dtype=object)
    tags_json = np.empty_like(tags)
    for pi, platform in enumerate(PLATFORMS):
        for ni, niche in enumerate(NICHES):
            base = list(NICHE_TEXT[niche]["tags"])
            for p in range(PERMS):
                order = [base[j] for j in rng.permutation(len(base))]
                if p % 3 == 0:  # a third of the orders carry a platform tag
                    ptags = PLATFORM_TAGS[platform]
                    order.insert(int(rng.integers(0, 3)), ptags[int(rng.integers(len(ptags)))])
                for h in range(MAX_TAGS):
                    chosen = order[:h]
                    tags[pi, ni, p, h] = ("\n\n" + " ".join("#" + t for t in chosen)) if chosen else ""
                    tags_json[pi, ni, p, h] = "".join(f'"{t}",' for t in chosen)
    spaced = np.frompyfunc(lambda x: " " + x, 1, 1)
    return Pools(body=body, extra=extra, body_spaced=spaced(body), extra_spaced=spaced(extra), opener=opener,
                 closer=closer, emoji=emoji, tags=tags, tags_json=tags_json)


def niche_keywords(niche: str) -> set[str]:
    """Lower-case words and tags that mark a niche's captions (used by tests and docs)."""
    text = NICHE_TEXT[niche]
    words = {w.lower() for w in text["items"] + text["acts"] + text["tags"]}
    for lang in LANG_NICHE.values():
        items, acts = lang[niche]
        words |= {w.lower() for w in items + acts}
    return words
