"""The article model every stage after reading works on.

Everything here is a frozen, keyword-only, slotted dataclass: stages pass
these values along and build new ones with `dataclasses.replace`, never
mutate them. Text is canonical Unicode NFC, one line per field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal

from .periods import Period


@dataclass(frozen=True, kw_only=True, slots=True)
class Paragraph:
    """A body paragraph."""

    kind: ClassVar[Literal["paragraph"]] = "paragraph"
    text: str
    """The paragraph's text."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Heading:
    """A subheading inside an article (the article title is not a block)."""

    kind: ClassVar[Literal["heading"]] = "heading"
    text: str
    """The heading's text."""
    level: int = 2
    """2 for a section heading, 3–6 below it (1 is the article title)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Quote:
    """A quoted statement set apart from the body."""

    kind: ClassVar[Literal["quote"]] = "quote"
    text: str
    """The quotation's text."""


@dataclass(frozen=True, kw_only=True, slots=True)
class ListBlock:
    """A bulleted or numbered list."""

    kind: ClassVar[Literal["list"]] = "list"
    items: tuple[str, ...]
    """One string per list item, in order."""
    ordered: bool = False
    """True for a numbered list."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Figure:
    """A photo with its caption; the image itself may be missing."""

    kind: ClassVar[Literal["figure"]] = "figure"
    src: str | None = None
    """POSIX path of the image relative to the source file; None when missing."""
    alt: str | None = None
    """Text alternative describing the picture for readers who cannot see it."""
    caption: str | None = None
    """The caption printed under the photo, without the credit."""
    credit: str | None = None
    """Who took the photo (the name after "Ảnh:")."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Signature:
    """The signature block that closes an administrative document, line by line as
    printed: on whose behalf ("TM. HỘI ĐỒNG NHÂN DÂN"), the office ("CHỦ TỊCH"), the name."""

    kind: ClassVar[Literal["signature"]] = "signature"
    items: tuple[str, ...]
    """The block's lines, in order."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Recipients:
    """Where an administrative document is sent ("Nơi nhận:"): end matter, one item per
    addressee, without the "Nơi nhận:" label."""

    kind: ClassVar[Literal["recipients"]] = "recipients"
    items: tuple[str, ...]
    """One addressee per item ("Thường trực Tỉnh ủy;"), as printed."""


Block = Paragraph | Heading | Quote | ListBlock | Figure | Signature | Recipients
_BLOCK_TYPES: tuple[type[Block], ...] = (Paragraph, Heading, Quote, ListBlock, Figure,
                                         Signature, Recipients)
BLOCK_KINDS: dict[str, type[Block]] = {cls.kind: cls for cls in _BLOCK_TYPES}
ITEM_BLOCKS = (ListBlock, Signature, Recipients)
"""Blocks whose text is a list of `items`."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Article:
    """One news article, normalized and ready to render."""

    slug: str
    """File-name-safe identity: lowercase `[a-z0-9-]`, at most 60 characters."""
    title: str
    """The headline."""
    date: dt.date | None
    """Publication date; None only when no source field gave one."""
    lead: str | None = None
    """The lead (sapo) set apart above the body."""
    place: str | None = None
    """Where the story was filed when the source stamps it at the start ("Hà Nội –")."""
    byline: str | None = None
    """The author line exactly as printed (may be in capitals)."""
    authors: tuple[str, ...] = ()
    """Author names parsed from the byline, in reading case."""
    section: str | None = None
    """The newsletter section the article belongs to."""
    document_type: str | None = None
    """For an administrative document, its type in reading case ("Nghị quyết"); None for news."""
    document_number: str | None = None
    """For an administrative document, its number and symbol ("12/2022/NQ-HĐND")."""
    issuer: str | None = None
    """For an administrative document, the body that issued it, as printed in the letterhead."""
    signer: str | None = None
    """For an administrative document, the name that signed it."""
    tags: tuple[str, ...] = ()
    """Subject keywords."""
    language: str = "vi"
    """BCP 47 language tag of the text."""
    blocks: tuple[Block, ...] = ()
    """The body, in reading order."""
    source: Path = field(default_factory=Path)
    """The file the article was read from."""
    encoding: str = "utf-8"
    """How the source's bytes were decoded."""
    content_hash: str = ""
    """SHA-256 of the article's content (not of its source path or encoding)."""
    identity: tuple[str, ...] = ()
    """(slug, ISO date or "") the article was first published under, when a correction
    (`<source>.fix.toml`) changed its title or date: its outputs keep their names and
    identifiers. Empty: its own slug and date."""

    @property
    def identity_parts(self) -> tuple[str, ...]:
        """(slug, ISO date or "") that name the article for good (see `identity`)."""
        return self.identity or (self.slug, self.date.isoformat() if self.date else "")

    @property
    def creators(self) -> tuple[str, ...]:
        """Who made it, for the metadata: its authors, or the body that issued a document."""
        return self.authors or ((self.issuer,) if self.issuer else ())


@dataclass(frozen=True, kw_only=True, slots=True)
class Digest:
    """A periodic issue: the articles of a period by section, in printed order."""

    period: Period
    """The days it covers; its name (`2022-11`) and printed title come from the period."""
    sections: tuple[tuple[str, tuple[Article, ...]], ...]
    """(section heading, its articles) in printed order."""
    issue_number: int | None = None
    """From `[publication] issues`; None when not configured (never guessed)."""
    note: Article | None = None
    """The editors' note for the period (`input/notes/<period>.md`), if any."""
    cover_image: Path | None = None
    """A cover picture (`input/covers/<period>.jpg`), if any."""

    @property
    def title(self) -> str:
        """The printed title, e.g. "Bản tin tháng 11/2022"."""
        return self.period.title

    @property
    def articles(self) -> tuple[Article, ...]:
        """Every article, in printed order."""
        return tuple(a for _, articles in self.sections for a in articles)
