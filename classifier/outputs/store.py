"""The SQLite store of scored letters, read by the report.

Letters are keyed on the hash of their content, so scoring the same file again
(after a model update, or by accident) replaces its rows instead of counting the
letter twice in a report, and two copies of one file are one letter. A file scored
again after an edit (a corrected extraction, a fixed typo) has another hash; the
`sources` table holds the resolved path of every file each content was scored from,
so the earlier version of that file is replaced too instead of being counted beside
the new one, unless a copy elsewhere still holds it (then it stays, that copy's letter;
a copy since deleted, moved or edited holds nothing, and a hard link is edited with its file).
A letter's `source` column names the file it was last scored from, for the report. WAL mode and a busy timeout let several `evasion score`
processes write to one store at once; each save is one transaction, so a reader
never sees a letter with half of its pairs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import stat
from pathlib import Path

from classifier.errors import StoreError
from classifier.outputs.database import Database
from classifier.scoring.letter import summarize
from classifier.types import TEXT_SOURCE, Evidence, LetterMeta, LetterScore, PairScore


def _source_key(source: str) -> str:
    """The file's resolved path, the same whatever folder `evasion score` was run from."""
    if source == TEXT_SOURCE:
        return source
    try:
        return str(Path(source).resolve())
    except (OSError, RuntimeError):  # a symlink loop, or a path the system will not resolve
        return source


def _still_holds(source: str, content_hash: str) -> bool:
    """Does the file `source` (a resolved path from the `sources` table) still hold this content? A file that is
    gone holds nothing; a path kept as typed by an old store, or a file that cannot be read now, is given the
    benefit of the doubt."""
    if source == TEXT_SOURCE or not os.path.isabs(source):
        return True
    try:
        if not stat.S_ISREG(os.stat(source).st_mode):  # now a folder, a pipe: never read, it holds no letter
            return False
        data = Path(source).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:  # no permission now: it may well hold it still
        return True
    return hashlib.sha256(data).hexdigest() == content_hash


