"""Font subsets for EPUBs: the characters a book uses, and every Vietnamese letter (the
text faces) or only the signs a book needs (the symbol faces)."""

from __future__ import annotations

import functools
import io
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from ..vietnamese import VIETNAMESE_LETTERS

_ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "".join(sorted(VIETNAMESE_LETTERS)) + (
    "“”‘’–—…·«»°%")
_ALWAYS_SET = frozenset(_ALWAYS)


def subset_font(path: Path, text: str) -> bytes:
    """A TrueType subset with ASCII, every Vietnamese letter, and whatever else `text` uses.

    Most books need nothing beyond the fixed set, so a subset is made once
    per face and character set, then reused. Layout tables are dropped:
    EPUB text is NFC, every Vietnamese letter has its own glyph, and without
    GSUB/GPOS subsetting is five times faster. The subset keeps the font's own
    "modified" time, so it is the same whenever and for whichever book it is made.
    """
    extra = frozenset(c for c in text if c not in _ALWAYS_SET and not c.isspace())
    return _subset(str(path), path.stat().st_mtime_ns, extra, _ALWAYS)


def subset_signs(path: Path, signs: str) -> bytes:
    """A TrueType subset of a symbol face with only `signs` (what the text faces lack).

    Timeless, as `subset_font`.
    """
    return _subset(str(path), path.stat().st_mtime_ns, frozenset(signs), "")


@functools.lru_cache(maxsize=64)
def _subset(path: str, mtime: int, extra: frozenset[str], base: str) -> bytes:
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF"]
    options.name_IDs = ["*"]  # keep the copyright and licence records (OFL)
    options.notdef_outline = True
    options.hinting = False  # e-readers rasterize themselves; half the size, half the time
    # The subset keeps the font's own "modified" time: stamped with the clock (or with
    # SOURCE_DATE_EPOCH, the book's date) it would differ from book to book, and a subset
    # cached for one book would carry its stamp into the next.
    font = TTFont(path, lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=base + "".join(sorted(extra)))
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
