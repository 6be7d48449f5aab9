#!/usr/bin/env python3
"""Train the niche head (multinomial logistic regression over static embeddings) from the self-written corpus.

Reads ``src/reachroom/content/data/niche_corpus.txt`` and the taxonomy lexicons, builds a deterministic
training set and writes ``src/reachroom/content/model/niche_head.npz``. Runs in the ordinary project
environment (numpy + tokenizers), in a few seconds::

    PYTHONPATH=src python scripts/train_niche_head.py            # writes the head
    PYTHONPATH=src python scripts/train_niche_head.py --holdout  # also reports accuracy on held-out
                                                                 # hand-written captions (never real data)

No real captions are used: the evaluation file under ``shared/data`` is for measuring only.

Training examples per class (each class gets the same total weight):

* the hand-written captions of the class (weight 1),
* template captions: a topic phrase of the class in one of ~30 caption shapes, with 0-12 class hashtags mixed
  with generic hashtags (#instagood ...), hashtag-only captions, generic sentences with class hashtags, and
  hand-written captions with extra hashtags (weight 1),
* every lexicon keyword and hashtag of the class on its own (weight 0.25), and the label description (weight 3).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import random
import re
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reachroom.content.embedder import StaticEmbedder  # noqa: E402
from reachroom.content.taxonomy import BY_SLUG, NICHES, TAXONOMY_VERSION  # noqa: E402

CORPUS = ROOT / "src" / "reachroom" / "content" / "data" / "niche_corpus.txt"
OUT = ROOT / "src" / "reachroom" / "content" / "model" / "niche_head.npz"
GENERIC = "generic"

EMOJI = ["", "", "", "✨", "😍", "❤️", "🙌", "😊", "🔥", "👌", "💕", "😅", "🙏", "👀", "💛", "🌿", "☀️", "📸"]
OPENERS = [
    "",
    "",
    "So",
    "Finally",
    "Today:",
    "Okay,",
    "Honestly",
    "Guys,",
    "New post:",
    "Weekend plans:",
    "Throwback:",
    "Currently:",
    "Update:",
    "Sunday",
    "Happy Friday!",
]
TEMPLATES = [
    "{topic}",
    "{topic} {emo}",
    "{opener} {topic} {emo}",
    "Loving this {topic} {emo}",
    "Can't get enough of this {topic}",
    "All about {topic} today {emo}",
    "{topic} kind of day {emo}",
    "Little {topic} moment {emo}",
    "Obsessed with {topic} lately",
    "My take on {topic}, what do you think?",
    "Who else loves {topic}? {emo}",
    "{topic} + {topic2} = perfect day",
    "Swipe for more {topic} {emo}",
    "New on the blog: {topic} and {topic2}",
    "Sharing my favourite {topic} with you today",
    "Tips for {topic} in the comments 👇",
    "Nothing beats {topic} on a {day}",
    "{day} mood: {topic} {emo}",
    "Had the best time with {topic} this weekend",
    "Some {topic} inspiration for your {day}",
    "First time trying {topic} and I'm hooked",
    "Let's talk about {topic}",
    "Quick {topic} update {emo}",
    "Saving this {topic} for later {emo}",
    "{topic} 🤍 {topic2}",
    "{hand}",
    "{hand} {tags}",
    "{generic} {tags}",
    "{tags}",
    "{topic} {emo} {tags}",
    "{opener} {topic} {emo} {tags}",
    "{hand} {emo}",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "rainy day", "sunny day"]


def parse_corpus(path: pathlib.Path) -> dict[str, dict[str, list[str]]]:
    data: dict[str, dict[str, list[str]]] = {}
    section = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"\[(\w+)(?::(\w+))?\]", line)
        if m:
            slug, kind = m.group(1), m.group(2) or "captions"
            data.setdefault(slug, {"captions": [], "topics": [], "tags": []})
            section = (slug, kind)
            continue
        if section is None:
            continue
        slug, kind = section
        if kind == "captions":
            data[slug]["captions"].append(line)
        else:
            data[slug][kind].extend(x.strip() for x in line.split("|") if x.strip())
    return data


def build_examples(
    corpus: dict, *, per_class: int, seed: int, exclude: set[str] | None = None
) -> tuple[list[str], list[str], list[float]]:
    rng = random.Random(seed)
    exclude = exclude or set()
    classes = [n.slug for n in NICHES] + [GENERIC]
    generic = corpus[GENERIC]
    texts: list[str] = []
    labels: list[str] = []
    weights: list[float] = []

    def tags_for(slug: str, k: int) -> str:
        own = corpus[slug]["tags"] + sorted(BY_SLUG[slug].hashtags if slug in BY_SLUG else [])
        chosen = [rng.choice(own) for _ in range(k)]
        for _ in range(rng.randint(0, max(1, k // 2))):
            chosen.insert(rng.randrange(len(chosen) + 1), rng.choice(generic["tags"]))
        return " ".join("#" + t.replace(" ", "") for t in dict.fromkeys(chosen))

    for slug in classes:
        c = corpus[slug]
        hand = [x for x in c["captions"] if x not in exclude]
        ex_t: list[str] = []
        ex_w: list[float] = []
        for h in hand:
            ex_t.append(h)
            ex_w.append(1.0)
        for _ in range(per_class):
            tpl = rng.choice(TEMPLATES)
            k = rng.choice([0, 2, 3, 5, 8, 12]) if "{tags}" in tpl else 0
            text = tpl.format(
                topic=rng.choice(c["topics"]),
                topic2=rng.choice(c["topics"]),
                hand=rng.choice(hand),
                generic=rng.choice([g for g in generic["captions"] if g not in exclude]),
                tags=tags_for(slug, max(k, 1)),
                emo=rng.choice(EMOJI),
                opener=rng.choice(OPENERS),
                day=rng.choice(DAYS),
            )
            ex_t.append(" ".join(text.split()))
            ex_w.append(1.0)
        if slug in BY_SLUG:
            niche = BY_SLUG[slug]
            for kw in sorted(niche.keywords):
                ex_t.append(kw)
                ex_w.append(0.25)
            for tag in sorted(niche.hashtags):
                ex_t.append("#" + tag)
                ex_w.append(0.25)
            ex_t.append(niche.description)
            ex_w.append(3.0)
        total = sum(ex_w)
        texts += ex_t
        labels += [slug] * len(ex_t)
        weights += [w * 1000.0 / total for w in ex_w]  # every class weighs the same in total
    return texts, labels, weights


def train_softmax(X: np.ndarray, y: np.ndarray, w: np.ndarray, n_classes: int, l2: float, epochs: int = 400):
    """Weighted multinomial logistic regression, full-batch Adam (deterministic)."""
    n, d = X.shape
    W = np.zeros((d, n_classes), dtype=np.float64)
    b = np.zeros(n_classes, dtype=np.float64)
    Y = np.eye(n_classes)[y]
    sw = w / w.sum()
    mW, vW, mb, vb = (np.zeros_like(W), np.zeros_like(W), np.zeros_like(b), np.zeros_like(b))
    lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
    X64 = X.astype(np.float64)
    for t in range(1, epochs + 1):
        z = X64 @ W + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - Y) * sw[:, None]
        gW = X64.T @ g + l2 * W
        gb = g.sum(axis=0)
        for param, grad, m, v in ((W, gW, mW, vW), (b, gb, mb, vb)):
            m *= b1
            m += (1 - b1) * grad
            v *= b2
            v += (1 - b2) * grad * grad
            param -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
    return W.astype(np.float32), b.astype(np.float32)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-class", type=int, default=400, help="template captions per class")
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--epochs", type=int, default=400)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--holdout", action="store_true", help="report accuracy on 25%% held-out hand-written captions")
    ap.add_argument("--out", type=pathlib.Path, default=OUT)
    args = ap.parse_args()

    corpus = parse_corpus(CORPUS)
    classes = [n.slug for n in NICHES] + [GENERIC]
    missing = [c for c in classes if c not in corpus]
    if missing:
        raise SystemExit(f"corpus has no section for {missing}")
    emb = StaticEmbedder()
    started = time.time()

    if args.holdout:
        rng = random.Random(args.seed + 1)
        held: list[tuple[str, str]] = []
        for slug in classes:
            caps = list(corpus[slug]["captions"])
            rng.shuffle(caps)
            held += [(slug, c) for c in caps[: len(caps) // 4]]
        exclude = {c for _, c in held}
        texts, labels, weights = build_examples(corpus, per_class=args.per_class, seed=args.seed, exclude=exclude)
        X = emb.encode(texts)
        y = np.array([classes.index(lab) for lab in labels])
        W, b = train_softmax(X, y, np.array(weights), len(classes), args.l2, args.epochs)
        Xh = emb.encode([c for _, c in held])
        pred = (Xh @ W + b).argmax(axis=1)
        yh = np.array([classes.index(s) for s, _ in held])
        print(json.dumps({"holdout_captions": len(held), "holdout_accuracy": round(float((pred == yh).mean()), 4)}))

    texts, labels, weights = build_examples(corpus, per_class=args.per_class, seed=args.seed)
    X = emb.encode(texts)
    y = np.array([classes.index(lab) for lab in labels])
    W, b = train_softmax(X, y, np.array(weights), len(classes), args.l2, args.epochs)
    train_acc = float(((X @ W + b).argmax(axis=1) == y).mean())
    meta = {
        "taxonomy_version": TAXONOMY_VERSION,
        "embedder_version": emb.version,
        "embedder_sha256": emb.config.get("sha256"),
        "n_examples": len(texts),
        "per_class_templates": args.per_class,
        "l2": args.l2,
        "epochs": args.epochs,
        "seed": args.seed,
        "train_accuracy": round(train_acc, 4),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(
        args.out,
        W=W.astype(np.float16).astype(np.float32),
        b=b,
        classes=np.array(json.dumps(classes)),
        meta=np.array(json.dumps(meta)),
    )
    meta["seconds"] = round(time.time() - started, 1)
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
