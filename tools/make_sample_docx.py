#!/usr/bin/env python3
"""Write the sample Word and legacy-encoded articles in input/.

Three December 2022 articles, each in a format the council's staff really
send in, so that readers for them can be tested on realistic files:

- `input/2022-12-05-word-giam-sat-nuoc-sach-bach-thong.docx`: a present-day
  Word file in Unicode (Times New Roman) that uses Word's own styles: Title,
  an italic date line, a bold lead, Heading 2, List Bullet, a picture with
  alt text followed by a Caption paragraph, and a right-aligned bold byline.
- `input/2022-12-12-word-vntime-trien-khai-nghi-quyet-ky-hop-thu-11.docx`:
  an old-style Word file typed with the ABC (TCVN3) fonts: every run is in
  `.VnTime` (the title in `.VnTimeH`, the capitals font) and holds the TCVN3
  code points as Windows-1252 characters, no styles but Normal, the caption
  in plain italics. TCVN3 has no capital toned vowels, so those are typed
  lowercase ("ủy ban"), as `.VnTime` typists did; the title is typed in
  lowercase and drawn in capitals by `.VnTimeH`. The script prints the
  article's Unicode text so a reader's output can be compared with it.
- `input/2022-12-14-vni-giam-sat-tiep-cong-dan-ngan-son.txt`: an article as
  the portal saves it as text, stored as raw VNI-Windows bytes (CRLF lines).

The texts, kept as data at the top of this script, are fictional sample data
written for the Bản tin project and released under CC0 1.0 like the other
samples (see input/LICENSE.md): the events, figures and people are invented,
the place names are real. The files are deterministic: fixed core properties
(created and modified 2022-12-05T08:00:00, author "Văn phòng HĐND tỉnh",
revision 1) and fixed ZIP entry dates, so running the script twice gives
byte-identical files (for given python-docx and zlib versions).

Usage, from the repository root, with the project installed (it uses the
project's own TCVN3 and VNI encoders) and python-docx:

    python tools/make_sample_docx.py
"""

from __future__ import annotations

import io
import sys
import unicodedata
import zipfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Pt  # noqa: E402
from legacy_encode import as_tcvn3_typist, encode, unconvert  # noqa: E402

from pipeline.sources.legacy import TCVN3, VNI  # noqa: E402

INPUT = ROOT / "input"
IMAGES = INPUT / "images"

# --------------------------------------------------------------------------
# The articles (fictional, CC0). Body blocks: ("p", text), ("h2", text),
# ("list", [items]), ("figure", image, alt text or None, caption with credit).
# --------------------------------------------------------------------------

