"""A content profile from an account's texts: the pure analysis (texts in, rows out) the content job runs per
account, and the per-process analyser (niche classifier over a batch-memoising embedder) it uses."""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import numpy as np

from reachroom.content.embedder import StaticEmbedder, get_embedder, to_bytes
from reachroom.content.safety import check_post
from reachroom.content.sponsored import SponsorVerdict, detect_sponsorship
from reachroom.content.taxonomy import TAXONOMY_VERSION
from reachroom.content.text import CaptionText
from reachroom.content.tone import profile_posts
from reachroom.core.vocab import SAFETY_CATEGORIES

#: newest posts analysed per account: the 12 the creator profile shows, so every flag links to a post on the page.
RECENT_POSTS = 12
#: bump when what the job stores changes; the taxonomy version is part of it.
METHOD_VERSION = f"1+{TAXONOMY_VERSION}"
SAFETY_BIT = {c: 1 << i for i, c in enumerate(SAFETY_CATEGORIES)}
#: evidence kinds that are a disclosure (present somewhere in the caption, prominent or not).
LABEL_KINDS = frozenset({"platform_flag", "ad_label", "gift_label"})
#: a post's flags when it has none: one shared (immutable) value, so the writer serialises it once per batch.
NO_FLAGS: tuple = ()
_AFFILIATE_LABEL = re.compile(r"affiliate|commission", re.IGNORECASE)


@dataclass(frozen=True)
class PostText:
    """What the analysis reads of one post."""

    post_id: int
    caption: str
    paid_partnership: bool = False


class BatchEmbedder:
    """The shared embedder with a per-batch memory: a batch's texts are embedded in one call (fast) and served
    again to the niche classifier, which asks for an account's texts twice (posts in context, creator)."""

    def __init__(self, inner: StaticEmbedder) -> None:
        self.inner = inner
        self.dim = inner.dim
        self.config = inner.config
        self._memo: dict[str, np.ndarray] = {}

    @property
    def version(self) -> str:
        return self.inner.version

    def prime(self, texts: Iterable[str]) -> None:
        new = [t for t in dict.fromkeys(texts) if t not in self._memo]
        if new:
            self._memo.update(zip(new, self.inner.encode(new), strict=True))

    def encode(self, texts: Iterable[str] | str, *, normalize: bool = True) -> np.ndarray:
        texts = [texts] if isinstance(texts, str) else [t or "" for t in texts]
        if not normalize:
            return self.inner.encode(texts, normalize=False)
        self.prime(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._memo[t] for t in texts])

    def clear(self) -> None:
        self._memo.clear()


def _memo_classifier_class():
    from reachroom.content.niches import NicheClassifier

    class BatchNicheClassifier(NicheClassifier):
        """The niche classifier with a per-batch memory of post probabilities (each text's row depends only on
        that text), so a batch is classified in one vectorised call and every account's creator and in-context
        classifications reuse it."""

        def __init__(self, embedder: BatchEmbedder) -> None:
            super().__init__(embedder=embedder)  # type: ignore[arg-type]
            self._memo: dict[str, tuple[np.ndarray, float, dict]] = {}
            self._texts: dict[str, CaptionText] = {}

        def caption_text(self, caption: str) -> CaptionText:
            """The batch's one :class:`CaptionText` per distinct text (the lexicon, sponsorship, safety and tone
            read the same caption)."""
            ct = self._texts.get(caption)
            if ct is None:
                ct = self._texts[caption] = CaptionText(caption)
            return ct

        def prime(self, texts: Iterable[str]) -> None:
            new = [t for t in dict.fromkeys(t or "" for t in texts) if t not in self._memo]
            if new:
                self.embedder.prime(new)
                p, informative, evidence = super().post_probabilities(new)
                for i, t in enumerate(new):
                    self._memo[t] = (p[i], float(informative[i]), evidence[i])

        def post_probabilities(self, captions: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[dict]]:
            texts = [c or "" for c in captions]
            self.prime(texts)
            if not texts:
                return super().post_probabilities(texts)
            rows = [self._memo[t] for t in texts]
            return (np.stack([r[0] for r in rows]), np.array([r[1] for r in rows]), [r[2] for r in rows])

        def clear(self) -> None:
            self._memo.clear()
            self._texts.clear()
            self.embedder.clear()

    return BatchNicheClassifier


@lru_cache(maxsize=1)
def _analyser():
    return _memo_classifier_class()(BatchEmbedder(get_embedder()))


_lock = threading.Lock()


def get_analyser():
    """The niche classifier over the batch embedder (one per process)."""
    with _lock:
        return _analyser()


def is_disclosure_label(kind: str, text: str) -> bool:
    """True for evidence that is itself a disclosure: the platform flag, ad or gift labels, 'affiliate'."""
    return kind in LABEL_KINDS or (kind == "affiliate" and bool(_AFFILIATE_LABEL.search(text)))


def sponsorship_of(v: SponsorVerdict) -> tuple[bool, str | None, str]:
    """(is_sponsored, kind, disclosure) of a verdict.

    Sponsored: paid or gifted, or a brand mention with promotional language (kind ``promotion``: a probable ad
    that says nothing about it). Disclosure: ``not_needed``; ``disclosed`` (as the ASA/CMA and the FTC
    expect); ``unclear`` (a label is there but not as expected: ``#ad`` buried in the hashtags, only
    ``#sponsored``, "gifted" on paid content); ``undisclosed`` (no label at all)."""
    kinds = {e.kind for e in v.evidence}
    promotion = "brand_promo" in kinds and bool(v.brands)
    if not (v.sponsored or promotion):
        return False, None, "not_needed"
    if v.paid:
        plain = "affiliate" in kinds and not kinds & {"platform_flag", "ad_label", "discount_code"}
        kind = "affiliate" if plain else "paid"
    else:
        kind = "gifted" if v.gifted else "promotion"
    if v.sponsored and not v.compliance_flag:
        return True, kind, "disclosed"
    labelled = any(is_disclosure_label(e.kind, e.text) for e in v.evidence)
    return True, kind, "unclear" if labelled else "undisclosed"


