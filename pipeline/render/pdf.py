"""HTML to PDF with WeasyPrint: tagged, with metadata, page labels, and no network.

The PDF follows `[pdf] variant` (PDF/UA-1 by default: tagged, `/Lang`,
the title shown in the window). WeasyPrint writes no page labels, so a
finisher adds them. Output is byte-identical for the same input: dates
come from the articles (or SOURCE_DATE_EPOCH) and the document identifier
from the publication's identity.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pydyf
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from ..errors import RenderError
from ..i18n import _
from .columns import balance_by_lines
from .deflate import deflate_at_default_level
from .fetcher import SafeFetcher
from .glyph_arrays import parse_array_types_once
from .identity import identifier, pinned_clock

log = logging.getLogger(__name__)

balance_by_lines()  # columns balance in steps of a line: see columns.py
deflate_at_default_level()  # streams at zlib's level 6, not 9: see deflate.py
parse_array_types_once()  # font subsets' glyph arrays: see glyph_arrays.py

Finisher = Callable[[weasyprint.Document, pydyf.PDF], None]
"""What WeasyPrint calls on the PDF's objects after writing them, before serialising."""


def page_labels(ranges: Sequence[tuple[int, str, int]]) -> Finisher:
    """A WeasyPrint finisher writing /PageLabels: (first page index, style D/r/R, start)."""

    def finisher(document: weasyprint.Document, pdf: pydyf.PDF) -> None:
        numbers = pydyf.Array()
        for first, style, start in ranges:
            numbers.extend([first, pydyf.Dictionary({"S": f"/{style}", "St": start})])
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": numbers})

    return finisher


_IMAGE_NAME = re.compile(r"i[0-9a-f]{32}[01]")


def stable_image_names(document: weasyprint.Document, pdf: pydyf.PDF) -> None:
    """A finisher naming each picture after its bytes, as WeasyPrint names it after its URL:
    a path on this machine, which would make the same article's PDF differ from folder to
    folder (an archive rebuilding it elsewhere must get the same bytes)."""
    renames: dict[str, str] = {}
    for obj in pdf.objects:
        xobjects = obj.get("XObject") if isinstance(obj, pydyf.Dictionary) else None
        if not isinstance(xobjects, pydyf.Dictionary):
            continue
        for name in [n for n in xobjects if _IMAGE_NAME.fullmatch(str(n))]:
            if name not in renames:
                reference = xobjects[name]
                text = reference.decode() if isinstance(reference, bytes) else str(reference)
                image = pdf.objects[int(text.split()[0])]
                data = b"".join(_bytes(part) for part in getattr(image, "stream", []))
                renames[name] = f"i{hashlib.md5(data, usedforsecurity=False).hexdigest()}{name[-1]}"
            xobjects[renames[name]] = xobjects.pop(name)
    if not renames:
        return
    pattern = re.compile(b"/(" + b"|".join(re.escape(n.encode()) for n in renames) + b")")

    def rename(match: re.Match[bytes]) -> bytes:
        return b"/" + renames[match[1].decode()].encode()

    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream):
            obj.stream = [pattern.sub(rename, part) if isinstance(part, bytes) else part
                          for part in obj.stream]


def _bytes(part: object) -> bytes:
    """A stream part's bytes (a picture WeasyPrint reads lazily from its cache: its data)."""
    if isinstance(part, bytes):
        return part
    data = getattr(part, "data", None)
    return data if isinstance(data, bytes) else str(part).encode()


_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
_RELATIVE_URL = re.compile(r"""url\(\s*["']?(?![a-zA-Z][a-zA-Z0-9+.-]*:)""")
_STYLESHEETS: dict[tuple[str, ...], tuple[weasyprint.CSS, FontConfiguration]] = {}
"""This process's parsed stylesheets (and the font configuration their @font-face rules
went into), by their text, the fetcher's folders and, when they hold a relative URL, the
base URL: every article of a variant has the same stylesheet, and parsing it and loading
its fonts took a fifth of an article's time."""
_KEEP_STYLESHEETS = 16


