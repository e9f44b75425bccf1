"""Character-level passes: what may appear in canonical text at all."""

from __future__ import annotations

import functools
import logging
import re
import unicodedata

from ..i18n import _
from ..model import Article
from ..sources.decode import remove_forbidden_characters
from ..symbols import map_private_use
from ..vietnamese import is_syllable
from .walk import labelled_texts, map_text

log = logging.getLogger(__name__)

# Invisible characters that carry no meaning in a printed article: soft
# hyphen (we never hyphenate Vietnamese), zero-width space, word joiner,
# byte-order mark, directional marks and embeddings. ZWJ/ZWNJ are kept:
# they shape emoji and some scripts.
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


__all__ = ["compose_nfc", "map_symbol_fonts", "remove_forbidden_characters",
           "remove_invisible_characters", "restore_legacy_stand_ins"]


def remove_invisible_characters(text: str) -> str:
    """Drop soft hyphens, zero-width spaces, BOMs and directional marks."""
    return _INVISIBLE.sub("", text)


def compose_nfc(text: str) -> str:
    """Compose to Unicode NFC, the canonical form of all our text."""
    return unicodedata.normalize("NFC", text)


def map_symbol_fonts(article: Article) -> Article:
    """Symbol-font characters (U+F0B7 and the like) as the Unicode characters they show.

    A private-use character nothing explains is dropped, with one warning
    per article naming each such code point and the first field it is in.
    """
    dropped: dict[int, str] = {}
    for where, text in labelled_texts(article):
        for code in map_private_use(text)[1]:
            dropped.setdefault(code, where)
    if dropped:
        listed = ", ".join(f"U+{code:04X} ({where})" for code, where in dropped.items())
        log.warning(_("%s: dropped private-use character(s) no symbol font explains: %s; write"
                      " the character itself in the source"), article.source, listed)
    return map_text(article, lambda text: map_private_use(text)[0])


# Stand-ins a PDF's text layer gives for letters of the legacy TCVN3 (.VnTime)
# fonts, left in text a converter turned into Unicode: the font's byte 0xAD (ư)
# comes out as U+2212 MINUS SIGN or stays a soft hyphen U+00AD ("Thủ t−ớng"),
# its byte 0xB7 (ã) as U+2219 BULLET OPERATOR or U+00B7 MIDDLE DOT ("bảo l∙nh").
# A capital (.VnTimeH) uses the same byte, so the case follows the word's.
_STAND_INS = {"\u2212": "ư", "\u00ad": "ư", "\u2219": "ã", "\u00b7": "ã"}
_STAND_IN_WORD = re.compile(r"(?:[^\W\d_]|[\u2212\u00ad\u2219\u00b7])+")


def restore_legacy_stand_ins(text: str) -> str:
    """`t−ớng` → `tướng`, `l∙nh` → `lãnh`: TCVN3 glyph stand-ins back to the letters.

    Only inside a word that then reads as a Vietnamese syllable and has no
    digit beside it: a minus in `−5 °C`, `x − y` or `2x−3`, a dot operator in
    `a∙b` and a Catalan `l·l` stay.
    """
    if not any(c in text for c in _STAND_INS):
        return text
    return _STAND_IN_WORD.sub(_restore_word, unicodedata.normalize("NFC", text))


@functools.lru_cache(maxsize=4096)
def _restore(word: str) -> str:
    letters = [c for c in word if c not in _STAND_INS]
    if not letters:
        return word
    capital = len(letters) > 1 and all(c.isupper() for c in letters if c.isalpha())
    restored = unicodedata.normalize("NFC", "".join(
        (_STAND_INS[c].upper() if capital else _STAND_INS[c]) if c in _STAND_INS else c
        for c in word))
    return restored if is_syllable(restored) else word


def _restore_word(match: re.Match[str]) -> str:
    word, text = match[0], match.string
    if not any(c in _STAND_INS for c in word):
        return word
    # `2x−3`: a minus with a digit beside it is arithmetic, whatever the letters spell.
    if text[match.start() - 1: match.start()].isdigit() or text[match.end(): match.end() + 1
                                                               ].isdigit():
        return word
    return _restore(word)
