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


def digest_html(digest: Digest, variant_name: str, context: RenderContext, *,
                include_articles: bool = True, first_article_page: int | None = None) -> str:
    """The print HTML of the whole digest (or of its front matter alone)."""
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
        "include_articles": include_articles, "first_article_page": first_article_page,
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
    epoch = epoch_of(digest.period.end)
    base = (config.project / "input").resolve()
    errors_at = config.project / "input"  # a digest's problems are the project's input/
    front = lay_out(digest_html(digest, variant_name, context, include_articles=False),
                    base_url=base, fetcher=context.fetcher(), epoch=epoch,
                    source=errors_at)
    first = len(front.pages)
    first_anchor = anchors(digest)[digest.articles[0].slug]
    for _attempt in range(3):  # the contents' numbers could change its length: settle it
        document = lay_out(digest_html(digest, variant_name, context,
                                       first_article_page=first + 1),
                           base_url=base, fetcher=context.fetcher(), epoch=epoch,
                           source=errors_at)
        actual = next(i for i, page in enumerate(document.pages) if first_anchor in page.anchors)
        if actual == first:
            break
        first = actual
    else:
        raise RenderError(_("the contents would not settle on a page count; shorten the"
                            " editors' note or the titles"), path=errors_at)
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
