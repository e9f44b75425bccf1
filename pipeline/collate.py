"""Choose and order the articles of a period: the digest's contents.

Articles whose date falls in the period are grouped by section — in the
order `[digest] section_order` gives, then the other sections in
Vietnamese alphabetical order, then articles without a section — and
ordered by date, then title (Vietnamese order) within each section.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .alphabetical import sort_key
from .config import Config
from .errors import BantinError
from .model import Article
from .periods import Period, month_period

NO_SECTION = "Tin khác"
"""The heading of articles that name no section."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Collated:
    """A digest's articles by section, with the period and the issue number."""

    period: Period
    sections: tuple[tuple[str, tuple[Article, ...]], ...]
    """(section heading, its articles) in printed order."""
    issue_number: int | None
    """From `[publication] issues`; None when not configured (never guessed)."""

    @property
    def articles(self) -> tuple[Article, ...]:
        return tuple(a for _, articles in self.sections for a in articles)


def collate(articles: Sequence[Article], period: Period, config: Config) -> Collated:
    """The articles of `period` in digest order; `BantinError` when there are none."""
    chosen = [a for a in articles if a.date is not None and a.date in period]
    if not chosen:
        raise BantinError(f"no article is dated in {period.name} ({period.start:%d/%m/%Y}–"
                          f"{period.end:%d/%m/%Y}); check the period or the articles' dates",
                          path=config.project / "input")
    order = {name: index for index, name in enumerate(config.digest.section_order)}
    by_section: dict[str, list[Article]] = {}
    for article in chosen:
        by_section.setdefault(article.section or NO_SECTION, []).append(article)

    def section_rank(name: str) -> tuple[int, object]:
        if name in order:
            return (0, order[name])
        return (2, "") if name == NO_SECTION else (1, sort_key(name))

    sections = tuple(
        (name, tuple(sorted(by_section[name], key=lambda a: (a.date, sort_key(a.title)))))
        for name in sorted(by_section, key=section_rank))
    return Collated(period=period, sections=sections,
                    issue_number=config.publication.issues.get(period.name))


def months_present(articles: Sequence[Article]) -> list[Period]:
    """Every calendar month that has a dated article, in order."""
    months = sorted({(a.date.year, a.date.month) for a in articles if a.date})
    return [month_period(year, month) for year, month in months]


def editor_note_path(project: Path, period: Period) -> Path | None:
    """`input/notes/<period>.md` (or .txt, .docx …) when the editors wrote one."""
    folder = project / "input" / NOTES_FOLDER
    for candidate in sorted(folder.glob(f"{period.folder}.*")) if folder.is_dir() else []:
        if candidate.suffix.lower() in (".md", ".markdown", ".txt", ".docx", ".json"):
            return candidate
    return None


def cover_image_path(project: Path, period: Period) -> Path | None:
    """`input/covers/<period>.jpg` (or .png) when there is a cover picture."""
    folder = project / "input" / COVERS_FOLDER
    for suffix in (".jpg", ".jpeg", ".png"):
        if (folder / f"{period.folder}{suffix}").is_file():
            return folder / f"{period.folder}{suffix}"
    return None


NOTES_FOLDER = "notes"
"""Editors' notes live in input/notes/, named by period; they are not articles."""
COVERS_FOLDER = "covers"
"""Cover pictures live in input/covers/, named by period."""
