"""Photo credits written at the end of a caption: `… (Ảnh: Thu Cúc)`."""

from __future__ import annotations

import re

# The credit may not itself contain "Ảnh:", so the last one in a caption is
# the credit even when the caption mentions a photo.
_NO_LABEL = r"(?!ảnh\s*:)"
_CREDIT = re.compile(
    r"^(?P<caption>.*?)[\s\-–—]*\(?\s*(?<![^\W_])(?<!hình\s)"
    r"(?:Nguồn\s+ảnh|Ảnh\s+minh\s+họa|Ảnh\s+minh\s+hoạ|Ảnh)\s*:\s*"
    rf"(?P<credit>(?:{_NO_LABEL}[^()]|\((?:{_NO_LABEL}[^()])*\))+?)\s*\)?\s*\.?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_CREDIT_EDGES = " .,;:-–—"


def split_credit(caption: str) -> tuple[str | None, str | None]:
    """(caption without the credit, credit name); credit None when there is none."""
    match = _CREDIT.match(caption)
    if not match:
        return caption, None
    credit = clean_credit(match["credit"])
    if credit is None:
        return caption, None
    return trim_caption(match["caption"]), credit


def clean_credit(credit: str) -> str | None:
    """A credit without edge punctuation, its parentheses balanced or dropped."""
    if credit.count("(") != credit.count(")") or re.search(r"\)[^(]*\(", credit):
        credit = credit.replace("(", " ").replace(")", " ")
    credit = " ".join(credit.split()).strip(_CREDIT_EDGES)
    return credit or None


def trim_caption(caption: str | None) -> str | None:
    """A caption that stands before a credit, without a dangling dash or space."""
    return (caption or "").rstrip(" -–—") or None
