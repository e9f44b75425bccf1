"""Descriptive metadata of what we publish, as Dublin Core: one record per article and issue.

The same record is written as XML into an archive package (`dublin_core.xml`,
the OAI-DC container every repository reads) and into the XMP of the
archival PDFs, so the two can never disagree. Identifiers are the ones the
EPUBs carry (`identity.identifier`): an article's from publisher + slug +
date, an issue's from publisher + period.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..config import Config
from ..model import Article, Digest
from .identity import identifier

DC = "http://purl.org/dc/elements/1.1/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


@dataclass(frozen=True, kw_only=True, slots=True)
class DublinCore:
    """The fifteen-element set, as far as we know each element."""

    title: str
    creators: tuple[str, ...]
    publisher: str
    date: str
    """W3CDTF, as XMP takes it too: a day (2022-11-17), a month (2022-11) or a year."""
    language: str
    identifier: str
    """`urn:uuid:…`, as the EPUB's."""
    coverage: str | None = None
    """The span of days an issue covers, when its date cannot say it (a quarter, a range)."""
    relation: str | None = None
    """An article's issue: the issue's identifier."""
    description: str | None = None
    subjects: tuple[str, ...] = ()
    type: str = "Text"
    format: str = "application/pdf"

    def elements(self) -> list[tuple[str, str]]:
        """(element, value) in the order the XML and the XMP write them."""
        found = [("title", self.title), *(("creator", c) for c in self.creators),
                 ("publisher", self.publisher), ("date", self.date),
                 ("language", self.language), ("identifier", self.identifier),
                 ("type", self.type), ("format", self.format)]
        if self.coverage:
            found.append(("coverage", self.coverage))
        if self.relation:
            found.append(("relation", self.relation))
        if self.description:
            found.append(("description", self.description))
        found += [("subject", s) for s in self.subjects]
        return [(name, value) for name, value in found if value]

    def xml(self) -> bytes:
        """The record as an OAI-DC document, byte-identical for the same record."""
        root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation",
                 f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
        for name, value in self.elements():
            element = etree.SubElement(root, f"{{{DC}}}{name}")
            element.text = value
        return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                    pretty_print=True))


def issue_identifier(digest: Digest, config: Config) -> str:
    return identifier(config.publication.publisher, digest.period.name).urn


def of_article(article: Article, config: Config, issue: Digest | None = None) -> DublinCore:
    """An article's record; `issue` names the issue it was published in."""
    publisher = config.publication.publisher
    return DublinCore(
        title=article.title, creators=article.creators or (publisher,), publisher=publisher,
        date=article.date.isoformat() if article.date else "", language=article.language,
        identifier=identifier(publisher, *article.identity_parts).urn,
        relation=issue_identifier(issue, config) if issue is not None else None,
        description=article.lead, subjects=article.tags)


def of_digest(digest: Digest, config: Config) -> DublinCore:
    """An issue's record: its title, its publisher as creator, its period as its date (a
    month or a year as such; any other span by its last day, the span as its coverage)."""
    period = digest.period
    whole = {period.start.strftime("%Y-%m"), period.start.strftime("%Y")}
    date = period.name if period.name in whole else period.end.isoformat()
    coverage = None if period.name in whole else (
        f"{period.start.isoformat()}/{period.end.isoformat()}")
    publisher = config.publication.publisher
    name = config.publication.name
    title = f"{name} – {digest.title}" if name and name not in digest.title else digest.title
    return DublinCore(title=title, creators=(publisher,), publisher=publisher,
                      date=date, coverage=coverage, language="vi",
                      identifier=issue_identifier(digest, config))
