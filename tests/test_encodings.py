"""Legacy Vietnamese encodings: tables entry by entry, round trips, detection, the seed."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import SEED, write
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy_encode import as_tcvn3_typist, encode, unconvert

from pipeline.errors import SourceError
from pipeline.model import Figure, Paragraph
from pipeline.normalize import normalize
from pipeline.normalize.tones import place_in_word
from pipeline.sources import ReadContext, reader_for
from pipeline.sources.decode import decode, repair_mojibake
from pipeline.sources.legacy import (
    CODECS,
    TCVN3,
    VISCII,
    VNI,
    WINDOWS_1258,
    cp1252_char,
)
from pipeline.vietnamese import (
    FINALS,
    INITIALS,
    NUCLEI,
    TONES,
    VIETNAMESE_LETTERS,
    is_syllable,
    words,
)

LETTERS = sorted(VIETNAMESE_LETTERS)
SMALL_AND_BASES = [c for c in LETTERS if c.islower() or c in "ĂÂÊÔƠƯĐ"]
IN_TCVN3 = sorted({*SMALL_AND_BASES, *"AEIOUYaeiouy"})
SEED_TEXT = SEED.read_text(encoding="utf-8")


def iconv(encoding: str, data: bytes) -> str:
    assert shutil.which("iconv"), "glibc iconv checks the tables (Debian's libc-bin)"
    run = subprocess.run(["iconv", "-f", encoding, "-t", "UTF-8"], input=data,
                         capture_output=True, check=True)
    return unicodedata.normalize("NFC", run.stdout.decode("utf-8"))


def test_there_are_146_vietnamese_letters():
    assert len(VIETNAMESE_LETTERS) == 146


def test_viscii_matches_glibc_for_every_byte():
    for byte in range(256):
        assert VISCII.decode(bytes([byte])) == iconv("VISCII", bytes([byte])), hex(byte)


def test_tcvn3_matches_glibc_tcvn5712_for_every_letter_it_has():
    for letter in SMALL_AND_BASES:
        data = encode(TCVN3, letter)
        assert len(data) == 1 and iconv("TCVN5712-1", data) == letter, letter


def test_tcvn3_has_no_capital_toned_vowels():
    with pytest.raises(UnicodeEncodeError):
        encode(TCVN3, "Ủ")
    assert unconvert(TCVN3, "Các Ban HĐND tỉnh") == "C¸c Ban H§ND tØnh"


def test_windows_1258_matches_glibc_for_every_letter():
    for letter in LETTERS:
        assert iconv("CP1258", encode(WINDOWS_1258, letter)) == letter, letter


@pytest.mark.parametrize(("vni", "unicode"), [
    ("Hoäi ñoàng nhaân daân tænh Baéc Kaïn", "Hội đồng nhân dân tỉnh Bắc Kạn"),
    ("Ñaïi bieåu Quoác hoäi", "Đại biểu Quốc hội"),
    ("ngöôøi, nöôùc, thuûy lôïi", "người, nước, thủy lợi"),
    ("Kyø hoïp thöù möôøi", "Kỳ họp thứ mười"),
    ("HOÄI ÑOÀNG", "HỘI ĐỒNG"),
    ("ĐAỊ", "ĐAỊ"),
])
def test_vni_spellings(vni, unicode):
    assert VNI.convert(vni) == unicode
    assert unconvert(VNI, unicode) == vni or unicode == "ĐAỊ"


@pytest.mark.parametrize("codec", sorted(CODECS))
def test_every_letter_round_trips(codec):
    letters = IN_TCVN3 if codec == "tcvn3" else LETTERS
    for letter in letters:
        assert CODECS[codec].decode(encode(CODECS[codec], letter)) == letter


def vietnamese_text(alphabet):
    return st.text(alphabet=st.sampled_from(alphabet), max_size=80)


PLAIN = list(" 0123456789.,;:!?()-\n") + [chr(c) for c in range(ord("a"), ord("z") + 1)]


@settings(max_examples=200)
@given(st.sampled_from(sorted(CODECS)), st.data())
def test_decoding_then_encoding_round_trips(codec_name, data):
    codec = CODECS[codec_name]
    letters = IN_TCVN3 if codec_name == "tcvn3" else LETTERS
    text = data.draw(vietnamese_text(letters + PLAIN))
    assert codec.decode(encode(codec, text)) == unicodedata.normalize("NFC", text)
    encoded = encode(codec, text)
    assert encode(codec, codec.decode(encoded)) == encoded


def _syllable(initial: str, nucleus: str, final: str, tone: str, upper: bool) -> str | None:
    word = unicodedata.normalize("NFC", initial + nucleus + final)
    word = place_in_word(unicodedata.normalize("NFC", word + tone), "old") if tone else word
    return (word.capitalize() if upper else word) if is_syllable(word) else None


syllables = st.builds(_syllable, st.sampled_from(INITIALS), st.sampled_from(sorted(NUCLEI)),
                      st.sampled_from(FINALS), st.sampled_from(["", *TONES]),
                      st.booleans()).filter(bool)
vietnamese_sentences = st.lists(
    st.one_of(syllables, syllables, syllables, st.sampled_from(
        [",", ".", "…", "“", "”", "–", "HĐND", "UBND", "2022", "17/11", "%", "\n"])),
    min_size=1, max_size=40).map(" ".join)


@settings(max_examples=300)
@given(vietnamese_sentences, st.sampled_from(["NFC", "NFD"]))
def test_correct_unicode_is_never_changed(text, form):
    text = unicodedata.normalize(form, text)
    if not text.strip():
        return
    assert decode(text.encode("utf-8"), Path("x.txt")) == (text, "utf-8")
    assert repair_mojibake(text) == (text, None)


@settings(max_examples=300)
@given(vietnamese_text(LETTERS + PLAIN + list("“”…–%/")))
def test_text_without_three_readable_words_gained_is_left_alone(text):
    fixed, codec = repair_mojibake(text)
    assert codec is None or len(words(fixed)) >= 3


@pytest.mark.parametrize("text", [
    "Café au lait, naïve façade — Zürich, São Paulo.",
    "Giá: 1.500.000đ · Ưu đãi 10%",
    "Các xã, thị trấn",  # only Latin-1 letters, real Vietnamese
    "Tóm tắt: Hà Nội",
])
def test_real_text_with_latin1_letters_is_left_alone(text):
    assert repair_mojibake(text) == (text, None)


def test_a_file_that_is_no_known_encoding_is_a_clear_error():
    with pytest.raises(SourceError, match="does not read as Vietnamese"):
        decode("Grüße aus München, schönes Wetter".encode("latin-1"), Path("x.txt"))


def tcvn3_typed(text: str) -> str:
    """What a .VnTime typist wrote: capital toned vowels as small ones."""
    return as_tcvn3_typist(text)


def mojibake(codec, text: str) -> str:
    return "".join(cp1252_char(b) if b >= 0x80 else chr(b) for b in encode(codec, text))


VARIANTS = {
    "nfd": lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
    "bom-crlf": lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8"),
    "utf-16": lambda t: t.encode("utf-16"),
    "windows-1258": lambda t: encode(WINDOWS_1258, t),
    "vni": lambda t: encode(VNI, t),
    "viscii": lambda t: encode(VISCII, t.replace("…", "...").replace("\xa0", " ")),
    "tcvn3": lambda t: encode(TCVN3, tcvn3_typed(t)),
    "tcvn3-mojibake": lambda t: mojibake(TCVN3, tcvn3_typed(t)).encode("utf-8"),
    "vni-mojibake": lambda t: mojibake(VNI, t).encode("utf-8"),
    "viscii-mojibake": lambda t: mojibake(VISCII, t.replace("…", "...").replace(
        "\xa0", " ")).encode("utf-8"),
}


def seed_article(path: Path):
    [raw] = reader_for(path).read(path, ReadContext())
    return raw.encoding, normalize(raw)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_seed_gives_the_same_article_in_every_encoding(tmp_path, variant):
    _, expected = seed_article(SEED)
    encoding, article = seed_article(write(tmp_path / "seed.txt", VARIANTS[variant](SEED_TEXT)))
    fold = (lambda s: s.lower()) if variant.startswith("tcvn3") else (lambda s: s)
    dots = (lambda s: s.replace("...", "…")) if "viscii" in variant else (lambda s: s)

    def view(a):
        return [fold(dots(x or "")) for x in (
            a.title, str(a.date), a.lead, a.byline,
            *[b.caption for b in a.blocks if isinstance(b, Figure)],
            *[b.text for b in a.blocks if isinstance(b, Paragraph)])]

    assert view(article) == view(expected)
    assert len(article.blocks) == len(expected.blocks)
    assert encoding.startswith(variant.split("-")[0]) or variant in ("nfd", "bom-crlf")


canonical_sentences = st.lists(
    st.tuples(syllables, st.sampled_from(["", "", "", ",", ".", ";", ":", "…", "%"])),
    min_size=1, max_size=30).map(lambda pairs: " ".join(w + p for w, p in pairs))


@settings(max_examples=300)
@given(canonical_sentences)
def test_correct_vietnamese_passes_through_every_pass_unchanged(text):
    from pipeline.normalize import TEXT_PASSES
    from pipeline.normalize.tones import place_tone_marks

    assert decode(text.encode("utf-8"), Path("x.txt")) == (text, "utf-8")
    for name, text_pass in TEXT_PASSES:
        assert text_pass(text) == text, name
    assert place_tone_marks(text, "keep") == text
