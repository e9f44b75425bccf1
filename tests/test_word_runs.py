"""Every element a Word run can hold is read: soft hyphens in legacy fonts (TCVN3's ư),
symbols by font, tabs, line breaks, non-breaking hyphens, fields and links."""

from __future__ import annotations

import logging

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from legacy_encode import unconvert
from test_encodings import tcvn3_typed
from test_word import read, seed_article, seed_units, set_font, view

from pipeline.model import ListBlock, Paragraph
from pipeline.sources.legacy import TCVN3


def body(article) -> list[str]:
    """The lead (the paragraph under the title) and the paragraphs."""
    return [t for t in (article.lead, *(b.text for b in article.blocks
                                        if isinstance(b, Paragraph))) if t]


def _text(run, text: str) -> None:
    element = OxmlElement("w:t")
    element.set(qn("xml:space"), "preserve")
    element.text = text
    run._r.append(element)


def _element(run, tag: str, **attributes: str) -> None:
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(key), value)
    run._r.append(element)


def as_word_stores_tcvn3(run, surface: str) -> None:
    """TCVN3 text as Word and LibreOffice store it: byte 0xAD (ư) is not a character of
    the text but a `w:softHyphen` element between the text's pieces."""
    for number, part in enumerate(surface.split("\u00ad")):
        if number:
            _element(run, "w:softHyphen")
        if part:
            _text(run, part)


def test_no_u_horn_of_a_tcvn3_word_file_is_lost(tmp_path):
    units = seed_units()
    document = docx.Document()
    soft_hyphens = 0
    for unit in units:
        surface = unconvert(TCVN3, tcvn3_typed(unit))
        soft_hyphens += surface.count("\u00ad")
        run = document.add_paragraph().add_run()
        set_font(run, ".VnTime")
        as_word_stores_tcvn3(run, surface)
    path = tmp_path / "vntime.docx"
    document.save(str(path))
    assert soft_hyphens > 15  # the seed's untoned ư: "thường trực", "những", "trưởng" …
    _, article = read(path)
    assert view(article, str.lower) == view(seed_article(), str.lower)
    text = " ".join(view(article))
    expected = " ".join(view(seed_article()))
    assert text.lower().count("ư") == expected.lower().count("ư")


def test_a_capital_u_horn_in_vntimeh_is_a_soft_hyphen_too(tmp_path):
    document = docx.Document()
    run = document.add_paragraph().add_run()
    set_font(run, ".VnTimeH")
    as_word_stores_tcvn3(run, unconvert(TCVN3, "thông tư hướng dẫn"))  # typed lowercase
    document.add_paragraph("Nội dung của văn bản hướng dẫn thi hành.")
    path = tmp_path / "caps.docx"
    document.save(str(path))
    _, article = read(path)
    assert article.title == "THÔNG TƯ HƯỚNG DẪN"


def test_symbols_tabs_breaks_and_hyphens(tmp_path):
    document = docx.Document()
    document.add_paragraph("Tiêu đề văn bản thử các ký tự")
    run = document.add_paragraph().add_run("Chỉ số ")
    _element(run, "w:sym", **{"w:font": "Symbol", "w:char": "F0A3"})  # ≤
    _text(run, " 5%, mã số 01")
    _element(run, "w:noBreakHyphen")
    _text(run, "2022")
    _element(run, "w:tab")
    _text(run, "cột hai")
    _element(run, "w:br")
    _text(run, "dòng hai (")
    symbol = document.paragraphs[-1].add_run("\uf061\uf029")  # α ) in a Symbol run
    set_font(symbol, "Symbol")
    for item in ("Mục một của danh sách", "Mục hai của danh sách"):
        bullet = document.add_paragraph().add_run()
        _element(bullet, "w:sym", **{"w:font": "Wingdings", "w:char": "F0A7"})  # ▪
        _text(bullet, f" {item}")
    path = tmp_path / "symbols.docx"
    document.save(str(path))
    _, article = read(path)
    assert body(article)[0] == "Chỉ số ≤ 5%, mã số 01-2022 cột hai dòng hai (α)"
    lists = [b for b in article.blocks if isinstance(b, ListBlock)]
    assert lists and lists[0].items == ("Mục một của danh sách", "Mục hai của danh sách")


def test_a_symbol_that_cannot_be_mapped_is_reported(tmp_path, caplog):
    document = docx.Document()
    document.add_paragraph("Tiêu đề văn bản có ký hiệu lạ")
    run = document.add_paragraph().add_run("Ký hiệu ")
    _element(run, "w:sym", **{"w:font": "Webdings", "w:char": "F021"})
    _text(run, " ở đây.")
    path = tmp_path / "odd.docx"
    document.save(str(path))
    with caplog.at_level(logging.WARNING):
        read(path)
    assert any("Webdings" in r.getMessage() and "F021" in r.getMessage()
               and str(path) in r.getMessage() for r in caplog.records)


def test_field_results_and_links_are_read_and_instructions_are_not(tmp_path):
    document = docx.Document()
    document.add_paragraph("Tiêu đề văn bản có trường")
    paragraph = document.add_paragraph()
    paragraph.add_run("Xem tại ")
    begin = paragraph.add_run()
    _element(begin, "w:fldChar", **{"w:fldCharType": "begin"})
    instruction = paragraph.add_run()
    code = OxmlElement("w:instrText")
    code.text = ' HYPERLINK "http://127.0.0.1:9/x" '
    instruction._r.append(code)
    _element(paragraph.add_run(), "w:fldChar", **{"w:fldCharType": "separate"})
    paragraph.add_run("cổng thông tin")
    _element(paragraph.add_run(), "w:fldChar", **{"w:fldCharType": "end"})
    paragraph.add_run(" của tỉnh.")
    path = tmp_path / "field.docx"
    document.save(str(path))
    _, article = read(path)
    assert body(article) == [
        "Xem tại cổng thông tin của tỉnh."]


_TEXT_BOX = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps">
<w:drawing><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Số: 12/2022/NQ-HĐND</w:t></w:r>
</w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict>
<v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Số: 12/2022/NQ-HĐND</w:t></w:r></w:p>
</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""


def test_text_boxes_are_read_once(tmp_path):
    from lxml import etree

    document = docx.Document()
    document.add_paragraph("Tiêu đề văn bản có hộp chữ")
    anchor = document.add_paragraph("Đoạn văn có hộp chữ neo vào.")
    anchor._p.append(etree.fromstring(_TEXT_BOX))
    document.add_paragraph("Đoạn cuối của văn bản.")
    path = tmp_path / "box.docx"
    document.save(str(path))
    _, article = read(path)
    assert body(article) == ["Đoạn văn có hộp chữ neo vào.", "Số: 12/2022/NQ-HĐND",
                     "Đoạn cuối của văn bản."]
