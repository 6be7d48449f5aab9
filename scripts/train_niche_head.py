#!/usr/bin/env python3
"""Train the niche head from self-written material only: a generated multilingual caption corpus.

Reads ``src/reachroom/content/data/niche_vocab.txt`` (per-niche, per-language vocabularies and caption
templates written by hand), ``src/reachroom/content/data/niche_corpus.txt`` (hand-written captions, topics and
hashtags) and the taxonomy lexicons; generates tens of thousands of varied training captions and fits the head
that ``reachroom.content.niches`` loads from ``src/reachroom/content/model/niche_head.npz``::

    PYTHONPATH=src python scripts/train_niche_head.py             # writes the head (2-4 minutes, one core)
    PYTHONPATH=src python scripts/train_niche_head.py --validate  # also: held-out validation (see below)

The head is one multinomial logistic regression over 14 classes (13 niches + ``generic``) with three inputs:

* the caption's 256-d static embedding (``W``, L2 ``--l2-dense``),
* learned weights of its sparse terms (``V``): words, ``#hashtags``, 5-letter prefixes/suffixes of long words
  and hashtags, emoji; the binary term vector is scaled to unit length (L2 ``--l2-terms``),
* the curated lexicon as a *fixed* offset (``lexicon_weight * log(1 + hits)``, not fitted), so the learned part
  models what the lexicon misses instead of re-learning it.

Training targets are the generator's labels with label smoothing ``--smooth``.

Generated captions: for a niche and a language, one of ~25 caption shapes of that language (shared by every
niche, so template words carry no niche signal) is filled with the niche's noun phrases (``things``) and
clauses (``acts``) in that language (English code-mixed in), a non-niche sentence of the language, emoji (niche
and general) and hashtag blocks (niche tags mixed with generic ones). Some captions get a place name (every
class, so places are not evidence) or a passing mention of another niche (kept under its own label).
``generic`` captions are greetings, weather, thanks, quotes, giveaways, places and general hashtags.

Validation (``--validate``; never real captions): every vocabulary item and template is assigned to a
train or a validation part by a hash, a head is trained on the train part only, and is measured on
(a) captions generated from the held-out part (unseen words and shapes), (b) the hand-written captions of
``niche_corpus.txt`` (a different style, never used by the generator in this mode) and (c) synthetic creators
(a niche's captions mixed with ``generic`` and other-niche ones) for the creator aggregation. The evaluation
file under ``shared/data`` is not read by this script.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import random
import re
import sys
import tempfile
import time
import zlib

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from reachroom.content.embedder import StaticEmbedder  # noqa: E402
from reachroom.content.niches import LEXICON_WEIGHT, Lexicon, NicheClassifier  # noqa: E402
from reachroom.content.taxonomy import BY_SLUG, NICHES, TAXONOMY_VERSION  # noqa: E402

DATA = ROOT / "src" / "reachroom" / "content" / "data"
CORPUS = DATA / "niche_corpus.txt"
VOCAB = DATA / "niche_vocab.txt"
OUT = ROOT / "src" / "reachroom" / "content" / "model" / "niche_head.npz"
GENERIC = "generic"
CLASSES = [n.slug for n in NICHES] + [GENERIC]

#: share of generated captions per language (English first; Norwegian next: many micro-influencers in the
#: Nordics; then other European languages and Indonesian).
LANGS = {
    "en": 0.36,
    "no": 0.14,
    "sv": 0.06,
    "da": 0.04,
    "de": 0.07,
    "nl": 0.05,
    "fr": 0.06,
    "es": 0.08,
    "it": 0.05,
    "pt": 0.05,
    "id": 0.04,
}
GENERAL_EMOJI = list("✨😍🙌😊🔥👌💕😅🙏👀💛🥰😂🤍💫🌸😎🥳👏💯🤗🙈😘🌞💖💙🖤😌") + ["❤️", "☀️", "📸", "🙂"]
PLACES = (
    "Oslo | Bergen | Trondheim | Stavanger | Tromsø | Stockholm | Gothenburg | Copenhagen | Aarhus | Helsinki | "
    "London | Manchester | Dublin | Paris | Lyon | Berlin | Munich | Hamburg | Vienna | Zurich | Amsterdam | "
    "Rotterdam | Brussels | Madrid | Barcelona | Valencia | Seville | Lisbon | Porto | Rome | Milan | Florence | "
    "Naples | New York | Los Angeles | Toronto | Sydney | Jakarta | Bandung | Surabaya | São Paulo | Rio | "
    "Mexico City | Buenos Aires | Bogotá | home | the city | downtown | my hometown"
)
PLACES_LIST = [p.strip() for p in PLACES.split("|")]


# ---------------------------------------------------------------------------------------------------------
# Reading the self-written sources
# ---------------------------------------------------------------------------------------------------------


def _items(block: list[str]) -> list[str]:
    return [x.strip() for x in " | ".join(block).split("|") if x.strip()]


def parse_vocab(path: pathlib.Path = VOCAB) -> dict:
    """``{"templates": {lang: [...]}, "generic": {lang: [...]}, "generic_tags": [...],
    "niches": {slug: {"things": {lang: [...]}, "acts": {lang: [...]}, "tags": [...], "emoji": [...]}}}``."""
    sections: dict[str, list[str]] = {}
    current = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"\[([\w:]+)\]", line)
        if m:
            current = m.group(1)
            sections.setdefault(current, [])
            continue
        if current is not None:
            sections[current].append(line)
    vocab: dict = {"templates": {}, "generic": {}, "generic_tags": [], "niches": {}}
    for key, lines in sections.items():
        parts = key.split(":")
        if parts[0] == "templates":
            vocab["templates"][parts[1]] = lines
        elif parts[0] == GENERIC and parts[1] == "tags":
            vocab["generic_tags"] = _items(lines)
        elif parts[0] == GENERIC:
            vocab["generic"][parts[1]] = _items(lines)
        else:
            slug = parts[0]
            if slug not in BY_SLUG:
                raise SystemExit(f"vocabulary section for unknown niche {slug!r}")
            entry = vocab["niches"].setdefault(slug, {"things": {}, "acts": {}, "tags": [], "emoji": []})
            if parts[1] == "tags":
                entry["tags"] = [t.lstrip("#") for t in _items(lines)]
            elif parts[1] == "emoji":
                entry["emoji"] = _emoji_list("".join(lines))
            else:
                entry[parts[2]][parts[1]] = _items(lines)
    return vocab


def _emoji_list(text: str) -> list[str]:
    """Split a run of emoji into single emoji (keeping ZWJ sequences and variation selectors together)."""
    out: list[str] = []
    for ch in text:
        if out and (ch in "\u200d\ufe0f" or out[-1].endswith("\u200d")):
            out[-1] += ch
        elif not ch.isspace():
            out.append(ch)
    return out


def parse_corpus(path: pathlib.Path = CORPUS) -> dict[str, dict[str, list[str]]]:
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


def in_validation_part(item: str, mod: int = 5) -> bool:
    """Deterministic split of vocabulary items and templates: about 1 in ``mod`` is held out."""
    return zlib.crc32(item.encode("utf-8")) % mod == 0


# ---------------------------------------------------------------------------------------------------------
# Caption generator
# ---------------------------------------------------------------------------------------------------------


class Generator:
    """Generates labelled captions from the vocabulary. ``part`` is ``"all"`` (final training), ``"train"``
    or ``"val"`` (the two hash-disjoint halves of every list, for validation)."""

    def __init__(self, vocab: dict, corpus: dict, part: str, seed: int, langs: dict[str, float] | None = None) -> None:
        self.rng = random.Random(seed)
        self.part = part
        self.langs = langs or LANGS
        keep = self._keep
        self.templates = {lang: keep(t, 4) for lang, t in vocab["templates"].items()}
        self.generic = {lang: keep(g) for lang, g in vocab["generic"].items()}
        if part == "all":  # the hand-written generic captions too (in validation they are held out whole)
            self.generic["en"] = self.generic["en"] + corpus[GENERIC]["captions"]
        self.generic_tags = keep(vocab["generic_tags"]) + keep(corpus[GENERIC]["tags"])
        self.places = keep(PLACES_LIST)
        self.niches: dict[str, dict] = {}
        for slug in CLASSES[:-1]:
            v = vocab["niches"].get(slug, {"things": {}, "acts": {}, "tags": [], "emoji": []})
            things = {lang: keep(x) for lang, x in v["things"].items()}
            things["en"] = things.get("en", []) + keep(corpus.get(slug, {}).get("topics", []))
            acts = {lang: keep(x) for lang, x in v["acts"].items()}
            tags = keep(sorted(set(v["tags"]) | set(corpus.get(slug, {}).get("tags", []))))
            emoji = v["emoji"] or _emoji_list(BY_SLUG[slug].emojis)
            self.niches[slug] = {"things": things, "acts": acts, "tags": tags, "emoji": emoji}

    def _keep(self, items: list[str], mod: int = 5) -> list[str]:
        if self.part == "all":
            return list(items)
        held = [x for x in items if in_validation_part(x, mod)]
        if self.part == "val":
            return held
        return [x for x in items if not in_validation_part(x, mod)]

    # -- pieces ---------------------------------------------------------------------------------------------
    def lang(self) -> str:
        r = self.rng.random() * sum(self.langs.values())
        for lang, share in self.langs.items():
            r -= share
            if r <= 0:
                return lang
        return next(iter(self.langs))

    def _pick(self, pools: dict[str, list[str]], lang: str, mix_en: float = 0.25) -> str | None:
        own = pools.get(lang) or []
        en = pools.get("en") or []
        if own and (lang == "en" or not en or self.rng.random() > mix_en):
            return self.rng.choice(own)
        if en:
            return self.rng.choice(en)
        return None

    def emo(self, slug: str | None) -> str:
        rng = self.rng
        k = rng.choice([0, 0, 1, 1, 1, 2, 3])
        own = self.niches[slug]["emoji"] if slug else []
        out = [rng.choice(own) if own and rng.random() < 0.5 else rng.choice(GENERAL_EMOJI) for _ in range(k)]
        return "".join(out) if rng.random() < 0.7 else " ".join(out)

    def tags(self, slug: str | None, k: int) -> str:
        rng = self.rng
        own = self.niches[slug]["tags"] if slug else []
        out = []
        for _ in range(k):
            if own and rng.random() < 0.7:
                out.append(rng.choice(own))
            else:
                out.append(rng.choice(self.generic_tags))
        if slug and rng.random() < 0.05:  # a stray tag of another niche
            other = self.niches[rng.choice([c for c in CLASSES[:-1] if c != slug])]["tags"]
            if other:
                out.insert(rng.randrange(len(out) + 1), rng.choice(other))
        return " ".join("#" + t.replace(" ", "") for t in dict.fromkeys(out))

    def generic_sentence(self, lang: str) -> str:
        pool = self.generic.get(lang) or self.generic["en"]
        return self.rng.choice(pool)

    def _style(self, text: str) -> str:
        rng = self.rng
        text = " ".join(text.split())
        r = rng.random()
        if r < 0.25:
            text = text.lower()
        elif r < 0.75 and text:
            text = text[0].upper() + text[1:]
        if rng.random() < 0.15:
            text += rng.choice(["!", "!!", "...", " :)", " <3", "?"])
        return text

    # -- captions -------------------------------------------------------------------------------------------
    def niche_caption(self, slug: str, lang: str | None = None) -> str:
        rng = self.rng
        lang = lang or self.lang()
        n = self.niches[slug]
        tpl = rng.choice(self.templates.get(lang) or self.templates["en"])

        def thing() -> str:
            return self._pick(n["things"], lang) or self._pick(n["acts"], lang) or slug

        def act() -> str:
            return self._pick(n["acts"], lang) or thing()

        k = rng.choice([1, 2, 3, 3, 5, 8, 12, 20])
        text = tpl.format(
            thing=thing(),
            thing2=thing(),
            thing3=thing(),
            act=act(),
            act2=act(),
            generic=self.generic_sentence(lang),
            emo=self.emo(slug),
            tags=self.tags(slug, k),
        )
        r = rng.random()
        if r < 0.08:  # where it was taken: every class does this, so places are not evidence
            text += rng.choice([" 📍", " · ", " in ", " @ ", ", "]) + rng.choice(self.places)
        elif r < 0.14:  # a passing mention of another niche's thing
            other = self.niches[rng.choice([c for c in CLASSES[:-1] if c != slug])]
            extra = self._pick(other["things"], lang)
            if extra:
                text += rng.choice([" + ", ", ", " and ", " & "]) + extra
        return self._style(text)

    def generic_caption(self, lang: str | None = None) -> str:
        rng = self.rng
        lang = lang or self.lang()
        g = self.generic_sentence
        shape = rng.randrange(9)
        if shape == 0:
            text = g(lang)
        elif shape == 1:
            text = f"{g(lang)} {self.emo(None)}"
        elif shape == 2:
            text = f"{g(lang)} {g(lang)} {self.emo(None)}"
        elif shape == 3:
            text = f"{g(lang)} {self.tags(None, rng.choice([2, 4, 8, 15]))}"
        elif shape == 4:
            text = self.tags(None, rng.choice([3, 6, 12]))
        elif shape == 5:
            text = f"{g(lang)} {rng.choice(['📍', '', '@ ', 'in '])}{rng.choice(self.places)}"
        elif shape == 6:
            text = f"{rng.choice(self.places)} {self.emo(None)}"
        elif shape == 7:
            text = self.emo(None) or g(lang)
        else:
            text = f"{g(lang)} {self.emo(None)} {self.tags(None, rng.choice([1, 3, 6]))}"
        return self._style(text)

    def caption(self, label: str) -> str:
        return self.generic_caption() if label == GENERIC else self.niche_caption(label)


# ---------------------------------------------------------------------------------------------------------
# Training set
# ---------------------------------------------------------------------------------------------------------


def build_examples(
    vocab: dict, corpus: dict, *, part: str, per_class: int, seed: int, hand: bool, generic_weight: float = 1.0
) -> tuple[list[str], list[str], list[float]]:
    """Generated captions (weight 1), hand-written captions (weight 2, if ``hand``), the label description
    (weight 3) and every lexicon keyword/hashtag alone (weight 0.2); each niche sums to the same weight and
    ``generic`` to ``generic_weight`` times that (the prior share of captions that say nothing)."""
    gen = Generator(vocab, corpus, part, seed)
    texts: list[str] = []
    labels: list[str] = []
    weights: list[float] = []
    for slug in CLASSES:
        ex_t: list[str] = [gen.caption(slug) for _ in range(per_class)]
        ex_w: list[float] = [1.0] * per_class
        if hand:
            for h in corpus.get(slug, {}).get("captions", []):
                ex_t.append(h)
                ex_w.append(2.0)
        if slug in BY_SLUG and part != "val":
            niche = BY_SLUG[slug]
            ex_t.append(niche.description)
            ex_w.append(3.0)
            for term in sorted(niche.keywords) + ["#" + t for t in sorted(niche.hashtags)]:
                if part == "all" or not in_validation_part(term):
                    ex_t.append(term)
                    ex_w.append(0.2)
        total = sum(ex_w)
        texts += ex_t
        labels += [slug] * len(ex_t)
        cw = generic_weight if slug == GENERIC else 1.0
        weights += [w * cw * per_class / total for w in ex_w]
    return texts, labels, weights


class Featurizer:
    """Dense embedding, lexicon offset features and sparse terms, exactly as the classifier computes them."""

    def __init__(self, emb: StaticEmbedder) -> None:
        self.emb = emb
        self.lexicon = Lexicon(tuple(BY_SLUG[s] for s in CLASSES[:-1]))

    def __call__(self, texts: list[str]):
        X = self.emb.encode(texts)
        lex = np.zeros((len(texts), len(CLASSES)), dtype=np.float32)
        terms: list[list[str]] = []
        for i, t in enumerate(texts):
            f, _hits, tl = self.lexicon.features_and_terms(t)
            lex[i, : len(CLASSES) - 1] = f
            terms.append(tl)
        return X, lex, terms


def term_matrix(terms: list[list[str]], index: dict[str, int]) -> sparse.csr_matrix:
    rows, cols, vals = [], [], []
    for i, tl in enumerate(terms):
        known = [index[t] for t in tl if t in index]
        if not known:
            continue
        v = 1.0 / np.sqrt(len(tl))
        rows += [i] * len(known)
        cols += known
        vals += [v] * len(known)
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(terms), len(index)), dtype=np.float64)


def build_term_index(terms: list[list[str]], min_count: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    for tl in terms:
        for t in tl:
            counts[t] = counts.get(t, 0) + 1
    kept = sorted(t for t, c in counts.items() if c >= min_count)
    return {t: i for i, t in enumerate(kept)}


def train(
    X: np.ndarray,
    S: sparse.csr_matrix,
    offset: np.ndarray,
    T: np.ndarray,
    w: np.ndarray,
    l2_dense: float,
    l2_terms: float,
    max_iter: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted multinomial logistic regression with soft targets ``T``, fixed logit ``offset``, L-BFGS."""
    n, d = X.shape
    m = S.shape[1]
    c = T.shape[1]
    sw = w / w.sum()
    X64 = X.astype(np.float64)
    St = S.T.tocsr()

    def unpack(theta):
        W = theta[: d * c].reshape(d, c)
        b = theta[d * c : d * c + c]
        V = theta[d * c + c :].reshape(m, c)
        return W, b, V

    def fg(theta):
        W, b, V = unpack(theta)
        z = X64 @ W + b + S @ V + offset
        z -= z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -(sw[:, None] * T * logp).sum() + 0.5 * l2_dense * (W * W).sum() + 0.5 * l2_terms * (V * V).sum()
        G = (np.exp(logp) - T) * sw[:, None]
        gW = X64.T @ G + l2_dense * W
        gb = G.sum(axis=0)
        gV = St @ G + l2_terms * V
        return loss, np.concatenate([gW.ravel(), gb, np.asarray(gV).ravel()])

    theta0 = np.zeros(d * c + c + m * c)
    res = minimize(fg, theta0, jac=True, method="L-BFGS-B", options={"maxiter": max_iter, "maxcor": 20})
    W, b, V = unpack(res.x)
    return W.astype(np.float32), b.astype(np.float32), V.astype(np.float32)


