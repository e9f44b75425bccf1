"""Character-level passes: what may appear in canonical text at all."""

from __future__ import annotations

import re
import unicodedata

from ..sources.decode import remove_forbidden_characters

# Invisible characters that carry no meaning in a printed article: soft
# hyphen (we never hyphenate Vietnamese), zero-width space, word joiner,
# byte-order mark, directional marks and embeddings. ZWJ/ZWNJ are kept:
# they shape emoji and some scripts.
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


__all__ = ["compose_nfc", "remove_forbidden_characters", "remove_invisible_characters"]


def remove_invisible_characters(text: str) -> str:
    """Drop soft hyphens, zero-width spaces, BOMs and directional marks."""
    return _INVISIBLE.sub("", text)


def compose_nfc(text: str) -> str:
    """Compose to Unicode NFC, the canonical form of all our text."""
    return unicodedata.normalize("NFC", text)
