"""JSON sources: one article object, or a list of them (schemas/article.schema.json)."""

from __future__ import annotations

import json
import logging
import math
import re
from pathlib import Path
from typing import Any

from ..errors import SourceError
from ..i18n import _
from ..model import (
    BLOCK_KINDS,
    Block,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Recipients,
    Signature,
)
from .base import RawSource, ReadContext, Reader
from .images import resolve_image
from .markdown import parse_body

log = logging.getLogger(__name__)

_BLOCK_KEYS = {"kind", "text", "caption", "credit", "src", "alt", "level", "items", "ordered"}
_ALIASES = {
    "headline": "title", "tieu_de": "title",
    "published_at": "date", "publishedAt": "date", "published": "date",
    "publish_date": "date", "pubDate": "date", "datePublished": "date",
    "date_published": "date", "created_at": "date", "ngay_dang": "date",
    "description": "lead", "summary": "lead", "sapo": "lead", "tom_tat": "lead",
    "author": "byline", "tac_gia": "byline",
    "category": "section", "category.primary": "section", "chuyen_muc": "section",
}
"""What crawlers, feeds and CMS exports call our keys; ours win where both are given."""
_TEXT_BODIES = ("content.text", "content", "text", "noi_dung", "fulltext", "full_text",
                "article_text", "body_text")
"""Keys under which an export keeps the body as plain text, one paragraph per line."""
_PROVENANCE = frozenset({"id", "_id", "guid", "url", "link", "source", "source.name",
                         "source_url", "crawled_at", "fetched_at"})
"""An export's record keys that say where it came from, not what the article is: read past
without a warning."""


class JsonReader(Reader):
    """Reads `.json` files holding one article or a list of articles."""

    name = "JSON"
    extensions = (".json",)

    def parse(self, text: str, *, encoding: str, path: Path,
              context: ReadContext) -> list[RawSource]:
        try:
            data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite,
                              parse_int=_whole)
        except _NotANumber as exc:
            shown = exc.word if len(exc.word) <= 20 else f"{exc.word[:12]}… ({len(exc.word):,}"\
                " characters)"
            what = (_("{value} is not a value JSON allows (numbers are written in digits,"
                      " text in quotes)") if exc.word.lstrip("-") in ("NaN", "Infinity") else
                    _("the number {value} is too large to be a value here")).format(value=shown)
            raise SourceError(_("{what}; fix it there").format(what=what), path=path,
                              line=_line_of(text, exc.word)) from None
        except RecursionError:
            raise SourceError(_("the JSON is nested too deeply to be an article (objects or"
                                " lists inside each other hundreds of times); check the file"),
                              path=path) from None
        except json.JSONDecodeError as exc:
            raise SourceError(_("not valid JSON: {msg} (column {colno}); fix the syntax there"
                                " (a missing comma or quote is the usual cause)").format(
                                  msg=exc.msg, colno=exc.colno),
                              path=path, line=exc.lineno) from None
        items = data if isinstance(data, list) else [data]
        if not items:
            raise SourceError(_("the JSON list holds no article; add an article object or"
                                " remove the file"), path=path)
        sources = []
        for number, item in enumerate(items, 1):
            position = f"article {number} of {len(items)}" if isinstance(data, list) else None
            try:
                sources.append(_article(item, path, context, position, encoding))
            except SourceError as error:
                if position is None:
                    raise
                # One broken article of a list fails alone; its neighbours are still read.
                sources.append(RawSource(path=path, encoding=encoding, metadata={}, blocks=(),
                                         position=position, error=error))
        return sources


class _NotANumber(ValueError):
    """NaN, Infinity or -Infinity (Python's json reads them; JSON does not allow them), or a
    number too large to be one."""

    def __init__(self, word: str) -> None:
        super().__init__(word)
        self.word = word


def _refuse_constant(word: str) -> Any:
    raise _NotANumber(word)


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # more digits than Python converts (4,300)
        raise _NotANumber(text) from None


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e5000
        raise _NotANumber(text)
    return value


_STRING_OR_WORD = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN|-?\d[\d.eE+-]*)')


def _line_of(text: str, word: str) -> int | None:
    """The line of the first `word` outside a string (the text before it parsed as JSON)."""
    for match in _STRING_OR_WORD.finditer(text):
        if match[1] == word:
            return text.count("\n", 0, match.start()) + 1
    return None