class Store(Database):
    """The scored letters in one SQLite file: saved one transaction per letter, read back for reports."""

    def save(self, letter_score: LetterScore) -> int:
        """Replace everything stored for this letter's content hash or its file, in one transaction.

        Returns how many letters of the same file with other content were replaced (0 when
        the file is new to the store or unchanged), so the caller can say so.
        """
        meta = letter_score.letter
        self.check_writable()
        if not meta.content_hash:
            raise StoreError(
                f"expected a content hash for letter {meta.letter_id!r}, found none", path=self.path
            )
        source = _source_key(meta.source)
        letter_row = (
            meta.content_hash,
            meta.letter_id,
            source,
            meta.model_copy(update={"source": source}).model_dump_json(),  # a report names the file, wherever run
            dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            letter_score.model_version,
        )
        pair_rows = [
            (
                meta.content_hash,
                position,
                pair.question_id,
                pair.section,
                pair.party,
                pair.label,
                pair.score,
                json.dumps(pair.probabilities),
                pair.evidence.model_dump_json(),
                pair.question,
                pair.answer,
                json.dumps(pair.referral_to),
                json.dumps(pair.resolved_from),
                int(pair.complete),
            )
            for position, pair in enumerate(letter_score.pairs)
        ]
        with self._connect() as conn, self._transaction(conn):
            replaced = self._forget_earlier_content(conn, meta.content_hash, source, meta.letter_id)
            conn.execute("DELETE FROM pairs WHERE content_hash = ?", (meta.content_hash,))
            conn.execute("DELETE FROM letters WHERE content_hash = ?", (meta.content_hash,))
            conn.execute("INSERT INTO letters VALUES (?, ?, ?, ?, ?, ?)", letter_row)
            conn.executemany("INSERT INTO pairs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", pair_rows)
            conn.execute("INSERT OR IGNORE INTO sources VALUES (?, ?)", (meta.content_hash, source))
        return replaced

    def check_writable(self) -> None:
        """Refuse, before any work, a read-only store of an older schema (report reads it as it is)."""
        if self.read_only:
            raise StoreError("expected a store evasion can write to, found a read-only file of an older schema "
                             "(a report reads it as it is; it cannot be upgraded or saved to)", path=self.path)

    @staticmethod
    def _forget_earlier_content(conn: sqlite3.Connection, content_hash: str, source: str, letter_id: str) -> int:
        """The file `source` now holds `content_hash`: it no longer holds what it held before. A letter that no
        file holds any more is deleted (the earlier version of an edited file); one that a copy elsewhere still
        holds stays, as that copy's letter. Returns how many letters were deleted."""
        if source == TEXT_SOURCE:  # letters given as text are never taken for the same file
            return 0
        # rows of stores written before paths were resolved hold the path as typed, from the folder
        # `evasion score` ran in: the same folder as now is by far the likeliest
        earlier = [(row[0], row[1]) for row in conn.execute(
            "SELECT s.content_hash, s.source FROM sources s JOIN letters l ON l.content_hash = s.content_hash "
            "WHERE s.content_hash != ? AND (s.source = ? OR (l.letter_id = ? AND s.source NOT LIKE '/%'))",
            (content_hash, source, letter_id)) if _source_key(row[1]) == source]
        deleted = 0
        for earlier_hash, earlier_source in earlier:
            conn.execute("DELETE FROM sources WHERE content_hash = ? AND source = ?", (earlier_hash, earlier_source))
            holders = [row[0] for row in conn.execute(
                "SELECT source FROM sources WHERE content_hash = ? ORDER BY source", (earlier_hash,))]
            for gone in [other for other in holders if not _still_holds(other, earlier_hash)]:
                # a copy since deleted, moved, edited or (a hard link) edited with this file holds it no more
                conn.execute("DELETE FROM sources WHERE content_hash = ? AND source = ?", (earlier_hash, gone))
                holders.remove(gone)
            holder = holders[0] if holders else None
            if holder is None:
                conn.execute("DELETE FROM pairs WHERE content_hash = ?", (earlier_hash,))
                conn.execute("DELETE FROM letters WHERE content_hash = ?", (earlier_hash,))
                deleted += 1
                continue
            row = conn.execute("SELECT source, metadata FROM letters WHERE content_hash = ?", (earlier_hash,)).fetchone()
            if row is not None and _source_key(row[0]) not in holders:  # the report names a file that still holds it
                metadata = LetterMeta.model_validate_json(row[1]).model_copy(update={"source": holder})
                conn.execute("UPDATE letters SET source = ?, metadata = ? WHERE content_hash = ?",
                             (holder, metadata.model_dump_json(), earlier_hash))
        return deleted

    def letter_scores(self) -> list[LetterScore]:
        """Every stored letter, ordered by letter id then content hash (stable across runs)."""
        with self._connect() as conn:
            letters = self._query(
                conn,
                "SELECT content_hash, metadata, model_version FROM letters ORDER BY letter_id, content_hash",
            )
            pair_rows = self._query(conn, "SELECT * FROM pairs ORDER BY content_hash, position")
        try:
            pairs: dict[str, list[PairScore]] = {}
            for row in pair_rows:
                pairs.setdefault(row["content_hash"], []).append(self._pair(row))
            result = []
            for row in letters:
                letter_pairs = pairs.get(row["content_hash"], [])
                result.append(
                    LetterScore(
                        letter=LetterMeta.model_validate_json(row["metadata"]),
                        summary=summarize(letter_pairs),
                        pairs=letter_pairs,
                        model_version=row["model_version"],
                    )
                )
        except (ValueError, TypeError) as exc:  # pydantic's ValidationError and JSONDecodeError are ValueErrors
            raise StoreError(
                f"expected stored rows in the evasion schema, found one that does not parse ({exc})",
                path=self.path,
            ) from exc
        return result

    def __len__(self) -> int:
        with self._connect() as conn:
            return self._query(conn, "SELECT count(*) AS n FROM letters")[0]["n"]

    # -- internals -------------------------------------------------------------

    def _pair(self, row: sqlite3.Row) -> PairScore:
        return PairScore(
            question_id=row["question_id"],
            section=row["section"],
            party=row["party"],
            question=row["question"],
            answer=row["answer"],
            label=row["label"],
            score=row["score"],
            probabilities=json.loads(row["probabilities"]),
            evidence=Evidence.model_validate_json(row["evidence"]),
            referral_to=json.loads(row["referral_to"]),
            resolved_from=json.loads(row["resolved_from"]),
            complete=bool(row["complete"]),
        )
