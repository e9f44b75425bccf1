"""The portal's boilerplate: lines that are page furniture, not the article.

One table, read top to bottom: each entry names what it removes (the name
shows in `bantin normalize --report`) and a regular expression that must
match the whole line, ignoring case. Users add their own patterns in
`bantin.toml` (`[normalize] boilerplate`). A *trailer* line ("Tin liên
quan", "Tin cùng chuyên mục" …) starts the related-news list at the end of
a page: it and everything after it are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_SEP = r"\s*[|/•·,;–—-]?\s*"

BOILERPLATE: tuple[tuple[str, str], ...] = (
    ("portal block marker", r"PublishingPortal\s*-\s*Block_\S*"),
    ("font-size toolbar", rf"(?:(?:tăng|giảm|thay đổi)\s+cỡ\s+chữ{_SEP})+"),
    ("font-size toolbar", r"(?:xem\s+với\s+)?cỡ\s+chữ\s*:?(?:\s*[-+]?\s*A\s*[-+]?)*"),
    ("font-size toolbar", r"(?:[-+]?\s*A\s*[-+]?\s*){2,3}"),
    ("print, e-mail and share links",
     rf"(?:(?:in\s+(?:bài(?:\s+viết)?|trang)|bản\s+in|gửi\s+(?:e-?mail|bài(?:\s+viết)?"
     rf"(?:\s+qua\s+e-?mail)?|cho\s+bạn\s+bè)|e-?mail|print|chia\s+sẻ(?:\s+bài\s+viết)?"
     rf"(?:\s+qua)?\s*:?|facebook|zalo|twitter|tweet|linkedin|lưu\s+bài(?:\s+viết)?"
     rf"|quay\s+lại|về\s+đầu\s+trang|trở\s+về|đóng\s+cửa\s+sổ|bình\s+luận"
     rf"|lượt\s+xem\s*:?\s*\d*|like|share){_SEP})+"),
    ("breadcrumb", r"(?:trang\s+chủ|home)(?:\s*[>»›/|]\s*[^>»›|]{1,60})+\s*[>»›]?"),
    ("breadcrumb", r"[^>»›\n]{1,40}(?:\s+[>»›]\s+[^>»›\n]{1,40}){2,}"),
)
"""(what it is, full-line pattern) for every kind of portal boilerplate line."""

TRAILERS = (
    r"(?:các\s+)?tin\s+(?:liên\s+quan|cùng\s+chuyên\s+mục|khác|đã\s+đưa|mới(?:\s+nhất)?"
    r"|xem\s+nhiều(?:\s+nhất)?|bài\s+khác)\s*:?",
    r"(?:các\s+)?bài\s+viết\s+(?:liên\s+quan|khác|cùng\s+chuyên\s+mục)\s*:?",
    r"xem\s+thêm\s*:?",
)
"""Full-line headings of the related-news list that ends a portal page."""

INLINE: tuple[tuple[str, str], ...] = (
    ("save-article notice", r"Lưu bài viết thành công\s*Bạn có thể xem lại bài viết đã lưu ở"
                            r"\s*trang\s*Tin bài đã lưu"),
    ("source link placeholder", r"Nguồn\s*:\s*\[\s*Link nguồn\s*\]"),
    ("enlarge-picture marker", r"\s*(?:-\s*)?\d*\s*Nhấn để phóng to ảnh"),
    ("author-page link", r"Xem các bài viết của tác giả"),
)
"""(what it is, pattern) for the site furniture that text exports glue into article lines:
a news site's UI strings, never a phrase an article would print."""

_TABLE = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in BOILERPLATE)
_INLINE = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in INLINE)
_TRAILER = re.compile("|".join(f"(?:{p})" for p in TRAILERS), re.IGNORECASE)


def boilerplate_kind(line: str, extra: Sequence[re.Pattern[str]] = ()) -> str | None:
    """What kind of boilerplate `line` is, or None when it may be article text."""
    text = line.strip()
    if not text:
        return None
    for name, pattern in _TABLE:
        if pattern.fullmatch(text):
            return name
    for pattern in extra:
        if pattern.fullmatch(text):
            return "boilerplate pattern from bantin.toml"
    return None


def strip_inline(line: str) -> tuple[str, list[tuple[str, str]]]:
    """`line` without the UI strings glued into it, and (what, text) for each removed."""
    removed: list[tuple[str, str]] = []
    for name, pattern in _INLINE:
        for match in pattern.finditer(line):
            removed.append((name, match.group().strip()))
        line = pattern.sub(" ", line)
    return (" ".join(line.split()) if removed else line), removed


def is_trailer(line: str) -> bool:
    """True for the heading of a related-news list ("Tin liên quan", "Tin khác" …)."""
    return bool(_TRAILER.fullmatch(line.strip()))
