"""Legacy Vietnamese encodings: TCVN3 (ABC), VNI, VISCII and Windows-1258.

Each is a `Codec` that turns bytes into Unicode (NFC) and back. The tables
are facts about the encodings, checked entry by entry against glibc's iconv
(`VISCII`, `TCVN5712-1`, `CP1258`) in the tests:

- **TCVN3** (TCVN 5712:1993 VN3, the `.VnTime` fonts) is VN1 without the
  capital toned vowels: 0xA1–0xA7 are Ă Â Ê Ô Ơ Ư Đ, 0xA8–0xAE their small
  letters, and the small toned vowels fill 0xB5–0xFE. A capital toned vowel
  was typed as the small one in a capital font (`.VnTimeH`), so it decodes
  lowercase. Other bytes are Windows-1252.
- **VNI** (VNI-Windows, the `VNI-Times` fonts) writes a toned vowel as its
  base letter and one or two Windows-1252 marks: `aù` = á, `aâ` = â,
  `aá` = ấ, `ô` = ơ, `ö` = ư, `ñ` = đ.
- **VISCII** puts all 134 toned letters in one byte each, six of them in
  the C0 control range.
- **Windows-1258** has some precomposed letters and five combining tone
  marks; Python's `cp1258` codec decodes it, NFC composes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cached_property

from ..vietnamese import vietnamese_letters

_CP1252_HOLES = {0x81, 0x8D, 0x8F, 0x90, 0x9D}  # undefined in Windows-1252


def cp1252_char(byte: int) -> str:
    """What a Windows-1252 reader shows for `byte` (its five holes as Latin-1)."""
    if byte in _CP1252_HOLES:
        return chr(byte)
    return bytes([byte]).decode("cp1252")


def cp1252_byte(char: str) -> int | None:
    """The byte a Windows-1252 writer stores for `char`, or None."""
    if len(char) == 1 and 0x80 <= ord(char) <= 0x9F and ord(char) in _CP1252_HOLES:
        return ord(char)
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        return None


_TCVN3_HIGH = (  # bytes 0xA1–0xFF; NUL marks a byte TCVN3 leaves to Windows-1252
    "ĂÂÊÔƠƯĐăâêôơưđ\x00\x00\x00\x00\x00\x00àảãáạ\x00ằẳẵắ\x00\x00"
    "\x00\x00\x00\x00\x00ặầẩẫấậè\x00ẻẽéẹềểễếệìỉ\x00\x00\x00ĩíịò\x00"
    "ỏõóọồổỗốộờởỡớợù\x00ủũúụừửữứựỳỷỹýỵ\x00"
)
_VISCII_CONTROLS = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}
_VISCII_HIGH = (  # bytes 0x80–0xFF
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"
    "ÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯ"
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứÒÓÔạỷừửÙÚỹỵÝỡư"
    "àáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ"
)

# VNI marks, as Windows-1252 characters: (small, capital) for each.
_VNI_TONES = {"\u0301": ("ù", "Ù"), "\u0300": ("ø", "Ø"), "\u0309": ("û", "Û"),
              "\u0303": ("õ", "Õ"), "\u0323": ("ï", "Ï")}
# A circumflex or breve with a tone is one mark: (circumflex, breve) per tone.
_VNI_HAT_TONES = {None: ("â", "ê"), "\u0301": ("á", "é"), "\u0300": ("à", "è"),
                  "\u0309": ("å", "ú"), "\u0303": ("ã", "ü"), "\u0323": ("ä", "ë")}
# Letters VNI writes as one character.
_VNI_SINGLE = {"đ": "ñ", "Đ": "Ñ", "ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö", "ỉ": "æ",
               "Ỉ": "Æ", "ị": "ò", "Ị": "Ò", "ĩ": "ó", "Ĩ": "Ó", "í": "í", "Í": "Í",
               "ì": "ì", "Ì": "Ì", "ỵ": "î", "Ỵ": "Î"}
_TONES = "\u0300\u0301\u0303\u0309\u0323"


@dataclass(frozen=True)
class Codec:
    """A legacy encoding: `decode(bytes) -> str` (NFC), and `convert` for its mojibake."""

    name: str
    """The name recorded in `Article.encoding`."""
    table: tuple[tuple[str, str], ...]
    """(legacy characters as Windows-1252 shows them, Unicode letter), longest first."""
    keeps_cp1252: bool = True
    """False when every byte from 0x80 up is a letter, so Windows-1252's symbols are not."""

    @cached_property
    def _by_first(self) -> dict[str, tuple[tuple[str, str], ...]]:
        grouped: dict[str, list[tuple[str, str]]] = {}
        for legacy, letter in self.table:
            grouped.setdefault(legacy[0], []).append((legacy, letter))
        return {first: tuple(sorted(pairs, key=lambda p: -len(p[0])))
                for first, pairs in grouped.items()}

    def convert(self, surface: str) -> str:
        """Text whose characters are this encoding's bytes as Windows-1252 shows them
        (mojibake, or a legacy font's text in Word) turned into Vietnamese."""
        out: list[str] = []
        position, length = 0, len(surface)
        groups = self._by_first
        while position < length:
            char = surface[position]
            for legacy, letter in groups.get(char, ()):
                if surface.startswith(legacy, position):
                    out.append(letter)
                    position += len(legacy)
                    break
            else:
                out.append(char)
                position += 1
        return unicodedata.normalize("NFC", "".join(out))

    def decode(self, data: bytes) -> str:
        """Bytes in this encoding as Unicode text (NFC)."""
        return self.convert("".join(cp1252_char(b) if b >= 0x80 else chr(b) for b in data))


