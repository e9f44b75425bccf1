"""Whitespace pass: every field is one line with single plain spaces."""

from __future__ import annotations

import re

# \s in Python's re covers ASCII whitespace, NBSP, the Unicode space
# separators, NEL and the line/paragraph separators.
_ANY_SPACE = re.compile(r"\s+")


def collapse_spaces(text: str) -> str:
    """Turn any run of whitespace (NBSP, tabs, line breaks…) into one space; trim."""
    return _ANY_SPACE.sub(" ", text).strip()
