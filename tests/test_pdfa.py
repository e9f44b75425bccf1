"""The archival copies (PDF/A-3a, `render/pdfa.py`), read back: what PDF/A-3 asks that a
machine can check without veraPDF (the module's docstring lists what is and is not checked),
the tagged-PDF facts of the print PDFs, the sources inside byte for byte, the same bytes
twice, and the jobs that make them."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import shutil
from pathlib import Path

import pikepdf
import pytest
from conftest import INPUT, ROOT
from lxml import etree
from pdfcheck import fonts

from pipeline.collate import collate
from pipeline.config import load_config
from pipeline.corpus import load
from pipeline.periods import parse_period
from pipeline.plan import Planner
from pipeline.render import RenderContext
from pipeline.render.dublin_core import DublinCore, of_article, of_digest
from pipeline.render.pdfa import archival_article_pdf, archival_digest_pdf, embedded, mime_type
from pipeline.runner import job_time_limit
from pipeline.validate import pdf_facts
from pipeline.worker import make

PHOTO = INPUT / "2022-11-04-giam-sat-y-te-co-so-bach-thong.md"
WORD = INPUT / "2022-12-05-word-giam-sat-nuoc-sach-bach-thong.docx"
DIGEST_MEMBERS = (PHOTO, INPUT / "2022-11-08-giam-sat-nong-thon-moi-cho-don.md",
                  INPUT / "2022-11-21-giam-sat-cau-treo-ngan-son.json")
VARIANTS = ("standard", "large", "xlarge")

NS = {"x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
      "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
      "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
      "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
      "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#"}


@dataclasses.dataclass
class Copy:
    pdf: bytes
    record: DublinCore
    sources: dict[str, Path]
    """Embedded name → the original file."""
    titles: tuple[str, ...] = ()
    """The articles' titles, for a digest's bookmarks."""


@pytest.fixture(scope="module")
def setup():
    config = load_config(ROOT)
    return config, RenderContext(config=config, roots=(INPUT.resolve(),))


@pytest.fixture(scope="module")
def digest(setup):
    config, _ = setup
    articles = load(DIGEST_MEMBERS, config).articles
    return collate(articles, parse_period("2022-11"), config)


@pytest.fixture(scope="module")
def copies(setup, digest):
    """The photo article in every variant (as published in the digest), a Word article, and
    the digest: each archival copy made once."""
    config, context = setup
    made = {}
    [photo] = load([PHOTO], config).articles
    for variant in VARIANTS:
        made[("photo", variant)] = Copy(
            archival_article_pdf(photo, variant, context, [PHOTO], issue=digest),
            of_article(photo, config, digest), {PHOTO.name: PHOTO})
    [word] = load([WORD], config).articles
    made[("word", "standard")] = Copy(archival_article_pdf(word, "standard", context, [WORD]),
                                      of_article(word, config), {WORD.name: WORD})
    made[("digest", "standard")] = Copy(
        archival_digest_pdf(digest, "standard", context, DIGEST_MEMBERS),
        of_digest(digest, config), {p.name: p for p in DIGEST_MEMBERS},
        tuple(a.title for a in digest.articles))
    return made


ALL = [("photo", v) for v in VARIANTS] + [("word", "standard"), ("digest", "standard")]


def xmp_of(document: pikepdf.Pdf) -> etree._Element:
    stream = document.Root.Metadata
    assert "/Filter" not in stream, "the XMP is left uncompressed, readable by any tool"
    data = stream.read_bytes()
    assert data.startswith(b"<?xpacket begin=") and data.rstrip().endswith(b"<?xpacket end=\"r\"?>")
    return etree.fromstring(data[data.index(b"<x:xmpmeta"):data.rindex(b"<?xpacket")])


def one(xmp: etree._Element, path: str) -> str:
    [found] = xmp.xpath(path, namespaces=NS)
    return str(found)


def dc_elements(xmp: etree._Element) -> list[tuple[str, str]]:
    """(element, value) of every dc: property in document order, arrays item by item."""
    found = []
    for element in xmp.xpath("//rdf:Description/dc:*", namespaces=NS):
        name = etree.QName(element).localname
        items = element.xpath("rdf:*/rdf:li", namespaces=NS)
        found += [(name, li.text) for li in items] if items else [(name, element.text)]
    return found


@pytest.mark.parametrize("which", ALL, ids="-".join)
def test_xmp_identifies_pdfa_3a_and_pdfua_1_and_declares_the_extension(copies, which):
    with pikepdf.open(io.BytesIO(copies[which].pdf)) as document:
        assert document.pdf_version == "1.7"
        xmp = xmp_of(document)
    assert one(xmp, "//pdfaid:part/text()") == "3"
    assert one(xmp, "//pdfaid:conformance/text()") == "A"
    assert one(xmp, "//pdfuaid:part/text()") == "1"
    [schema] = xmp.xpath("//pdfaExtension:schemas/rdf:Bag/rdf:li", namespaces=NS)
    assert one(schema, "pdfaSchema:namespaceURI/text()") == NS["pdfuaid"]
    assert one(schema, "pdfaSchema:prefix/text()") == "pdfuaid"
    assert one(schema, ".//pdfaProperty:name/text()") == "part"
    assert one(schema, ".//pdfaProperty:valueType/text()") == "Integer"
    assert one(schema, ".//pdfaProperty:category/text()") == "internal"


@pytest.mark.parametrize("which", ALL, ids="-".join)
def test_xmp_dublin_core_is_the_record_and_the_info_dictionary_is_the_xmp(copies, which):
    copy = copies[which]
    with pikepdf.open(io.BytesIO(copy.pdf)) as document:
        xmp = xmp_of(document)
        info = {str(k)[1:]: str(v) for k, v in document.docinfo.items()}
    assert dc_elements(xmp) == copy.record.elements()
    record = copy.record
    assert one(xmp, "//dc:creator/rdf:Seq/rdf:li[1]/text()") == record.creators[0]
    assert info["Title"] == one(xmp, "//dc:title/rdf:Alt/rdf:li[@xml:lang='x-default']/text()")
    if len(record.creators) == 1:
        assert info["Author"] == record.creators[0]
    else:
        assert "Author" not in info
    assert info.get("Subject") == record.description
    keywords = xmp.xpath("//pdf:Keywords/text()", namespaces=NS)
    assert info.get("Keywords") == (keywords[0] if keywords else None)
    assert info.get("Keywords", "") == ", ".join(record.subjects)
    assert info["Creator"] == one(xmp, "//xmp:CreatorTool/text()")
    assert info["Producer"] == one(xmp, "//pdf:Producer/text()")
    for key, prop in (("CreationDate", "CreateDate"), ("ModDate", "ModifyDate")):
        assert info[key].removeprefix("D:")[:8] == one(xmp, f"//xmp:{prop}/text()").replace(
            "-", "")[:8]
    if which[0] == "photo":
        assert ("relation", of_digest_identifier(copies)) in record.elements()


def of_digest_identifier(copies) -> str:
    return copies[("digest", "standard")].record.identifier


def _objects(document: pikepdf.Pdf):
    """Every dictionary in the file (streams' dictionaries too)."""
    for item in document.objects:
        if isinstance(item, pikepdf.Stream):
            yield item.stream_dict
        elif isinstance(item, pikepdf.Dictionary):
            yield item
            yield from _direct(item)


def _direct(item):
    for value in (item.values() if isinstance(item, pikepdf.Dictionary) else item):
        if isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect:
            if isinstance(value, pikepdf.Dictionary):
                yield value
            yield from _direct(value)


@pytest.mark.parametrize("which", ALL, ids="-".join)
def test_output_intent_fonts_and_no_encryption_script_or_outside_content(copies, which):
    with pikepdf.open(io.BytesIO(copies[which].pdf)) as document:
        assert "/Encrypt" not in document.trailer and not document.is_encrypted
        [intent] = document.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and str(intent.OutputConditionIdentifier)
        profile = intent.DestOutputProfile
        assert int(profile.N) == 3 and profile.read_bytes()[36:40] == b"acsp", "an ICC profile"
        used = fonts(copies[which].pdf)
        assert used and all(used.values()), used
        names = set()
        for item in _objects(document):
            keys = set(item.keys())
            assert not keys & {"/JS", "/JavaScript", "/AA", "/OpenAction"}, keys
            assert item.get("/S") not in ("/Launch", "/GoToR", "/GoToE", "/ImportData",
                                          "/SubmitForm", "/ResetForm", "/Movie", "/Sound"), item
            if item.get("/Type") == "/Font" and item.get("/Subtype") != "/Type3":
                real = item.DescendantFonts[0] if "/DescendantFonts" in item else item
                assert keys & {"/DescendantFonts"} or "/FontDescriptor" in real
                descriptor = real.FontDescriptor
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), (
                    f"{item.get('/BaseFont')} embedded")
            if item.get("/Type") == "/FontDescriptor":
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & keys
            if item.get("/Subtype") == "/Form":
                assert "/Ref" not in keys, "no reference XObject"
            if item.get("/Subtype") == "/Image":
                assert not keys & {"/Alternates", "/OPI"}
            if item.get("/Type") == "/Filespec" or "/EF" in keys:
                assert "/EF" in keys, "a file specification refers to an embedded file only"
                names.add(str(item.UF))
            if "/URI" in keys:  # a link in the text: allowed, but never a file
                assert not str(item.URI).startswith("file:")
        assert names == set(copies[which].sources)


