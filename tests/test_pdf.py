"""The print editions, read back from the PDFs: fonts, sizes, columns, tags, text, bookmarks."""

from __future__ import annotations

import io
import itertools
import unicodedata

import pikepdf
import pytest
from conftest import INPUT, ROOT, SEED
from fontTools.ttLib import TTFont
from pdfcheck import body_text, font_sizes, fonts, line_starts, page_texts

from pipeline.config import load_config
from pipeline.corpus import load
from pipeline.model import Figure, ListBlock
from pipeline.render import PdfRenderer, RenderContext
from pipeline.render.fonts import FALLBACK_FAMILIES
from pipeline.render.html import vietnamese_date
from pipeline.vietnamese import VIETNAMESE_LETTERS

PHOTO_ARTICLE = INPUT / "2022-11-16-tiep-xuc-cu-tri-ba-be.md"
MARGINS = {"standard": (45, 51), "large": (68, 62), "xlarge": (68, 62)}  # top, bottom (pt)


@pytest.fixture(scope="module")
def editions():
    """The seed and an article with a photo, rendered once in every variant."""
    config = load_config(ROOT)
    corpus = load([SEED, PHOTO_ARTICLE], config)
    context = RenderContext(config=config, roots=(INPUT.resolve(),))
    renderer = PdfRenderer()
    return {(article.source.name, variant): (article, renderer.render(article, variant, context))
            for article in corpus.articles for variant in ("standard", "large", "xlarge")}


def expected_text(article) -> str:
    """The article as the page prints it, from the title to the byline."""
    parts = [article.title, vietnamese_date(article.date), article.lead or ""]
    for block in article.blocks:
        if isinstance(block, Figure):
            parts.append(block.caption or "")
            parts.append(f"(Ảnh: {block.credit})" if block.credit else "")
        elif isinstance(block, ListBlock):
            parts.extend(block.items)
        else:
            parts.append(block.text)
    parts.append(article.byline or "")
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("variant", ["standard", "large", "xlarge"])
@pytest.mark.parametrize("name", [SEED.name, PHOTO_ARTICLE.name])
def test_text_in_the_pdf_is_the_article(editions, name, variant):
    article, pdf = editions[(name, variant)]
    text = unicodedata.normalize("NFC", body_text(pdf, *MARGINS[variant]))
    expected = expected_text(article)
    assert expected in text, "the article's text, in order, with nothing missing"


@pytest.mark.parametrize(("variant", "body", "largest_at_least"), [
    ("standard", 11.0, 20.0), ("large", 18.0, 22.0), ("xlarge", 24.0, 30.0)])
def test_body_and_heading_sizes(editions, variant, body, largest_at_least):
    sizes = font_sizes(editions[(SEED.name, variant)][1])
    assert sizes.body == body
    assert sizes.largest >= largest_at_least
    if variant != "standard":  # large print: nothing smaller than the body
        assert min(sizes.by_size) >= body


@pytest.mark.parametrize(("variant", "columns"), [("standard", 2), ("large", 1),
                                                  ("xlarge", 1)])
def test_columns(editions, variant, columns):
    _, pdf = editions[(SEED.name, variant)]
    starts = line_starts(pdf, 0, *MARGINS[variant])
    # Indents (a caption's rule, a list) move a line a few points; a column, far more.
    groups = 1 + sum(1 for a, b in itertools.pairwise(starts) if b - a > 100)
    assert groups == columns, starts


@pytest.mark.parametrize("variant", ["standard", "large", "xlarge"])
def test_fonts_are_ours_and_embedded(editions, variant):
    used = fonts(editions[(PHOTO_ARTICLE.name, variant)][1])
    assert used and all(used.values()), "every font embedded"
    assert all("Bantin-" in name for name in used), f"no fallback font (missing glyph): {used}"
    if variant != "standard":
        assert all("Sans" in name for name in used), "large print is set in sans"
        assert not any("Italic" in name for name in used), "no italics in large print"


@pytest.mark.parametrize("variant", ["standard", "large"])
def test_tagged_with_language_title_bookmarks_and_page_labels(editions, variant):
    article, pdf = editions[(PHOTO_ARTICLE.name, variant)]
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root
        assert "/StructTreeRoot" in root and root.MarkInfo.Marked
        assert str(root.Lang) == "vi"
        assert root.ViewerPreferences.DisplayDocTitle
        assert str(document.docinfo.Title) == article.title
        assert str(document.docinfo.Author) == ", ".join(article.authors)
        assert str(document.docinfo.CreationDate).startswith("D:20221116")
        with document.open_outline() as outline:
            titles = [item.title for item in outline.root]
            assert titles[0] == article.title
            assert [c.title for c in outline.root[0].children] == [
                b.text for b in article.blocks if b.kind == "heading"]
        labels = root.PageLabels.Nums
        assert int(labels[0]) == 0 and str(labels[1].S) == "/D"
        images = {x.objgen for page in document.pages for x in page.get_images().values()}
        assert len(images) == sum(1 for b in article.blocks if isinstance(b, Figure))


def test_images_carry_their_alt_text_in_the_structure(editions):
    article, pdf = editions[(PHOTO_ARTICLE.name, "standard")]
    alt = next(b.alt for b in article.blocks if isinstance(b, Figure))
    with pikepdf.open(io.BytesIO(pdf)) as document:
        figures = [e for e in _walk(document.Root.StructTreeRoot) if str(e.get("/S")) == "/Figure"]
        assert any(str(f.get("/Alt", "")) == alt for f in figures)


