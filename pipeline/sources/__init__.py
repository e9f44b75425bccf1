"""Source readers, one per format, chosen by file extension."""

from __future__ import annotations

from pathlib import Path

from ..errors import UnknownFormatError
from ..i18n import _
from .base import RawSource, ReadContext, Reader
from .json import JsonReader
from .markdown import MarkdownReader
from .office import OfficeReader
from .portal_html import PortalHtmlReader
from .portal_text import PortalTextReader
from .word import WordReader

READERS: dict[str, type[Reader]] = {
    extension: reader
    for reader in (MarkdownReader, JsonReader, PortalTextReader, PortalHtmlReader,
                   WordReader, OfficeReader)
    for extension in reader.extensions
}
"""Known source extensions (lowercase, with the dot) and the reader for each."""


def reader_for(path: Path) -> Reader:
    """The reader for `path`'s extension, or `UnknownFormatError` listing the known ones."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise UnknownFormatError(
            _("no reader for '{value}' files; known source extensions: {known}").format(
                value=path.suffix or '(no extension)', known=known), path=path)
    return reader()


__all__ = ["READERS", "RawSource", "ReadContext", "Reader", "reader_for"]
