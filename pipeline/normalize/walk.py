"""Apply a text function to every text field of an article."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..model import Article, Block, Figure, ListBlock


def map_text(article: Article, fn: Callable[[str], str]) -> Article:
    """The article with `fn` applied to each of its texts (None stays None)."""

    def opt(value: str | None) -> str | None:
        return None if value is None else fn(value)

    return replace(
        article,
        title=fn(article.title),
        lead=opt(article.lead),
        byline=opt(article.byline),
        section=opt(article.section),
        slug=article.slug,
        tags=tuple(fn(tag) for tag in article.tags),
        authors=tuple(fn(name) for name in article.authors),
        blocks=tuple(map_block_text(block, fn) for block in article.blocks),
    )


def map_block_text(block: Block, fn: Callable[[str], str]) -> Block:
    """One block with `fn` applied to its texts; an image path is not text."""
    if isinstance(block, Figure):
        return replace(block, alt=_opt(block.alt, fn), caption=_opt(block.caption, fn),
                       credit=_opt(block.credit, fn))
    if isinstance(block, ListBlock):
        return replace(block, items=tuple(fn(item) for item in block.items))
    return replace(block, text=fn(block.text))


def _opt(value: str | None, fn: Callable[[str], str]) -> str | None:
    return None if value is None else fn(value)
