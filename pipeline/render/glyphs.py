"""Only characters the print fonts can draw reach the page.

A character missing from the variant's fonts would be drawn by whatever
system font fontconfig finds (a different look on every machine, and an
output that is no longer reproducible) or, if none has it, as a .notdef
box. Every font stack ends with the bundled symbol faces (`fonts.
FALLBACK_FAMILIES`: the minus and math signs, arrows, circled numbers,
check marks, boxes, bullets), so a character is drawable when every face
of the variant's body and display families has it (each weight and style
is laid out with its own file), or one of the symbol faces does. The cmaps
are read once per file. Before layout every article's text is checked
against that, and a character nothing can draw is replaced:

1. by a look-alike the fonts have (`LOOK_ALIKES`: "≤" → "<=", "✓" → "v",
   "●" → "•" …), for a project whose own layouts/fonts/ leave out the
   symbol faces;
2. else by its compatibility decomposition (NFKD) when the font has all of
   it: "ﬁ" → "fi", "½" → "1⁄2", "①" → "(1)" (a circled number is written in
   parentheses, not bare);
3. else by "?" (U+FFFD REPLACEMENT CHARACTER is no better: the fonts lack it too).

Each article with such characters gets one warning naming its source and
the characters (U+XXXX) with what they were printed as.
"""

from __future__ import annotations

import functools
import logging
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from fontTools.ttLib import TTFont

from ..config import Config
from ..i18n import _
from ..model import Article, Digest
from ..normalize.walk import map_text, texts_of
from ..resources import font_dirs
from .fonts import Face, face_path, faces, fallback_faces

log = logging.getLogger(__name__)

LOOK_ALIKES: dict[str, str] = {
    "−": "-", "∗": "*", "∼": "~", "≈": "~", "≤": "<=", "≥": ">=", "≠": "!=", "⋅": "·",
    "∙": "·", "→": "->", "←": "<-", "↔": "<->", "⇒": "=>", "⇐": "<=", "⇔": "<=>", "⇨": "->",
    "⇦": "<-", "➔": "->", "➢": "•", "➤": "•", "►": "•", "▸": "•", "▶": "•", "●": "•",
    "■": "•", "▪": "•", "◆": "•", "❖": "•", "⬧": "•", "⧫": "•", "◾": "•", "◼": "•",
    "○": "o", "◦": "o", "□": "[ ]", "◻": "[ ]", "☐": "[ ]", "❑": "[ ]", "❒": "[ ]",
    "☑": "[v]", "☒": "[x]", "✓": "v", "✔": "v", "✗": "x", "✘": "x", "√": "v", "∞": "oo",
    "\ufffd": "?",
}
"""Characters the text faces lack → what is printed instead when no symbol face has them."""

_ALWAYS_DRAWN = frozenset({"Cc", "Cf", "Zl", "Zp"})
"""Categories that never need a glyph: controls and format characters (ZWJ)."""


@functools.lru_cache(maxsize=64)
def _cmap(path: str, mtime_ns: int) -> frozenset[int]:
    font = TTFont(path, lazy=True, fontNumber=0)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


def font_files(families: Sequence[str], folders: Sequence[Path]) -> list[Path]:
    """The font files of `families` (every face found), in the first folder that has each."""
    return [face_path(face, folders) for face in faces(families, folders)]


def coverage(paths: Sequence[Path], fallbacks: Sequence[Path] = ()) -> frozenset[int] | None:
    """The code points every one of `paths` can draw, or one of `fallbacks` can (the faces
    that end the font stack); None when there is no file to ask."""
    if not paths:
        return None
    maps = [_cmap(str(p), p.stat().st_mtime_ns) for p in paths]
    extra = [_cmap(str(p), p.stat().st_mtime_ns) for p in fallbacks]
    return frozenset.intersection(*maps).union(*extra)


def fallback_files(folders: Sequence[Path]) -> list[Path]:
    """The symbol faces' files (`fonts.FALLBACK_FAMILIES`), in the first folder that has each."""
    return [face_path(face, folders) for face in fallback_faces(folders)]