WORD_ARTICLE = {
    "file": "2022-12-05-word-giam-sat-nuoc-sach-bach-thong.docx",
    "title": "Ban Văn hóa - Xã hội HĐND tỉnh giám sát việc bảo đảm nước sạch"
             " tại trạm y tế, trường học huyện Bạch Thông",
    "dateline": "Bạch Thông, ngày 5 tháng 12 năm 2022",
    "lead": "Ngày 2/12, đoàn giám sát của Ban Văn hóa - Xã hội HĐND tỉnh do ông Hoàng Minh"
            " Tiến, Phó Trưởng Ban làm trưởng đoàn đã giám sát việc bảo đảm nước sạch, vệ sinh"
            " môi trường tại các trạm y tế và trường học trên địa bàn huyện Bạch Thông.",
    "body": [
        ("p", "Đoàn đã kiểm tra thực tế hệ thống cấp nước tại Trạm Y tế xã Cẩm Giàng, Trường"
              " Tiểu học Quang Thuận và một điểm trường lẻ của xã Vũ Muộn; sau đó làm việc với"
              " UBND huyện Bạch Thông, Phòng Giáo dục và Đào tạo, Trung tâm Y tế huyện và các"
              " cơ quan liên quan."),
        ("figure", "tram-y-te-bach-thong.jpg",
         "Tranh vẽ một trạm y tế: ngôi nhà một tầng tường trắng, mái xanh lục, giữa mái có"
         " biển tròn màu trắng với chữ thập đỏ; cửa chính màu xanh nhạt ở giữa, mỗi bên hai ô"
         " cửa sổ. Lối đi màu be dẫn thẳng vào cửa qua bãi cỏ, hai bên có hàng rào trắng và"
         " cây xanh tán tròn; phía sau là dãy đồi thấp dưới bầu trời xanh có một đám mây"
         " trắng.",
         "Trạm Y tế xã Cẩm Giàng, nơi đoàn giám sát kiểm tra hệ thống cấp nước và nhà vệ"
         " sinh (Ảnh: Ngọc Diệp)"),
        ("p", "Theo báo cáo của UBND huyện, toàn huyện có 14 trạm y tế xã, thị trấn và 38"
              " trường học các cấp. Đến nay, 12/14 trạm y tế và 31/38 trường học đã sử dụng"
              " nước hợp vệ sinh từ công trình cấp nước tập trung hoặc giếng khoan có thiết bị"
              " lọc. Năm 2022, huyện bố trí trên 1,6 tỷ đồng từ các chương trình mục tiêu quốc"
              " gia để cải tạo bể chứa, lắp đặt thiết bị lọc nước và xây mới nhà vệ sinh cho 9"
              " điểm trường."),
        ("h2", "Nhiều điểm trường vẫn thiếu nước vào mùa khô"),
        ("p", "Qua giám sát cho thấy, một số công trình cấp nước tự chảy được xây dựng đã lâu,"
              " nguồn nước đầu mối suy giảm, đến mùa khô không đủ cung cấp; học sinh ở các điểm"
              " trường lẻ vùng cao vẫn phải dùng nước khe suối chưa qua xử lý. Kinh phí duy tu,"
              " bảo dưỡng thiết bị lọc nước chưa được bố trí riêng, nhiều thiết bị hỏng không"
              " được thay thế kịp thời."),
        ("p", "Kết luận buổi giám sát, ông Hoàng Minh Tiến ghi nhận sự quan tâm của huyện Bạch"
              " Thông trong việc cải thiện điều kiện nước sạch, vệ sinh tại trường học và cơ sở"
              " y tế; đồng thời đề nghị UBND huyện tập trung thực hiện một số nội dung:"),
        ("list", [
            "Rà soát các điểm trường, trạm y tế còn thiếu nước, lồng ghép nguồn vốn để đầu"
            " tư trong năm 2023;",
            "Giao đơn vị cụ thể quản lý, vận hành và bố trí kinh phí duy tu các công trình"
            " cấp nước sau đầu tư;",
            "Duy trì xét nghiệm chất lượng nước định kỳ, công khai kết quả tại trường học và"
            " trạm y tế.",
        ]),
        ("p", "Những kiến nghị thuộc thẩm quyền của tỉnh sẽ được đoàn tổng hợp trong báo cáo"
              " kết quả giám sát, trình Thường trực HĐND tỉnh và đề nghị UBND tỉnh, các sở,"
              " ngành liên quan xem xét, giải quyết…/."),
    ],
    "byline": "Ngọc Diệp",
}

