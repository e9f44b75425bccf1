"""Each text pass alone: many input → expected cases per pass."""

import unicodedata

import pytest

from pipeline.normalize import clean_text
from pipeline.normalize.spaces import collapse_spaces
from pipeline.normalize.typography import (
    curl_double_quotes,
    tidy_punctuation_spaces,
    use_ellipsis,
    use_en_dash,
)
from pipeline.normalize.unicode import (
    compose_nfc,
    remove_forbidden_characters,
    remove_invisible_characters,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("a\x00b\x01c\x08d", "abcd"),
    ("tab\tand\nnewline\rstay", "tab\tand\nnewline\rstay"),
    ("lone \ud800 surrogate \udfff", "lone  surrogate "),
    ("non\ufffechar\uffff", "nonchar"),
    ("c1\x80\x9f controls", "c1 controls"),
    ("NEL\x85kept for spaces", "NEL\x85kept for spaces"),
    ("Hội đồng", "Hội đồng"),
])
def test_remove_forbidden_characters(text, expected):
    assert remove_forbidden_characters(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("kinh\u00adtế", "kinhtế"),
    ("zero\u200bwidth", "zerowidth"),
    ("\ufeffBOM", "BOM"),
    ("rtl\u200f\u202emarks\u2066", "rtlmarks"),
    ("emoji\u200dzwj", "emoji\u200dzwj"),
])
def test_remove_invisible_characters(text, expected):
    assert remove_invisible_characters(text) == expected


def test_compose_nfc_joins_decomposed_vietnamese():
    decomposed = unicodedata.normalize("NFD", "Hội đồng nhân dân tỉnh Bắc Kạn")
    assert decomposed != "Hội đồng nhân dân tỉnh Bắc Kạn"
    assert compose_nfc(decomposed) == "Hội đồng nhân dân tỉnh Bắc Kạn"


@pytest.mark.parametrize(("text", "expected"), [
    ("  a \u00a0 b\t\nc  ", "a b c"),
    ("x\u2028y\u2029z\u3000w", "x y z w"),
    ("", ""),
])
def test_collapse_spaces(text, expected):
    assert collapse_spaces(text) == expected


@pytest.mark.parametrize(("fn", "text", "expected"), [
    (use_ellipsis, "chờ đợi...", "chờ đợi…"),
    (use_ellipsis, "mời…/.", "mời…/."),
    (use_ellipsis, "hết..../.", "hết…/."),
    (use_ellipsis, "số 1.5", "số 1.5"),
    (use_en_dash, "HĐND - UBND", "HĐND – UBND"),
    (use_en_dash, "kinh tế - xã hội", "kinh tế – xã hội"),
    (use_en_dash, "53/QCPH-HĐND-UBND", "53/QCPH-HĐND-UBND"),
    (use_en_dash, "-5 độ", "-5 độ"),
    (curl_double_quotes, 'gọi là "Nghị quyết số 12" nhé', "gọi là “Nghị quyết số 12” nhé"),
    (curl_double_quotes, '"Mở đầu", rồi "kết".', "“Mở đầu”, rồi “kết”."),
    (curl_double_quotes, "(\"a\")", "(“a”)"),
    (curl_double_quotes, "“đã cong”", "“đã cong”"),
    (tidy_punctuation_spaces, "xin chào , bạn !", "xin chào, bạn!"),
    (tidy_punctuation_spaces, "( trong ngoặc )", "(trong ngoặc)"),
    (tidy_punctuation_spaces, "một,hai;ba", "một, hai; ba"),
    (tidy_punctuation_spaces, "1,5 tỷ đồng", "1,5 tỷ đồng"),
    (tidy_punctuation_spaces, "./.", "./."),
])
def test_typography(fn, text, expected):
    assert fn(text) == expected


@pytest.mark.parametrize("text", [
    "Ngày 29/7/2021, số 53/QCPH-HĐND-UBND-UBMTTQ",
    "khi được mời…/.",
    "tỷ lệ 98,5%; 144 nghị quyết",
    "Thu Cúc",
])
def test_clean_text_never_changes_words(text):
    def words(value):
        return [w.strip(".,;:…/“”\"") for w in value.split()]

    assert words(clean_text(text)) == words(text)
