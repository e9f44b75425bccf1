"""Administrative documents in Word, recognised by their layout (Decree 30/2020/NĐ-CP):
letterhead in a table, in tab columns or line by line; title = type + subject; the
place-and-date line's date; number, issuer and signer; signature and recipients blocks;
a news article that quotes a resolution stays news."""

from __future__ import annotations

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from test_word import read

from pipeline.model import Figure, Heading, Paragraph, Recipients, Signature
from pipeline.sources.official import is_motto

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
BODY = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Xét Tờ trình số 45/TTr-HĐND ngày 25 tháng 11 năm 2022 của Thường trực Hội đồng nhân"
    " dân tỉnh;",
    "QUYẾT NGHỊ:",
    "Điều 1. Thông qua kế hoạch giám sát năm 2023 của Hội đồng nhân dân tỉnh với các nội"
    " dung chính sau:",
    "1. Giám sát việc thực hiện chính sách hỗ trợ phát triển sản xuất nông nghiệp.",
    "Điều 2. Tổ chức thực hiện",
    "Thường trực Hội đồng nhân dân tỉnh tổ chức thực hiện Nghị quyết này.",
]
RECIPIENTS = ["- Ủy ban Thường vụ Quốc hội;", "- Thường trực Tỉnh ủy;", "- Lưu: VT, HĐND."]
SIGNATURE = ["TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH", "Phương Thị Thanh"]


def _cell(cell, lines):
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)
    for paragraph in cell.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _centered(document, text, bold=True):
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = bold
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def resolution(path, layout="table"):
    document = docx.Document()
    if layout == "table":
        table = document.add_table(rows=1, cols=2)
        _cell(table.cell(0, 0), ["HỘI ĐỒNG NHÂN DÂN", "TỈNH BẮC KẠN", "_______",
                                 "Số: 12/2022/NQ-HĐND"])
        _cell(table.cell(0, 1), [*MOTTO, "____________", "Bắc Kạn, ngày 10 tháng 12 năm 2022"])
    elif layout == "tabs":
        document.add_paragraph(f"HỘI ĐỒNG NHÂN DÂN\t\t{MOTTO[0]}")
        document.add_paragraph(f"TỈNH BẮC KẠN\t\t{MOTTO[1]}")
        document.add_paragraph("Số: 12/2022/NQ-HĐND\t\tBắc Kạn, ngày 10 tháng 12 năm 2022")
    else:  # line by line, as a copy that lost its table
        for line in ("HỘI ĐỒNG NHÂN DÂN", "TỈNH BẮC KẠN", "Số: 12/2022/NQ-HĐND", *MOTTO,
                     "Bắc Kạn, ngày 10 tháng 12 năm 2022"):
            _centered(document, line)
    _centered(document, "NGHỊ QUYẾT")
    _centered(document, "Về việc thông qua kế hoạch giám sát năm 2023")
    _centered(document, "_______", bold=False)
    _centered(document, "HỘI ĐỒNG NHÂN DÂN TỈNH BẮC KẠN")
    for text in BODY:
        document.add_paragraph(text)
    if layout == "table":
        table = document.add_table(rows=1, cols=2)
        _cell(table.cell(0, 0), ["Nơi nhận:", *RECIPIENTS])
        _cell(table.cell(0, 1), [*SIGNATURE[:2], "", "", SIGNATURE[2]])
    else:
        document.add_paragraph(f"Nơi nhận:\t\t\t{SIGNATURE[0]}")
        document.add_paragraph(f"{RECIPIENTS[0]}\t\t\t{SIGNATURE[1]}")
        document.add_paragraph(RECIPIENTS[1])
        document.add_paragraph(f"{RECIPIENTS[2]}\t\t\t{SIGNATURE[2]}")
    document.save(str(path))
    return path


@pytest.mark.parametrize("layout", ["table", "tabs", "lines"])
def test_a_resolution_is_read_as_a_document(tmp_path, layout):
    raw, article = read(resolution(tmp_path / f"{layout}.docx", layout))
    assert article.title == "Nghị quyết về việc thông qua kế hoạch giám sát năm 2023"
    assert str(article.date) == "2022-12-10" and article.place == "Bắc Kạn"
    assert article.document_type == "Nghị quyết"
    assert article.document_number == "12/2022/NQ-HĐND"
    assert article.issuer == "HỘI ĐỒNG NHÂN DÂN TỈNH BẮC KẠN"
    assert article.signer == "Phương Thị Thanh"
    assert article.lead is None and article.byline is None
    kinds = [block.kind for block in article.blocks]
    assert kinds[-2:] == ["signature", "recipients"]
    signature, recipients = article.blocks[-2:]
    assert isinstance(signature, Signature) and signature.items == tuple(SIGNATURE)
    assert isinstance(recipients, Recipients) and recipients.items == tuple(
        item.removeprefix("- ") for item in RECIPIENTS)
    texts = " ".join(getattr(b, "text", "") for b in article.blocks)
    assert "Độc lập" not in texts and "CỘNG HÒA" not in texts  # the motto is letterhead
    assert not any(isinstance(b, Figure) for b in article.blocks)  # no caption invented
    headings = [b.text for b in article.blocks if isinstance(b, Heading)]
    assert headings == ["Điều 1.", "Điều 2. Tổ chức thực hiện"]
    assert any(n.what == "national motto (letterhead)" for n in raw.notes)


