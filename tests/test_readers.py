"""The Markdown and JSON readers, the sanitizer and image resolution, one behaviour per test."""

import json
import logging
from pathlib import Path

import pytest
from conftest import INPUT, write

from pipeline.corpus import check_length
from pipeline.errors import SourceError, UnknownFormatError
from pipeline.model import Figure, Heading, ListBlock, Paragraph, Quote
from pipeline.normalize import normalize
from pipeline.sources import READERS, ReadContext, reader_for
from pipeline.sources.decode import decode
from pipeline.sources.fragments import fragment_blocks, sanitize

IMAGE = (INPUT / "images" / "hoi-truong-ky-hop.jpg").read_bytes()


def read(path: Path, roots: tuple[Path, ...] = ()):
    raws = reader_for(path).read(path, ReadContext(roots=roots))
    return [normalize(raw) for raw in raws]


MD = """---
title: Kỳ họp thứ mười
date: 2022-11-17
lead: Sáng 17/11, kỳ họp khai mạc.
byline: "Bài và ảnh: THU CÚC"
section: Kỳ họp
tags: [kỳ họp, nghị quyết]
---

Đoạn *một* với **nhấn mạnh** và `mã`.

![Đại biểu ngồi trong hội trường](img/hall.jpg)
Quang cảnh kỳ họp
(Ảnh: Thu Cúc)

## Nội dung chính

### Mục nhỏ

> Ý kiến của cử tri.

- một
- hai
  - hai a

1. thứ nhất
2. thứ hai
"""


def test_markdown_reader_reads_every_field_and_block(tmp_path):
    write(tmp_path / "img" / "hall.jpg", IMAGE)
    [article] = read(write(tmp_path / "a.md", MD))
    assert (article.title, str(article.date), article.lead, article.byline, article.section,
            article.tags, article.authors) == (
        "Kỳ họp thứ mười", "2022-11-17", "Sáng 17/11, kỳ họp khai mạc.",
        "Bài và ảnh: THU CÚC", "Kỳ họp", ("kỳ họp", "nghị quyết"), ("Thu Cúc",))
    assert article.blocks == (
        Paragraph(text="Đoạn một với nhấn mạnh và mã."),
        Figure(src="img/hall.jpg", alt="Đại biểu ngồi trong hội trường",
               caption="Quang cảnh kỳ họp", credit="Thu Cúc"),
        Heading(text="Nội dung chính", level=2),
        Heading(text="Mục nhỏ", level=3),
        Quote(text="Ý kiến của cử tri."),
        ListBlock(items=("một", "hai", "hai a")),
        ListBlock(items=("thứ nhất", "thứ hai"), ordered=True),
    )
    assert article.slug == "ky-hop-thu-muoi" and article.encoding == "utf-8"


def test_markdown_title_may_come_from_a_first_level_heading(tmp_path):
    [article] = read(write(tmp_path / "a.md", "# Tiêu đề\n\nThân bài.\n"))
    assert article.title == "Tiêu đề" and article.blocks == (Paragraph(text="Thân bài."),)


def test_front_matter_slug_wins_and_is_made_safe(tmp_path):
    [article] = read(write(tmp_path / "a.md", "---\ntitle: X\nslug: Kỳ Họp 10\n---\nA\n"))
    assert article.slug == "ky-hop-10"


@pytest.mark.parametrize(("text", "line", "words"), [
    ("---\ntitle: a: b\n---\n", 2, "not valid YAML"),
    ("---\ntitle: X\n\nbody never closed\n", 1, "never closed"),
    ("---\n- a\n- b\n---\n", 2, "must be 'key: value' lines"),
    ("---\ntitle: X\ndate: 31/02/2022\n---\n", 3, "February 2022 has 28 days"),
    ("---\ntitle: [X]\n---\n", 2, "title: expected text"),
    ("---\ntitle: yes\n---\n", 2, "title: expected text, got true"),
    ("---\ntitle: X\nbyline: {a: 1}\n---\n", 3, "byline: expected text"),
    ("---\ndate: 2022-11-01\n---\nno title\n", None, "no title"),
    ('---\ntitle: "\\u200b\\x07\\u00ad"\ndate: 2022-11-01\n---\nThân bài.\n', 2,
     "the title is empty once control and invisible characters are removed"),
])
def test_markdown_problems_name_the_line(tmp_path, text, line, words):
    path = write(tmp_path / "bad.md", text)
    with pytest.raises(SourceError, match=words) as caught:
        read(path)
    assert caught.value.path == path and caught.value.line == line


