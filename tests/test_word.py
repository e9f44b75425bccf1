"""The Word reader: styles, formatting, pictures, legacy fonts, and the seed typed into Word."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from conftest import INPUT, SEED, write
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.parts.document import DocumentPart
from docx.shared import Cm
from legacy_encode import unconvert
from test_encodings import tcvn3_typed

from pipeline.errors import SourceError
from pipeline.model import Figure, Heading, ListBlock, Paragraph, Quote
from pipeline.normalize import normalize
from pipeline.sources import ReadContext, reader_for
from pipeline.sources.legacy import TCVN3, VNI
from pipeline.sources.word import _piece, _Styles, font_codec

PHOTO = INPUT / "images" / "hoi-truong-ky-hop.jpg"


def read(path: Path):
    [raw] = reader_for(path).read(path, ReadContext(roots=(path.parent.resolve(),)))
    return raw, normalize(raw)


def set_font(run, font: str) -> None:
    run.font.name = font
    run._element.rPr.rFonts.set(qn("w:hAnsi"), font)


def seed_units() -> list[str]:
    """The seed as someone typing it into Word would: one paragraph per unit."""
    chunks = SEED.read_text(encoding="utf-8").split("\n\n")
    units = chunks[1].splitlines() if chunks else []  # date, toolbar, title, lead
    units += [" ".join(chunk.split("\n")) for chunk in chunks[2:]]
    return [u.strip() for u in units if u.strip()]


def typed(tmp_path, units, font=None, convert=lambda t: t) -> Path:
    document = docx.Document()
    for unit in units:
        run = document.add_paragraph().add_run(convert(unit))
        if font:
            set_font(run, font)
    path = tmp_path / "typed.docx"
    document.save(str(path))
    return path


def view(article, fold=lambda s: s):
    """The article's texts in reading order; a photo caption and a paragraph alike (typed
    into Word without its photos, a caption is a line like any other)."""
    texts = [b.caption if isinstance(b, Figure) else b.text for b in article.blocks
             if isinstance(b, Figure | Paragraph)]
    return [fold(x or "") for x in (
        article.title, str(article.date), article.lead, article.byline, *texts)]


def seed_article():
    [raw] = reader_for(SEED).read(SEED, ReadContext())
    return normalize(raw)


def test_the_seed_typed_into_word_gives_the_same_article(tmp_path):
    raw, article = read(typed(tmp_path, seed_units(), font="Times New Roman"))
    assert view(article) == view(seed_article())
    # In Word a caption is a caption-styled paragraph or one under a picture: typed without
    # the photos, the seed's caption lines are paragraphs, not pictures invented.
    assert not any(isinstance(b, Figure) for b in article.blocks)
    assert raw.encoding == "utf-8"


def test_the_seed_typed_in_vntime_gives_the_same_article(tmp_path):
    raw, article = read(typed(tmp_path, seed_units(), font=".VnTime",
                              convert=lambda t: unconvert(TCVN3, tcvn3_typed(t))))
    assert "C¸c Ban H§ND" in unconvert(TCVN3, tcvn3_typed(seed_units()[2]))
    assert view(article, str.lower) == view(seed_article(), str.lower)
    assert raw.encoding == "tcvn3 font in docx"


def test_vntimeh_draws_capitals_and_vni_times_is_vni(tmp_path):
    document = docx.Document()
    set_font(document.add_paragraph().add_run(unconvert(TCVN3, "kỳ họp thứ mười")), ".VnTimeH")
    set_font(document.add_paragraph().add_run(unconvert(VNI, "Hội đồng nhân dân tỉnh Bắc Kạn"
                                                            " họp phiên thường kỳ.")),
             "VNI-Times")
    document.save(str(tmp_path / "a.docx"))
    _, article = read(tmp_path / "a.docx")
    assert article.title == "KỲ HỌP THỨ MƯỜI"
    assert article.lead == "Hội đồng nhân dân tỉnh Bắc Kạn họp phiên thường kỳ."


@pytest.mark.parametrize(("font", "codec", "capitals"), [
    (".VnTime", "tcvn3", False), (".VnTimeH", "tcvn3", True), (".VnArial", "tcvn3", False),
    (".VnArialH", "tcvn3", True), ("VNI-Times", "vni", False), ("VNI-Helve", "vni", False),
    ("Times New Roman", None, False), (None, None, False),
])
def test_font_encodings(font, codec, capitals):
    found, upper = font_codec(font)
    assert (found.name if found else None, upper) == (codec, capitals)


def styled(tmp_path) -> Path:
    document = docx.Document()
    document.add_paragraph("Tiêu đề bài viết trong Word", style="Title")
    date = document.add_paragraph().add_run("Bắc Kạn, ngày 5 tháng 12 năm 2022")
    date.italic = True
    document.add_paragraph().add_run("Sapo in đậm của bài viết.").bold = True
    document.add_paragraph("Đoạn thân bài thứ nhất, đủ dài để là một đoạn văn bình thường.")
    picture = document.add_paragraph().add_run()
    inline = picture.add_picture(str(PHOTO), width=Cm(10))
    inline._inline.docPr.set("descr", "Hội trường có đại biểu ngồi")
    document.add_paragraph("Quang cảnh kỳ họp (Ảnh: Ngọc Diệp)", style="Caption")
    document.add_paragraph("Nội dung chính", style="Heading 2")
    document.add_paragraph("Kiến nghị thứ nhất;", style="List Bullet")
    document.add_paragraph("Kiến nghị thứ hai.", style="List Bullet")
    document.add_paragraph("“Lời phát biểu của đại biểu.”", style="Quote")
    document.add_paragraph("Đoạn cuối của bài viết…/.")
    byline = document.add_paragraph()
    byline.add_run("Ngọc Diệp").bold = True
    byline.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    path = tmp_path / "styled.docx"
    document.save(str(path))
    return path


def test_word_styles_and_formatting(tmp_path):
    _, article = read(styled(tmp_path))
    assert (article.title, str(article.date), article.lead, article.byline) == (
        "Tiêu đề bài viết trong Word", "2022-12-05", "Sapo in đậm của bài viết.", "Ngọc Diệp")
    assert article.blocks == (
        Paragraph(text="Đoạn thân bài thứ nhất, đủ dài để là một đoạn văn bình thường."),
        Figure(src="styled.docx#word/media/image1.jpg", alt="Hội trường có đại biểu ngồi",
               caption="Quang cảnh kỳ họp", credit="Ngọc Diệp"),
        Heading(text="Nội dung chính", level=2),
        ListBlock(items=("Kiến nghị thứ nhất;", "Kiến nghị thứ hai.")),
        Quote(text="“Lời phát biểu của đại biểu.”"),
        Paragraph(text="Đoạn cuối của bài viết…/."),
    )


def test_pictures_in_word_files_are_copied_by_normalize_out(tmp_path, bantin):
    styled(tmp_path)
    result = bantin("normalize", tmp_path / "styled.docx", "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0, result.stderr
    slug = json.loads(result.stdout)[0]["slug"]
    copied = tmp_path / "out" / slug / "image1.jpg"
    assert copied.read_bytes() == PHOTO.read_bytes()
    again = json.loads(bantin("normalize", tmp_path / "out", "--json").stdout)[0]
    assert again["blocks"][1]["src"] == f"{slug}/image1.jpg"


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04broken zip"])
def test_a_broken_docx_is_a_clear_error(tmp_path, content):
    with pytest.raises(SourceError, match=r"not a Word \.docx file"):
        read(write(tmp_path / "bad.docx", content))


def test_a_bold_paragraph_under_the_title_is_the_lead(tmp_path):
    """Vietnamese news sets the sapo in bold, often without a closing period."""
    document = docx.Document()
    document.add_paragraph("Kỳ họp thứ mười một khai mạc", style="Title")
    document.add_paragraph().add_run("Sáng 9/12, kỳ họp thứ mười một khai mạc tại hội"
                                     " trường tỉnh").bold = True
    document.add_paragraph("Đại biểu thảo luận các dự thảo nghị quyết của kỳ họp.")
    path = tmp_path / "bold-lead.docx"
    document.save(str(path))
    _, article = read(path)
    assert article.lead == "Sáng 9/12, kỳ họp thứ mười một khai mạc tại hội trường tỉnh"
    assert [b.text for b in article.blocks] == [
        "Đại biểu thảo luận các dự thảo nghị quyết của kỳ họp."]


@pytest.mark.parametrize("how", ["r:link", "r:embed to an external relationship"])
def test_a_linked_picture_is_named_in_a_warning_never_fetched_and_its_caption_kept(
        tmp_path, caplog, how):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document()
    document.add_paragraph("Tiêu đề bài có ảnh liên kết", style="Title")
    document.add_paragraph("Đoạn thân bài thứ nhất, đủ dài để là một đoạn văn bình thường.")
    document.add_paragraph().add_run().add_picture(str(PHOTO), width=Cm(8))
    document.add_paragraph().add_run("Quang cảnh kỳ họp (Ảnh: Ngọc Diệp)").italic = True
    target = "http://127.0.0.1:9/anh-lien-ket.jpg"
    rid = document.part.relate_to(target, RT.IMAGE, is_external=True)
    blip = next(document.element.body.iter(qn("a:blip")))
    del blip.attrib[qn("r:embed")]
    blip.set(qn("r:link") if how == "r:link" else qn("r:embed"), rid)
    path = tmp_path / "lien-ket.docx"
    document.save(str(path))
    _, article = read(path)
    [figure] = [b for b in article.blocks if isinstance(b, Figure)]
    assert (figure.src, figure.caption, figure.credit) == (None, "Quang cảnh kỳ họp",
                                                           "Ngọc Diệp")
    [warning] = [r.getMessage() for r in caplog.records if "picture " in r.getMessage()]
    assert str(path) in warning and target in warning and "never fetched" in warning


def _with_body_xml(path: Path, xml: str) -> None:
    """Insert raw WordprocessingML before the body's section properties."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    text = members["word/document.xml"].decode("utf-8")
    at = text.rindex("<w:sectPr")
    members["word/document.xml"] = (text[:at] + xml + text[at:]).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_text_in_content_controls_links_and_insertions_is_read(tmp_path, bantin):
    """A content control (`w:sdt`) around paragraphs, around runs, in a table cell; a link;
    a tracked insertion: their text is the article's. A tracked deletion's is not (review:
    hostile 10-loss)."""
    path = typed(tmp_path, ["Khối điều khiển nội dung", "Ngày 20/11/2022",
                            "Đoạn mở đầu của bài viết có khối điều khiển."])
    sdt = "<w:sdt><w:sdtPr/><w:sdtContent>{}</w:sdtContent></w:sdt>"
    _with_body_xml(path, "".join([
        sdt.format(_p("Câu trong khối điều khiển nội dung.")),
        sdt.format(sdt.format(_p("Câu trong hai khối lồng nhau."))),
        "<w:p><w:r><w:t xml:space='preserve'>Trước khối, </w:t></w:r>"
        + sdt.format("<w:r><w:t>trong khối nội dòng</w:t></w:r>")
        + "<w:r><w:t xml:space='preserve'>, sau khối.</w:t></w:r></w:p>",
        "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>"
        + sdt.format(_p("Câu trong khối ở ô bảng.")) + "</w:tc></w:tr></w:tbl>",
        "<w:p><w:hyperlink w:anchor='x'><w:r><w:t>Chữ trong liên kết.</w:t></w:r>"
        "</w:hyperlink></w:p>",
        "<w:p><w:ins w:id='1' w:author='A'><w:r><w:t>Chữ được chèn.</w:t></w:r></w:ins>"
        "<w:del w:id='2' w:author='A'><w:r><w:delText>Chữ đã xóa.</w:delText></w:r></w:del>"
        "</w:p>"]))
    result = bantin("normalize", path, "--json")
    assert result.exit_code == 0, result.stderr
    texts = [block.get("text") for block in json.loads(result.stdout)[0]["blocks"]]
    for words in ("Câu trong khối điều khiển nội dung.", "Câu trong hai khối lồng nhau.",
                  "Trước khối, trong khối nội dòng, sau khối.", "Câu trong khối ở ô bảng.",
                  "Chữ trong liên kết.", "Chữ được chèn."):
        assert words in texts, (words, texts)
    assert not any("đã xóa" in (t or "") for t in texts)



