"""Normalized articles written back out: the JSON record and canonical Markdown.

`bantin normalize --json` prints `article_record`s; `--out DIR` writes
`DIR/<slug>.md` with the article's images copied to `DIR/<slug>/`, in the
canonical Markdown form the Markdown reader reads back to the same article.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

import yaml

from .model import (
    Article,
    Block,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Recipients,
    Signature,
)
from .normalize.byline import parse_authors
from .resources import read_image
from .writing import write_atomic

BLOCK_KEYS = ("kind", "text", "caption", "credit", "src", "alt", "level", "items", "ordered")
"""Keys of every block in `--json` output (DESIGN.md, Contracts)."""


def article_record(article: Article) -> dict[str, Any]:
    """The article as the Contracts' JSON object: every key present, null when unknown."""
    return {
        "slug": article.slug,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "lead": article.lead,
        "place": article.place,
        "byline": article.byline,
        "authors": list(article.authors),
        "section": article.section,
        "document_type": article.document_type,
        "document_number": article.document_number,
        "issuer": article.issuer,
        "signer": article.signer,
        "tags": list(article.tags),
        "language": article.language,
        "encoding": article.encoding,
        "source": article.source.as_posix(),
        "blocks": [block_record(block) for block in article.blocks],
    }


def block_record(block: Block) -> dict[str, Any]:
    """One block with every key of `BLOCK_KEYS`; null where the kind has no such value."""
    record: dict[str, Any] = dict.fromkeys(BLOCK_KEYS)
    record["kind"] = block.kind
    if isinstance(block, Figure):
        record.update(src=block.src, alt=block.alt, caption=block.caption,
                      credit=block.credit)
    elif isinstance(block, ListBlock):
        record["items"] = list(block.items)
        record["ordered"] = block.ordered
    elif isinstance(block, Signature | Recipients):
        record["items"] = list(block.items)
    else:
        record["text"] = block.text
        if isinstance(block, Heading):
            record["level"] = block.level
    return record


# ---------------------------------------------------------------- Markdown

_ESCAPE = re.compile(r"([\\`*_\[\]<>!#|~&])")
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=>])")


def escape_markdown(text: str) -> str:
    """`text` so that CommonMark reads it back as exactly this plain text."""
    text = _ESCAPE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def article_markdown(article: Article, images: dict[str, str] | None = None) -> str:
    """The canonical Markdown of an article; `images` maps old to new image paths."""
    images = images or {}
    meta: dict[str, Any] = {"title": article.title, "slug": article.slug}
    if article.date:
        meta["date"] = article.date
    for key in ("lead", "place", "byline", "section", "document_type", "document_number",
                "issuer", "signer"):
        if getattr(article, key):
            meta[key] = getattr(article, key)
    if article.authors and article.authors != parse_authors(article.byline or ""):
        meta["authors"] = list(article.authors)
    if article.tags:
        meta["tags"] = list(article.tags)
    if article.language != "vi":
        meta["language"] = article.language
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000)
    parts: list[str] = []
    alternate = False
    for number, block in enumerate(article.blocks):
        # Two lists in a row would merge into one: the other marker starts a new list.
        follows_list = number > 0 and isinstance(article.blocks[number - 1], ListBlock)
        alternate = follows_list and not alternate
        parts.append(_block_markdown(block, images, alternate))
    body = "\n\n".join(parts)
    return f"---\n{front}---\n\n{body}\n" if body else f"---\n{front}---\n"


def _block_markdown(block: Block, images: dict[str, str], alternate: bool) -> str:
    if isinstance(block, Paragraph):
        return escape_markdown(block.text)
    if isinstance(block, Heading):
        return f"{'#' * block.level} {escape_markdown(block.text)}"
    if isinstance(block, Quote):
        return f"> {escape_markdown(block.text)}"
    if isinstance(block, ListBlock):
        bullet, delimiter = ("*", ")") if alternate else ("-", ".")
        return "\n".join(
            f"{n}{delimiter} {escape_markdown(item)}" if block.ordered
            else f"{bullet} {escape_markdown(item)}"
            for n, item in enumerate(block.items, 1))
    if isinstance(block, Signature | Recipients):
        # A pandoc fenced div: pandoc keeps it as <div class="signature">, bantin reads it back.
        lines = [escape_markdown(item) for item in block.items]
        if isinstance(block, Signature):
            inner = "\\\n".join(lines)  # one paragraph, a hard break after each line
        else:
            inner = "\n".join(f"- {line}" for line in lines)
        return f"::: {block.kind}\n{inner}\n:::"
    assert isinstance(block, Figure)
    src = images.get(block.src, block.src) if block.src else ""
    lines = [f"![{escape_markdown(block.alt or '')}](<{quote(src, safe='/')}>)"]
    caption = escape_markdown(block.caption) if block.caption else ""
    if block.credit:
        caption = f"{caption} (Ảnh: {escape_markdown(block.credit)})".strip()
    if caption:
        lines.append(caption)
    return "\n".join(lines)


def write_markdown(article: Article, out_dir: Path) -> Path:
    """Write `out_dir/<slug>.md` and copy its images to `out_dir/<slug>/`."""
    images: dict[str, str] = {}
    taken: set[str] = set()
    for block in article.blocks:
        if isinstance(block, Figure) and block.src and block.src not in images:
            name = _free_name(PurePosixPath(block.src.split("#")[-1]).name, taken)
            target = out_dir / article.slug / name
            write_atomic(target, read_image(article.source, block.src))
            images[block.src] = f"{article.slug}/{name}"
    path = out_dir / f"{article.slug}.md"
    write_atomic(path, article_markdown(article, images).encode("utf-8"))
    return path


def _free_name(name: str, taken: set[str]) -> str:
    """`name`, or `stem-2.ext`, `stem-3.ext`… when an image of that name is already in."""
    candidate, number = name, 1
    stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix
    while candidate.lower() in taken:
        number += 1
        candidate = f"{stem}-{number}{suffix}"
    taken.add(candidate.lower())
    return candidate
