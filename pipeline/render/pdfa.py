"""Archival copies: an article's or a digest's PDF as PDF/A-3a, with its sources inside.

An archive package keeps, beside each print PDF, a copy made for keeping
(`<name>.<variant>.pdfa.pdf`): the same pages, laid out by the same code,
written as PDF/A-3 with the files it was made from embedded.

Which PDF/A-3. WeasyPrint offers `pdf/a-3b` and `pdf/a-3u` (appearance,
and Unicode text) and, since version 70, `pdf/a-3a`, which also writes the
structure tree (`pdf_tags`, the same tagging as its `pdf/ua-1`). Level A is
the only one that keeps the tags: the copy is as accessible as the print
PDF and passes the same tagged-PDF checks (structure tree, `/MarkInfo`,
`/Lang`, the title shown). PDF/A-3 rather than 2: only part 3 may embed
files that are not PDF/A themselves — the sources (Markdown, Word, …).

What WeasyPrint's PDF/A-3 variant already gives, checked in its
`pdf/pdfa.py`, `anchors.py` and `metadata.py`: the sRGB output intent
(`/GTS_PDFA1` with the ICC profile), `/AFRelationship` from each
`Attachment`'s relationship, a catalog `/AF`, the `/EmbeddedFiles` name
tree, `/Params` with `/Size`, the dates and the MD5 `/CheckSum`, link
annotations marked printable, every font embedded (always, in every
variant), and an XMP packet with `pdfaid:part`/`conformance` and a few
`dc:` values. What this module adds, in a finisher:

- each embedded file's MIME type from our own table (`MIME_TYPES`), not
  the platform's, so every machine writes the same bytes;
- the catalog's `/AF` without the duplicates WeasyPrint writes (it lists
  each file once from the name tree and once more from the file specs);
- a new XMP packet, uncompressed: `pdfaid` 3/A, `pdfuaid:part` 1 (PDF/UA-1
  is what the print PDF declares) with the `pdfaExtension` schema
  description PDF/A requires for that non-predefined schema, and every
  Dublin Core element of `dublin_core.of_article`/`of_digest` — the same
  record the package's `dublin_core.xml` is written from — plus the XMP
  and PDF properties the document information dictionary maps to;
- the information dictionary rewritten from that record so the two agree
  as PDF/A requires: `/Title` = dc:title, `/Author` = dc:creator only when
  there is one creator (PDF/A's mapping allows no other; with several the
  entry is left out, the XMP keeps them all, in order), `/Subject` =
  dc:description, `/Keywords` = pdf:Keywords (the subjects, comma
  separated), `/Creator` = xmp:CreatorTool, `/Producer` = pdf:Producer,
  the dates = xmp:CreateDate/ModifyDate.

The embedded files' dates are the article's date (a digest's: the end of
its period), or SOURCE_DATE_EPOCH when set — never a file's mtime — and
the document's `/ID` is the print PDF's, from `identity`: same inputs,
same bytes.

Checked by machine (`tests/test_pdfa.py`; veraPDF is on none of the
registries this project reaches): the XMP identification (pdfaid 3/A,
pdfuaid 1 and its extension schema), the XMP Dublin Core equal to the
record and the information dictionary equal to the XMP, the output intent
and its ICC profile, every font (and every Type 0 descendant) embedded,
no encryption, no JavaScript, no launch or remote-go-to actions and no
file specification outside the embedded ones, every embedded file with
`/AFRelationship /Source`, listed in the catalog `/AF`, with a MIME
subtype, `/Params` (`/Size`, `/ModDate`, an MD5 `/CheckSum` that
matches) and its bytes equal to the original, the tagged-PDF facts, and
byte-identical output for the same inputs.

Not checked here (a validator's work): the content streams' colour
spaces against the output intent, transparency groups, the fonts'
internal tables (widths consistent with the programs, `.notdef` use —
`bantin check` looks for shown `.notdef`), the XMP value types of each
property, the structure tree's semantics (PDF/UA's Matterhorn protocol),
and the syntax rules (header comment, cross-reference, string lengths).
One known limit: `dc:date` is written exactly as the record has it, and
for a period that is not a calendar month that is a span
(`2022-10-01/2022-12-31`), which is not an XMP Date; a validator checking
value types would flag it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from ..model import Article, Digest
from ..normalize.corrections import SUFFIX as FIX_SUFFIX
from . import RenderContext, article_identity
from .dublin_core import DublinCore, of_article, of_digest
from .html import article_html
from .identity import epoch_of, source_date_epoch

if TYPE_CHECKING:
    import pydyf
    import weasyprint

    from .pdf import Finisher

ARCHIVAL_VARIANT = "pdf/a-3a"
"""WeasyPrint's PDF/A-3 level A: tagged, Unicode, files of any kind embedded."""