def test_unknown_front_matter_key_is_a_warning_with_a_guess(tmp_path, caplog):
    read(write(tmp_path / "a.md", "---\ntitle: X\nbyine: Lan\n---\nA\n"))
    assert "did you mean 'byline'" in caplog.text


def test_missing_image_keeps_the_caption_with_a_warning(tmp_path, caplog):
    [article] = read(write(tmp_path / "a.md", "---\ntitle: X\n---\n\n![a](no.jpg)\nChú thích"
                           " (Ảnh: Lan)\n"))
    assert article.blocks == (Figure(src=None, alt="a", caption="Chú thích", credit="Lan"),)
    assert "no.jpg not found" in caplog.text and "a.md" in caplog.text


@pytest.mark.parametrize("src", [
    "../outside.jpg", "/etc/passwd", "file:///etc/passwd", "http://127.0.0.1:9/x.jpg",
    "http://169.254.169.254/latest", "//example.org/x.jpg", "data:image/png;base64,AAAA",
    "img/../../outside.jpg", "notes.txt",
])
def test_images_outside_the_allowed_folders_are_never_used(tmp_path, caplog, src):
    write(tmp_path / "outside.jpg", IMAGE)
    write(tmp_path / "in" / "notes.txt", "secret")
    path = write(tmp_path / "in" / "a.md",
                 f"---\ntitle: X\ndate: 2022-11-01\n---\n\n![a]({src})\nẢnh\n")
    [article] = read(path, roots=((tmp_path / "in").resolve(),))
    assert article.blocks[0].src is None
    assert len(caplog.records) == 1 and "a.md: image" in caplog.text


def test_html_inside_markdown_is_sanitized_not_passed_through(tmp_path):
    body = ("---\ntitle: X\n---\n\n<script>alert('x')</script>\n\n"
            "<div><p onclick=\"x()\">Đoạn <b>HTML</b><iframe src=x></iframe></p>"
            "<style>p{}</style></div>\n\nVăn bản <span style=\"url(x)\">nội dòng</span>.\n")
    [article] = read(write(tmp_path / "a.md", body))
    texts = [block.text for block in article.blocks]
    assert texts == ["Đoạn HTML", "Văn bản nội dòng."]


def test_sanitize_keeps_only_the_allow_list():
    cleaned = sanitize('<p style="x" onclick="y">a<object data="z"></object>'
                       '<img src="i.jpg" onerror="e"><a href="javascript:x">b</a></p>')
    assert "style" not in cleaned and "onclick" not in cleaned and "object" not in cleaned
    assert "onerror" not in cleaned and "javascript" not in cleaned


def test_html_figures_become_figures():
    blocks = fragment_blocks('<figure><img src="a.jpg" alt="mô tả"><figcaption>Chú thích'
                             "</figcaption></figure><ul><li>x</li><li>y</li></ul>"
                             "<h1>Đầu</h1><blockquote><p>Trích</p></blockquote>")
    assert blocks == [Figure(src="a.jpg", alt="mô tả", caption="Chú thích"),
                      ListBlock(items=("x", "y")), Heading(text="Đầu", level=2),
                      Quote(text="Trích")]


def test_deeply_nested_html_does_not_recurse_without_end():
    blocks = fragment_blocks("<div>" * 500 + "sâu" + "</div>" * 500)
    assert [b.text for b in blocks] == ["sâu"]


