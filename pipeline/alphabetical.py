"""Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.

The order of the Vietnam Lexicography Centre, as CLDR's `vi` collation
tailors it: letters first (ă, â, đ, ê, ô, ơ, ư are letters of their own),
then tones in the order none, huyền, hỏi, ngã, sắc, nặng (a à ả ã á ạ),
then case, lowercase first. Code-point order would put `Đ` after `Z`.

The key is a multi-level key in the manner of the Unicode Collation
Algorithm: every primary weight of the text (letters, digits, punctuation),
then every secondary weight (tones and other accents), then every tertiary
weight (case and variant forms), then the text itself, so that no two
different strings tie. The weights come from `alphabetical_table`, which
`tools/make_alphabetical_table.py` generates from ICU; ICU is not needed at
run time, so the order is the same on every machine.
"""

from __future__ import annotations

import functools
import unicodedata

from .alphabetical_table import ELEMENTS

Weights = tuple[int, ...]
SortKey = tuple[Weights, Weights, Weights, str]


def _levels(elements: tuple[tuple[int, int, int], ...]) -> tuple[Weights, Weights, Weights]:
    # A zero weight is ignorable at its level: "à" adds a secondary weight, no primary.
    return (tuple(p for p, _, _ in elements if p), tuple(s for _, s, _ in elements if s),
            tuple(t for _, _, t in elements if t))


_LEVELS = {char: _levels(elements) for char, elements in ELEMENTS.items()}
_FALLBACK = 1 + max(e[0] for elements in ELEMENTS.values() for e in elements)
_COMMON_SECONDARY, _COMMON_TERTIARY = ELEMENTS["a"][0][1:]


@functools.lru_cache(maxsize=1024)
def _char_levels(char: str) -> tuple[Weights, Weights, Weights]:
    """The weights of a character not in the table."""
    # NFC can compose a table letter and a table mark into a letter the table
    # lacks ("n" + U+0303 is "ñ"); ICU weighs its parts, and so do we.
    parts = unicodedata.normalize("NFD", char)
    if len(parts) > 1 and all(part in ELEMENTS for part in parts):
        return _levels(tuple(e for part in parts for e in ELEMENTS[part]))
    # Anything else sorts after every character of the table, by code point.
    return (_FALLBACK + ord(char),), (_COMMON_SECONDARY,), (_COMMON_TERTIARY,)


def sort_key(text: str) -> SortKey:
    """A key that sorts Vietnamese text in dictionary order (CLDR `vi`, as ICU does).

    Characters outside the table (letters of other alphabets, most symbols)
    sort after all Vietnamese and ASCII characters, in code-point order, with
    the secondary and tertiary weights of an unaccented lowercase letter.
    Letters the table lacks but can spell (an ASCII letter with Vietnamese
    marks, such as "ñ" or "ẃ") weigh as their letter and marks.
    """
    primaries: list[int] = []
    secondaries: list[int] = []
    tertiaries: list[int] = []
    # NFC, because the table holds precomposed letters: "a" + U+0301 must weigh as "á".
    for char in unicodedata.normalize("NFC", text):
        levels = _LEVELS.get(char) or _char_levels(char)
        primaries += levels[0]
        secondaries += levels[1]
        tertiaries += levels[2]
    return tuple(primaries), tuple(secondaries), tuple(tertiaries), text
