"""Tone-mark placement: `hòa`/`hoà`, `thủy`/`thuỷ` written one way.

Both placements are correct Vietnamese and NFC keeps them apart, so an
index or a search treats them as different words. The styles differ only
in open syllables ending in `oa`, `oe`, `uy`: the old style marks the first
vowel (hòa, khỏe, thủy), the new style the second (hoà, khoẻ, thuỷ). Words
that are not Vietnamese syllables are left exactly as written.
"""

from __future__ import annotations

import re
import unicodedata

TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = "aăâeêioôơuưy"
_MARKED = "ăâêôơư"
_WORD = re.compile(r"[^\W\d_]+")
_SYLLABLE = re.compile(
    rf"^(?P<initial>qu|gi|[bcdđghklmnpqrstvx]*)(?P<vowels>[{_VOWELS}]+)"
    r"(?P<final>ch|ng|nh|[cmnpt])?$"
)
_STYLES = ("keep", "old", "new")


def place_tone_marks(text: str, style: str) -> str:
    """Every Vietnamese syllable in `text` with its tone mark placed in `style`."""
    if style == "keep":
        return text
    if style not in _STYLES:
        raise ValueError(f"tone-mark style must be one of {_STYLES}, not {style!r}")
    return _WORD.sub(lambda m: _place(m[0], style), text)


def _place(word: str, style: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in TONES]
    if len(tones) != 1:
        return word
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
    match = _SYLLABLE.match(bare.lower())
    if match is None:
        return word
    initial, vowels, final = match["initial"], match["vowels"], match["final"] or ""
    index = len(initial) + _tone_position(vowels, bool(final), style)
    placed = bare[:index + 1] + tones[0] + bare[index + 1:]
    result = unicodedata.normalize("NFC", placed)
    return result if unicodedata.normalize("NFC", word) != result else word


def _tone_position(vowels: str, closed: bool, style: str) -> int:
    """Index within the vowel cluster that carries the tone mark."""
    marked = [i for i, v in enumerate(vowels) if v in _MARKED]
    if marked:
        return marked[-1]
    if len(vowels) == 1:
        return 0
    if closed:
        return len(vowels) - 1
    if len(vowels) >= 3:
        return 1
    if vowels in ("oa", "oe", "uy"):
        return 1 if style == "new" else 0
    return 0