def test_json_reader_reads_one_article_and_lists(tmp_path):
    write(tmp_path / "images" / "a.jpg", IMAGE)
    one = {"title": "Một", "date": "2022-11-02", "byline": "LAN ANH", "tags": ["x"],
           "blocks": [{"kind": "paragraph", "text": "A"},
                      {"kind": "figure", "src": "images/a.jpg", "alt": "ảnh",
                       "caption": "Chú thích", "credit": "Lan"},
                      {"kind": "heading", "level": 3, "text": "H"},
                      {"kind": "list", "items": ["a", "b"], "ordered": True},
                      {"kind": "quote", "text": "Q"}]}
    [article] = read(write(tmp_path / "one.json", json.dumps(one)))
    assert article.authors == ("Lan Anh",) and article.blocks[1] == Figure(
        src="images/a.jpg", alt="ảnh", caption="Chú thích", credit="Lan")
    assert article.blocks[3] == ListBlock(items=("a", "b"), ordered=True)
    many = [{"title": "A", "body": "Đoạn **một**.\n\n## Hai"}, {"title": "B"}]
    articles = read(write(tmp_path / "many.json", json.dumps(many)))
    assert [a.title for a in articles] == ["A", "B"]
    assert articles[0].blocks == (Paragraph(text="Đoạn một."), Heading(text="Hai", level=2))


def test_json_reader_reports_the_encoding_it_decoded(tmp_path):
    article = {"title": "Kỳ họp", "date": "2022-11-02", "body": "Đoạn một."}
    data = "\ufeff".encode("utf-16-le") + json.dumps(article, ensure_ascii=False).encode(
        "utf-16-le")
    [read_back] = read(write(tmp_path / "utf16.json", data))
    assert read_back.encoding == "utf-16" and read_back.title == "Kỳ họp"


def test_one_bad_article_in_a_json_list_fails_alone(bantin, tmp_path):
    articles = [{"title": "Bài một", "date": "2022-11-02", "body": "Đoạn một."},
                {"title": "Bài hai", "blocks": [{"kind": "table"}]},
                {"title": "Bài ba", "date": "2022-11-04", "body": "Đoạn ba."}]
    path = write(tmp_path / "list.json", json.dumps(articles, ensure_ascii=False))
    result = bantin("normalize", path, "--json")
    assert result.exit_code == 1
    assert [a["title"] for a in json.loads(result.stdout)] == ["Bài một", "Bài ba"]
    [error] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert f"{path}: article 2 of 3: blocks[0]: unknown block kind 'table'" in error


def test_numbers_where_text_belongs_are_text_as_written(tmp_path):
    """The JSON schema allows a number as a title; front matter keeps YAML's numbers as
    written (`010` is not 8)."""
    [article] = read(write(tmp_path / "a.json", '{"title": 1975, "lead": 2.5}'))
    assert (article.title, article.lead) == ("1975", "2.5")
    [article] = read(write(tmp_path / "a.md", "---\ntitle: 010\nbyline: 1.50\n---\nx\n"))
    assert (article.title, article.byline) == ("010", "1.50")


@pytest.mark.parametrize(("text", "words", "line"), [
    ('{"title": "x",\n "date": }', "not valid JSON", 2),
    ("[]", "holds no article", None),
    ('["x"]', "article 1 of 1: expected an article object", None),
    ('{"title": "x", "blocks": [{"kind": "table"}]}', "unknown block kind 'table'", None),
    ('{"title": "x", "blocks": [{"kind": "paragraph"}]}', "needs 'text'", None),
    ('{"title": "x", "body": "a", "blocks": []}', "either 'blocks' or 'body'", None),
    ('{"title": "x", "date": "31/02/2022"}', "February 2022 has 28 days", None),
    ('{"title": "x", "tags": {"a": 1}}', "tags: expected a list", None),
    ('{"title": "NaN",\n "byline": NaN}', "NaN is not a value JSON allows", 2),
    ('{"title": "x",\n\n "y": -Infinity}', "-Infinity is not a value JSON allows", 3),
    ('{"title": "x", "y": 1e5000}', "the number 1e5000 is too large", 1),
    ('{"title": "x", "byline": true}', "byline: expected text, got true", None),
])
def test_json_problems(tmp_path, text, words, line):
    path = write(tmp_path / "bad.json", text)
    with pytest.raises(SourceError, match=words) as caught:
        read(path)
    assert caught.value.line == line


