"""`bantin archive`: the package an archive ingests, checked as an archivist would.

The packages are made by the real CLI on a copy of a few sample sources, and
validated with the Library of Congress' `bagit` (its own command line as well:
no bantin involved), tampered with, unpacked and compared byte for byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import bagit
import pytest
from conftest import INPUT, project_of
from lxml import etree
from pypdf import PdfReader

SOURCES = ("2022-11-04-giam-sat-y-te-co-so-bach-thong.md",
           "2022-11-21-giam-sat-cau-treo-ngan-son.json",
           "portal-2022-11-23-giam-sat-giai-ngan-cho-don.html",
           "2022-12-14-vni-giam-sat-tiep-cong-dan-ngan-son.txt")
DECEMBER = "2022-12-14-vni-giam-sat-tiep-cong-dan-ngan-son.txt"
ARCHIVE_TABLE = """
[archive]
organization = "Văn phòng Đoàn ĐBQH và HĐND tỉnh Bắc Kạn"
address = "Phường Đức Xuân, thành phố Bắc Kạn"
contact_name = "Phòng Thông tin – Dân nguyện"
contact_email = "vanphong@backan.gov.vn"
"""
DC = "{http://purl.org/dc/elements/1.1/}"


def make_project(folder: Path) -> Path:
    project_of(folder, SOURCES, ARCHIVE_TABLE)
    (folder / "input" / "2022-11-21-giam-sat-cau-treo-ngan-son.json.fix.toml").write_text(
        'section = "Giám sát"\n', encoding="utf-8")
    return folder


def cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`bantin ARGS…` in its own process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "pipeline", "--lang", "en", *args,
                           "--project", str(project)],
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, Path]:
    """A project and its November package as a bag folder."""
    project = make_project(tmp_path_factory.mktemp("archive"))
    result = cli(project, "archive", "2022-11")
    assert result.returncode == 0, result.stderr
    bag = project / "output" / "archive" / "2022-11"
    assert bag.is_dir(), result.stderr
    return project, bag


def test_the_bag_validates_with_bagit_fast_and_full_and_by_its_own_command(made):
    _, bag = made
    loaded = bagit.Bag(str(bag))
    assert loaded.is_valid(fast=True) and loaded.is_valid()
    assert set(loaded.algorithms) == {"sha256", "sha512"}
    assert (bag / "bagit.txt").read_text().startswith("BagIt-Version: 1.0\n")
    # What an archivist runs, without bantin: the library's own command line.
    checked = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(bag)],
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0 and "is valid" in checked.stderr


def test_bag_info_names_the_depositor_the_issue_and_a_date_from_the_articles(made):
    _, bag = made
    info = bagit.Bag(str(bag)).info
    assert info["Source-Organization"] == "Văn phòng Đoàn ĐBQH và HĐND tỉnh Bắc Kạn"
    assert info["Contact-Email"] == "vanphong@backan.gov.vn"
    assert info["Organization-Address"].startswith("Phường Đức Xuân")
    assert info["External-Identifier"].startswith("urn:uuid:")
    assert info["Bagging-Date"] == "2022-11-23"  # the newest November article, not today
    files = [p for p in (bag / "data").rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    assert info["Payload-Oxum"] == f"{size}.{len(files)}"
    assert info["Bag-Software-Agent"].startswith("bantin ")


def test_the_payload_holds_the_issue_its_articles_sources_and_metadata(made):
    project, bag = made
    data = bag / "data"
    for variant in ("standard", "large", "xlarge"):
        assert (data / "issue" / f"bantin-2022-11.{variant}.pdf").is_file()
        assert (data / "issue" / f"bantin-2022-11.{variant}.pdfa.pdf").is_file()
    assert (data / "issue" / "bantin-2022-11.epub").is_file()
    articles = sorted(p.name for p in (data / "articles").iterdir())
    assert len(articles) == 3  # November's; December's article is in December's bag
    for slug in articles:
        folder = data / "articles" / slug
        names = {p.name for p in folder.iterdir()}
        assert {f"{slug}.standard.pdf", f"{slug}.large.pdfa.pdf", f"{slug}.epub",
                f"{slug}.json", f"{slug}.md", "dublin_core.xml"} <= names
        record = json.loads((folder / f"{slug}.json").read_text(encoding="utf-8"))
        assert record["slug"] == slug
        dc = etree.parse(str(folder / "dublin_core.xml"))
        assert dc.findtext(f"{DC}title") == record["title"]
        assert dc.findtext(f"{DC}language") == "vi"
        assert dc.findtext(f"{DC}relation") == bagit.Bag(str(bag)).info["External-Identifier"]
    # Every source, picture and correction file, exactly as received.
    for name in SOURCES[:3]:
        assert (data / "sources" / name).read_bytes() == (project / "input" / name).read_bytes()
    assert (data / "sources" / "2022-11-21-giam-sat-cau-treo-ngan-son.json.fix.toml").is_file()
    assert (data / "sources" / "images" / "tram-y-te-bach-thong.jpg").read_bytes() == (
        INPUT / "images" / "tram-y-te-bach-thong.jpg").read_bytes()
    assert not (data / "sources" / DECEMBER).exists()
    # The period's part of the manifest, and how each file was made.
    part = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    assert part["outputs"] and all(o["path"].startswith(("digests/2022-11/", "articles/"))
                                   for o in part["outputs"])
    provenance = json.loads((data / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["made_by"]["tool"] == "bantin" and "weasyprint" in provenance[
        "made_by"]["toolchain"]
    assert provenance["configuration"]["archive"]["contact_name"]
    listed = {f["path"]: f for f in provenance["files"]}
    pdf = listed["data/issue/bantin-2022-11.standard.pdf"]
    assert pdf["sha256"] == hashlib.sha256(
        (data / "issue" / "bantin-2022-11.standard.pdf").read_bytes()).hexdigest()
    assert any(m["path"] == "sources/2022-11-04-giam-sat-y-te-co-so-bach-thong.md"
               for m in pdf["made_from"])


def test_the_archival_pdf_carries_its_source_byte_identical(made):
    project, bag = made
    slug = "ban-van-hoa-xa-hoi-hdnd-tinh-giam-sat-cong-tac-y-te-co-so"
    reader = PdfReader(bag / "data" / "articles" / slug / f"{slug}.large.pdfa.pdf")
    attached = reader.attachments
    source = "2022-11-04-giam-sat-y-te-co-so-bach-thong.md"
    assert attached[source] == [(project / "input" / source).read_bytes()]
    issue = PdfReader(bag / "data" / "issue" / "bantin-2022-11.standard.pdfa.pdf")
    fix = "2022-11-21-giam-sat-cau-treo-ngan-son.json.fix.toml"
    assert issue.attachments[fix] == [(project / "input" / fix).read_bytes()]


def test_one_changed_byte_fails_validation(made, tmp_path):
    _, bag = made
    copy = tmp_path / "2022-11"
    shutil.copytree(bag, copy)
    target = copy / "data" / "sources" / "2022-11-04-giam-sat-y-te-co-so-bach-thong.md"
    data = bytearray(target.read_bytes())
    data[100] ^= 0x01
    target.write_bytes(bytes(data))
    assert bagit.Bag(str(copy)).is_valid(fast=True)  # same size: only the full check sees it
    assert not bagit.Bag(str(copy)).is_valid()
    result = cli(copy.parent, "archive", "--verify", str(copy))
    assert result.returncode == 1
    assert "2022-11-04-giam-sat-y-te-co-so-bach-thong.md" in result.stderr
    assert all(line.startswith("error: ") for line in result.stderr.splitlines())


def test_the_zip_is_the_same_bytes_from_two_fresh_projects_and_verifies(tmp_path):
    digests = []
    for run in ("a", "b"):  # separate processes, each with an empty cache and output
        project = make_project(tmp_path / run)
        result = cli(project, "archive", "2022-11", "--format", "zip")
        assert result.returncode == 0, result.stderr
        package = project / "output" / "archive" / "2022-11.zip"
        digests.append(hashlib.sha256(package.read_bytes()).hexdigest())
    assert digests[0] == digests[1]
    assert cli(project, "archive", "--verify", str(package)).returncode == 0
    # Unpacked with the standard library alone, the bag is valid.
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(package) as archive_file:
        archive_file.extractall(unpacked)
        assert {i.date_time for i in archive_file.infolist()} == {(2022, 11, 23, 0, 0, 0)}
    assert bagit.Bag(str(unpacked / "2022-11")).is_valid()
    # Editing December changes nothing in November's package.
    december = project / "input" / DECEMBER
    december.write_bytes(december.read_bytes().replace(b".", b"!", 1))
    again = cli(project, "archive", "2022-11", "--format", "zip")
    assert again.returncode == 0, again.stderr
    assert hashlib.sha256(package.read_bytes()).hexdigest() == digests[0]
    tar = cli(project, "archive", "2022-11", "--format", "tar")
    assert tar.returncode == 0, tar.stderr
    assert cli(project, "archive", "--verify",
               str(project / "output" / "archive" / "2022-11.tar")).returncode == 0


def test_nothing_outside_output_is_replaced_and_mistakes_are_one_line(made, tmp_path):
    project, _ = made
    elsewhere = tmp_path / "deposit"
    (elsewhere / "2022-11").mkdir(parents=True)
    (elsewhere / "2022-11" / "keep.txt").write_text("mine")
    result = cli(project, "archive", "2022-11", "--out", str(elsewhere))
    assert result.returncode == 1
    assert (elsewhere / "2022-11" / "keep.txt").read_text() == "mine"
    assert "already exists" in result.stderr and "Traceback" not in result.stderr
    made_elsewhere = cli(project, "archive", "2022-11", "--out", str(elsewhere / "new"))
    assert made_elsewhere.returncode == 0, made_elsewhere.stderr
    assert bagit.Bag(str(elsewhere / "new" / "2022-11")).is_valid(fast=True)
    for args in (("archive", "2022-13"), ("archive",), ("archive", "--verify",
                                                        str(tmp_path / "none.zip"))):
        failed = cli(project, *args)
        assert failed.returncode != 0 and "Traceback" not in failed.stderr
        assert failed.stderr.startswith("error: "), failed.stderr
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really")
    assert cli(project, "archive", "--verify", str(broken)).returncode == 1
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as archive_file:
        archive_file.writestr("../escape.txt", "x")
    (tmp_path / "evil.zip").write_bytes(evil.getvalue())
    refused = cli(project, "archive", "--verify", str(tmp_path / "evil.zip"))
    assert refused.returncode == 1 and not (tmp_path / "escape.txt").exists()


def test_every_archival_pdf_in_the_bag_is_pdfa_3_tagged_and_described_by_its_record(made):
    import pikepdf
    from test_pdfa import dc_elements, one, xmp_of

    from pipeline.validate import pdf_facts

    _, bag = made
    copies = sorted((bag / "data").rglob("*.pdfa.pdf"))
    assert len(copies) == 3 * 4  # three variants of the issue and of its three articles
    for copy in copies:
        record = etree.parse(str(copy.parent / "dublin_core.xml"))
        with pikepdf.open(copy) as document:
            xmp = xmp_of(document)
            assert one(xmp, "//pdfaid:part/text()") == "3"
            assert one(xmp, "//pdfaid:conformance/text()") == "A"
            assert one(xmp, "//pdfuaid:part/text()") == "1"
            described = dict(dc_elements(xmp))
            assert described["identifier"] == record.findtext(f"{DC}identifier"), copy.name
            assert described["title"] == record.findtext(f"{DC}title")
            assert described["date"] == record.findtext(f"{DC}date")
            assert not document.is_encrypted and len(document.Root.OutputIntents) == 1
            assert all(spec.AFRelationship == "/Source" for spec in document.Root.AF)
        facts = pdf_facts(copy)
        assert facts.tagged and facts.language == "vi" and facts.title
        assert not facts.unembedded_fonts and not facts.missing_glyphs
        if copy.parent.name == "issue":
            assert facts.bookmarks >= 3 and facts.page_labels


def test_a_periods_archival_cache_keeps_only_its_copies_as_they_are_now(tmp_path):
    """Archiving a period again after an article changed replaces the copies that changed
    in that period's cache instead of adding to them; other periods' caches stay whole."""
    project = make_project(tmp_path / "project")
    for period in ("2022-11", "2022-12"):
        result = cli(project, "archive", period)
        assert result.returncode == 0, result.stderr
    caches = project / ".bantin-cache" / "archival"

    def keys(period: str) -> set[str]:
        with contextlib.closing(sqlite3.connect(caches / f"{period}.sqlite")) as db:
            return {row[0] for row in db.execute("SELECT key FROM results")}

    november, december = keys("2022-11"), keys("2022-12")
    assert november and december and not november & december
    (project / "input" / "2022-11-04-giam-sat-y-te-co-so-bach-thong.md.fix.toml").write_text(
        'title = "Giám sát công tác y tế cơ sở: tiêu đề đã sửa"\n', encoding="utf-8")
    result = cli(project, "archive", "2022-11")
    assert result.returncode == 0, result.stderr
    again = keys("2022-11")
    assert again != november  # the changed article and the issue were made again …
    assert len(again) == len(november)  # … and what they replaced is gone
    assert keys("2022-12") == december
