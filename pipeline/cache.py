"""The build cache: finished outputs by job key, in `.bantin-cache/cache.sqlite`.

SQLite keeps each write atomic, so an interrupted build never leaves a
half-stored result; a damaged cache file is set aside and rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import sqlite3
from pathlib import Path

from .i18n import _
from .resources import CACHE_DIR as CACHE_DIR  # where check.py and others look for it

log = logging.getLogger(__name__)

_SCHEMA = ("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, sha256 TEXT NOT NULL,"
           " data BLOB NOT NULL)")


def temporary_folder(project: Path) -> Path:
    """Where outputs are written before they are moved into place: outside output/, so a
    killed command leaves nothing partial there."""
    return project / CACHE_DIR / "tmp"


class Cache:
    """Finished job results, by key.

    The cache only ever saves time: every hit is checked against its SHA-256,
    and any fault (a damaged or unreadable file, a read-only folder, a full
    disk) is one warning, after which the cache is set aside and the build
    goes on making everything anew.
    """

    def __init__(self, project: Path, name: str = "cache.sqlite") -> None:
        self.path = project / CACHE_DIR / name
        self._db: sqlite3.Connection | None = None
        folder = self.path.parent
        if (folder.exists() or folder.is_symlink()) and not folder.is_dir():
            log.warning(_("%s: is not a folder, so the build cache cannot be kept there;"
                          " everything is made anew and nothing of it is changed (move or"
                          " delete it to keep a cache)"), folder)
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except (sqlite3.Error, OSError) as exc:
            damaged = self.path.is_file()
            self._fault(exc, _("open"))
            if damaged:  # set aside: start an empty one (an unwritable folder stays unused)
                try:
                    self._db = self._open()
                except (sqlite3.Error, OSError):
                    self._db = None

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)
            db.execute("SELECT count(*) FROM results").fetchone()  # reads every page header
        except BaseException:
            db.close()
            raise
        return db

    def _fault(self, exc: BaseException, doing: str) -> None:
        """Warn once, close, and move a damaged cache file aside so the next build starts
        clean; from now on every lookup misses. The warning says what was done."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        aside = self.path.with_name(self.path.name + ".damaged")
        done = _("it is not used this time")
        with contextlib.suppress(OSError):
            if self.path.is_file():
                self.path.replace(aside)
                done = _("it is set aside as {name}").format(name=aside.name)
            for extra in ("-wal", "-shm"):
                self.path.with_name(self.path.name + extra).unlink(missing_ok=True)
        log.warning(_("%s: the build cache failed to %s (%s); everything is made anew, and %s"),
                    self.path, doing, exc, done)

    def sha256(self, key: str) -> str | None:
        """The SHA-256 of the stored result, or None when the key is unknown."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT sha256 FROM results WHERE key = ?",
                                   (key,)).fetchone()
        except sqlite3.Error as exc:
            self._fault(exc, _("read"))
            return None
        return str(row[0]) if row else None

    def get(self, key: str) -> bytes | None:
        """The stored result, only if its bytes still have the SHA-256 stored with them."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT sha256, data FROM results WHERE key = ?",
                                   (key,)).fetchone()
        except sqlite3.Error as exc:
            self._fault(exc, _("read"))
            return None
        if not row:
            return None
        data = bytes(row[1])
        if hashlib.sha256(data).hexdigest() != row[0]:
            self._fault(ValueError(_("a stored result does not match its SHA-256")),
                        _("verify"))
            return None
        return data

    def put(self, key: str, data: bytes) -> str:
        """Store a result; a full disk only costs the cache, not the build."""
        digest = hashlib.sha256(data).hexdigest()
        if self._db is None:
            return digest
        try:
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?)",
                                 (key, digest, data))
        except sqlite3.Error as exc:
            log.warning(_("%s: could not store a result (%s); it will be made again next time"),
                        self.path, exc)
        return digest

    def keep_only(self, keys: set[str]) -> None:
        """Forget results no job of this build needs (deleted or changed articles)."""
        if self._db is None:
            return
        try:
            stored = {row[0] for row in self._db.execute("SELECT key FROM results")}
            with self._db:
                self._db.executemany("DELETE FROM results WHERE key = ?",
                                     [(k,) for k in stored - keys])
        except sqlite3.Error as exc:
            self._fault(exc, _("clean up"))

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
