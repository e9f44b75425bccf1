"""Atomic file writes: a reader never sees half a file under output/."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_file(path: Path, temp_dir: Path | None = None) -> Iterator[BinaryIO]:
    """A stream to a temporary file, moved onto `path` only when all went well.

    The temporary file is made in `temp_dir` (a build keeps them out of
    output/, so a killed build leaves nothing partial there) when it is on
    the same file system, else beside `path`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = path.parent
    if temp_dir is not None:
        try:
            temp_dir.mkdir(parents=True, exist_ok=True)
            if temp_dir.stat().st_dev == folder.stat().st_dev and os.access(temp_dir, os.W_OK):
                folder = temp_dir
        except OSError:
            pass  # no usable temporary folder: write beside the target, still atomically
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
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


def write_atomic(path: Path, data: bytes, temp_dir: Path | None = None) -> None:
    """Write `data` to `path` so that `path` is either the old file or the whole new one."""
    with atomic_file(path, temp_dir) as stream:
        stream.write(data)

