"""The rules that real sources taught the readers, one each, on texts and pages of our own
making (the real ones are in tests/real/ and scored by test_real_corpus.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import write

from pipeline.model import Figure, Heading, Paragraph
from pipeline.normalize import normalize
from pipeline.sources import ReadContext, reader_for

BODY = ("Sáng nay, đoàn công tác của tỉnh đã làm việc với huyện về tiến độ giải ngân vốn đầu tư"
        " công, nghe báo cáo và kiểm tra thực tế một số công trình trọng điểm trên địa bàn.")


def read(tmp_path, text, name="a.txt"):
    path = write(tmp_path / name, text)
    [raw] = reader_for(path).read(path, ReadContext(roots=(tmp_path.resolve(),)))
    return normalize(raw)


def test_an_export_header_gives_date_and_title_and_is_not_text(tmp_path):
    article = read(tmp_path, "# doc_id = tin_001\n# url = https://example.vn/a.htm\n"
                             "# date = 20231105\nTiêu đề bài báo\nSapo của bài báo.\n"
                             f"{BODY}\n{BODY}\n")
    assert (article.title, article.date, article.lead) == (
        "Tiêu đề bài báo", dt.date(2023, 11, 5), "Sapo của bài báo.")
    assert "doc_id" not in " ".join(b.text for b in article.blocks if isinstance(b, Paragraph))


def test_an_iso_timestamp_under_the_title_is_the_date(tmp_path):
    article = read(tmp_path, f"Tiêu đề bài báo\n2026-02-02T05:50:00+00:00\n\n{BODY}\n")
    assert article.date == dt.date(2026, 2, 2)


def test_entities_and_stray_tags_of_a_feed_are_undone(tmp_path):
    article = read(tmp_path, "Tỉnh b&agrave;n giao <span class=\"x\">hồ sơ</span>\n\n"
                             f"{BODY}\n")
    assert article.title == "Tỉnh bàn giao hồ sơ"


@pytest.mark.parametrize(("ending", "byline"), [
    ("cán bộ xã nói. Đức Hùng", "Đức Hùng"),
    ("ông Chung yêu cầu. Anh Thư", "Anh Thư"),
    ("cần hạ điểm đầu vào./. Thu Hiền/VOV - Trung tâm Tin", "Thu Hiền/VOV – Trung tâm Tin"),
    ("theo Phó Thủ tướng. L.C", "L.C"),
])
def test_names_glued_to_the_last_paragraph_are_the_byline(tmp_path, ending, byline):
    article = read(tmp_path, f"Tiêu đề bài báo\nSapo của bài báo.\n{BODY} Việc này {ending}\n")
    assert article.byline == byline
    assert not article.blocks[-1].text.endswith(byline[-6:])


def test_a_last_paragraph_ending_in_ordinary_words_keeps_them(tmp_path):
    article = read(tmp_path, f"Tiêu đề bài báo\nSapo của bài báo.\n{BODY} Hội nghị kết thúc"
                             " lúc 11 giờ. Các đại biểu ra về\n")
    assert article.byline is None


def test_a_source_credit_is_not_the_byline_but_the_name_above_it_is(tmp_path):
    article = read(tmp_path, f"Tiêu đề bài báo\nSapo của bài báo.\n{BODY}\n{BODY}\n"
                             "Đức Hoàng\nTheo Newsweek\n")
    assert article.byline == "Đức Hoàng"


def test_one_paragraph_has_no_sapo(tmp_path):
    article = read(tmp_path, f"Tiêu đề bài báo\n2026-02-02T05:50:00+00:00\n\n{BODY}\n")
    assert article.lead is None and [b.text for b in article.blocks] == [BODY]


def test_a_long_first_line_is_the_sapo_even_without_a_period(tmp_path):
    sapo = "Tỉnh sẽ tiếp tục thu hút đầu tư có chọn lọc, kiên quyết thu hồi các dự án chậm"
    article = read(tmp_path, f"Tiêu đề bài báo\n{sapo}\n{BODY} {BODY}\n")
    assert article.lead == sapo


def test_outside_the_portal_a_caption_needs_evidence(tmp_path):
    """A short line between paragraphs is a subheading; a line with a photo credit, or
    marked as an illustration, is a caption."""
    article = read(tmp_path, f"Tiêu đề bài báo\nSapo của bài báo.\n\n{BODY}\n\n"
                             f"Yêu cầu xử lý nghiêm trường hợp tái phạm\n\n{BODY}\n\n"
                             f"Đoàn kiểm tra công trình (Ảnh: Minh Đức).\n\n{BODY}\n\n"
                             f"Một buổi làm việc của đoàn (Ảnh minh họa)\n\n{BODY}\n")
    kinds = [type(b) for b in article.blocks]
    assert kinds == [Paragraph, Heading, Paragraph, Figure, Paragraph, Figure, Paragraph]
    assert article.blocks[3].credit == "Minh Đức"
    assert article.blocks[5].caption == "Một buổi làm việc của đoàn"


def test_the_teaser_before_a_link_placeholder_is_not_the_article(tmp_path):
    article = read(tmp_path, f"Tiêu đề bài báo\n\n{BODY} Vụ cháy ở một tỉnh khác khiến hai"
                             " người bị thương. Nguồn: [Link nguồn]Nguồn: [Link nguồn]\n")
    text = " ".join(b.text for b in article.blocks)
    assert "Vụ cháy" not in text and "Link nguồn" not in text and text.endswith("địa bàn.")


def test_a_site_ui_string_inside_a_line_goes(tmp_path):
    article = read(tmp_path, "Tiêu đề bài báo\n\nLưu bài viết thành công Bạn có thể xem lại"
                             f" bài viết đã lưu ở trangTin bài đã lưu {BODY}\n")
    assert article.blocks[0].text == BODY


PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:site_name" content="Báo Mẫu"><meta name="author" content="Báo Mẫu">
<link rel="canonical" href="https://baomau.vn/tin-a.htm">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Tiêu đề trang", "datePublished": "2024-05-06T07:30:00+07:00",
 "author": {{"@type": "Person", "name": "{author}"}}}}</script>
<title>Tiêu đề trang | Báo Mẫu</title></head><body>
<div class="top-bar"><span class="date">Thứ Ba, 07/05/2024</span></div>
<nav><a class="sapo-link dt-text-common-sapo" href="/kinh-te">Kinh tế</a></nav>
<div class="article"><h1>Tiêu đề trang</h1>
<div class="share-tools"><a class="author" href="/tac-gia/x">{shown}</a></div>
<div class="content">{body}
<div class="tin-box"><span>TIN MỚI</span> <a href="/b">Một tin khác hoàn toàn</a>
<a href="/c">Tin khác nữa cũng không liên quan</a></div>
<p>{text}</p><p>{text}</p></div></div></body></html>"""