def _article(item: Any, path: Path, context: ReadContext, position: str | None,
             encoding: str) -> RawSource:
    where = f"{position}: " if position else ""
    if not isinstance(item, dict):
        raise SourceError(_("{where}expected an article object {{\"title\": …}}, got"
                            " {error_type}").format(
                              where=where, error_type=type(item).__name__), path=path)
    item = _with_our_keys(item)
    metadata = {k: v for k, v in item.items() if k not in ("blocks", "body", "_text")}
    if "blocks" in item and "body" in item:
        raise SourceError(_("{where}give either 'blocks' or 'body', not both").format(
                              where=where), path=path)
    if "_text" in item and "blocks" not in item and "body" not in item:
        blocks: list[Block] = [Paragraph(text=line.strip())
                               for line in item["_text"].splitlines() if line.strip()]
    elif "body" in item:
        if not isinstance(item["body"], str):
            raise SourceError(_("{where}'body' must be Markdown text").format(
                                  where=where), path=path)
        blocks = parse_body(item["body"], path=path, context=context)
    else:
        raw_blocks = item.get("blocks", [])
        if not isinstance(raw_blocks, list):
            raise SourceError(_("{where}'blocks' must be a list of block objects").format(
                                  where=where), path=path)
        blocks = [_block(raw, f"{where}blocks[{i}]", path, context)
                  for i, raw in enumerate(raw_blocks)]
    return RawSource(path=path, encoding=encoding, metadata=metadata, blocks=tuple(blocks),
                     position=position)


def _with_our_keys(item: dict[str, Any]) -> dict[str, Any]:
    """An export's record with its keys renamed to ours (an empty value counts as absent)
    and its plain-text body under `_text`."""
    renamed: dict[str, Any] = {}
    for key, value in item.items():
        if key in _PROVENANCE:
            continue
        ours = _ALIASES.get(key)
        if ours is None or ours in item:
            if key not in _TEXT_BODIES:
                renamed[key] = value
            continue
        if value not in ("", None) and ours not in renamed:
            renamed[ours] = value
    body = next((item[k] for k in _TEXT_BODIES if isinstance(item.get(k), str)), None)
    if body is not None and "body" not in item and "blocks" not in item:
        renamed["_text"] = body
    return renamed


def _block(raw: Any, where: str, path: Path, context: ReadContext) -> Block:
    if not isinstance(raw, dict):
        raise SourceError(_("{where}: a block must be an object with a 'kind'").format(
                              where=where), path=path)
    kind = raw.get("kind")
    if kind not in BLOCK_KINDS:
        known = ", ".join(BLOCK_KINDS)
        raise SourceError(_("{where}: unknown block kind {kind}; use one of {known}").format(
                              where=where, kind=repr(kind), known=known),
                          path=path)
    for key in sorted(set(raw) - _BLOCK_KEYS):
        log.warning(_("%s: %s: unknown key %r ignored"), path, where, key)

    def text(key: str, *, required: bool = False) -> str | None:
        value = raw.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str):
            raise SourceError(_("{where}: {kind} needs {key} as text").format(
                                  where=where, kind=kind, key=repr(key)), path=path)
        return value

    if kind == "paragraph":
        return Paragraph(text=text("text", required=True) or "")
    if kind == "quote":
        return Quote(text=text("text", required=True) or "")
    if kind == "heading":
        level = raw.get("level", 2)
        if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 6:
            raise SourceError(_("{where}: heading 'level' must be a whole number 2–6").format(
                                  where=where),
                              path=path)
        return Heading(text=text("text", required=True) or "", level=max(2, level))
    if kind in ("list", "signature", "recipients"):
        items = raw.get("items")
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise SourceError(_("{where}: {kind} needs 'items' as a list of text").format(
                                  where=where, kind=kind), path=path)
        if kind == "signature":
            return Signature(items=tuple(items))
        if kind == "recipients":
            return Recipients(items=tuple(items))
        return ListBlock(items=tuple(items), ordered=bool(raw.get("ordered", False)))
    return Figure(src=resolve_image(text("src"), path, context), alt=text("alt"),
                  caption=text("caption"), credit=text("credit"))


