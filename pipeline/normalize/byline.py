"""Author names from a byline as printed (`THU CÚC`, `Bài và ảnh: Lệ Thủy`…)."""

from __future__ import annotations

import re

# What precedes the names: "Bài và ảnh:", "Tin, ảnh:", "Nhóm PV:" and so on.
_ROLE = re.compile(
    r"^\s*(?:(?:bài|tin|ảnh|video|clip|nhóm\s+pv|pv|phóng\s+viên|tác\s+giả)"
    r"(?:\s*(?:,|và|&|\+|-)\s*(?:bài|tin|ảnh|video|clip))*)\s*:\s*",
    re.IGNORECASE,
)
_AFFILIATION = re.compile(r"\s*\([^)]*\)")
_SEPARATORS = re.compile(r"\s+[-–—]\s+|\s*[,;/&+]\s*|\s+và\s+", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"^(?:theo|nguồn)\b", re.IGNORECASE)
# Affiliations written after a name ("Thu Cúc - Văn phòng HĐND tỉnh") are not names.
_ORGANISATION = re.compile(
    r"^(?:văn\s+phòng|ban|báo|đài|trung\s+tâm|sở|phòng|ủy\s+ban|uỷ\s+ban|cổng|tạp\s+chí"
    r"|thông\s+tấn|hội|cơ\s+quan)\s+\S", re.IGNORECASE)
_ACRONYM = re.compile(r"\b(?:HĐND|UBND|MTTQ|VP|TTXVN|TTĐT|ĐBQH|BBK)\b", re.IGNORECASE)


def parse_authors(byline: str) -> tuple[str, ...]:
    """Names in reading case, in printed order; an empty tuple if none."""
    text = _AFFILIATION.sub("", _ROLE.sub("", byline))
    names = []
    for part in _SEPARATORS.split(text):
        name = part.strip(" .:-–—")
        if name and not _NOT_A_NAME.match(name) and not _is_organisation(name):
            names.append(reading_case(name))
    return tuple(dict.fromkeys(names))


def reading_case(name: str) -> str:
    """`THU CÚC` → `Thu Cúc`; names already in mixed case stay as written."""
    if name != name.upper():
        return name
    return " ".join(word[:1].upper() + word[1:].lower() for word in name.split())


def _is_organisation(part: str) -> bool:
    """`Văn phòng HĐND tỉnh`, `Báo Bắc Kạn`: an affiliation, not a person."""
    return bool(_ACRONYM.search(part) or _ORGANISATION.match(part))
