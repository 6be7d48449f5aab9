"""name keys: brands, lists and saved searches unique per workspace by a Unicode-aware key

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-04 15:30:00

The duplicate-name check compared lower(name), which SQLite lowers for ASCII only: "Ärzte Tee" twice passed the
check and hit the exact-name constraint (a 500), and "Élan" / "élan" could coexist. Each row now stores
name_key = NFKC casefold of its name (reachroom.core.names.name_key, copied below) with a unique index per workspace, so the
database holds the rule against races too. Rows that already clash on the new key keep their names; their key
gets " #<id>" appended so the index can be built (renaming one of them later applies the rule normally).
"""

import unicodedata
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

TABLES = ("brands", "creator_lists", "saved_searches")
NAME_KEY_LENGTH = 480


def name_key(name: str) -> str:
    """A frozen copy of reachroom.core.names.name_key as of this revision."""
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


def _backfill(table: str) -> None:
    conn = op.get_bind()
    rows = sa.table(table, sa.column("id"), sa.column("workspace_id"), sa.column("name"), sa.column("name_key"))
    seen: dict[tuple, int] = defaultdict(int)
    for row_id, workspace_id, name in conn.execute(sa.select(rows.c.id, rows.c.workspace_id, rows.c.name)
                                                   .order_by(rows.c.id)).all():
        key = name_key(name)
        seen[(workspace_id, key)] += 1
        if seen[(workspace_id, key)] > 1:
            key = f"{key} #{row_id}"
        conn.execute(sa.update(rows).where(rows.c.id == row_id).values(name_key=key))


def upgrade() -> None:
    for table in TABLES:
        # NOT NULL needs a default on SQLite's ADD COLUMN; every row gets its real key right below.
        op.add_column(table, sa.Column("name_key", sa.String(NAME_KEY_LENGTH), nullable=False, server_default=""))
        _backfill(table)
        op.create_index(f"uq_{table}_workspace_id_name_key", table, ["workspace_id", "name_key"], unique=True)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_index(f"uq_{table}_workspace_id_name_key", table_name=table)
        op.drop_column(table, "name_key")
