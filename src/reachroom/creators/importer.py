"""Import creators from CSV into a workspace: validate all, then upsert by platform + handle."""

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from reachroom.core.errors import AppError, FieldError
from reachroom.core.tenancy import WorkspaceContext
from reachroom.creators import repository as repo
from reachroom.creators.csv_import import RowError, parse_creators_csv
from reachroom.models import AccountSnapshot, Creator, SocialAccount, utcnow

ACCOUNT_FIELDS = ("display_name", "bio", "external_url", "is_verified", "is_private", "platform_id",
                  "followers", "following", "posts_count")
CREATOR_FIELDS = ("name", "country", "language", "city", "email")
MAX_REPORTED_ERRORS = 200


@dataclass
class ImportReport:
    """What an import did (or would have done)."""

    total_rows: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def import_creators(db: Session, ctx: WorkspaceContext, data: bytes, skip_invalid: bool = False) -> ImportReport:
    """Validate every row; with any error write nothing unless skip_invalid; upsert the valid rows."""
    ctx.require_write()
    parsed = parse_creators_csv(data)
    report = ImportReport(total_rows=parsed.total_rows, errors=parsed.errors, warnings=parsed.warnings)
    file_level = any(e.field in ("file", "header") for e in parsed.errors)
    if parsed.errors and (not skip_invalid or file_level):
        shown = parsed.errors[:MAX_REPORTED_ERRORS]
        raise AppError(
            422,
            # the summary; each problem is in `fields` once (pages, API and CLI list them from there)
            f"{len(parsed.errors)} problem{'' if len(parsed.errors) == 1 else 's'} in the file; nothing was imported.",
            "invalid_csv",
            [FieldError(f"line {e.line}: {e.field}", e.message) for e in shown],
        )
    report.skipped = parsed.total_rows - len(parsed.rows)
    keys = [(r["platform"], r["handle"].lower()) for _, r in parsed.rows]
    existing = repo.accounts_by_keys(db, ctx.workspace_id, keys)
    now = utcnow()
    for _, row in parsed.rows:
        account = existing.get((row["platform"], row["handle"].lower()))
        if account is None:
            _create(db, ctx, row, now)
            report.created += 1
        elif _update(db, account, row, now):
            report.updated += 1
        else:
            report.unchanged += 1
    return report


def _create(db: Session, ctx: WorkspaceContext, row: dict, now) -> None:
    creator = Creator(workspace_id=ctx.workspace_id, **{k: row[k] or None for k in CREATOR_FIELDS})
    creator.name = row["name"] or row["display_name"] or row["handle"]
    repo.add(db, creator)
    account = SocialAccount(
        creator_id=creator.id, workspace_id=ctx.workspace_id, scope_key=ctx.workspace_id,
        platform=row["platform"], handle=row["handle"], source="csv_import", collected_at=now,
        **{k: row[k] for k in ACCOUNT_FIELDS if row[k] is not None},
    )
    repo.add(db, account)
    repo.add(db, AccountSnapshot(account_id=account.id, followers=row["followers"], following=row["following"],
                                 posts_count=row["posts_count"], source="csv_import", collected_at=now))


def _update(db: Session, account: SocialAccount, row: dict, now) -> bool:
    """Apply the row's non-empty values; True when anything changed."""
    changed = False
    for key in ACCOUNT_FIELDS:
        if row[key] is not None and getattr(account, key) != row[key]:
            setattr(account, key, row[key])
            changed = True
    creator = account.creator
    for key in CREATOR_FIELDS:
        if row[key] is not None and getattr(creator, key) != row[key]:
            setattr(creator, key, row[key])
            changed = True
    if changed:
        account.source, account.collected_at = "csv_import", now
        repo.add(db, AccountSnapshot(account_id=account.id, followers=account.followers, following=account.following,
                                     posts_count=account.posts_count, source="csv_import", collected_at=now))
    return changed
