"""Plain-language reasons for a search result, quoting the numbers behind its score components."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from reachroom.discovery.engine.scoring import FLAGGED_GATE_SCORE

if TYPE_CHECKING:
    from reachroom.discovery.engine.search import ComponentScore, SearchResult

GOOD = 0.6  # a component at or above this value is a reason the creator ranks
_PLATFORM_NAMES = {"instagram": "Instagram", "tiktok": "TikTok", "youtube": "YouTube", "facebook": "Facebook"}
_GENDER_WORDS = {"female": "women", "male": "men", "other": "another gender"}
_FLAG_WORDS = {"drugs_alcohol": "drugs & alcohol", "health_claims": "health claims", "hate": "hate speech",
               "adult": "adult content"}


def pct(share: float) -> int:
    """A share 0-1 as the whole percent the reasons quote."""
    return int(math.floor(share * 100 + 0.5))


def top_percent(percentile: float) -> int:
    """The 'top N%' quoted for an ER percentile (at least 1)."""
    return max(1, int(math.floor(100 - percentile + 0.5)))


def peer_group(raw: dict[str, Any]) -> str:
    platform = _PLATFORM_NAMES.get(raw.get("platform") or "", raw.get("platform") or "")
    band = raw.get("band")
    return f"{platform} accounts with {band} followers".strip() if band else f"{platform} accounts".strip()


def audience_phrase(term: dict[str, Any]) -> str:
    p = pct(term["share"])
    kind, key = term["kind"], term["key"]
    if kind == "country":
        return f"{p}% of audience in {key}"
    if kind == "age":
        return f"{p}% of audience aged {key}"
    if kind == "gender":
        return f"{p}% of audience {_GENDER_WORDS.get(key, key)}"
    return f"{p}% of audience speaks {key}"


def gate_reason(result: SearchResult) -> str | None:
    """What the authenticity gate did to the fit, when it ranked the creator down (None otherwise)."""
    if round(result.gate, 2) >= 1.0:
        return None
    score = result.raw.get("authenticity_score")
    conf = result.components.get("authenticity")
    sure = f", {pct(conf.confidence)}% confidence" if conf is not None else ""
    head = f"authenticity {score:.0f}/100" if score is not None else "low authenticity"
    if result.raw.get("authenticity_flagged") == 1 and score is not None and score > FLAGGED_GATE_SCORE:
        head += " with a red flag (level caution)"
    return f"{head} — ranked down to {pct(result.gate)}% of its fit{sure}"


def score100(value: float) -> int:
    """A 0-1 component value as the 0-100 score the reasons and the page's bars show."""
    return pct(max(0.0, min(1.0, value)))


def strength(value: float) -> str:
    """How strong a 0-1 match is, in words."""
    return "strong match" if value >= 0.75 else "good match" if value >= 0.5 else "some match"


UNUSUAL_ER_PERCENTILE = 97.0  # the peer percentile above which high engagement is also an authenticity signal


def _reason(name: str, comp: ComponentScore, raw: dict[str, Any], currency: str, doubtful: bool = False) -> str | None:
    if name == "semantic":
        return f"content matches your search ({score100(comp.value)}/100)"
    if name == "niche":
        scores = raw.get("niche_scores") or {}
        if not scores:
            return None
        slug, score = max(scores.items(), key=lambda kv: kv[1])
        topic = slug.replace("_", " ")
        if raw.get("niches_inferred"):
            return f"{strength(score)} for {topic}, the niche your words suggest ({score100(score)}/100)"
        return f"{strength(score)} for {topic} ({score100(score)}/100)"
    if name == "audience":
        terms = sorted(raw.get("audience_targets") or [],
                       key=lambda t: -(t["share"] / t["target"] if t["target"] else 1.0))
        return "; ".join(audience_phrase(t) for t in terms[:2]) or None
    if name == "engagement":
        p, er = raw.get("er_percentile"), raw.get("engagement_rate")
        if p is None:
            return None
        rate = f"engagement rate {er * 100:.1f}%, " if er is not None else "engagement "
        if doubtful and p >= UNUSUAL_ER_PERCENTILE:  # not praise when authenticity doubts it
            return f"{rate}unusually high for {peer_group(raw)} (top {top_percent(p)}%): check authenticity"
        if p >= 50:
            return f"{rate}in the top {top_percent(p)}% of {peer_group(raw)}"
        return f"{rate}lower than {top_percent(p)}% of {peer_group(raw)}"
    if name == "authenticity":
        score = raw.get("authenticity_score")
        return None if score is None else f"authenticity {score:.0f}/100"
    if name == "tone":
        return f"voice close to the brand's ({score100(comp.value)}/100)"
    if name == "brand_safety":
        flags = [_FLAG_WORDS.get(f, f.replace("_", " ")) for f in raw.get("brand_safety_flags") or []]
        return "no brand-safety flags" if not flags else f"brand-safety flags: {', '.join(flags)}"
    if name == "cost":
        rpf, lo, hi, reach = (raw.get(k) for k in ("reach_per_fee", "est_fee_low", "est_fee_high", "est_reach"))
        if rpf is None or lo is None or hi is None or reach is None:
            return None
        return (f"about {rpf:,.0f} estimated reach per {currency}1 of fee "
                f"({currency}{lo:,.0f}-{currency}{hi:,.0f} per post, reach {reach:,.0f})")
    return None


_MISSING = {
    "semantic": "no content analysed yet: match with your words counted as neutral",
    "niche": "no content profile yet: niche match counted as neutral",
    "audience": "no audience data: audience match counted as neutral",
    "engagement": "engagement rate unknown: counted as neutral",
    "authenticity": "not yet scored for authenticity: counted as neutral",
    "tone": "no tone profile: voice match counted as neutral",
    "cost": "no fee estimate: cost efficiency counted as neutral",
}


def _doubtful(result: SearchResult, gated: str | None) -> bool:
    """Whether authenticity casts doubt on the numbers: the gate ranked the creator down, or the score is low."""
    score = result.raw.get("authenticity_score")
    return bool(gated) or (score is not None and score < 60)


def explain(result: SearchResult, currency: str = "$", max_reasons: int = 3) -> list[str]:
    """Two or three reasons: the authenticity gate when it ranked the creator down, the strongest components by
    weighted contribution, then caveats if needed."""
    comps = result.components
    gated = gate_reason(result)
    ranked = sorted(
        ((c.weight * c.value, name, c) for name, c in comps.items()
         if c.weight > 0 and c.confidence > 0 and not (gated and name == "authenticity")),
        key=lambda t: (-t[0], t[1]),
    )
    reasons: list[str] = [gated] if gated else []
    for _, name, comp in ranked:
        if comp.value >= GOOD and len(reasons) < max_reasons:
            text = _reason(name, comp, result.raw, currency, doubtful=_doubtful(result, gated))
            if text:
                reasons.append(text)
    # Fewer than two strengths: say what is missing, then quote the most important remaining facts.
    for name, comp in sorted(comps.items(), key=lambda kv: -kv[1].weight):
        if len(reasons) >= 2:
            break
        if comp.confidence == 0 and name in _MISSING:
            reasons.append(_MISSING[name])
    for _, name, comp in ranked:
        if len(reasons) >= 2:
            break
        if comp.value < GOOD:
            text = _reason(name, comp, result.raw, currency, doubtful=_doubtful(result, gated))
            if text and text not in reasons:
                reasons.append(text)
    return reasons[:max_reasons]