def _byte_table(pairs: dict[int, str]) -> tuple[tuple[str, str], ...]:
    """A one-byte table as (Windows-1252 surface character, letter) pairs."""
    return tuple((chr(b) if b < 0x80 else cp1252_char(b), letter) for b, letter in pairs.items())


def _vni_table() -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = [(surface, letter) for letter, surface in _VNI_SINGLE.items()]
    for letter in vietnamese_letters():
        if letter in _VNI_SINGLE or letter.lower() in "đ":
            continue
        base, hat, tone = parts(letter)
        capital = letter.isupper()
        if hat is None and tone is None:
            continue  # a plain ASCII vowel
        mark = ""
        if hat in ("\u0302", "\u0306"):  # circumflex, breve
            circumflex, breve = _VNI_HAT_TONES[tone]
            mark = circumflex if hat == "\u0302" else breve
        elif hat == "\u031b":  # horn: ơ, ư as one character, then the tone
            base = _VNI_SINGLE[unicodedata.normalize("NFC", base.lower() + "\u031b")]
            mark = _VNI_TONES[tone][0] if tone else ""
        else:
            assert tone is not None  # no hat here, and letters with neither were skipped
            mark = _VNI_TONES[tone][0]
        if capital:
            base, mark = base.upper(), mark.upper()
        pairs.append((base + mark, letter))
    # Decoding only: some VNI fonts' users typed ỵ as y + dot below.
    return (*pairs, ("yï", "ỵ"), ("YÏ", "Ỵ"))


def parts(letter: str) -> tuple[str, str | None, str | None]:
    """(base letter, vowel mark or None, tone mark or None) of a Vietnamese letter."""
    decomposed = unicodedata.normalize("NFD", letter)
    tone = next((c for c in decomposed if c in _TONES), None)
    hat = next((c for c in decomposed[1:] if c not in _TONES), None)
    return decomposed[0], hat, tone



TCVN3 = Codec(name="tcvn3", table=_byte_table(
    {0xA1 + i: c for i, c in enumerate(_TCVN3_HIGH) if c != "\x00"}))
VISCII = Codec(name="viscii", keeps_cp1252=False, table=_byte_table(
    {**_VISCII_CONTROLS, **{0x80 + i: c for i, c in enumerate(_VISCII_HIGH)}}))
VNI = Codec(name="vni", table=_vni_table())


class _Cp1258(Codec):
    """Windows-1258 through Python's codec, composing to NFC."""

    def decode(self, data: bytes) -> str:
        return unicodedata.normalize("NFC", data.decode("cp1258", errors="strict"))

    def convert(self, surface: str) -> str:
        codes = [cp1252_byte(c) if ord(c) >= 0x80 else ord(c) for c in surface]
        known = [code for code in codes if code is not None]
        if len(known) < len(codes):
            raise ValueError("not Windows-1252 text, so not Windows-1258 mojibake")
        return self.decode(bytes(known))


WINDOWS_1258 = _Cp1258(name="windows-1258", table=())

CODECS: dict[str, Codec] = {c.name: c for c in (TCVN3, VNI, VISCII, WINDOWS_1258)}
"""The legacy encodings by the name recorded in `Article.encoding`."""
