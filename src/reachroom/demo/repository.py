"""SQL for the demo's background preparation: the job_progress rows."""

from sqlalchemy import Connection, delete, insert, select, update

from reachroom.models import JobProgress, utcnow


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
