"""Word files (`.docx`), read with python-docx.

Word styles say what a paragraph is (Title, Subtitle, Heading n, Caption,
Quote, List …); where a writer used plain formatting instead, the usual
shapes are recognised: a bold paragraph under the title is the lead, an
italic date line is the date, an italic or short line under a picture is
its caption, a last short line of names is the byline. Pictures stay in
the file and are referred to as `<file>.docx#word/media/…`.

Runs set in legacy fonts hold legacy codes, not Unicode: `.VnTime` and its
family are TCVN3 (`.VnTimeH` draws capitals), `VNI-Times` and its family
are VNI. Each run is converted by its font's encoding.
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import docx
import docx.oxml.parser
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.text.run import CT_R
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run
from lxml import etree

from ..errors import SourceError, printable
from ..model import Block, Figure, Heading, ListBlock, Paragraph, Quote
from .base import Note, RawSource, ReadContext, Reader, require_regular_file
from .boilerplate import boilerplate_kind
from .decode import MOJIBAKE_SUFFIX, repair_mojibake
from .images import resolve_image
from .legacy import TCVN3, VISCII, VNI, Codec
from .recognize import ends_sentence, is_date_line, looks_like_byline, looks_like_caption

log = logging.getLogger(__name__)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_HEADING = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)

# python-docx parses with libxml2's default limits, which refuse a document more than 256
# elements deep: tables nested some 80 deep, each a table, a row and a cell. Its parser is
# given libxml2's larger limits (2,048 elements deep, tables some 600 deep); the parts'
# sizes are checked before anything is parsed (`_check_unpacked_size`).
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, huge_tree=True)
_PARSER.set_element_class_lookup(docx.oxml.parser.element_class_lookup)
docx.oxml.parser.oxml_parser = _PARSER


def font_codec(font: str | None) -> tuple[Codec | None, bool]:
    """(legacy encoding, draws capitals) of a font name; (None, False) for Unicode fonts."""
    name = (font or "").strip().lower()
    if name.startswith(".vn"):
        return TCVN3, name.endswith("h")
    if name.startswith(("vni-", "vni ")):
        return VNI, False
    if "viscii" in name or name.startswith("vi-"):
        return VISCII, False
    return None, False


@dataclass(frozen=True, slots=True)
class Piece:
    """A paragraph of the document as text plus what Word says about it."""

    text: str
    style: str
    bold: bool
    """Every run with text is bold: how a lead (sapo) is set under the title."""
    italic: bool
    pictures: tuple[tuple[str | None, str | None], ...]
    """(part name inside the .docx, alt text) of each picture in the paragraph; no part
    name for a picture that is not inside the file (its caption is kept)."""
    numbered: bool


class WordReader(Reader):
    """Reads `.docx` files written in Word (or LibreOffice)."""

    name = "Word"
    extensions = (".docx",)

    def read(self, path: Path, context: ReadContext) -> list[RawSource]:
        require_regular_file(path)
        context.check_size(path)
        return read_docx(path, path, context)


def read_docx(docx_path: Path, path: Path, context: ReadContext) -> list[RawSource]:
    """The article of the Word file at `docx_path`, read as the source `path` (the same
    file, or the `.doc`/`.rtf` it was converted from: messages and pictures name `path`)."""
    _check_unpacked_size(docx_path, context, path)
    try:
        document = docx.Document(str(docx_path))
    except etree.XMLSyntaxError as exc:
        if "Excessive depth" in str(exc):
            raise SourceError("its elements are nested more than 2,048 levels deep"
                              " (tables inside tables inside tables …), too deep to read;"
                              " in Word, convert the nested tables to text (Table Layout →"
                              " Convert to Text) and save it again", path=path) from None
        raise SourceError(f"this is not a Word .docx file ({exc}); open it in Word and"
                          " save it as .docx again", path=path) from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SourceError(f"this is not a Word .docx file ({exc}); open it in Word and"
                          " save it as .docx again", path=path) from None
    default_font = _default_font(document)
    legacy_fonts: set[str] = set()
    pieces = [_piece(p, default_font, legacy_fonts, path) for p in _paragraphs(document)]
    text, codec = repair_mojibake("\n".join(p.text for p in pieces))
    if codec is not None:
        pieces = [_with_text(p, t) for p, t in zip(pieces, text.split("\n"), strict=True)]
    encoding = "utf-8"
    if legacy_fonts:
        encoding = f"{'+'.join(sorted(legacy_fonts))} font in docx"
    elif codec is not None:
        encoding = f"{codec.name}{MOJIBAKE_SUFFIX}"
    return [_article(pieces, path, context, encoding)]


def _check_unpacked_size(docx_path: Path, context: ReadContext, path: Path) -> None:
    """A Word file is a ZIP: a small file may unpack to gigabytes (a picture of zeros, a
    bomb). python-docx loads every part, so the declared sizes are checked first; zipfile
    never gives more bytes than a part declares."""
    if context.max_bytes is None:
        return
    try:
        with zipfile.ZipFile(docx_path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile):
        return  # not a ZIP at all: python-docx says so in its own words below
    if total > 2 * context.max_bytes:
        raise SourceError(f"the Word file unpacks to {total:,} bytes, more than twice [build]"
                          f" max_source_bytes ({context.max_bytes:,}); shrink its pictures,"
                          " or raise the limit in bantin.toml", path=path)


_CONTAINERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins",
                         f"{_W}moveTo", f"{_W}smartTag", f"{_W}hyperlink", f"{_W}fldSimple"})
"""Elements that only wrap content: a content control (`w:sdt`, its text in `w:sdtContent`),
custom XML, a tracked insertion, a smart tag, a link, a simple field. Their text is read as
if they were not there, around paragraphs and around runs alike."""


def _paragraphs(document: docx.document.Document) -> list[WordParagraph]:
    """Body paragraphs in order, including those inside table cells and content controls
    (read without recursion: a document may nest them two thousand deep)."""
    found: list[WordParagraph] = []
    stack = [iter(document.element.body.iterchildren())]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag == f"{_W}p":
            found.append(WordParagraph(child, document))
        elif child.tag == f"{_W}tbl":
            found.extend(WordParagraph(p, document) for p in child.iter(f"{_W}p"))
        elif child.tag in _CONTAINERS:
            stack.append(child.iterchildren())
    return found


def _runs(paragraph: WordParagraph) -> list[Run]:
    """The paragraph's runs in order, those inside content controls, links, fields and
    tracked insertions too; not those of a tracked deletion, nor those of another paragraph
    drawn inside this one (a text box): climbing from a run, only wrappers may lie between
    it and this paragraph (a deletion, `w:del` or `w:moveFrom`, is not one)."""
    found = []
    for element in paragraph._p.iter(f"{_W}r"):
        parent = element.getparent()
        while parent is not None and parent is not paragraph._p and parent.tag in _CONTAINERS:
            parent = parent.getparent()
        if parent is paragraph._p and isinstance(element, CT_R):
            found.append(Run(element, paragraph))
    return found


def _default_font(document: docx.document.Document) -> str | None:
    try:
        name: str | None = document.styles["Normal"].font.name
    except KeyError:
        return None
    return name


def _style_font(paragraph: WordParagraph) -> str | None:
    style = paragraph.style
    while style is not None:
        name: str | None = style.font.name
        if name:
            return name
        style = style.base_style
    return None


def _piece(paragraph: WordParagraph, default_font: str | None,
           legacy_fonts: set[str], path: Path) -> Piece:
    style_font = _style_font(paragraph) or default_font
    texts: list[str] = []
    bold = italic = True
    has_text = False
    for run in _runs(paragraph):
        raw = _unprivate(run.text)
        font = run.font.name or _run_hansi(run) or style_font
        codec, capitals = font_codec(font)
        if codec is not None and raw:
            legacy_fonts.add(codec.name)
            raw = codec.convert(raw)
            raw = raw.upper() if capitals else raw
        texts.append(raw)
        if raw.strip():
            has_text = True
            bold = bold and bool(run.bold or (run.bold is None and _style_bold(paragraph)))
            italic = italic and bool(run.italic)
    properties = paragraph._p.pPr
    numbered = properties is not None and properties.numPr is not None
    return Piece(
        text=" ".join("".join(texts).split()),
        style=paragraph.style.name if paragraph.style is not None else "",
        bold=has_text and bold, italic=has_text and italic,
        pictures=tuple(_pictures(paragraph, path)), numbered=numbered)


def _with_text(piece: Piece, text: str) -> Piece:
    return replace(piece, text=text)


def _unprivate(text: str) -> str:
    """Word stores a symbol font's character as U+F0xx: the byte is the low half."""
    return "".join(chr(ord(c) - 0xF000) if 0xF020 <= ord(c) <= 0xF0FF else c for c in text)


