"""Apply a text function to every text field of an article."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ..model import ITEM_BLOCKS, Article, Block, Figure


def map_text(article: Article, fn: Callable[[str], str]) -> Article:
    """The article with `fn` applied to each of its texts (None stays None)."""

    def opt(value: str | None) -> str | None:
        return None if value is None else fn(value)

    return replace(
        article,
        title=fn(article.title),
        lead=opt(article.lead),
        place=opt(article.place),
        byline=opt(article.byline),
        section=opt(article.section),
        document_type=opt(article.document_type),
        document_number=opt(article.document_number),
        issuer=opt(article.issuer),
        signer=opt(article.signer),
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
    if isinstance(block, ITEM_BLOCKS):
        return replace(block, items=tuple(fn(item) for item in block.items))
    return replace(block, text=fn(block.text))


def _opt(value: str | None, fn: Callable[[str], str]) -> str | None:
    return None if value is None else fn(value)


def texts_of(article: Article) -> list[str | None]:
    """Every text of an article in a fixed order (None where a field is empty)."""
    texts: list[str | None] = [article.title, article.lead, article.place, article.byline,
                               article.section, article.document_type,
                               article.document_number, article.issuer, article.signer,
                               *article.tags, *article.authors]
    for block in article.blocks:
        texts += block_texts(block)
    return texts


def labelled_texts(article: Article) -> list[tuple[str, str]]:
    """Every non-empty text of an article with where it is (`title`, `paragraph 3`, `tag 2`)."""
    found = [(name, text) for name, text in (("title", article.title), ("lead", article.lead),
                                             ("byline", article.byline),
                                             ("section", article.section),
                                             ("document type", article.document_type),
                                             ("document number", article.document_number),
                                             ("issuer", article.issuer),
                                             ("signer", article.signer)) if text]
    found += [(f"tag {i}", tag) for i, tag in enumerate(article.tags, 1) if tag]
    found += [(f"author {i}", name) for i, name in enumerate(article.authors, 1) if name]
    for number, block in enumerate(article.blocks, 1):
        found += [(f"{block.kind} {number}", text) for text in block_texts(block) if text]
    return found


def characters(article: Article) -> int:
    """How many characters of text an article has (what its layout time grows with)."""
    return sum(len(text) for text in texts_of(article) if text)


def block_texts(block: Block) -> list[str | None]:
    """Every text of one block in a fixed order (None where a field is empty)."""
    if isinstance(block, Figure):
        return [block.alt, block.caption, block.credit]
    if isinstance(block, ITEM_BLOCKS):
        return list(block.items)
    return [block.text]


def describe_change(name: str, before: Article, after: Article) -> str | None:
    """One line saying what a pass changed, with the first example; None if nothing."""
    if before == after:
        return None
    if len(before.blocks) != len(after.blocks):
        dropped = len(before.blocks) - len(after.blocks)
        if dropped > 0 and all(block in before.blocks for block in after.blocks):
            return f"{name}: {dropped} block(s) dropped"
        return f"{name}: {len(before.blocks)} block(s) became {len(after.blocks)}"
    old, new = texts_of(before), texts_of(after)
    if len(old) != len(new):
        return f"{name}: fields changed"
    pairs = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    if not pairs:
        return None
    first_old, first_new = pairs[0]
    return f"{name}: {len(pairs)} text(s), e.g. {_excerpt(first_old, first_new)}"


_VISIBLE = str.maketrans({"\u00a0": "⍽", "\t": "⇥", "\n": "↵", "\r": "↵", "\u00ad": "[SHY]",
                          "\u200b": "[ZWSP]", "\ufeff": "[BOM]"})


_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
"""Private-use characters, shown by their code: no font draws them."""


def _excerpt(old: str | None, new: str | None, width: int = 24) -> str:
    """`«…old…» → «…new…»` around the first difference."""
    old, new = old or "", new or ""
    start = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
                 min(len(old), len(new)))
    tail = 0
    while (tail < len(old) - start and tail < len(new) - start
           and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]):
        tail += 1
    lo = max(0, start - width)

    def cut(text: str) -> str:
        end = min(len(text), len(text) - tail + width, lo + 3 * width)
        shown = _PRIVATE.sub(lambda m: f"[U+{ord(m[0]):04X}]", text[lo:end].translate(_VISIBLE))
        return ("…" if lo else "") + shown + ("…" if end < len(text) else "")

    return f"«{cut(old)}» → «{cut(new)}»"
