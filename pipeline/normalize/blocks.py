"""Block passes: credits apart from captions, boilerplate and empty blocks out."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ..model import Article, Block, Figure, ListBlock
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
        elif isinstance(block, ListBlock):
            items = tuple(item for item in block.items if item)
            if items:
                kept.append(replace(block, items=items))
        elif any(c.isalnum() for c in block.text):  # "|", "* * *": separators, not text
            kept.append(block)
    return replace(article, blocks=tuple(kept))
