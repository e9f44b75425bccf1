"""Bytes to text: byte-order marks, UTF-8 and UTF-16, with a clear error otherwise."""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import SourceError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1a")


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """(text, encoding name) for a source file's bytes; `SourceError` if not text."""
    if not data.strip():
        raise SourceError("the file is empty; write the article into it or remove it",
                          path=path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, encoding, path), encoding
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return _decode_as(data, encoding, path), encoding
    if _looks_binary(data):
        raise SourceError("this is a binary file, not text; save the article as UTF-8 text"
                          " (or give the file its real extension)", path=path)
    return _decode_as(data, "utf-8", path), "utf-8"


def _decode_as(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"the text is not valid {encoding.upper()} (byte {data[exc.start]:#04x});"
            " save the file as UTF-8 and try again", path=path, line=line) from None


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: ASCII-heavy text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0), odd.count(0)) > 0.4 * len(sample) / 2 > 0 and min(
        even.count(0), odd.count(0)) == 0


def _looks_binary(data: bytes) -> bool:
    """Any NUL, or many control bytes, in the first 8 KiB means binary."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls > max(8, len(sample) // 100)