@pytest.mark.parametrize("which", ALL, ids="-".join)
def test_sources_are_associated_files_extracted_byte_for_byte(copies, which):
    copy = copies[which]
    with pikepdf.open(io.BytesIO(copy.pdf)) as document:
        root = document.Root
        specs = {str(spec.UF): spec for spec in root.AF}
        assert len(specs) == len(root.AF), "each file listed once in /AF"
        tree = root.Names.EmbeddedFiles.Names
        assert [str(n) for n in tree[::2]] == sorted(copy.sources), "sorted name tree"
        assert {str(spec.UF) for spec in tree[1::2]} == set(specs)
        for name, original in copy.sources.items():
            spec = specs[name]
            data = original.read_bytes()
            assert spec.AFRelationship == "/Source" and str(spec.F) == name and str(spec.Desc)
            stream = spec.EF.F
            assert stream.read_bytes() == data, f"{name} comes out as it went in"
            assert str(stream.Subtype) == "/" + mime_type(original)
            params = stream.Params
            assert int(params.Size) == len(data)
            assert bytes(params.CheckSum) == hashlib.md5(data).digest()
            assert str(params.ModDate).startswith("D:2022")


def test_mime_types_by_suffix():
    assert mime_type(Path("a.md")) == "text/markdown"
    assert mime_type(Path("a.md.fix.toml")) == "application/toml"
    assert mime_type(Path("a.DOCX")) == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert mime_type(Path("a.doc")) == "application/msword"
    assert mime_type(Path("a.bin")) == "application/octet-stream"


