"""Unicode back into the legacy Vietnamese encodings, for making test and sample files.

bantin only ever reads legacy text (`pipeline/sources/legacy.py`); writing
it is what the tests and `tools/make_sample_docx.py` need to produce the
TCVN3, VNI, VISCII and Windows-1258 files that real sources arrive as.
"""

from __future__ import annotations

import functools
import unicodedata

from pipeline.sources.legacy import TCVN3, WINDOWS_1258, Codec, cp1252_byte, parts


@functools.cache
def _reverse(codec: Codec) -> dict[str, str]:
    reverse: dict[str, str] = {}
    for legacy, letter in codec.table:
        reverse.setdefault(letter, legacy)
    return reverse


@functools.cache
def _surface_chars(codec: Codec) -> frozenset[str]:
    """Characters that mean part of a letter in `codec` (ASCII base letters of VNI do not)."""
    return frozenset(c for legacy, _ in codec.table for c in legacy
                     if len(legacy) == 1 or ord(c) >= 0x80)


def unconvert(codec: Codec, text: str) -> str:
    """Vietnamese text as `codec`'s characters would show in Windows-1252 (mojibake)."""
    reverse = _reverse(codec)
    return "".join(reverse.get(char, char) for char in unicodedata.normalize("NFC", text))


def encode(codec: Codec, text: str) -> bytes:
    """Unicode text in `codec`; `UnicodeEncodeError` for what it cannot hold."""
    text = unicodedata.normalize("NFC", text)
    if codec is WINDOWS_1258:
        return _encode_cp1258(text)
    out = bytearray()
    reverse, surfaces = _reverse(codec), _surface_chars(codec)
    for index, char in enumerate(text):
        legacy = reverse.get(char)
        if legacy is None:
            # Passing through is only safe where the byte does not mean a letter here.
            if char in surfaces or (ord(char) >= 0x80 and (
                    not codec.keeps_cp1252 or cp1252_byte(char) is None)):
                raise UnicodeEncodeError(codec.name, text, index, index + 1,
                                         f"{char!r} has no {codec.name} byte")
            legacy = char
        out += bytes(ord(c) if ord(c) < 0x80 else cp1252_byte(c) or 0 for c in legacy)
    return bytes(out)


def _encode_cp1258(text: str) -> bytes:
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, hat, tone = parts(char)  # the letter without its tone, then the tone
        stem = unicodedata.normalize("NFC", base + (hat or ""))
        out += stem.encode("cp1258") + (tone or "").encode("cp1258")
    return bytes(out)


def as_tcvn3_typist(text: str) -> str:
    """`text` as a `.VnTime` typist wrote it: capital toned vowels, which TCVN3 lacks,
    in lowercase (the `.VnTimeH` fonts drew capitals from the small letters)."""
    out = []
    for char in text:
        try:
            encode(TCVN3, char)
            out.append(char)
        except UnicodeEncodeError:
            out.append(char.lower())
    return "".join(out)
