"""Symbol-font characters (U+F0xx from Word and old PDFs), bullets as lists, and the TCVN3
letters a PDF's text layer replaced ("Thủ t−ớng", "bảo l∙nh")."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pipeline.model import ListBlock, Paragraph
from pipeline.normalize import normalize
from pipeline.normalize.unicode import restore_legacy_stand_ins
from pipeline.sources.base import RawSource
from pipeline.symbols import SYMBOL, map_private_use, symbol_char


def raw(*texts: str, title: str = "Kỳ họp thứ 11", slug: str | None = None) -> RawSource:
    metadata = {"title": title, "date": "2022-12-09", **({"slug": slug} if slug else {})}
    return RawSource(path=Path("input/bai.md"), encoding="utf-8", metadata=metadata,
                     blocks=tuple(Paragraph(text=t) for t in texts))


def test_the_symbol_table_is_the_whole_adobe_symbol_encoding():
    printable = set(range(0x20, 0x7F)) | set(range(0xA0, 0xFF))
    assert set(SYMBOL) == printable - {0xF0}  # 0xF0 is empty in Symbol (Apple's logo on a Mac)
    assert all(len(char) == 1 and not 0xE000 <= ord(char) <= 0xF8FF for char in SYMBOL.values())


@pytest.mark.parametrize(("code", "expected"), [
    (0xF0B7, "•"), (0xF0A7, "▪"), (0xF0D8, "➢"), (0xF0FC, "✔"), (0xF076, "❖"), (0xF0E0, "→"),
    (0xF028, "("), (0xF029, ")"), (0xF0A3, "≤"), (0xF0B3, "≥"), (0xF0B1, "±"), (0xF0B4, "×"),
    (0xF0D7, "⋅"), (0xF0B8, "÷"), (0xF0BE, "—"), (0xF02D, "−"), (0xF061, "α"), (0xF062, "β"),
    (0xF044, "Δ"), (0xF057, "Ω"), (0xF06D, "μ"), (0xF0B0, "°"), (0xF0A5, "∞"), (0xF0E5, "∑"),
])
def test_a_private_use_character_without_a_font_reads_as_word_meant_it(code, expected):
    assert symbol_char(None, code) == expected
    assert map_private_use(f"a {chr(code)} b") == (f"a {expected} b", ())


@pytest.mark.parametrize(("font", "code", "expected"), [
    ("Symbol", 0xF0B7, "•"), ("Symbol", 0xB7, "•"), ("Symbol", 0xA7, "♣"), ("Symbol", 0xD8, "¬"),
    ("Symbol", 0xE6, "⎛"), ("Symbol", 0x60, "‾"),
    ("Wingdings", 0xF0A7, "▪"), ("Wingdings", 0xFC, "✔"), ("wingdings", 0xD8, "➢"),
    ("Wingdings", 0x6C, "●"), ("Wingdings", 0xFE, "☑"), ("Wingdings", 0x81, "①"),
    ("Wingdings 2", 0x50, "✓"), ("WINGDINGS  2", 0xF052, "☑"), ("Wingdings 2", 0x6A, "①"),
    ("Wingdings 3", 0x7D, "▸"), ("Wingdings 3", 0x75, "▶"),
])
def test_symbol_char_reads_the_font_word_names(font, code, expected):
    assert symbol_char(font, code) == expected


@pytest.mark.parametrize(("font", "code"), [
    ("Times New Roman", 0xB7), ("Wingdings", 0x21), ("Symbol", 0xF0), ("Webdings", 0x61)])
def test_symbol_char_says_none_when_it_does_not_know(font, code):
    assert symbol_char(font, code) is None


def test_a_code_first_before_a_space_is_a_bullet_and_elsewhere_a_letter():
    assert map_private_use("\uf06c\tđiểm một") == ("●\tđiểm một", ())
    assert map_private_use("bước sóng \uf06c") == ("bước sóng λ", ())
    assert map_private_use("\uf0b7 mục") == ("• mục", ())


def test_an_unknown_private_use_character_is_dropped_and_named():
    assert map_private_use("a\ue000b\uf0f0c\ue000") == ("ab⇨c", (0xE000,))
    assert map_private_use("a\U000f0001b") == ("ab", (0xF0001,))


def test_unknown_private_use_characters_give_one_warning_naming_file_field_and_code(caplog):
    caplog.set_level(logging.WARNING, logger="pipeline")
    article = normalize(raw("Đoạn \ue000 một", "Đoạn \ue000 hai \ue123",
                            title="Kỳ họp \ue000"))
    assert article.title == "Kỳ họp"
    assert [b.text for b in article.blocks] == ["Đoạn một", "Đoạn hai"]
    warnings = [r.getMessage() for r in caplog.records if "private-use" in r.getMessage()]
    assert len(warnings) == 1
    assert "input/bai.md" in warnings[0]
    assert "U+E000 (title)" in warnings[0] and "U+E123 (paragraph 2)" in warnings[0]


def test_known_symbol_characters_give_no_warning(caplog):
    caplog.set_level(logging.WARNING, logger="pipeline")
    article = normalize(raw("Nhiệt độ \uf0b3 30\uf0b0C, sai số \uf0b1 2"))
    assert article.blocks == (Paragraph(text="Nhiệt độ ≥ 30°C, sai số ± 2"),)
    assert not [r for r in caplog.records if "private-use" in r.getMessage()]


def test_paragraphs_opened_by_bullets_become_one_list():
    article = normalize(raw("Kỳ họp đã thông qua:", "\uf0b7\tNghị quyết về ngân sách;",
                            "\uf0a7 Nghị quyết về đầu tư công;", "• Nghị quyết về biên chế.",
                            "Các đại biểu nhất trí.", "\uf076 Một mục lẻ"))
    assert article.blocks == (
        Paragraph(text="Kỳ họp đã thông qua:"),
        ListBlock(items=("Nghị quyết về ngân sách;", "Nghị quyết về đầu tư công;",
                         "Nghị quyết về biên chế.")),
        Paragraph(text="Các đại biểu nhất trí."),
        ListBlock(items=("Một mục lẻ",)))


@pytest.mark.parametrize("text", ["– Đồng chí Chủ tịch phát biểu.", "- gạch nối", "→ xem tiếp",
                                  "* sao"])
def test_a_dash_or_an_arrow_does_not_open_a_list(text):
    assert normalize(raw(text)).blocks[0].kind == "paragraph"


def test_the_report_names_the_symbol_and_bullet_passes():
    changes: list[str] = []
    normalize(raw("\uf0b7 Một", "\uf0b7 Hai", "Tăng \uf0b3 5%"), changes=changes)
    assert any(line.startswith("map symbol-font characters: ")
               and "«[U+F0B7] Một» → «• Một»" in line for line in changes), changes
    assert any(line == "bullets to lists: 3 block(s) became 2" for line in changes)


@pytest.mark.parametrize(("text", "expected"), [
    ("Thủ t−ớng Chính phủ", "Thủ tướng Chính phủ"),
    ("Quỹ bảo l∙nh tín dụng", "Quỹ bảo lãnh tín dụng"),
    ("cộng hoà x∙ hội chủ nghĩa", "cộng hoà xã hội chủ nghĩa"),
    ("Nhà n−ớc và nhân dân", "Nhà nước và nhân dân"),
    ("đ−ợc phê duyệt", "được phê duyệt"),
    ("Ch−ơng trình mục tiêu", "Chương trình mục tiêu"),
    ("các tr−ờng học, ng−ời dân", "các trường học, người dân"),
    ("Thông t− số 12/2022", "Thông tư số 12/2022"),
    ("TR−ỜNG THPT BA BỂ", "TRƯỜNG THPT BA BỂ"),
    ("H−ớng dẫn", "Hướng dẫn"),
    ("n\u00adớc sạch", "nước sạch"),
    ("bảo l·nh", "bảo lãnh"),
])
def test_tcvn3_stand_ins_become_letters_again(text, expected):
    assert restore_legacy_stand_ins(text) == expected


@pytest.mark.parametrize("text", [
    "Nhiệt độ −5 °C", "x − y = 3", "2x−3", "a−b", "tích a∙b", "col·lecció", "A−Z",
    "kinh\u00adtế", "−", "10 − 3 = 7",
])
def test_a_real_minus_or_dot_is_never_turned_into_a_letter(text):
    assert restore_legacy_stand_ins(text) == text


def test_stand_ins_are_repaired_in_title_body_and_slug():
    changes: list[str] = []
    article = normalize(raw("Thủ t−ớng chỉ đạo bảo l∙nh.", title="Thủ t−ớng làm việc"),
                        changes=changes)
    assert article.title == "Thủ tướng làm việc"
    assert article.blocks == (Paragraph(text="Thủ tướng chỉ đạo bảo lãnh."),)
    assert article.slug == "thu-tuong-lam-viec"
    assert any(line.startswith("restore TCVN3 letters a PDF replaced: 2 text(s)")
               for line in changes)
    own = normalize(raw("x", slug="th\u00adớng-lanh"))
    assert own.slug == "thuong-lanh"


def test_tcvn3_mojibake_from_a_pdf_reads_whole_after_decoding_and_the_passes():
    """Text copied from a .VnTime PDF without conversion: the decoder repairs the legacy
    bytes, the pass the letters the PDF replaced."""
    from pipeline.normalize import clean_text
    from pipeline.sources.decode import repair_mojibake

    copied = "Thñ t−íng ChÝnh phñ yªu cÇu c¸c bé, ngµnh b¶o l∙nh cho nhµ n−íc vµ ng−êi d©n."
    repaired, codec = repair_mojibake(copied)
    assert codec is not None and codec.name == "tcvn3"
    assert clean_text(repaired) == ("Thủ tướng Chính phủ yêu cầu các bộ, ngành bảo lãnh cho nhà"
                                    " nước và người dân.")
