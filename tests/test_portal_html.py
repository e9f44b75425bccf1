"""The portal HTML reader on pages shaped like real portals, one concern per test."""

import pytest
from conftest import INPUT, write

from pipeline.errors import SourceError
from pipeline.model import Figure, Heading, ListBlock, Paragraph, Quote
from pipeline.normalize import normalize
from pipeline.sources import ReadContext, reader_for

IMAGE = (INPUT / "images" / "hoi-truong-ky-hop.jpg").read_bytes()
LONG = ("Đoạn văn dài của bài viết, kể lại diễn biến buổi làm việc của đoàn giám sát với"
        " các cơ quan chuyên môn, nêu số liệu, kiến nghị và kết luận của trưởng đoàn.")


def read_page(tmp_path, html, name="page.html"):
    path = write(tmp_path / name, html)
    [raw] = reader_for(path).read(path, ReadContext(roots=(tmp_path.resolve(),)))
    return raw, normalize(raw)


SHAREPOINT = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Tiêu đề bài - Hội đồng nhân dân tỉnh</title>
<script>var x = "Đang tải dữ liệu...";</script><style>p {{ color: red }}</style></head>
<body><form id="aspnetForm" method="post" action="/x.aspx">
<div class="header"><h1 class="logo">HĐND tỉnh</h1><input type="text" name="q"></div>
<div class="menu"><ul><li><a href="/">Trang chủ</a></li>
<li><a href="/a">Giới thiệu</a></li></ul></div>
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <span>Hoạt động HĐND</span></div>
<div id="ctl00_PlaceHolderMain" class="news-detail">
 <div class="toolbar">Tăng cỡ chữ / Giảm cỡ chữ | <a href="#">In bài viết</a></div>
 <span class="date">Thứ Tư, 23/11/2022 - 09:15</span>
 <h1 class="title">Tiêu đề bài viết về giám sát</h1>
 <div class="sapo"><strong>Sapo ngắn của bài.</strong></div>
 <div class="ms-rtestate-field">
  <p>{LONG}</p>
  <table class="image"><tr><td><img src="images/a.jpg" alt=""></td></tr>
   <tr><td><em>Đoàn giám sát kiểm tra công trình (Ảnh: Hồng Nhung)</em></td></tr></table>
  <div><span style="font-family:Arial">{LONG}</span> <span>Thêm&nbsp;một câu.</span></div>
  <p>&nbsp;</p>
  <p style="text-align:center"><img src="images/a.jpg"></p>
  <p style="text-align:center"><em>Quang cảnh buổi làm việc.</em></p>
  <p>{LONG}…/.</p>
  <p style="text-align:right"><strong>Hồng Nhung</strong></p>
 </div>
 <div class="related"><h3>Tin liên quan</h3><ul><li><a href="/1">Tin một</a></li></ul></div>
