"""The digest: one document of a period's articles, as a PDF per variant and one EPUB.

The PDF is laid out as one document (never merged from separate PDFs,
which would lose the tags, the language and the metadata): cover,
editor's note and contents numbered i, ii …, then the articles by section,
each from a new page, numbered from 1. The front matter is laid out
alone first to learn where the articles start, so the page counter can
be reset there and the contents' page numbers equal the page labels.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..collate import Collated
from ..errors import RenderError
from ..model import Article
from . import RenderContext
from .clock import epoch_of
from .epub import Issue, build_epub
from .html import modified_date, page_context, render_template

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True, slots=True)
class DigestSource:
    """What a digest is made of besides its articles."""

    collated: Collated
    note: Article | None = None
    """The editors' note for the period (input/notes/<period>.md), if any."""
    cover_image: Path | None = None
    """A cover picture (input/covers/<period>.jpg), if any."""
    config_source: Path | None = None
    """Where to point error messages (the project's input/)."""


def anchors(collated: Collated) -> dict[str, str]:
    """A fragment id per article slug, in printed order."""
    return {a.slug: f"a{number}-{a.slug}" for number, a in enumerate(collated.articles, 1)}


def digest_html(source: DigestSource, variant_name: str, context: RenderContext, *,
                include_articles: bool = True, first_article_page: int | None = None) -> str:
    """The print HTML of the whole digest (or of its front matter alone)."""
    collated, config = source.collated, context.config
    authors = dict.fromkeys(n for a in collated.articles for n in a.authors)
    tags = dict.fromkeys(t for a in collated.articles for t in a.tags)
    values: dict[str, Any] = {
        **page_context(variant_name, config),
        "digest_title": collated.period.title, "issue_number": collated.issue_number,
        "sections": collated.sections, "anchors": anchors(collated), "note": source.note,
        "authors": list(authors), "keywords": list(tags),
        "created": collated.period.end.isoformat(),
        "modified": modified_date(collated.articles),
        "cover_image": source.cover_image.resolve().as_uri() if source.cover_image else None,
        "cover_alt": f"Ảnh bìa {collated.period.title}",
        "include_articles": include_articles, "first_article_page": first_article_page,
        "heading_shift": 1,
    }
    env = _env_with_images(context.env, collated, source.note)
    return render_template(env, "digest.html", values, config, source.config_source)


def _env_with_images(env: jinja2.Environment, collated: Collated,
                     note: Article | None) -> jinja2.Environment:
    """The environment with `image_url` resolving each article's pictures absolutely
    (they come from the folders of different sources)."""
    overlay = env.overlay()
    by_src: dict[str, str] = {}
    for article in (*collated.articles, *([note] if note else [])):
        for block in article.blocks:
            src = getattr(block, "src", None)
            if src:
                package, _, member = src.partition("#")
                url = (article.source.parent / package).resolve().as_uri()
                by_src[src] = url + (f"#{member}" if member else "")
    overlay.globals["image_url"] = lambda src: by_src.get(src, src)
    return overlay


def digest_pdf(source: DigestSource, variant_name: str, context: RenderContext) -> bytes:
    """The digest's PDF in one variant."""
    from .pdf import document_pdf, lay_out  # WeasyPrint is slow to import

    config = context.config
    collated = source.collated
    epoch = epoch_of(collated.period.end)
    base = (config.project / "input").resolve()
    front = lay_out(digest_html(source, variant_name, context, include_articles=False),
                    base_url=base, fetcher=context.fetcher(), epoch=epoch,
                    source=source.config_source)
    first = len(front.pages)
    first_anchor = anchors(collated)[collated.articles[0].slug]
    for _ in range(3):  # the contents' numbers could change its length: settle it
        document = lay_out(digest_html(source, variant_name, context,
                                       first_article_page=first + 1),
                           base_url=base, fetcher=context.fetcher(), epoch=epoch,
                           source=source.config_source)
        actual = next(i for i, page in enumerate(document.pages) if first_anchor in page.anchors)
        if actual == first:
            break
        first = actual
    else:
        raise RenderError("the contents would not settle on a page count; shorten the"
                          " editors' note or the titles", path=source.config_source)
    identity = (config.publication.publisher, collated.period.name, variant_name)
    return document_pdf(document, pdf_variant=config.pdf.variant, identity=identity,
                        epoch=epoch, labels=((0, "r", 1), (first, "D", 1)),
                        source=source.config_source)


def digest_epub(source: DigestSource, context: RenderContext) -> bytes:
    """The digest's EPUB 3 issue: sections, then their articles, with the cover."""
    collated, config = source.collated, context.config
    sections = collated.sections
    if source.note is not None:
        sections = ((None, (source.note,)), *sections)
    issue = Issue(title=collated.period.title, identity=(config.publication.publisher,
                                                        collated.period.name),
                  sections=sections, date=collated.period.end,
                  cover_lines=(collated.period.title,), issue_number=collated.issue_number)
    return build_epub(issue, config, context.env, embed_fonts=config.epub.embed_fonts)
