"""Atomic file writes: a reader never sees half a file under output/."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A stream to a temporary file beside `path`, moved onto `path` only when all went well."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                         dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fchmod(stream.fileno(), 0o666 & ~_umask())  # mkstemp makes it private
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that `path` is either the old file or the whole new one."""
    with atomic_file(path) as stream:
        stream.write(data)


def copy_atomic(source: Path, path: Path) -> None:
    """Copy `source` to `path` so that `path` is either the old file or the whole new one."""
    with atomic_file(path) as stream, source.open("rb") as original:
        shutil.copyfileobj(original, stream)
