"""Chooses the creator-level abstention threshold on generated creators (no real caption is used).

A creator's niche is "unclear" when the pooled posterior (``NicheClassifier.aggregate``) is flat. Two
candidate statistics are measured: its top probability and its margin (top minus runner-up). This script
generates creators with the training generator of ``scripts/train_niche_head.py`` and measures both for

* clear creators: 4-12 posts, 50 % of their niche, 40 % generic, 10 % another niche (as in ``--validate``),
  and half as many two-niche creators (two niches in equal measure, 30 % generic), which must be answered too
  (they get two labels; a correct answer is either niche);
* flat creators: (i) only generic posts (greetings, thanks, weather, quotes), (ii) posts spread evenly over
  three different niches, 40 % generic — no niche stands out;

and picks the statistic and threshold that maximise Youden's J = P(abstain | flat) - P(abstain | clear), i.e. the point
where abstaining separates the two kinds best, with equal cost for both errors. It prints the candidates and
the choice as JSON. Run: ``PYTHONPATH=src python scripts/calibrate_abstention.py [--creators 600]``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_niche_head import CLASSES, Generator, parse_corpus, parse_vocab, synthetic_creators  # noqa: E402

from reachroom.content.niches import NicheClassifier  # noqa: E402


def two_niche_creators(gen: Generator, n: int, seed: int) -> list[tuple[tuple[str, str], list[str]]]:
    """Creators of two niches in equal measure (a runner who posts her kids): multi-label, not unclear."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        lang = gen.lang()
        pair = tuple(rng.sample(CLASSES[:-1], 2))
        posts = [gen.generic_caption(lang) if rng.random() < 0.3 else gen.niche_caption(pair[i % 2], lang)
                 for i in range(rng.randint(4, 12))]
        out.append((pair, posts))
    return out


def flat_creators(gen: Generator, n: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    niches = CLASSES[:-1]
    out = []
    for k in range(n):
        lang = gen.lang()
        posts = []
        n_posts = rng.randint(4, 12)
        if k % 2 == 0:  # nothing but generic posts
            posts = [gen.generic_caption(lang) for _ in range(n_posts)]
        else:  # three niches, none dominant
            three = rng.sample(niches, 3)
            for i in range(n_posts):
                posts.append(gen.generic_caption(lang) if rng.random() < 0.4 else gen.niche_caption(three[i % 3], lang))
        out.append(posts)
    return out


STATS = ("top", "margin")


def flatness(clf: NicheClassifier, posts: list[str]) -> tuple[dict[str, float], str]:
    """The candidate statistics of the pooled posterior (top probability, top minus runner-up) and the argmax."""
    p, informative, _ = clf.post_probabilities(posts)
    posterior = clf.aggregate(p, informative)
    second, top = np.sort(posterior)[-2:]
    return {"top": float(top), "margin": float(top - second)}, clf.niche_slugs[int(posterior.argmax())]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--creators", type=int, default=600, help="creators of each kind")
    ap.add_argument("--seed", type=int, default=101)
    args = ap.parse_args()
    gen = Generator(parse_vocab(), parse_corpus(), "all", args.seed)
    clf = NicheClassifier()
    clear = [((slug,), *flatness(clf, posts)) for slug, posts in synthetic_creators(gen, args.creators, args.seed)]
    pairs = two_niche_creators(gen, args.creators // 2, args.seed + 2)
    clear += [(pair, *flatness(clf, posts)) for pair, posts in pairs]
    flat = [flatness(clf, posts)[0] for posts in flat_creators(gen, args.creators, args.seed + 1)]
    clear_ok = np.array([pred in slugs for slugs, _, pred in clear])
    rows = []
    for stat in STATS:
        clear_v = np.array([s[stat] for _, s, _ in clear])
        flat_v = np.array([s[stat] for s in flat])
        for tau in np.round(np.arange(0.0, 0.71, 0.0125), 4)[1:]:
            abstain_flat = float((flat_v < tau).mean())
            abstain_clear = float((clear_v < tau).mean())
            answered = clear_v >= tau
            rows.append({
                "statistic": stat, "threshold": float(tau), "youden_j": round(abstain_flat - abstain_clear, 4),
                "abstain_flat": round(abstain_flat, 4), "abstain_clear": round(abstain_clear, 4),
                "clear_accuracy_answered": round(float(clear_ok[answered].mean()), 4) if answered.any() else None,
            })
    best = max(rows, key=lambda r: (r["youden_j"], -r["threshold"]))
    print(json.dumps({
        "clear_creators": len(clear), "flat_creators": len(flat),
        "clear_accuracy_all": round(float(clear_ok.mean()), 4),
        "chosen": best, "best_per_statistic": [max((r for r in rows if r["statistic"] == s),
                                                   key=lambda r: r["youden_j"]) for s in STATS],
        "candidates": rows,
    }, indent=1))


if __name__ == "__main__":
    main()
