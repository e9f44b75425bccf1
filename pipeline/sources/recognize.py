"""How a portal article's parts look, for readers that only have text to go on.

Each rule is a small predicate over one unit of text (a line or a joined
paragraph); the portal text and HTML readers share them. They encode how
Vietnamese council news is laid out: a date line near the top, the title,
the lead, photo captions standing alone between paragraphs (no closing
punctuation, or a trailing "Ảnh: …" credit), the official end mark `/.`
closing the last paragraph, and a short byline of names below it.
"""

from __future__ import annotations

import re

from ..dates import DateProblem, find_date
from .credit import split_credit

_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật)"
_DATE_WORDS = re.compile(
    rf"{_WEEKDAY}|ngày\s+đăng|đăng\s+ngày|cập\s+nhật(?:\s+lúc)?|ngày\s+cập\s+nhật|lúc|ngày"
    r"|tháng|năm|giờ|(?<=\d)t(?=\d)|\d{1,2}\s*[:hg]\s*\d{2}(?::\d{2})?\s*(?:am|pm|sa|ch)?"
    r"|gmt\s*[+-]?\d*|utc|(?<=\d)z\b"
    r"|\d+|[\s,|/().:+–—-]+",
    re.IGNORECASE,
)
_CLOSING = ".!?…:;”\"'»)]"
_END_MARK = re.compile(r"(?:…|\.\.\.|\.)?/\.\s*$")
_ROLE = re.compile(r"^(?:bài(?:\s*(?:,|và)\s*ảnh)?|tin(?:\s*(?:,|và)\s*ảnh)?|ảnh|nhóm\s+pv"
                   r"|pv|phóng\s+viên|tác\s+giả|thực\s+hiện)\s*:", re.IGNORECASE)
_AFFILIATION = re.compile(r"\s+[-–—]\s+[^.,;:!?]{1,40}$|\s*\([^()]{1,40}\)\s*$")
_NAME_SEPARATORS = re.compile(r"\s*(?:,|&|\+|\bvà\b|\s[-–—]\s)\s*", re.IGNORECASE)
_NUMBERED_HEADING = re.compile(r"^(?:[IVXLC]+|\d{1,2}|[a-zđ])[.)]\s+\S", re.IGNORECASE)
_CAPTION_CUES = re.compile(
    r"quang\s+cảnh|toàn\s+cảnh|phát\s+biểu|khảo\s+sát|kiểm\s+tra|làm\s+việc|tiếp\s+xúc"
    r"|trao\s+(?:tặng|quà|quyết\s+định)|tặng\s+quà|thăm|biểu\s+quyết|chủ\s+trì|chụp\s+ảnh"
    r"|tham\s+quan|dự\s+(?:hội\s+nghị|kỳ\s+họp)|giám\s+sát|ấn\s+nút",
    re.IGNORECASE,
)


_PLACE = re.compile(r"^[^\W\d_][^,\d]{0,40},\s*(?=ngày\s)", re.IGNORECASE)


def is_date_line(text: str) -> bool:
    """A line that only says when the article was published (`Thứ Sáu, 09/12/2022 - 15:42`,
    `Bắc Kạn, ngày 17 tháng 11 năm 2022`)."""
    text = _PLACE.sub("", text.strip())
    if len(text) > 80:
        return False
    try:
        if find_date(text) is None:
            return False
    except DateProblem:
        return True  # an impossible date is still a date line: its error names the line
    return not _DATE_WORDS.sub("", text).strip()


def ends_sentence(text: str) -> bool:
    """True when the text ends with closing punctuation (or the official end mark)."""
    return bool(text) and (text[-1] in _CLOSING or bool(_END_MARK.search(text)))


def has_end_mark(text: str) -> bool:
    """True for the official end mark of Vietnamese news: `/.`, `…/.`, `./.`."""
    return bool(_END_MARK.search(text))