@pytest.mark.parametrize(("data", "encoding"), [
    ("Hội đồng".encode(), "utf-8"),
    (b"\xef\xbb\xbf" + "Hội đồng".encode(), "utf-8-sig"),
    ("\ufeffHội đồng".encode("utf-16-le"), "utf-16"),
    ("Hội đồng nhân dân tỉnh".encode("utf-16-le"), "utf-16-le"),
    ("Hội đồng nhân dân tỉnh".encode("utf-16-be"), "utf-16-be"),
])
def test_decode_text(data, encoding):
    text, found = decode(data, Path("x.md"))
    assert found == encoding and text.lstrip("\ufeff").startswith("Hội đồng")


@pytest.mark.parametrize(("data", "words"), [
    (b"", "empty"), (b"  \n\t", "empty"), (bytes(range(256)) * 4, "binary file"),
    (b"H\xf4i \xf0\xf4ng ok", "not UTF-8"),
])
def test_decode_refuses_what_is_not_text(data, words):
    with pytest.raises(SourceError, match=words):
        decode(data, Path("x.md"))


def test_registry_knows_markdown_and_json_and_names_them_in_its_error():
    assert {".md", ".markdown", ".json"} <= set(READERS)
    with pytest.raises(UnknownFormatError, match=r"known source extensions: .*\.json.*\.md"):
        reader_for(Path("article.pdf"))


def test_reader_warnings_go_through_logging(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    read(write(tmp_path / "a.json", '{"title": "x", "blocks": [{"kind": "paragraph",'
                                    ' "text": "a", "colour": "red"}]}'))
    assert "unknown key 'colour'" in caplog.text


def test_sample_json_sources_follow_the_published_schema():
    import jsonschema
    from conftest import ROOT

    schema = json.loads((ROOT / "schemas" / "article.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    samples = sorted(INPUT.glob("*.json"))
    assert samples
    for sample in samples:
        validator.validate(json.loads(sample.read_text(encoding="utf-8")))
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"title": "x", "blocks": [{"kind": "paragraph"}]})


def test_front_matter_dates_and_numbers_reach_our_own_checks(tmp_path):
    """YAML would build a date (or a 5,000-digit integer) itself and fail without a word."""
    impossible = write(tmp_path / "a.md", "---\ntitle: A\ndate: 2022-02-30\n---\n\nX.\n")
    with pytest.raises(SourceError, match="February 2022 has 28 days") as caught:
        read(impossible)
    assert caught.value.line == 3
    digits = "9" * 5000
    [article] = read(write(tmp_path / "b.md", f"---\ntitle: {digits}\ndate: 2022-11-17"
                                               " 08:30\n---\n\nX.\n"))
    assert article.title == digits and str(article.date) == "2022-11-17"


def test_a_picture_cut_off_before_its_end_is_refused_with_its_caption_kept(tmp_path, caplog):
    """Its headers are sound, so a header check passes it; it would print partly blank."""
    write(tmp_path / "cut.jpg", IMAGE[: len(IMAGE) * 2 // 3])
    path = write(tmp_path / "a.md", "---\ntitle: A\ndate: 2022-11-01\n---\n\n"
                 "![Hội trường](cut.jpg)\nQuang cảnh kỳ họp\n")
    caplog.set_level("WARNING", logger="pipeline")
    [article] = read(path, (tmp_path.resolve(),))
    assert article.blocks == (Figure(src=None, alt="Hội trường", caption="Quang cảnh kỳ họp"),)
    assert any("cut.jpg is cut off before its end" in r.getMessage() for r in caplog.records)


def test_sources_over_the_size_limits_are_refused_before_layout(tmp_path):
    """[build] max_source_bytes and max_text_characters: no runaway layout starts."""
    path = write(tmp_path / "a.md", "---\ntitle: A\ndate: 2022-11-01\n---\n\n"
                 + "Một câu văn. " * 200)
    [raw] = reader_for(path).read(path, ReadContext())
    with pytest.raises(SourceError, match="more than \\[build\\] max_text_characters"):
        check_length(raw, 1000)
    check_length(raw, 10_000)
    with pytest.raises(SourceError, match="more than \\[build\\] max_source_bytes"):
        reader_for(path).read(path, ReadContext(max_bytes=1024))
    assert read(path)[0].title == "A", "within the limits it is read"
