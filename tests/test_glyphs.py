"""No character reaches a PDF that its font cannot draw, and `bantin check` finds one that did.

The bundled symbol faces end every font stack, so the signs Vietnamese news
uses (− ≤ ≥ → ① ✓ ● ☐ …) print as themselves; only what no bundled face has
is substituted (and, for a project whose own fonts leave the symbol faces
out, the look-alikes still apply).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path

import pdfplumber
import pytest
from conftest import ROOT, write
from pdfcheck import fonts

from pipeline.config import load_config
from pipeline.model import Article, ListBlock, Paragraph
from pipeline.render import PdfRenderer, RenderContext
from pipeline.render import glyphs as glyphs_module
from pipeline.render import html as html_module
from pipeline.render.glyphs import (
    coverage,
    drawable,
    font_files,
    missing,
    substitute,
    variant_coverage,
)
from pipeline.resources import fonts_dir

SIGNS = "− ≤ ≥ ≠ ≈ √ ∑ ∞ → ← ↑ ↓ ⇒ ✓ ✔ ✗ ● ■ □ ▪ ◆ ❖ ○ ① ② ⑩ Ⓐ ☐ ☑ ☒ ★ ►"
"""Signs real Vietnamese news uses that Noto Sans and Noto Serif lack."""


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT)


@pytest.fixture(scope="module")
def drawn(config):
    coverage = variant_coverage("standard", config)
    assert coverage is not None and ord("ơ") in coverage
    return coverage


@pytest.fixture(scope="module")
def text_only():
    """What the text faces alone draw: a project's own fonts without the symbol faces."""
    drawn = coverage(font_files(["serif", "sans"], [fonts_dir()]))
    assert drawn is not None
    return drawn


def article(*texts: str, source: Path = Path("input/ky-hieu.md")) -> Article:
    return Article(slug="ky-hieu", title="Ký hiệu", date=dt.date(2022, 11, 3), source=source,
                   blocks=tuple(Paragraph(text=t) for t in texts))


@pytest.mark.parametrize(("char", "expected"), [
    ("≤", "<="), ("≥", ">="), ("−", "-"), ("→", "->"), ("✓", "v"), ("✔", "v"), ("●", "•"),
    ("▪", "•"), ("❖", "•"), ("☑", "[v]"), ("①", "(1)"), ("⑩", "(10)"), ("Ⓐ", "(A)"),
    ("\ue000", "?"), ("\U0001f5f9", "?"),
])
def test_without_the_symbol_faces_a_sign_has_a_documented_substitute(text_only, char,
                                                                      expected):
    assert ord(char) not in text_only
    assert substitute(char, text_only) == expected


@pytest.mark.parametrize("variant", ["standard", "large", "xlarge"])
def test_the_symbol_faces_draw_the_signs_news_uses(config, variant):
    drawn = variant_coverage(variant, config)
    assert drawn is not None
    assert missing(SIGNS + " \U0001f5f9", drawn) == []  # 🗹 too (Wingdings 2's checked box)
    assert missing("Hộ \ue000 \U0001f600", drawn) == ["\ue000", "\U0001f600"]


def test_what_the_font_has_is_left_alone(drawn):
    text = "Hội đồng nhân dân tỉnh Bắc Kạn – “kỳ họp” … 25% × 3 ÷ 2 ± 1 °C • ½ ² № €"
    assert missing(text, drawn) == []
    assert missing("a\u200db\tc\u00a0d", drawn) == []  # joiners and spaces need no glyph


def test_signs_are_kept_and_draw_no_warning(drawn, caplog):
    caplog.set_level(logging.WARNING, logger="pipeline")
    glyphs_module._drawable.cache_clear()
    before = article("Nhiệt độ −5 °C, ≥ 50 %, → ①, ✓", SIGNS)
    assert drawable(before, drawn) is before
    assert not caplog.records


def test_an_article_gets_its_substitutes_and_one_warning(drawn, caplog):
    caplog.set_level(logging.WARNING, logger="pipeline")
    glyphs_module._drawable.cache_clear()
    before = article("Nhiệt độ ≤ 30 °C \ue000 35", "Bước ① xong ✓ \U0001f600")
    after = drawable(before, drawn)
    assert [b.text for b in after.blocks] == ["Nhiệt độ ≤ 30 °C ? 35", "Bước ① xong ✓ ?"]
    assert drawable(before, drawn) == after  # laid out again (digests): no second warning
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1
    assert "input/ky-hieu.md" in warnings[0]
    assert all(code in warnings[0] for code in ("U+E000", "U+1F600"))
    assert not any(code in warnings[0] for code in ("U+2264", "U+2460", "U+2713"))


def test_without_the_symbol_faces_look_alikes_are_printed(text_only, caplog):
    caplog.set_level(logging.WARNING, logger="pipeline")
    glyphs_module._drawable.cache_clear()
    after = drawable(article("Nhiệt độ ≤ 30 °C ≤ 35", "Bước ① xong ✓"), text_only)
    assert [b.text for b in after.blocks] == ["Nhiệt độ <= 30 °C <= 35", "Bước (1) xong v"]
    [warning] = [r.getMessage() for r in caplog.records]
    assert all(code in warning for code in ("U+2264", "U+2460", "U+2713"))


def test_list_items_and_titles_are_made_drawable_too(text_only):
    glyphs_module._drawable.cache_clear()
    source = Article(slug="x", title="Tăng ≥ 5%", date=None, source=Path("a.md"),
                     blocks=(ListBlock(items=("❖ một", "hai ✔")),))
    result = drawable(source, text_only)
    assert result.title == "Tăng >= 5%"
    assert result.blocks == (ListBlock(items=("• một", "hai v")),)


BUNDLED = {"Bantin-Serif", "Bantin-Sans", "Bantin-Math", "Bantin-Symbols", "Bantin-Dingbats"}
"""The PDF names of the bundled families (a "-Bold" suffix marks a synthesized weight)."""


@pytest.mark.parametrize("variant", ["standard", "large"])
def test_the_pdf_draws_every_character_with_the_variants_own_fonts(config, tmp_path, variant,
                                                                   bantin):
    glyphs_module._drawable.cache_clear()
    context = RenderContext(config=config, roots=(tmp_path,))
    text = "Nhiệt độ −5 °C, ≥ 50 %, → ①, ✓; bước ② đạt ✔ ☑ ● ≤ ≠ ∞ ★, ﬁle \ue000 mới"
    pdf = PdfRenderer().render(article(text, source=tmp_path / "a.md"), variant, context)
    path = write(tmp_path / "output" / f"ky-hieu.{variant}.pdf", pdf)
    used = fonts(pdf)
    assert used and all(used.values()), "every font embedded"
    names = {name.split("+", 1)[1].removesuffix("-Bold") for name in used}
    assert names <= BUNDLED, f"no system font fills a gap: {used}"
    assert {"Bantin-Math", "Bantin-Symbols", "Bantin-Dingbats"} <= names
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        chars = "".join(ch["text"] for page in document.pages for ch in page.chars)
    assert all(sign in chars for sign in "−≥→①✓②✔☑●≤≠∞★"), chars
    assert "\ue000" not in chars and "?" in chars  # what no bundled face has is still replaced
    from pipeline.validate import pdf_facts

    assert pdf_facts(path).missing_glyphs == ()
    write(tmp_path / "bantin.toml", "[build]\njobs = 1\n")
    result = bantin("check", "--project", tmp_path, path)
    assert not [line for line in result.stderr.splitlines() if "glyph" in line], result.stderr


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
