"""`reachroom authenticity eval-demo`: compare flagged accounts with the demo generator's injected fraud cases.

Population: Instagram and TikTok accounts with a stored shared-scope score (the generator injects the
authenticity cases on those platforms only). An account is *flagged* overall when its level is caution or high
risk, and *flagged by a signal* when that signal's risk ≥ 0.5 at confidence ≥ 0.3. For each fraud type T:

* recall = flagged accounts of type T / accounts of type T;
* precision = flagged accounts of type T / flagged accounts that are of type T or clean (accounts of the other
  fraud types are left out, so each type is judged against clean accounts only);
* the same for the signals meant for T, and recall restricted to the accounts that carry the data the signal
  needs (a follower sample, a comment sample) — and precision and recall on those that lack it.

The overall row treats every fraud type as positive. DemoTruth is read only here, never by the scoring code.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Engine

from reachroom.authenticity import repository as repo
from reachroom.authenticity.score import FLAGGED_LEVELS

FRAUD_CASES = ("bought_followers", "engagement_pod", "fake_audience")
#: Signals meant to catch each case; the flag is "any of them".
CASE_SIGNALS: dict[str, tuple[str, ...]] = {
    "bought_followers": ("growth_anomaly",),
    "engagement_pod": ("engagement_pod", "likes_comments", "comment_consistency", "comment_floor", "pod_membership",
                       "comment_quality"),
    "fake_audience": ("suspicious_followers", "engagement_vs_peers", "views_structure"),
}
#: The truth detail telling whether the account carries the data its main signal needs.
DATA_FLAG = {"bought_followers": None, "engagement_pod": "has_comment_sample", "fake_audience": "has_follower_sample"}
PLATFORMS = ("instagram", "tiktok")


def _pr(flagged: set[int], positives: set[int], negatives: set[int]) -> dict[str, Any]:
    tp = len(flagged & positives)
    fp = len(flagged & negatives)
    fn = len(positives - flagged)
    return {
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / (tp + fn) if tp + fn else None,
        "tp": tp, "fp": fp, "fn": fn, "positives": len(positives),
        "false_positive_rate": fp / len(negatives) if negatives else None,
    }


def _signal_flags(signals: list[dict]) -> set[str]:
    return {s["key"] for s in signals or [] if s.get("flagged")}


def evaluate_demo(engine: Engine) -> dict[str, Any]:
    """Precision and recall per fraud type, by level and by signal, on the stored shared-scope scores."""
    with engine.connect() as conn:
        scores = [r for r in repo.shared_scores(conn) if r[1] in PLATFORMS]
        truth = repo.demo_cases(conn, FRAUD_CASES)
    if not scores:
        raise ValueError("no stored authenticity scores: run `reachroom authenticity recompute` first")
    ids = {r[0] for r in scores}
    cases: dict[str, set[int]] = {c: set() for c in FRAUD_CASES}
    details: dict[tuple[int, str], dict] = {}
    for aid, case, d in truth:
        if aid in ids:
            cases[case].add(aid)
            details[(aid, case)] = d or {}
    fraud = set().union(*cases.values())
    clean = ids - fraud
    by_level = {r[0] for r in scores if r[2] in FLAGGED_LEVELS}
    flags = {r[0]: _signal_flags(r[3]) for r in scores}
    out: dict[str, Any] = {
        "population": {"accounts": len(ids), "clean": len(clean), **{c: len(v) for c, v in cases.items()},
                       "platforms": list(PLATFORMS)},
        "levels": dict(Counter(r[2] for r in scores)),
        "overall": {"by_level": _pr(by_level, fraud, clean)},
        "per_type": {},
        "per_signal": {},
    }
    any_signal = {aid for aid, f in flags.items() if f & {k for ks in CASE_SIGNALS.values() for k in ks}}
    out["overall"]["by_case_signals"] = _pr(any_signal, fraud, clean)
    for case in FRAUD_CASES:
        pos = cases[case]
        by_signal = {aid for aid, f in flags.items() if f & set(CASE_SIGNALS[case])}
        entry: dict[str, Any] = {
            "by_level": _pr(by_level, pos, clean),
            "by_signal": {"signals": list(CASE_SIGNALS[case]), **_pr(by_signal, pos, clean)},
            "by_level_or_signal": _pr(by_level | by_signal, pos, clean),
        }
        need = DATA_FLAG[case]
        if need:
            with_data = {a for a in pos if details.get((a, case), {}).get(need)}
            entry["with_data"] = {"requires": need, "accounts": len(with_data),
                                  "recall_by_level": _pr(by_level, with_data, clean)["recall"],
                                  "recall_by_signal": _pr(by_signal, with_data, clean)["recall"]}
            # The accounts without that sample: only what every account has (engagement structure, growth).
            without = pos - with_data
            entry["without_data"] = {"lacks": need, "accounts": len(without),
                                     "by_level": _pr(by_level, without, clean),
                                     "by_signal": _pr(by_signal, without, clean)}
        out["per_type"][case] = entry
    for key in sorted({k for ks in CASE_SIGNALS.values() for k in ks} | {k for f in flags.values() for k in f}):
        flagged = {aid for aid, f in flags.items() if key in f}
        out["per_signal"][key] = {
            "flagged": len(flagged), "flagged_clean": len(flagged & clean),
            "false_positive_rate": len(flagged & clean) / len(clean) if clean else None,
            **{case: _pr(flagged, cases[case], clean) for case in FRAUD_CASES},
        }
    return out
