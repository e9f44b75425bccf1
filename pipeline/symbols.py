"""What the symbol fonts' characters are: Symbol, Wingdings, Wingdings 2 and Wingdings 3.

A symbol font has no Unicode meaning of its own: Word stores its characters
as the font's byte (`<w:sym w:font="Symbol" w:char="F0B7"/>`) and, in copied
text and old PDFs, as that byte shifted into the Private Use Area (U+F020–
U+F0FF, the way Microsoft maps a symbol font's cmap). This module says what
each one means.

Where the tables come from:

- **Symbol** is the whole Adobe Symbol encoding, 0x20–0xFE, after Unicode's
  "Adobe Symbol Encoding to Unicode" table (MAPPINGS/VENDORS/ADOBE/symbol.txt,
  table version 1.0, 2011-07-12). That table gives three letters two values
  (0x44 ∆/Δ, 0x57 Ω/Ω, 0x6D µ/μ): the Greek letter is used. It sends 29
  glyphs to Adobe's Corporate Use Subarea (U+F6D9–U+F6DB, U+F8E5–U+F8FE),
  which no font outside Adobe's has; they are given the standard
  characters that now exist for them: the serif and sans ®, © and ™ (0xD2–
  0xD4, 0xE2–0xE4) as the plain signs, the bracket and integral pieces
  (0xE6–0xEF, 0xF4, 0xF6–0xFE) as the Miscellaneous Technical pieces U+239B–
  U+23AE, the radical extender (0x60) as U+203E OVERLINE and the vertical
  arrow extender (0xBD) as U+23D0. The horizontal arrow extender (0xBE) is a
  full-width rule that Word users type as a long dash, so it is "—".
- **Wingdings** follows the mapping Unicode 7.0 added the Wingdings
  characters for (Michel Suignard's proposal L2/11-052R, tabulated on Alan
  Wood's Wingdings page and reproduced by Docxport.Net's WingdingsEncoding),
  for the characters documents use: pointing hands, shapes and bullets,
  circled numbers, stars, arrows, check marks and ballot boxes. Where that
  mapping chose a Plane 1 character and the Basic Multilingual Plane has the
  same sign (the wide-headed arrows 0xDF–0xEE, the ballot X and boxes
  0xFB/0xFD/0xFE), the common character is used, as Alan Wood's table does,
  so that ordinary fonts can draw it.
- **Wingdings 2** and **Wingdings 3**: their check marks, ballot boxes,
  circled numbers, bullets and arrows, where LibreOffice's converter
  (unotools/source/misc/fontcvt.cxx, `aWingDings2Tab`, `aWingDings3Tab`)
  and the Unicode 7.0 mapping agree on a Unicode character.

Text without a font (a PDF's or Word's U+F0xx copied as plain text) is read
as Symbol, except where the Symbol reading cannot be what a writer meant
there: a code Symbol leaves empty or uses for a bracket piece, and the
bullets Word puts in front of list items (U+F0A7 ▪, U+F0D8 ➢, U+F076 ❖,
U+F0FC ✔, U+F0E0 → …) are read as Wingdings; so is any code standing first
in a text before a space, where it can only be a bullet.
"""

from __future__ import annotations

import re

_SYMBOL_ROWS = (
    # 0x20–0x7E
    " !∀#∃%&∋()∗+,−./0123456789:;<=>?"
    "≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_"
    "\u203eαβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼"
)
_SYMBOL_HIGH = (
    # 0xA0–0xFE; "\x00" marks a code Symbol leaves empty (0xF0)
    "€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…\u23d0—↵"
    "ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓"
    "◊〈®©™∑⎛⎜⎝⎡⎢⎣⎧⎨⎩⎪\x00〉∫⌠⎮⌡⎞⎟⎠⎤⎥⎦⎫⎬⎭"
)
SYMBOL: dict[int, str] = {
    **{0x20 + i: c for i, c in enumerate(_SYMBOL_ROWS)},
    **{0xA0 + i: c for i, c in enumerate(_SYMBOL_HIGH) if c != "\x00"},
}
"""The Adobe Symbol encoding: code (0x20–0xFE) → Unicode character."""

WINGDINGS: dict[int, str] = {
    0x20: " ",
    0x45: "☜", 0x46: "☞", 0x47: "☝", 0x48: "☟",  # pointing hands
    0x6C: "●", 0x6D: "❍", 0x6E: "■", 0x6F: "□", 0x70: "\U0001f790", 0x71: "❑", 0x72: "❒",
    0x73: "⬧", 0x74: "⧫", 0x75: "◆", 0x76: "❖", 0x77: "⬥", 0x78: "⌧", 0x7A: "⌘",
    **{0x80 + i: c for i, c in enumerate("⓪①②③④⑤⑥⑦⑧⑨⑩⓿❶❷❸❹❺❻❼❽❾❿")},
    0x9E: "·", 0x9F: "•", 0xA0: "▪", 0xA1: "○", 0xA4: "◉", 0xA5: "◎", 0xA7: "▪", 0xA8: "◻",
    0xAA: "✦", 0xAB: "★", 0xAC: "✶", 0xAD: "✴", 0xAE: "✹", 0xAF: "✵",
    0xB1: "⌖", 0xB2: "⟡", 0xB3: "⌑", 0xB5: "✪", 0xB6: "✰",
    0xD5: "⌫", 0xD6: "⌦", 0xD7: "⮘", 0xD8: "➢", 0xD9: "⮙", 0xDA: "⮛",
    0xDB: "⮈", 0xDC: "➲", 0xDD: "⮉", 0xDE: "⮋",
    **{0xDF + i: c for i, c in enumerate("←→↑↓↖↗↙↘⬅➔⬆⬇⬉⬈⬋⬊")},  # wide-headed arrows
    0xEF: "⇦", 0xF0: "⇨", 0xF1: "⇧", 0xF2: "⇩", 0xF3: "⬄", 0xF4: "⇳",
    0xF5: "⬀", 0xF6: "⬁", 0xF7: "⬃", 0xF8: "⬂", 0xF9: "▭", 0xFA: "▫",
    0xFB: "✗", 0xFC: "✔", 0xFD: "☒", 0xFE: "☑",
}
"""Wingdings: code → Unicode, for the bullets, numbers, arrows, checks and boxes."""

