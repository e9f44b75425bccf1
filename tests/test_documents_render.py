"""Administrative documents in print and EPUB: issuer and number, signature, recipients.

A small project of its own (a JSON resolution and the same as Markdown with pandoc fenced
divs), built through the CLI as a user builds it: nothing here depends on the Word reader.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from conftest import write
from pdfcheck import body_text
from validators import run_ace, run_epubcheck

from pipeline.config import load_config
from pipeline.corpus import load
from pipeline.model import Paragraph, Recipients, Signature
from pipeline.plan import Planner
from pipeline.render.html import document_parts, signature_lines

MARGINS = {"standard": (45, 51), "large": (68, 62), "xlarge": (68, 62)}  # top, bottom (pt)
ISSUER = "HỘI ĐỒNG NHÂN DÂN TỈNH BẮC KẠN"
NUMBER = "12/2022/NQ-HĐND"
SIGNATURE = ["TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH", "Hà Văn Khải"]
RECIPIENTS = ["Ủy ban Thường vụ Quốc hội;", "Chính phủ;", "Thường trực Tỉnh ủy;",
              "Ủy ban nhân dân tỉnh;", "Đại biểu HĐND tỉnh;", "Lưu: VT, HĐND."]
LAST_PARAGRAPH = ("Nghị quyết này đã được Hội đồng nhân dân tỉnh Bắc Kạn khóa X, kỳ họp thứ 11"
                  " thông qua ngày 9 tháng 12 năm 2022 và có hiệu lực từ ngày 20 tháng 12 năm"
                  " 2022./.")
PARAGRAPHS = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Xét Tờ trình số 180/TTr-UBND ngày 20 tháng 11 năm 2022 của Ủy ban nhân dân tỉnh; Báo cáo"
    " thẩm tra của Ban Văn hóa - Xã hội Hội đồng nhân dân tỉnh; ý kiến thảo luận của đại biểu"
    " Hội đồng nhân dân tỉnh tại kỳ họp.",
    "Điều 1. Thông qua Đề án phát triển du lịch cộng đồng tỉnh Bắc Kạn giai đoạn 2023 - 2025"
    " với các nội dung chủ yếu sau: đến năm 2025 có 20 làng, bản đạt tiêu chuẩn du lịch cộng"
    " đồng; đào tạo 500 lượt người làm du lịch tại chỗ.",
    "Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này. Giao Thường trực Hội"
    " đồng nhân dân, các Ban, các Tổ đại biểu và đại biểu Hội đồng nhân dân tỉnh giám sát việc"
    " thực hiện.",
    LAST_PARAGRAPH,
]
RESOLUTION = {
    "title": "Nghị quyết về việc thông qua Đề án phát triển du lịch cộng đồng",
    "date": "2022-12-10", "place": "Bắc Kạn", "section": "Văn bản",
    "document_type": "Nghị quyết", "document_number": NUMBER, "issuer": ISSUER,
    "signer": "Hà Văn Khải",
    "blocks": [*({"kind": "paragraph", "text": text} for text in PARAGRAPHS),
               # The reader may meet the recipients first (left cell of the closing table):
               # they still print last.
               {"kind": "recipients", "items": RECIPIENTS},
               {"kind": "signature", "items": SIGNATURE}],
}


def make_project(root: Path, recipients: str | None = None) -> Path:
    write(root / "input" / "nghi-quyet.json", json.dumps(RESOLUTION, ensure_ascii=False))
    if recipients is not None:
        write(root / "bantin.toml", f'[documents]\nrecipients = "{recipients}"\n')
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The resolution built by `bantin build` with recipients printed, and with them left out."""
    from click.testing import CliRunner

    from pipeline.cli import main

    projects = {}
    for setting in ("end", "omit"):
        project = make_project(tmp_path_factory.mktemp(setting), setting)
        result = CliRunner().invoke(main, ["build", "--project", str(project), "--strict", "-q"],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        projects[setting] = project
    return projects


def output(project: Path, suffix: str) -> Path:
    [folder] = (project / "output" / "articles").iterdir()
    return folder / f"{folder.name}{suffix}"


def pdf_text(project: Path, variant: str) -> str:
    pdf = output(project, f".{variant}.pdf").read_bytes()
    return unicodedata.normalize("NFC", body_text(pdf, *MARGINS[variant]))


def chapter(epub: Path) -> str:
    with zipfile.ZipFile(epub) as archive:
        return archive.read(f"EPUB/text/{epub.stem}.xhtml").decode("utf-8")


def in_order(text: str, pieces: list[str]) -> bool:
    at = 0
    for piece in pieces:
        found = text.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


@pytest.mark.parametrize("variant", ["standard", "large", "xlarge"])
def test_the_pdf_prints_issuer_number_signature_and_then_the_recipients(built, variant):
    text = pdf_text(built["end"], variant)
    assert f"{ISSUER} · Số: {NUMBER}" in text
    assert in_order(text, [f"Số: {NUMBER}", RESOLUTION["title"], "ngày 10 tháng 12 năm 2022",
                           LAST_PARAGRAPH, *SIGNATURE, "Nơi nhận:", *RECIPIENTS]), text
    assert text.count("Nơi nhận:") == 1


def _lines(pdf: bytes) -> list[tuple[str, float, float, float]]:
    """Every text line of the PDF: (text, left x, right x, largest size)."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for line in page.extract_text_lines():
                sizes = [ch["size"] for ch in line["chars"] if ch["text"].strip()]
                found.append((unicodedata.normalize("NFC", line["text"]), line["x0"],
                              line["x1"], round(max(sizes), 1)))
    return found


def _line(lines, text: str):
    return next(line for line in lines if line[0].strip() == text)


@pytest.mark.parametrize("variant", ["large", "xlarge"])
def test_large_print_sets_signature_and_recipients_left_aligned_at_body_size(built, variant):
    lines = _lines(output(built["end"], f".{variant}.pdf").read_bytes())
    body_left = next(line for line in lines if line[0].startswith("Căn cứ Luật"))[1]
    body_size = 18 if variant == "large" else 24
    for text in SIGNATURE:
        _, left, _, size = _line(lines, text)
        assert abs(left - body_left) < 1, f"{text!r} starts at {left}, the body at {body_left}"
        assert size >= body_size
    label = _line(lines, "Nơi nhận:")
    assert abs(label[1] - body_left) < 1 and label[3] >= body_size
    for text in RECIPIENTS:
        line = next(line for line in lines if line[0].endswith(text))
        assert line[3] >= body_size, f"{text!r} is {line[3]} pt"


def test_the_standard_signature_is_at_the_right_its_lines_centred(built):
    pdf = output(built["end"], ".standard.pdf").read_bytes()
    lines = _lines(pdf)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        middle = document.pages[0].width / 2
    centres = [(left + right) / 2 for _, left, right, _ in (_line(lines, t) for t in SIGNATURE)]
    assert all(c > middle + 40 for c in centres), (centres, middle)
    assert max(centres) - min(centres) < 2, "the lines are centred on one axis"
    label = _line(lines, "Nơi nhận:")
    assert label[1] < middle - 100, "the recipients start at the left margin"
    assert label[3] < 11, "and are set smaller than the body"


def test_omit_leaves_the_recipients_out_of_print_and_epub_but_not_the_article(built, bantin):
    project = built["omit"]
    for variant in ("standard", "large"):
        text = pdf_text(project, variant)
        assert "Nơi nhận" not in text and "Lưu: VT, HĐND." not in text
        assert in_order(text, [LAST_PARAGRAPH, *SIGNATURE])
    xhtml = chapter(output(project, ".epub"))
    assert "Nơi nhận" not in xhtml and "Lưu: VT" not in xhtml and "Hà Văn Khải" in xhtml
    normalized = bantin("normalize", project / "input" / "nghi-quyet.json", "--json",
                        "--config", project / "bantin.toml")
    assert normalized.exit_code == 0, normalized.stderr
    [record] = json.loads(normalized.stdout)
    kept = [b for b in record["blocks"] if b["kind"] == "recipients"]
    assert kept and kept[0]["items"] == RECIPIENTS


def test_the_digest_prints_the_document_the_same_way(built):
    pdf = (built["end"] / "output" / "digests" / "2022-12" / "bantin-2022-12.large.pdf")
    text = unicodedata.normalize("NFC", body_text(pdf.read_bytes(), *MARGINS["large"]))
    assert in_order(text, [f"Số: {NUMBER}", LAST_PARAGRAPH, *SIGNATURE, "Nơi nhận:",
                           *RECIPIENTS])
    omitted = (built["omit"] / "output" / "digests" / "2022-12" / "bantin-2022-12.epub")
    with zipfile.ZipFile(omitted) as archive:
        texts = "".join(archive.read(n).decode() for n in archive.namelist()
                        if n.endswith(".xhtml"))
    assert "Nơi nhận" not in texts and "TM. HỘI ĐỒNG NHÂN DÂN" in texts


@pytest.mark.parametrize("setting", ["end", "omit"])
def test_the_epub_is_semantic_and_passes_epubcheck_and_ace(built, setting):
    epub = output(built[setting], ".epub")
    xhtml = chapter(epub)
    assert re.search(r'<p class="document-meta"><span class="issuer">' + ISSUER
                     + r'</span>\xa0· <span class="document-number">Số: ', xhtml)
    assert re.search(r'<div class="signature">\s*<p class="office">TM\. HỘI ĐỒNG NHÂN DÂN</p>'
                     r'\s*<p class="office">CHỦ TỊCH</p>\s*<p class="signer">Hà Văn Khải</p>',
                     xhtml)
    if setting == "end":
        assert '<section class="recipients" aria-label="Nơi nhận">' in xhtml
        assert xhtml.index('class="signature"') < xhtml.index('class="recipients"')
        assert re.search(r"<ul>\s*<li>Ủy ban Thường vụ Quốc hội;</li>", xhtml)
    with zipfile.ZipFile(epub) as archive:  # a document's creator is the body that issued it
        package = archive.read("EPUB/content.opf").decode("utf-8")
    assert f">{ISSUER}</dc:creator>" in package
    check = run_epubcheck(epub)
    assert (check.fatals, check.errors, check.warnings) == (0, 0, 0), check.messages
    assert run_ace(epub) == []


def test_markdown_fenced_divs_render_like_the_json(bantin, tmp_path):
    source = write(tmp_path / "thong-bao.md", """---
title: Thông báo kết luận phiên họp Thường trực HĐND tỉnh tháng 11/2022
date: 2022-11-30
place: Bắc Kạn
document_type: Thông báo
document_number: 85/TB-HĐND
issuer: THƯỜNG TRỰC HĐND TỈNH BẮC KẠN
signer: Nông Thị Mai
---

Ngày 28/11/2022, Thường trực HĐND tỉnh họp phiên thường kỳ tháng 11.

::: signature
TL. THƯỜNG TRỰC HĐND\\
CHÁNH VĂN PHÒNG\\
(Đã ký)\\
Nông Thị Mai
:::

::: recipients
- Thường trực Tỉnh ủy;
- Lưu: VT.
:::
""")
    result = bantin("render", source, "--format", "html", "--variant", "standard",
                    "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    html = next((tmp_path / "out").rglob("*.html")).read_text(encoding="utf-8")
    assert ('<span class="issuer">THƯỜNG TRỰC HĐND TỈNH BẮC KẠN</span>&#160;· <span'
            ' class="document-number">Số: <span class="nobr">85/TB-HĐND</span>') in html
    assert '<p class="note">(Đã ký)</p>' in html and '<p class="signer">Nông Thị Mai</p>' in html
    assert html.index('class="signature"') < html.index('aria-label="Nơi nhận"')
    assert html.index('class="article-body"') < html.index('class="signature"')


def test_signature_lines_find_the_name():
    assert signature_lines(SIGNATURE, "Hà Văn Khải") == [
        ("office", "TM. HỘI ĐỒNG NHÂN DÂN"), ("office", "CHỦ TỊCH"), ("signer", "Hà Văn Khải")]
    # No signer field: the last line, when it is not in capitals, is the name.
    assert signature_lines(["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "(Đã ký)", "Lò Văn Sơn"], None) == [
        ("office", "KT. CHỦ TỊCH"), ("office", "PHÓ CHỦ TỊCH"), ("note", "(Đã ký)"),
        ("signer", "Lò Văn Sơn")]
    assert [r for r, _ in signature_lines(["TM. ỦY BAN", "CHỦ TỊCH"], None)] == ["office"] * 2


def test_only_a_closing_signature_leaves_the_columns_and_recipients_go_last():
    p, s, r = Paragraph(text="a"), Signature(items=("X",)), Recipients(items=("Y;",))
    assert document_parts([p, r, s]) == ([p], [s], [r])
    assert document_parts([s, p]) == ([s, p], [], [])  # a signature mid-document stays put
    assert document_parts([p]) == ([p], [], [])


def test_the_setting_is_part_of_every_job_key(tmp_path):
    keys = {}
    for setting in ("end", "omit"):
        project = make_project(tmp_path / setting, setting)
        config = load_config(project)
        [article] = load([project / "input"], config).articles
        keys[setting] = {j.target: j.key for j in Planner(config).article_jobs(
            article, ["standard"], ["pdf", "epub"])}
    assert keys["end"].keys() == keys["omit"].keys()
    assert all(keys["end"][t] != keys["omit"][t] for t in keys["end"])


def test_a_wrong_setting_is_one_clear_line(bantin, tmp_path):
    project = make_project(tmp_path, "bottom")
    result = bantin("build", "--project", project)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: {project / 'bantin.toml'}: Config value 'documents.recipients':"
                     " use end (print the 'Nơi nhận' list at the end of the document) or omit"
                     " (leave it out), not 'bottom'"]


def test_a_short_document_starts_its_body_on_the_first_page(bantin, tmp_path):
    """The signature is kept whole but not glued to the columns above it: a document of
    a page and a half once had its whole two-column body pushed to page 2."""
    from conftest import INPUT

    source = INPUT / "2022-11-30-thong-bao-ket-luan-phien-hop-thuong-truc-thang-11.docx"
    result = bantin("render", source, "--out", tmp_path / "out", "--variant", "standard",
                    "--format", "pdf")
    assert result.exit_code == 0, result.stderr
    [pdf] = (tmp_path / "out").rglob("*.standard.pdf")
    with pdfplumber.open(pdf) as document:
        first = unicodedata.normalize("NFC", document.pages[0].extract_text() or "")
    assert "Ngày 28 tháng 11 năm 2022" in first
