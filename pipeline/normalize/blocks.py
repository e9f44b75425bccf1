"""Block passes: credits apart from captions, bulleted paragraphs as lists, boilerplate and
empty blocks out."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ..model import ITEM_BLOCKS, Article, Block, Figure, ListBlock, Paragraph
from ..sources.credit import clean_credit, split_credit, trim_caption


def split_figure_credits(article: Article, clean: Callable[[str], str]) -> Article:
    """`… (Ảnh: Thu Cúc)` at the end of a caption becomes the figure's credit.

    `clean` (the text passes) runs again on what the split leaves, since
    cutting a caption can leave a space before punctuation.
    """
    return replace(article, blocks=tuple(_split(block, clean) for block in article.blocks))


def _split(block: Block, clean: Callable[[str], str]) -> Block:
    if not isinstance(block, Figure):
        return block
    if block.credit:
        credit = clean_credit(block.credit)
        caption = trim_caption(block.caption) if credit else block.caption
    elif block.caption:
        caption, credit = split_credit(block.caption)
    else:
        return block
    return replace(block, caption=caption and clean(caption), credit=credit and clean(credit))


def drop_boilerplate(article: Article, patterns: tuple[re.Pattern[str], ...]) -> Article:
    """Drop paragraphs that one of the user's boilerplate patterns matches entirely."""
    if not patterns:
        return article
    kept = tuple(block for block in article.blocks
                 if not (block.kind == "paragraph"
                         and any(p.fullmatch(block.text) for p in patterns)))
    return replace(article, blocks=kept)


def drop_empty_blocks(article: Article) -> Article:
    """Blocks with nothing to print go; a figure keeps as long as it has anything (a page's
    remote picture keeps its description, so the article still says a photo stood there).

    Text without a letter or digit ("|", "* * *", "…") is page debris, not article text.
    """
    kept: list[Block] = []
    for block in article.blocks:
        if isinstance(block, Figure):
            block = replace(block, alt=block.alt or None, caption=block.caption or None,
                            credit=block.credit or None)
            if block.src or block.caption or block.credit or block.alt:
                kept.append(block)  # a picture the source had, even if only its description
        elif isinstance(block, ITEM_BLOCKS):
            items = tuple(item for item in block.items if item)
            if items:
                kept.append(replace(block, items=items))
        elif any(c.isalnum() for c in block.text):  # "|", "* * *": separators, not text
            kept.append(block)
    return replace(article, blocks=tuple(kept))


BULLETS = frozenset("•◦‣▪▫■□◻◼●○◆◇❖➢➤►▸▶⮚⬧⧫✓✔❑❒➔⇨☐☑")
"""Characters that open a list item when a paragraph starts with one (after the symbol
fonts' bullets are mapped: U+F0B7 is •, U+F0A7 ▪, U+F076 ❖, U+F0D8 ➢, U+F0FC ✔). A
dash is not one: "– Đồng chí …" is how Vietnamese prints a line of dialogue or a
clause, and the portal readers already decide their own "- " lists."""


def bullets_to_lists(article: Article) -> Article:
    """Consecutive paragraphs that start with a bullet become one list, bullets removed."""
    if not any(isinstance(b, Paragraph) and b.text[:1] in BULLETS for b in article.blocks):
        return article
    blocks: list[Block] = []
    items: list[str] = []
    for block in (*article.blocks, None):
        item = _bullet_item(block)
        if item is not None:
            items.append(item)
            continue
        if items:
            blocks.append(ListBlock(items=tuple(items)))
            items = []
        if block is not None:
            blocks.append(block)
    return replace(article, blocks=tuple(blocks))


def _bullet_item(block: Block | None) -> str | None:
    """The item's text if `block` is a paragraph opened by a bullet, else None."""
    if not isinstance(block, Paragraph) or block.text[:1] not in BULLETS:
        return None
    rest = block.text[1:].lstrip()
    return rest or None
