"""Authenticity rules behind page, API and CLI: read an account's score, recompute it, upload a follower sample.

Scopes: scope_key 0 is computed from shared data only; a workspace that uploaded a private follower sample of
an account gets its own row (scope_key = workspace id) that includes those rows. A workspace reads its own row
when it has one, else the shared one — never another workspace's. Services flush, never commit.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import fields
from datetime import date, datetime
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from reachroom.authenticity import repository as repo
from reachroom.authenticity.assess import (
    AccountInputs,
    StatsView,
    assess,
    commented_hosts,
    er_quantiles,
    norms_for,
    norms_from_arrays,
    sample_report,
)
from reachroom.authenticity.features import CsvError, parse_follower_csv
from reachroom.authenticity.schemas import AuthenticityOut, FollowerSampleOut, SignalOut, UploadOut
from reachroom.authenticity.score import (
    LEVEL_LABELS,
    METHOD_VERSION,
    AuthenticityScore,
    confidence_label,
    explain,
    settled_level,
)
from reachroom.authenticity.signals import MIN_PEERS, CommentPoint, PostPoint, Signal
from reachroom.core.errors import AppError, FieldError, not_found
from reachroom.core.tenancy import WorkspaceContext
from reachroom.creators.service import visible_account
from reachroom.models import FollowerSampleUpload, SocialAccount, utcnow

MAX_SAMPLE_ROWS = 20_000
# Smallest upload that may change a score, and the largest share of rows one identical profile may take
# (docs/authenticity.md, "Minimum sample"): below 50 followers the 95% interval of the suspicious share is wider
# than the 30 points over which its penalty rises; in the labelled collections no profile fills over 1% of rows.
MIN_SAMPLE_ROWS = 50
MAX_SAME_PROFILE_SHARE = 0.10
MAX_INT = 2_147_483_647
MAX_REPORTED_ERRORS = 200


_PLAIN = frozenset({str, int, bool, type(None)})


def to_json(obj: Any) -> Any:
    """JSON-safe copy: NaN/inf → None, datetimes → ISO strings, NumPy scalars → Python."""
    # The job converts ~200 values per account, nearly all plain: exact types first, then the general rules.
    kind = type(obj)
    if kind in _PLAIN:
        return obj
    if kind is dict:
        return {k if type(k) is str else str(k): v if type(v) in _PLAIN else to_json(v) for k, v in obj.items()}
    if kind is list:
        return [v if type(v) in _PLAIN else to_json(v) for v in obj]
    if kind is float:
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {str(k): to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    if isinstance(obj, (np.floating, float)):
        v = float(obj)
        return v if math.isfinite(v) else None
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    return obj


def stored_row(account_id: int, scope_key: int, result: AuthenticityScore, report: dict | None,
               er_q: dict | None, now: datetime) -> dict:
    """An account_authenticity row from an assessment."""
    share = report["suspicious_share"] if report else None
    audience = {}
    if report:
        audience = {"types": report["audience_types"], "reachability": report["reachability"],
                    "model_version": report["model_version"], "quiet": report.get("quiet")}
    signals = [s.to_dict() for s in result.signals]
    for s in signals:
        if s["key"] == "engagement_vs_peers" and er_q:
            s["details"]["peer_quantiles"] = er_q  # p10 / median / p90 of the peer group, for the chart
    return {
        "account_id": account_id, "scope_key": scope_key, "score": round(result.score, 2), "level": result.level,
        "confidence": round(result.confidence, 4), "signals": to_json(signals),
        "suspicious_share": share["estimate"] if share else None,
        "suspicious_share_low": share["low"] if share else None,
        "suspicious_share_high": share["high"] if share else None,
        "sample_size": report["n"] if report else None, "audience_types": to_json(audience),
        "method_version": METHOD_VERSION, "computed_at": now,
    }


# ---- reading ------------------------------------------------------------------------------------------------


def creator_id_of(db: Session, ctx: WorkspaceContext, account_id: int) -> int:
    """The creator of a visible account."""
    acc = visible_account(db, ctx, account_id)
    return acc.creator_id


def get_authenticity(db: Session, ctx: WorkspaceContext, account_id: int) -> AuthenticityOut:
    """The workspace's view of an account's authenticity (stored, or computed now when the job hasn't run)."""
    acc = visible_account(db, ctx, account_id)
    own = repo.stored(db, acc.id, ctx.workspace_id)
    row = own or repo.stored(db, acc.id, 0)
    if row is not None and (own is not None or not repo.has_private_samples(db, acc.id, ctx.workspace_id)):
        return _out_from_row(row)
    workspace = ctx.workspace_id if repo.has_private_samples(db, acc.id, ctx.workspace_id) else None
    return _out_from_row(compute_row(db, acc, workspace), stored=False)


def _signal(d: dict) -> Signal:
    names = {f.name for f in fields(Signal)}
    return Signal(**{k: v for k, v in d.items() if k in names})


def _out_from_row(row: Any, stored: bool = True) -> AuthenticityOut:
    get = (lambda k: row[k]) if isinstance(row, dict) else (lambda k: getattr(row, k))
    signals = [dict(s) for s in get("signals") or []]
    sig_objs = [_signal(s) for s in signals]
    score, confidence = get("score"), get("confidence")
    level = settled_level(get("level"), sig_objs)  # rows stored before the rule still read consistently
    audience = get("audience_types") or {}
    sample = None
    if get("sample_size"):
        sample = FollowerSampleOut(
            n=get("sample_size"), suspicious_share=get("suspicious_share"),
            suspicious_share_low=get("suspicious_share_low"), suspicious_share_high=get("suspicious_share_high"),
            audience_types=audience.get("types", {}), reachability=audience.get("reachability", {}),
            model_version=audience.get("model_version"), includes_private_upload=get("scope_key") != 0,
            quiet=audience.get("quiet"),
        )
    movers = [s.key for s in sorted((s for s in sig_objs if s.effect <= -0.5), key=lambda s: s.effect)]
    return AuthenticityOut(
        account_id=get("account_id"), score=score, level=level, level_label=LEVEL_LABELS.get(level, level),
        confidence=confidence, confidence_label=confidence_label(confidence),
        explanation=explain(score, level, confidence, sig_objs),
        signals=[SignalOut(**{**s, "flagged": bool(s.get("flagged"))}) for s in signals], movers=movers,
        follower_sample=sample, scope="workspace" if get("scope_key") else "shared",
        method_version=get("method_version"), computed_at=get("computed_at"), stored=stored,
    )


# ---- computing ----------------------------------------------------------------------------------------------


def _peer_tables(db: Session, platform: str, tier: str, band: str | None) -> tuple[Any, dict | None]:
    rows = repo.peer_values(db, platform, tier=tier)
    if len(rows) < MIN_PEERS:
        rows = repo.peer_values(db, platform)
    norms = norms_for({}, platform, tier)
    if rows:
        cols = list(zip(*rows, strict=True))

        def arr(c):
            return np.asarray([np.nan if v is None else v for v in c], dtype=float)

        tiers = np.asarray(cols[0], dtype=object).astype(str)
        table = norms_from_arrays(np.full(len(rows), platform), tiers, arr(cols[1]), arr(cols[2]), arr(cols[3]),
                                  arr(cols[4]))
        norms = norms_for(table, platform, tier)
    er_q = None
    if band:
        er_q = er_quantiles(np.asarray([np.nan if r[5] is None else r[5]
                                        for r in repo.peer_values(db, platform, band=band)], dtype=float))
    return norms, er_q


def _commented_hosts(db: Session, account_id: int) -> list:
    """The account's comments on other accounts' sampled posts, with those accounts' pod signals."""
    rows = repo.commented_hosts(db, account_id)
    if not rows:
        return []
    return commented_hosts(rows, repo.comments_of(db, sorted({r[1] for r in rows}))).get(account_id, [])


def compute_row(db: Session, acc: SocialAccount, workspace_id: int | None) -> dict:
    """Assess one account now: shared data, plus the workspace's private samples when workspace_id is given."""
    from reachroom.metrics import tier_of

    st = repo.stats(db, acc.id)
    view = None
    if st is not None:
        view = StatsView(st.tier, st.band, st.engagement_rate, st.er_denominator, st.er_percentile, st.er_peers,
                         st.er_posts_used or 0)
    inputs = AccountInputs(
        acc.id, acc.platform, acc.followers, view,
        [PostPoint(*r) for r in repo.posts_with_metrics(db, acc.id)],
        repo.follower_series(db, acc.id),
        [CommentPoint(*r) for r in repo.comments(db, acc.id)],
        commented_hosts=_commented_hosts(db, acc.id),
    )
    rows = repo.follower_rows(db, acc.id, workspace_id)
    report = sample_report(rows) if rows else None
    norms, er_q = _peer_tables(db, acc.platform, st.tier if st else tier_of(acc.followers), st.band if st else None)
    result = assess(inputs, norms, report or {})
    return stored_row(acc.id, workspace_id or 0, result, report, er_q, utcnow())


def recompute_account(db: Session, account_id: int, workspace_id: int | None = None) -> dict:
    """Recompute and store one account's shared row and, if given, the workspace's own row."""
    acc = db.get(SocialAccount, account_id)
    if acc is None:
        raise not_found("Account")
    row = compute_row(db, acc, None)
    repo.save(db, row)
    if workspace_id is not None and repo.has_private_samples(db, acc.id, workspace_id):
        row = compute_row(db, acc, workspace_id)
        repo.save(db, row)
    return row


# ---- uploads ------------------------------------------------------------------------------------------------


def _csv_failure(errors: list[CsvError], filename: str) -> AppError:
    shown = errors[:MAX_REPORTED_ERRORS]
    fields_ = [FieldError(f"line {e.line}" + (f", {e.field}" if e.field else ""), e.message) for e in shown]
    more = f" (showing the first {MAX_REPORTED_ERRORS})" if len(errors) > MAX_REPORTED_ERRORS else ""
    # The message is the summary and `fields` the details, so page, API and CLI show each problem once.
    return AppError(422, f"{filename or 'The file'} has {_problems(len(errors))}{more}; nothing was saved.",
                    "invalid_csv", fields_)


def _problems(n: int) -> str:
    return f"{n} problem{'' if n == 1 else 's'}"


def validate_sample(content: bytes, filename: str = "") -> list[dict]:
    """Parse a follower-sample CSV or raise 422 listing every problem with its line number."""
    if not content or not content.strip():
        raise AppError(422, "file: the file is empty; expected a CSV with followers,following,posts",
                       "invalid_csv", [FieldError("file", "the file is empty")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AppError(422, "file: not UTF-8 text; export the sample as a UTF-8 CSV", "invalid_csv",
                       [FieldError("file", "not UTF-8 text")]) from None
    rows, errors = parse_follower_csv(text if ("\n" in text or "," in text) else text + "\n")
    for row in rows:
        for col in ("followers", "following", "posts", "username_length", "username_digits", "full_name_words",
                    "bio_length"):
            if row.get(col) is not None and row[col] > MAX_INT:
                errors.append(CsvError(row["line"], col, f"implausibly large ({row[col]})"))
    errors.sort(key=lambda e: e.line)
    if errors:
        raise _csv_failure(errors, filename)
    if len(rows) > MAX_SAMPLE_ROWS:
        raise AppError(422, f"file: {len(rows):,} followers; upload at most {MAX_SAMPLE_ROWS:,} per file",
                       "invalid_csv", [FieldError("file", f"more than {MAX_SAMPLE_ROWS:,} rows")])
    _check_sample_is_a_sample(rows, filename)
    return rows


def _sample_refused(message: str) -> AppError:
    return AppError(422, f"file: {message}; nothing was saved", "invalid_sample", [FieldError("file", message)])


def _check_sample_is_a_sample(rows: list[dict], filename: str) -> None:
    """A score may only move on a sample that is big enough and lists different followers."""
    if len(rows) < MIN_SAMPLE_ROWS:
        raise _sample_refused(f"{len(rows)} follower(s); a sample needs at least {MIN_SAMPLE_ROWS} to judge the "
                              "share of suspicious followers")
    profiles = Counter(tuple(row.get(k) for k in repo.SAMPLE_KEYS if k != "username") for row in rows)
    profile, same = profiles.most_common(1)[0]
    if same == len(rows):
        raise _sample_refused(f"all {len(rows)} rows describe the same profile; a sample lists different followers")
    if same > MAX_SAME_PROFILE_SHARE * len(rows):
        counts = ", ".join(f"{k} {v}" for k, v in zip(("followers", "following", "posts"), profile[:3], strict=True))
        raise _sample_refused(f"{same} of {len(rows)} rows describe the same profile ({counts}); at most "
                              f"{MAX_SAME_PROFILE_SHARE:.0%} may repeat one profile")
    seen: dict[str, int] = {}
    repeats: list[CsvError] = []
    for row in rows:
        name = (row.get("username") or "").strip().lower()
        if name in seen:
            repeats.append(CsvError(row["line"], "username", f"{name} is already on line {seen[name]}"))
        elif name:
            seen[name] = row["line"]
    if repeats:
        raise _csv_failure(repeats, filename)


def upload_sample(db: Session, ctx: WorkspaceContext, account_id: int, content: bytes,
                  filename: str = "", source: str = "csv_import") -> UploadOut:
    """Store a follower sample private to the workspace and recompute the account's authenticity for it."""
    acc = visible_account(db, ctx, account_id)
    ctx.require_write()
    rows = validate_sample(content, filename)
    now = utcnow()
    upload = FollowerSampleUpload(account_id=acc.id, workspace_id=ctx.workspace_id, filename=filename[:255],
                                  rows=len(rows), source=source, uploaded_by=ctx.user_id)
    stored_rows = [{**{k: row.get(k) for k in repo.SAMPLE_KEYS}, "username": (row.get("username") or None),
                    "account_id": acc.id, "workspace_id": ctx.workspace_id, "source": source, "collected_at": now}
                   for row in rows]
    for r in stored_rows:
        if r["username"]:
            r["username"] = r["username"][:100]
    repo.add_upload(db, upload, stored_rows)
    row = compute_row(db, acc, ctx.workspace_id)
    repo.save(db, row)
    return UploadOut(upload_id=upload.id, account_id=acc.id, rows=len(rows), filename=upload.filename,
                     authenticity=_out_from_row(row))


# ---- the profile page ---------------------------------------------------------------------------------------


def profile_section(db: Session, ctx: WorkspaceContext, account_id: int) -> dict[str, Any]:
    """What the creator profile's Authenticity section shows, with chart data."""
    result = get_authenticity(db, ctx, account_id)
    by_key = {s.key: s for s in result.signals}
    growth = by_key.get("growth_anomaly")
    spikes = []
    if growth and growth.available:
        for s in growth.details.get("spikes", []):
            spikes.append({"at": s["at"], "followers": s["after"], "gain_pct": s["gain_pct"],
                           "explained": s.get("explained_by") is not None, "kind": s.get("kind", "spike")})
    series = [[t.isoformat(), n] for t, n in repo.follower_series(db, account_id)]
    eng = by_key.get("engagement_vs_peers")
    engagement = None
    if eng and eng.available:
        d = eng.details
        engagement = {"value": eng.value, "benchmark": d.get("benchmark"),
                      "benchmark_source": d.get("benchmark_source"), "peers": d.get("peer_quantiles"),
                      "percentile": d.get("percentile")}
    sample = result.follower_sample
    return {
        "result": result,
        "uploads": [{"id": u.id, "filename": u.filename, "rows": u.rows, "created_at": u.created_at}
                    for u in repo.uploads(db, ctx, account_id)],
        "can_upload": ctx.can("member"),
        "chart": to_json({"series": series, "spikes": spikes, "engagement": engagement,
                          "types": (sample.audience_types.get("adjusted") or sample.audience_types.get("observed"))
                          if sample else None}),
        "method_version": METHOD_VERSION,
    }