WINGDINGS_2: dict[int, str] = {
    0x20: " ",
    0x4F: "✗", 0x50: "✓", 0x51: "☒", 0x52: "☑", 0x53: "☒", 0x54: "☒",
    **{0x69 + i: c for i, c in enumerate("⓪①②③④⑤⑥⑦⑧⑨⑩")},
    **{0x75 + i: c for i, c in enumerate("➊➋➌➍➎➏➐➑➒➓")},
    0x95: "•", 0x96: "●", 0x98: "⬤", 0x9E: "⦿", 0xA0: "■", 0xA1: "◼", 0xA3: "⬜", 0xA8: "▣",
    0xAC: "⬩", 0xAD: "⬥", 0xAE: "◆", 0xAF: "◇", 0xB1: "◈", 0xB5: "⬪", 0xB6: "⬧", 0xB7: "⧫",
    0xB8: "◊", 0xEA: "★", 0xF8: "※", 0xF9: "⁂",
}
"""Wingdings 2: code → Unicode, for the checks, ballot boxes, numbers and bullets."""

WINGDINGS_3: dict[int, str] = {
    0x20: " ",
    0x25: "↖", 0x27: "↙", 0x2F: "⇞", 0x30: "⇟", 0x34: "⇢", 0x35: "⇡", 0x36: "⇣", 0x37: "↯",
    0x38: "↵", 0x44: "⇄", 0x45: "⇅", 0x48: "⇇", 0x49: "⇉", 0x4A: "⇈", 0x4B: "⇊", 0x4C: "↶",
    0x4D: "↷", 0x50: "↻", 0x51: "↺", 0x58: "⇪",
    0x72: "△", 0x73: "▽", 0x74: "◀", 0x75: "▶", 0x76: "◁", 0x77: "▷", 0x78: "◣",
    0x7A: "◤", 0x7B: "◥", 0x7C: "◂", 0x7D: "▸",
}
"""Wingdings 3: code → Unicode, for the arrows and triangles."""

FONTS: dict[str, dict[int, str]] = {
    "symbol": SYMBOL, "wingdings": WINGDINGS, "wingdings 2": WINGDINGS_2,
    "wingdings 3": WINGDINGS_3,
}
"""The symbol fonts by name, lowercase."""

_WORD_BULLETS = frozenset({0xA7, 0xD8, 0x76, 0xFC, 0xE0, 0xE8, 0xF0, 0xFB, 0xFD, 0xFE})
"""Codes whose Wingdings reading is what a plain text means (Word's list bullets)."""

TEXT: dict[int, str] = {
    **SYMBOL,
    **{code: WINGDINGS[code] for code in range(0xE6, 0xFF)
       if code in WINGDINGS and code not in (0xF1, 0xF2, 0xF3, 0xF5)},
    **{code: WINGDINGS[code] for code in _WORD_BULLETS},
}
"""How a U+F0xx without a font reads: Symbol, with Word's Wingdings bullets and
Wingdings where Symbol has only a bracket piece or nothing."""

_SYMBOL_BULLETS = frozenset("•·")


def _code(code: int) -> int:
    """The font byte of a code given as a byte or as its U+F0xx shifted form."""
    return code - 0xF000 if 0xF020 <= code <= 0xF0FF else code


def symbol_char(font: str | None, code: int) -> str | None:
    """The Unicode character of `code` (0x20–0xFF, or U+F020–U+F0FF) in `font`.

    `font` is a font name as Word writes it (`Symbol`, `Wingdings 2`; any
    case); None reads the code as plain text does (see the module's notes).
    None when the font is not a symbol font this module knows, or the code
    has no known meaning in it.
    """
    table = TEXT if font is None else FONTS.get(" ".join(font.lower().split()))
    return None if table is None else table.get(_code(code))


def is_private_use(char: str) -> bool:
    """True for a Private Use Area character (BMP, or planes 15 and 16)."""
    code = ord(char)
    return 0xE000 <= code <= 0xF8FF or code >= 0xF0000


_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")


def map_private_use(text: str) -> tuple[str, tuple[int, ...]]:
    """`text` with its symbol-font characters as Unicode, and the code points dropped.

    A U+F0xx with a known meaning becomes its character (a code first in the
    text, before a space, is read as a bullet); any other private-use
    character is dropped, and returned (once each, in order) so the caller
    can say so.
    """
    if not _PRIVATE.search(text):
        return text, ()
    dropped: dict[int, None] = {}

    def replace(match: re.Match[str]) -> str:
        code = ord(match[0])
        char = symbol_char(None, code) if 0xF020 <= code <= 0xF0FF else None
        if match.start() == 0 and char is not None and char not in _SYMBOL_BULLETS and (
                text[1:2].isspace()):
            char = WINGDINGS.get(_code(code), char)
        if char is None:
            dropped[code] = None
            return ""
        return char

    return _PRIVATE.sub(replace, text), tuple(dropped)


__all__ = ["FONTS", "SYMBOL", "TEXT", "WINGDINGS", "WINGDINGS_2", "WINGDINGS_3",
           "is_private_use", "map_private_use", "symbol_char"]
