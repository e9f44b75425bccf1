import pytest

from pipeline.model import Article
from pipeline.normalize.byline import parse_authors, reading_case
from pipeline.normalize.slug import slugify, unique_slugs, with_suffix
from pipeline.normalize.tones import place_tone_marks
from pipeline.sources.credit import split_credit


@pytest.mark.parametrize(("old", "new"), [
    ("hòa", "hoà"), ("khỏe", "khoẻ"), ("thủy", "thuỷ"), ("Hòa Bình", "Hoà Bình"),
    ("THỦY", "THUỶ"), ("lũy", "luỹ"), ("xóa", "xoá"), ("tùy", "tuỳ"),
])
def test_tone_styles_differ_in_open_oa_oe_uy(old, new):
    assert place_tone_marks(old, "new") == new
    assert place_tone_marks(new, "old") == old
    assert place_tone_marks(old, "old") == old
    assert place_tone_marks(new, "new") == new


@pytest.mark.parametrize("word", [
    # closed syllables, marked vowels, qu/gi initials and triphthongs are the
    # same in both styles
    "hoàng", "thuyết", "quý", "quả", "giá", "giữa", "người", "khuya", "tuổi",
    "nghiêng", "hoạch", "khuyến", "quyền", "oái", "hướng", "yêu",
])
def test_tone_placement_is_the_same_in_both_styles(word):
    assert place_tone_marks(word, "old") == word
    assert place_tone_marks(word, "new") == word


def test_keep_changes_nothing_and_non_vietnamese_words_stay():
    text = "Hòa và hoà; café, naïve, Pác Nặm"
    assert place_tone_marks(text, "keep") == text
    assert place_tone_marks("café naïve", "new") == "café naïve"


def test_unknown_tone_style_is_refused():
    with pytest.raises(ValueError, match="tone-mark style"):
        place_tone_marks("hòa", "newest")


@pytest.mark.parametrize(("title", "slug"), [
    ("Các Ban HĐND tỉnh tích cực, chủ động trong công tác phối hợp",
     "cac-ban-hdnd-tinh-tich-cuc-chu-dong-trong-cong-tac-phoi-hop"),
    ("Đường đến trường", "duong-den-truong"),
    ("Kỳ họp thứ 10 — HĐND khóa X", "ky-hop-thu-10-hdnd-khoa-x"),
    ("  ...  ", ""),
    ("Thường trực HĐND tỉnh giám sát công tác xây dựng nông thôn mới tại huyện Chợ Đồn",
     "thuong-truc-hdnd-tinh-giam-sat-cong-tac-xay-dung-nong-thon"),
])
def test_slugify(title, slug):
    assert slugify(title) == slug
    assert len(slugify(title)) <= 60


def test_slug_of_one_long_word_is_cut_at_60():
    assert slugify("a" * 100) == "a" * 60


def test_with_suffix_stays_within_60_at_a_word_boundary():
    long = slugify("Thường trực HĐND tỉnh giám sát công tác xây dựng nông thôn mới")
    suffixed = with_suffix(long, 12)
    assert suffixed.endswith("-12") and len(suffixed) <= 60 and "--" not in suffixed


def test_unique_slugs_number_repeats_in_order_and_warn_naming_both(caplog, tmp_path):
    articles = [Article(slug="ky-hop", title="Kỳ họp", date=None, source=tmp_path / n)
                for n in ("a.md", "b.md", "c.md")]
    articles.append(Article(slug="ky-hop-2", title="x", date=None, source=tmp_path / "d.md"))
    result = [a.slug for a in unique_slugs(articles)]
    assert result == ["ky-hop", "ky-hop-3", "ky-hop-4", "ky-hop-2"]
    warning = caplog.records[0].getMessage()
    assert "b.md" in warning and "a.md" in warning


@pytest.mark.parametrize(("byline", "authors"), [
    ("Thu Cúc", ("Thu Cúc",)),
    ("THU CÚC", ("Thu Cúc",)),
    ("Bài và ảnh: Lệ Thủy", ("Lệ Thủy",)),
    ("Hoàng Anh - Bảo Ngọc", ("Hoàng Anh", "Bảo Ngọc")),
    ("MINH ĐỨC, THU HÀ và Lan Anh", ("Minh Đức", "Thu Hà", "Lan Anh")),
    ("Tin, ảnh: Nguyễn Văn A (Văn phòng HĐND tỉnh)", ("Nguyễn Văn A",)),
    ("Theo Báo Bắc Kạn", ()),
])
def test_parse_authors(byline, authors):
    assert parse_authors(byline) == authors


def test_reading_case_keeps_mixed_case():
    assert reading_case("Lê McDonald") == "Lê McDonald"


@pytest.mark.parametrize(("caption", "expected"), [
    ("Quang cảnh kỳ họp (Ảnh: Thu Cúc)", ("Quang cảnh kỳ họp", "Thu Cúc")),
    ("Quang cảnh kỳ họp. Ảnh: Thu Cúc", ("Quang cảnh kỳ họp.", "Thu Cúc")),
    ("Quang cảnh - ảnh: T.C", ("Quang cảnh", "T.C")),
    ("(Ảnh: Lan (Báo Bắc Kạn))", (None, "Lan (Báo Bắc Kạn)")),
    ("Không có tác giả", ("Không có tác giả", None)),
])
def test_split_credit(caption, expected):
    assert split_credit(caption) == expected
