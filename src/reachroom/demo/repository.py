"""SQL for the demo: the background preparation's job_progress rows, and accounts for the demo campaigns."""

from sqlalchemy import Connection, delete, insert, or_, select, update
from sqlalchemy.orm import Session

from reachroom.models import JobProgress, OutboundEmail, SocialAccount, utcnow


def start_stages(conn: Connection, stages: list[str]) -> None:
    """Forget earlier runs and mark every stage as pending (0 of 0)."""
    conn.execute(delete(JobProgress))
    if stages:
        conn.execute(insert(JobProgress),
                     [{"stage": s, "done": 0, "total": 0, "finished": False, "updated_at": utcnow()} for s in stages])


def set_progress(conn: Connection, stage: str, done: int, total: int, finished: bool = False) -> None:
    """Record how far one stage got."""
    conn.execute(update(JobProgress).where(JobProgress.stage == stage)
                 .values(done=done, total=total, finished=finished, updated_at=utcnow()))


def unfinished(conn: Connection) -> list[tuple[str, int, int]]:
    """(stage, done, total) of the stages still running or pending, the most recently updated first."""
    rows = conn.execute(select(JobProgress.stage, JobProgress.done, JobProgress.total)
                        .where(JobProgress.finished.is_(False)).order_by(JobProgress.updated_at.desc()))
    return [(stage, done, total) for stage, done, total in rows]


def micro_accounts(db: Session, bio_labels: list[str], n: int) -> list[int]:
    """Up to n shared Instagram or TikTok micro accounts (1k-100k followers) whose bio starts with one of the
    labels (the demo writes a creator's niche label first), in id order; topped up with other micro accounts."""
    micro = (SocialAccount.workspace_id.is_(None), SocialAccount.platform.in_(("instagram", "tiktok")),
             SocialAccount.followers.between(1_000, 100_000))
    matching = [SocialAccount.bio.like(label + "%") for label in bio_labels]
    stmt = select(SocialAccount.id).where(*micro, or_(*matching)).order_by(SocialAccount.id).limit(n)
    found = list(db.scalars(stmt)) if matching else []
    if len(found) < n:
        more = select(SocialAccount.id).where(*micro)
        if found:
            more = more.where(SocialAccount.id.not_in(found))
        found += list(db.scalars(more.order_by(SocialAccount.id).limit(n - len(found))))
    return found


def mark_demo_emails(db: Session, email_ids: list[int], status: str, error: str = "") -> None:
    """Give demo outbox emails the state a campaign's mail would be in: held, sent, or one that bounced."""
    if email_ids:
        db.execute(update(OutboundEmail).where(OutboundEmail.id.in_(email_ids))
                   .values(status=status, attempts=0 if status == "held" else 1, last_error=error,
                           sent_at=utcnow() if status == "sent" else None))
