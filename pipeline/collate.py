"""Choose and order the articles of a period: the digest's contents.

Articles whose date falls in the period are grouped by section (an administrative
document with none under `[digest] documents_section`, "Văn bản") — in the
order `[digest] section_order` gives, then the other sections in
Vietnamese alphabetical order, then articles without a section — and
ordered by date, then title (Vietnamese order) within each section.
"""

from __future__ import annotations

from collections.abc import Sequence

from .alphabetical import sort_key
from .config import Config
from .errors import BantinError
from .model import Article, Digest
from .periods import Period, month_period

NO_SECTION = "Tin khác"
"""The heading of articles that name no section."""


def collate(articles: Sequence[Article], period: Period, config: Config) -> Digest:
    """The articles of `period` in digest order; `BantinError` when there are none."""
    chosen = [a for a in articles if a.date is not None and a.date in period]
    if not chosen:
        raise BantinError(f"no article is dated in {period.name} ({period.start:%d/%m/%Y}–"
                          f"{period.end:%d/%m/%Y}); check the period or the articles' dates",
                          path=config.project / "input")
    order = {name: index for index, name in enumerate(config.digest.section_order)}
    by_section: dict[str, list[Article]] = {}
    for article in chosen:
        section = article.section or (
            config.digest.documents_section if article.document_type else NO_SECTION)
        by_section.setdefault(section or NO_SECTION, []).append(article)

    def section_rank(name: str) -> tuple[int, object]:
        if name in order:
            return (0, order[name])
        return (2, "") if name == NO_SECTION else (1, sort_key(name))

    sections = tuple(
        (name, tuple(sorted(by_section[name], key=lambda a: (a.date, sort_key(a.title)))))
        for name in sorted(by_section, key=section_rank))
    return Digest(period=period, sections=sections,
                    issue_number=config.publication.issues.get(period.name))


def months_present(articles: Sequence[Article]) -> list[Period]:
    """Every calendar month that has a dated article, in order."""
    months = sorted({(a.date.year, a.date.month) for a in articles if a.date})
    return [month_period(year, month) for year, month in months]