def soft_targets(labels: list[str], smooth: float) -> np.ndarray:
    y = np.array([CLASSES.index(lab) for lab in labels])
    T = np.full((len(y), len(CLASSES)), smooth / len(CLASSES))
    T[np.arange(len(y)), y] += 1.0 - smooth
    return T


def fit_head(args, texts, labels, weights, feat: Featurizer) -> dict:
    X, lex, terms = feat(texts)
    index = build_term_index(terms, args.min_count)
    S = term_matrix(terms, index)
    if args.term_dropout > 0:  # some examples are seen without their terms: the embedding must carry them too
        rng = np.random.default_rng(args.seed)
        drop = rng.random(S.shape[0]) < args.term_dropout
        S = sparse.diags((~drop).astype(np.float64)) @ S
    T = soft_targets(labels, args.smooth)
    W, b, V = train(
        X, S.tocsr(), args.lexicon_weight * lex, T, np.array(weights), args.l2_dense, args.l2_terms, args.max_iter
    )
    keep = np.flatnonzero(np.abs(V).max(axis=1) >= args.min_weight)
    terms_kept = sorted(index, key=index.get)
    terms_kept = [terms_kept[i] for i in keep]
    return {
        "W": W,
        "b": b,
        "V": V[keep],
        "terms": terms_kept,
        "n_examples": len(texts),
        "n_terms_fitted": len(index),
    }


