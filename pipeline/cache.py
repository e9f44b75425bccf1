"""The build cache: finished outputs by job key, in `.bantin-cache/cache.sqlite`.

SQLite keeps each write atomic, so an interrupted build never leaves a
half-stored result; a damaged cache file is set aside and rebuilt.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from pathlib import Path

log = logging.getLogger(__name__)

CACHE_DIR = ".bantin-cache"
_SCHEMA = ("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, sha256 TEXT NOT NULL,"
           " data BLOB NOT NULL)")


def temporary_folder(project: Path) -> Path:
    """Where outputs are written before they are moved into place: outside output/, so a
    killed command leaves nothing partial there."""
    return project / CACHE_DIR / "tmp"


class Cache:
    """Finished job results, by key."""

    def __init__(self, project: Path) -> None:
        folder = project / CACHE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "cache.sqlite"
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:
            log.warning("%s is damaged; starting an empty cache", self.path)
            self.path.replace(self.path.with_suffix(".damaged"))
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(_SCHEMA)
        return db

    def sha256(self, key: str) -> str | None:
        """The SHA-256 of the stored result, or None when the key is unknown."""
        row = self._db.execute("SELECT sha256 FROM results WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def get(self, key: str) -> bytes | None:
        row = self._db.execute("SELECT data FROM results WHERE key = ?", (key,)).fetchone()
        return bytes(row[0]) if row else None

    def put(self, key: str, data: bytes) -> str:
        """Store a result; a full disk only costs the cache, not the build."""
        digest = hashlib.sha256(data).hexdigest()
        try:
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?)",
                                 (key, digest, data))
        except sqlite3.Error as exc:
            log.warning("%s: could not store a result (%s); it will be made again next time",
                        self.path, exc)
        return digest

    def keep_only(self, keys: set[str]) -> None:
        """Forget results no job of this build needs (deleted or changed articles)."""
        stored = {row[0] for row in self._db.execute("SELECT key FROM results")}
        with self._db:
            self._db.executemany("DELETE FROM results WHERE key = ?",
                                 [(k,) for k in stored - keys])

    def close(self) -> None:
        self._db.close()
