"""Articles as HTML pages for print, from Jinja2 templates in layouts/.

The user's `layouts/` folder is searched first, then the built-in one, so
a house style can replace one file and keep the rest. Variants are data:
`variant.css` receives the variant's values (and a few derived sizes) as
CSS custom properties.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import markupsafe

from .. import __version__
from ..config import Config
from ..errors import RenderError
from ..i18n import _
from ..model import Article, Block, Digest, Recipients, Signature
from ..normalize.walk import texts_of
from ..periods import month_period
from ..resources import font_dirs, layout_dirs
from .fonts import Face, faces
from .glyphs import drawable, needed_fallbacks, variant_coverage
from .identity import modified_text
from .type_scale import page_width_pt, running_title, type_scale

_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
def vietnamese_date(day: dt.date) -> str:
    """`Thứ Năm, ngày 17 tháng 11 năm 2022`."""
    return f"{_WEEKDAYS[day.weekday()]}, ngày {day.day} tháng {day.month} năm {day.year}"


_TOKEN = re.compile(r"\S+")
_JOINED = re.compile(r"\w[/\-‐‑–]\w")
MAX_KEPT_TOGETHER = 40
"""Longer tokens (a URL, a base64 string) may break anywhere: kept whole they would run off
the page, and no document number is that long."""


def keep_together(text: str | None) -> markupsafe.Markup:
    """Escaped text with tokens like `53/QCPH-HĐND-UBND` kept on one line.

    Line breaking may split at a slash or hyphen; a document number or a
    compound name split over two lines is a split word, which large print
    must avoid (and no reader wants).
    """
    escaped = str(markupsafe.escape(text or ""))

    def wrap(token: re.Match[str]) -> str:
        # Two linear scans per token: a single pattern with `\S*` on both sides of the
        # joint backtracks quadratically on a long unbroken token.
        if len(token[0]) <= MAX_KEPT_TOGETHER and _JOINED.search(token[0]):
            return f'<span class="nobr">{token[0]}</span>'
        return token[0]

    return markupsafe.Markup(_TOKEN.sub(wrap, escaped))


def printed(article: Article, config: Config) -> Article:
    """The article as print and EPUB show it: a document's recipients ("Nơi nhận") last,
    as end matter, or left out when `[documents] recipients = "omit"`. Done before the
    templates, so a project's own layouts follow the setting too."""
    if not any(isinstance(block, Recipients) for block in article.blocks):
        return article
    rest = tuple(b for b in article.blocks if not isinstance(b, Recipients))
    end = (() if config.documents.recipients == "omit"
           else tuple(b for b in article.blocks if isinstance(b, Recipients)))
    return replace(article, blocks=rest + end)


def printed_digest(digest: Digest, config: Config) -> Digest:
    """`printed` applied to every article of a digest and to its editors' note."""
    return replace(digest, sections=tuple(
        (name, tuple(printed(a, config) for a in articles)) for name, articles in digest.sections),
        note=printed(digest.note, config) if digest.note else None)


def document_parts(blocks: Sequence[Block]) -> tuple[list[Block], list[Block], list[Block]]:
    """(body, closing, end matter): the signature blocks that close a document come after
    the body's columns, full width, and the recipients after everything else."""
    end: list[Block] = [b for b in blocks if isinstance(b, Recipients)]
    rest: list[Block] = [b for b in blocks if not isinstance(b, Recipients)]
    cut = len(rest)
    while cut and isinstance(rest[cut - 1], Signature):
        cut -= 1
    return rest[:cut], rest[cut:], end


_NOTE = re.compile(r"^\(.*\)$")
"""A line in brackets inside a signature block: "(Đã ký)", "(Đã ký và đóng dấu)"."""


def signature_lines(items: Sequence[str], signer: str | None) -> list[tuple[str, str]]:
    """(role, line) for each line of a signature block: "office" (on whose behalf, the
    office: printed bold), "note" ("(Đã ký)") or "signer" (the name, after the gap left for
    the signature). The name is the article's `signer`, else a last line that is not all
    capitals."""
    names = [i for i, line in enumerate(items) if signer and line.strip() == signer.strip()]
    last = len(items) - 1
    if not names and len(items) > 1 and items[last] != items[last].upper():
        names = [last]
    return [("signer" if i in names else "note" if _NOTE.match(line.strip()) else "office",
             line) for i, line in enumerate(items)]


def starts_with(title: str, prefix: str | None) -> bool:
    """Whether a title begins with `prefix`, ignoring case ("Nghị quyết về …")."""
    return bool(prefix) and title.casefold().startswith((prefix or "").casefold())


def environment(config: Config) -> jinja2.Environment:
    """The Jinja2 environment of a project (autoescaping HTML)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in layout_dirs(config)]),
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=False, lstrip_blocks=False)
    env.filters["vietnamese_date"] = vietnamese_date
    env.globals["image_url"] = image_url  # the EPUB passes its own in the context
    env.filters["keep_together"] = keep_together
    env.filters["document_parts"] = document_parts
    env.globals["signature_lines"] = signature_lines
    env.globals["starts_with"] = starts_with
    return env


def image_url(src: str) -> str:
    """A figure's `src` as a URL relative to the source's folder (Word pictures keep `#`)."""
    package, hash_, member = src.partition("#")
    return quote(package, safe="/") + (hash_ + quote(member, safe="/") if hash_ else "")


def page_context(variant_name: str, config: Config,
                 fallbacks: Sequence[Face] = ()) -> dict[str, Any]:
    """What every print page of a variant needs: publication, typography, fonts (and the
    symbol faces `fallbacks` its text needs, `glyphs.needed_fallbacks`)."""
    variant = config.variants[variant_name]
    type_ = type_scale(variant)
    width = page_width_pt(variant.page_size)
    return {
        "publication": config.publication, "variant_name": variant_name,
        "version": __version__, "large_print": type_.large_print,
        "running_title": lambda title: running_title(title, variant, width),
        "faces": [*faces(["serif", "sans", variant.family], font_dirs(config)), *fallbacks],
        "fallback_families": list(dict.fromkeys(face.family for face in fallbacks)),
        **type_.css_values(),
    }


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any],
                    config: Config, source: Path | None) -> str:
    """A layout template filled in; `RenderError` naming the folders searched or the fault."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as missing:
        searched = ", ".join(str(p) for p in layout_dirs(config))
        raise RenderError(_("template {name} not found; looked in {searched}").format(
                              name=repr(missing.name), searched=searched),
                          path=source) from None
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or "layouts"
        raise RenderError(_("the layout template is broken ({exc}); fix {where}").format(
                              exc=exc, where=where),
                          path=source) from None


def article_html(article: Article, variant_name: str, config: Config,
                 env: jinja2.Environment | None = None) -> str:
    """The print HTML of one article in one variant, in characters its fonts can draw."""
    article = drawable(printed(article, config), variant_coverage(variant_name, config))
    month = month_period(article.date.year, article.date.month) if article.date else None
    fallbacks = needed_fallbacks(texts_of(article), variant_name, config)
    context = {
        **page_context(variant_name, config, fallbacks),
        "article": article,
        "issue_number": config.publication.issues.get(month.name) if month else None,
        "period_title": (f"Tháng {article.date.month}/{article.date.year}" if article.date
                         else None),
        "created": article.date.isoformat() if article.date else None,
        "modified": modified_text([article]), "heading_shift": 0,
    }
    return render_template(env or environment(config), "article.html", context, config,
                           article.source)
