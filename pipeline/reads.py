"""Reading results kept by what they were read from: an unchanged source is not read again.

Reading and normalizing is the one stage a no-op build still paid for every
source; at thousands of articles it was most of the no-op's time. A result
is kept under a key hashing everything reading depends on — the source's
bytes, its `.fix.toml`, how it is read (the read context and normalization
options, whether a report is asked for), the language of the messages, and
bantin's own code — together with the picture files the reader looked at and
their SHA-256 (a picture added, changed or removed reads the source again).
Only sources that read without an error are kept, and the warnings reading
them gave are given again on every hit.

Results are pickled, and unpickled only into the classes of the article
model: a cache file from elsewhere can hold no code to run. A build keeps
only the results its sources needed (`keep_only_used`), so corrections and
edits over the years do not pile up.
"""

from __future__ import annotations

import functools
import hashlib
import io
import pickle
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .cache import CACHE_DIR, Cache
from .i18n import language
from .normalize.corrections import fix_file

READS = "reads.sqlite"
_ALLOWED = {
    "pipeline.model": None, "pipeline.corpus": {"Report"},
    "pipeline.sources.base": {"RawSource", "Note"}, "pipeline.periods": {"Period"},
    "pathlib": {"PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath", "Path"},
    "datetime": {"date", "datetime", "time", "timedelta", "timezone"},
    "copyreg": {"_reconstructor", "__newobj__"},
    "builtins": {"set", "frozenset", "object", "tuple", "list", "dict"},
}
"""What an unpickled result may be made of (None: every class of that module)."""


@functools.cache
def code_digest() -> str:
    """A hash of bantin's code and message catalogs: a new version reads everything again."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.po")]):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def reading_key(source: Path, how: Sequence[str]) -> str | None:
    """The key of reading `source` the way `how` says; None when it cannot be read."""
    data = _file_digest(source)
    if not data:
        return None
    parts = [code_digest(), language(), str(source), data, _file_digest(fix_file(source)),
             *how]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


_USED: dict[Path, set[str]] = {}
"""The keys this process looked up, by project (resolved), until `keep_only_used`."""


def note_used(project: Path, keys: Iterable[str]) -> None:
    """Remember that reading the project needed these keys."""
    _USED.setdefault(project.resolve(), set()).update(keys)


def keep_only_used(project: Path) -> None:
    """Forget the project's results no reading since the last call needed (a build reads
    every source: what it did not ask for belongs to an edited or deleted source)."""
    used = _USED.pop(project.resolve(), None)
    if used is None:
        return
    reads = ReadCache(project)
    try:
        reads.keep_only(used)
    finally:
        reads.close()


class _Restricted(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        allowed = _ALLOWED.get(module, set())
        if module in _ALLOWED and (allowed is None or name in allowed):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a reading result")


class ReadCache:
    """The kept results of one project (`.bantin-cache/reads.sqlite`)."""

    def __init__(self, project: Path) -> None:
        folder = project / CACHE_DIR
        # A cache folder that is not a folder is the build cache's to warn about, once.
        blocked = (folder.exists() or folder.is_symlink()) and not folder.is_dir()
        self._cache = None if blocked else Cache(project, READS)

    def get(self, key: str) -> tuple[Any, tuple[str, ...]] | None:
        """The kept result and its warnings, if its pictures are still as they were."""
        blob = self._cache.get(key) if self._cache else None
        if blob is None:
            return None
        try:
            value, warnings, pictures = _Restricted(io.BytesIO(blob)).load()
        except Exception:  # an older or foreign result: read the source again
            return None
        if any(_file_digest(Path(path)) != digest for path, digest in pictures):
            return None
        return value, tuple(warnings)

    def put(self, key: str, value: Any, warnings: Sequence[str],
            pictures: Sequence[Path]) -> None:
        seen = sorted({(str(p), _file_digest(p)) for p in pictures})
        try:
            blob = pickle.dumps((value, list(warnings), seen), protocol=5)
        except Exception:  # something that cannot be kept: it is only read again next time
            return
        if self._cache:
            self._cache.put(key, blob)

    def keep_only(self, keys: set[str]) -> None:
        if self._cache:
            self._cache.keep_only(keys)

    def close(self) -> None:
        if self._cache:
            self._cache.close()