def test_a_letter_takes_its_subject_from_the_letterhead(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    _cell(table.cell(0, 0), ["UBND TỈNH BẮC KẠN", "SỞ TÀI CHÍNH", "Số: 123/STC-NS",
                             "V/v hướng dẫn lập dự toán năm 2023"])
    _cell(table.cell(0, 1), [*MOTTO, "Bắc Kạn, ngày 3 tháng 8 năm 2022"])
    document.add_paragraph("Kính gửi: Các sở, ban, ngành thuộc tỉnh.")
    document.add_paragraph("Sở Tài chính đề nghị các đơn vị lập dự toán đúng thời hạn.")
    path = tmp_path / "letter.docx"
    document.save(str(path))
    _, article = read(path)
    assert article.title == "Công văn về việc hướng dẫn lập dự toán năm 2023"
    assert article.issuer == "SỞ TÀI CHÍNH"  # the parent body above it is not the issuer
    assert article.document_number == "123/STC-NS" and str(article.date) == "2022-08-03"


def test_an_attached_regulation_keeps_its_title_and_loses_its_letterhead(tmp_path):
    path = resolution(tmp_path / "with-annex.docx")
    document = docx.Document(str(path))
    table = document.add_table(rows=1, cols=2)
    _cell(table.cell(0, 0), ["HỘI ĐỒNG NHÂN DÂN", "TỈNH BẮC KẠN"])
    _cell(table.cell(0, 1), list(MOTTO))
    _centered(document, "QUY ĐỊNH")
    _centered(document, "Về giám sát chuyên đề của các Ban")
    document.add_paragraph("Chương I")
    document.add_paragraph("NHỮNG QUY ĐỊNH CHUNG")
    document.add_paragraph("Điều 1. Phạm vi điều chỉnh")
    document.add_paragraph("Quy định này áp dụng cho các Ban của Hội đồng nhân dân tỉnh.")
    document.save(str(path))
    _, article = read(path)
    headings = [(b.level, b.text) for b in article.blocks if isinstance(b, Heading)]
    assert (2, "Quy định về giám sát chuyên đề của các Ban") in headings
    # one level under the attached document's title, with the line that names it
    assert (3, "Chương I – NHỮNG QUY ĐỊNH CHUNG") in headings
    texts = " ".join(getattr(b, "text", "") for b in article.blocks)
    assert "Độc lập" not in texts


def test_a_news_article_quoting_a_resolution_stays_news(tmp_path):
    document = docx.Document()
    document.add_paragraph("HĐND tỉnh thông qua 20 nghị quyết tại kỳ họp thứ 11")
    document.add_paragraph("Bắc Kạn, ngày 10 tháng 12 năm 2022")
    document.add_paragraph("Sáng nay, kỳ họp thứ 11 HĐND tỉnh Bắc Kạn khóa X đã bế mạc.")
    document.add_paragraph("Nghị quyết số 12/2022/NQ-HĐND về kế hoạch giám sát năm 2023 được"
                           " thông qua với 100% đại biểu tán thành.")
    path = tmp_path / "news.docx"
    document.save(str(path))
    _, article = read(path)
    assert article.title == "HĐND tỉnh thông qua 20 nghị quyết tại kỳ họp thứ 11"
    assert article.document_type is None and article.signer is None
    assert not any(isinstance(b, Signature | Recipients) for b in article.blocks)


def test_automatic_numbers_are_printed_in_a_document(tmp_path):
    path = resolution(tmp_path / "numbered.docx")
    document = docx.Document(str(path))
    numbered = document.add_paragraph("Giám sát công tác giải quyết khiếu nại.",
                                      style="List Number")
    numbered.paragraph_format.keep_together = True
    document.save(str(path))
    _, article = read(path)
    assert any(isinstance(b, Paragraph) and b.text == "1. Giám sát công tác giải quyết khiếu"
               " nại." for b in article.blocks)


@pytest.mark.parametrize("line", [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Cộng hoà xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc",
    "ĐỘC LẬP – TỰ DO – HẠNH PHÚC", "Độc lập-Tự do-Hạnh phúc ----oOo----",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
    "ĐẢNG CỘNG SẢN VIỆT NAM"])
def test_the_motto_in_every_spelling_is_letterhead(line):
    assert is_motto(line)


@pytest.mark.parametrize("line", [
    "Nhà nước Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập", "Tự do và hạnh phúc"])
def test_a_sentence_that_names_the_state_is_not_the_motto(line):
    assert not is_motto(line)


def test_a_document_without_motto_or_date_line_but_with_number_and_type(tmp_path):
    document = docx.Document()
    for line in ("BỘ TÀI CHÍNH", "Số: 08/2001/TT-BTC"):
        _centered(document, line)
    _centered(document, "THÔNG TƯ")
    _centered(document, "Hướng dẫn thi hành thuế thu nhập doanh nghiệp")
    document.add_paragraph("Căn cứ Luật thuế thu nhập doanh nghiệp;")
    document.add_paragraph("Bộ Tài chính hướng dẫn thực hiện như sau:")
    path = tmp_path / "circular.docx"
    document.save(str(path))
    _, article = read(path)
    assert article.title == "Thông tư hướng dẫn thi hành thuế thu nhập doanh nghiệp"
    assert article.issuer == "BỘ TÀI CHÍNH" and article.document_number == "08/2001/TT-BTC"


def test_a_vntime_font_whose_dot_was_lost_and_default_fonts_are_tcvn3(tmp_path):
    from docx.oxml.ns import qn
    from legacy_encode import unconvert

    from pipeline.sources.legacy import TCVN3

    document = docx.Document()
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    for key in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(key), "VnTime")
    for key in ("w:asciiTheme", "w:hAnsiTheme"):
        fonts.attrib.pop(qn(key), None)
    document.styles["Normal"].font.name = None
    document.add_paragraph(unconvert(TCVN3, "Thông báo kết luận phiên họp"))
    document.add_paragraph(unconvert(TCVN3, "Thường trực Hội đồng nhân dân tỉnh họp thường kỳ."))
    path = tmp_path / "defaults.docx"
    document.save(str(path))
    raw, article = read(path)
    assert article.title == "Thông báo kết luận phiên họp"
    assert raw.encoding == "tcvn3 font in docx"