def page(tmp_path, author="Minh Anh", shown="Minh Anh Xem các bài viết của tác giả"):
    return read(tmp_path, PAGE.format(author=author, shown=shown, body="", text=BODY),
                name="a.html")


def test_a_page_takes_the_published_date_not_the_toolbars_today(tmp_path):
    assert page(tmp_path).date == dt.date(2024, 5, 6)


def test_a_page_byline_comes_from_an_author_element_even_in_a_share_bar(tmp_path):
    article = page(tmp_path)
    assert article.byline == "Minh Anh"
    assert "Xem các bài viết" not in " ".join(b.text for b in article.blocks)


def test_the_site_s_name_is_never_the_author(tmp_path):
    article = page(tmp_path, author="Báo Mẫu", shown="baomau.vn")
    assert article.byline is None


def test_boxes_of_links_inside_the_article_go(tmp_path):
    article = page(tmp_path)
    text = " ".join(b.text for b in article.blocks)
    assert "TIN MỚI" not in text and "Một tin khác" not in text
    assert article.lead is None or "Kinh tế" not in article.lead


def test_every_guess_is_explained(tmp_path):
    """`--report` names the rule behind the title, date, byline, lead and each caption."""
    path = write(tmp_path / "a.html", PAGE.format(author="Minh Anh", shown="Minh Anh",
                                                  body="", text=BODY))
    [raw] = reader_for(path).read(path, ReadContext(roots=(tmp_path.resolve(),)))
    found = {note.what for note in raw.notes if note.action == "found"}
    assert "title (the <h1> nearest the page's own title)" in found
    assert "date (the page's published-time metadata: JSON-LD or <meta>)" in found
    assert any(what.startswith("byline (the author element <a author>") for what in found)
    text = write(tmp_path / "b.txt", f"Tiêu đề\n17/11/2022\nSapo của bài.\n\n{BODY}\n\n"
                                     f"Đoàn kiểm tra công trình (Ảnh: Minh Đức)\n\n{BODY}\n\n"
                                     "Thu Cúc\n")
    [raw] = reader_for(text).read(text, ReadContext())
    found = {note.what for note in raw.notes if note.action == "found"}
    assert {"title (the first line)", "date (a line that is only a date, near the top)",
            "lead (the first paragraph under the title, a sentence)",
            "byline (a last line of names)",
            "photo caption, with its photo credit"} <= found, found