MIME_TYPES = {
    ".md": "text/markdown", ".markdown": "text/markdown", ".json": "application/json",
    ".txt": "text/plain", ".html": "text/html", ".htm": "text/html",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword", ".rtf": "application/rtf",
    ".odt": "application/vnd.oasis.opendocument.text", ".toml": "application/toml",
}
"""An embedded source's MIME type by its suffix; anything else is application/octet-stream."""

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NAMESPACES = {
    "x": "adobe:ns:meta/", "rdf": RDF, "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/", "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
DC_CONTAINERS = {"title": "Alt", "description": "Alt", "creator": "Seq", "date": "Seq",
                 "publisher": "Bag", "language": "Bag", "subject": "Bag", "type": "Bag",
                 "relation": "Bag", "coverage": None, "identifier": None, "format": None}
"""How XMP writes each Dublin Core element: a language alternative, an ordered or unordered
array, or (None) a single value."""


def mime_type(path: Path) -> str:
    return MIME_TYPES.get(path.suffix.lower(), "application/octet-stream")


@dataclass(frozen=True, kw_only=True, slots=True)
class Embedded:
    """One source file as the archival PDF embeds it."""

    name: str
    """The name it is embedded under (POSIX, relative to input/ for a digest)."""
    data: bytes
    mime: str
    description: str

    @property
    def md5(self) -> str:
        return hashlib.md5(self.data, usedforsecurity=False).hexdigest()


def embedded(sources: Sequence[Path], *, relative_to: Path | None = None) -> list[Embedded]:
    """The sources to embed, named by file name or by their path under `relative_to`."""
    found = []
    root = relative_to.resolve() if relative_to is not None else None
    for path in sources:
        resolved = path.resolve()
        name = (resolved.relative_to(root).as_posix()
                if root is not None and resolved.is_relative_to(root) else path.name)
        if path.name.endswith(FIX_SUFFIX):
            original = name.removesuffix(FIX_SUFFIX)
            description = f"Bản sửa của biên tập viên cho {original} (tệp .fix.toml)"
        else:
            description = f"Tệp nguồn {name}, đúng như đã nhận"
        found.append(Embedded(name=name, data=path.read_bytes(), mime=mime_type(path),
                              description=description))
    names = [e.name for e in found]
    if len(set(names)) != len(names):
        raise ValueError(f"two sources would be embedded under the same name: {names}")
    return found


def archival_article_pdf(article: Article, variant: str, context: RenderContext,
                         sources: Sequence[Path], issue: Digest | None = None) -> bytes:
    """The archival copy of an article's PDF in one variant: PDF/A-3a with `sources` inside.

    `issue` is the digest the article was published in (its identifier becomes dc:relation).
    """
    from .pdf import document_pdf, lay_out  # WeasyPrint is slow to import

    config = context.config
    epoch = epoch_of(article.date)
    html = article_html(article, variant, config, context.env)
    document = lay_out(html, base_url=article.source.parent.resolve(),
                       fetcher=context.fetcher(), epoch=epoch, source=article.source)
    files = embedded(sources)
    record = of_article(article, config, issue)
    return document_pdf(document, pdf_variant=ARCHIVAL_VARIANT,
                        identity=article_identity(article, variant, config), epoch=epoch,
                        source=article.source, attachments=attachments(files, epoch),
                        finishers=(archival_finisher(record, files),))


def archival_digest_pdf(digest: Digest, variant: str, context: RenderContext,
                        sources: Sequence[Path]) -> bytes:
    """The archival copy of a digest's PDF in one variant, its articles' sources inside
    (named by their path under input/, so equal file names in two folders stay apart)."""
    from .digest import digest_document, digest_identity  # lays out with WeasyPrint
    from .pdf import document_pdf

    config = context.config
    epoch = epoch_of(digest.period.end)
    document, first = digest_document(digest, variant, context)
    files = embedded(sources, relative_to=config.project / "input")
    record = of_digest(digest, config)
    return document_pdf(document, pdf_variant=ARCHIVAL_VARIANT,
                        identity=digest_identity(digest, variant, context), epoch=epoch,
                        labels=((0, "r", 1), (first, "D", 1)),
                        source=config.project / "input", attachments=attachments(files, epoch),
                        finishers=(archival_finisher(record, files),))


def attachments(files: Sequence[Embedded], epoch: int) -> list[weasyprint.Attachment]:
    """WeasyPrint attachments of the files, related as /Source, dated reproducibly."""
    import weasyprint

    pinned = source_date_epoch()
    moment = dt.datetime.fromtimestamp(pinned if pinned is not None else epoch, tz=dt.UTC)
    return [weasyprint.Attachment(string=f.data, name=f.name, description=f.description,
                                  created=moment, modified=moment, relationship="Source")
            for f in sorted(files, key=lambda f: f.name.encode("utf-8"))]


def archival_finisher(record: DublinCore, files: Sequence[Embedded]) -> Finisher:
    """What WeasyPrint's PDF/A-3 variant leaves to do (see the module's docstring)."""

    def finisher(document: weasyprint.Document, pdf: pydyf.PDF) -> None:
        import pydyf

        mimes = {f.name: f.mime for f in files}
        for item in pdf.objects:
            if isinstance(item, dict) and item.get("Type") == "/Filespec":
                stream = pdf.objects[int(item["EF"]["F"].split()[0])]
                stream.extra["Subtype"] = "/" + mimes[item["UF"].string].replace("/", "#2f")
        if "AF" in pdf.catalog:
            pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
        metadata = document.metadata
        keywords = ", ".join(record.subjects)
        info = pdf.info
        info["Title"] = pydyf.String(record.title)
        for key, value in (("Author", record.creators[0] if len(record.creators) == 1 else ""),
                           ("Subject", record.description or ""), ("Keywords", keywords)):
            if value:
                info[key] = pydyf.String(value)
            else:
                info.pop(key, None)
        packet = xmp(record, producer=str(info["Producer"].string),
                     creator_tool=metadata.generator, created=metadata.created,
                     modified=metadata.modified, keywords=keywords)
        stream = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
        stream.stream = [packet]
        stream.compress = False

    return finisher


def xmp(record: DublinCore, *, producer: str, creator_tool: str | None, created: str | None,
        modified: str | None, keywords: str) -> bytes:
    """The archival PDF's XMP packet: PDF/A-3a and PDF/UA-1 identification, the Dublin Core
    record, and the properties the information dictionary mirrors."""

    def q(name: str) -> str:
        prefix, local = name.split(":")
        return f"{{{NAMESPACES[prefix]}}}{local}"

    def description(*prefixes: str) -> etree._Element:
        element = etree.SubElement(rdf, q("rdf:Description"),
                                   nsmap={p: NAMESPACES[p] for p in prefixes})
        element.set(q("rdf:about"), "")
        return element

    def simple(parent: etree._Element, name: str, text: str) -> etree._Element:
        element = etree.SubElement(parent, q(name))
        element.text = text
        return element

    root = etree.Element(q("x:xmpmeta"), nsmap={"x": NAMESPACES["x"]})
    rdf = etree.SubElement(root, q("rdf:RDF"), nsmap={"rdf": RDF})
    identification = description("pdfaid")
    simple(identification, "pdfaid:part", "3")
    simple(identification, "pdfaid:conformance", "A")
    simple(description("pdfuaid"), "pdfuaid:part", "1")

    dc = description("dc")
    values: dict[str, list[str]] = {}
    for name, value in record.elements():
        values.setdefault(name, []).append(value)
    for name, items in values.items():
        container = DC_CONTAINERS[name]
        if container is None:
            simple(dc, f"dc:{name}", items[0])
            continue
        array = etree.SubElement(etree.SubElement(dc, q(f"dc:{name}")), q(f"rdf:{container}"))
        for item in items:
            li = simple(array, "rdf:li", item)
            if container == "Alt":
                li.set("{http://www.w3.org/XML/1998/namespace}lang", "x-default")

    basic = description("xmp")
    for prop, given in (("xmp:CreatorTool", creator_tool), ("xmp:CreateDate", created),
                        ("xmp:ModifyDate", modified)):
        if given:
            simple(basic, prop, given)
    pdf = description("pdf")
    simple(pdf, "pdf:Producer", producer)
    if keywords:
        simple(pdf, "pdf:Keywords", keywords)

    extension = description("pdfaExtension", "pdfaSchema", "pdfaProperty")
    schema = etree.SubElement(etree.SubElement(extension, q("pdfaExtension:schemas")),
                              q("rdf:Bag"))
    entry = etree.SubElement(schema, q("rdf:li"))
    entry.set(q("rdf:parseType"), "Resource")
    simple(entry, "pdfaSchema:schema", "PDF/UA Universal Accessibility Schema")
    simple(entry, "pdfaSchema:namespaceURI", NAMESPACES["pdfuaid"])
    simple(entry, "pdfaSchema:prefix", "pdfuaid")
    properties = etree.SubElement(etree.SubElement(entry, q("pdfaSchema:property")),
                                  q("rdf:Seq"))
    part = etree.SubElement(properties, q("rdf:li"))
    part.set(q("rdf:parseType"), "Resource")
    simple(part, "pdfaProperty:name", "part")
    simple(part, "pdfaProperty:valueType", "Integer")
    simple(part, "pdfaProperty:category", "internal")
    simple(part, "pdfaProperty:description",
           "Indicates, which part of ISO 14289 standard is followed")

    body = etree.tostring(root, encoding="UTF-8", pretty_print=True)
    return (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + body
            + b'<?xpacket end="r"?>')
