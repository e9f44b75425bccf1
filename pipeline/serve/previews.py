"""Page previews: PNG images of the real PDF pages, kept under `.bantin-cache/previews/`.

A PDF is known by its job key (the SHA-256 of every input, as in the build
cache), so its previews never go stale: a changed article has a new key.
`<key>/count` holds the number of pages and is written last; each page is
`<key>/<n>.png`, made when first asked for (or all at once by `make`).
"""

from __future__ import annotations

import io
import re
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..writing import write_atomic

SCALE = 1.25
"""Pixels per PDF point: an A4 page is 744 pixels wide, sharp enough to read large print."""
KEY = re.compile(r"^[0-9a-f]{64}$")

_pdfium = threading.Lock()
"""PDFium is not thread-safe: one page at a time in this process."""


def ready(folder: Path, key: str) -> bool:
    """True when the PDF of `key` has been seen (its page count is known)."""
    return (folder / key / "count").is_file()


def count(folder: Path, key: str) -> int:
    try:
        return int((folder / key / "count").read_text())
    except (OSError, ValueError):
        return 0


def _document(data: bytes):  # type: ignore[no-untyped-def]
    import pypdfium2

    return pypdfium2.PdfDocument(data)


def _render(data: bytes, pages: list[int]) -> dict[int, bytes]:
    """PNG bytes of the given pages (1-based) of a PDF."""
    with _pdfium:
        document = _document(data)
        try:
            made = {}
            for number in pages:
                page = document[number - 1]
                image = page.render(scale=SCALE).to_pil()
                buffer = io.BytesIO()
                image.save(buffer, format="PNG", compress_level=1)  # fast; a little larger
                made[number] = buffer.getvalue()
                page.close()
            return made
        finally:
            document.close()


def _pages(data: bytes) -> int:
    with _pdfium:
        document = _document(data)
        try:
            return len(document)
        finally:
            document.close()


def make(folder: Path, key: str, data: bytes, *, every_page: bool = True) -> int:
    """Record the PDF's page count and, with `every_page`, make every page's image."""
    total = _pages(data)
    target = folder / key
    if every_page:
        for number, png in _render(data, list(range(1, total + 1))).items():
            write_atomic(target / f"{number}.png", png)
    write_atomic(target / "count", str(total).encode())
    return total


def page(folder: Path, key: str, number: int, pdf: Callable[[], bytes | None]) -> Path | None:
    """The image of page `number`, made now from `pdf()` if needed; None when there is no
    such page or the PDF is not made yet."""
    path = folder / key / f"{number}.png"
    if path.is_file():
        return path
    data = pdf()
    if data is None:
        return None
    if not ready(folder, key):
        make(folder, key, data, every_page=False)
    if not 1 <= number <= count(folder, key):
        return None
    write_atomic(path, _render(data, [number])[number])
    return path


def prune(folder: Path, keys: set[str]) -> None:
    """Remove the previews of PDFs no job makes any more (they can only be made again)."""
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        if child.is_dir() and KEY.match(child.name) and child.name not in keys:
            shutil.rmtree(child, ignore_errors=True)


def outline(data: bytes) -> list[tuple[int, str, str]]:
    """The PDF's bookmarks as (level, title, printed page number) in order: the contents as
    they print (the page labels: front matter is numbered apart, i, ii, …)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    labels = reader.page_labels
    found: list[tuple[int, str, str]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
                continue
            try:
                index = reader.get_destination_page_number(item)
            except Exception:  # a bookmark without a page: listed without one
                index = None
            label = labels[index] if index is not None and index < len(labels) else ""
            found.append((level, str(item.title), label))

    walk(reader.outline, 1)
    return found