</div>
<iframe src="https://maps.example/embed"></iframe>
<div class="footer">Cơ quan chủ quản: Văn phòng HĐND tỉnh. Lượt truy cập: 1.284.517</div>
</form></body></html>"""


def test_sharepoint_page_inside_an_aspnet_form(tmp_path):
    write(tmp_path / "images" / "a.jpg", IMAGE)
    raw, article = read_page(tmp_path, SHAREPOINT)
    assert (article.title, str(article.date), article.lead, article.byline) == (
        "Tiêu đề bài viết về giám sát", "2022-11-23", "Sapo ngắn của bài.", "Hồng Nhung")
    assert [b.kind for b in article.blocks] == ["paragraph", "figure", "paragraph", "figure",
                                                "paragraph"]
    first, second = article.blocks[1], article.blocks[3]
    assert (first.src, first.caption, first.credit) == (
        "images/a.jpg", "Đoàn giám sát kiểm tra công trình", "Hồng Nhung")
    assert (second.src, second.caption) == ("images/a.jpg", "Quang cảnh buổi làm việc.")
    assert article.blocks[2].text.endswith("trưởng đoàn. Thêm một câu.")
    assert article.blocks[-1].text.endswith("…/.")
    text = str(article)
    for junk in ("Đang tải", "Trang chủ", "Tăng cỡ chữ", "Tin liên quan", "Lượt truy cập",
                 "color: red", "HĐND tỉnh\"", "Giới thiệu"):
        assert junk not in text
    dropped = " ".join(n.what + " " + n.text for n in raw.notes if n.action == "dropped")
    for chrome in ("menu", "breadcrumb", "toolbar", "related", "footer", "<iframe>"):
        assert chrome in dropped


CMS = f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<meta property="og:title" content="Tiêu đề bài viết trên trang tin">
<meta name="description" content="Bản rút gọn, không dùng."></head><body>
<header class="site-header"><h1 class="site-title">Bản tin</h1>
<nav><a href="/">Trang chủ</a><a href="/k">Kỳ họp</a></nav></header>
<main><article>
 <header class="entry-header"><div class="entry-cat"><a rel="category tag">Giám sát</a></div>
  <h1 class="entry-title">Tiêu đề bài viết trên trang tin</h1>
  <div class="entry-meta"><time datetime="2022-11-29T08:00:00+07:00">29/11/2022</time>
  <span class="sep"> | </span><span class="byline">Bài và ảnh: Lan Hương</span></div></header>
 <div class="entry-summary"><p>Sapo của bài viết.</p></div>
 <div class="entry-content">
  <p>{LONG}</p>
  <figure><img src="images/a.jpg" alt="Mô tả ảnh cho người không nhìn thấy">
   <figcaption>Quang cảnh buổi làm việc <span class="credit">Ảnh: Lan Hương</span></figcaption>
  </figure>
  <h2>Tiêu đề phụ</h2><p>{LONG}</p>
  <blockquote><p>“Lời phát biểu.”</p></blockquote>
  <ul><li>Kiến nghị một;</li><li>Kiến nghị hai.</li></ul>
  <figure><img data-src="images/a.jpg" src="data:image/gif;base64,R0lGOD">
   <figcaption>Ảnh tải chậm</figcaption></figure>
  <figure><img src="https://cdn.example/remote.jpg"><figcaption>Ảnh ở xa</figcaption></figure>
  <figure><img src="images/missing.jpg"><figcaption>Ảnh bị thiếu</figcaption></figure>
  <p>{LONG}./.</p>
 </div>
 <div class="share">Chia sẻ: Facebook Zalo</div>
</article>
<aside class="related"><h2>Tin khác</h2><ul><li><a href="/x">Tin khác một</a>
<time datetime="2022-11-25">25/11/2022</time></li></ul></aside></main>
<footer>Địa chỉ: phường Đức Xuân</footer><script src="/app.js"></script></body></html>"""


def test_cms_page_with_figures_and_html5_structure(tmp_path, caplog):
    write(tmp_path / "images" / "a.jpg", IMAGE)
    _, article = read_page(tmp_path, CMS)
    assert (article.title, str(article.date), article.lead, article.byline, article.section,
            article.authors) == (
        "Tiêu đề bài viết trên trang tin", "2022-11-29", "Sapo của bài viết.",
        "Bài và ảnh: Lan Hương", "Giám sát", ("Lan Hương",))
    blocks = article.blocks
    assert blocks[1] == Figure(src="images/a.jpg", alt="Mô tả ảnh cho người không nhìn thấy",
                               caption="Quang cảnh buổi làm việc", credit="Lan Hương")
    assert isinstance(blocks[2], Heading) and isinstance(blocks[4], Quote)
    assert blocks[5] == ListBlock(items=("Kiến nghị một;", "Kiến nghị hai."))
    assert blocks[6] == Figure(src="images/a.jpg", caption="Ảnh tải chậm")
    assert blocks[7] == Figure(src=None, caption="Ảnh ở xa")
    assert blocks[8] == Figure(src=None, caption="Ảnh bị thiếu")
    assert isinstance(blocks[9], Paragraph) and blocks[9].text.endswith("./.")
    assert "never fetched" in caplog.text and "missing.jpg not found" in caplog.text
    assert "|" not in str(article) and "Chia sẻ" not in str(article)


def test_hostile_markup_never_reaches_the_article(tmp_path, caplog):
    canary = write(tmp_path.parent / f"{tmp_path.name}-canary.txt", "CANARY-SECRET")
    page = f"""<html><head><base href="file:///"><link rel="stylesheet" href="x.css"></head>
    <body><article><h1>Tiêu đề</h1><p>{LONG}</p>
    <p><img src="file://{canary}"><img src="../{canary.name}"><img src="/etc/passwd"></p>
    <object data="x.swf">Đối tượng</object><embed src="y">
    <svg><image href="file:///etc/passwd"/></svg>
    <p style="background:url(http://127.0.0.1:9/)">{LONG}</p>
    <a rel="attachment" href="file:///etc/passwd">tệp</a></article></body></html>"""
    _, article = read_page(tmp_path, page)
    assert all(b.src is None for b in article.blocks if isinstance(b, Figure))
    assert "CANARY" not in str(article) and "Đối tượng" not in str(article)


