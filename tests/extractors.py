"""trafilatura (main text) and htmldate (dates) on a saved page, as an `Article`.

The yardstick the HTML reader is measured against (bench/real_corpus.py
--compare): the same page read by the field's best-known extractors,
turned into bantin's model so one scorer judges both. Both are given a
parsed tree, never a string, so neither can mistake text for a URL and
download it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.errors import SourceError
from pipeline.model import Article, Figure, Paragraph


def trafilatura_article(path: Path) -> Article | SourceError:
    import htmldate
    import trafilatura

    tree = trafilatura.load_html(path.read_bytes())
    if tree is None:
        return SourceError("trafilatura could not parse the page", path=path)
    document = trafilatura.bare_extraction(tree, with_metadata=True, include_images=True,
                                           include_comments=False, as_dict=True)
    if not document:
        return SourceError("trafilatura found no article", path=path)
    day = htmldate.find_date(trafilatura.load_html(path.read_bytes()), original_date=True)
    blocks: list[Paragraph | Figure] = []
    for line in (document.get("text") or "").split("\n"):
        line = line.strip()
        if line.startswith("![") and "](" in line:
            blocks.append(Figure(src=None, alt=None, caption=line[2:line.index("](")] or None,
                                 credit=None))
        elif line:
            blocks.append(Paragraph(text=line))
    return Article(slug="x", title=document.get("title") or "",
                   date=dt.date.fromisoformat(day) if day else None,
                   lead=document.get("description") or None,
                   byline=document.get("author") or None, blocks=tuple(blocks), source=path)
