"""Character-level passes: what may appear in canonical text at all."""

from __future__ import annotations

import re
import unicodedata

# XML 1.0 forbids C0 controls other than tab/LF/CR, lone surrogates and
# U+FFFE/U+FFFF. C1 controls are legal XML but in our sources they only
# arrive as debris of a wrong decoding, and no reader shows them.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)

# Invisible characters that carry no meaning in a printed article: soft
# hyphen (we never hyphenate Vietnamese), zero-width space, word joiner,
# byte-order mark, directional marks and embeddings. ZWJ/ZWNJ are kept:
# they shape emoji and some scripts.
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def remove_forbidden_characters(text: str) -> str:
    """Drop lone surrogates and characters that XML (and so EPUB) forbids."""
    return _FORBIDDEN.sub("", text)


def remove_invisible_characters(text: str) -> str:
    """Drop soft hyphens, zero-width spaces, BOMs and directional marks."""
    return _INVISIBLE.sub("", text)


def compose_nfc(text: str) -> str:
    """Compose to Unicode NFC, the canonical form of all our text."""
    return unicodedata.normalize("NFC", text)
