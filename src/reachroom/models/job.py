"""Progress of the background jobs, so the web process can show what is still being prepared."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from reachroom.models.base import Base, utcnow


class JobProgress(Base):
    """One stage of a background job (e.g. "content profiles"): done of total; finished when done == total."""

    __tablename__ = "job_progress"

    stage: Mapped[str] = mapped_column(String(64), primary_key=True)
    done: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    total: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    finished: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