def _run_hansi(run: Run) -> str | None:
    properties = run._r.rPr
    fonts = properties.rFonts if properties is not None else None
    return fonts.get(f"{_W}hAnsi") if fonts is not None else None


def _style_bold(paragraph: WordParagraph) -> bool:
    style = paragraph.style
    while style is not None:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def _pictures(paragraph: WordParagraph, path: Path) -> Iterator[tuple[str | None, str | None]]:
    """(part name, alt text) of each picture drawn in the paragraph.

    A picture linked to a file or an address instead of inserted (`r:link`, or a relationship
    with `TargetMode="External"`) is never fetched: a warning names it and its caption stays.
    """
    for drawing in paragraph._p.iter(f"{_W}drawing"):
        blip = next(drawing.iter(f"{_A}blip"), None)
        if blip is None:
            continue
        embedded, linked = blip.get(f"{_R}embed"), blip.get(f"{_R}link")
        doc_pr = next(drawing.iter(f"{_WP}docPr"), None)
        alt = (doc_pr.get("descr") or doc_pr.get("title")) if doc_pr is not None else None
        relation = paragraph.part.rels.get(embedded or linked or "")
        if relation is not None and not relation.is_external and embedded:
            yield str(relation.target_part.partname).lstrip("/"), (alt or None)
            continue
        if relation is not None and relation.is_external:
            log.warning("%s: picture %s is linked, not inside the Word file, and is never"
                        " fetched; the caption is kept without it (insert the picture itself:"
                        " Insert → Pictures → This Device)", path, _short(relation.target_ref))
        elif embedded or linked:
            log.warning("%s: picture %s is missing from the Word file; the caption is kept"
                        " without it (insert the picture again)", path,
                        _short(embedded or linked or ""))
        else:
            continue
        yield None, (alt or None)


