"""Bytes to text: BOMs, UTF-8, UTF-16, legacy Vietnamese encodings and mojibake.

Correct Unicode is never touched. Legacy text is recognised by what it
spells: each candidate decoding is scored by how many of its words are
Vietnamese syllables with diacritics (good) against words and symbols
that cannot be Vietnamese (bad), and the best one wins only by a clear
margin. Mojibake (legacy bytes once read as Windows-1252 and saved as
UTF-8, like `C¸c Ban H§ND tØnh`) is repaired line by line, never in a line
that holds a letter only Unicode can write (ơ, ư, ă, đ, ạ …).
"""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from ..i18n import _
from ..vietnamese import VIETNAMESE_LETTERS, is_syllable, words
from .legacy import CODECS, Codec

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1a")
# VISCII puts six capital letters in the C0 range; they are text there.
_VISCII_CONTROLS = frozenset(b"\x02\x05\x06\x14\x19\x1e")
_UNICODE_ONLY = frozenset(c for c in VIETNAMESE_LETTERS if ord(c) > 0xFF)
"""Letters no Windows-1252 reading of legacy bytes can produce: proof of real Unicode."""
_PUNCTUATION = frozenset("“”‘’„‚–—…•·°«»©®™±×÷§¶€£¥¢¡¿\u00a0\u00ad")
MOJIBAKE_SUFFIX = " mojibake in utf-8"
# XML 1.0 forbids C0 controls other than tab/LF/CR, lone surrogates and
# U+FFFE/U+FFFF. C1 controls are legal XML but in our sources they only
# arrive as debris of a wrong decoding, and no reader shows them.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)


def remove_forbidden_characters(text: str) -> str:
    """Drop lone surrogates and characters that XML (and so EPUB) and YAML forbid."""
    return _FORBIDDEN.sub("", text)


@dataclass(frozen=True, slots=True)
class Score:
    """How Vietnamese a text reads: syllables with diacritics against impossible words."""

    good: int
    bad: int

    @property
    def value(self) -> int:
        return self.good - 2 * self.bad


def score(text: str) -> Score:
    """Count Vietnamese words with diacritics (good) and non-ASCII debris (bad)."""
    good = bad = 0
    for word in words(text):
        if word.isascii():
            continue
        if is_syllable(word):
            good += 1
        else:
            bad += 1
    for index, char in enumerate(text[1:-1], 1):
        # A symbol between two letters (the "¸" of "C¸c") is a broken letter.
        if (ord(char) >= 0x80 and not char.isalpha() and char not in _PUNCTUATION
                and text[index - 1].isalpha() and text[index + 1].isalpha()):
            bad += 1
    return Score(good, bad)


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """(text, encoding name) for a source file's bytes; `SourceError` if not text."""
    if not data.strip():
        raise SourceError(_("the file is empty; write the article into it or remove it"),
                          path=path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _repaired(_decode_as(data, encoding, path), encoding)
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        text = _decode_as(data, encoding, path)
        # NULs in every other byte are binary data as often: then the characters are controls.
        if not _looks_binary((ord(c) for c in text[:8192]), viscii=False):
            return _repaired(text, encoding)
    if _looks_binary(data):
        raise SourceError(_("this is a binary file, not text; save the article as UTF-8 text"
                            " (or give the file its real extension)"), path=path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            # UTF-8 that encodes lone surrogates (as some tools write): the characters
            # are removed by normalization, the rest of the article is kept.
            text = data.decode("utf-8", errors="surrogatepass")
        except UnicodeDecodeError:
            return _legacy(data, path, exc)
    return _repaired(text, "utf-8")


def _repaired(text: str, encoding: str) -> tuple[str, str]:
    fixed, codec = repair_mojibake(text)
    return (fixed, f"{codec.name}{MOJIBAKE_SUFFIX}") if codec else (text, encoding)


def repair_mojibake(text: str) -> tuple[str, Codec | None]:
    """Text with legacy mojibake turned back into Vietnamese, and the codec that did it."""
    if text.isascii():
        return text, None
    lines = text.splitlines(keepends=True)
    suspects = [i for i, line in enumerate(lines) if not line.isascii() and not _is_unicode(line)]
    if not suspects:
        return text, None
    pool = "".join(lines[i] for i in suspects)
    before = score(pool)
    best: tuple[int, Codec] | None = None
    for codec in CODECS.values():
        try:
            after = score(codec.convert(pool))
        except ValueError:
            continue
        # Something must be broken before, and at least three more words readable after.
        clear = (before.bad and after.good > 2 * after.bad and after.good >= before.good + 3
                 and after.value >= before.value + max(3, before.good))
        if clear and (best is None or after.value > best[0]):
            best = (after.value, codec)
    if best is None:
        return text, None
    codec = best[1]
    for i in suspects:
        converted = codec.convert(lines[i])
        if score(converted).value >= score(lines[i]).value:
            lines[i] = converted
    return "".join(lines), codec


def _is_unicode(line: str) -> bool:
    """True when the line holds what only real Unicode can: a combining mark or ơ, ư, ạ …"""
    return any("\u0300" <= c <= "\u036f" or c in _UNICODE_ONLY for c in line)


def _legacy(data: bytes, path: Path, error: UnicodeDecodeError) -> tuple[str, str]:
    """Bytes that are not UTF-8: the legacy encoding that reads as Vietnamese, if one does."""
    candidates = []
    for codec in CODECS.values():
        try:
            text = codec.decode(data)
        except UnicodeDecodeError:
            continue
        result = score(text)
        if result.good > 2 * result.bad and result.good >= 3:
            candidates.append((result.value, codec.name, text))
    if not candidates:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            _("the text is not UTF-8 (byte {data:#04x}) and does not read as Vietnamese in"
              " TCVN3, VNI, VISCII or Windows-1258 either; save the file as UTF-8 and try"
              " again").format(data=data[error.start]), path=path, line=line)
    _score, name, text = max(candidates)
    return text, name


def _decode_as(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            _("the text is not valid {encoding} (byte {data:#04x}); save the file as UTF-8 and try"
              " again").format(
                encoding=encoding.upper(), data=data[exc.start]), path=path, line=line) from None


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: ASCII-heavy text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0), odd.count(0)) > 0.4 * len(sample) / 2 > 0 and min(
        even.count(0), odd.count(0)) == 0


def _looks_binary(codes: Iterable[int], *, viscii: bool = True) -> bool:
    """Many control bytes (NULs among them) in the first 8 KiB mean binary; `codes` are the
    bytes (where VISCII's letters in the control range are text), or the code points of
    decoded text (`viscii=False`).

    A stray control character in an article is text to clean, not a reason
    to refuse the file; normalization removes it.
    """
    sample = list(itertools.islice(codes, 8192))
    controls = sum(1 for code in sample
                   if code < 32 and code not in _TEXT_CONTROLS
                   and not (viscii and code in _VISCII_CONTROLS))
    return controls > max(8, len(sample) // 100)
