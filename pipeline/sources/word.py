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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import docx
import docx.oxml.parser
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.text.run import CT_R
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph as WordParagraph
from docx.text.run import Run
from lxml import etree

from ..errors import SourceError, printable
from ..i18n import _
from ..model import Block, Figure, Heading, ListBlock, Paragraph, Quote, Recipients, Signature
from ..symbols import FONTS, symbol_char
from . import official
from .base import Note, RawSource, ReadContext, Reader, require_regular_file
from .boilerplate import boilerplate_kind
from .decode import MOJIBAKE_SUFFIX, repair_mojibake
from .images import resolve_image
from .legacy import TCVN3, VISCII, VNI, Codec
from .numbering import Numbering, style_lists
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
    if name.startswith(".vn") or (name.startswith("vn") and not name.startswith("vni")
                                  and name[2:3].isalpha()):  # "VnTime", the dot lost
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
    """The paragraph's text, spaces folded (tabs and line breaks are spaces here)."""
    style: str
    bold: bool
    """Every run with text is bold: how a lead (sapo) is set under the title."""
    italic: bool
    pictures: tuple[tuple[str | None, str | None], ...]
    """(part name inside the .docx, alt text) of each picture in the paragraph; no part
    name for a picture that is not inside the file (its caption is kept)."""
    numbered: bool
    raw: str = ""
    """The text with its tabs and line breaks, for reading a letterhead's columns."""
    table: int | None = None
    """Which top-level table the paragraph stands in (None outside tables)."""
    column: int = 0
    """Which cell of its table row (0 outside tables)."""
    centered: bool = False
    label: str | None = None
    """The number Word's automatic numbering shows before it ("2.1", "Điều 3.", "a)")."""


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
    file, or the `.doc`/`.rtf` it was converted from: messages and pictures name `path`).

    A part python-docx parses only when asked (numbering, styles, headers, properties) can
    be broken XML too: wherever it shows, it is the same damaged file.
    """
    try:
        return _read_docx(docx_path, path, context)
    except etree.XMLSyntaxError as exc:
        raise SourceError(_("this is not a Word .docx file ({exc}); open it in Word and save it"
                            " as .docx again").format(exc=exc), path=path) from None


def _read_docx(docx_path: Path, path: Path, context: ReadContext) -> list[RawSource]:
    _check_unpacked_size(docx_path, context, path)
    try:
        document = docx.Document(str(docx_path))
    except etree.XMLSyntaxError as exc:
        if "Excessive depth" in str(exc):
            raise SourceError(_("its elements are nested more than 2,048 levels deep (tables"
                                " inside tables inside tables …), too deep to read; in Word,"
                                " convert the nested tables to text (Table Layout → Convert to"
                                " Text) and save it again"), path=path) from None
        raise SourceError(_("this is not a Word .docx file ({exc}); open it in Word and save it"
                            " as .docx again").format(exc=exc), path=path) from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SourceError(_("this is not a Word .docx file ({exc}); open it in Word and save it"
                            " as .docx again").format(exc=exc), path=path) from None
    default_font = _default_font(document)
    legacy_fonts: set[str] = set()
    numbering = _numbering(document)
    styles = _Styles()
    pieces = [replace(_piece(p, styles.of(p), default_font, legacy_fonts, path, where),
                      label=numbering.label(p._p))
              for p, where in _paragraphs(document)]
    text, codec = repair_mojibake("\n".join(p.text for p in pieces))
    if codec is not None:
        pieces = [_with_text(p, t) for p, t in zip(pieces, text.split("\n"), strict=True)]
    encoding = "utf-8"
    if legacy_fonts:
        encoding = f"{'+'.join(sorted(legacy_fonts))} font in docx"
    elif codec is not None:
        encoding = f"{codec.name}{MOJIBAKE_SUFFIX}"
    return [_article(pieces, path, context, encoding)]


def _numbering(document: docx.document.Document) -> Numbering:
    try:
        numbering = document.part.numbering_part.element
    except (NotImplementedError, KeyError, ValueError):
        numbering = None
    return Numbering(numbering, style_lists(document.styles.element))


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
        raise SourceError(_("the Word file unpacks to {total:,} bytes, more than twice [build]"
                            " max_source_bytes ({max_bytes:,}); shrink its pictures, or raise"
                            " the limit in bantin.toml").format(
                              total=total, max_bytes=context.max_bytes), path=path)


_CONTAINERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins",
                         f"{_W}moveTo", f"{_W}smartTag", f"{_W}hyperlink", f"{_W}fldSimple"})
"""Elements that only wrap content: a content control (`w:sdt`, its text in `w:sdtContent`),
custom XML, a tracked insertion, a smart tag, a link, a simple field. Their text is read as
if they were not there, around paragraphs and around runs alike."""


def _paragraphs(document: docx.document.Document,
                ) -> list[tuple[WordParagraph, tuple[int | None, int]]]:
    """Body paragraphs in order, with (table number, cell column) — (None, 0) outside
    tables — including those inside table cells, content controls and text boxes (read
    without recursion: a document may nest them two thousand deep). A text box's
    paragraphs follow the paragraph it is anchored in."""
    found: list[tuple[WordParagraph, tuple[int | None, int]]] = []
    tables = 0
    stack = [iter(document.element.body.iterchildren())]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag == f"{_W}p":
            found.append((WordParagraph(child, document), (None, 0)))
            found.extend((WordParagraph(p, document), (None, 0)) for box in
                         child.iter(f"{_W}txbxContent") for p in box.iter(f"{_W}p")
                         if not _in_fallback(p))
        elif child.tag == f"{_W}tbl":
            found.extend((WordParagraph(p, document), (tables, _column(p, child)))
                         for p in child.iter(f"{_W}p") if not _in_fallback(p))
            tables += 1
        elif child.tag in _CONTAINERS:
            stack.append(child.iterchildren())
    return found


_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _in_fallback(element: etree._Element) -> bool:
    """True inside `mc:Fallback`: the old-format copy of a text box Word writes beside the
    new one, whose text would otherwise be read twice."""
    parent = element.getparent()
    while parent is not None:
        if parent.tag == _FALLBACK:
            return True
        parent = parent.getparent()
    return False


def _column(paragraph: etree._Element, table: etree._Element) -> int:
    """Which cell of its row of `table` the paragraph stands in (0 for the first)."""
    cell = paragraph.getparent()
    while cell is not None and cell.tag != f"{_W}tc":
        cell = cell.getparent()
    if cell is None:
        return 0
    row = cell.getparent()
    while row is not None and row.tag != f"{_W}tr":
        row = row.getparent()
    if row is None or row.getparent() is not table:
        return 0  # a table inside a cell: where its outer cell stands is what counts
    return [c for c in row if c.tag in (f"{_W}tc", f"{_W}sdt")].index(cell) if (
        cell.getparent() is row) else 0


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
    """The font of text that names none: the Normal style's, else the document's defaults
    (`w:docDefaults`, where LibreOffice and some templates put a `.VnTime`)."""
    try:
        name: str | None = document.styles["Normal"].font.name
    except KeyError:
        name = None
    if name:
        return name
    fonts = document.styles.element.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}rFonts")
    if fonts is None:
        return None
    default: str | None = fonts.get(f"{_W}hAnsi") or fonts.get(f"{_W}ascii")
    return default


_CENTER = 1
"""WD_ALIGN_PARAGRAPH.CENTER."""


@dataclass(frozen=True)
class _Style:
    """What a paragraph style (with the styles it is based on) says of its paragraphs."""

    name: str
    font: str | None
    bold: bool
    caps: bool
    centered: bool
    """The first alignment set in the chain is centred (not when it is one python-docx does
    not know)."""


class _Styles:
    """Each paragraph style of one document, resolved once.

    python-docx finds a paragraph's style by an XPath query over every style each time it
    is asked, and its base styles the same way: asked per run and per flag, that was most
    of a Word file's reading time.
    """

    def __init__(self) -> None:
        self._by_id: dict[str | None, _Style] = {}

    def of(self, paragraph: WordParagraph) -> _Style:
        key = paragraph._p.style
        found = self._by_id.get(key)
        if found is None:
            found = self._by_id[key] = _resolved(paragraph)
        return found


def _resolved(paragraph: WordParagraph) -> _Style:
    style = paragraph.style
    chain: list[ParagraphStyle] = []
    while style is not None:
        chain.append(style)
        style = style.base_style
    try:
        alignment = next((a for s in chain if (a := s.paragraph_format.alignment) is not None),
                         None)
    except ValueError:  # an alignment value python-docx does not know
        alignment = None
    return _Style(name=chain[0].name or "" if chain else "",
                  font=next((name for s in chain if (name := s.font.name)), None),
                  bold=_first_flag(chain, "bold"), caps=_first_flag(chain, "all_caps"),
                  centered=alignment is not None and int(alignment) == _CENTER)


def _first_flag(chain: Sequence[ParagraphStyle], name: str) -> bool:
    """A font flag (`bold`, `all_caps`) as the first style of the chain that sets it says;
    False when none does."""
    for style in chain:
        value = getattr(style.font, name)
        if value is not None:
            return bool(value)
    return False


def _piece(paragraph: WordParagraph, style: _Style, default_font: str | None,
           legacy_fonts: set[str], path: Path, where: tuple[int | None, int]) -> Piece:
    style_font = style.font or default_font
    texts: list[str] = []
    bold = italic = True
    has_text = False
    for run in _runs(paragraph):
        font = run.font.name or _run_hansi(run) or style_font
        raw = _run_text(run, font, legacy_fonts, path)
        if run.font.all_caps or (run.font.all_caps is None and style.caps):
            raw = raw.upper()  # what the page shows: Word draws this run in capitals
        texts.append(raw)
        if raw.strip():
            has_text = True
            bold = bold and bool(run.bold or (run.bold is None and style.bold))
            italic = italic and bool(run.italic)
    properties = paragraph._p.pPr
    numbered = properties is not None and properties.numPr is not None
    raw = "".join(texts)
    return Piece(
        text=" ".join(raw.split()), raw=raw,
        style=style.name, bold=has_text and bold, italic=has_text and italic,
        pictures=tuple(_pictures(paragraph, path)), numbered=numbered,
        table=where[0], column=where[1], centered=_centered(paragraph, style))


def _centered(paragraph: WordParagraph, style: _Style) -> bool:
    """Centred by the paragraph or by its style, as a letterhead, type and title are."""
    try:
        alignment = paragraph.alignment
    except ValueError:  # an alignment value python-docx does not know
        return False
    return style.centered if alignment is None else int(alignment) == _CENTER


_BREAKS = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n",
           f"{_W}noBreakHyphen": "-"}


def _run_text(run: Run, font: str | None, legacy_fonts: set[str], path: Path) -> str:
    """Every character a run shows: its text, tabs, line breaks, hyphens, symbols.

    A legacy font's text (with its soft hyphens: TCVN3 writes ư as byte 0xAD, which
    Word stores as `w:softHyphen`) is converted by that font's encoding; a symbol
    font's characters (`w:sym`, or text in Symbol or Wingdings) become Unicode. A
    symbol that cannot be mapped is reported, never dropped in silence.
    """
    codec, capitals = font_codec(font)
    symbol_font = _symbol_font(font)
    out: list[str] = []
    legacy: list[str] = []  # the legacy text waiting to be converted in one go

    def flush() -> None:
        if legacy:
            text = codec.convert("".join(legacy)) if codec is not None else "".join(legacy)
            out.append(text.upper() if capitals else text)
            legacy.clear()

    for child in run._r.iterchildren():
        tag = child.tag
        if tag == f"{_W}t":
            text = child.text or ""
            if symbol_font is not None:
                flush()
                out.append(_symbols(text, symbol_font, path))
            elif codec is not None:
                legacy_fonts.add(codec.name)
                legacy.append(_unprivate(text))
            else:
                out.append(text)
        elif tag == f"{_W}softHyphen":
            if codec is not None:
                legacy_fonts.add(codec.name)
                legacy.append("\u00ad")  # ư (or Ư) in TCVN3
            else:
                out.append("\u00ad")  # an optional hyphen: normalization removes it
        elif tag in _BREAKS:
            flush()
            out.append(_BREAKS[tag])
        elif tag == f"{_W}br":
            flush()
            out.append("\n")
        elif tag == f"{_W}sym":
            flush()
            out.append(_sym(child, path))
    flush()
    return "".join(out)


def _symbol_font(font: str | None) -> str | None:
    name = " ".join((font or "").lower().split())
    return name if name in FONTS else None


def _symbols(text: str, font: str, path: Path) -> str:
    """Text set in a symbol font (its characters as bytes or as U+F0xx) as Unicode."""
    out = []
    for char in text:
        mapped = symbol_char(font, ord(char)) if ord(char) < 0x100 or (
            0xF020 <= ord(char) <= 0xF0FF) else char
        if mapped is None:
            _unmapped(path, font, ord(char))
            continue
        out.append(mapped)
    return "".join(out)


def _sym(element: etree._Element, path: Path) -> str:
    """A `w:sym` (a character of a symbol font, by code) as Unicode."""
    font = element.get(f"{_W}font") or ""
    try:
        code = int(element.get(f"{_W}char") or "", 16)
    except ValueError:
        return ""
    mapped = symbol_char(font, code)
    if mapped is None:
        if font and _symbol_font(font) is None and 0x20 <= code < 0xF000:
            return chr(code)  # an ordinary font named in a w:sym: the code is the character
        if not font and (0xF020 <= code <= 0xF0FF or code < 0x100):
            mapped = symbol_char(None, code)  # no font named: read as plain text reads it
        if mapped is None:
            _unmapped(path, font, code)
            return ""
    return mapped


def _unmapped(path: Path, font: str, code: int) -> None:
    log.warning(_("%s: a character of the font %s (code %04X) has no Unicode equivalent bantin"
                  " knows and is left out; replace it with an ordinary character in Word"),
                path, printable(font or "(none)"), code)


def _with_text(piece: Piece, text: str) -> Piece:
    return replace(piece, text=text)


def _unprivate(text: str) -> str:
    """Word stores a symbol font's character as U+F0xx: the byte is the low half."""
    return "".join(chr(ord(c) - 0xF000) if 0xF020 <= ord(c) <= 0xF0FF else c for c in text)