OUTLETS = frozenset(
    _word.casefold() for _word in (
        "TTXVN", "VNA", "TTXVN/VNA", "Tin Tức", "Tin tức", "Báo Tin tức", "Báo Tin Tức", "VOV",
        "VOV.VN", "VTV", "VTC", "VTC News", "Vietnam+", "VietnamPlus", "Nhân Dân", "Báo Nhân Dân",
        "QĐND", "Quân đội nhân dân", "CAND", "Công an nhân dân", "Lao Động", "Tuổi Trẻ",
        "Thanh Niên", "Tiền Phong", "Dân trí", "Dân Trí", "VnExpress", "Zing", "Znews",
        "VietNamNet", "Vietnamnet", "Báo Chính phủ", "Chinhphu.vn", "baochinhphu.vn", "PLO",
        "Pháp Luật", "SGGP", "Sài Gòn Giải Phóng", "Người Lao Động", "NLĐ", "Reuters", "AFP",
        "AP", "Xinhua", "EPA", "Bloomberg", "CNN", "BBC", "Kyodo", "Yonhap", "Sputnik", "RT"))
"""News outlets and agencies: a byline made only of these names an outlet, not an author
("TTXVN/Tin Tức"); after a slash they say whom the author writes for ("Minh Phương/Báo Tin
tức")."""


def is_outlet(text: str) -> bool:
    """True when `text` names only outlets (`TTXVN/Tin Tức`, `VOV`), no author."""
    text = re.sub(r"^theo\s+", "", text.strip(), flags=re.IGNORECASE)
    parts = [p.strip(" ().-–") for p in re.split(r"[/,]", text) if p.strip(" ().-–")]
    return bool(parts) and all(p.casefold() in OUTLETS for p in parts)


def looks_like_byline(text: str) -> bool:
    """A short line of names: `Thu Cúc`, `MINH ĐỨC`, `Bài và ảnh: Lệ Thủy`, `Thu Hà - VP HĐND`,
    `Minh Phương/Báo Tin tức` (names, then the outlet they write for); never outlets alone."""
    text = text.strip()
    if not text or len(text) > 90 or has_end_mark(text) or text[-1] in "!?:;,":
        return False
    if is_outlet(text):
        return False
    if _ROLE.match(text):
        return len(text.split()) <= 16
    names, slash, outlet = text.partition("/")
    if slash and names.strip() and outlet.strip()[:1].isupper() and len(outlet.split()) <= 6:
        text = names  # what follows the slash is the outlet, in its own spelling
    names = _AFFILIATION.sub("", text).strip(" .")
    parts = [p for p in _NAME_SEPARATORS.split(names) if p]
    return bool(parts) and len(parts) <= 4 and all(_is_name(p) for p in parts)


def _is_name(part: str) -> bool:
    words = part.replace(".", ". ").split()
    return 1 <= len(words) <= 5 and all(
        word[0].isupper() and not any(c.isdigit() for c in word) for word in words)


def looks_like_caption(text: str, before: str | None = None, after: str | None = None) -> bool:
    """A photo caption standing alone between paragraphs.

    Either it ends with a photo credit (`… (Ảnh: Thu Cúc)`), or it is short
    and has no closing punctuation, or it is one short sentence ending in a
    period that describes a scene and is shorter than both neighbours.
    """
    text = text.strip()
    words = len(text.split())
    if words < 3 or len(text) > 320:
        return False
    if split_credit(text)[1] is not None:
        return True
    if has_end_mark(text) or looks_like_byline(text):
        return False
    if not ends_sentence(text):
        return len(text) <= 250
    one_sentence = text.endswith(".") and not re.search(r"[.!?…]\s+\S", text[:-1])
    shorter = all(other is not None and len(other) > len(text) for other in (before, after))
    return one_sentence and len(text) <= 160 and shorter and bool(_CAPTION_CUES.search(text))


def looks_like_heading(text: str) -> bool:
    """A subheading in plain text: numbered (`1. Về …`, `II. …`) or in capitals, short."""
    text = text.strip()
    words = len(text.split())
    if words > 14 or text.endswith((",", ";")):
        return False
    if _NUMBERED_HEADING.match(text):
        return True
    letters = [c for c in text if c.isalpha()]
    return (words >= 2 and not text.endswith((".", ":")) and bool(letters)
            and all(c.isupper() for c in letters))


def standalone_credit(text: str) -> str | None:
    """The name in a line that is only a photo credit (`Ảnh: Minh Đức`), else None."""
    caption, credit = split_credit(text.strip())
    return credit if caption is None else None
