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

And two administrative documents in the layout of Decree 30/2020/NĐ-CP: a
borderless two-cell letterhead table (left: the issuing body in capitals, its
own name bold, a short rule, "Số: …"; right: the national motto, bold, a
rule, the italic place and date), the type in bold capitals, the subject in
bold, italic "Căn cứ …" lines, bold-started articles or points, and a
borderless two-cell closing table ("Nơi nhận:" in bold italic and small
"- …;" lines at the left, the signature block at the right with blank lines
where the signature and seal go):

- `input/2022-12-10-nghi-quyet-du-lich-cong-dong.docx`: a resolution of the
  provincial People's Council, in Unicode (Times New Roman).
- `input/2022-11-30-thong-bao-ket-luan-phien-hop-thuong-truc-thang-11.docx`:
  an announcement typed in `.VnTime` / `.VnTimeH` (TCVN3), written as Word
  stores it: TCVN3's ư is byte 0xAD, the soft hyphen of Windows-1252, so Word
  keeps it as a `<w:softHyphen/>` element inside the run, never as text; the
  lines in capitals are typed in lowercase in `.VnTimeH`, so Ư is a soft
  hyphen there too.

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
from docx.oxml import OxmlElement  # noqa: E402
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

# --------------------------------------------------------------------------
# The administrative documents (fictional, CC0). A document is a list of
# parts: ("letterhead" | "closing", left cell, right cell), ("center", runs,
# size), ("para", runs), ("rule",), ("blank",). A cell is a list of
# ("line", runs, size) and ("rule",) and ("blank",). Runs are (text, style)
# with style "", "b", "i" or "bi".
# --------------------------------------------------------------------------