VNTIME_ARTICLE = {
    "file": "2022-12-12-word-vntime-trien-khai-nghi-quyet-ky-hop-thu-11.docx",
    "title": "Triển khai các nghị quyết HĐND tỉnh thông qua tại Kỳ họp thứ 11",
    "dateline": "ngày 12 tháng 12 năm 2022",
    "lead": "Sáng 12/12, Thường trực HĐND tỉnh phối hợp với UBND tỉnh tổ chức hội nghị quán"
            " triệt, triển khai các nghị quyết HĐND tỉnh khóa X đã thông qua tại Kỳ họp thứ 11.",
    "body": [
        ("p", "Đồng chí Triệu Đức Phong, Chủ tịch HĐND tỉnh và đồng chí Vi Thanh Bình, Phó Chủ"
              " tịch UBND tỉnh đồng chủ trì hội nghị. Dự hội nghị có lãnh đạo các Ban HĐND tỉnh,"
              " các sở, ban, ngành, đoàn thể của tỉnh; Thường trực HĐND, UBND các huyện, thành"
              " phố dự trực tuyến tại 8 điểm cầu."),
        ("figure", "hoi-truong-ky-hop.jpg", None,
         "Quang cảnh hội nghị tại điểm cầu Hội trường HĐND tỉnh (Ảnh: Thu Hà)"),
        ("p", "Tại hội nghị, lãnh đạo Văn phòng Đoàn ĐBQH và HĐND tỉnh thông tin tóm tắt nội"
              " dung 22 nghị quyết được HĐND tỉnh thông qua tại kỳ họp, trong đó có 9 nghị quyết"
              " quy phạm pháp luật. Các nghị quyết tập trung vào nhiệm vụ phát triển kinh tế - xã"
              " hội năm 2023, dự toán ngân sách địa phương, kế hoạch đầu tư công, phân cấp nguồn"
              " thu, nhiệm vụ chi giữa các cấp ngân sách và chính sách hỗ trợ phát triển du lịch"
              " cộng đồng."),
        ("p", "Lãnh đạo Sở Kế hoạch và Đầu tư, Sở Tài chính, Sở Văn hóa, Thể thao và Du lịch báo"
              " cáo dự kiến kế hoạch triển khai của ngành. Theo đó, dự toán ngân sách và kế hoạch"
              " vốn đầu tư công năm 2023 sẽ được giao cho các đơn vị trước ngày 31/12/2022; văn"
              " bản hướng dẫn chính sách hỗ trợ du lịch cộng đồng dự kiến ban hành trong quý"
              " I/2023. Đại diện một số huyện đề nghị sớm có hướng dẫn cụ thể về hồ sơ, thủ tục"
              " để người dân, hợp tác xã thuận lợi khi tiếp cận chính sách."),
        ("p", "Phát biểu chỉ đạo, đồng chí Vi Thanh Bình yêu cầu các sở, ngành, địa phương khẩn"
              " trương xây dựng kế hoạch thực hiện từng nghị quyết, phân công rõ người, rõ việc,"
              " rõ thời hạn; chủ động tháo gỡ vướng mắc trong quá trình triển khai và định kỳ báo"
              " cáo kết quả về UBND tỉnh."),
        ("p", "Kết luận hội nghị, đồng chí Triệu Đức Phong nhấn mạnh, nghị quyết chỉ thực sự có"
              " ý nghĩa khi được tổ chức thực hiện nghiêm túc, hiệu quả. Chủ tịch HĐND tỉnh đề"
              " nghị các Ban HĐND tỉnh, các Tổ đại biểu và đại biểu HĐND tỉnh đưa việc theo dõi"
              " thực hiện nghị quyết vào chương trình giám sát năm 2023; Ủy ban MTTQ Việt Nam"
              " tỉnh và các tổ chức thành viên đẩy mạnh tuyên truyền để Nhân dân hiểu, đồng"
              " thuận và tham gia giám sát…/."),
    ],
    "byline": "Thu Hà",
}

