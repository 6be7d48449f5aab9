"""Bulk writing of demo chunks: ids assigned here, rows inserted on a raw DBAPI connection.

SQLite: one prepared `INSERT` (compiled from the table metadata) per table and chunk via `executemany`, with
load pragmas (synchronous=OFF, WAL, 256 MB cache, foreign keys off; restored afterwards, then a sampled
ANALYZE and a WAL checkpoint). PostgreSQL: `COPY ... FROM STDIN` through psycopg, then the id sequences are
moved past the new rows and ANALYZE runs. Each chunk is one
transaction; a failed load deletes what it wrote (ids above the starting maxima).
"""

import itertools
import json
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Engine, text

from reachroom.demo.plan import Table
from reachroom.models import Base

TABLE_ORDER: tuple[str, ...] = (
    "creators", "social_accounts", "account_snapshots", "audience_profiles", "posts", "post_snapshots",
    "follower_samples", "comment_samples", "demo_truth",
)
# Foreign-key columns holding chunk-local indices, and the table they point into.
REFS: dict[str, dict[str, str]] = {
    "creators": {},
    "social_accounts": {"creator_id": "creators"},
    "account_snapshots": {"account_id": "social_accounts"},
    "audience_profiles": {"account_id": "social_accounts"},
    "posts": {"account_id": "social_accounts"},
    "post_snapshots": {"post_id": "posts"},
    "follower_samples": {"account_id": "social_accounts"},
    "comment_samples": {"post_id": "posts", "account_id": "social_accounts"},
    "demo_truth": {"account_id": "social_accounts", "post_id": "posts"},
}


