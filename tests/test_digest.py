"""Digests: collation, the one-document PDF (contents, labels, bookmarks), the EPUB issue."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pikepdf
import pypdf
import pytest
from conftest import INPUT, ROOT, write
from validators import run_ace, run_epubcheck

from pipeline.collate import collate, months_present
from pipeline.config import load_config, parse_config
from pipeline.corpus import load
from pipeline.errors import BantinError
from pipeline.model import Article
from pipeline.periods import parse_period

VARIANTS = ("standard", "large", "xlarge")


def art(title, date, section=None, slug=None):
    return Article(slug=slug or title.lower().replace(" ", "-"), title=title,
                   date=dt.date.fromisoformat(date), section=section, source=Path("x.md"))


def test_collate_orders_by_configured_section_then_date_then_title(tmp_path):
    config = parse_config({"digest": {"section_order": ["Kỳ họp", "Giám sát"]},
                           "publication": {"issues": {"2022-11": 11}}}, project=tmp_path)
    articles = [
        art("Bài B", "2022-11-10", "Giám sát"), art("Bài Đ", "2022-11-03", "Giám sát"),
        art("Bài A", "2022-11-03", "Giám sát"), art("Kỳ họp 1", "2022-11-20", "Kỳ họp"),
        art("Ăn", "2022-11-05", "Đời sống"), art("Á", "2022-11-05", "Bạn đọc"),
        art("Không mục", "2022-11-01"), art("Tháng sau", "2022-12-01", "Kỳ họp"),
    ]
    collated = collate(articles, parse_period("2022-11"), config)
    assert [(s, [a.title for a in arts]) for s, arts in collated.sections] == [
        ("Kỳ họp", ["Kỳ họp 1"]),
        ("Giám sát", ["Bài A", "Bài Đ", "Bài B"]),
        ("Bạn đọc", ["Á"]), ("Đời sống", ["Ăn"]),
        ("Tin khác", ["Không mục"]),
    ]
    assert collated.issue_number == 11
    assert collate(articles, parse_period("2022-Q4"), config).issue_number is None


def test_a_period_without_articles_is_a_clear_error(tmp_path):
    config = parse_config({}, project=tmp_path)
    with pytest.raises(BantinError, match=r"no article is dated in 2023-01 \(01/01/2023–31/01"):
        collate([art("A", "2022-11-01")], parse_period("2023-01"), config)


def test_months_present():
    months = months_present([art("A", "2022-12-01"), art("B", "2022-11-30"),
                             art("C", "2022-11-02")])
    assert [m.name for m in months] == ["2022-11", "2022-12"]


@pytest.fixture(scope="module")
def november(sample_project):
    """The November 2022 sample digest in every variant and as EPUB, made by `bantin build`."""
    project = sample_project
    folder = project / "output" / "digests" / "2022-11"
    return project, {v: (folder / f"bantin-2022-11.{v}.pdf").read_bytes() for v in VARIANTS}, (
        folder / "bantin-2022-11.epub")


def labels_and_text(pdf: bytes) -> list[tuple[str, str]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [(label, unicodedata.normalize("NFC", page.extract_text()))
            for label, page in zip(reader.page_labels, reader.pages, strict=True)]


def november_articles(project: Path):
    """The sample project's November articles as the digest collates them."""
    config = load_config(project)
    return collate(load([project / "input"], config).articles, parse_period("2022-11"), config)