VNI_ARTICLE = {
    "file": "2022-12-14-vni-giam-sat-tiep-cong-dan-ngan-son.txt",
    "date": "14/12/2022",
    "title": "Ban Pháp chế HĐND tỉnh giám sát công tác tiếp công dân, giải quyết đơn thư tại"
             " huyện Ngân Sơn",
    "lead": "Ngày 13/12, đoàn giám sát của Ban Pháp chế HĐND tỉnh do ông Lục Minh Quân, Trưởng"
            " Ban làm trưởng đoàn đã giám sát công tác tiếp công dân, giải quyết khiếu nại, tố"
            " cáo năm 2022 tại huyện Ngân Sơn.",
    "body": [
        ("p", "Trước khi làm việc với UBND huyện, đoàn đã giám sát trực tiếp tại UBND xã Vân"
              " Tùng và UBND xã Thượng Quan; kiểm tra sổ tiếp công dân, hồ sơ xử lý đơn thư và"
              " việc niêm yết nội quy, lịch tiếp công dân tại trụ sở."),
        ("caption", "Đoàn giám sát kiểm tra hồ sơ tiếp công dân tại UBND xã Vân Tùng"
                    " (Ảnh: Lệ Thủy)"),
        ("p", "Theo báo cáo của UBND huyện Ngân Sơn, từ đầu năm 2022 đến nay, các cơ quan hành"
              " chính trên địa bàn huyện đã tiếp 126 lượt công dân; tiếp nhận 74 đơn thư, trong"
              " đó có 58 đơn kiến nghị, phản ánh, 11 đơn khiếu nại và 5 đơn tố cáo. Đến thời"
              " điểm giám sát, đã giải quyết xong 67/74 đơn, đạt 90,5%; nội dung chủ yếu liên"
              " quan đến đất đai, bồi thường giải phóng mặt bằng và chế độ chính sách. Chủ tịch"
              " UBND huyện duy trì tiếp công dân định kỳ vào ngày 15 hằng tháng."),
        ("p", "Qua giám sát cho thấy, công tác tiếp công dân ở cấp xã còn một số hạn chế: sổ"
              " tiếp công dân ghi chép chưa đầy đủ, có nơi chưa phân loại đơn đúng quy định; một"
              " số vụ việc giải quyết còn chậm so với thời hạn. Cán bộ địa chính, tư pháp cấp xã"
              " kiêm nhiệm nhiều việc, chưa được bồi dưỡng kỹ năng tiếp dân, đối thoại với người"
              " dân. Việc lưu trữ hồ sơ, cập nhật dữ liệu đơn thư lên phần mềm còn thiếu đồng"
              " bộ."),
        ("p", "Tại buổi làm việc, thành viên đoàn giám sát đề nghị huyện làm rõ nguyên nhân một"
              " số vụ việc tranh chấp đất đai kéo dài, việc thực hiện các quyết định giải quyết"
              " khiếu nại đã có hiệu lực pháp luật và trách nhiệm của người đứng đầu trong tiếp"
              " công dân. Lãnh đạo UBND huyện Ngân Sơn đã tiếp thu, giải trình các nội dung đoàn"
              " quan tâm."),
        ("p", "Kết luận buổi giám sát, ông Lục Minh Quân đề nghị UBND huyện chỉ đạo các xã, thị"
              " trấn thực hiện nghiêm quy định về tiếp công dân; tập trung giải quyết dứt điểm"
              " các đơn thư còn tồn đọng, không để phát sinh “điểm nóng”, khiếu nại đông người,"
              " vượt cấp; tăng cường đối thoại, hòa giải ở cơ sở ngay từ khi phát sinh vụ việc."
              " Những kiến nghị của huyện sẽ được đoàn tổng hợp, báo cáo Thường trực HĐND tỉnh"
              " xem xét./."),
    ],
    "byline": "LỆ THỦY",
}

# The portal's page furniture around a saved article, as in the real seed article.
PORTAL_TOOLBAR = "PublishingPortal - Block_BanTin_Toolbar"
PORTAL_FONT_SIZE = "Tăng cỡ chữ Giảm cỡ chữ"
PORTAL_VIEW_DATA = " PublishingPortal - Block_BanTin_ViewData"

# --------------------------------------------------------------------------
# Fixed metadata: nothing in the files depends on when the script runs.
# --------------------------------------------------------------------------

AUTHOR = "Văn phòng HĐND tỉnh"
STAMP = datetime(2022, 12, 5, 8, 0, 0)
ZIP_DATE = (2022, 12, 5, 8, 0, 0)
PICTURE_WIDTH = Cm(12)