def _walk(node):
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary):
            yield kid
            yield from _walk(kid)


def test_same_input_gives_byte_identical_pdfs(editions):
    config = load_config(ROOT)
    [article] = load([SEED], config).articles
    context = RenderContext(config=config, roots=(INPUT.resolve(),))
    again = PdfRenderer().render(article, "large", context)
    assert again == editions[(SEED.name, "large")][1]


TEXT_FACES = sorted(p for p in (ROOT / "fonts").glob("*.ttf")
                    if p.stem.split("-")[0] not in FALLBACK_FAMILIES.values())


def test_the_symbol_faces_are_bundled_and_only_they_lack_vietnamese():
    stems = {p.stem.split("-")[0] for p in (ROOT / "fonts").glob("*.ttf")}
    assert set(FALLBACK_FAMILIES.values()) <= stems
    assert {p.stem.split("-")[0] for p in TEXT_FACES} == {"NotoSans", "NotoSerif"}


@pytest.mark.parametrize("font", TEXT_FACES, ids=lambda p: p.name)
def test_every_bundled_text_face_has_all_146_vietnamese_letters(font):
    cmap = TTFont(str(font)).getBestCmap()
    missing = sorted(c for c in VIETNAMESE_LETTERS if ord(c) not in cmap)
    assert len(VIETNAMESE_LETTERS) == 146 and not missing


@pytest.mark.parametrize("variant", ["standard", "large", "xlarge"])
def test_the_byline_never_stands_alone_on_a_page(tmp_path, variant):
    """The article whose body just fills its last page: the byline, which ends the body's
    last column, goes over with the last paragraph's lines, never alone at the top of a page
    of its own."""
    config = load_config(ROOT)
    context = RenderContext(config=config, roots=(tmp_path.resolve(),))
    renderer = PdfRenderer()
    byline = "Hoàng Anh"

    def rendered(paragraphs: int) -> list[str]:
        body = "\n\n".join(f"Đoạn ngắn thứ {n} của bài." for n in range(1, paragraphs + 1))
        source = tmp_path / f"bai-{paragraphs}.md"
        source.write_text(f"---\ntitle: Bài thử trang cuối\ndate: 2022-11-16\nbyline: {byline}"
                          f"\n---\n\n{body}\n", encoding="utf-8")
        (article,) = load([source], config, isolated=False).articles
        return page_texts(renderer.render(article, variant, context), *MARGINS[variant])

    # The fewest one-line paragraphs that make a second page: each is shorter than the
    # byline with its space above, so that is when the byline no longer fits on the first.
    low, high = 1, 120
    assert len(rendered(low)) == 1 and len(rendered(high)) > 1
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if len(rendered(middle)) == 1 else (low, middle)
    pages = rendered(high)
    last = pages[-1]
    assert last.endswith(byline), last
    assert "Đoạn ngắn thứ" in last, f"the byline stands alone on page {len(pages)}: {last!r}"


def test_document_numbers_are_kept_on_one_line_and_long_tokens_cost_linear_time():
    from pipeline.render.html import keep_together

    marked = str(keep_together("Số 53/QCPH-HĐND-UBND, xem https://example.vn/" + "a" * 60))
    assert '<span class="nobr">53/QCPH-HĐND-UBND,</span>' in marked
    assert "example.vn" in marked and marked.count("nobr") == 1, "a URL may break"

    def fastest(n: int) -> float:
        text = "a" * n  # no joint anywhere: the worst case of a backtracking pattern
        return min(_timed(lambda: keep_together(text)) for _ in range(3))

    # 16 times the text may take about 16 times as long, never 256 times (measured side by
    # side in one run: a ratio, not a time).
    assert fastest(320_000) / max(fastest(20_000), 1e-6) < 64


def _timed(work) -> float:
    import time

    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def test_streams_are_deflated_at_the_default_level(editions):
    """pydyf deflates at level 9; ours at 6 (render/deflate.py): half the compression time
    for 0.35 % more bytes. A zlib stream's second byte says which: 0x9C for 6, 0xDA for 9."""
    _article, pdf = editions[(SEED.name, "large")]
    with pikepdf.open(io.BytesIO(pdf)) as document:
        levels = {bytes(obj.read_raw_bytes()[:2]) for obj in document.objects
                  if isinstance(obj, pikepdf.Stream) and obj.get("/Filter") == "/FlateDecode"}
    assert levels == {b"\x78\x9c"}, levels


def test_font_subsets_parse_no_c_type_for_each_glyph_count(editions):
    """WeasyPrint makes a subset's glyph array as `hb_codepoint_t[n]`; cffi parses that C
    type again for every new n (render/glyph_arrays.py): ours are made as
    `hb_codepoint_t[]`, parsed once, with the same glyphs."""
    from weasyprint.text.ffi import ffi

    assert len(editions) >= 6  # PDFs were written, and their fonts subset, in this process
    per_count = [t for t in ffi._parsed_types if isinstance(t, str)
                 and t.startswith("hb_codepoint_t[") and t != "hb_codepoint_t[]"]
    assert per_count == []
    assert "hb_codepoint_t[]" in ffi._parsed_types