MOTTO = [("line", [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b")], 12),
         ("line", [("Độc lập - Tự do - Hạnh phúc", "b")], 13), ("rule",)]


def _recipients(items: list[str]) -> list:
    return [("left", [("Nơi nhận:", "bi")], 12),
            *(("left", [(f"- {item}", "")], 11) for item in items)]


def _signature(lines: list[str], name: str) -> list:
    return [*(("line", [(line, "b")], 13) for line in lines),
            ("blank",), ("blank",), ("blank",), ("line", [(name, "b")], 13)]


RESOLUTION = {
    "file": "2022-12-10-nghi-quyet-du-lich-cong-dong.docx",
    "title": "Nghị quyết về việc thông qua Đề án hỗ trợ phát triển du lịch cộng đồng tỉnh"
             " Bắc Kạn giai đoạn 2023 - 2025",
    "parts": [
        ("letterhead",
         [("line", [("HỘI ĐỒNG NHÂN DÂN", "b")], 13), ("line", [("TỈNH BẮC KẠN", "b")], 13),
          ("rule",), ("line", [("Số: 12/2022/NQ-HĐND", "")], 13)],
         [*MOTTO, ("line", [("Bắc Kạn, ngày 10 tháng 12 năm 2022", "i")], 13)]),
        ("blank",),
        ("center", [("NGHỊ QUYẾT", "b")], 14),
        ("center", [("Về việc thông qua Đề án hỗ trợ phát triển du lịch cộng đồng", "b")], 14),
        ("center", [("tỉnh Bắc Kạn giai đoạn 2023 - 2025", "b")], 14),
        ("rule",),
        ("center", [("HỘI ĐỒNG NHÂN DÂN TỈNH BẮC KẠN", "b")], 14),
        ("center", [("KHÓA X, KỲ HỌP THỨ 11", "b")], 14),
        ("blank",),
        ("para", [("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật"
                   " sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức"
                   " chính quyền địa phương ngày 22 tháng 11 năm 2019;", "i")]),
        ("para", [("Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;", "i")]),
        ("para", [("Căn cứ Luật Du lịch ngày 19 tháng 6 năm 2017;", "i")]),
        ("para", [("Xét Tờ trình số 215/TTr-UBND ngày 18 tháng 11 năm 2022 của Ủy ban nhân dân"
                   " tỉnh về việc đề nghị thông qua Đề án hỗ trợ phát triển du lịch cộng đồng"
                   " tỉnh Bắc Kạn giai đoạn 2023 - 2025; Báo cáo thẩm tra của Ban Văn hóa - Xã"
                   " hội Hội đồng nhân dân tỉnh; ý kiến thảo luận của đại biểu Hội đồng nhân"
                   " dân tỉnh tại kỳ họp.", "i")]),
        ("center", [("QUYẾT NGHỊ:", "b")], 14),
        ("para", [("Điều 1.", "b"), (" Thông qua Đề án hỗ trợ phát triển du lịch cộng đồng tỉnh"
                                     " Bắc Kạn giai đoạn 2023 - 2025 với những nội dung chủ yếu"
                                     " sau:", "")]),
        ("para", [("1. Mục tiêu", "b")]),
        ("para", [("a) Đến năm 2025, toàn tỉnh có ít nhất 15 thôn, bản được công nhận là điểm"
                   " du lịch cộng đồng; 60 hộ gia đình kinh doanh dịch vụ lưu trú tại nhà dân"
                   " đạt tiêu chuẩn phục vụ khách du lịch;", "")]),
        ("para", [("b) Thu hút trên 250.000 lượt khách đến các điểm du lịch cộng đồng mỗi năm;"
                   " tạo việc làm thường xuyên cho khoảng 800 lao động địa phương, chủ yếu là"
                   " đồng bào dân tộc thiểu số.", "")]),
        ("para", [("2. Đối tượng và phạm vi hỗ trợ", "b")]),
        ("para", [("Hộ gia đình, tổ hợp tác, hợp tác xã tham gia kinh doanh du lịch cộng đồng"
                   " tại các huyện Ba Bể, Pác Nặm, Na Rì, Chợ Đồn và thành phố Bắc Kạn.", "")]),
        ("para", [("3. Nội dung và mức hỗ trợ", "b")]),
        ("para", [("a) Hỗ trợ một lần 50% chi phí cải tạo nhà ở truyền thống làm cơ sở lưu trú,"
                   " tối đa 60 triệu đồng/hộ;", "")]),
        ("para", [("b) Hỗ trợ 100% kinh phí đào tạo, bồi dưỡng kỹ năng nghiệp vụ du lịch, ngoại"
                   " ngữ giao tiếp cho người lao động tại điểm du lịch;", "")]),
        ("para", [("c) Hỗ trợ xây dựng nhà vệ sinh công cộng, bãi đỗ xe và biển chỉ dẫn tại"
                   " điểm du lịch cộng đồng, tối đa 200 triệu đồng/điểm.", "")]),
        ("para", [("4. Kinh phí thực hiện", "b")]),
        ("para", [("Tổng kinh phí dự kiến 18,5 tỷ đồng, trong đó ngân sách tỉnh 12 tỷ đồng;"
                   " lồng ghép các chương trình mục tiêu quốc gia 4,5 tỷ đồng; vốn đối ứng của"
                   " người dân, doanh nghiệp 2 tỷ đồng.", "")]),
        ("para", [("Điều 2.", "b"), (" Tổ chức thực hiện", "b")]),
        ("para", [("1. Giao Ủy ban nhân dân tỉnh tổ chức triển khai thực hiện Nghị quyết; hằng"
                   " năm báo cáo kết quả thực hiện tại kỳ họp thường lệ cuối năm của Hội đồng"
                   " nhân dân tỉnh.", "")]),
        ("para", [("2. Giao Thường trực Hội đồng nhân dân, các Ban, các Tổ đại biểu và đại biểu"
                   " Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết.", "")]),
        ("para", [("Nghị quyết này đã được Hội đồng nhân dân tỉnh Bắc Kạn khóa X, kỳ họp thứ 11"
                   " thông qua ngày 9 tháng 12 năm 2022 và có hiệu lực từ ngày 20 tháng 12 năm"
                   " 2022./.", "")]),
        ("blank",),
        ("closing",
         _recipients(["Ủy ban Thường vụ Quốc hội;", "Chính phủ;",
                      "Bộ Văn hóa, Thể thao và Du lịch;", "Bộ Tài chính;",
                      "Cục Kiểm tra văn bản QPPL - Bộ Tư pháp;", "TT. Tỉnh ủy, HĐND, UBND tỉnh;",
                      "Đoàn ĐBQH tỉnh;", "Ủy ban MTTQ Việt Nam tỉnh;", "Đại biểu HĐND tỉnh;",
                      "Các sở, ban, ngành, đoàn thể tỉnh;",
                      "TT. Huyện (Thành) ủy, HĐND, UBND các huyện, thành phố;",
                      "Lưu: VT, HĐND."]),
         _signature(["TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH"], "Triệu Đức Phong")),
    ],
}

ANNOUNCEMENT = {
    "file": "2022-11-30-thong-bao-ket-luan-phien-hop-thuong-truc-thang-11.docx",
    "title": "Thông báo kết luận phiên họp Thường trực HĐND tỉnh tháng 11/2022",
    "parts": [
        ("letterhead",
         [("line", [("HĐND TỈNH BẮC KẠN", "")], 13), ("line", [("THƯỜNG TRỰC HĐND", "b")], 13),
          ("rule",), ("line", [("Số: 85/TB-HĐND", "")], 13)],
         [*MOTTO, ("line", [("Bắc Kạn, ngày 30 tháng 11 năm 2022", "i")], 13)]),
        ("blank",),
        ("center", [("THÔNG BÁO", "b")], 14),
        ("center", [("Kết luận của Thường trực HĐND tỉnh tại phiên họp", "b")], 14),
        ("center", [("thường kỳ tháng 11 năm 2022", "b")], 14),
        ("rule",),
        ("para", [("Ngày 28 tháng 11 năm 2022, Thường trực HĐND tỉnh tổ chức phiên họp thường"
                   " kỳ tháng 11 năm 2022 dưới sự chủ trì của đồng chí Triệu Đức Phong, Chủ"
                   " tịch HĐND tỉnh. Dự phiên họp có các đồng chí Phó Chủ tịch HĐND tỉnh, Ủy"
                   " viên Thường trực HĐND tỉnh; lãnh đạo các Ban HĐND tỉnh; đại diện lãnh đạo"
                   " UBND tỉnh, Ủy ban MTTQ Việt Nam tỉnh và Văn phòng Đoàn ĐBQH và HĐND"
                   " tỉnh.", "")]),
        ("para", [("Sau khi nghe Văn phòng Đoàn ĐBQH và HĐND tỉnh báo cáo kết quả hoạt động"
                   " tháng 11, chương trình công tác tháng 12 năm 2022 và ý kiến của các đại"
                   " biểu dự họp, đồng chí Chủ tịch HĐND tỉnh kết luận như sau:", "")]),
        ("para", [("1. Về kết quả hoạt động tháng 11 năm 2022", "b")]),
        ("para", [("Thường trực HĐND tỉnh đánh giá cao sự chủ động, phối hợp chặt chẽ của các"
                   " Ban HĐND tỉnh, Văn phòng Đoàn ĐBQH và HĐND tỉnh trong thực hiện chương"
                   " trình công tác tháng 11. Các cuộc giám sát, khảo sát được tổ chức đúng kế"
                   " hoạch, kiến nghị cụ thể, sát thực tiễn. Công tác chuẩn bị Kỳ họp thứ 11"
                   " cơ bản bảo đảm tiến độ; các báo cáo, tờ trình, dự thảo nghị quyết đã được"
                   " gửi đến các Ban để thẩm tra theo quy định.", "")]),
        ("para", [("2. Về nhiệm vụ tháng 12 năm 2022", "b")]),
        ("para", [("a) Các Ban HĐND tỉnh hoàn thành báo cáo thẩm tra các nội dung trình kỳ họp"
                   " trước ngày 2 tháng 12 năm 2022; tập trung thẩm tra kỹ dự toán ngân sách"
                   " địa phương, kế hoạch đầu tư công năm 2023 và các dự thảo nghị quyết quy"
                   " phạm pháp luật.", "")]),
        ("para", [("b) Văn phòng Đoàn ĐBQH và HĐND tỉnh chuẩn bị chu đáo các điều kiện phục"
                   " vụ kỳ họp; phối hợp với Báo Bắc Kạn, Đài Phát thanh và Truyền hình tỉnh"
                   " tường thuật trực tiếp phiên khai mạc, phiên chất vấn và phiên bế mạc.",
                   "")]),
        ("para", [("c) Đề nghị UBND tỉnh chỉ đạo các sở, ngành gửi đầy đủ tài liệu còn thiếu;"
                   " phân công lãnh đạo có thẩm quyền trả lời chất vấn và giải trình những vấn"
                   " đề cử tri quan tâm tại kỳ họp.", "")]),
        ("para", [("3. Về tiếp xúc cử tri sau kỳ họp", "b")]),
        ("para", [("Các Tổ đại biểu HĐND tỉnh chủ động phối hợp với Ban Thường trực Ủy ban"
                   " MTTQ Việt Nam cấp huyện tổ chức tiếp xúc cử tri sau kỳ họp, hoàn thành"
                   " trước ngày 31 tháng 12 năm 2022; tổng hợp ý kiến, kiến nghị của cử tri"
                   " gửi về Thường trực HĐND tỉnh để chuyển đến cơ quan có thẩm quyền giải"
                   " quyết.", "")]),
        ("para", [("Trên đây là kết luận của Thường trực HĐND tỉnh tại phiên họp thường kỳ"
                   " tháng 11 năm 2022, đề nghị các cơ quan, đơn vị liên quan biết, thực"
                   " hiện./.", "")]),
        ("blank",),
        ("closing",
         _recipients(["Thường trực Tỉnh ủy (b/c);", "Thường trực HĐND tỉnh;", "UBND tỉnh;",
                      "Ủy ban MTTQ Việt Nam tỉnh;", "Các Ban HĐND tỉnh;",
                      "Các Tổ đại biểu HĐND tỉnh;", "Lãnh đạo Văn phòng;", "Lưu: VT, HĐND."]),
         _signature(["TL. THƯỜNG TRỰC HĐND", "CHÁNH VĂN PHÒNG"], "Đinh Quang Vĩnh")),
    ],
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


# --------------------------------------------------------------------------
# 4. Administrative documents (Decree 30/2020/NĐ-CP), in Unicode or in .VnTime
# --------------------------------------------------------------------------


def _document_texts(parts: list) -> list[str]:
    texts: list[str] = []
    for part in parts:
        if part[0] in ("letterhead", "closing"):
            texts += _document_texts(part[1]) + _document_texts(part[2])
        elif part[0] in ("center", "para", "line", "left"):
            texts.append("".join(text for text, _ in part[1]))
    return texts


def document_word_count(document: dict) -> int:
    return sum(len(text.split()) for text in _document_texts(document["parts"]))


def _all_capitals(text: str) -> bool:
    return any(c.isalpha() for c in text) and text == text.upper()


def legacy_run(paragraph, text: str, style: str):
    """A run in .VnTime (or, for a line in capitals, .VnTimeH typed in lowercase) as Word
    stores it: TCVN3 codes as Windows-1252 characters, except 0xAD (ư), the soft hyphen,
    which Word writes as a `<w:softHyphen/>` element between the run's texts."""
    capitals = _all_capitals(text)
    font = ".VnTimeH" if capitals else ".VnTime"
    typed = tcvn3_typeable(text.lower() if capitals else text)
    surface = unconvert(TCVN3, typed)
    assert TCVN3.convert(surface) == typed
    run = paragraph.add_run()
    run.font.name = font
    set_fonts(run._element, font)
    run.bold = "b" in style or None
    run.italic = "i" in style or None
    for number, piece in enumerate(surface.split("\u00ad")):
        if number:
            run._r.append(OxmlElement("w:softHyphen"))
        if piece:
            element = OxmlElement("w:t")
            element.text = piece
            element.set(qn("xml:space"), "preserve")
            run._r.append(element)
    return run


def _rule(paragraph, indent: Cm) -> None:
    """A short centred rule: an empty paragraph with a bottom border, indented both sides."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    # The schema's order: pBdr after these, before spacing, indentation and alignment.
    before = {qn(f"w:{tag}") for tag in ("pStyle", "keepNext", "keepLines", "pageBreakBefore",
                                         "framePr", "widowControl", "numPr",
                                         "suppressLineNumbers")}
    ppr.insert(sum(1 for child in ppr if child.tag in before), borders)
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.add_run().font.size = Pt(4)


def _no_borders(table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _fill(paragraph, runs: list, size: int, legacy: bool) -> None:
    for text, style in runs:
        run = legacy_run(paragraph, text, style) if legacy else paragraph.add_run(text)
        if not legacy:
            run.bold = "b" in style or None
            run.italic = "i" in style or None
        run.font.size = Pt(size)


def _cell(cell, lines: list, legacy: bool, rule_indent: Cm) -> None:
    first = True
    for line in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.paragraph_format.space_after = Pt(0)
        if line[0] == "rule":
            _rule(paragraph, rule_indent)
            continue
        if line[0] == "blank":
            continue
        kind, runs, size = line
        if kind == "line":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fill(paragraph, runs, size, legacy)


def make_document(spec: dict, legacy: bool) -> Path:
    document = new_document("" if legacy else spec["title"])
    if legacy:
        set_default_font(document, ".VnTime", Pt(14))
    else:
        set_default_font(document, "Times New Roman", Pt(14), lang="vi-VN")
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    for part in spec["parts"]:
        kind = part[0]
        if kind in ("letterhead", "closing"):
            table = document.add_table(rows=1, cols=2)
            _no_borders(table)
            widths = (Cm(6.5), Cm(9.5)) if kind == "letterhead" else (Cm(8), Cm(8))
            for cell, column, width in zip(table.rows[0].cells, table._tbl.tblGrid.gridCol_lst,
                                           widths, strict=True):
                cell.width = width
                column.w = width
            left, right = table.rows[0].cells
            _cell(left, part[1], legacy, Cm(2))
            _cell(right, part[2], legacy, Cm(2.5))
            continue
        paragraph = document.add_paragraph(style="Normal")
        paragraph.paragraph_format.space_after = Pt(6)
        if kind == "rule":
            _rule(paragraph, Cm(6))
        elif kind == "center":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_after = Pt(0)
            _fill(paragraph, part[1], part[2], legacy)
        elif kind == "para":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Cm(1)
            _fill(paragraph, part[1], 14, legacy)
    path = INPUT / spec["file"]
    save_docx(document, path)
    return path


def main() -> None:
    for article in (WORD_ARTICLE, VNTIME_ARTICLE, VNI_ARTICLE):
        check_article(article)
    for make, article in ((make_word, WORD_ARTICLE), (make_vntime, VNTIME_ARTICLE),
                          (make_vni, VNI_ARTICLE)):
        path = make(article)
        print(f"{path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB,"
              f" {word_count(article)} words)")
    for spec, legacy in ((RESOLUTION, False), (ANNOUNCEMENT, True)):
        words = document_word_count(spec)
        assert 300 <= words <= 700, (spec["file"], words)
        path = make_document(spec, legacy)
        print(f"{path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB, {words} words)")
    print()
    print(f"Unicode text of {VNTIME_ARTICLE['file']}:")
    print()
    print(vntime_unicode(VNTIME_ARTICLE))


if __name__ == "__main__":
    main()
