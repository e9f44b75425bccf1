"""Photo credits written at the end of a caption: `… (Ảnh: Thu Cúc)`."""

from __future__ import annotations

import re

_CREDIT = re.compile(
    r"^(?P<caption>.*?)[\s\-–—]*\(?\s*(?:Ảnh|Nguồn\s+ảnh|Ảnh\s+minh\s+họa|Ảnh\s+minh\s+hoạ)"
    r"\s*:\s*(?P<credit>[^()]+?)\s*\)?\s*$",
    re.IGNORECASE | re.DOTALL,
)


def split_credit(caption: str) -> tuple[str | None, str | None]:
    """(caption without the credit, credit name); credit None when there is none."""
    match = _CREDIT.match(caption)
    if not match:
        return caption, None
    rest = match["caption"].strip()
    return (rest or None), match["credit"].strip(" .") or None
