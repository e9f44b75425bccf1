"""Word's automatic numbering: the label a numbered paragraph shows ("2.1", "Điều 3.", "a)").

Word does not store a numbered paragraph's number in its text: the paragraph
names a list (`w:numPr`: `w:numId`, `w:ilvl`, or through its style) and the
numbering part says how each level counts (`w:start`, `w:numFmt`) and prints
(`w:lvlText`, "%1.%2." where %n is level n's count). `Numbering.label`
counts the document's paragraphs in order, as Word does, and gives each its
label; bullets give None (they are list items, not numbers).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90),
          ("l", 50), ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))
_VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"
"""The order Vietnamese documents letter their points: a) b) c) d) đ) e) …"""


@dataclass(frozen=True, slots=True)
class _Level:
    start: int
    format: str
    text: str


def _value(element: etree._Element | None, default: str = "") -> str:
    if element is None:
        return default
    return str(element.get(f"{_W}val", default))


def _roman(number: int) -> str:
    out = []
    for letters, value in _ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _letters(number: int, alphabet: str) -> str:
    """1 → a, 26 → z, 27 → aa, as Word letters beyond the alphabet."""
    size = len(alphabet)
    return alphabet[(number - 1) % size] * ((number - 1) // size + 1)


def format_number(number: int, kind: str) -> str:
    """`number` in a Word number format (decimal, lowerLetter, upperRoman …)."""
    if kind in ("lowerLetter", "upperLetter"):
        text = _letters(number, "abcdefghijklmnopqrstuvwxyz")
        return text.upper() if kind == "upperLetter" else text
    if kind in ("lowerRoman", "upperRoman"):
        return _roman(number).upper() if kind == "upperRoman" else _roman(number)
    if kind == "decimalZero":
        return f"{number:02d}"
    if kind == "vietnameseCounting":
        return _letters(number, _VIETNAMESE_LETTERS)
    if kind == "none":
        return ""
    return str(number)


class Numbering:
    """Counts a document's numbered paragraphs in reading order."""

    def __init__(self, numbering: etree._Element | None, styles: dict[str, tuple[str, str]]):
        """`numbering` is the numbering part's root (None when the document has none);
        `styles` maps a paragraph style id to its (numId, ilvl)."""
        self._styles = styles
        self._levels: dict[str, dict[int, _Level]] = {}
        self._counts: dict[str, dict[int, int]] = {}
        if numbering is None:
            return
        abstract: dict[str, dict[int, _Level]] = {}
        for node in numbering.iterchildren(f"{_W}abstractNum"):
            abstract[node.get(f"{_W}abstractNumId", "")] = _levels(node)
        for node in numbering.iterchildren(f"{_W}num"):
            levels = dict(abstract.get(_value(node.find(f"{_W}abstractNumId")), {}))
            for override in node.iterchildren(f"{_W}lvlOverride"):
                ilvl = int(override.get(f"{_W}ilvl", "0") or 0)
                start = override.find(f"{_W}startOverride")
                if override.find(f"{_W}lvl") is not None:
                    levels.update(_levels(override))
                if start is not None and ilvl in levels:
                    level = levels[ilvl]
                    levels[ilvl] = _Level(int(_value(start, "1") or 1), level.format, level.text)
            self._levels[node.get(f"{_W}numId", "")] = levels

    def label(self, paragraph: etree._Element) -> str | None:
        """The number label of `paragraph` (counted), or None for a bullet or no number."""
        found = self._list_of(paragraph)
        if found is None:
            return None
        num_id, ilvl = found
        levels = self._levels.get(num_id)
        if not levels or ilvl not in levels:
            return None
        counts = self._counts.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [level for level in counts if level > ilvl]:
            del counts[deeper]  # a deeper level starts again under a new number
        level = levels[ilvl]
        if level.format in ("bullet", "none") and "%" not in level.text:
            return None if level.format == "bullet" else (level.text or None)
        text = level.text
        for n in range(9):
            if f"%{n + 1}" in text:
                lower = levels.get(n)
                value = counts.get(n, lower.start if lower else 1)
                text = text.replace(f"%{n + 1}", format_number(
                    value, lower.format if lower else "decimal"))
        return text.strip() or None

    def _list_of(self, paragraph: etree._Element) -> tuple[str, int] | None:
        properties = paragraph.find(f"{_W}pPr")
        if properties is None:
            return None
        numbered = properties.find(f"{_W}numPr")
        style = _value(properties.find(f"{_W}pStyle"))
        from_style = self._styles.get(style)
        num_id = _value(numbered.find(f"{_W}numId")) if numbered is not None else ""
        ilvl = _value(numbered.find(f"{_W}ilvl")) if numbered is not None else ""
        if not num_id and from_style:
            num_id = from_style[0]
        if not ilvl:
            ilvl = from_style[1] if from_style else "0"
        if not num_id or num_id == "0":
            return None
        try:
            return num_id, int(ilvl)
        except ValueError:
            return None


def _levels(node: etree._Element) -> dict[int, _Level]:
    levels = {}
    for lvl in node.iterchildren(f"{_W}lvl"):
        try:
            ilvl = int(lvl.get(f"{_W}ilvl", "0") or 0)
            start = int(_value(lvl.find(f"{_W}start"), "1") or 1)
        except ValueError:
            continue
        levels[ilvl] = _Level(start, _value(lvl.find(f"{_W}numFmt"), "decimal"),
                              _value(lvl.find(f"{_W}lvlText")))
    return levels


def style_lists(styles: etree._Element | None) -> dict[str, tuple[str, str]]:
    """Paragraph styles that number their paragraphs: style id → (numId, ilvl)."""
    found: dict[str, tuple[str, str]] = {}
    if styles is None:
        return found
    for style in styles.iterchildren(f"{_W}style"):
        numbered = style.find(f"{_W}pPr/{_W}numPr")
        if numbered is not None:
            found[style.get(f"{_W}styleId", "")] = (
                _value(numbered.find(f"{_W}numId")), _value(numbered.find(f"{_W}ilvl"), "0"))
    return found


__all__ = ["Numbering", "format_number", "style_lists"]
