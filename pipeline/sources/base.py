"""What every reader returns, and the base class readers share."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ..errors import SourceError
from ..i18n import _
from ..model import Block
from .decode import decode

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True, slots=True)
class Note:
    """Something a reader dropped or recognised, for `bantin normalize --report`."""

    action: str
    """`dropped` (not article text) or `found` (a part of the article recognised)."""
    what: str
    """What it is: "portal block marker", "caption (2 lines joined)", "date" …"""
    text: str
    """The text concerned, as it stood in the source."""
    line: int | None = None
    """Line (or first line) in the source, where known."""


@dataclass(frozen=True, kw_only=True, slots=True)
class RawSource:
    """One article as a reader found it: raw metadata and unnormalized blocks."""

    path: Path
    """The file it came from."""
    encoding: str
    """How the file's bytes were decoded."""
    metadata: Mapping[str, Any]
    """Metadata fields exactly as the source gave them (typed by normalization)."""
    blocks: tuple[Block, ...]
    """The body, with text as found."""
    lines: Mapping[str, int] = field(default_factory=dict)
    """Line number of each metadata key in the file, where known."""
    position: str | None = None
    """Where in a multi-article file this one is, e.g. `article 2 of 3`."""
    notes: tuple[Note, ...] = ()
    """What the reader dropped and recognised, in source order."""
    error: SourceError | None = None
    """Why this article of a multi-article file could not be read (its neighbours are
    kept); normalizing it raises the error."""


@dataclass(frozen=True, kw_only=True, slots=True)
class ReadContext:
    """What a reader may look at besides the file itself."""

    roots: tuple[Path, ...] = ()
    """Directories images may come from (resolved); empty means the source's own."""
    boilerplate: tuple[re.Pattern[str], ...] = ()
    """The user's extra boilerplate patterns (`[normalize] boilerplate`), full-line."""
    max_bytes: int | None = None
    """`[build] max_source_bytes`: larger files are refused before they are read."""
    max_pixels: int = 40_000_000
    """`[build] max_picture_pixels`: larger pictures are left out with a warning."""

    def check_size(self, path: Path) -> None:
        """`SourceError` for a file larger than `max_bytes`, before reading it."""
        size = path.stat().st_size
        if self.max_bytes is not None and size > self.max_bytes:
            raise SourceError(_("the file is {size:,} bytes, more than [build] max_source_bytes"
                                " ({max_bytes:,}); split it, or raise the limit in"
                                " bantin.toml").format(
                                  size=size, max_bytes=self.max_bytes), path=path)


def require_regular_file(path: Path) -> None:
    """`SourceError` unless `path` is a regular file: reading a pipe or a device never ends."""
    if not path.is_file():
        raise SourceError(_("not a regular file (a pipe, a device or a broken link); name the"
                            " article file itself"), path=path)


class Reader:
    """Reads one source format. Subclasses set `name`, `extensions`, `parse`."""

    name: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()

    def read(self, path: Path, context: ReadContext) -> list[RawSource]:
        """Decode the file and parse it into one or more raw articles."""
        require_regular_file(path)
        context.check_size(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(_("cannot read the file ({strerror}); check that it exists and is"
                                " readable").format(strerror=exc.strerror), path=path) from None
        text, encoding = decode(data, path)
        # Readers match words and patterns, which are written composed.
        text = unicodedata.normalize("NFC", text)
        return self.parse(text, encoding=encoding, path=path, context=context)

    def parse(self, text: str, *, encoding: str, path: Path,
              context: ReadContext) -> list[RawSource]:
        """Turn decoded text into raw articles; raise `SourceError` on bad input."""
        raise NotImplementedError
