"""Declarative base, naming conventions and shared column helpers."""

from datetime import UTC, datetime

from sqlalchemy import JSON, BigInteger, DateTime, Integer, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BigInteger ids on PostgreSQL, but SQLite only autoincrements a plain INTEGER primary key.
BigId = BigInteger().with_variant(Integer(), "sqlite")
JsonDoc = JSON()


def utcnow() -> datetime:
    """Naive UTC now: stored the same way on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Base of every ORM class."""

    metadata = MetaData(naming_convention=NAMING)


class IdMixin:
    """Surrogate integer primary key."""

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)


class CreatedMixin:
    """Row creation time (UTC)."""

    created_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow, nullable=False)
