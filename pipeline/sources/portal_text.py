"""Articles saved from the council's portal as text (`.txt`, "save as text").

The text has no markup, so the article's parts are recognised by how the
portal lays them out (see `layout.py`): boilerplate lines are dropped
(`boilerplate.py`), wrapped lines are joined, then the units are read as
date, title, lead, captions, headings, lists and paragraphs, and the byline
under the last paragraph. Every decision is recorded as a `Note` for
`bantin normalize --report`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import SourceError
from ..model import Block, Figure, Heading, ListBlock, Paragraph
from .base import Note, RawSource, ReadContext, Reader
from .boilerplate import boilerplate_kind, is_trailer
from .recognize import (
    ends_sentence,
    is_date_line,
    looks_like_byline,
    looks_like_caption,
    looks_like_heading,
    standalone_credit,
)

log = logging.getLogger(__name__)

_LIST_ITEM = re.compile(r"^(?:[-+•*–]\s+|(?P<number>\d{1,2})[.)]\s+)")
_LOWER_START = re.compile(r"^[^\W\d_]", re.UNICODE)
_HEADER_UNITS = 8  # the date line is looked for among the first units


@dataclass(frozen=True, slots=True)
class Unit:
    """One paragraph-like piece of the text, with the lines it came from."""

    first: int
    last: int
    text: str

    @property
    def lines(self) -> str:
        return f"{self.first}" if self.first == self.last else f"{self.first}–{self.last}"


class PortalTextReader(Reader):
    """Reads `.txt` files saved from the portal (or any plain-text article)."""

    name = "portal text"
    extensions = (".txt",)

    def parse(self, text: str, *, encoding: str, path: Path,
              context: ReadContext) -> list[RawSource]:
        notes: list[Note] = []
        kept = _drop_boilerplate(text, context, notes)
        units = _units(kept)
        if not units:
            raise SourceError("no article text is left after removing the portal's"
                              " boilerplate; check that this is a saved article", path=path)
        metadata, lines, body = _header_and_footer(units, notes)
        blocks = _body_blocks(body, notes)
        if any(isinstance(b, Figure) for b in blocks):
            log.info("%s: photo captions kept without their pictures (a text file carries"
                     " none); add the photos in a Markdown copy to print them", path)
        return [RawSource(path=path, encoding=encoding, metadata=metadata, lines=lines,
                          blocks=tuple(blocks), notes=tuple(sorted(notes, key=_order)))]


def _order(note: Note) -> int:
    return note.line or 0


def _drop_boilerplate(text: str, context: ReadContext,
                      notes: list[Note]) -> list[tuple[int, str]]:
    """(line number, text) of the lines that may be article text; "" marks a blank line."""
    kept: list[tuple[int, str]] = []
    lines = text.splitlines()
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            kept.append((number, ""))
            continue
        if is_trailer(line):
            rest = sum(1 for later in lines[number:] if later.strip())
            notes.append(Note(action="dropped", what=f"related-news list ({rest} more lines)",
                              text=line, line=number))
            break
        kind = boilerplate_kind(line, context.boilerplate)
        if kind:
            notes.append(Note(action="dropped", what=kind, text=line, line=number))
        else:
            kept.append((number, line))
    return kept


def _units(kept: list[tuple[int, str]]) -> list[Unit]:
    """Join wrapped lines into units.

    When blank lines separate the paragraphs, each block of lines after the
    first is one unit; the first block (title, date, lead written on
    consecutive lines) and texts without blank lines go line by line, and
    a line that starts in lowercase continues the one before.
    """
    chunks: list[list[tuple[int, str]]] = [[]]
    for number, line in kept:
        if line:
            chunks[-1].append((number, line))
        elif chunks[-1]:
            chunks.append([])
    chunks = [chunk for chunk in chunks if chunk]
    by_blocks = len(chunks) >= 4
    units: list[Unit] = []
    for index, chunk in enumerate(chunks):
        whole = by_blocks and index > 0
        current = Unit(*chunk[0][:1], chunk[0][0], chunk[0][1])
        for number, line in chunk[1:]:
            continues = not is_date_line(line) and (
                (whole and not _LIST_ITEM.match(line))
                or bool(_LOWER_START.match(line) and line[:1].islower()))
            if continues:
                current = Unit(current.first, number, f"{current.text} {line}")
            else:
                units.append(current)
                current = Unit(number, number, line)
        units.append(current)
    return units


def _header_and_footer(
        units: list[Unit], notes: list[Note]) -> tuple[dict[str, str], dict[str, int], list[Unit]]:
    """Take the date, title, lead and byline off the units; the rest is the body."""
    metadata: dict[str, str] = {}
    lines: dict[str, int] = {}

    def take(key: str, unit: Unit) -> None:
        metadata[key] = unit.text
        lines[key] = unit.first
        notes.append(Note(action="found", what=key, text=unit.text, line=unit.first))
        units.remove(unit)

    date = next((u for u in units[:_HEADER_UNITS] if is_date_line(u.text)), None)
    date = date or next((u for u in units if is_date_line(u.text)), None)
    if date is not None:
        take("date", date)
    if units:
        take("title", units[0])
    if len(units) >= 2 and looks_like_byline(units[-1].text):
        take("byline", units[-1])
    elif len(units) >= 3 and looks_like_byline(units[0].text):
        take("byline", units[0])  # some portals print the author under the title
    if units and ends_sentence(units[0].text) and not looks_like_heading(units[0].text):
        take("lead", units[0])
    return metadata, lines, units


def _marker(text: str) -> str | None:
    """`bullet` or `number` for a list item line, else None."""
    match = _LIST_ITEM.match(text)
    if match is None:
        return None
    return "number" if match.group("number") else "bullet"


def _body_blocks(units: list[Unit], notes: list[Note]) -> list[Block]:
    blocks: list[Block] = []
    index = 0
    while index < len(units):
        unit = units[index]
        kind = _marker(unit.text)
        run = 1
        while kind and index + run < len(units) and _marker(units[index + run].text) == kind:
            run += 1
        if run >= 2:  # two or more items of the same kind in a row make a list
            items = tuple(_LIST_ITEM.sub("", u.text, count=1) for u in units[index:index + run])
            blocks.append(ListBlock(items=items, ordered=kind == "number"))
            notes.append(Note(action="found", what=f"list of {run} items", text=items[0],
                              line=unit.first))
            index += run
            continue
        before = units[index - 1].text if index else None
        after = units[index + 1].text if index + 1 < len(units) else None
        block = _block(unit, before, after, blocks, notes)
        if block is not None:
            blocks.append(block)
        index += 1
    return blocks


def _block(unit: Unit, before: str | None, after: str | None, blocks: list[Block],
           notes: list[Note]) -> Block | None:
    """The block one unit makes; None when it only completes the block before it."""
    text = unit.text
    credit = standalone_credit(text)
    if credit and blocks and isinstance(blocks[-1], Figure) and not blocks[-1].credit:
        blocks[-1] = replace(blocks[-1], credit=credit)
        notes.append(Note(action="found", what="photo credit", text=text, line=unit.first))
        return None
    if looks_like_heading(text):
        notes.append(Note(action="found", what="subheading", text=text, line=unit.first))
        return Heading(text=text, level=2)
    if looks_like_caption(text, before, after):
        joined = f" ({unit.last - unit.first + 1} lines joined)" if unit.last > unit.first else ""
        notes.append(Note(action="found", what=f"photo caption{joined}", text=text,
                          line=unit.first))
        return Figure(caption=text)
    return Paragraph(text=text)
