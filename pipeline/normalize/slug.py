"""Slugs: the file-name identity of an article (see DESIGN.md, Contracts)."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import replace

from ..i18n import _
from ..model import Article

log = logging.getLogger(__name__)

MAX_SLUG = 60
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lowercase `[a-z0-9-]`: `đ` becomes `d`, marks drop, at most 60 characters.

    The cut falls at a word boundary unless one word alone is too long.
    """
    text = text.replace("đ", "d").replace("Đ", "d")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    slug = _NOT_SLUG.sub("-", text).strip("-")
    return cut_slug(slug, MAX_SLUG)


def cut_slug(slug: str, limit: int) -> str:
    """Shorten `slug` to `limit` characters, at a hyphen where there is one."""
    if len(slug) <= limit:
        return slug
    if slug[limit] == "-":
        return slug[:limit]
    head = slug[:limit]
    return head.rsplit("-", 1)[0] if "-" in head else head


def with_suffix(slug: str, number: int) -> str:
    """`slug-N`, shortened at a word boundary so the whole stays within 60."""
    suffix = f"-{number}"
    return cut_slug(slug, MAX_SLUG - len(suffix)).rstrip("-") + suffix


def unique_slugs(articles: list[Article]) -> list[Article]:
    """Articles (in sorted-path order) with `-2`, `-3`… added to repeated slugs.

    A warning names both files, so staff can give one article its own title
    or a front-matter `slug`.
    """
    first: dict[str, Article] = {}
    taken = {article.slug for article in articles}
    result = []
    for article in articles:
        if article.slug not in first:
            first[article.slug] = article
            result.append(article)
            continue
        number = 2
        while with_suffix(article.slug, number) in taken:
            number += 1
        slug = with_suffix(article.slug, number)
        taken.add(slug)
        log.warning(_("%s: slug %r is already used by %s; this article becomes %r (give it a"
                      " 'slug:' of its own to choose)"), article.source, article.slug,
                    first[article.slug].source, slug)
        result.append(replace(article, slug=slug))
    return result
