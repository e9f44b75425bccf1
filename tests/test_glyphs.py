"""No character reaches a PDF that its font cannot draw, and `bantin check` finds one that did."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from conftest import ROOT, write
from pdfcheck import fonts

from pipeline.config import load_config
from pipeline.model import Article, ListBlock, Paragraph
from pipeline.render import PdfRenderer, RenderContext
from pipeline.render import glyphs as glyphs_module
from pipeline.render import html as html_module
from pipeline.render.glyphs import drawable, missing, substitute, variant_coverage


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT)


@pytest.fixture(scope="module")
def drawn(config):
    coverage = variant_coverage("standard", config)
    assert coverage is not None and ord("ơ") in coverage
    return coverage


def article(*texts: str, source: Path = Path("input/ky-hieu.md")) -> Article:
    return Article(slug="ky-hieu", title="Ký hiệu", date=dt.date(2022, 11, 3), source=source,
                   blocks=tuple(Paragraph(text=t) for t in texts))


@pytest.mark.parametrize(("char", "expected"), [
    ("≤", "<="), ("≥", ">="), ("−", "-"), ("→", "->"), ("✓", "v"), ("✔", "v"), ("●", "•"),
    ("▪", "•"), ("❖", "•"), ("☑", "[v]"), ("①", "(1)"), ("⑩", "(10)"), ("Ⓐ", "(A)"),
    ("\ue000", "?"), ("\U0001f5f9", "?"),
])
def test_a_character_the_font_lacks_has_a_documented_substitute(drawn, char, expected):
    assert ord(char) not in drawn
    assert substitute(char, drawn) == expected


def test_what_the_font_has_is_left_alone(drawn):
    text = "Hội đồng nhân dân tỉnh Bắc Kạn – “kỳ họp” … 25% × 3 ÷ 2 ± 1 °C • ½ ² № €"
    assert missing(text, drawn) == []
    assert missing("a\u200db\tc\u00a0d", drawn) == []  # joiners and spaces need no glyph


def test_an_article_gets_its_substitutes_and_one_warning(drawn, caplog):
    caplog.set_level(logging.WARNING, logger="pipeline")
    glyphs_module._drawable.cache_clear()
    before = article("Nhiệt độ ≤ 30 °C ≤ 35", "Bước ① xong ✓")
    after = drawable(before, drawn)
    assert [b.text for b in after.blocks] == ["Nhiệt độ <= 30 °C <= 35", "Bước (1) xong v"]
    assert drawable(before, drawn) == after  # laid out again (digests): no second warning
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1
    assert "input/ky-hieu.md" in warnings[0]
    assert all(code in warnings[0] for code in ("U+2264", "U+2460", "U+2713"))


def test_list_items_and_titles_are_made_drawable_too(drawn):
    glyphs_module._drawable.cache_clear()
    source = Article(slug="x", title="Tăng ≥ 5%", date=None, source=Path("a.md"),
                     blocks=(ListBlock(items=("❖ một", "hai ✔")),))
    result = drawable(source, drawn)
    assert result.title == "Tăng >= 5%"
    assert result.blocks == (ListBlock(items=("• một", "hai v")),)


def test_the_pdf_draws_every_character_with_the_variants_own_fonts(config, tmp_path):
    glyphs_module._drawable.cache_clear()
    context = RenderContext(config=config, roots=(tmp_path,))
    text = "Chỉ tiêu ≤ 5%, bước ① và ② đạt ✓, ﬁle \ue000 mới"
    pdf = PdfRenderer().render(article(text, source=tmp_path / "a.md"), "standard", context)
    path = write(tmp_path / "a.pdf", pdf)
    assert all("Bantin-" in name for name in fonts(pdf)), "no system font fills a gap"
    from pipeline.validate import pdf_facts

    assert pdf_facts(path).missing_glyphs == ()


def test_check_reports_a_character_drawn_as_notdef(config, tmp_path, monkeypatch, bantin):
    """A PDF made without the substitution (as an older bantin did) fails `bantin check`."""
    write(tmp_path / "bantin.toml", "[build]\njobs = 1\n")
    monkeypatch.setattr(html_module, "drawable", lambda article, drawn: article)
    context = RenderContext(config=load_config(tmp_path), roots=(tmp_path,))
    pdf = PdfRenderer().render(article("Ký hiệu lạ \ue000 ở đây", source=tmp_path / "a.md"),
                               "standard", context)
    path = write(tmp_path / "output" / "ky-hieu.standard.pdf", pdf)
    result = bantin("check", "--project", tmp_path, path)
    assert result.exit_code != 0
    errors = [line for line in result.stderr.splitlines()
              if line.startswith("error:") and "glyph" in line]
    assert len(errors) == 1, result.stderr
    assert str(path) in errors[0] and "page 1" in errors[0] and "U+E000" in errors[0]
