"""Choose and order the articles of a period: the digest's contents.

Articles whose date falls in the period are grouped by section (an administrative
document with none under `[digest] documents_section`, "Văn bản") — in the
order `[digest] section_order` gives, then the other sections in
Vietnamese alphabetical order, then articles without a section — and
ordered by date, then title (Vietnamese order) within each section.

A period's own arrangement, `input/digests/<period>.toml`, comes first:

    # How the 2022-11 digest is arranged; articles are named by their slug.
    section_order = ["Kỳ họp", "Giám sát"]     # these sections first, in this order
    order = ["slug-b", "slug-a"]               # these articles first in their sections

    [sections]                                 # an article moved to a section here
    "slug-c" = "Giám sát"
"""

from __future__ import annotations

import json
import logging
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .alphabetical import sort_key
from .config import Config
from .errors import BantinError
from .i18n import _
from .model import Article, Digest
from .periods import Period, month_period
from .writing import write_atomic

log = logging.getLogger(__name__)

NO_SECTION = "Tin khác"
"""The heading of articles that name no section."""


def collate(articles: Sequence[Article], period: Period, config: Config) -> Digest:
    """The articles of `period` in digest order; `BantinError` when there are none."""
    chosen = [a for a in articles if a.date is not None and a.date in period]
    if not chosen:
        raise BantinError(_("no article is dated in {name} ({start:%d/%m/%Y}–{end:%d/%m/%Y});"
                            " check the period or the articles' dates").format(
                              name=period.name, start=period.start, end=period.end),
                          path=config.project / "input")
    arrangement = period_arrangement(config.project / "input" / "digests", period,
                                     {a.slug for a in chosen})
    order = {name: index for index, name in enumerate(
        [*arrangement.section_order, *config.digest.section_order])}
    by_section: dict[str, list[Article]] = {}
    for article in chosen:
        section = arrangement.sections.get(article.slug) or article.section or (
            config.digest.documents_section if article.document_type else NO_SECTION)
        by_section.setdefault(section or NO_SECTION, []).append(article)
    first = {slug: index for index, slug in enumerate(arrangement.order)}

    def section_rank(name: str) -> tuple[int, object]:
        if name in order:
            return (0, order[name])
        return (2, "") if name == NO_SECTION else (1, sort_key(name))

    def article_rank(article: Article) -> tuple[int, object, object]:
        return (first.get(article.slug, len(first)), article.date, sort_key(article.title))

    sections = tuple((name, tuple(sorted(by_section[name], key=article_rank)))
                     for name in sorted(by_section, key=section_rank))
    return Digest(period=period, sections=sections,
                    issue_number=config.publication.issues.get(period.name))


def months_present(articles: Sequence[Article]) -> list[Period]:
    """Every calendar month that has a dated article, in order."""
    months = sorted({(a.date.year, a.date.month) for a in articles if a.date})
    return [month_period(year, month) for year, month in months]


@dataclass(frozen=True, slots=True)
class Arrangement:
    """A period's own arrangement (`input/digests/<period>.toml`); empty when none."""

    section_order: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    sections: dict[str, str] = field(default_factory=dict)


def arrangement_file(folder: Path, period: Period) -> Path:
    """Where a period's arrangement is kept: `input/digests/<period>.toml`."""
    return folder / f"{period.name}.toml"


def period_arrangement(folder: Path, period: Period, slugs: set[str]) -> Arrangement:
    """The arrangement of `period`; `BantinError` naming the file when it cannot be used; a
    warning for a slug that names no article of the period."""
    path = arrangement_file(folder, period)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Arrangement()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BantinError(_("cannot use this digest arrangement ({exc}); fix it or remove"
                            " it").format(exc=exc), path=path) from None
    unknown = set(data) - {"section_order", "order", "sections"}
    if unknown:
        raise BantinError(_("unknown key(s) {keys}; a digest arrangement holds section_order,"
                            " order and [sections]").format(
                              keys=", ".join(sorted(unknown))), path=path)
    section_order, order = data.get("section_order", []), data.get("order", [])
    sections = data.get("sections", {})
    if not (_texts(section_order) and _texts(order) and isinstance(sections, dict)
            and _texts(list(sections.values()))):
        raise BantinError(_("section_order and order are lists of text, [sections] maps a slug"
                            " to a section name (\"slug\" = \"Giám sát\")"), path=path)
    for slug in sorted({*order, *sections} - slugs):
        log.warning(_("%s: no article of %s has the slug '%s'; it is left out of the"
                      " arrangement"), path, period.name, slug)
    return Arrangement(section_order=tuple(section_order), order=tuple(order),
                       sections=dict(sections))


def save_arrangement(folder: Path, period: Period, arrangement: Arrangement) -> Path:
    """Write a period's arrangement (`bantin serve`'s digest page), keeping the moves to
    other sections already recorded there; written whole or not at all."""
    path = arrangement_file(folder, period)
    try:
        earlier = tomllib.loads(path.read_text(encoding="utf-8")).get("sections", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        earlier = {}
    sections = {**(earlier if isinstance(earlier, dict) else {}), **arrangement.sections}

    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # JSON's escapes are TOML's

    def listed(values: Sequence[str]) -> str:
        return "[\n" + "".join(f"    {text(v)},\n" for v in values) + "]"

    lines = [f"# How the {period.name} digest is arranged; articles are named by their slug.",
             "# Written by `bantin serve`; edit it by hand as you like.",
             f"section_order = {listed(arrangement.section_order)}",
             f"order = {listed(arrangement.order)}", "", "[sections]"]
    lines += [f"{text(slug)} = {text(name)}" for slug, name in sorted(sections.items())
              if isinstance(name, str)]
    data = "\n".join(lines) + "\n"
    tomllib.loads(data)
    write_atomic(path, data.encode("utf-8"))
    return path


def _texts(values: object) -> bool:
    return isinstance(values, list) and all(isinstance(v, str) for v in values)