@pytest.mark.parametrize("which", ALL, ids="-".join)
def test_still_a_tagged_pdf_in_vietnamese_with_its_title_shown(copies, which, tmp_path):
    copy = copies[which]
    with pikepdf.open(io.BytesIO(copy.pdf)) as document:
        root = document.Root
        assert "/StructTreeRoot" in root and root.MarkInfo.Marked
        assert str(root.Lang) == "vi"
        assert root.ViewerPreferences.DisplayDocTitle
        assert str(document.docinfo.Title) == copy.record.title
        assert "/PageLabels" in root
        with document.open_outline() as outline:
            titles = [item.title for item in outline.root]
            if copy.titles:  # a digest: a bookmark per article, under its section
                nested = titles + [c.title for item in outline.root for c in item.children]
                assert all(t in nested for t in copy.titles), (titles, copy.titles)
            else:
                assert titles
    path = tmp_path / "copy.pdfa.pdf"
    path.write_bytes(copy.pdf)
    facts = pdf_facts(path)  # what `bantin check` reads of every PDF
    assert facts.tagged and facts.language == "vi" and facts.title == copy.record.title
    assert not facts.unembedded_fonts and not facts.missing_glyphs and facts.page_labels


def test_same_inputs_same_bytes(copies, setup, digest):
    config, context = setup
    [photo] = load([PHOTO], config).articles
    again = archival_article_pdf(photo, "large", context, [PHOTO], issue=digest)
    assert again == copies[("photo", "large")].pdf
    assert archival_digest_pdf(digest, "standard", context, DIGEST_MEMBERS) == (
        copies[("digest", "standard")].pdf)


