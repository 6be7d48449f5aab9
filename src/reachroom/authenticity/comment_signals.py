"""Comment signals (METRICS.md §5): comment quality, engagement pods and pod membership, from sampled comments.
Pure, no I/O."""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .signals import CommentPoint, Signal, _clip, _pct, _unavailable

# ---- comment quality ----------------------------------------------------------------------------------------

GENERIC_WORDS = frozenset("""
a absolutely amazing an and apple awesome babe bae beautiful beauty best bro brilliant but cool content cute damn
dope epic everything excellent fab fabulous fantastic fire gem good gorgeous great ha haha hahaha heart hot i
in incredible insane is it its king legend lit lol look looking love loved lovely loving lush me mood my nice
of oh okay omg on one perfect photo pic picture post pretty queen really shot slay so stunning super sweet
that the this those vibe vibes video wonderful wow wowww yes yess yesss yessss you your yay goals obsessed
awesomeness nice1 gr8 top well done keep it up bravo congrats congratulations great job very much such pics
""".split())
SPAM_MARKERS = ("check my", "dm me", "dm us", "promote", "follow me", "follow back", "f4f", "l4l", "collab?",
                "send pic", "ambassador", "link in my bio")
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=1 << 16)  # pure; sampled comments repeat ("love this 😍"), and the job sees each 2-3 times
def normalise_comment(text: str) -> str:
    """Lowercase words only (emoji, punctuation and repeated letters removed) — for comparing comments."""
    words = _WORD_RE.findall(unicodedata.normalize("NFKC", text).lower())
    return " ".join(re.sub(r"(.)\1{2,}", r"\1\1", w) for w in words)


@lru_cache(maxsize=1 << 16)
def comment_kind(text: str) -> str:
    """'emoji' (no letters or digits), 'spam', 'generic' (only praise words, <= 6 words) or 'specific'."""
    low = text.lower()
    if any(m in low for m in SPAM_MARKERS):
        return "spam"
    norm = normalise_comment(text)
    if not norm:
        return "emoji"
    words = norm.split()
    if len(words) <= 6 and all(w in GENERIC_WORDS or re.sub(r"(.)\1+", r"\1", w) in GENERIC_WORDS for w in words):
        return "generic"
    return "specific"


def comment_quality_signal(comments: Sequence[CommentPoint]) -> Signal:
    """Share of generic, emoji-only, spam and duplicate comments in the sampled comments."""
    key, label = "comment_quality", "Comment quality"
    if len(comments) < 5:
        return _unavailable(key, label, "Fewer than 5 sampled comments, so comment quality can't be judged.")
    kinds = Counter(comment_kind(c.text) for c in comments)
    n = len(comments)
    norms = [normalise_comment(c.text) or c.text.strip() for c in comments]
    counts = Counter(norms)
    duplicate = sum(v for v in counts.values() if v > 1) / n
    low_effort = (kinds["generic"] + kinds["emoji"] + kinds["spam"]) / n
    risk = _clip((low_effort - 0.7) / 0.25)
    if kinds["spam"] / n >= 0.1:
        risk = max(risk, _clip(kinds["spam"] / n * 3))
    conf = _clip(n / 30)
    evidence = [
        {"text": f"{kinds['generic']} of {n} comments are generic praise ({_pct(kinds['generic'] / n, 0)})"},
        {"text": f"{kinds['emoji']} are emoji only ({_pct(kinds['emoji'] / n, 0)})"},
        {"text": f"{_pct(duplicate, 0)} repeat a comment written elsewhere in the sample"},
    ]
    if kinds["spam"]:
        evidence.append({"text": f"{kinds['spam']} look like spam or self-promotion"})
    for text, c in counts.most_common(3):
        if c > 1:
            evidence.append({"text": f"“{text[:60]}” × {c}"})
    if risk < 0.05:
        sentence = (f"Comments look genuine: {_pct(1 - low_effort, 0)} of sampled comments say something "
                    "specific about the post.")
    else:
        sentence = (f"{_pct(low_effort, 0)} of sampled comments are generic praise, emoji or spam — typical of "
                    "comment bots and engagement pods; real audiences ask questions and react to the content.")
    return Signal(key, label, True, low_effort, _pct(low_effort, 0) + " low-effort",
                  "typical audiences: 30–60% low-effort comments", evidence, conf, risk, sentence,
                  "high" if risk >= 0.05 else None,
                  details={"n": n, "kinds": dict(kinds), "duplicate_share": duplicate})


# ---- engagement pods ----------------------------------------------------------------------------------------