def test_a_caption_run_into_a_one_line_body_is_split_out(tmp_path):
    article = read(tmp_path, f"Tiêu đề bài báo\nSapo của bài báo.\n{BODY} Người dân còn lo lắng"
                             " không? Đoàn công tác kiểm tra sân vận động, nơi diễn ra lễ hội"
                             f" (Ảnh:Vietnamnet) Ông Chủ tịch UBND quận cho biết thêm. {BODY}\n")
    kinds = [type(b) for b in article.blocks]
    assert kinds == [Paragraph, Figure, Paragraph]
    assert (article.blocks[1].caption, article.blocks[1].credit) == (
        "Đoàn công tác kiểm tra sân vận động, nơi diễn ra lễ hội", "Vietnamnet")


@pytest.mark.parametrize(("ending", "byline"), [
    ("TTXVN/Tin Tức", None),  # outlets alone name no author
    ("Minh Phương/Báo Tin tức", "Minh Phương/Báo Tin tức"),
    ("PV/VOV-Đông Bắc PV/VOV-Đông Bắc", "PV/VOV-Đông Bắc"),  # printed twice by the export
])
def test_outlets_in_a_byline(tmp_path, ending, byline):
    article = read(tmp_path, f"Tiêu đề bài báo\nSapo của bài báo.\n{BODY} Kết thúc./. {ending}\n")
    assert article.byline == byline


def test_a_json_export_s_own_keys_are_understood(tmp_path):
    record = ('{"id": "x1", "title": "Tiêu đề bài báo", "published_at":'
              ' "2026-02-26T12:33:53+00:00", "url": "https://laodong.vn/a.ldo",'
              ' "category.primary": "Thời sự", "content.text": "' + BODY + '\\n' + BODY + '"}')
    article = read(tmp_path, record, name="a.json")
    assert (article.date, article.section) == (dt.date(2026, 2, 26), "Thời sự")
    assert [b.text for b in article.blocks] == [BODY, BODY]


@pytest.mark.parametrize(("lead", "place", "rest"), [
    ("Hà Nội – Sáng nay, đoàn công tác đã làm việc.", "Hà Nội", "Sáng nay, đoàn công tác"),
    ("Hà NộiÔng Trương Quang Nghĩa cho biết thêm.", "Hà Nội", "Ông Trương Quang Nghĩa"),
    ("HÀ NỘI - Sáng nay, đoàn công tác đã làm việc.", "HÀ NỘI", "Sáng nay"),
    ("Khánh Hòa- Ủy ban Bầu cử đã có mặt tại các đảo.", "Khánh Hòa", "Ủy ban Bầu cử"),
    # A person with an apposition, a province with a dash in its name, an outlet's stamp.
    ("Ông Tống Anh Linh – Giám đốc tài chính – đã bán cổ phiếu.", None, "Ông Tống"),
    ("Bà Rịa - Vũng Tàu sẽ tiếp tục thu hút đầu tư có chọn lọc.", None, "Bà Rịa"),
    ("(Dân trí) - Giá vàng trong nước tiếp tục giảm.", None, "(Dân trí)"),
])
def test_a_place_stamp_is_set_apart_from_the_lead(tmp_path, lead, place, rest):
    article = read(tmp_path, f"Tiêu đề bài báo\n17/11/2022\n{lead}\n\n{BODY}\n\n{BODY}\n")
    assert article.place == place
    assert article.lead.startswith(rest)


def test_the_place_is_printed_in_the_dateline(tmp_path):
    from pipeline.config import parse_config
    from pipeline.render.html import article_html

    article = read(tmp_path, f"Tiêu đề bài báo\n17/11/2022\nHà Nội – Sáng nay, đoàn công tác"
                             f" đã làm việc.\n\n{BODY}\n\n{BODY}\n")
    html = article_html(article, "standard", parse_config({}, project=tmp_path))
    assert ('<p class="dateline"><span class="place">Hà Nội</span> – <time datetime='
            '"2022-11-17">') in html


def test_a_hard_wrapped_text_is_joined_again_even_before_a_capital(tmp_path):
    import textwrap
    title = ("Thủ tướng Phạm Minh Chính tiếp Bộ trưởng Bộ Ngoại giao Cộng hòa Hy Lạp tại Hà Nội"
             " sáng nay")
    lead = ("Sáng 5/3, tại Hà Nội, hai bộ trưởng đã ký thỏa thuận hợp tác, mở ra nhiều cơ hội"
            " cho sinh viên hai nước.")
    body = [BODY + " Hai bên thống nhất trao đổi đoàn và học bổng cho sinh viên Hy Lạp." * 2,
            BODY * 2]
    text = "\n\n".join("\n".join(textwrap.wrap(p, 68)) for p in [title, lead, *body])
    wrapped = textwrap.wrap(title, 68)
    assert len(wrapped) == 2 and wrapped[1][:1].isupper(), "the title breaks before a capital"
    article = read(tmp_path, text + "\n")
    assert article.title == title and article.lead == lead
    assert [b.text for b in article.blocks] == body