def test_a_correction_file_and_equal_names_in_two_folders(tmp_path):
    """An article's `.fix.toml` goes in beside its source; a digest names its sources by
    their path under input/, so two `a.md` in different folders stay apart."""
    (tmp_path / "input" / "more").mkdir(parents=True)
    first, second = tmp_path / "input" / "a.md", tmp_path / "input" / "more" / "a.md"
    shutil.copy(PHOTO, first)
    shutil.copy(DIGEST_MEMBERS[1], second)
    fix = tmp_path / "input" / "a.md.fix.toml"
    fix.write_text('title = "Giám sát y tế cơ sở tại Bạch Thông"\n', encoding="utf-8")
    config = dataclasses.replace(load_config(ROOT), project=tmp_path)
    articles = load([first, second], config).articles
    article = next(a for a in articles if a.source == first)
    assert article.title == "Giám sát y tế cơ sở tại Bạch Thông"

    planner = Planner(config)
    [job] = planner.archival_jobs(variants=["standard"], article=article)
    assert job.attachments == (first, fix)
    pdf = make(job)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        found = {str(s.UF): s.EF.F for s in document.Root.AF}
        assert set(found) == {"a.md", "a.md.fix.toml"}
        assert found["a.md.fix.toml"].read_bytes() == fix.read_bytes()
        assert str(found["a.md.fix.toml"].Subtype) == "/application/toml"
        assert str(document.docinfo.Title) == article.title

    names = [e.name for e in embedded([first, fix, second], relative_to=tmp_path / "input")]
    assert names == ["a.md", "a.md.fix.toml", "more/a.md"]
    with pytest.raises(ValueError, match="same name"):
        embedded([first, second])


def test_archival_jobs_are_apart_from_the_print_jobs(setup, digest):
    config, _ = setup
    planner = Planner(config)
    article = digest.articles[0]
    slug = article.slug
    plain = planner.article_jobs(article, VARIANTS, ["pdf"])
    alone = planner.archival_jobs(variants=VARIANTS, article=article)
    published = planner.archival_jobs(variants=VARIANTS, article=article, issue=digest)
    assert [j.target for j in published] == [
        f"articles/{slug}/{slug}.{v}.pdfa.pdf" for v in VARIANTS]
    keys = {j.key for j in (*plain, *alone, *published)}
    assert len(keys) == 9, "the issue named, and the archival copy, change the key"
    for job in published:
        assert job.archival and job.format == "pdf" and job.issue is digest
        assert job.digest is None, "an article job is never taken for a digest job"
        assert job.attachments == (article.source,) and job.source == article.source
        assert job_time_limit(job, config.build) == job_time_limit(plain[0], config.build)
    assert not any(j.archival or j.attachments or j.issue for j in plain)

    [digest_job] = planner.archival_jobs(variants=["large"], digest=digest)
    folder = digest.period.folder
    assert digest_job.target == f"digests/{folder}/bantin-{folder}.large.pdfa.pdf"
    assert digest_job.attachments == tuple(sorted(a.source for a in digest.articles))
    assert digest_job.digest is digest and digest_job.article is None
    [print_job] = planner.digest_jobs(digest, ["large"], ["pdf"])
    assert digest_job.key != print_job.key and digest_job.inputs == print_job.inputs
    with pytest.raises(ValueError):
        planner.archival_jobs(variants=VARIANTS)


def test_the_worker_makes_the_same_bytes(copies, setup, digest):
    config, _ = setup
    article = next(a for a in digest.articles if a.source == PHOTO)
    [job] = Planner(config).archival_jobs(variants=["xlarge"], article=article, issue=digest)
    assert make(job) == copies[("photo", "xlarge")].pdf


def test_source_date_epoch_dates_the_embedded_files(setup, monkeypatch):
    config, context = setup
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    [word] = load([WORD], config).articles
    pdf = archival_article_pdf(word, "standard", context, [WORD])
    with pikepdf.open(io.BytesIO(pdf)) as document:
        [spec] = document.Root.AF
        assert str(spec.EF.F.Params.ModDate) == "D:20231114221320Z"
        assert one(xmp_of(document), "//xmp:ModifyDate/text()") == "2023-11-14T22:13:20Z"
        assert str(document.docinfo.ModDate).startswith("D:20231114221320")
    assert archival_article_pdf(word, "standard", context, [WORD]) == pdf