def fallback_signs(text: str, text_files: Sequence[Path],
                   folders: Sequence[Path]) -> dict[Face, str]:
    """Symbol face → the characters of `text` that none of `text_files` draws and it does
    (the first symbol face that has a character draws it); empty without text faces."""
    if not text_files:
        return {}
    needed = missing(text, coverage(text_files) or frozenset())
    signs: dict[Face, str] = {}
    for face in fallback_faces(folders):
        if not needed:
            break
        path = face_path(face, folders)
        has = _cmap(str(path), path.stat().st_mtime_ns)
        mine = [c for c in needed if ord(c) in has]
        if mine:
            signs[face] = "".join(mine)
            needed = [c for c in needed if ord(c) not in has]
    return signs


def needed_fallbacks(texts: Iterable[str | None], variant_name: str,
                     config: Config) -> list[Face]:
    """The symbol faces a document needs: those drawing a character its text faces lack.

    Each face the page declares costs WeasyPrint a font load per document (a
    fifth of a sample month's build for three unused faces), so a page names
    only the faces it uses — almost always none."""
    family = config.variants[variant_name].family
    display = "sans" if family == "serif" else family
    folders = font_dirs(config)
    text = "".join(t for t in texts if t)
    return list(fallback_signs(text, font_files([family, display], folders), folders))


def variant_coverage(variant_name: str, config: Config) -> frozenset[int] | None:
    """What the variant's body and display fonts can all draw, with the symbol faces' help
    (None: fonts unknown)."""
    family = config.variants[variant_name].family
    display = "sans" if family == "serif" else family
    folders = font_dirs(config)
    body_files = font_files([family], folders)
    display_files = font_files([display], folders)
    if not body_files or not display_files:
        return None  # a family bantin has no file for: fontconfig chooses, we cannot check
    return coverage([*body_files, *display_files], fallback_files(folders))


def substitute(char: str, drawn: frozenset[int]) -> str:
    """What to print for a character the font cannot draw (see the module's notes)."""
    look_alike = LOOK_ALIKES.get(char)
    if look_alike is not None and all(ord(c) in drawn for c in look_alike):
        return look_alike
    decomposition = unicodedata.decomposition(char)
    if decomposition.startswith("<"):
        plain = unicodedata.normalize("NFKD", char)
        if decomposition.startswith("<circle>"):
            plain = f"({plain})"
        if plain and all(ord(c) in drawn for c in plain):
            return plain
    return "?" if ord("?") in drawn else ""


def _needs_glyph(char: str) -> bool:
    return not char.isspace() and unicodedata.category(char) not in _ALWAYS_DRAWN


def missing(text: str, drawn: frozenset[int]) -> list[str]:
    """The characters of `text` the font cannot draw, once each, in order."""
    return list(dict.fromkeys(c for c in text if ord(c) not in drawn and _needs_glyph(c)))


def drawable(article: Article, drawn: frozenset[int] | None) -> Article:
    """The article with every character its print font cannot draw replaced, and one
    warning naming the source and the characters."""
    if drawn is None:
        return article
    return _drawable(article, drawn)


@functools.lru_cache(maxsize=256)
def _drawable(article: Article, drawn: frozenset[int]) -> Article:
    absent = list(dict.fromkeys(c for text in texts_of(article) if text
                                for c in missing(text, drawn)))
    if not absent:
        return article
    table = {c: substitute(c, drawn) for c in absent}
    listed = ", ".join(f"U+{ord(c):04X} {c!s} as {table[c] or 'nothing'!r}" for c in absent)
    log.warning(_("%s: the print font cannot draw %s; printed instead (write the sign in words,"
                  " or put a font that has it in layouts/fonts/)"), article.source, listed)
    translation = str.maketrans(table)
    return map_text(article, lambda text: text.translate(translation))


def drawable_digest(digest: Digest, drawn: frozenset[int] | None) -> Digest:
    """The digest with each of its articles (and its note) made drawable."""
    if drawn is None:
        return digest
    sections = tuple((name, tuple(drawable(a, drawn) for a in articles))
                     for name, articles in digest.sections)
    note = drawable(digest.note, drawn) if digest.note else None
    return replace(digest, sections=sections, note=note)