def _typed(tmp_path, name, centred, body):
    document = docx.Document()
    for line in centred:
        _centered(document, line)
    for line in body:
        document.add_paragraph(line)
    path = tmp_path / name
    document.save(str(path))
    return read(path)[1]


def test_a_law_under_its_type_line_alone(tmp_path):
    article = _typed(tmp_path, "law.docx", ["LUẬT", "THUẾ TIÊU THỤ ĐẶC BIỆT"],
                     ["Căn cứ vào Hiến pháp năm 1992;", "Luật này quy định thuế tiêu thụ đặc"
                      " biệt.", "CHƯƠNG I", "NHỮNG QUY ĐỊNH CHUNG", "Điều 1. Đối tượng chịu thuế"])
    assert article.title == "Luật THUẾ TIÊU THỤ ĐẶC BIỆT" and article.document_type == "Luật"
    headings = [b.text for b in article.blocks if isinstance(b, Heading)]
    assert headings == ["CHƯƠNG I – NHỮNG QUY ĐỊNH CHUNG", "Điều 1. Đối tượng chịu thuế"]


def test_a_heading_that_gives_number_and_date_lines_below_its_type(tmp_path):
    article = _typed(tmp_path, "headed.docx", [
        "QUYẾT ĐỊNH", "CỦA BỘ TRƯỞNG BỘ TÀI CHÍNH SỐ 1141-TC/QĐ/CĐKT",
        "NGÀY 01 THÁNG 11 NĂM 1995 VỀ VIỆC BAN HÀNH CHẾ ĐỘ KẾ TOÁN"],
        ["Căn cứ Nghị định số 15/CP ngày 2-3-1993 của Chính phủ;",
         "Nay ban hành chế độ kế toán doanh nghiệp."])
    assert article.document_number == "1141-TC/QĐ/CĐKT" and str(article.date) == "1995-11-01"
    assert article.title.startswith("Quyết định CỦA BỘ TRƯỞNG BỘ TÀI CHÍNH SỐ 1141")


