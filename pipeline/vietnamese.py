"""What a Vietnamese syllable may look like: initial, vowel nucleus, final, tone.

Used to tell real Vietnamese from mojibake (legacy encodings) and to place
tone marks. A syllable is `initial? nucleus final?` with one tone at most;
the nuclei are the vowel clusters Vietnamese spelling allows, and the
stopped finals (c, ch, p, t) take only the sắc or nặng tone.
"""

from __future__ import annotations

import functools
import re
import unicodedata

TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_STOPPED_TONES = {"", "\u0301", "\u0323"}
INITIALS = ("ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d",
            "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
FINALS = ("ch", "ng", "nh", "c", "m", "n", "p", "t", "")
_STOPPED = {"c", "ch", "p", "t"}

# Nuclei that end in a semivowel take no final; those that need one take nothing else.
_OPEN_ONLY = {"ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi",
              "ua", "ui", "ưa", "ưi", "ưu", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây",
              "uôi", "ươi", "ươu", "uyu", "uya"}
_CLOSED_ONLY = {"ă", "â", "iê", "yê", "uô", "ươ", "oă", "uâ", "uyê", "oo"}
_FREE = {"a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uê", "uy", "uơ"}
NUCLEI = _OPEN_ONLY | _CLOSED_ONLY | _FREE
"""Every vowel cluster of Vietnamese spelling, without tone marks."""

_LETTERS = re.compile(r"[^\W\d_]+")


def vietnamese_letters() -> list[str]:
    """The 134 toned or marked vowels and đ, in both cases."""
    letters = []
    for base in "aăâeêioôơuưy":
        for tone in ("", *TONES):
            small = unicodedata.normalize("NFC", unicodedata.normalize("NFD", base) + tone)
            letters += [small, small.upper()]
    return [*letters, "đ", "Đ"]


VIETNAMESE_LETTERS = frozenset(vietnamese_letters())
"""Every letter a Vietnamese word may hold beyond ASCII (NFC), both cases."""


def split_tone(word: str) -> tuple[str, str]:
    """(the word in lowercase NFC without its tone mark, the tone mark or "")."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in TONES]
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
    return bare, tones[0] if len(tones) == 1 else ("?" if tones else "")


@functools.lru_cache(maxsize=65536)  # words repeat: scoring a text asks again and again
def parse_syllable(word: str) -> tuple[str, str, str, str] | None:
    """(initial, nucleus, final, tone) of a Vietnamese syllable, or None if it is not one."""
    bare, tone = split_tone(word)
    if tone == "?" or not bare:
        return None
    for initial in INITIALS:
        if not bare.startswith(initial):
            continue
        rest = bare[len(initial):]
        if initial in ("qu", "gi") and not rest:
            continue
        for final in FINALS:
            if final and not rest.endswith(final):
                continue
            nucleus = rest[: len(rest) - len(final)] if final else rest
            if _valid(initial, nucleus, final, tone):
                return initial, nucleus, final, tone
    return None


def _valid(initial: str, nucleus: str, final: str, tone: str) -> bool:
    if nucleus not in NUCLEI:
        return False
    if (final and nucleus in _OPEN_ONLY) or (not final and nucleus in _CLOSED_ONLY):
        return False
    if final in _STOPPED and tone not in _STOPPED_TONES:
        return False
    return not (initial == "qu" and nucleus.startswith("u"))


def is_syllable(word: str) -> bool:
    """True when `word` (any case) is spelled as a Vietnamese syllable."""
    return parse_syllable(word) is not None


def words(text: str) -> list[str]:
    """The runs of letters in `text`."""
    return _LETTERS.findall(text)