def pod_signal(comments: Sequence[CommentPoint], top_k: int = 5) -> Signal:
    """The same small set of commenters across posts: share of comments from commenters seen on 2+ posts."""
    key, label = "engagement_pod", "Engagement pod"
    by_commenter: dict[str, set[int]] = defaultdict(set)
    per_commenter: Counter = Counter()
    posts = {c.post_id for c in comments}
    if len(posts) < 3 or len(comments) < 9:
        return _unavailable(key, label, "Comments from at least 3 posts are needed to look for recurring commenters.")
    for c in comments:
        h = c.commenter.strip().lower().lstrip("@")
        by_commenter[h].add(c.post_id)
        per_commenter[h] += 1
    n = len(comments)
    repeaters = {h for h, ps in by_commenter.items() if len(ps) >= 2}
    repeat_comments = [c for c in comments if c.commenter.strip().lower().lstrip("@") in repeaters]
    repeat_share = len(repeat_comments) / n
    top = per_commenter.most_common(top_k)
    top_share = sum(v for _, v in top) / n
    generic_repeat = (sum(comment_kind(c.text) != "specific" for c in repeat_comments) / len(repeat_comments)
                      if repeat_comments else 0.0)
    coverage = (statistics.mean(len(by_commenter[h]) / len(posts) for h in repeaters) if repeaters else 0.0)
    # Loyal fans comment often too, but they write about the post; pods post the same praise everywhere.
    risk = _clip((repeat_share - 0.25) / 0.25) * (0.5 + 0.5 * generic_repeat)
    conf = _clip(len(posts) / 4) * _clip(n / 20)
    evidence: list[dict[str, Any]] = [
        {"text": f"{len(repeaters)} commenters appear on 2 or more of {len(posts)} sampled posts and wrote "
                 f"{_pct(repeat_share, 0)} of {n} comments"},
        {"text": f"The top {len(top)} commenters wrote {_pct(top_share, 0)} of the comments"},
        {"text": f"{_pct(generic_repeat, 0)} of the recurring commenters' comments are generic"},
    ]
    for h, cnt in top[:5]:
        if len(by_commenter[h]) >= 2:
            evidence.append({"text": f"@{h}: {cnt} comments on {len(by_commenter[h])} of {len(posts)} posts",
                             "commenter": h})
    if risk < 0.05:
        sentence = "Comments come from many different people; no closed group of recurring commenters."
    else:
        sentence = (f"{_pct(repeat_share, 0)} of comments come from the same {len(repeaters)} accounts across posts, "
                    "mostly with generic praise — the signature of an engagement pod.")
    return Signal(key, label, True, repeat_share, _pct(repeat_share, 0) + " from recurring commenters",
                  "typical audiences: under 25% of comments from recurring commenters", evidence, conf, risk,
                  sentence, "high" if risk >= 0.05 else None,
                  details={"repeaters": len(repeaters), "posts": len(posts), "n": n, "top_share": top_share,
                           "coverage": coverage, "generic_repeat_share": generic_repeat})


# ---- pod membership: this account's own comments on pod accounts --------------------------------------------


@dataclass(frozen=True)
class CommentedHost:
    """Another account of the same platform whose sampled comments include this account's handle."""

    host_id: int
    host_handle: str
    host_pod_risk: float        # the host's own engagement-pod signal (from its comment sample)
    host_pod_confidence: float
    posts: int                  # the host's sampled posts this account commented on
    texts: tuple[str, ...]      # this account's comments there


def pod_membership_signal(hosts: Sequence[CommentedHost]) -> Signal:
    """Recurring generic comments by this account on accounts whose comment samples show a pod: pods are
    reciprocal, so a member is visible in the other members' samples even without a sample of its own."""
    key, label = "pod_membership", "Comments in an engagement pod"
    if not hosts:
        return _unavailable(key, label, "This account was not seen commenting in other accounts' comment samples.")
    parts = []
    for h in hosts:
        generic = sum(comment_kind(t) != "specific" for t in h.texts) / len(h.texts) if h.texts else 0.0
        recurring = _clip(h.posts - 1.0)  # one comment proves nothing; the same commenter on 2+ posts does
        parts.append((h, generic, h.host_pod_risk * recurring * (0.5 + 0.5 * generic)))
    none_left = 1.0
    for _, _, r in parts:
        none_left *= 1 - r
    risk = 1 - none_left  # independent hosts: each pod seen adds evidence
    pods = [p for p in parts if p[2] >= 0.05]
    conf = max((h.host_pod_confidence for h, _, _ in pods), default=max(h.host_pod_confidence for h in hosts))
    evidence: list[dict[str, Any]] = []
    for h, generic, _r in sorted(parts, key=lambda p: -p[2])[:5]:
        text = (f"{len(h.texts)} comments on {h.posts} sampled posts of @{h.host_handle} "
                f"({_pct(generic, 0)} generic); that account's comments show a pod with risk {h.host_pod_risk:.2f}")
        evidence.append({"text": text, "account_id": h.host_id, "commenter": h.host_handle})
    if risk < 0.05:
        sentence = "Its comments on other accounts look ordinary: no sign of comment-for-comment groups."
    else:
        sentence = (f"Comments generic praise again and again on {len(pods)} account{'s' if len(pods) > 1 else ''} "
                    "whose own comments show an engagement pod: pods are reciprocal, so it is likely a member.")
    return Signal(key, label, True, float(len(pods)), f"{len(pods)} pod account{'s' if len(pods) != 1 else ''}",
                  "ordinary accounts: no recurring generic comments on pod accounts", evidence, conf, risk, sentence,
                  "high" if risk >= 0.05 else None,
                  details={"hosts": len(hosts), "pod_hosts": len(pods)})
