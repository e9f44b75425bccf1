"""Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.

Code-point order puts `Đ` after `Z` and `Ă` after `A` … `Z` wrongly; a
Vietnamese index sorts letters first (with ă, â, đ, ê, ô, ơ, ư as letters of
their own), then tones (none, huyền, sắc, hỏi, ngã, nặng), then case.
"""

from __future__ import annotations

import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """A key that sorts Vietnamese text in dictionary order."""
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", text).lower():
        decomposed = unicodedata.normalize("NFD", char)
        tone = next((_TONES[m] for m in decomposed[1:] if m in _TONES), 0)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        if base in _RANK:
            letters.append(200 + _RANK[base])
        elif base.isdigit():
            letters.append(100 + int(base) if base.isascii() else 150)
        elif base.isspace():
            letters.append(0)
        else:
            letters.append(1000 + ord(base))
        tones.append(tone)
    return tuple(letters), tuple(tones), text