def _stylesheet(text: str, base_url: str, fetcher: SafeFetcher) -> tuple[weasyprint.CSS,
                                                                         FontConfiguration]:
    """The parsed stylesheet of `text`, made once per process."""
    relative = base_url if _RELATIVE_URL.search(text) else ""
    key = (text, relative, *map(str, fetcher.roots), "|", *map(str, fetcher.font_dirs),
           str(fetcher.max_bytes))
    if key not in _STYLESHEETS:
        if len(_STYLESHEETS) >= _KEEP_STYLESHEETS:
            del _STYLESHEETS[next(iter(_STYLESHEETS))]
        fonts = FontConfiguration()
        _STYLESHEETS[key] = (weasyprint.CSS(string=text, base_url=base_url,
                                            url_fetcher=fetcher, font_config=fonts), fonts)
    return _STYLESHEETS[key]


def lay_out(html: str, *, base_url: Path, fetcher: SafeFetcher, epoch: int,
            source: Path | None = None) -> weasyprint.Document:
    """WeasyPrint's laid-out document of a print HTML page.

    A page with one `<style>` element (every built-in layout) has it parsed once per
    process and passed in its place: the same rules in the same order, so the same bytes.
    """
    base = str(base_url) + "/"
    try:
        with pinned_clock(epoch):
            styles = _STYLE.findall(html)
            if len(styles) == 1 and "<link" not in html:
                stylesheet, fonts = _stylesheet(styles[0], base, fetcher)
                return weasyprint.HTML(string=_STYLE.sub("", html, count=1), base_url=base,
                                       url_fetcher=fetcher).render(
                                           stylesheets=[stylesheet], font_config=fonts)
            return weasyprint.HTML(string=html, base_url=base,
                                   url_fetcher=fetcher).render(font_config=FontConfiguration())
    except (ValueError, TypeError, OSError, AssertionError) as exc:
        raise RenderError(_("WeasyPrint could not lay out this page ({exc}); check the layouts"
                            " and the pictures").format(exc=exc), path=source) from exc


def document_pdf(document: weasyprint.Document, *, pdf_variant: str, identity: Sequence[str],
                 epoch: int, labels: Sequence[tuple[int, str, int]] = ((0, "D", 1),),
                 source: Path | None = None, attachments: Sequence[weasyprint.Attachment] = (),
                 finishers: Sequence[Finisher] = ()) -> bytes:
    """The PDF bytes of a laid-out document: tagged, labelled, reproducible.

    `attachments` are embedded files; `finishers` run after the page labels are added (the
    archival copies' metadata, `pdfa.py`). Without them the bytes are those of before.
    """
    steps = (page_labels(labels), stable_image_names, *finishers)

    def finish(document: weasyprint.Document, pdf: pydyf.PDF) -> None:
        for step in steps:
            step(document, pdf)

    extra = {"attachments": list(attachments)} if attachments else {}
    try:
        with pinned_clock(epoch):
            pdf: bytes = document.write_pdf(
                pdf_variant=pdf_variant, pdf_identifier=identifier(*identity).hex.encode("ascii"),
                finisher=finish, custom_metadata=True, uncompressed_pdf=False, **extra)
            return pdf
    except (ValueError, TypeError, OSError, AssertionError) as exc:
        raise RenderError(_("WeasyPrint could not write the PDF ({exc})").format(
                              exc=exc), path=source) from exc


def write_pdf(html: str, *, base_url: Path, fetcher: SafeFetcher, pdf_variant: str,
              identity: Sequence[str], epoch: int,
              labels: Sequence[tuple[int, str, int]] = ((0, "D", 1),),
              source: Path | None = None) -> bytes:
    """The PDF of a print HTML page; `RenderError` when WeasyPrint cannot make it."""
    document = lay_out(html, base_url=base_url, fetcher=fetcher, epoch=epoch, source=source)
    return document_pdf(document, pdf_variant=pdf_variant, identity=identity, epoch=epoch,
                        labels=labels, source=source)
