"""Renderers: one class per output format, each a few named steps over an `Article`."""

from __future__ import annotations

import base64
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import unquote

import jinja2

from ..config import Config
from ..errors import RenderError
from ..i18n import _
from ..model import Article
from ..resources import font_dirs, layout_dirs, read_image
from .epub import article_book, build_epub
from .html import article_html, environment
from .identity import epoch_of

if TYPE_CHECKING:
    from .fetcher import SafeFetcher


@dataclass(kw_only=True)
class RenderContext:
    """What every render of a project shares: its configuration, templates and allowed folders."""

    config: Config
    """The project's configuration."""
    roots: tuple[Path, ...]
    """Folders rendering may read (the Resources rule); layouts are added to them."""
    env: jinja2.Environment = field(init=False)

    def __post_init__(self) -> None:
        self.env = environment(self.config)
        self.roots = (*self.roots, *layout_dirs(self.config))

    def fetcher(self) -> SafeFetcher:
        """A URL fetcher that reads only what the Resources rule allows."""
        from .fetcher import SafeFetcher  # imports WeasyPrint, which the EPUB does not need

        return SafeFetcher(self.roots, font_dirs(self.config))


class Renderer:
    """One output format. Subclasses set `name`, `suffix` and `render`."""

    name: ClassVar[str]
    suffix: ClassVar[str]
    per_variant: ClassVar[bool] = True
    """False for formats whose reader chooses the size (EPUB): one file per article."""

    def render(self, article: Article, variant: str, context: RenderContext) -> bytes:
        raise NotImplementedError

    def file_name(self, article: Article, variant: str) -> str:
        """`<slug>.<variant><suffix>`, as the Contracts name outputs."""
        return f"{article.slug}.{variant}{self.suffix}"


class HtmlRenderer(Renderer):
    """The print HTML, with its pictures inlined so the file stands alone."""

    name = "html"
    suffix = ".html"

    def render(self, article: Article, variant: str, context: RenderContext) -> bytes:
        html = article_html(article, variant, context.config, context.env)
        return inline_images(html, article).encode("utf-8")


class PdfRenderer(Renderer):
    """The print-ready PDF of one article in one variant."""

    name = "pdf"
    suffix = ".pdf"

    def render(self, article: Article, variant: str, context: RenderContext) -> bytes:
        from .pdf import write_pdf  # WeasyPrint takes half a second to import

        html = article_html(article, variant, context.config, context.env)
        config = context.config
        return write_pdf(html, base_url=article.source.parent.resolve(),
                         fetcher=context.fetcher(), pdf_variant=config.pdf.variant,
                         identity=article_identity(article, variant, config),
                         epoch=epoch_of(article.date), source=article.source)


def article_identity(article: Article, variant: str, config: Config) -> tuple[str, ...]:
    """What an article PDF's identifier is made of: publisher, slug, date, variant."""
    return (config.publication.publisher, *article.identity_parts, variant)


class EpubRenderer(Renderer):
    """The EPUB 3 book of one article (reflowable: one file for every variant)."""

    name = "epub"
    suffix = ".epub"
    per_variant = False

    def file_name(self, article: Article, variant: str) -> str:
        return f"{article.slug}{self.suffix}"

    def render(self, article: Article, variant: str, context: RenderContext) -> bytes:
        book = article_book(article, context.config)
        return build_epub(book, context.config, context.env,
                          embed_fonts=context.config.epub.embed_fonts)


RENDERERS: dict[str, type[Renderer]] = {
    r.name: r for r in (PdfRenderer, EpubRenderer, HtmlRenderer)}
"""Output formats by name (`--format`)."""

_IMG = re.compile(r'(<img src=")([^"]+)(")')


def inline_images(html: str, article: Article) -> str:
    """Pictures as data: URLs, so a saved HTML page does not depend on the input folder."""

    def data_url(match: re.Match[str]) -> str:
        src = match[2].replace("&amp;", "&")
        try:
            body = read_image(article.source, unquote(src))
        except (OSError, KeyError) as exc:
            raise RenderError(_("cannot read the picture {src} ({exc})").format(src=src, exc=exc),
                              path=article.source) from None
        mime = mimetypes.guess_type(src.split("#")[-1])[0] or "image/jpeg"
        return f"{match[1]}data:{mime};base64,{base64.b64encode(body).decode()}{match[3]}"

    return _IMG.sub(data_url, html)


__all__ = ["RENDERERS", "EpubRenderer", "HtmlRenderer", "PdfRenderer", "RenderContext",
           "Renderer"]
