"""EPUB issues: EPUBCheck and Ace clean, complete metadata, reproducible, hostile metadata safe."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import INPUT, ROOT, SEED, write
from ebooklib import epub as ebooklib_epub
from lxml import etree
from validators import run_ace, run_epubcheck

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/"}


@pytest.fixture(scope="module")
def sample_epubs(sample_project) -> list[Path]:
    """The EPUB of every article of the sample month, made by `bantin build`."""
    return sorted((sample_project / "output" / "articles").rglob("*.epub"))


def opf(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


def member(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def test_every_sample_epub_passes_epubcheck_and_ace(bantin, sample_project, sample_epubs):
    """`bantin check --strict` runs both validators (one it cannot run is a failure); the
    verdicts it keeps by SHA-256 make the whole-month check in test_build cheap."""
    assert len(sample_epubs) >= 20
    result = bantin("check", "--project", sample_project, "--strict", *sample_epubs)
    assert result.exit_code == 0, result.stderr
    assert f"{len(sample_epubs)} file(s) checked: 0 error(s), 0 warning(s)" in result.stderr


def test_the_validators_do_find_problems(tmp_path):
    """A bare ebooklib book (no language on the package, no accessibility metadata)."""
    book = ebooklib_epub.EpubBook()
    book.set_identifier("x")
    book.set_title("Thử")
    chapter = ebooklib_epub.EpubHtml(title="Một", file_name="a.xhtml")
    chapter.content = "<h1>Một</h1><p>Hai</p><img src='missing.png'/>"
    book.add_item(chapter)
    book.add_item(ebooklib_epub.EpubNav())
    book.spine = ["nav", chapter]
    path = tmp_path / "bare.epub"
    ebooklib_epub.write_epub(str(path), book)
    assert run_epubcheck(path).errors > 0
    assert run_ace(path)


def test_package_metadata(sample_epubs):
    seed = next(p for p in sample_epubs if p.name.startswith("cac-ban-hdnd-tinh-tich-cuc"))
    root = opf(seed)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    metadata = root.find("opf:metadata", NS)
    text = {e: [x.text for x in metadata.findall(e, NS)] for e in (
        "dc:identifier", "dc:title", "dc:language", "dc:creator", "dc:publisher", "dc:date")}
    assert text["dc:identifier"][0].startswith("urn:uuid:")
    assert text["dc:title"] == ["Các Ban HĐND tỉnh tích cực, chủ động trong công tác phối hợp"
                                " để nâng cao chất lượng hoạt động"]
    assert text["dc:language"] == ["vi"] and text["dc:creator"] == ["Thu Cúc"]
    assert text["dc:publisher"] == ["Văn phòng Đoàn ĐBQH và HĐND tỉnh Bắc Kạn"]
    assert text["dc:date"] == ["2022-11-17"]
    properties = {}
    for meta in metadata.findall("opf:meta", NS):
        properties.setdefault(meta.get("property"), []).append(meta.text)
    assert properties["dcterms:modified"] == ["2022-11-17T00:00:00Z"]
    assert properties["schema:accessMode"] == ["textual"]
    assert properties["schema:accessModeSufficient"] == ["textual"]
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= set(
        properties["schema:accessibilityFeature"])
    assert properties["schema:accessibilityHazard"] == ["none"]
    assert properties["schema:accessibilitySummary"][0]
    assert properties["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    cover = root.find("opf:manifest/opf:item[@properties='cover-image']", NS)
    assert cover is not None and cover.get("media-type") == "image/png"


def test_pictures_have_alt_text_and_fonts_are_embedded(sample_epubs):
    path = next(p for p in sample_epubs if p.name.startswith("to-dai-bieu-hdnd-tinh-tiep-xuc"))
    root = opf(path)
    features = [m.text for m in root.findall(".//opf:meta[@property='schema:accessibilityFeature']",
                                             NS)]
    assert "alternativeText" in features
    modes = [m.text for m in root.findall(".//opf:meta[@property='schema:accessMode']", NS)]
    assert modes == ["textual", "visual"]
    items = root.findall("opf:manifest/opf:item", NS)
    assert {i.get("media-type") for i in items} >= {"font/ttf", "image/jpeg", "text/css",
                                                   "application/xhtml+xml"}
    chapter = next(i.get("href") for i in items if i.get("href").startswith("text/"))
    page = member(path, f"EPUB/{chapter}")
    assert page.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    images = page.findall(".//x:img", NS)
    assert images and all(img.get("alt") for img in images)
    assert page.find(".//x:figcaption", NS) is not None
    with zipfile.ZipFile(path) as archive:
        fonts = [n for n in archive.namelist() if n.endswith(".ttf")]
        assert fonts and all(len(archive.read(n)) < 120_000 for n in fonts), "subset fonts"


def test_zip_layout_is_reproducible_shape(sample_epubs):
    with zipfile.ZipFile(sample_epubs[0]) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert [i.filename for i in infos[1:3]] == ["META-INF/container.xml", "EPUB/content.opf"]
    assert len({i.date_time for i in infos}) == 1


def test_two_builds_in_separate_processes_are_byte_identical(tmp_path):
    digests = []
    for run in ("first", "second"):
        out = tmp_path / run
        result = subprocess.run([sys.executable, "-m", "pipeline.cli", "render", str(SEED),
                                 str(INPUT / "2022-11-16-tiep-xuc-cu-tri-ba-be.md"), "--format",
                                 "epub", "--format", "pdf", "--variant", "large", "--out",
                                 str(out)], capture_output=True, text=True, check=False, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        digests.append({p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                        for p in sorted(out.rglob("*.*"))})
    assert len(digests[0]) == 4 and digests[0] == digests[1]


def test_source_date_epoch_sets_modified(tmp_path):
    out = tmp_path / "out"
    env = {"SOURCE_DATE_EPOCH": "1700000000", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", "render", str(SEED),
                             "--format", "epub", "--out", str(out)], env=env,
                            capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    root = opf(next(out.rglob("*.epub")))
    assert root.find(".//opf:meta[@property='dcterms:modified']", NS).text == (
        "2023-11-14T22:13:20Z")


def test_hostile_metadata_still_makes_a_valid_epub(tmp_path, bantin):
    article = {
        "title": "Tiêu đề <b>đậm</b> & \"ngoặc\" \u0007\u001b với \ud800 lạc",
        "date": "2022-11-30", "byline": "An <Bình>\u0000 - Đào Dũng",
        "lead": "Sapo ]]> <!-- chú thích --> & thêm.", "tags": ["<script>", "a&b", "\u0085x"],
        "section": "Mục </section>",
        "blocks": [{"kind": "paragraph", "text": "Đoạn <script>alert(1)</script> & \u000b."},
                   {"kind": "list", "items": ["<li>", "&amp;"]},
                   {"kind": "figure", "caption": "Ảnh <thiếu>", "credit": "A&B"}],
    }
    source = write(tmp_path / "hostile.json", json.dumps(article))
    result = bantin("render", source, "--format", "epub", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    path = next((tmp_path / "out").rglob("*.epub"))
    check = run_epubcheck(path)
    assert (check.fatals, check.errors, check.warnings) == (0, 0, 0), check.messages
    assert run_ace(path) == []
    creators = [c.text for c in opf(path).findall(".//dc:creator", NS)]
    assert creators == ["An <Bình>", "Đào Dũng"]
    ids = [c.get("id") for c in opf(path).findall(".//dc:creator", NS)]
    assert len(set(ids)) == 2


def test_navigation_lists_every_article_in_order(tmp_path, bantin):
    from pipeline.config import load_config
    from pipeline.corpus import load
    from pipeline.render.epub import Book, build_epub
    from pipeline.render.html import environment

    config = load_config(ROOT)
    articles = load([INPUT], config).articles[:5]
    book = Book(title="Bản tin thử", identity=("x", "2022-11"), date=articles[0].date,
                sections=(("Kỳ họp", articles[:2]), ("Giám sát", articles[2:])))
    path = tmp_path / "book.epub"
    path.write_bytes(build_epub(book, config, environment(config)))
    nav = member(path, "EPUB/nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    sections = [a.text for a in toc.findall("x:ol/x:li/x:a", NS)]
    assert sections == ["Kỳ họp", "Giám sát"]
    titles = [a.text for a in toc.findall("x:ol/x:li/x:ol/x:li/x:a", NS)]
    assert titles == [a.title for a in articles]
    ncx = member(path, "EPUB/toc.ncx")
    assert len(ncx.findall(".//ncx:navPoint", NS)) == 7
    check = run_epubcheck(path)
    assert (check.errors, check.warnings) == (0, 0), check.messages
    assert run_ace(path) == []


def test_build_writes_the_epub_beside_the_pdfs(bantin, tmp_path):
    write(tmp_path / "input" / "a.md", "---\ntitle: Bài\ndate: 2022-11-03\n---\n\nĐoạn.\n")
    result = bantin("build", "--project", tmp_path, "--variant", "large")
    assert result.exit_code == 0, result.stderr
    made = sorted(p.name for p in (tmp_path / "output" / "articles" / "bai").iterdir())
    assert made == ["bai.epub", "bai.large.pdf"]
    data = io.BytesIO((tmp_path / "output" / "articles" / "bai" / "bai.epub").read_bytes())
    assert zipfile.ZipFile(data).read("mimetype") == b"application/epub+zip"


def test_the_symbol_faces_are_embedded_only_for_the_signs_a_book_uses(tmp_path):
    """A sign the text faces lack (− ≥ → ① ✓) gets a subset of the symbol face that has it,
    with only those signs; a book without such signs embeds no symbol face."""
    import datetime as dt

    from pipeline.config import load_config
    from pipeline.model import Article, Paragraph
    from pipeline.render import EpubRenderer, RenderContext

    context = RenderContext(config=load_config(ROOT), roots=(tmp_path,))

    def book(text: str) -> Path:
        article = Article(slug="ky-hieu", title="Ký hiệu", date=dt.date(2022, 11, 3),
                          source=tmp_path / "a.md", blocks=(Paragraph(text=text),))
        path = tmp_path / f"{len(text)}.epub"
        return write(path, EpubRenderer().render(article, "standard", context))

    signs = book("Nhiệt độ −5 °C, ≥ 50 %, → ①, ✓ đạt")
    plain = book("Nhiệt độ 5 °C, 50 %, đạt")
    with zipfile.ZipFile(signs) as archive:
        fonts = {Path(n).name: len(archive.read(n)) for n in archive.namelist()
                 if n.endswith(".ttf")}
        css = archive.read("EPUB/styles/epub.css").decode()
    assert {"NotoSansMath-Regular.ttf", "NotoSansSymbols-Regular.ttf",
            "NotoSansSymbols2-Regular.ttf"} <= set(fonts)
    assert all(fonts[n] < 8_000 for n in fonts if "Symbols" in n or "Math" in n), fonts
    assert '"Bantin Serif", "Bantin Math", "Bantin Symbols", "Bantin Dingbats", serif' in css
    with zipfile.ZipFile(plain) as archive:
        names = [n for n in archive.namelist() if n.endswith(".ttf")]
        assert names and not any("Symbols" in n or "Math" in n for n in names)
        assert "Bantin Math" not in archive.read("EPUB/styles/epub.css").decode()
    check = run_epubcheck(signs)
    assert (check.fatals, check.errors, check.warnings) == (0, 0, 0), check.messages


def test_a_font_subset_is_the_same_whatever_was_made_before_it():
    """A worker makes many books, each under its own date: a subset must not carry the
    stamp of whichever book this worker made first, or the bytes depend on job order."""
    from pipeline.render.identity import pinned_clock
    from pipeline.render.subset import _subset, subset_font

    face = ROOT / "fonts" / "NotoSans-Regular.ttf"
    with pinned_clock(1_600_000_000):
        subset_font(face, "Một")
    with pinned_clock(1_700_000_000):
        after_another = subset_font(face, "Một")
    _subset.cache_clear()
    with pinned_clock(1_700_000_000):
        alone = subset_font(face, "Một")
    assert after_another == alone
