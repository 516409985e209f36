"""The SQLite file under the store: its schema, migration and connections.

Apart from the store's queries (classifier.outputs.store) because it is the part
that must never harm a file it was pointed at: another program's database is
refused as it was found, before anything in it is changed, and a store written by
a newer version of evasion is refused rather than downgraded.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from classifier.errors import StoreError
from classifier.io import not_a_file

SCHEMA_VERSION = 2
"""1: letters and pairs. 2: `sources`, every file a letter's content was scored from (copies too)."""
BUSY_TIMEOUT_MS = 30_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS letters (
    content_hash  TEXT PRIMARY KEY,
    letter_id     TEXT NOT NULL,
    source        TEXT NOT NULL,
    metadata      TEXT NOT NULL,
    scored_at     TEXT NOT NULL,
    model_version TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pairs (
    content_hash  TEXT NOT NULL REFERENCES letters(content_hash) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    question_id   TEXT NOT NULL,
    section       TEXT,
    party         TEXT,
    label         TEXT NOT NULL,
    score         REAL NOT NULL,
    probabilities TEXT NOT NULL,
    evidence      TEXT NOT NULL,
    question      TEXT NOT NULL,
    answer        TEXT NOT NULL,
    referral_to   TEXT NOT NULL,
    resolved_from TEXT NOT NULL DEFAULT '[]',
    complete      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (content_hash, position)
);
CREATE INDEX IF NOT EXISTS pairs_label ON pairs(label);
CREATE TABLE IF NOT EXISTS sources (
    content_hash  TEXT NOT NULL,
    source        TEXT NOT NULL,
    PRIMARY KEY (content_hash, source)
);
"""
_MIGRATIONS: dict[int, str] = {
    2: "INSERT OR IGNORE INTO sources (content_hash, source) SELECT content_hash, source FROM letters",
}
"""What moves a store of the version before to this one, after _SCHEMA created the new tables: a version 1
store knew one file per letter, its `source`."""

_COLUMNS: dict[str, tuple[str, ...]] = {
    "letters": ("content_hash", "letter_id", "source", "metadata", "scored_at", "model_version"),
    "pairs": ("content_hash", "position", "question_id", "section", "party", "label", "score", "probabilities",
              "evidence", "question", "answer", "referral_to", "resolved_from", "complete"),
    "sources": ("content_hash", "source"),
}
"""The columns of each table, in order, as _SCHEMA creates them."""

_TABLES: dict[int, frozenset[str]] = {1: frozenset({"letters", "pairs"}), 2: frozenset(_COLUMNS)}
"""The tables a store of each schema version holds (version 0: none yet, or a store from before versions)."""


class Database:
    """One SQLite file. Opening checks it is an evasion store (or creates one)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        # SQLite writes a journal beside its file: `--store /dev/null` made /dev/null-journal
        kind = not_a_file(self.path)
        if kind is not None:
            found = "a directory" if kind == "folder" else "a device, pipe or descriptor"
            raise StoreError(f"expected a SQLite file for the store, found {found}", path=self.path)
        # The schema is checked before anything is changed: another program's database is refused
        # as it was found, not switched to WAL mode first.
        self.read_only = False
        """A store of an older schema on a file that may not be written (a read-only copy): read as it is."""
        with self._connect(wal=False) as conn:
            self._migrate(conn)
            self._use_wal(conn)

    @contextmanager
    def _connect(self, *, wal: bool = True) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a part of the path is a regular file, or the folder may not be made
            under_file = isinstance(exc, (FileExistsError, NotADirectoryError))
            reason = "a part of the path is a file, not a folder" if under_file else exc.strerror or str(exc)
            raise StoreError(f"expected a folder to hold the store, could not make {self.path.parent} ({reason})",
                             path=self.path) from None
        try:
            # isolation_level=None: transactions are begun explicitly (BEGIN IMMEDIATE),
            # so a writer takes the write lock up front instead of failing half-way.
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"expected a writable SQLite file, could not open it ({exc})", path=self.path) from exc
        conn.row_factory = sqlite3.Row
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if wal:
                self._use_wal(conn)
            conn.execute("PRAGMA foreign_keys = ON")
            yield conn
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from exc
        finally:
            conn.close()

    @staticmethod
    def _use_wal(conn: sqlite3.Connection) -> None:
        """Switch the file to WAL once; the mode is stored in the file and persists.

        Switching needs an exclusive lock and SQLite answers "locked" at once
        instead of calling the busy handler, so two processes creating the same new
        store would fail without this retry.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
                if mode.lower() == "wal" or conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() == "wal":
                    return
            except sqlite3.OperationalError as exc:
                if "readonly" in str(exc):  # a read-only file is read in the mode it was left in
                    return
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
            if time.monotonic() > deadline:
                raise sqlite3.OperationalError("database is locked: could not switch it to WAL mode")
            time.sleep(0.02)

    @contextmanager
    def _transaction(self, conn: sqlite3.Connection) -> Iterator[None]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Refuse a database that is not an evasion store; create the schema in a new one.

        Only reads happen before the refusal: the version, the tables and their columns, in one
        snapshot (another process may be migrating the store). A database of another program is
        refused also when its user_version happens to be ours. An older store is migrated in one
        transaction that keeps every row.
        """
        conn.execute("BEGIN")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"expected store schema version {SCHEMA_VERSION} or older, found {version}; "
                    "it was written by a newer version of evasion",
                    path=self.path,
                )
            self._check_tables(conn, version)
        finally:
            conn.execute("COMMIT")
        if version == SCHEMA_VERSION:
            return
        try:
            self._upgrade(conn)
        except sqlite3.OperationalError as exc:
            if "readonly" not in str(exc) or not {"letters", "pairs"} <= self._tables(conn):
                raise
            # a read-only store of an older schema: its letters and pairs are read as they are (`report
            # --store`), and a save is refused as a write to a read-only store
            self.read_only = True

    def _upgrade(self, conn: sqlite3.Connection) -> None:
        """Create the schema in a new store, or move an older one to this version, in one transaction."""
        with self._transaction(conn):
            version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have migrated
            self._check_tables(conn, version)  # again under the write lock
            if version == SCHEMA_VERSION:
                return
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)
            for step in range(version + 1, SCHEMA_VERSION + 1):  # nothing is dropped: every score is kept
                if step in _MIGRATIONS:
                    conn.execute(_MIGRATIONS[step])
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @staticmethod
    def _tables(conn: sqlite3.Connection) -> set[str]:
        return {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}

    def _check_tables(self, conn: sqlite3.Connection, version: int) -> None:
        tables = self._tables(conn)
        if tables - set(_COLUMNS):
            raise StoreError(
                f"expected an evasion store, found a SQLite database with other tables "
                f"({', '.join(sorted(tables))})",
                path=self.path,
            )
        if version in _TABLES and tables != _TABLES[version]:
            raise StoreError(
                f"expected an evasion store with the tables {', '.join(sorted(_TABLES[version]))}, found "
                f"{', '.join(sorted(tables)) or 'no tables'} (user_version {version})",
                path=self.path,
            )
        for table in sorted(tables):
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            if columns != list(_COLUMNS[table]):
                raise StoreError(
                    f"expected table {table} with the columns {', '.join(_COLUMNS[table])}, "
                    f"found {', '.join(columns)}; not an evasion store",
                    path=self.path,
                )

    @staticmethod
    def _query(conn: sqlite3.Connection, sql: str) -> list[sqlite3.Row]:
        return conn.execute(sql).fetchall()

    def _error(self, exc: sqlite3.DatabaseError) -> StoreError:
        if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc):
            return StoreError(f"expected a store evasion can write to, found a read-only file ({exc})", path=self.path)
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            return StoreError(
                f"expected to get the store's write lock within {BUSY_TIMEOUT_MS // 1000} s, "
                f"another process held it ({exc})",
                path=self.path,
            )
        return StoreError(f"expected an evasion SQLite store, could not read it ({exc})", path=self.path)
