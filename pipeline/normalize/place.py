"""The place a story was filed from, stamped at the start of its lead: `Hà Nội – Sáng nay …`.

News agencies and many papers open the lead with the place and a dash;
copied text often glues it on without a space (`Hà NộiÔng Trương …`). The
stamp becomes the article's `place` (printed in the dateline) and the lead
starts with its first word. A lead with no lead of its own gives up its first
paragraph's stamp instead. An outlet's stamp in brackets ("(Dân trí) –") is
part of the lead as printed and stays.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Article, Paragraph

_CAPITALS = re.compile(r"^(?P<place>[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ. ]{1,30}?)\s*[–—-]\s+(?=[^\W\d_])")
"""A stamp in capitals: `HÀ NỘI – `, `WASHINGTON – ` (a name in capitals then a dash)."""
PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn",
    "Bắc Ninh", "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau",
    "Cao Bằng", "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai",
    "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An",
    "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam",
    "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
    "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Huế", "Tiền Giang", "TP.HCM", "TPHCM",
    "TP Hồ Chí Minh", "TP. Hồ Chí Minh", "Trà Vinh", "Tuyên Quang", "Vĩnh Long",
    "Vĩnh Phúc", "Yên Bái")
"""Vietnam's provinces and centrally run cities, as stamps spell them (for glued stamps,
which only a known name can be told apart from the sentence after it)."""
_KNOWN = re.compile(
    "^(?P<place>" + "|".join(re.escape(p) for p in sorted(PROVINCES, key=len, reverse=True))
    + r")(?:\s*[–—-]\s+(?=[^\W\d_])|(?=[A-ZĐÀ-Ỹ][a-zđà-ỹ]))")
"""A province's name then a dash, or glued to the next sentence (`Hà NộiÔng …`)."""


def split_place(text: str) -> tuple[str | None, str]:
    """(the place stamp, the text after it), or (None, text) when it starts with none.

    Only a province's name or a name in capitals counts: "Ông Tống Anh Linh – Giám đốc
    …" starts with a person, and "Bà Rịa - Vũng Tàu sẽ …" with a province that has a
    dash in its name."""
    match = _KNOWN.match(text)
    if match is None and not any(text.startswith(p) for p in PROVINCES):
        match = _CAPITALS.match(text)
        if match is not None and match["place"] != match["place"].upper():
            match = None  # the class also holds lowercase accented letters
    if match is None:
        return None, text
    return match["place"].strip(), text[match.end():].lstrip()


def take_place(article: Article) -> Article:
    """The article with the stamp at the start of its lead (or first paragraph) as `place`."""
    if article.place:
        return article
    if article.lead:
        place, rest = split_place(article.lead)
        if place and rest:
            return replace(article, place=place, lead=rest)
        return article
    if article.blocks and isinstance(article.blocks[0], Paragraph):
        place, rest = split_place(article.blocks[0].text)
        if place and rest:
            first = replace(article.blocks[0], text=rest)
            return replace(article, place=place, blocks=(first, *article.blocks[1:]))
    return article