def squeeze(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("variant", VARIANTS)
def test_contents_page_numbers_are_where_the_titles_stand(november, variant):
    project, pdfs, _ = november
    collated = november_articles(project)
    pages = labels_and_text(pdfs[variant])
    front = [text for label, text in pages if not label.isdigit()]
    contents = squeeze(" ".join(front))
    for article in collated.articles:
        # The contents line: the title (maybe wrapped), dot leaders, the page number.
        entry = re.search(re.escape(squeeze(article.title)) + r"[ .]*?(\d+)\b", contents)
        assert entry, f"{article.title} missing from the contents"
        start = squeeze(article.title)
        first = next(label for label, text in pages if label.isdigit()
                     and start in squeeze(text))
        assert first == entry[1], f"{article.title!r}: contents say {entry[1]}, page {first}"


@pytest.mark.parametrize("variant", VARIANTS)
def test_labels_bookmarks_tags_and_cover(november, variant):
    project, pdfs, _ = november
    collated = november_articles(project)
    with pikepdf.open(io.BytesIO(pdfs[variant])) as pdf:
        nums = pdf.Root.PageLabels.Nums
        assert int(nums[0]) == 0 and str(nums[1].S) == "/r"
        assert str(nums[3].S) == "/D" and int(nums[3].St) == 1
        assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == "vi"
        assert str(pdf.docinfo.Title) == "Bản tin tháng 11/2022"
        with pdf.open_outline() as outline:
            tree = [(item.title, [child.title for child in item.children])
                    for item in outline.root]
    assert tree == [(section, [a.title for a in articles])
                    for section, articles in collated.sections]
    first_label, cover = labels_and_text(pdfs[variant])[0]
    assert first_label == "i"
    cover = squeeze(cover)
    assert "BẢN TIN HỘI ĐỒNG NHÂN DÂN" in cover and "Bản tin tháng 11/2022" in cover
    assert "Số 11" in cover


def test_digest_epub_is_valid_and_reproducible(november, tmp_path):
    project, _, epub = november
    check = run_epubcheck(epub)
    assert (check.fatals, check.errors, check.warnings) == (0, 0, 0), check.messages
    assert run_ace(epub) == []
    again = tmp_path / "again"
    shutil.copytree(project / "input", again / "input")
    shutil.copy(project / "bantin.toml", again / "bantin.toml")
    run = subprocess.run([sys.executable, "-m", "pipeline", "digest", "2022-11", "--format",
                          "epub", "--project", str(again)], capture_output=True, text=True,
                         check=False, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    rebuilt = again / "output" / "digests" / "2022-11" / "bantin-2022-11.epub"
    assert hashlib.sha256(rebuilt.read_bytes()).digest() == hashlib.sha256(
        epub.read_bytes()).digest()


def test_editors_note_and_cover_picture(bantin, tmp_path):
    write(tmp_path / "input" / "a.md", "---\ntitle: Bài một\ndate: 2022-11-03\nsection: Kỳ họp"
                                       "\n---\n\nĐoạn một.\n")
    write(tmp_path / "input" / "notes" / "2022-11.md",
          "---\ntitle: Lời tòa soạn\nbyline: Ban biên tập\n---\n\nThân gửi bạn đọc.\n")
    shutil.copy(INPUT / "images" / "hoi-truong-ky-hop.jpg", tmp_path / "input" / "covers.jpg")
    (tmp_path / "input" / "covers").mkdir()
    shutil.copy(INPUT / "images" / "hoi-truong-ky-hop.jpg",
                tmp_path / "input" / "covers" / "2022-11.jpg")
    result = bantin("digest", "2022-11", "--project", tmp_path, "--variant", "large",
                    "--format", "pdf")
    assert result.exit_code == 0, result.stderr
    pdf = (tmp_path / "output" / "digests" / "2022-11" / "bantin-2022-11.large.pdf").read_bytes()
    pages = labels_and_text(pdf)
    assert [label for label, _ in pages] == ["i", "ii", "iii", "1"]
    assert "Thân gửi bạn đọc." in pages[1][1] and "Mục lục" in pages[2][1]
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(list(document.pages[0].get_images())) == 1, "the cover picture"
    assert not (tmp_path / "output" / "articles").exists()
    normalized = bantin("normalize", "--project", tmp_path)
    assert "Thân gửi" not in normalized.stdout, "a note is not an article"


def test_a_broken_cover_picture_is_left_out_with_a_warning(bantin, tmp_path):
    write(tmp_path / "input" / "a.md", "---\ntitle: Bài một\ndate: 2022-11-03\n---\n\nMột.\n")
    photo = (INPUT / "images" / "hoi-truong-ky-hop.jpg").read_bytes()
    write(tmp_path / "input" / "covers" / "2022-11.jpg", photo[: len(photo) // 2])
    result = bantin("digest", "2022-11", "--project", tmp_path, "--variant", "large",
                    "--format", "pdf")
    assert result.exit_code == 0, result.stderr
    assert "covers/2022-11.jpg: skipped: is cut off before its end" in result.stderr
    pdf = (tmp_path / "output" / "digests" / "2022-11" / "bantin-2022-11.large.pdf").read_bytes()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert not list(document.pages[0].get_images()), "no half-blank cover"


def test_digest_errors(bantin, tmp_path):
    write(tmp_path / "input" / "a.md", "---\ntitle: A\ndate: 2022-11-03\n---\nB\n")
    result = bantin("digest", "2022-13", "2022-11-30..2022-11-01", "--project", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.count("error:") == 2 and "no month 13" in result.stderr
    empty = bantin("digest", "2023-01", "--project", tmp_path)
    assert empty.exit_code == 1 and "no article is dated in 2023-01" in empty.stderr
    assert "Traceback" not in empty.output


def test_build_makes_the_digests_of_every_month(bantin, tmp_path):
    write(tmp_path / "input" / "a.md", "---\ntitle: A\ndate: 2022-11-03\n---\nB\n")
    write(tmp_path / "input" / "b.md", "---\ntitle: C\ndate: 2022-12-05\n---\nD\n")
    result = bantin("build", "--project", tmp_path, "--variant", "standard")
    assert result.exit_code == 0, result.stderr
    digests = sorted(p.relative_to(tmp_path / "output" / "digests").as_posix()
                     for p in (tmp_path / "output" / "digests").rglob("*.*"))
    assert digests == ["2022-11/bantin-2022-11.epub", "2022-11/bantin-2022-11.standard.pdf",
                       "2022-12/bantin-2022-12.epub", "2022-12/bantin-2022-12.standard.pdf"]


def test_range_period_folder(bantin, tmp_path):
    write(tmp_path / "input" / "a.md", "---\ntitle: A\ndate: 2022-11-03\n---\nB\n")
    result = bantin("digest", "2022-11-01..2022-11-15", "--project", tmp_path, "--format",
                    "epub")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "output" / "digests" / "2022-11-01_2022-11-15" /
            "bantin-2022-11-01_2022-11-15.epub").is_file()


def test_documents_without_a_section_go_under_van_ban(tmp_path):
    """An administrative document that names no section is collated under [digest]
    documents_section ("Văn bản"), before the articles without one ("Tin khác")."""
    import datetime as dt

    from pipeline.collate import collate
    from pipeline.config import parse_config
    from pipeline.model import Article
    from pipeline.periods import parse_period

    config = parse_config({}, project=tmp_path)
    news = Article(slug="tin", title="Tin", date=dt.date(2022, 11, 3))
    document = Article(slug="nq", title="Nghị quyết về việc A", date=dt.date(2022, 11, 4),
                       document_type="Nghị quyết")
    digest = collate([news, document], parse_period("2022-11"), config)
    assert [name for name, _ in digest.sections] == ["Văn bản", "Tin khác"]
    renamed = parse_config({"digest": {"documents_section": "Văn bản mới"}}, project=tmp_path)
    assert collate([document], parse_period("2022-11"), renamed).sections[0][0] == "Văn bản mới"
