"""Tone-mark placement: `hòa`/`hoà`, `thủy`/`thuỷ` written one way.

Both placements are correct Vietnamese and NFC keeps them apart, so an
index or a search treats them as different words. The styles differ only
in open syllables whose nucleus is `oa`, `oe` or `uy`: the old style marks
the first vowel (hòa, khỏe, thủy), the new style the second (hoà, khoẻ,
thuỷ). Everywhere else the rule is shared: a vowel with a mark (ă â ê ô ơ
ư) takes the tone; before a final consonant the last vowel does; in other
open clusters the first, or the middle of three. `qu` and `gi` are
initials, so `quả`, `giữa` keep their tone on the following vowel. Words
that are not Vietnamese syllables are left exactly as written.
"""

from __future__ import annotations

import re
import unicodedata

from ..vietnamese import parse_syllable

_MARKED = "ăâêôơư"
_WORD = re.compile(r"[^\W\d_]+")
_STYLES = ("keep", "old", "new")


def place_tone_marks(text: str, style: str) -> str:
    """Every Vietnamese syllable in `text` with its tone mark placed in `style`."""
    if style == "keep":
        return text
    if style not in _STYLES:
        raise ValueError(f"tone-mark style must be one of {_STYLES}, not {style!r}")
    return _WORD.sub(lambda m: place_in_word(m[0], style), text)


def place_in_word(word: str, style: str) -> str:
    """One word with its tone on the vowel `style` puts it on (unchanged if not a syllable)."""
    parts = parse_syllable(word)
    if parts is None or not parts[3]:
        return word
    initial, nucleus, final, tone = parts
    decomposed = unicodedata.normalize("NFD", word)
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c != tone))
    index = len(initial) + tone_position(nucleus, bool(final), style)
    placed = unicodedata.normalize("NFC", bare[:index + 1] + tone + bare[index + 1:])
    return placed if placed != unicodedata.normalize("NFC", word) else word


def tone_position(nucleus: str, closed: bool, style: str) -> int:
    """Index within the vowel nucleus that carries the tone mark."""
    marked = [i for i, vowel in enumerate(nucleus) if vowel in _MARKED]
    if marked:
        return marked[-1]  # ươ → ơ, uyê → ê
    if len(nucleus) == 1:
        return 0
    if closed:
        return len(nucleus) - 1
    if len(nucleus) == 3:
        return 1
    if nucleus in ("oa", "oe", "uy"):
        return 1 if style == "new" else 0
    return 0
