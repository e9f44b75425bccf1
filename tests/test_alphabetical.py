"""Vietnamese alphabetical order (`pipeline.alphabetical`), checked against ICU's `vi` collator.

PyICU is a test dependency (tools/install-test-tools, `pip install '.[test]'`):
without it this module fails to import, so the tests fail rather than skip.
The pipeline itself never imports ICU; its table is generated from ICU by
tools/make_alphabetical_table.py, and the last test checks it is current.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import unicodedata

import icu
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.alphabetical import sort_key
from pipeline.alphabetical_table import ELEMENTS
from pipeline.vietnamese import FINALS, INITIALS, NUCLEI, TONES

COLLATOR = icu.Collator.createInstance(icu.Locale("vi"))
# BANTIN_EXAMPLES=3000 for a deeper search than the default run.
EXAMPLES = int(os.environ.get("BANTIN_EXAMPLES", "300"))


def ordered(words: list[str]) -> list[str]:
    return sorted(words, key=sort_key)


# --- what a reader of a Vietnamese dictionary can check -------------------------------------

def test_tones_in_dictionary_order_none_huyen_hoi_nga_sac_nang():
    assert ordered(["ạ", "á", "ã", "ả", "à", "a"]) == ["a", "à", "ả", "ã", "á", "ạ"]
    assert ordered(["Báo", "Bạo", "Bão", "Bảo", "Bao", "Bào"]) == [
        "Bao", "Bào", "Bảo", "Bão", "Báo", "Bạo"]


def test_hoi_before_nga():
    assert ordered(["sữa chữa", "sửa chữa"]) == ["sửa chữa", "sữa chữa"]
    assert ordered(["nghĩ", "nghỉ"]) == ["nghỉ", "nghĩ"]
    assert ordered(["kỹ", "kỵ", "kỳ", "ký", "kỷ"]) == ["kỳ", "kỷ", "kỹ", "ký", "kỵ"]


def test_the_letters_of_the_whole_title_decide_before_any_tone():
    assert ordered(["Kỷ niệm", "Ký kết", "Kỹ thuật", "Kỳ họp"]) == [
        "Kỳ họp", "Ký kết", "Kỷ niệm", "Kỹ thuật"]


def test_lowercase_before_uppercase_but_tones_before_case():
    assert ordered(["HÀ", "Hà", "hà"]) == ["hà", "Hà", "HÀ"]
    assert ordered(["đông", "Đông"]) == ["đông", "Đông"]
    assert ordered(["hà", "Ha"]) == ["Ha", "hà"]  # the tone decides before the capital


def test_a_breve_a_circumflex_d_stroke_and_the_horned_vowels_are_letters_of_their_own():
    words = ["Yên", "Đông", "Ân", "Ăn", "An", "Bắc", "Dung", "Ơn", "Ông", "Ong", "Ưng", "Uông",
             "Hòa", "Hoa", "Họa", "Hóa", "Ê", "E", "Ạnh", "Zô"]
    assert ordered(words) == [
        "An", "Ạnh", "Ăn", "Ân", "Bắc", "Dung", "Đông", "E", "Ê", "Hoa", "Hòa", "Hóa", "Họa",
        "Ong", "Ông", "Ơn", "Uông", "Ưng", "Yên", "Zô"]
    assert sorted(["B", "Đ", "Z"]) == ["B", "Z", "Đ"]  # what code-point order would do


def test_a_space_ends_a_word_before_any_letter():
    assert ordered(["Hàng hóa", "Hà Nội", "Hà"]) == ["Hà", "Hà Nội", "Hàng hóa"]


def test_decomposed_text_weighs_as_composed_text():
    composed = "Tiếp xúc cử tri Hội đồng nhân dân tỉnh"
    decomposed = unicodedata.normalize("NFD", composed)
    assert sort_key(decomposed)[:3] == sort_key(composed)[:3]
    assert ordered([decomposed, composed]) == ordered([composed, decomposed])  # text breaks ties


def test_characters_outside_the_table_follow_it_by_code_point():
    assert "Ω" not in ELEMENTS and "中" not in ELEMENTS
    assert ordered(["中文", "Ωmega", "Ỹ", "Yên", "€"]) == ["€", "Ỹ", "Yên", "Ωmega", "中文"]


def test_every_vietnamese_letter_is_in_the_table():
    for vowel in "aăâeêioôơuưy":
        for tone in ("", *TONES):
            letter = unicodedata.normalize("NFC", vowel + tone)
            assert letter in ELEMENTS and letter.upper() in ELEMENTS, letter
    assert "đ" in ELEMENTS and "Đ" in ELEMENTS


def test_the_order_needs_no_icu_at_run_time():
    code = "import sys, pipeline.alphabetical; sys.exit('icu' in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# --- the same order as ICU ------------------------------------------------------------------

@st.composite
def syllables(draw: st.DrawFn) -> str:
    """A syllable of Vietnamese spelling, its tone on any vowel, each letter either case."""
    initial = draw(st.sampled_from(INITIALS))
    nucleus = draw(st.sampled_from(sorted(NUCLEI)))
    final = draw(st.sampled_from(FINALS))
    tone = draw(st.sampled_from(("", *TONES)))
    at = draw(st.integers(1, len(nucleus)))  # the old (hòa) and the new (hoà) placement
    word = unicodedata.normalize("NFC", initial + nucleus[:at] + tone + nucleus[at:] + final)
    upper = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(c.upper() if u else c for c, u in zip(word, upper, strict=True))


PUNCTUATION = sorted(c for c in ELEMENTS if not c.isalnum() and not unicodedata.combining(c))
numbers = st.text(alphabet="0123456789", min_size=1, max_size=4)
tokens = st.one_of(syllables(), syllables(), numbers, st.sampled_from(PUNCTUATION))
titles = st.lists(st.tuples(tokens, st.sampled_from(["", " "])), max_size=10).map(
    lambda parts: "".join(token + space for token, space in parts))
# Any string of table characters: ASCII letters, stray and stacked tone marks too.
table_text = st.text(alphabet=sorted(ELEMENTS), max_size=8)


def assert_same_order(a: str, b: str) -> None:
    ours = (sort_key(a) > sort_key(b)) - (sort_key(a) < sort_key(b))
    icus = COLLATOR.compare(a, b)
    if icus or a == b:  # ICU ties different strings it holds equal; our tie-break may order them
        assert ours == icus, (a, b)


def assert_same_sort(texts: list[str]) -> None:
    ours = sorted(texts, key=sort_key)
    # Compared through ICU's keys, so that strings ICU holds equal may come in any order.
    assert [COLLATOR.getSortKey(t) for t in ours] == sorted(COLLATOR.getSortKey(t) for t in texts)


@settings(max_examples=EXAMPLES)
@given(syllables(), syllables())
def test_syllables_compare_as_icu_compares_them(a, b):
    assert_same_order(a, b)


@settings(max_examples=EXAMPLES)
@given(titles, titles)
def test_titles_compare_as_icu_compares_them(a, b):
    assert_same_order(a, b)


@settings(max_examples=EXAMPLES)
@given(table_text, table_text)
def test_any_table_characters_compare_as_icu_compares_them(a, b):
    assert_same_order(a, b)


@settings(max_examples=EXAMPLES // 3)
@given(st.lists(st.one_of(syllables(), titles), max_size=30))
def test_sorting_gives_icus_order(texts):
    assert_same_sort(texts)


def test_the_titles_of_a_council_digest_sort_as_icu_sorts_them():
    titles = ["Kỳ họp thứ 10", "Kỷ niệm 75 năm", "Kỹ năng số", "Ký kết hợp tác", "Giám sát",
              "Giải quyết kiến nghị", "Đại biểu HĐND tiếp xúc cử tri", "Dân nguyện",
              "“Lắng nghe” – ý kiến cử tri", "Ủy ban nhân dân", "Ưu tiên đầu tư", "Uỷ quyền",
              "Bảo đảm an sinh", "Bão số 4: ứng phó…", "Báo cáo (dự thảo)", "Bạo lực học đường"]
    assert_same_sort(titles)


# --- the table is what ICU says -------------------------------------------------------------

def test_the_committed_table_is_what_the_generator_makes_from_icu():
    path = ROOT / "tools" / "make_alphabetical_table.py"
    spec = importlib.util.spec_from_file_location("make_alphabetical_table", path)
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert list(tool.make_table(COLLATOR).items()) == list(ELEMENTS.items()), (
        "pipeline/alphabetical_table.py is out of date: run tools/make_alphabetical_table.py")
