"""Normalization: a raw source becomes a canonical, frozen `Article`.

The passes below run in order; each is a small pure function and the list
reads as the specification of what "normalized" means. Text passes apply to
every text field of the article (title, lead, byline, section, tags, and
every block's text, caption, credit, alt text and list items).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from dataclasses import fields as fields_of

from ..errors import SourceError
from ..i18n import _
from ..model import Article
from ..sources.base import RawSource
from . import blocks, typography, unicode
from .byline import parse_authors
from .fields import draft_article, position_prefix
from .place import take_place
from .slug import slugify
from .spaces import collapse_spaces
from .tones import place_tone_marks
from .walk import describe_change, map_text

TextPass = Callable[[str], str]
ArticlePass = Callable[[Article], Article]


@dataclass(frozen=True, kw_only=True, slots=True)
class Options:
    """What the user may choose about normalization (`[normalize]` in bantin.toml)."""

    tone_marks: str = "keep"
    """keep, old (hòa, thủy) or new (hoà, thuỷ)."""
    boilerplate: tuple[str, ...] = ()
    """Regular expressions; a paragraph matching one entirely is dropped."""


TEXT_PASSES: tuple[tuple[str, TextPass], ...] = (
    ("remove forbidden characters", unicode.remove_forbidden_characters),
    ("restore TCVN3 letters a PDF replaced", unicode.restore_legacy_stand_ins),
    ("remove invisible characters", unicode.remove_invisible_characters),
    ("compose NFC", unicode.compose_nfc),
    ("collapse spaces", collapse_spaces),
    ("use ellipsis", typography.use_ellipsis),
    ("use en dash", typography.use_en_dash),
    ("curl double quotes", typography.curl_double_quotes),
    ("tidy punctuation spaces", typography.tidy_punctuation_spaces),
)
"""Character and typography passes, applied to every text field in this order."""


def article_passes(options: Options) -> tuple[tuple[str, ArticlePass], ...]:
    """The article passes in order, with the user's options bound in."""
    patterns = tuple(re.compile(p) for p in options.boilerplate)
    text_passes = tuple((name, functools.partial(map_text, fn=fn)) for name, fn in TEXT_PASSES)
    return (
        ("map symbol-font characters", unicode.map_symbol_fonts),
        *text_passes,
        ("bullets to lists", blocks.bullets_to_lists),
        ("split photo credits", functools.partial(blocks.split_figure_credits,
                                                  clean=clean_text)),
        ("place tone marks", functools.partial(
            map_text, fn=functools.partial(place_tone_marks, style=options.tone_marks))),
        ("drop boilerplate", functools.partial(blocks.drop_boilerplate, patterns=patterns)),
        ("drop empty blocks", blocks.drop_empty_blocks),
        ("drop empty fields", drop_empty_fields),
        ("take the place stamp", take_place),
        ("derive authors", derive_authors),
        ("make slug", make_slug),
        ("hash content", hash_content),
    )


def clean_text(text: str) -> str:
    """Every text pass, in order."""
    for _name, text_pass in TEXT_PASSES:
        text = text_pass(text)
    return text


def normalize(raw: RawSource, options: Options | None = None,
              changes: list[str] | None = None, *, dated: bool = True) -> Article:
    """The canonical article of one raw source; `SourceError` for bad metadata.

    With a `changes` list, one line per pass that changed something is
    appended to it (for `bantin normalize --report`). `dated=False` for a
    text that needs no date (an editors' note): no warning that it has none.
    """
    article = draft_article(raw, dated=dated)
    for name, article_pass in article_passes(options or Options()):
        result = article_pass(article)
        if changes is not None and name not in _QUIET_PASSES:
            change = describe_change(name, article, result)
            if change:
                changes.append(change)
        article = result
    if not article.title:
        raise SourceError(_("{where}the title is empty once control and invisible"
                            " characters are removed; give the article a title in words").format(
                              where=position_prefix(raw)),
                          path=raw.path, line=raw.lines.get("title"))
    return article


_QUIET_PASSES = frozenset({"make slug", "hash content", "derive authors"})
"""Passes whose effect is the point, not a change to report."""


def drop_empty_fields(article: Article) -> Article:
    """Empty optional text becomes None; empty tags disappear."""
    return replace(
        article,
        lead=article.lead or None,
        place=article.place or None,
        byline=article.byline or None,
        section=article.section or None,
        tags=tuple(dict.fromkeys(tag for tag in article.tags if tag)),
        authors=tuple(dict.fromkeys(name for name in article.authors if name)),
    )


def derive_authors(article: Article) -> Article:
    """Author names from the byline, unless the source listed them."""
    if article.authors or not article.byline:
        return article
    return replace(article, authors=parse_authors(article.byline))


def make_slug(article: Article) -> Article:
    """The slug from the front matter (made safe) or from the title."""
    own = unicode.restore_legacy_stand_ins(article.slug) if article.slug else ""
    slug = slugify(own or article.title) or slugify(article.title) or "bai-viet"
    return replace(article, slug=slug)


_NOT_CONTENT = frozenset({"source", "encoding", "slug", "content_hash", "blocks"})


def hash_content(article: Article) -> Article:
    """SHA-256 of what the article says: its fields and blocks, not its file or slug."""
    record: dict[str, object] = {f.name: getattr(article, f.name) for f in fields_of(article)
                                 if f.name not in _NOT_CONTENT}
    record["blocks"] = [{"kind": block.kind, **asdict(block)} for block in article.blocks]
    data = json.dumps(record, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    return replace(article, content_hash=hashlib.sha256(data).hexdigest())


__all__ = ["TEXT_PASSES", "Options", "article_passes", "clean_text", "normalize"]
