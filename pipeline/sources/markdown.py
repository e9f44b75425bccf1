"""Markdown with YAML front matter: the canonical source format.

A figure is a paragraph that starts with one image; the rest of that
paragraph (the next line) is its caption, ending with the credit as
`(Ảnh: Name)`. See docs/sources.md for the whole format.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from ..errors import SourceError
from ..i18n import _
from ..model import Block, Figure, Heading, ListBlock, Paragraph, Quote, Recipients, Signature
from .base import RawSource, ReadContext, Reader
from .decode import remove_forbidden_characters
from .fragments import dropped_markup, fragment_blocks, inline_text
from .images import resolve_image

log = logging.getLogger(__name__)
_FENCE = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n")
_DIV = re.compile(r"^ {0,3}(:{3,})[ \t]*\{?[ \t]*\.?(signature|recipients)[ \t]*\}?[ \t]*\r?\n"
                  r"(.*?)^ {0,3}\1[ \t]*$", re.MULTILINE | re.DOTALL)
"""A pandoc fenced div holding an administrative document's signature block or its
recipients: `::: signature` … `:::` (also `::: {.signature}`)."""


class _Parser(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        # markdown-it turns links it deems unsafe (file:, most data:) back into text;
        # we want them as images so `resolve_image` refuses them with a warning.
        return True


_PARSER = _Parser("commonmark", {"html": True})


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, except that dates and numbers stay text as written: bantin's own
    date reader then says what is wrong with an impossible one (`2022-02-30`) instead of
    failing inside YAML."""


def _as_written(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    assert isinstance(node, yaml.ScalarNode)
    return loader.construct_scalar(node)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _as_written)
# Numbers stay as written too: `title: 1975` is the text 1975, `010` is not 8, `.nan` is
# not a float, and a 5,000-digit number costs nothing.
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:int", _as_written)
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:float", _as_written)


class MarkdownReader(Reader):
    """Reads `.md` files: YAML front matter, then a CommonMark body."""

    name = "Markdown"
    extensions = (".md", ".markdown")

    def parse(self, text: str, *, encoding: str, path: Path,
              context: ReadContext) -> list[RawSource]:
        metadata, lines, body, offset = split_front_matter(text, path)
        blocks = parse_body(body, path=path, context=context)
        if "title" not in metadata and blocks and isinstance(blocks[0], Heading):
            # A document that opens with "# Title" and no title in front matter.
            metadata = {**metadata, "title": blocks[0].text}
            lines = {**lines, "title": offset + 1}
            blocks = blocks[1:]
        return [RawSource(path=path, encoding=encoding, metadata=metadata,
                          blocks=tuple(blocks), lines=lines)]


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], dict[str, int], str, int]:
    """(metadata, line of each key, body, lines before the body)."""
    if not _FENCE.match(text):
        return {}, {}, text, 0
    rows = text.splitlines(keepends=True)
    close = next((i for i, row in enumerate(rows[1:], 1)
                  if row.rstrip() in ("---", "...", "+++")), None)
    if close is None:
        raise SourceError(_("the front matter opened with '---' is never closed; add a line"
                            " '---' after the last metadata line"), path=path, line=1)
    # YAML refuses control characters and lone surrogates outright; normalization
    # removes them from the text anyway, so they do not sink the whole article.
    yaml_text = remove_forbidden_characters("".join(rows[1:close]))
    try:
        node = yaml.compose(yaml_text, Loader=_FrontMatterLoader)
        metadata = yaml.load(yaml_text, Loader=_FrontMatterLoader)  # a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(_("the front matter is not valid YAML ({problem}); fix that line"
                            " (quote text that contains ':' or '#')").format(
                              problem=problem), path=path,
                          line=line) from None
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise SourceError(_("the front matter must be 'key: value' lines (title:, date:, …),"
                            " not a {error_type}").format(
                              error_type=type(metadata).__name__), path=path, line=2)
    lines = {}
    if isinstance(node, yaml.MappingNode):
        lines = {str(key.value): key.start_mark.line + 2 for key, _ in node.value}
    return ({str(k): v for k, v in metadata.items()}, lines, "".join(rows[close + 1:]),
            close + 1)


