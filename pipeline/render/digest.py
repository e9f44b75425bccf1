"""The digest: one document of a period's articles, as a PDF per variant and one EPUB.

The PDF is laid out as one document (never merged from separate PDFs,
which would lose the tags, the language and the metadata): cover,
editor's note and contents numbered i, ii …, then the articles by section,
each from a new page, numbered from 1. One layout pass does it: the
stylesheet resets the page counter on the first page of the articles' page
group, the contents take their numbers with `target-counter`, and the PDF's
page labels start where the first article's anchor is.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import jinja2

from ..errors import RenderError
from ..i18n import _
from ..model import Article, Digest
from ..normalize.walk import texts_of
from . import RenderContext
from .epub import Book, build_epub
from .glyphs import drawable_digest, needed_fallbacks, variant_coverage
from .html import page_context, printed_digest, render_template
from .identity import epoch_of, modified_text

if TYPE_CHECKING:
    import weasyprint

log = logging.getLogger(__name__)


def anchors(digest: Digest) -> dict[str, str]:
    """A fragment id per article slug, in printed order."""
    return {a.slug: f"a{number}-{a.slug}" for number, a in enumerate(digest.articles, 1)}


def digest_html(digest: Digest, variant_name: str, context: RenderContext) -> str:
    """The print HTML of the whole digest."""
    config = context.config
    digest = drawable_digest(printed_digest(digest, config),
                             variant_coverage(variant_name, config))
    authors = dict.fromkeys(n for a in digest.articles for n in a.creators)
    tags = dict.fromkeys(t for a in digest.articles for t in a.tags)
    texts = [digest.title, *(t for a in (*digest.articles, *([digest.note] if digest.note
                                                              else [])) for t in texts_of(a))]
    values: dict[str, Any] = {
        **page_context(variant_name, config, needed_fallbacks(texts, variant_name, config)),
        "digest_title": digest.title, "issue_number": digest.issue_number,
        "sections": digest.sections, "anchors": anchors(digest), "note": digest.note,
        "authors": list(authors), "keywords": list(tags),
        "created": digest.period.end.isoformat(),
        "modified": modified_text(digest.articles),
        "cover_image": digest.cover_image.resolve().as_uri() if digest.cover_image else None,
        "cover_alt": f"Ảnh bìa {digest.title}",
        "heading_shift": 1,
    }
    env = _env_with_images(context.env, digest)
    return render_template(env, "digest.html", values, config,
                           config.project / "input")


def _env_with_images(env: jinja2.Environment, digest: Digest) -> jinja2.Environment:
    """The environment with `image_url` resolving each article's pictures absolutely
    (they come from the folders of different sources)."""
    overlay = env.overlay()
    by_src: dict[str, str] = {}
    for article in (*digest.articles, *([digest.note] if digest.note else [])):
        for block in article.blocks:
            src = getattr(block, "src", None)
            if src:
                package, _hash, member = src.partition("#")
                url = (article.source.parent / package).resolve().as_uri()
                by_src[src] = url + (f"#{member}" if member else "")
    overlay.globals["image_url"] = lambda src: by_src.get(src, src)
    return overlay


def digest_document(digest: Digest, variant_name: str,
                    context: RenderContext) -> tuple[weasyprint.Document, int]:
    """The digest laid out in one variant, and the index of the page its articles start on."""
    from .pdf import lay_out  # WeasyPrint is slow to import

    config = context.config
    errors_at = config.project / "input"  # a digest's problems are the project's input/
    document = lay_out(digest_html(digest, variant_name, context),
                       base_url=(config.project / "input").resolve(), fetcher=context.fetcher(),
                       epoch=epoch_of(digest.period.end), source=errors_at)
    first_anchor = anchors(digest)[digest.articles[0].slug]
    first = next((i for i, page in enumerate(document.pages) if first_anchor in page.anchors),
                 None)
    if first is None:
        raise RenderError(_("the digest's first article is missing from its pages; check the"
                            " layouts"), path=errors_at)
    return document, first


def digest_identity(digest: Digest, variant_name: str, context: RenderContext) -> tuple[str, ...]:
    """What the digest PDF's identifier is made of: publisher, period, variant."""
    return (context.config.publication.publisher, digest.period.name, variant_name)


def digest_pdf(digest: Digest, variant_name: str, context: RenderContext) -> bytes:
    """The digest's PDF in one variant."""
    from .pdf import document_pdf  # WeasyPrint is slow to import

    document, first = digest_document(digest, variant_name, context)
    return document_pdf(document, pdf_variant=context.config.pdf.variant,
                        identity=digest_identity(digest, variant_name, context),
                        epoch=epoch_of(digest.period.end),
                        labels=((0, "r", 1), (first, "D", 1)),
                        source=context.config.project / "input")


def digest_epub(digest: Digest, context: RenderContext) -> bytes:
    """The digest's EPUB 3 issue: sections, then their articles, with the cover."""
    config = context.config
    sections: tuple[tuple[str | None, tuple[Article, ...]], ...] = digest.sections
    if digest.note is not None:
        sections = ((None, (digest.note,)), *sections)
    book = Book(title=digest.title, identity=(config.publication.publisher, digest.period.name),
                sections=sections, date=digest.period.end, cover_lines=(digest.title,),
                issue_number=digest.issue_number)
    return build_epub(book, config, context.env, embed_fonts=config.epub.embed_fonts)
