"""Typed article fields from a source's raw metadata (one converter per field)."""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import math
import re
from collections.abc import Callable
from typing import Any

from ..dates import DateProblem, parse_date
from ..errors import SourceError
from ..i18n import _
from ..model import Article
from ..sources.base import RawSource

log = logging.getLogger(__name__)

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


class FieldProblem(ValueError):
    """A metadata value of the wrong type; the message says what was expected."""


def as_text(value: Any) -> str | None:
    """Text; a number as written (the JSON schema allows `"title": 1975`; front matter keeps
    YAML numbers as written, so `010` stays `010`). NaN, infinity, true and false are
    refused: they are mistakes, not words."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return str(value)
        except ValueError:  # beyond Python's digit limit for int → str (4,300 digits)
            raise FieldProblem(_("expected text, got a number thousands of digits long; put the"
                                 " text in quotes")) from None
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise FieldProblem(_("expected text, got a number that cannot be a title or a name"
                             " (infinite or not a number); put the text in quotes"))
    raise FieldProblem(_("expected text, got {kind}").format(kind=_kind(value)))


def as_text_list(value: Any) -> tuple[str, ...]:
    """A list of text; a single string may separate entries with commas. Numbers are taken
    as written (tags: [2022]), as `as_text` takes them; NaN, infinity, true and false not."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part for part in value.split(","))
    if isinstance(value, list):
        try:
            return tuple(as_text(v) or "" for v in value if v is not None)
        except FieldProblem:
            pass
    raise FieldProblem(_("expected a list of text such as [giám sát, kỳ họp]"))


def _kind(value: Any) -> str:
    """What a YAML or JSON value is, in words."""
    if isinstance(value, bool):
        return _("{value} (true or false)").format(value=str(value).lower())
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a table of keys")
    return type(value).__name__


def as_date(value: Any) -> dt.date | None:
    """A date (see `pipeline.dates.parse_date`)."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except DateProblem as exc:
        raise FieldProblem(str(exc)) from None


def as_language(value: Any) -> str:
    """A BCP 47 language tag; `vi` by default."""
    text = as_text(value)
    if text is None:
        return "vi"
    if not _LANGUAGE.match(text.strip()):
        raise FieldProblem(_("{text} is not a language tag such as vi or vi-VN").format(
                               text=repr(text)))
    return text.strip()


FIELDS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "title": ("title", as_text),
    "date": ("date", as_date),
    "lead": ("lead", as_text),
    "place": ("place", as_text),
    "byline": ("byline", as_text),
    "authors": ("authors", as_text_list),
    "section": ("section", as_text),
    "document_type": ("document_type", as_text),
    "document_number": ("document_number", as_text),
    "issuer": ("issuer", as_text),
    "signer": ("signer", as_text),
    "tags": ("tags", as_text_list),
    "slug": ("slug", as_text),
    "language": ("language", as_language),
}
"""Metadata key → (Article field, converter). The spelling of each key is the contract."""


def draft_article(raw: RawSource, *, dated: bool = True) -> Article:
    """An un-normalized Article from raw metadata; `SourceError` for bad values.

    An article without a date gets a warning (it is in no digest); with
    `dated=False` (an editors' note: its file name gives its period) it does not.
    """
    if raw.error is not None:
        raise raw.error
    values: dict[str, Any] = {}
    for key, value in raw.metadata.items():
        if key not in FIELDS:
            guess = difflib.get_close_matches(key, FIELDS, n=1)
            if guess:
                log.warning(_("%s: unknown metadata key %r ignored (did you mean %r?)"),
                            _where(raw, key), key, guess[0])
            else:
                log.warning(_("%s: unknown metadata key %r ignored"), _where(raw, key), key)
            continue
        name, convert = FIELDS[key]
        try:
            values[name] = convert(value)
        except FieldProblem as exc:
            raise SourceError(f"{position_prefix(raw)}{key}: {exc}", path=raw.path,
                              line=raw.lines.get(key)) from None
    title = values.get("title")
    if not title or not title.strip():
        raise SourceError(_("{where}the article has no title; add 'title: …' to its metadata")
                          .format(where=position_prefix(raw)), path=raw.path,
                          line=raw.lines.get("title"))
    if dated and values.get("date") is None:
        log.warning(_("%s: no date found, so the article is in no digest; add its date ('date:"
                      " YYYY-MM-DD' in Markdown or JSON, the page's date line in a copied"
                      " text)"), _where(raw, "date"))
    return Article(
        slug=values.pop("slug", None) or "",
        title=values.pop("title"),
        date=values.pop("date", None),
        source=raw.path,
        encoding=raw.encoding,
        blocks=raw.blocks,
        **values,
    )


def position_prefix(raw: RawSource) -> str:
    """`article 2 of 3: ` for an article of a multi-article file, else nothing."""
    return f"{raw.position}: " if raw.position else ""


def _where(raw: RawSource, key: str) -> str:
    line = raw.lines.get(key)
    where = f"{raw.path}:{line}" if line else str(raw.path)
    return f"{where}: {raw.position}" if raw.position else where