def parse_body(body: str, *, path: Path, context: ReadContext) -> list[Block]:
    """Blocks of a CommonMark body; HTML inside it is sanitized, never kept raw. A fenced
    div `::: signature` (its lines) or `::: recipients` (a list) is that block."""
    blocks: list[Block] = []
    start = 0
    for match in _DIV.finditer(body):
        blocks += _commonmark_blocks(body[start:match.start()], path, context)
        inner = match[3]
        if match[2] == "signature":
            lines = [line for token in _PARSER.parse(inner) if token.type == "inline"
                     for line in _lines(token.children or [])]
            blocks.append(Signature(items=tuple(lines)))
        else:
            items = [item for block in _commonmark_blocks(inner, path, context)
                     for item in (block.items if isinstance(block, ListBlock)
                                  else [getattr(block, "text", "")])]
            blocks.append(Recipients(items=tuple(items)))
        start = match.end()
    return blocks + _commonmark_blocks(body[start:], path, context)


def _lines(children: list[Token]) -> list[str]:
    """An inline run split at its line breaks, each line as plain text."""
    lines: list[list[Token]] = [[]]
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
        else:
            lines[-1].append(child)
    return [text for line in lines if (text := _plain(line).strip())]


def _commonmark_blocks(body: str, path: Path, context: ReadContext) -> list[Block]:
    tokens = _PARSER.parse(body)
    _warn_dropped(tokens, path)
    blocks: list[Block] = []
    quote_depth = 0
    list_stack: list[tuple[bool, list[str]]] = []
    for i, token in enumerate(tokens):
        if token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_stack.append((token.type == "ordered_list_open", []))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            ordered, items = list_stack.pop()
            if list_stack:  # a nested list's items join the outer list
                list_stack[-1][1].extend(items)
            else:
                blocks.append(ListBlock(items=tuple(items), ordered=ordered))
        elif token.type == "inline":
            opening = tokens[i - 1]
            if list_stack:
                list_stack[-1][1].append(_plain(token.children or []))
            elif opening.type == "heading_open":
                level = int(opening.tag[1])
                blocks.append(Heading(text=_plain(token.children or []), level=max(2, level)))
            elif quote_depth:
                blocks.append(Quote(text=_plain(token.children or [])))
            else:
                blocks.extend(_paragraph(token.children or [], path, context))
        elif token.type in ("fence", "code_block"):
            blocks.append(Paragraph(text=token.content))
        elif token.type == "html_block":
            blocks.extend(_resolved(b, path, context) for b in fragment_blocks(token.content))
    return blocks


def _warn_dropped(tokens: list[Token], path: Path) -> None:
    """One warning naming what of the article's HTML is never used."""
    html = [t.content for t in tokens if t.type == "html_block"]
    html += [c.content for t in tokens if t.type == "inline" for c in t.children or []
             if c.type == "html_inline"]
    dropped = dropped_markup("".join(html))
    if dropped:
        log.warning(_("%s: dropped %s from the article's HTML (markup that could run code or"
                      " load files is never used)"), path, ", ".join(dropped))


def _paragraph(children: list[Token], path: Path, context: ReadContext) -> list[Block]:
    """A paragraph, or a figure when it opens with an image."""
    if children and children[0].type == "image":
        image = children[0]
        rest = children[1:]
        caption = _plain(rest) if rest else (str(image.attrGet("title") or "") or None)
        return [Figure(src=resolve_image(str(image.attrGet("src") or ""), path, context),
                       alt=_plain(image.children or []) or None,
                       caption=caption or None)]
    images = [child for child in children if child.type == "image"]
    text = _plain([child for child in children if child.type != "image"])
    figures = [Figure(src=resolve_image(str(img.attrGet("src") or ""), path, context),
                      alt=_plain(img.children or []) or None,
                      caption=str(img.attrGet("title") or "") or None) for img in images]
    return [Paragraph(text=text), *figures]


def _resolved(block: Block, path: Path, context: ReadContext) -> Block:
    if isinstance(block, Figure):
        return Figure(src=resolve_image(block.src, path, context), alt=block.alt,
                      caption=block.caption, credit=block.credit)
    return block


def _plain(children: list[Token]) -> str:
    """Plain text of inline tokens; inline HTML goes through the sanitizer."""
    if not any(child.type == "html_inline" for child in children):
        return "".join(_token_text(child) for child in children)
    renderer = _PARSER.renderer
    assert isinstance(renderer, RendererHTML)  # MarkdownIt's default renderer
    html = renderer.renderInline(children, _PARSER.options, {})
    return inline_text(html)


def _token_text(token: Token) -> str:
    if token.type in ("softbreak", "hardbreak"):
        return " "
    if token.type == "image":
        return ""
    if token.children:
        return "".join(_token_text(child) for child in token.children)
    return token.content
