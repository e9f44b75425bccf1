"""Articles saved from the council's portal as text (`.txt`, "save as text").

The text has no markup, so the article's parts are recognised by how the
portal lays them out (see `layout.py`): boilerplate lines are dropped
(`boilerplate.py`), wrapped lines are joined, then the units are read as
date, title, lead, captions, headings, lists and paragraphs, and the byline
under the last paragraph. Every decision is recorded as a `Note` for
`bantin normalize --report`.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import SourceError
from ..i18n import _
from ..model import Block, Figure, Heading, ListBlock, Paragraph
from .base import Note, RawSource, ReadContext, Reader
from .boilerplate import boilerplate_kind, is_trailer, strip_inline
from .credit import split_credit
from .recognize import (
    ends_sentence,
    is_date_line,
    looks_like_byline,
    looks_like_caption,
    looks_like_heading,
    standalone_credit,
)
from .word import document_from_text

log = logging.getLogger(__name__)

_LIST_ITEM = re.compile(r"^(?:[-+•*–]\s+|(?P<number>\d{1,2})[.)]\s+)")
_LOWER_START = re.compile(r"^[^\W\d_]", re.UNICODE)
_HEADER_UNITS = 8  # the date line is looked for among the first units
_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,30}|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_TAG = re.compile(r"</?(?:span|p|div|b|i|u|em|strong|font|br|a|img|h[1-6]|li|ul|ol|figure"
                  r"|figcaption|table|tr|td|th|tbody|section|article|sup|sub|small)\b[^<>]{0,500}>",
                  re.IGNORECASE)
# A text export's header: `# key = value` comment lines, or `Key: value` lines of known keys.
_COMMENT_FIELD = re.compile(r"^#\s*(?P<key>[^\W\d][\w .-]{0,30}?)\s*[=:]\s*(?P<value>.*)$")
_PLAIN_FIELD = re.compile(
    r"^(?P<key>title|tiêu đề|date|ngày đăng|published(?:[_ ]at)?|pubdate|author|tác giả|url"
    r"|link|source url|category|chuyên mục|sapo|tóm tắt|description)\s*[:=]\s*(?P<value>.+)$",
    re.IGNORECASE)
_FIELD_KEYS = {"title": "title", "tiêu đề": "title", "headline": "title", "date": "date",
               "ngày": "date", "ngày đăng": "date", "published": "date", "published at": "date",
               "published_at": "date", "pubdate": "date", "author": "byline",
               "tác giả": "byline", "byline": "byline", "category": "section",
               "chuyên mục": "section", "sapo": "lead", "tóm tắt": "lead",
               "description": "lead"}
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ILLUSTRATION = re.compile(r"\s*\((?:ảnh|hình)(?:\s+minh\s+h(?:ọa|oạ|oa))?\)\s*\.?\s*$",
                           re.IGNORECASE)
_SOURCE_CREDIT = re.compile(r"^(?:theo|nguồn)\s*:?\s+\S.{0,60}$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?:[.!?…”\"»]|/\.)\s+")
_PICTURE_MARKER = re.compile(r"^(?:\[?\s*(?:ảnh|hình ảnh|image|photo|video)\s*\]?|\S+\.(?:jpe?g|png"
                             r"|gif|webp))$", re.IGNORECASE)


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
        text = _without_markup(text, notes)
        kept = _drop_boilerplate(text, context, notes)
        fields, field_lines, kept = _header_fields(kept, notes)
        if not fields and (document := document_from_text(
                [line for _, line in kept], path, context, encoding, notes)) is not None:
            return [document]  # a resolution, an announcement … copied as text
        units = _units(kept)
        if not units:
            raise SourceError(_("no article text is left after removing the portal's"
                                " boilerplate; check that this is a saved article"), path=path)
        # The council portal's own layout (its block markers are in the text) sets photo
        # captions as bare lines; elsewhere a caption needs evidence.
        portal = any(note.what == "portal block marker" for note in notes)
        metadata, lines, body = _header_and_footer(units, notes, fields, field_lines)
        blocks = _body_blocks(body, notes, portal=portal, title=metadata.get("title"))
        if any(isinstance(b, Figure) for b in blocks):
            log.info(_("%s: photo captions kept without their pictures (a text file carries"
                       " none); add the photos in a Markdown copy to print them"), path)
        return [RawSource(path=path, encoding=encoding, metadata=metadata, lines=lines,
                          blocks=tuple(blocks), notes=tuple(sorted(notes, key=_order)))]


def _order(note: Note) -> int:
    return note.line or 0


def _without_markup(text: str, notes: list[Note]) -> str:
    """Text copied from a page or a feed may keep HTML entities (`b&agrave;n`) and literal
    tags (`<span>`): decode the one, drop the other."""
    tags = _TAG.findall(text)
    if tags:
        notes.append(Note(action="dropped", what=f"{len(tags)} HTML tag(s) left in the text",
                          text=" ".join(tags[:3])))
        text = _TAG.sub("", text)
    if entity := _ENTITY.search(text):
        notes.append(Note(action="found", what="HTML entities, decoded", text=entity.group()))
        text = html.unescape(text)
    return text


_RUN_IN_CREDIT = re.compile(
    r"\(\s*(?P<label>Ảnh|Nguồn(?:\s+ảnh)?)\s*:\s*(?P<credit>[^()]{1,50}?)\s*\)"
    r"|\(\s*(?P<marker>Ảnh\s+minh\s+h(?:ọa|oạ|oa))\s*\)"
    r"|(?<![\w\s])\s*\ufeff?Ảnh\s*:\s*(?P<short>[A-ZĐ0-9][A-ZĐ0-9&./-]{1,20})(?=\s+[A-ZĐ]|\s*$)",
    re.IGNORECASE)
"""A photo credit inside a run-on line (a text export that joined the page's lines):
`… lễ hội (Ảnh: Vietnamnet) Ông …`, `… (Ảnh minh họa) …`, `… sáng 6/2. Ảnh: VCCI Khi …`."""


def _run_in_caption(text: str) -> tuple[str, Figure, str] | None:
    """(text before, the caption, text after) for the first credit inside a long line: the
    caption is what stands between the sentence before and the credit (or, when nothing
    does, that sentence itself)."""
    for match in _RUN_IN_CREDIT.finditer(text):
        after = text[match.end():].strip()
        if not after and match.start() < 0.5 * len(text) and match["short"] is None:
            continue
        before = text[:match.start()].rstrip()
        ends = [e.end() for e in _SENTENCE_END.finditer(before)]
        start = ends[-1] if ends else 0
        caption = before[start:].strip()
        if not caption and len(ends) >= 1:  # "… sáng 6/2. Ảnh: VCCI": the sentence before
            start = ends[-2] if len(ends) >= 2 else 0
            caption = before[start:].strip()
        if not caption or len(caption.split()) > 40:
            continue
        if (match["label"] or "").lower() == "nguồn" and "ảnh" not in caption.lower():
            continue  # "(Nguồn: Bộ Y tế)" after a figure in the text is no photo credit
        credit = match["credit"] or match["short"]
        if credit and not credit[:1].isupper() and not credit[:1].isdigit():
            continue
        return before[:start].strip(), Figure(caption=caption, credit=credit), after
    return None


_LINK_PLACEHOLDER = re.compile(r"Nguồn\s*:\s*\[\s*Link\s+nguồn\s*\]", re.IGNORECASE)


def _without_teaser(line: str, number: int, notes: list[Note]) -> str:
    """A related article's box, exported into the text, leaves its sapo followed by a link
    placeholder (`… tử vong. Nguồn: [Link nguồn]`): the sentence before it is that
    teaser, not the article's last sentence."""
    placeholder = _LINK_PLACEHOLDER.search(line)
    if placeholder is None:
        return line
    before = line[:placeholder.start()].rstrip()
    starts = [end.end() for end in _SENTENCE_END.finditer(before)]
    if not starts:
        return line
    notes.append(Note(action="dropped", what="related article's teaser",
                      text=before[starts[-1]:], line=number))
    return f"{before[:starts[-1]].rstrip()} {line[placeholder.start():]}"


def _header_fields(kept: list[tuple[int, str]], notes: list[Note]
                   ) -> tuple[dict[str, str], dict[str, int], list[tuple[int, str]]]:
    """A text export's header (`# date = 20201218`, `Title: …`): its fields, and the rest."""
    fields: dict[str, str] = {}
    lines: dict[str, int] = {}
    index = 0
    while index < len(kept):
        number, line = kept[index]
        match = _COMMENT_FIELD.match(line) or _PLAIN_FIELD.match(line)
        if not line:
            index += 1
            continue
        if match is None:
            break
        key = _FIELD_KEYS.get(" ".join(match["key"].lower().split()))
        value = match["value"].strip()
        if key == "date" and (compact := _COMPACT_DATE.match(value)):
            value = "-".join(compact.groups())
        if key and value and key not in fields:
            fields[key] = value
            lines[key] = number
            notes.append(Note(action="found", what=f"{key} (export header)", text=line,
                              line=number))
        else:
            notes.append(Note(action="dropped", what="export header field", text=line,
                              line=number))
        index += 1
    return fields, lines, kept[index:]


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
            continue
        line = _without_teaser(line, number, notes)
        line, removed = strip_inline(line)
        for what, part in removed:
            notes.append(Note(action="dropped", what=what, text=part, line=number))
        if line:
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
    width = wrap_width([line for number, line in kept if line])
    units: list[Unit] = []
    for index, chunk in enumerate(chunks):
        whole = by_blocks and index > 0
        current = Unit(*chunk[0][:1], chunk[0][0], chunk[0][1])
        previous = chunk[0][1]
        for number, line in chunk[1:]:
            # A hard-wrapped text: a line that reached the wrap width was cut there, even
            # when the next one starts with a capital ("… Hy" / "Lạp ký thỏa thuận").
            wrapped = width is not None and len(previous) >= 0.85 * width and not (
                is_date_line(previous) or _LIST_ITEM.match(line))
            previous = line
            continues = not is_date_line(line) and (
                (whole and not _LIST_ITEM.match(line)) or wrapped
                or bool(_LOWER_START.match(line) and line[:1].islower()))
            if continues:
                current = Unit(current.first, number, f"{current.text} {line}")
            else:
                units.append(current)
                current = Unit(number, number, line)
        units.append(current)
    return units


def wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text was cut at, or None when it was not.

    Hard wrapping (an e-mail, a text saved by a fixed-width tool) leaves most
    lines of a paragraph close to one width, no longer than it; free text has
    paragraphs of any length on one line each."""
    if len(lines) < 6:
        return None
    longest = max(len(line) for line in lines)
    if not 40 <= longest <= 120:
        return None
    near = sum(1 for line in lines if len(line) >= 0.85 * longest)
    return longest if near >= 0.5 * len(lines) else None


def _header_and_footer(
        units: list[Unit], notes: list[Note], fields: dict[str, str] | None = None,
        field_lines: dict[str, int] | None = None,
) -> tuple[dict[str, str], dict[str, int], list[Unit]]:
    """Take the date, title, lead and byline off the units; the rest is the body.

    `fields` are what an export's header already said (they win)."""
    metadata: dict[str, str] = dict(fields or {})
    lines: dict[str, int] = dict(field_lines or {})

    def take(key: str, unit: Unit, why: str) -> None:
        metadata[key] = unit.text
        lines[key] = unit.first
        notes.append(Note(action="found", what=f"{key} ({why})", text=unit.text,
                          line=unit.first))
        units.remove(unit)

    if "date" not in metadata:
        date = next((u for u in units[:_HEADER_UNITS] if is_date_line(u.text)), None)
        if date is not None:
            take("date", date, "a line that is only a date, near the top")
        elif date := next((u for u in units if is_date_line(u.text)), None):
            take("date", date, "a line that is only a date")
    if units and "title" not in metadata:
        take("title", units[0], "the first line")
    if "byline" not in metadata:
        _take_byline(units, take, notes)
    # A sapo is the summary above a body: a one-paragraph text has none.
    if ("lead" not in metadata and len(units) >= 2 and _reads_as_sapo(units[0].text,
                                                                  units[1].text)):
        take("lead", units[0], "the first paragraph under the title, "
             + ("a sentence" if ends_sentence(units[0].text) else "a long line")
             + ", above a longer body" * (not ends_sentence(units[0].text)))
    return metadata, lines, units


def _once(name: str) -> str:
    """A byline an export printed twice ("PV/VOV PV/VOV"), once."""
    words = name.split()
    half = len(words) // 2
    return " ".join(words[:half]) if words and len(words) % 2 == 0 and (
        words[:half] == words[half:]) else name


def _glued_name(text: str) -> tuple[str, str] | None:
    """(the paragraph, the names) when a paragraph ends in a line of names after its last
    sentence; the longest such names win ("… nói. Nguyễn V. A", not "A")."""
    tail = max(0, len(text) - 61)
    for end in _SENTENCE_END.finditer(text, tail):
        name = _once(text[end.end():].strip())
        if (name and len(name.split()) <= 6 and looks_like_byline(name)
                and not _SOURCE_CREDIT.match(name)):
            return text[:end.start() + len(end.group().rstrip())], name
    return None


def _reads_as_sapo(text: str, following: str) -> bool:
    """The first unit under the title is the sapo when it is a sentence, or a long line
    (some sites end the sapo without a period) shorter than the body that follows; never
    a heading or a photo caption."""
    if looks_like_heading(text) or split_credit(text)[1] is not None:
        return False
    return ends_sentence(text) or (len(text.split()) >= 12 and len(following) > len(text))


def _take_byline(units: list[Unit], take: Callable[[str, Unit, str], None],
                 notes: list[Note]) -> None:
    """The byline: a last line of names (above a source credit such as "Theo TTXVN", which
    names an outlet, not an author), a line of names under the title, or names glued to
    the end of the last paragraph by a text export ("… ông nói. Đức Hùng")."""
    last = len(units) - 1
    if last >= 1 and _SOURCE_CREDIT.match(units[last].text) and len(units) >= 3:
        last -= 1  # "Theo Newsweek" stays a line of its own; the author may stand above it
    if last >= 1 and looks_like_byline(units[last].text):
        above = " above a source credit" if last < len(units) - 1 else ""
        take("byline", units[last], f"a last line of names{above}")
        return
    if len(units) >= 3 and looks_like_byline(units[0].text):
        take("byline", units[0], "a line of names under the title")  # some portals
        return
    if last >= 0 and (glued := _glued_name(units[last].text)):
        body, name = glued
        unit = units[last]
        units[last] = replace(unit, text=body)
        units.insert(last + 1, Unit(unit.last, unit.last, name))
        take("byline", units[last + 1], "names after the last sentence of the last paragraph")


def _marker(text: str) -> str | None:
    """`bullet` or `number` for a list item line, else None."""
    match = _LIST_ITEM.match(text)
    if match is None:
        return None
    return "number" if match.group("number") else "bullet"


def _body_blocks(units: list[Unit], notes: list[Note], *, portal: bool = True,
                 title: str | None = None) -> list[Block]:
    blocks: list[Block] = []
    index = 0
    marker = False  # a picture marker stood just before
    while index < len(units):
        unit = units[index]
        if _PICTURE_MARKER.match(unit.text) or (title and unit.text == title):
            what = "picture marker" if _PICTURE_MARKER.match(unit.text) else (
                "the title again (a picture's alternative text)")
            notes.append(Note(action="dropped", what=what, text=unit.text, line=unit.first))
            marker = True
            index += 1
            continue
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
            marker = False
            continue
        run_in = _run_in_caption(unit.text) if len(unit.text) > 200 else None
        if run_in is not None:
            head, figure, tail = run_in
            if head:
                blocks.append(Paragraph(text=head))
            blocks.append(figure)
            notes.append(Note(action="found", what="photo caption inside a run-on line, with"
                              " its credit", text=figure.caption or "", line=unit.first))
            if tail:
                units[index] = replace(unit, text=tail)
            else:
                index += 1
            continue
        before = units[index - 1].text if index else None
        after = units[index + 1].text if index + 1 < len(units) else None
        block = _block(unit, before, after, blocks, notes, evidence=portal or marker)
        if block is not None:
            blocks.append(block)
        marker = False
        index += 1
    return blocks


def _block(unit: Unit, before: str | None, after: str | None, blocks: list[Block],
           notes: list[Note], *, evidence: bool = True) -> Block | None:
    """The block one unit makes; None when it only completes the block before it.

    Without `evidence` that pictures stand here (the portal's own layout, a picture
    marker before it), a line is a caption only when it carries a photo credit or
    one follows it; a short line that would have been a caption is a subheading."""
    text = unit.text
    credit = standalone_credit(text)
    if credit and blocks and isinstance(blocks[-1], Figure) and not blocks[-1].credit:
        blocks[-1] = replace(blocks[-1], credit=credit)
        notes.append(Note(action="found", what="photo credit", text=text, line=unit.first))
        return None
    if looks_like_heading(text):
        notes.append(Note(action="found", what="subheading", text=text, line=unit.first))
        return Heading(text=text, level=2)
    if _ILLUSTRATION.search(text) and len(text) <= 320:  # "… (Ảnh minh họa)": a photo's
        notes.append(Note(action="found", what="photo caption, marked as a photo",
                          text=text, line=unit.first))
        return Figure(caption=_ILLUSTRATION.sub("", text) or None)
    credited = split_credit(text)[1] is not None or bool(after and standalone_credit(after))
    if (evidence or credited) and looks_like_caption(text, before, after):
        joined = f" ({unit.last - unit.first + 1} lines joined)" if unit.last > unit.first else ""
        why = "" if evidence else ", with its photo credit"
        notes.append(Note(action="found", what=f"photo caption{joined}{why}", text=text,
                          line=unit.first))
        return Figure(caption=text)
    if not evidence and _looks_like_subheading(text, before, after):
        notes.append(Note(action="found", what="subheading (a short line between paragraphs)",
                          text=text, line=unit.first))
        return Heading(text=text, level=2)
    return Paragraph(text=text)


def _looks_like_subheading(text: str, before: str | None, after: str | None) -> bool:
    """A short line without closing punctuation between two longer paragraphs."""
    words = len(text.split())
    return (2 <= words <= 16 and not ends_sentence(text) and text[:1].isupper()
            and before is not None and after is not None
            and len(before) > len(text) and len(after) > len(text))