def test_a_law_numbered_luat_so_under_a_letterhead(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    _cell(table.cell(0, 0), ["QUỐC HỘI", "Luật số: 18/2003/QH11"])
    _cell(table.cell(0, 1), list(MOTTO))
    for line in ("QUỐC HỘI", "NƯỚC CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Khoá XI, kỳ họp thứ 4",
                 "LUẬT", "HỢP TÁC XÃ"):
        _centered(document, line)
    document.add_paragraph("Căn cứ vào Hiến pháp nước Cộng hoà xã hội chủ nghĩa Việt Nam;")
    path = tmp_path / "law-letterhead.docx"
    document.save(str(path))
    _, article = read(path)
    assert article.title == "Luật HỢP TÁC XÃ" and article.document_number == "18/2003/QH11"
    assert article.issuer == "QUỐC HỘI"


RESOLUTION_AS_TEXT = """HỘI ĐỒNG NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH BẮC KẠN Độc lập - Tự do - Hạnh phúc
Số: 12/2022/NQ-HĐND\t\tBắc Kạn, ngày 10 tháng 12 năm 2022

NGHỊ QUYẾT
Về việc thông qua kế hoạch giám sát năm 2023

HỘI ĐỒNG NHÂN DÂN TỈNH BẮC KẠN
KHÓA X, KỲ HỌP THỨ 11
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT NGHỊ:
Điều 1. Thông qua kế hoạch giám sát năm 2023 của Hội đồng nhân dân tỉnh.
Điều 2. Thường trực Hội đồng nhân dân tỉnh tổ chức thực hiện Nghị quyết này.

Nơi nhận:\t\t\tTM. HỘI ĐỒNG NHÂN DÂN
- Ủy ban Thường vụ Quốc hội;\t\t\tCHỦ TỊCH
- Lưu: VT, HĐND.\t\t\tPhương Thị Thanh
"""


def test_a_resolution_copied_as_text_is_read_as_the_same_document(tmp_path):
    from pipeline.normalize import normalize
    from pipeline.sources import ReadContext, reader_for

    path = tmp_path / "nghi-quyet.txt"
    path.write_text(RESOLUTION_AS_TEXT, encoding="utf-8")
    [raw] = reader_for(path).read(path, ReadContext(roots=(tmp_path,)))
    article = normalize(raw)
    assert article.title == "Nghị quyết về việc thông qua kế hoạch giám sát năm 2023"
    assert (article.document_number, article.issuer, article.signer) == (
        "12/2022/NQ-HĐND", "HỘI ĐỒNG NHÂN DÂN TỈNH BẮC KẠN", "Phương Thị Thanh")
    assert str(article.date) == "2022-12-10"
    assert [b.kind for b in article.blocks][-2:] == ["signature", "recipients"]


def test_a_document_with_a_date_line_and_a_type_line_but_no_number(tmp_path):
    article = _typed(tmp_path, "no-number.docx", [
        "BỘ TÀI CHÍNH", "Hà Nội, ngày 31 tháng 3 năm 2003", "THÔNG TƯ",
        "Hướng dẫn chế độ quản lý tài chính"], ["Căn cứ Luật Ngân sách nhà nước;"])
    assert article.title == "Thông tư hướng dẫn chế độ quản lý tài chính"
    assert str(article.date) == "2003-03-31" and article.issuer == "BỘ TÀI CHÍNH"


def test_a_news_article_with_a_date_line_is_not_a_document(tmp_path):
    article = _typed(tmp_path, "news-date.docx", [
        "Bắc Kạn, ngày 10 tháng 12 năm 2022"], [
        "HĐND tỉnh bế mạc kỳ họp thứ 11", "Sáng nay, kỳ họp thứ 11 đã bế mạc sau ba ngày."])
    assert article.document_type is None


def test_an_indented_letterhead_typed_with_spaces(tmp_path):
    gap = "\u2006 " * 12
    document = docx.Document()
    for line in (f"{gap}BỘ TÀI CHÍNH{gap}{gap}CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 f"{gap}{gap}{gap}Độc lập - Tự do - Hạnh phúc",
                 f"Số:{gap}40{gap}/2000/TT/BTC{gap}{gap}Hà nội, ngày 15 tháng 5 năm 2000"):
        document.add_paragraph(line)
    _centered(document, "THÔNG TƯ")
    _centered(document, "Hướng dẫn thi hành Quyết định số 176/1999/QĐ-TTg")
    document.add_paragraph("Căn cứ Nghị định số 178/CP ngày 28/10/1994 của Chính phủ;")
    path = tmp_path / "spaces.docx"
    document.save(str(path))
    _, article = read(path)
    assert article.issuer == "BỘ TÀI CHÍNH"
    assert (article.document_number, str(article.date)) == ("40 /2000/TT/BTC", "2000-05-15")
    assert article.title == "Thông tư hướng dẫn thi hành Quyết định số 176/1999/QĐ-TTg"