def _short(target: str) -> str:
    target = printable(target)
    return target if len(target) <= 80 else target[:77] + "…"


def _article(pieces: list[Piece], path: Path, context: ReadContext,
             encoding: str) -> RawSource:
    notes: list[Note] = []
    metadata: dict[str, str] = {}
    body = []
    for piece in pieces:
        kind = boilerplate_kind(piece.text, context.boilerplate) if piece.text else None
        if kind:  # a page pasted from the portal brings its furniture along
            notes.append(Note(action="dropped", what=kind, text=piece.text))
        elif piece.text or piece.pictures:
            body.append(piece)

    def take(key: str, piece: Piece) -> None:
        metadata[key] = piece.text
        notes.append(Note(action="found", what=f"{key} ({piece.style or 'no style'})",
                          text=piece.text))
        body.remove(piece)

    title = next((p for p in body if p.style.lower() == "title"), None)
    title = title or next((p for p in body[:3] if (heading := _HEADING.match(p.style))
                           and heading[1] == "1"), None)
    date = next((p for p in body[:6] if not p.pictures and is_date_line(p.text)), None)
    if date is not None:
        take("date", date)
    title = title or next((p for p in body if not p.pictures and p.text), None)
    if title is None:
        raise SourceError("the document has no text; write the article in it or remove it",
                          path=path)
    index = body.index(title)
    take("title", title)
    # The paragraph under the title is the lead (sapo) when it reads as one: a Subtitle
    # style, bold, or simply a sentence, as in the portal's own layout.
    lead = next((p for p in body[index:index + 1] if not p.pictures and (
        p.style.lower() == "subtitle" or p.bold or ends_sentence(p.text))
        and not _HEADING.match(p.style) and p.style.lower() != "caption"), None)
    if lead is not None:
        take("lead", lead)
    if body and not body[-1].pictures and (looks_like_byline(body[-1].text)):
        take("byline", body[-1])
    blocks = _blocks(body, path, context, notes)
    return RawSource(path=path, encoding=encoding, metadata=metadata, blocks=tuple(blocks),
                     notes=tuple(notes))


def _blocks(pieces: list[Piece], path: Path, context: ReadContext,
            notes: list[Note]) -> list[Block]:
    blocks: list[Block] = []
    items: list[str] = []
    ordered = False
    for index, piece in enumerate(pieces):
        style = piece.style.lower()
        listed = piece.numbered or style.startswith("list")
        if items and not listed:
            blocks.append(ListBlock(items=tuple(items), ordered=ordered))
            items = []
        if listed and not items:
            ordered = "number" in style
        for member, alt in piece.pictures:
            src = resolve_image(f"{path.name}#{member}", path, context) if member else None
            blocks.append(Figure(src=src, alt=alt))
        if not piece.text:
            continue
        previous = blocks[-1] if blocks else None
        heading = _HEADING.match(piece.style)
        under_picture = isinstance(previous, Figure) and previous.caption is None
        before = pieces[index - 1].text if index else None
        after = pieces[index + 1].text if index + 1 < len(pieces) else None
        if style == "caption" or (under_picture and (
                piece.italic or looks_like_caption(piece.text))) or (
                not listed and not heading and looks_like_caption(piece.text, before, after)):
            if under_picture:
                assert isinstance(previous, Figure)  # what under_picture says
                blocks[-1] = replace(previous, caption=piece.text)
            else:
                blocks.append(Figure(caption=piece.text))
            notes.append(Note(action="found", what="photo caption", text=piece.text))
        elif listed:
            items.append(piece.text)
        elif heading:
            blocks.append(Heading(text=piece.text, level=min(6, max(2, int(heading[1])))))
        elif "quote" in style:
            blocks.append(Quote(text=piece.text))
        else:
            blocks.append(Paragraph(text=piece.text))
    if items:
        blocks.append(ListBlock(items=tuple(items), ordered=ordered))
    return blocks
