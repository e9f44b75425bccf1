"""Typographic clean-up that never changes a word.

Only punctuation and the spaces around it move: three dots become an
ellipsis, straight double quotes become the curly quotes Vietnamese print
uses, a spaced hyphen becomes an en dash, and spaces sit where Vietnamese
typesetting puts them. Letters and digits are never touched, so the
official end marks (`/.`, `…/.`, `./.`) survive as written.
"""

from __future__ import annotations

import re

_DOTS = re.compile(r"\.{3,}")
_SPACED_HYPHEN = re.compile(r"(?<=\S )--?(?= \S)")
_SPACE_BEFORE_CLOSING = re.compile(r" +(?=[,;:!?)\]”’.])")
_SPACE_AFTER_OPENING = re.compile(r"(?<=[(\[“]) +")
# "a,b" between letters is a missing space; digits ("1,5") are numbers.
_MISSING_SPACE = re.compile(r"(?<=[^\W\d_][,;])(?=[^\W\d_])")
_OPENING_CONTEXT = re.compile(r"[\s(\[{“‘–—-]")


def use_ellipsis(text: str) -> str:
    """Replace three or more dots by one ellipsis character."""
    return _DOTS.sub("…", text)


def use_en_dash(text: str) -> str:
    """Replace a hyphen with a space on both sides by an en dash."""
    return _SPACED_HYPHEN.sub("–", text)


def curl_double_quotes(text: str) -> str:
    """Turn straight double quotes into “ and ”, by their neighbours."""
    if '"' not in text:
        return text
    out: list[str] = []
    open_pending = False
    for i, char in enumerate(text):
        if char != '"':
            out.append(char)
            if char == "“":
                open_pending = True
            elif char == "”":
                open_pending = False
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opens_before = bool(_OPENING_CONTEXT.fullmatch(before))
        if opens_before and not after.isspace():
            opening = True
        elif not opens_before and (after.isspace() or not after.isalnum()):
            opening = False
        else:
            opening = not open_pending
        out.append("“" if opening else "”")
        open_pending = opening
    return "".join(out)


def tidy_punctuation_spaces(text: str) -> str:
    """No space before closing punctuation or after an opening one; one after a comma."""
    text = _SPACE_BEFORE_CLOSING.sub("", text)
    text = _SPACE_AFTER_OPENING.sub("", text)
    return _MISSING_SPACE.sub(" ", text)