def max_ids(engine: Engine) -> dict[str, int]:
    """Current maximum id per demo table (0 when empty): new ids start right after."""
    with engine.connect() as conn:
        return {t: int(conn.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {t}")).scalar_one()) for t in TABLE_ORDER}


def _details(value, bases: dict[str, int]) -> str:
    if isinstance(value, str):
        return value
    if "member_accounts" in value:
        value = dict(value, member_accounts=[bases["social_accounts"] + 1 + a for a in value["member_accounts"]])
    return json.dumps(value, separators=(", ", ": "))


@dataclass
class Batch:
    """Rows of one table sharing one statement: bound columns, plus constants (inlined on SQLite)."""

    table: str
    columns: tuple[str, ...]
    constants: tuple[tuple[str, object], ...]
    rows: list[tuple]


def _is_scalar(value) -> bool:
    return not isinstance(value, (list, np.ndarray))


def chunk_batches(name: str, table: Table, bases: dict[str, int], inline: bool) -> list[Batch]:
    """A chunk's rows of one table as insert batches, with global ids (bases: max ids before the chunk).

    inline=True (SQLite) moves scalar columns into the statement as literals and, where the table declares
    row patterns, splits the rows into runs of equal pattern whose always-NULL columns are left out: fewer
    bound parameters is what makes SQLite inserts fast. inline=False (COPY) keeps one batch of all columns.
    """
    n = table.rows
    if n == 0:
        return []
    names: list[str] = ["id"]
    seqs: list = [range(bases[name] + 1, bases[name] + 1 + n)]
    constants: list[tuple[str, object]] = []
    refs = REFS[name]
    for col, value in table.columns.items():
        if col in refs:
            local = np.asarray(value, dtype=np.int64)
            ids = (local + (bases[refs[col]] + 1)).astype(object)
            ids[local < 0] = None                      # -1: no parent (demo_truth.post_id)
            seq = ids.tolist()
        elif name == "demo_truth" and col == "details":
            seq = [_details(v, bases) for v in value]
        elif isinstance(value, np.ndarray):
            seq = value.tolist()
        elif isinstance(value, list):
            seq = value
        elif inline:
            constants.append((col, value))
            continue
        else:
            seq = itertools.repeat(value, n)
        names.append(col)
        seqs.append(seq)
    if not inline or table.patterns is None:
        return [Batch(name, tuple(names), tuple(constants), list(zip(*seqs, strict=False)))]
    codes, layouts = table.patterns
    cuts = (np.flatnonzero(codes[1:] != codes[:-1]) + 1).tolist()
    starts, ends = [0] + cuts, cuts + [n]
    seqs = [list(seq) for seq in seqs]
    keep_of: dict[int, tuple[list[int], tuple]] = {}
    for code, (omitted, extra) in layouts.items():
        keep = [i for i, col in enumerate(names) if col not in omitted and col not in extra]
        keep_of[code] = (keep, tuple(constants) + tuple(sorted(extra.items())))
    batches = []
    for start, end, code in zip(starts, ends, codes[starts].tolist(), strict=True):
        keep, consts = keep_of[code]
        rows = list(zip(*[seqs[i][start:end] for i in keep], strict=True))
        if batches and batches[-1].constants is consts and batches[-1].columns == tuple(names[i] for i in keep):
            batches[-1].rows.extend(rows)
        else:
            batches.append(Batch(name, tuple(names[i] for i in keep), consts, rows))
    return batches


def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


class BulkWriter:
    """Owns one raw DBAPI connection for the load; SQLite or PostgreSQL."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect.name
        if self.dialect not in ("sqlite", "postgresql"):
            raise ValueError(f"demo loading supports SQLite and PostgreSQL, not {self.dialect}")
        self.quote = engine.dialect.identifier_preparer.quote
        self.raw = engine.raw_connection()
        self.dbapi = self.raw.driver_connection
        self._saved: dict[str, object] = {}
        self._sql: dict[tuple, str] = {}
        if self.dialect == "sqlite":
            self._sqlite_begin_load()

    # -- SQLite pragmas -----------------------------------------------------------------------------------
    def _sqlite_begin_load(self) -> None:
        cur = self.dbapi.cursor()
        self.dbapi.commit()
        for pragma in ("synchronous", "foreign_keys", "cache_size", "temp_store"):
            self._saved[pragma] = cur.execute(f"PRAGMA {pragma}").fetchone()[0]
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA foreign_keys=OFF")
        cur.execute("PRAGMA cache_size=-262144")
        cur.execute("PRAGMA temp_store=MEMORY")
        cur.close()

    def _sqlite_end_load(self) -> None:
        cur = self.dbapi.cursor()
        self.dbapi.commit()
        for pragma, value in self._saved.items():
            cur.execute(f"PRAGMA {pragma}={int(value)}")
        cur.execute("PRAGMA analysis_limit=1000")   # quick, sampled planner statistics for the big new tables
        cur.execute("ANALYZE")
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cur.close()

    # -- writing ------------------------------------------------------------------------------------------
    def _statement(self, batch: Batch) -> str:
        key = (batch.table, batch.columns, batch.constants)
        sql = self._sql.get(key)
        if sql is None:
            table = Base.metadata.tables[batch.table]
            every = list(batch.columns) + [c for c, _ in batch.constants]
            unknown = set(every) - set(table.columns.keys())
            if unknown:
                raise RuntimeError(f"demo writer: {batch.table} has no column(s) {sorted(unknown)}")
            cols = ", ".join(self.quote(c) for c in every)
            if self.dialect == "sqlite":
                values = ["?"] * len(batch.columns) + [_literal(v) for _, v in batch.constants]
                sql = f"INSERT INTO {self.quote(batch.table)} ({cols}) VALUES ({', '.join(values)})"
            else:
                sql = f"COPY {self.quote(batch.table)} ({cols}) FROM STDIN"
            self._sql[key] = sql
        return sql

    @property
    def inline(self) -> bool:
        """Whether batches should inline constants (SQLite) or carry every column (PostgreSQL COPY)."""
        return self.dialect == "sqlite"

    def write(self, batches: list[Batch]) -> None:
        """Insert batches inside the current chunk transaction (no commit)."""
        cur = self.dbapi.cursor()
        try:
            if self.dialect == "sqlite":
                if not self.dbapi.in_transaction:   # one transaction per chunk, whatever the isolation mode
                    cur.execute("BEGIN")
                for batch in batches:
                    cur.executemany(self._statement(batch), batch.rows)
            else:
                for batch in batches:
                    with cur.copy(self._statement(batch)) as copy:
                        for row in batch.rows:
                            copy.write_row(row)
        finally:
            cur.close()

    def commit(self) -> None:
        self.dbapi.commit()

    def rollback(self) -> None:
        self.dbapi.rollback()

    def delete_above(self, bases: dict[str, int]) -> None:
        """Remove rows this load wrote (ids above the starting maxima), children first."""
        self.rollback()
        cur = self.dbapi.cursor()
        mark = "?" if self.dialect == "sqlite" else "%s"
        for name in reversed(TABLE_ORDER):
            cur.execute(f"DELETE FROM {self.quote(name)} WHERE id > {mark}", (bases[name],))
        cur.close()
        self.commit()

    def finish(self) -> None:
        """Restore pragmas (SQLite) or move id sequences past the new rows (PostgreSQL)."""
        if self.dialect == "sqlite":
            self._sqlite_end_load()
        else:
            cur = self.dbapi.cursor()
            for name in TABLE_ORDER:
                cur.execute(   # next id = max + 1
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {self.quote(name)}), 0) + 1, false)"
                    f" WHERE pg_get_serial_sequence('{name}', 'id') IS NOT NULL")
            cur.execute("ANALYZE")
            cur.close()
            self.commit()

    def close(self) -> None:
        self.raw.close()