def _run_hansi(run: Run) -> str | None:
    properties = run._r.rPr
    fonts = properties.rFonts if properties is not None else None
    return fonts.get(f"{_W}hAnsi") if fonts is not None else None


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
            log.warning(_("%s: picture %s is linked, not inside the Word file, and is never"
                          " fetched; the caption is kept without it (insert the picture itself:"
                          " Insert → Pictures → This Device)"), path, _short(relation.target_ref))
        elif embedded or linked:
            log.warning(_("%s: picture %s is missing from the Word file; the caption is kept"
                          " without it (insert the picture again)"), path,
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
    numbered = [_labelled(piece) for piece in body]
    document = official.recognise(_lines(numbered))
    if document is not None:
        return _document(numbered, document, path, context, encoding, notes)

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
        raise SourceError(_("the document has no text; write the article in it or remove it"),
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


def _blocks(pieces: Sequence[Piece | Block], path: Path, context: ReadContext,
            notes: list[Note], parts: dict[str, int] | None = None) -> list[Block]:
    """The body's blocks; blocks already made (a signature) are taken as they are, and with
    `parts` (an administrative document's heading levels) its Chương/Mục/Điều and its
    numbered parts in capitals are headings."""
    blocks: list[Block] = []
    items: list[str] = []
    ordered = False
    for index, piece in enumerate(pieces):
        if not isinstance(piece, Piece):
            if items:
                blocks.append(ListBlock(items=tuple(items), ordered=ordered))
                items = []
            blocks.append(piece)
            continue
        if parts is not None and not piece.pictures and (
                part := _document_part(piece, parts)):
            if items:
                blocks.append(ListBlock(items=tuple(items), ordered=ordered))
                items = []
            blocks.extend(part)
            continue
        if parts is not None and _names_part(blocks, piece):
            part_heading = blocks[-1]
            assert isinstance(part_heading, Heading)  # what _names_part checked
            joint = " " if " – " in part_heading.text else " – "
            blocks[-1] = replace(part_heading, text=f"{part_heading.text}{joint}{piece.text}")
            continue
        style = piece.style.lower()
        # In a document, a numbered paragraph carries its number in its text (`_labelled`).
        listed = piece.numbered or (style.startswith("list") and not (
            parts is not None and piece.label))
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
        before = _text_of(pieces[index - 1]) if index else None
        after = _text_of(pieces[index + 1]) if index + 1 < len(pieces) else None
        # A caption is a paragraph in a caption style or under a picture; in Word, a short
        # line without a picture is a line (a letterhead cell, a motto, a form line).
        if style == "caption" or (under_picture and (
                piece.italic or looks_like_caption(piece.text, before, after))):
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


def _text_of(piece: Piece | Block) -> str | None:
    return piece.text if isinstance(piece, Piece) else None


# ---------------------------------------------------------------- administrative documents

_COLUMNS = re.compile(r"\t+|\s{10,}")
"""Where a line typed in columns (tabs, or runs of spaces) is cut into them."""


def _lines(pieces: list[Piece]) -> list[official.Line]:
    """The document's lines, each with the column it stands in: a table's first cell is
    the left column, its other cells the right; in a paragraph typed in columns with tabs
    (old letterheads and closing blocks), the text before the tabs is the left column and
    the text after them the right, and a line pushed right by tabs alone is in the right
    column."""
    lines: list[official.Line] = []
    for number, piece in enumerate(pieces):
        base = official.Line(text="", piece=number, table=piece.table, bold=piece.bold,
                             centered=piece.centered)
        for row_number, row in enumerate((piece.raw or piece.text).split("\n")):
            here = replace(base, row=row_number)
            row = _RIGHT_HAND.sub("\t", row)
            if piece.table is not None:
                lines.append(_line(here, row, min(piece.column, 1)))
                continue
            parts = [part for part in _COLUMNS.split(row.rstrip()) if part.strip()]
            if len(parts) >= 2 and _NUMBER_LABEL.match(parts[0]):
                parts[:2] = [f"{parts[0]} {parts[1]}"]  # "Số:      /QĐ-UBND", left blank
                while len(parts) >= 2 and _NUMBER_PIECE.match(parts[1]):
                    parts[:2] = [f"{parts[0]} {parts[1].strip()}"]  # "40      /2000/TT/BTC"
            if len(parts) >= 2:  # two columns, the left one perhaps indented to centre it
                lines.append(_line(here, parts[0], 0))
                lines.append(_line(here, " ".join(parts[1:]), 1))
            elif len(parts) >= 1 and _pushed_right(row):
                lines.append(_line(here, " ".join(parts), 1))
            else:
                lines.append(_line(here, row, -1))
    return lines


def _line(base: official.Line, text: str, column: int) -> official.Line:
    """`base` (a paragraph's line) with this text, spaces folded, in this column."""
    return replace(base, text=" ".join(text.split()), column=column)


_NUMBER_LABEL = re.compile(r"^\s*Số\s*:?\s*$", re.IGNORECASE)
_NUMBER_PIECE = re.compile(r"^\s*[\w./\-–]+\s*$")
"""A piece of a number spread out with spaces; a place-and-date line has spaces in it."""
_RIGHT_HAND = re.compile(r"(?<=\S)\s{2,}(?=(?:C[ỘO]NG\s+H[OÒ][AÀ]|Độc\s+lập|ĐẢNG"
                         r"\s+CỘNG\s+SẢN)|[^\W\d_][^,\d]{0,30},\s*ngày\b)")
"""Where a letterhead typed with a few spaces turns to its right-hand column: the motto,
or the place-and-date line."""


def _labelled(piece: Piece) -> Piece:
    """In a document, a numbered paragraph shows its number as part of its text ("Điều 3.",
    "2.1", "a)"): a point of a legal text is cited by it."""
    if not piece.label or not piece.text:
        return piece
    return replace(piece, text=f"{piece.label} {piece.text}",
                   raw=f"{piece.label} {piece.raw.lstrip()}", numbered=False)


def _pushed_right(row: str) -> bool:
    """A line moved into the right column by two tabs or a long run of spaces."""
    indent = row[:len(row) - len(row.lstrip())]
    return indent.count("\t") >= 2 or len(indent) >= 12


def _document(body: list[Piece], document: official.Document, path: Path,
              context: ReadContext, encoding: str, notes: list[Note]) -> RawSource:
    """An administrative document: title = type + subject, the place-and-date line's date,
    its number, issuer and signer as fields, the signature and recipients as blocks."""
    notes.extend(document.notes)
    metadata: dict[str, str] = {}
    title = document.title or next((p.text for i, p in enumerate(body)
                                    if i not in document.used and p.text), "")
    if not title:
        raise SourceError(_("the document has no text; write it or remove it"), path=path)
    if not document.title:
        document.used.add(next(i for i, p in enumerate(body) if p.text == title))
        notes.append(Note(action="found", what="title (first line)", text=title))
    metadata["title"] = title
    if document.date:
        metadata["date"] = document.date
    fields = {"place": document.place, "document_type": document.document_type,
              "document_number": document.number, "issuer": document.issuer,
              "signer": document.signer}
    metadata.update({key: value for key, value in fields.items() if value})
    pieces: list[Piece | Block] = []
    parts = _part_levels(body, document)
    for index, piece in enumerate(body):
        if index == document.signature_at:
            pieces.append(Signature(items=document.signature))
        if index in document.annexes:
            pieces.append(Heading(text=document.annexes[index], level=2))
        if index not in document.used:
            rows = {row for at, row in document.rows if at == index}
            if rows:  # the rest of a paragraph whose first lines were the title
                text = " ".join(" ".join(line.split()) for number, line in enumerate(
                    piece.raw.split("\n")) if number not in rows)
                piece = replace(piece, text=" ".join(text.split()), raw=text)
            if piece.text or piece.pictures:
                pieces.append(piece)
    if document.recipients:
        pieces.append(Recipients(items=document.recipients))
    if document.annexes:  # an attached document's title stands above its parts
        parts = {kind: level + 1 for kind, level in parts.items()}
    blocks = _blocks(pieces, path, context, notes, parts=parts)
    return RawSource(path=path, encoding=encoding, metadata=metadata, blocks=tuple(blocks),
                     notes=tuple(notes))


def _part_levels(body: list[Piece], document: official.Document) -> dict[str, int]:
    """Heading levels of the document's parts, with no level skipped: Chương (or Phần,
    Phụ lục) above Mục above Điều, each at the next level down from the ones it has."""
    kinds = {official.part_kind(p.text) for i, p in enumerate(body)
             if i not in document.used and official.heading_of(p.text)}
    if any(official.roman_heading(p.text) for p in body):
        kinds.add("chương")
    order = [kind for kind in ("chương", "mục", "điều") if kind in kinds]
    return {kind: 2 + order.index(kind) for kind in order}


def _names_part(blocks: list[Block], piece: Piece) -> bool:
    """The line under "Chương I" (or "Mục 2", "Phần thứ nhất") that names it, in capitals:
    "NHỮNG QUY ĐỊNH CHUNG" goes into that heading."""
    previous = blocks[-1] if blocks else None
    return (isinstance(previous, Heading) and official.part_kind(previous.text) in (
        "chương", "mục")
        and (len(previous.text.split()) <= 3 or " – " in previous.text)
        and not previous.text.endswith((".", ":")) and official.is_capitals(piece.text)
        and len(piece.text.split()) <= 16 and not official.heading_of(piece.text))


def _document_part(piece: Piece, parts: dict[str, int]) -> list[Block] | None:
    """A Chương/Mục/Điều line (or "I. MỤC ĐÍCH" in capitals) as its heading, and the
    sentence an Điều line goes on with as a paragraph."""
    if official.roman_heading(piece.text):
        return [Heading(text=piece.text, level=parts.get("chương", 2))]
    found = official.heading_of(piece.text)
    if found is None:
        return None
    text, rest = found
    level = parts.get(official.part_kind(piece.text) or "", 2)
    return [Heading(text=text, level=level), *([Paragraph(text=rest)] if rest else [])]


def document_from_text(lines: list[str], path: Path, context: ReadContext, encoding: str,
                       notes: list[Note]) -> RawSource | None:
    """An administrative document saved as plain text, read as the same document in Word
    would be; None when the lines are not laid out as one. Text keeps no formatting: a
    short line without closing punctuation stands for a centred one (the type, the
    subject, the letterhead)."""
    pieces = [Piece(text=" ".join(line.split()), raw=_MOTTO_AFTER.sub("\t", line.strip()),
                    style="", bold=False, italic=False, pictures=(), numbered=False,
                    centered=len(line.strip()) <= 120 and not line.rstrip().endswith(
                        (".", ";", ":", ",")))
              for line in lines if line.strip()]
    document = official.recognise(_lines(pieces)) if pieces else None
    if document is None:
        return None
    return _document(pieces, document, path, context, encoding, notes)


_MOTTO_AFTER = re.compile(r"(?<=\S)[ \t]+(?=C[ỘO]NG\s+H[OÒ][AÀ]\s+X[ÃA]|Độc\s+lập\s*[-–—]"
                          r"|ĐẢNG\s+CỘNG\s+SẢN)")
"""In copied text the letterhead's two cells run into one line: the motto starts the
right-hand one."""