def set_fonts(rpr_owner, name: str) -> None:
    """Name `name` for all four font slots of a run, style or default, dropping theme fonts
    (a theme font would win over the name in Word)."""
    rpr = rpr_owner.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for slot in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{slot}"), None)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{slot}"), name)


def set_default_font(document, name: str, size: Pt, lang: str | None = None) -> None:
    """The document default font (w:docDefaults) and the font of every style that names one."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr.find(qn("w:rFonts"))
    rfonts.attrib.clear()
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{slot}"), name)
    if lang:
        rpr.find(qn("w:lang")).set(qn("w:val"), lang)
    for style in document.styles:
        element = style.element
        style_rpr = element.find(qn("w:rPr"))
        if style_rpr is not None and style_rpr.find(qn("w:rFonts")) is not None:
            set_fonts(element, name)
    normal = document.styles["Normal"]
    set_fonts(normal.element, name)
    normal.font.size = size


def new_document(title: str):
    """A python-docx document with fixed core properties and no template thumbnail."""
    document = Document()
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # a picture of python-docx's template, not ours
            del package.rels[rel_id]
    props = document.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.created = STAMP
    props.modified = STAMP
    props.revision = 1
    props.title = title
    props.comments = ""
    return document


def save_docx(document, path: Path) -> None:
    """Save with fixed ZIP entry dates (python-docx stamps them with the current time)."""
    buffer = io.BytesIO()
    document.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info.filename))
    path.write_bytes(out.getvalue())


def word_count(article: dict) -> int:
    """Words of the article text: title, lead, body, headings, list items and captions."""
    texts = [article["title"], article["lead"]]
    for block in article["body"]:
        if block[0] == "list":
            texts += block[1]
        else:
            texts.append(block[-1])
    return sum(len(text.split()) for text in texts)


def check_article(article: dict) -> None:
    paragraphs = [b for b in article["body"] if b[0] == "p"]
    assert 4 <= len(paragraphs) <= 6, (article["file"], len(paragraphs))
    assert article["body"][-1][0] == "p" and article["body"][-1][1].endswith(("…/.", "./."))
    assert 300 <= word_count(article) <= 500, (article["file"], word_count(article))


# --------------------------------------------------------------------------
# 1. A Unicode Word file with Word's styles
# --------------------------------------------------------------------------


def make_word(article: dict) -> Path:
    document = new_document(article["title"])
    set_default_font(document, "Times New Roman", Pt(13), lang="vi-VN")
    caption_style = document.styles["Caption"]
    caption_style.font.bold = False
    caption_style.font.italic = True
    caption_style.font.size = Pt(11)

    document.add_paragraph(article["title"], style="Title")
    dateline = document.add_paragraph(style="Normal")
    dateline.add_run(article["dateline"]).italic = True
    lead = document.add_paragraph(style="Normal")
    lead.add_run(article["lead"]).bold = True
    for block in article["body"]:
        kind = block[0]
        if kind == "p":
            document.add_paragraph(block[1], style="Normal")
        elif kind == "h2":
            document.add_paragraph(block[1], style="Heading 2")
        elif kind == "list":
            for item in block[1]:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "figure":
            _, image, alt, caption = block
            holder = document.add_paragraph(style="Normal")
            holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
            inline = holder.add_run().add_picture(str(IMAGES / image), width=PICTURE_WIDTH)
            inline._inline.docPr.set("descr", alt)
            document.add_paragraph(caption, style="Caption")
    byline = document.add_paragraph(style="Normal")
    byline.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    byline.add_run(article["byline"]).bold = True

    path = INPUT / article["file"]
    save_docx(document, path)
    return path


# --------------------------------------------------------------------------
# 2. An old Word file typed in .VnTime (TCVN3)
# --------------------------------------------------------------------------


def tcvn3_typeable(text: str) -> str:
    """The text as a .VnTime typist could type it ("Ủy ban" → "ủy ban")."""
    return as_tcvn3_typist(unicodedata.normalize("NFC", text))


def vn_run(paragraph, text: str, *, font: str = ".VnTime", bold: bool = False,
           italic: bool = False):
    """A run holding `text` (Unicode) as .VnTime shows it: TCVN3 codes as Windows-1252."""
    surface = unconvert(TCVN3, tcvn3_typeable(text))
    assert TCVN3.convert(surface) == tcvn3_typeable(text)
    run = paragraph.add_run(surface)
    run.font.name = font
    set_fonts(run._element, font)
    run.bold = bold or None
    run.italic = italic or None
    return run


def make_vntime(article: dict) -> Path:
    document = new_document("")  # old files rarely carried a usable title property
    set_default_font(document, ".VnTime", Pt(14))

    title = document.add_paragraph(style="Normal")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    vn_run(title, article["title"].lower(), font=".VnTimeH", bold=True)
    vn_run(document.add_paragraph(style="Normal"), article["dateline"], italic=True)
    vn_run(document.add_paragraph(style="Normal"), article["lead"], bold=True)
    for block in article["body"]:
        if block[0] == "p":
            vn_run(document.add_paragraph(style="Normal"), block[1])
        elif block[0] == "figure":
            _, image, _alt, caption = block
            holder = document.add_paragraph(style="Normal")
            holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = holder.add_run()
            run.font.name = ".VnTime"
            set_fonts(run._element, ".VnTime")
            run.add_picture(str(IMAGES / image), width=PICTURE_WIDTH)
            caption_paragraph = document.add_paragraph(style="Normal")
            caption_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            vn_run(caption_paragraph, caption, italic=True)
        else:
            raise ValueError(f"an old .VnTime file has no {block[0]!r} blocks")
    byline = document.add_paragraph(style="Normal")
    byline.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    vn_run(byline, article["byline"], bold=True)

    path = INPUT / article["file"]
    save_docx(document, path)
    return path


def vntime_unicode(article: dict) -> str:
    """What a reader should get from the .VnTime file: the title in capitals (as .VnTimeH
    draws it), the rest with capital toned vowels in lowercase."""
    lines = [article["title"].upper(), tcvn3_typeable(article["dateline"]),
             tcvn3_typeable(article["lead"])]
    for block in article["body"]:
        lines.append(tcvn3_typeable(block[-1]))
    lines.append(tcvn3_typeable(article["byline"]))
    return "\n\n".join(lines)


# --------------------------------------------------------------------------
# 3. A portal text file in VNI bytes
# --------------------------------------------------------------------------


def vni_unicode(article: dict) -> str:
    """The Unicode text of the portal page as saved (CRLF lines, like a Windows save)."""
    lines = [PORTAL_TOOLBAR, "", article["date"], PORTAL_FONT_SIZE, article["title"],
             article["lead"], "", PORTAL_VIEW_DATA, ""]
    for block in article["body"]:
        lines += [block[1], ""]
    lines.append(article["byline"])
    return "\r\n".join(lines) + "\r\n"


def make_vni(article: dict) -> Path:
    text = vni_unicode(article)
    data = encode(VNI, text)
    assert VNI.decode(data) == unicodedata.normalize("NFC", text)
    path = INPUT / article["file"]
    with open(path, "wb") as handle:
        handle.write(data)
    return path


def main() -> None:
    for article in (WORD_ARTICLE, VNTIME_ARTICLE, VNI_ARTICLE):
        check_article(article)
    for make, article in ((make_word, WORD_ARTICLE), (make_vntime, VNTIME_ARTICLE),
                          (make_vni, VNI_ARTICLE)):
        path = make(article)
        print(f"{path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB,"
              f" {word_count(article)} words)")
    print()
    print(f"Unicode text of {VNTIME_ARTICLE['file']}:")
    print()
    print(vntime_unicode(VNTIME_ARTICLE))


if __name__ == "__main__":
    main()