def test_a_page_without_article_text_is_an_error(tmp_path):
    with pytest.raises(SourceError, match="no article text found"):
        read_page(tmp_path, "<html><body><div class='menu'><a>Trang chủ</a></div></body></html>")


def test_title_falls_back_to_meta_and_title_tag(tmp_path):
    _, article = read_page(tmp_path, f"<html><head><title>Tiêu đề từ thẻ title | Cổng"
                                     f"</title></head><body><div><p>{LONG}</p></div></body>"
                                     "</html>")
    assert article.title == "Tiêu đề từ thẻ title"


@pytest.mark.parametrize(("page", "title", "date", "lead", "byline", "kinds"), [
    ("news-site.html", "Quốc hội thông qua luật thực hiện dân chủ ở cơ sở", "2022-11-15",
     "Luật Thực hiện dân chủ ở cơ sở được Quốc hội thông qua với 92% đại biểu tán thành, có"
     " hiệu lực từ 1/7/2023.", "Viết Tuân", ["paragraph", "figure", "paragraph", "paragraph"]),
    ("table-layout.html", "Huyện Ba Bể tổ chức kỳ họp thứ 9 HĐND huyện", "2022-12-12", None,
     "Nông Văn Tú", ["paragraph", "paragraph", "figure", "paragraph"]),
])
def test_other_layouts(tmp_path, page, title, date, lead, byline, kinds):
    """A national news site (lazy images, figcaption credit) and an old table layout
    (no <h1>, font tags, side columns)."""
    from conftest import ROOT

    write(tmp_path / "images" / "a.jpg", IMAGE)
    html = (ROOT / "tests" / "pages" / page).read_text(encoding="utf-8")
    _, article = read_page(tmp_path, html, name=page)
    assert (article.title, str(article.date), article.lead, article.byline) == (
        title, date, lead, byline)
    assert [b.kind for b in article.blocks] == kinds
    figure = next(b for b in article.blocks if isinstance(b, Figure))
    assert figure.src == "images/a.jpg"


def test_risky_markup_in_the_article_is_named_in_a_warning_the_page_chrome_is_not(
        tmp_path, caplog):
    """A saved page always has scripts; the article's own <script> or on*= is news."""
    page = f"""<html><head><script>var page = 1;</script></head><body>
    <div class="menu" onclick="go()"><a href="/">Trang chủ</a></div>
    <div class="news-detail"><h1>Tiêu đề bài có mã lạ</h1>
    <p onmouseover="steal()">{LONG}</p><script>alert(1)</script>
    <iframe src="http://example.invalid/"></iframe><p>{LONG}</p></div>
    <script>var footer = 2;</script></body></html>"""
    caplog.set_level("WARNING", logger="pipeline")
    _, article = read_page(tmp_path, page)
    assert article.title == "Tiêu đề bài có mã lạ"
    [warning] = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
    assert warning.startswith(f"{tmp_path / 'page.html'}: dropped ")
    for named in ("<script>", "<iframe>", "onmouseover= handlers"):
        assert named in warning
    assert "onclick" not in warning, "the menu's handler is page chrome, not the article's"
    caplog.clear()
    read_page(tmp_path, page.replace("<script>alert(1)</script>", "").replace(
        ' onmouseover="steal()"', "").replace('<iframe src="http://example.invalid/">'
                                              "</iframe>", ""), "clean.html")
    assert not [r for r in caplog.records if "dropped" in r.getMessage()]


def test_xhtml_with_an_xml_declaration_is_read(tmp_path):
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Bài XHTML</title></head>'
            f'<body><h1>Bài trang XHTML</h1><p>Ngày 12/11/2022</p><p>{LONG}</p></body></html>')
    _, article = read_page(tmp_path, page, "page.xhtml")
    assert article.title == "Bài trang XHTML" and str(article.date) == "2022-11-12"
    assert article.blocks == (Paragraph(text=LONG),)
