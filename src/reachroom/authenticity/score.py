"""The authenticity score 0–100: a transparent sum of signal penalties (docs/authenticity.md, "Score").

score = 100 − Σ weight(signal) × risk × confidence, clipped to [0, 100]. Each signal's penalty is stored with it
(``effect``), so the page can show exactly which signals moved the score and by how much. The overall
confidence is the weighted share of the signals that could be measured, times their own confidence: it is low
when data is thin (no follower sample, no comments, few posts or snapshots).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .signals import Signal, with_effect

METHOD_VERSION = "auth-2026.12.8"

#: Maximum points each signal can take off the score (when risk = 1 at full confidence).
WEIGHTS: dict[str, float] = {
    "suspicious_followers": 45.0,
    "growth_anomaly": 35.0,
    "engagement_vs_peers": 30.0,
    "engagement_pod": 30.0,
    "likes_comments": 25.0,
    "comment_consistency": 30.0,
    "comment_floor": 30.0,
    "pod_membership": 30.0,
    "views_structure": 15.0,
    "comment_quality": 15.0,
    "audience_reachability": 10.0,
}
#: Signals that exist only for some accounts by nature (an account seen commenting in others' comment samples,
#: posts whose reach varies enough to compare small and large ones): their weight counts towards the possible
#: evidence only when they are measured, so their absence is not "missing data" that lowers every other
#: account's confidence.
OPPORTUNISTIC = frozenset({"pod_membership", "comment_floor"})
#: (lowest score of the level, level), best first.
LEVELS: tuple[tuple[float, str], ...] = ((85.0, "excellent"), (72.0, "good"), (50.0, "caution"), (0.0, "high_risk"))
LEVEL_LABELS = {"excellent": "Excellent", "good": "Good", "caution": "Caution", "high_risk": "High risk"}
FLAGGED_LEVELS = ("caution", "high_risk")


def level_of(score: float) -> str:
    """Level slug of a score."""
    for low, name in LEVELS:
        if score >= low:
            return name
    return LEVELS[-1][1]


RED_FLAG_RISK, RED_FLAG_CONFIDENCE = 0.9, 0.6


def red_flag(signal: Signal) -> bool:
    """One signal strong and certain enough to make the level at least 'caution' whatever the score."""
    return signal.available and signal.risk >= RED_FLAG_RISK and signal.confidence >= RED_FLAG_CONFIDENCE


WORRYING_RISK = 0.5


def worrying(signal: Signal) -> bool:
    """A signal that points at a problem, however little data it rests on (its penalty may still be small)."""
    return signal.available and signal.risk >= WORRYING_RISK


def settled_level(level: str, signals: Sequence[Signal]) -> str:
    """The score's level, moved down so that it never contradicts a signal (also applied to stored results)."""
    if level in ("excellent", "good") and any(red_flag(s) for s in signals):
        return "caution"
    if level == "excellent" and any(worrying(s) for s in signals):
        return "good"  # "excellent" promises no sign of a problem; a worrying signal on thin data is one
    return level


def confidence_label(confidence: float) -> str:
    return "high" if confidence >= 0.7 else "medium" if confidence >= 0.4 else "low"


@dataclass(frozen=True)
class AuthenticityScore:
    """Score, level, confidence and the signals behind them."""

    score: float
    level: str
    confidence: float
    signals: list[Signal]
    explanation: str
    method_version: str = METHOD_VERSION

    @property
    def movers(self) -> list[Signal]:
        """Signals that took points off, largest effect first."""
        return sorted((s for s in self.signals if s.effect <= -0.5), key=lambda s: s.effect)

    def to_dict(self) -> dict[str, Any]:
        return {"score": round(self.score, 1), "level": self.level, "confidence": round(self.confidence, 3),
                "explanation": self.explanation, "method_version": self.method_version,
                "movers": [s.key for s in self.movers], "signals": [s.to_dict() for s in self.signals]}


def combine(signals: Sequence[Signal], explained: bool = True) -> AuthenticityScore:
    """Score from signals: each takes off weight × risk × confidence points. Without ``explained`` the explanation
    is left empty (the job: a stored row keeps the signals, and reading it explains them again)."""
    scored: list[Signal] = []
    total = 0.0
    measured = 0.0
    for s in signals:
        w = WEIGHTS.get(s.key, 0.0)
        effect = -w * s.risk * s.confidence if s.available else 0.0
        total += effect
        measured += w * s.confidence if s.available else 0.0
        scored.append(with_effect(s, effect))
    score = max(0.0, min(100.0, 100.0 + total))
    possible = sum(w for k, w in WEIGHTS.items() if k not in OPPORTUNISTIC)
    possible += sum(WEIGHTS.get(s.key, 0.0) for s in signals if s.key in OPPORTUNISTIC and s.available)
    confidence = measured / possible if possible else 0.0
    level = settled_level(level_of(score), scored)
    explanation = explain(score, level, confidence, scored) if explained else ""
    return AuthenticityScore(score, level, confidence, scored, explanation)


def explain(score: float, level: str, confidence: float, signals: Sequence[Signal]) -> str:
    """A few plain sentences: the verdict, what moved it, and what data is missing (never contradicting a signal)."""
    movers = sorted((s for s in signals if s.effect <= -0.5), key=lambda s: s.effect)
    shown = movers[:3]
    thin = [s for s in signals if worrying(s) and s.effect > -0.5]  # pointing at a problem on little data
    verdict = {
        "excellent": "No sign of fake followers or fake engagement in the data we have.",
        "good": "Mostly genuine, with minor points worth a look.",
        "caution": "Some signs of inauthentic followers or engagement: check the evidence before booking.",
        "high_risk": "Strong signs of inauthentic followers or engagement.",
    }[level]
    if level == "good" and any(worrying(s) and s.confidence < RED_FLAG_CONFIDENCE for s in signals):
        verdict = ("Few points lost, but a signal resting on too little data to count fully points at a problem: "
                   "check it before booking.")
    parts = [f"Authenticity {score:.0f}/100 ({LEVEL_LABELS[level].lower()}). {verdict}"]
    for s in shown:
        parts.append(f"{s.sentence.rstrip('.')} (−{-s.effect:.0f} points).")
    for s in thin:
        parts.append(f"{s.sentence.rstrip('.')} (too little data yet to take off even a point).")
    missing = [s.label.lower() for s in signals if not s.available and WEIGHTS.get(s.key, 0) >= 15]
    conf = confidence_label(confidence)
    if missing:
        parts.append(f"Confidence is {conf}: not measured yet — {', '.join(missing)}.")
    else:
        parts.append(f"Confidence is {conf}.")
    return " ".join(parts)