def _sponsorship_evidence(v: SponsorVerdict, kind: str | None, disclosure: str) -> dict:
    return {
        "kind": kind, "disclosure": disclosure, "paid": v.paid, "gifted": v.gifted,
        "disclosed_uk": v.disclosed_uk if v.sponsored else False,
        "disclosed_us": v.disclosed_us if v.sponsored else False,
        "brands": v.brands[:10],
        "signals": [{"kind": e.kind, "text": e.text[:80], "position": e.position} for e in v.evidence[:12]],
        "reasons": v.reasons,
    }


def _unit(v: np.ndarray) -> np.ndarray | None:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else None


def analyse_account(account_id: int, posts: Sequence[PostText], bio: str, now: datetime,
                    analyser=None) -> tuple[dict, list[dict]]:
    """One account's content profile (an ``account_content`` row) and its posts' rows (``post_content``)."""
    if analyser is None:
        from reachroom.content.niches import get_classifier

        analyser = get_classifier()
    clf = analyser
    captions = [p.caption or "" for p in posts]
    bio = bio or ""
    embedder = clf.embedder
    if hasattr(clf, "prime"):
        clf.prime([*captions, bio])
    in_context = clf.classify_creator_posts(captions) if captions else []
    creator = clf.classify_creator(captions, bio=bio)
    vectors = embedder.encode([*captions, bio]) if captions or bio else np.zeros((0, clf.embedder.dim))
    # one derived-text object per caption, shared by sponsorship, safety and tone (and the lexicon, in the job)
    caption_text = getattr(clf, "caption_text", CaptionText)
    texts = [caption_text(c) for c in captions]
    # the posts' stored embeddings converted in one call (each row as to_bytes converts it), zero rows kept None
    post_vectors = np.asarray(vectors[: len(posts)], dtype="<f2")
    has_vector = vectors[: len(posts)].any(axis=1).tolist() if len(posts) else []

    post_rows: list[dict] = []
    sponsored = undisclosed = 0
    brands: Counter[str] = Counter()
    safety: dict[str, dict] = {}
    account_mask = 0
    for i, (post, niche) in enumerate(zip(posts, in_context, strict=True)):
        verdict = detect_sponsorship(texts[i], paid_partnership_flag=bool(post.paid_partnership))
        is_sponsored, kind, disclosure = sponsorship_of(verdict)
        evidence: dict = {"niche": {"informative": niche.informative, "terms": niche.evidence.get(niche.label, [])[:6]}}
        if is_sponsored or verdict.reasons:
            evidence["sponsorship"] = _sponsorship_evidence(verdict, kind, disclosure)
        if is_sponsored:
            sponsored += 1
            undisclosed += disclosure in ("unclear", "undisclosed")
            brands.update(dict.fromkeys(verdict.brands, 1))
        flags = check_post(texts[i]).flags
        mask = 0
        for f in flags:
            mask |= SAFETY_BIT[f.category]
            entry = safety.setdefault(f.category, {"count": 0, "post_ids": [], "words": []})
            entry["count"] += 1
            entry["post_ids"].append(post.post_id)
            entry["words"] = list(dict.fromkeys([*entry["words"], *f.evidence]))[:12]
        account_mask |= mask
        post_rows.append({
            "post_id": post.post_id, "account_id": account_id, "niche": niche.label,
            "niche_confidence": niche.confidence, "niche_scores": dict(niche.top(3)),
            "is_sponsored": is_sponsored, "sponsorship_kind": kind, "disclosure": disclosure,
            "evidence": evidence, "safety_mask": mask,
            "safety_flags": [{"category": f.category, "words": f.evidence[:8]} for f in flags] if flags else NO_FLAGS,
            "embedding": post_vectors[i].tobytes() if has_vector[i] else None,
            "method_version": METHOD_VERSION, "computed_at": now,
        })

    n = len(posts)
    centroid = _unit(vectors[np.any(vectors, axis=1)].mean(axis=0)) if len(vectors) and vectors.any() else None
    tone = profile_posts(texts)
    account_row = {
        "account_id": account_id,
        "primary_niche": creator.primary if creator.labels else None,
        "niches": [{"slug": slug, "confidence": conf, "evidence": creator.evidence.get(slug, [])[:6]}
                   for slug, conf in creator.labels],
        "niche_scores": creator.scores,
        "posts_analysed": n,
        "sponsored_posts": sponsored,
        "sponsored_share": round(sponsored / n, 4) if n else None,
        "undisclosed_count": undisclosed,
        "brands_mentioned": [{"handle": h, "posts": c} for h, c in brands.most_common(20)],
        "tone": {"traits": tone.traits, "n_posts": tone.n_posts},
        "safety_mask": account_mask,
        "safety": {c: safety[c] for c in SAFETY_CATEGORIES if c in safety},
        "embedding": to_bytes(centroid) if centroid is not None else None,
        "method_version": METHOD_VERSION,
        "computed_at": now,
    }
    return account_row, post_rows
