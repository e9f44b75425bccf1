"""Reading produced PDFs back in tests: structure (pikepdf), text and sizes (pypdf, pdfplumber)."""

from __future__ import annotations

import collections
import io
from dataclasses import dataclass

import pdfplumber
import pikepdf
import pypdf


def page_texts(pdf: bytes, top_margin_pt: float, bottom_margin_pt: float) -> list[str]:
    """The text of each page in content-stream order, without running headers and footers,
    whitespace collapsed (two columns come out column after column)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pieces: list[str] = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        kept: list[str] = []
        last_y: list[float] = []

        def visit(text, cm, tm, font, size, kept=kept, height=height, last_y=last_y):
            y = tm[5] * cm[3] + cm[5] if cm else tm[5]
            if not bottom_margin_pt <= y <= height - top_margin_pt or not text:
                return
            if last_y and abs(last_y[0] - y) > 1:
                kept.append(" ")  # a new line
            kept.append(text)
            last_y[:] = [y]

        page.extract_text(visitor_text=visit)
        pieces.append(" ".join("".join(kept).split()))
    return pieces


def body_text(pdf: bytes, top_margin_pt: float, bottom_margin_pt: float) -> str:
    """Every page's `page_texts`, in one string."""
    return " ".join(" ".join(page_texts(pdf, top_margin_pt, bottom_margin_pt)).split())


@dataclass(frozen=True)
class Sizes:
    body: float
    largest: float
    by_size: dict[float, int]


def font_sizes(pdf: bytes) -> Sizes:
    """The most common character size (the body) and the largest, in points."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        counts = collections.Counter(round(ch["size"], 1) for page in document.pages
                                     for ch in page.chars if ch["text"].strip())
    return Sizes(body=counts.most_common(1)[0][0], largest=max(counts), by_size=dict(counts))


def line_starts(pdf: bytes, page_number: int, top_margin_pt: float,
                bottom_margin_pt: float) -> list[float]:
    """The x positions where text lines start inside a page's content area (5 pt steps)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[page_number]
        lines = collections.defaultdict(list)
        for ch in page.chars:
            if top_margin_pt <= ch["top"] and ch["bottom"] <= page.height - bottom_margin_pt:
                lines[round(ch["top"])].append(ch["x0"])
        return sorted({round(min(xs) / 5) * 5 for xs in lines.values()})


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font used: BaseFont name → whether its program is embedded."""
    found: dict[str, bool] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendants = font.get("/DescendantFonts")
                real = descendants[0] if descendants else font
                descriptor = real.get("/FontDescriptor", {})
                embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2",
                                                          "/FontFile3"))
                found[str(font.BaseFont)] = embedded
    return found
