"""Articles as HTML pages for print, from Jinja2 templates in layouts/.

The user's `layouts/` folder is searched first, then the built-in one, so
a house style can replace one file and keep the rest. Variants are data:
`variant.css` receives the variant's values (and a few derived sizes) as
CSS custom properties.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import markupsafe

from .. import __version__
from ..config import Config, Variant
from ..errors import RenderError
from ..model import Article
from ..periods import month_period
from ..resources import fonts_dir, layouts_dir
from .fonts import WEIGHTS, faces, family_of

_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
LARGE_PRINT_SIZE = 16.0
"""From this body size up a variant follows the large-print rules (UKAAF's minimum)."""


def vietnamese_date(day: dt.date) -> str:
    """`Thứ Năm, ngày 17 tháng 11 năm 2022`."""
    return f"{_WEEKDAYS[day.weekday()]}, ngày {day.day} tháng {day.month} năm {day.year}"


_JOINED = re.compile(r"\S*\w[/\-‐‑–]\w\S*")


def keep_together(text: str | None) -> markupsafe.Markup:
    """Escaped text with tokens like `53/QCPH-HĐND-UBND` kept on one line.

    Line breaking may split at a slash or hyphen; a document number or a
    compound name split over two lines is a split word, which large print
    must avoid (and no reader wants).
    """
    escaped = markupsafe.escape(text or "")
    return markupsafe.Markup(_JOINED.sub(lambda m: f'<span class="nobr">{m[0]}</span>',
                                         str(escaped)))


def layout_dirs(config: Config) -> list[Path]:
    """Where templates are looked for: the project's layouts/, then the built-in ones."""
    own = config.project / "layouts"
    return [own, layouts_dir()] if own.is_dir() else [layouts_dir()]


def font_dirs(config: Config) -> list[Path]:
    """Where font files are looked for: the project's layouts/fonts/, then the built-in."""
    own = config.project / "layouts" / "fonts"
    return [own, fonts_dir()] if own.is_dir() else [fonts_dir()]


def environment(config: Config) -> jinja2.Environment:
    """The Jinja2 environment of a project (autoescaping HTML)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in layout_dirs(config)]),
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=False, lstrip_blocks=False)
    env.filters["vietnamese_date"] = vietnamese_date
    env.globals["image_url"] = image_url  # the EPUB passes its own in the context
    env.filters["keep_together"] = keep_together
    return env


def image_url(src: str) -> str:
    """A figure's `src` as a URL relative to the source's folder (Word pictures keep `#`)."""
    package, hash_, member = src.partition("#")
    return quote(package, safe="/") + (hash_ + quote(member, safe="/") if hash_ else "")


@dataclass(frozen=True, slots=True)
class Typography:
    """A variant's values with the sizes derived from them, for variant.css."""

    variant: Variant
    family: str
    display_family: str
    weight: int
    strong_weight: int
    large_print: bool
    sizes: dict[str, float]
    margin: str

    def css_values(self) -> dict[str, Any]:
        return {"variant": self.variant, "family": self.family, "weight": self.weight,
                "strong_weight": self.strong_weight, "margin": self.margin,
                "small_size": self.sizes["small"], "header_size": self.sizes["header"],
                "display_family": self.display_family, "sizes": self.sizes}


def typography(variant: Variant) -> Typography:
    """Derived sizes: headings from `heading_scale`; large print keeps small text at body size."""
    body = variant.body_size
    large = body >= LARGE_PRINT_SIZE
    scale = variant.heading_scale
    sizes = {
        "body": body,
        "title": round(body * max(scale * 1.25, 1.25) if large else body * scale * 1.4, 1),
        "h2": round(body * scale, 1),
        "h3": round(body * max(1.1, scale * 0.85), 1),
        "lead": round(body * (1.0 if large else 1.12), 1),
        "small": body if large else round(body * 0.82, 1),
        "header": body if large else round(body * 0.75, 1),
        "masthead": round(body * (1.6 if large else 2.6), 1),
    }
    weight = WEIGHTS[variant.weight]
    return Typography(
        variant=variant, family=family_of(variant.family)[0],
        display_family=family_of("sans")[0] if variant.family == "serif" else family_of(
            variant.family)[0],
        weight=weight, strong_weight=max(700, weight), large_print=large, sizes=sizes,
        margin="24mm 20mm 22mm" if large else "16mm 15mm 18mm")


_PAGE_WIDTHS_PT = {"a3": 842, "a4": 595, "a5": 420, "a6": 298, "b4": 709, "b5": 499,
                   "letter": 612, "legal": 612, "ledger": 792}
_UNITS_PT = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0, "px": 0.75}


def page_width_pt(page_size: str) -> float:
    """The page width in points of a `page_size` value (A4, "A4 landscape", "170mm 240mm")."""
    words = page_size.lower().split()
    if words[0] in _PAGE_WIDTHS_PT:
        width = _PAGE_WIDTHS_PT[words[0]]
        if words[-1] == "landscape":
            width = {595: 842, 420: 595, 298: 420, 842: 1191, 612: 792}.get(width, width)
        return float(width)
    number, unit = float(words[0][:-2]), words[0][-2:]
    return number * _UNITS_PT[unit]


def running_title(title: str, variant: Variant, page_width_pt: float = 595) -> str:
    """The article title shortened at a word to fit the running header on one line."""
    large = variant.body_size >= LARGE_PRINT_SIZE
    size = variant.body_size if large else variant.body_size * 0.75
    room = 0.95 if large else 0.58  # large print gives the title the whole line
    width_pt = (page_width_pt - 113) * room  # less about 2 × 20 mm of margins
    fits = max(12, int(width_pt / (size * 0.52)))
    if len(title) <= fits:
        return title
    cut = title[: fits - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-") + "…"


def modified_date(articles: Sequence[Article]) -> str | None:
    """SOURCE_DATE_EPOCH when set, else the newest article date — never the wall clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    dates = [a.date for a in articles if a.date]
    return max(dates).isoformat() if dates else None


def page_context(variant_name: str, config: Config) -> dict[str, Any]:
    """What every print page of a variant needs: publication, typography, fonts."""
    variant = config.variants[variant_name]
    type_ = typography(variant)
    width = page_width_pt(variant.page_size)
    return {
        "publication": config.publication, "variant_name": variant_name,
        "version": __version__, "large_print": type_.large_print,
        "running_title": lambda title: running_title(title, variant, width),
        "faces": faces(["serif", "sans", variant.family], font_dirs(config)),
        **type_.css_values(),
    }


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any],
                    config: Config, source: Path | None) -> str:
    """A layout template filled in; `RenderError` naming the folders searched or the fault."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as missing:
        searched = ", ".join(str(p) for p in layout_dirs(config))
        raise RenderError(f"template {missing.name!r} not found; looked in {searched}",
                          path=source) from None
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or "layouts"
        raise RenderError(f"the layout template is broken ({exc}); fix {where}",
                          path=source) from None


def article_html(article: Article, variant_name: str, config: Config,
                 env: jinja2.Environment | None = None) -> str:
    """The print HTML of one article in one variant."""
    month = month_period(article.date.year, article.date.month) if article.date else None
    context = {
        **page_context(variant_name, config),
        "article": article,
        "issue_number": config.publication.issues.get(month.name) if month else None,
        "period_title": f"Tháng {article.date.month}/{article.date.year}" if month else None,
        "created": article.date.isoformat() if article.date else None,
        "modified": modified_date([article]), "heading_shift": 0,
    }
    return render_template(env or environment(config), "article.html", context, config,
                           article.source)