def test_each_paragraph_style_is_looked_up_once_and_read_through_its_base_styles(
        tmp_path, monkeypatch):
    """python-docx finds a style by an XPath query over all styles each time it is asked; a
    long Word file asked per run and per flag spent most of its reading time there."""
    document = docx.Document()
    centred = document.styles.add_style("Tên cơ quan", WD_STYLE_TYPE.PARAGRAPH)
    centred.font.bold = True
    centred.font.all_caps = True
    centred.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    derived = document.styles.add_style("Tên cơ quan nhỏ", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = centred  # bold, capitals and centred only through its base
    document.add_paragraph("Hội đồng nhân dân tỉnh Bắc Kạn", style=derived)
    document.add_paragraph("Tiêu đề bài viết dài trong Word", style="Title")
    for n in range(300):
        paragraph = document.add_paragraph(style="Normal")
        for part in ("Đoạn ", f"thứ {n} ", "của bài viết, đủ dài để là một đoạn văn."):
            paragraph.add_run(part)
    path = tmp_path / "dai.docx"
    document.save(str(path))

    looked_up = []
    get_style = DocumentPart.get_style

    def counted(self, style_id, style_type):
        looked_up.append(style_id)
        return get_style(self, style_id, style_type)

    monkeypatch.setattr(DocumentPart, "get_style", counted)
    [raw] = reader_for(path).read(path, ReadContext())
    assert len(looked_up) <= 6, f"{len(looked_up)} look-ups for 3 paragraph styles"
    article = normalize(raw)
    assert article.title == "Tiêu đề bài viết dài trong Word"
    assert sum(isinstance(b, Paragraph) for b in article.blocks) >= 299
    styles = _Styles()
    letterhead = docx.Document(str(path)).paragraphs[0]
    piece = _piece(letterhead, styles.of(letterhead), None, set(), path, (None, 0))
    assert (piece.text, piece.bold, piece.centered, piece.style) == (
        "HỘI ĐỒNG NHÂN DÂN TỈNH BẮC KẠN", True, True, "Tên cơ quan nhỏ")