def save_head(path: pathlib.Path, head: dict, meta: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        path,
        W=head["W"].astype(np.float16).astype(np.float32),
        b=head["b"],
        V=head["V"].astype(np.float16),
        terms=np.array(json.dumps(head["terms"], ensure_ascii=False)),
        classes=np.array(json.dumps(CLASSES)),
        meta=np.array(json.dumps(meta)),
    )


# ---------------------------------------------------------------------------------------------------------
# Validation (self-made data only)
# ---------------------------------------------------------------------------------------------------------


def _metrics(clf: NicheClassifier, texts: list[str], labels: list[str]) -> dict:
    p, informative, _ = clf.post_probabilities(texts)
    slugs = list(clf.niche_slugs)
    niche_rows = [i for i, lab in enumerate(labels) if lab != GENERIC]
    gold = [labels[i] for i in niche_rows]
    pred = [slugs[int(p[i].argmax())] for i in niche_rows]
    acc = float(np.mean([g == q for g, q in zip(gold, pred, strict=True)]))
    f1s = []
    for lab in sorted(set(gold)):
        tp = sum(g == lab and q == lab for g, q in zip(gold, pred, strict=True))
        fp = sum(g != lab and q == lab for g, q in zip(gold, pred, strict=True))
        fn = sum(g == lab and q != lab for g, q in zip(gold, pred, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    nll = float(-np.mean([np.log(p[i, slugs.index(labels[i])] + 1e-9) for i in niche_rows]))
    gen_rows = [i for i, lab in enumerate(labels) if lab == GENERIC]
    out = {"n": len(niche_rows), "accuracy": round(acc, 4), "macro_f1": round(float(np.mean(f1s)), 4)}
    out["nll"] = round(nll, 4)
    out["informative_niche"] = round(float(np.mean(informative[niche_rows])), 3)
    if gen_rows:
        out["informative_generic"] = round(float(np.mean(informative[gen_rows])), 3)
    return out


def synthetic_creators(gen: Generator, n: int, seed: int) -> list[tuple[str, list[str]]]:
    """Creators of a niche whose feeds also hold generic captions (40 %) and other niches (10 %)."""
    rng = random.Random(seed)
    niches = CLASSES[:-1]
    out = []
    for k in range(n):
        slug = niches[k % len(niches)]
        lang = gen.lang()
        posts = []
        for _ in range(rng.randint(4, 12)):
            r = rng.random()
            if r < 0.4:
                posts.append(gen.generic_caption(lang))
            elif r < 0.5:
                posts.append(gen.niche_caption(rng.choice([c for c in niches if c != slug]), lang))
            else:
                posts.append(gen.niche_caption(slug, lang))
        out.append((slug, posts))
    return out


def creator_accuracy(clf: NicheClassifier, creators: list[tuple[str, list[str]]]) -> float:
    correct = 0
    for slug, posts in creators:
        p, informative, _ = clf.post_probabilities(posts)
        correct += clf.niche_slugs[int(clf.aggregate(p, informative).argmax())] == slug
    return round(correct / len(creators), 4)


def validate(args, vocab, corpus, feat: Featurizer) -> dict:
    texts, labels, weights = build_examples(
        vocab,
        corpus,
        part="train",
        per_class=args.per_class,
        seed=args.seed,
        hand=False,
        generic_weight=args.generic_weight,
    )
    head = fit_head(args, texts, labels, weights, feat)
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "head.npz"
        save_head(path, head, {"lexicon_weight": args.lexicon_weight})
        clf = NicheClassifier(feat.emb, head_path=path)
        val_gen = Generator(vocab, corpus, "val", args.seed + 7)
        vt = [val_gen.caption(c) for c in CLASSES for _ in range(300)]
        vl = [c for c in CLASSES for _ in range(300)]
        ht = [h for c in CLASSES for h in corpus.get(c, {}).get("captions", [])]
        hl = [c for c in CLASSES for _ in corpus.get(c, {}).get("captions", [])]
        main8 = {"beauty", "fashion", "fitness", "food", "travel", "family", "home", "pets"}
        h8 = [(t, lab) for t, lab in zip(ht, hl, strict=True) if lab in main8 or lab == GENERIC]
        result = {
            "generated_heldout_vocab": _metrics(clf, vt, vl),
            "handwritten": _metrics(clf, ht, hl),
            "handwritten_8_niches": _metrics(clf, [t for t, _ in h8], [lab for _, lab in h8]),
            "synthetic_creator_accuracy": creator_accuracy(clf, synthetic_creators(val_gen, 390, args.seed)),
            "n_terms": len(head["terms"]),
        }
    if getattr(args, "unseen_langs", None):
        result["unseen_languages"] = validate_unseen_languages(args, vocab, corpus, feat)
    return result


def validate_unseen_languages(args, vocab, corpus, feat: Featurizer) -> dict:
    """Cross-lingual check: train without some languages' vocabulary and templates, measure on captions
    generated in those languages only (how far related languages and English code-mixing carry)."""
    unseen = args.unseen_langs.split(",")
    reduced = dict(vocab)
    reduced["templates"] = {k: v for k, v in vocab["templates"].items() if k not in unseen}
    reduced["generic"] = {k: v for k, v in vocab["generic"].items() if k not in unseen}
    reduced["niches"] = {
        slug: {
            **e,
            "things": {k: v for k, v in e["things"].items() if k not in unseen},
            "acts": {k: v for k, v in e["acts"].items() if k not in unseen},
        }
        for slug, e in vocab["niches"].items()
    }
    seen = {k: v for k, v in LANGS.items() if k not in unseen}
    gen = Generator(reduced, corpus, "all", args.seed, langs=seen)
    texts, labels, weights = [], [], []
    for slug in CLASSES:
        texts += [gen.caption(slug) for _ in range(args.per_class)]
        labels += [slug] * args.per_class
        weights += [args.generic_weight if slug == GENERIC else 1.0] * args.per_class
    head = fit_head(args, texts, labels, weights, feat)
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "head.npz"
        save_head(path, head, {"lexicon_weight": args.lexicon_weight})
        clf = NicheClassifier(feat.emb, head_path=path)
        test = Generator(vocab, corpus, "all", args.seed + 11, langs={k: 1.0 for k in unseen})
        vt = [test.caption(c) for c in CLASSES for _ in range(200)]
        vl = [c for c in CLASSES for _ in range(200)]
        return {"languages": unseen, **_metrics(clf, vt, vl)}


# ---------------------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-class", type=int, default=5000, help="generated captions per class")
    ap.add_argument("--l2-dense", type=float, default=3e-4)
    ap.add_argument("--l2-terms", type=float, default=1e-5)
    ap.add_argument("--smooth", type=float, default=0.1, help="label smoothing")
    ap.add_argument("--lexicon-weight", type=float, default=LEXICON_WEIGHT, help="fixed lexicon offset weight")
    ap.add_argument("--generic-weight", type=float, default=2.0, help="weight of the generic class vs one niche")
    ap.add_argument("--term-dropout", type=float, default=0.3, help="share of examples trained without terms")
    ap.add_argument("--min-count", type=int, default=3, help="terms seen fewer times are not learned")
    ap.add_argument("--min-weight", type=float, default=0.02, help="terms whose weights all stay below are dropped")
    ap.add_argument("--max-iter", type=int, default=300)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--validate", action="store_true", help="validate on held-out self-made data first")
    ap.add_argument("--validate-only", action="store_true")
    ap.add_argument(
        "--unseen-langs",
        default="",
        help="with --validate: also train without these languages "
        "(comma-separated codes, e.g. sv,nl) and measure on captions in them",
    )
    ap.add_argument("--out", type=pathlib.Path, default=OUT)
    args = ap.parse_args()

    vocab = parse_vocab()
    corpus = parse_corpus()
    missing = [c for c in CLASSES if c not in corpus]
    if missing:
        raise SystemExit(f"corpus has no section for {missing}")
    feat = Featurizer(StaticEmbedder())
    started = time.time()
    if args.validate or args.validate_only:
        result = validate(args, vocab, corpus, feat)
        result["seconds"] = round(time.time() - started, 1)
        print(json.dumps({"validation": result}))
        if args.validate_only:
            return

    texts, labels, weights = build_examples(
        vocab,
        corpus,
        part="all",
        per_class=args.per_class,
        seed=args.seed,
        hand=True,
        generic_weight=args.generic_weight,
    )
    head = fit_head(args, texts, labels, weights, feat)
    meta = {
        "taxonomy_version": TAXONOMY_VERSION,
        "embedder_version": feat.emb.version,
        "embedder_sha256": feat.emb.config.get("sha256"),
        "n_examples": head["n_examples"],
        "n_terms": len(head["terms"]),
        "per_class": args.per_class,
        "l2_dense": args.l2_dense,
        "l2_terms": args.l2_terms,
        "smooth": args.smooth,
        "lexicon_weight": args.lexicon_weight,
        "term_dropout": args.term_dropout,
        "generic_weight": args.generic_weight,
        "min_count": args.min_count,
        "seed": args.seed,
    }
    save_head(args.out, head, meta)
    meta["seconds"] = round(time.time() - started, 1)
    meta["bytes"] = args.out.stat().st_size
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
