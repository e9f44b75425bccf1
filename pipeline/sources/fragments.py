"""HTML fragments inside Markdown: sanitized with nh3, then read as blocks.

Raw HTML never passes through: an allow-list keeps the structure we model
(paragraphs, headings, quotes, lists, figures) and drops everything else,
including the content of `<script>` and `<style>`. What survives is read
into plain-text blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import cast

import nh3
from lxml import etree
from lxml import html as lxml_html

from ..model import Block, Figure, Heading, ListBlock, Paragraph, Quote
from .recognize import looks_like_caption

_BLOCK_TAGS = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6",
               "blockquote", "ul", "ol", "li", "figure", "figcaption", "img", "br", "span",
               "a", "b", "strong", "i", "em", "u", "sub", "sup", "small", "mark", "abbr",
               "code", "pre", "cite", "q", "s", "table", "tbody", "thead", "tr", "td", "th"}
# `class` is kept only as a hint (a `caption` class marks a caption); it never
# reaches the output, which is plain text.
_ATTRIBUTES = {"img": {"src", "alt", "title"}, "*": {"class"}}
_DROPPED_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object",
                         "embed", "svg", "math", "head", "title", "textarea", "select"}


def sanitize(fragment: str) -> str:
    """The fragment with every tag and attribute outside the allow-list removed.

    Tags nested deeper than `MAX_NESTING` are unwrapped first: html5ever, behind nh3,
    takes quadratic time over thousands of nested tags.
    """
    return nh3.clean(
        unnest(fragment, MAX_NESTING),
        tags=_BLOCK_TAGS,
        attributes=_ATTRIBUTES,
        clean_content_tags=_DROPPED_WITH_CONTENT,
        url_schemes={"http", "https", "file", "data"},
        link_rel=None,
        strip_comments=True,
    )


_DANGEROUS_TAGS = {"script", "style", "iframe", "frame", "frameset", "object", "embed",
                   "applet", "svg", "math", "link", "base", "meta", "form", "input", "button",
                   "textarea", "select", "audio", "video", "source", "track", "template",
                   "noscript", "portal", "dialog"}
_URL_IN_STYLE = re.compile(r"url\s*\(|@import|expression\s*\(", re.IGNORECASE)
_ACTIVE_URL = re.compile(r"^\s*(?:javascript|vbscript|file|data):", re.IGNORECASE)


def dropped_markup(fragment: str) -> list[str]:
    """What the sanitizer will drop from `fragment` that could run code or load files.

    Named so the warning tells the editor what was in the article's HTML
    (`<script>`, `style="…url(…)"`, `rel="attachment"` …).
    """
    if "<" not in fragment:
        return []
    try:
        # Unnested first: libxml2 drops what lies deeper than its limit, and a script
        # there would go unnamed.
        root = lxml_html.fragment_fromstring(unnest(fragment, MAX_NESTING),
                                             create_parent="div")
    except (ValueError, etree.ParserError):
        return []
    return markup_risks(root.iter())


def markup_risks(elements: Iterable[etree._Element]) -> list[str]:
    """The markup among `elements` that could run code or load files, named once each."""
    found: dict[str, None] = {}
    for element in elements:
        tag: object = element.tag  # lxml-stubs say str: comments have a function here
        if not isinstance(tag, str):
            continue
        tag = tag.lower().rpartition("}")[2]
        if tag in _DANGEROUS_TAGS and not _inert(tag, element):
            found[f"<{tag}>"] = None
        # lxml-stubs allow bytes; lxml on Python 3 gives attribute names and values as str.
        for name, value in cast("list[tuple[str, str]]", element.attrib.items()):
            name = name.lower()
            if name.startswith("on"):
                found[f"{name}= handlers"] = None
            elif name == "style" and _URL_IN_STYLE.search(value):
                found["style= with url()"] = None
            elif name == "rel" and "attachment" in value.lower():
                found['rel="attachment"'] = None
            elif name in ("href", "action", "formaction") and _ACTIVE_URL.match(value):
                found[f"{name}={value.split(':', 1)[0]}: links"] = None
    return list(found)


def _inert(tag: str, element: etree._Element) -> bool:
    """Markup news pages carry in every article that can neither run nor load anything
    on its own: schema.org `<meta itemprop>` and a `<picture>`'s `<source>` (dropped all
    the same, but not worth a warning)."""
    if tag == "meta":
        return element.get("http-equiv") is None and element.get("charset") is None
    parent = element.getparent()
    return tag == "source" and parent is not None and parent.tag == "picture"


def inline_text(fragment: str) -> str:
    """Plain text of a sanitized inline fragment (tags gone, entities decoded)."""
    root = _parse(fragment)
    return "" if root is None else _text(root)


def fragment_blocks(fragment: str) -> list[Block]:
    """Blocks for a block-level HTML fragment, after sanitizing it."""
    root = _parse(fragment)
    return [] if root is None else attach_captions(_blocks_of(root, depth=0))


def text_of(element: lxml_html.HtmlElement) -> str:
    """An element's text with its whitespace collapsed."""
    return " ".join(element.text_content().split())


@dataclass(frozen=True, kw_only=True, slots=True)
class _CaptionCandidate(Paragraph):
    """A paragraph set in italics or marked `caption`: the caption of a photo before it."""


def attach_captions(blocks: list[Block]) -> list[Block]:
    """A photo without a caption takes the paragraph after it when that reads as one.

    Portal pages put the caption in the next paragraph (often italic) or in
    the next row of an image table, not in a `<figcaption>`.
    """
    result: list[Block] = []
    for block in blocks:
        previous = result[-1] if result else None
        if (isinstance(block, Paragraph) and isinstance(previous, Figure)
                and previous.caption is None
                and (isinstance(block, _CaptionCandidate) or looks_like_caption(block.text))):
            result[-1] = replace(previous, caption=block.text)
        elif isinstance(block, _CaptionCandidate):
            result.append(Paragraph(text=block.text))
        else:
            result.append(block)
    return result


def _parse(fragment: str) -> lxml_html.HtmlElement | None:
    # Unnested again: the sanitizer reopens unclosed <b>, <i> … in every paragraph after.
    cleaned = unnest(sanitize(fragment), MAX_NESTING)
    if not cleaned.strip():
        return None
    return lxml_html.fragment_fromstring(cleaned, create_parent="div")


MAX_NESTING = 64
"""How deep elements may nest in what we read: far more than any article needs, far less
than the depth at which libxml2 drops content or recursion runs out; deeper tags are
unwrapped and their text kept."""

# A tag, a comment, a doctype or processing instruction, with quoted attribute values
# (which may hold `>`) read whole, so a tag is never cut in the middle.
_TOKEN = re.compile(r"""<!--.*?(?:-->|\Z)|<[!?][^>]*+>?"""
                    r"""|<(/?)([a-zA-Z][^\s/>]*+)((?:[^>"'=]|=\s*+"[^"]*+"|=\s*+'[^']*+'"""
                    r"""|["'=])*+)(?:>|\Z)""", re.DOTALL)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr", "basefont", "bgsound", "frame",
                   "keygen"})
# Elements whose content is not markup: read as one piece, up to their end tag.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                       "noframes", "noscript"})
# An open `p` ends where any of these starts (HTML's "close a p element").
_ENDS_P = frozenset({"address", "article", "aside", "blockquote", "center", "details",
                     "dialog", "dir", "div", "dl", "dd", "dt", "fieldset", "figcaption",
                     "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
                     "hgroup", "hr", "li", "listing", "main", "menu", "nav", "ol", "p", "pre",
                     "section", "summary", "table", "ul"})
# Start tag → (the open elements it ends, the elements that stop the search for them).
_SCOPE = frozenset({"html", "table", "td", "th", "caption", "marquee", "object", "applet",
                    "template", "button"})
_IMPLIED_ENDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), _SCOPE | {"ul", "ol"}),
    "dt": (frozenset({"dt", "dd"}), _SCOPE | {"dl"}),
    "dd": (frozenset({"dt", "dd"}), _SCOPE | {"dl"}),
    "tr": (frozenset({"tr"}), frozenset({"table"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "thead": (frozenset({"thead", "tbody", "tfoot"}), frozenset({"table"})),
    "tbody": (frozenset({"thead", "tbody", "tfoot"}), frozenset({"table"})),
    "tfoot": (frozenset({"thead", "tbody", "tfoot"}), frozenset({"table"})),
    "option": (frozenset({"option"}), frozenset({"select"})),
    "optgroup": (frozenset({"option", "optgroup"}), frozenset({"select"})),
    "a": (frozenset({"a"}), _SCOPE),
}
_P_ENDS = (frozenset({"p"}), _SCOPE)


def unnest(html: str, limit: int) -> str:
    """`html` with every tag that would open an element deeper than `limit` removed, and its
    end tag; all text stays, and so does what the sanitizer drops with its content.

    Parsers spend time in proportion to how deep they are on every tag (html5ever, behind
    nh3, checks what is open for each one), so thousands of nested tags cost them quadratic
    time, and libxml2 silently drops everything below its depth limit. This pass is one
    scan that follows HTML's rules for tags that end others (a `<p>` ends an open `<p>`, a
    `<li>` an open `<li>`, `</div>` everything opened inside it), so well-formed pages and
    pages that leave `<p>`, `<li>` or `<td>` open lose nothing; only a hostile or broken
    page has tags removed, and then only the tags.
    """
    if "<" not in html:
        return html
    out: list[str] = []
    last = 0
    stack: list[str] = []  # the open elements kept, at most `limit`
    removed: dict[str, int] = {}  # start tags removed below stack[-1], by name, still open
    position = 0
    while (match := _TOKEN.search(html, position)) is not None:
        position = match.end()
        if match[2] is None:
            continue  # a comment or a declaration: kept as it is
        closing, name = match[1], match[2].lower()
        if closing:
            if removed.get(name):
                removed[name] -= 1
                out.append(html[last:match.start()])
                last = match.end()
            elif name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name):]
                removed.clear()  # they were all inside what just ended
            continue  # a stray end tag opens nothing: kept for the parser to ignore
        if name in _RAW_TEXT:  # its content is text: skip to its end tag
            end = re.compile(rf"</{name}(?:[\s/][^>]*+)?>", re.IGNORECASE).search(html, position)
            position = end.end() if end is not None else len(html)
            continue
        if name in _VOID or (name in _DROPPED_WITH_CONTENT and len(stack) >= limit):
            continue  # void; or dropped with its content, so never unwrapped into text
        ends, scope = _IMPLIED_ENDS.get(name) or (_P_ENDS if name in _ENDS_P else (None, None))
        if ends is not None and scope is not None:
            for index in range(len(stack) - 1, -1, -1):
                if stack[index] in ends:
                    del stack[index:]
                    removed.clear()
                    break
                if stack[index] in scope:
                    break
        if len(stack) < limit:
            stack.append(name)
        else:
            removed[name] = removed.get(name, 0) + 1
            out.append(html[last:match.start()])
            last = match.end()
    out.append(html[last:])
    return "".join(out)


def _blocks_of(container: lxml_html.HtmlElement, depth: int) -> list[Block]:
    """The blocks inside a container element; loose text becomes paragraphs."""
    if depth > MAX_NESTING:
        return [Paragraph(text=_text(container))]
    blocks: list[Block] = []
    loose: list[str] = [container.text or ""]
    for element in container:
        handler = _STRUCTURE.get(element.tag)
        if handler is None and element.tag in _CONTAINERS:
            _flush(loose, blocks)
            blocks.extend(_blocks_of(element, depth + 1))
        elif handler is not None:
            _flush(loose, blocks)
            blocks.extend(handler(element, depth + 1))
        else:
            loose.append(_text(element))
        loose.append(element.tail or "")
    _flush(loose, blocks)
    return blocks


def _flush(loose: list[str], blocks: list[Block]) -> None:
    text = " ".join(part for part in loose if part.strip())
    if text.strip():
        blocks.append(Paragraph(text=text))
    loose.clear()


def _text(element: lxml_html.HtmlElement) -> str:
    for br in element.iter("br"):
        br.tail = " " + (br.tail or "")
    text: str = element.text_content()
    return text


def _heading(element: lxml_html.HtmlElement, depth: int) -> list[Block]:
    return [Heading(text=_text(element), level=max(2, int(element.tag[1])))]


def _quote(element: lxml_html.HtmlElement, depth: int) -> list[Block]:
    inner = _blocks_of(element, depth)
    return [Quote(text=b.text) for b in inner if isinstance(b, Paragraph | Quote)]


def _list(element: lxml_html.HtmlElement, depth: int) -> list[Block]:
    """One list; the items of lists nested in it follow their parent item, each once."""
    items = tuple(text for li in element.iter("li") if (text := _item_text(li)).strip())
    return [ListBlock(items=items, ordered=element.tag == "ol")]


def _item_text(item: lxml_html.HtmlElement) -> str:
    """A list item's own text: without the lists nested in it, whose items are their own."""
    parts: list[str] = []
    walk = etree.iterwalk(item, events=("start", "end"))
    for event, element in walk:
        if event == "start":
            if element is not item and element.tag in ("ul", "ol", "li"):
                walk.skip_subtree()
            else:
                parts.append(" " if element.tag == "br" else element.text or "")
        elif element is not item:
            parts.append(element.tail or "")
    return "".join(parts)


def _figure(element: lxml_html.HtmlElement, depth: int) -> list[Block]:
    img = next(element.iter("img"), None)
    caption = next(element.iter("figcaption"), None)
    return [Figure(
        src=img.get("src") if img is not None else None,
        alt=img.get("alt") if img is not None else None,
        caption=_text(caption) if caption is not None else None,
    )]


def _image(element: lxml_html.HtmlElement, depth: int) -> list[Block]:
    return [Figure(src=element.get("src"), alt=element.get("alt"), caption=element.get("title"))]


def _paragraph(element: lxml_html.HtmlElement, depth: int) -> list[Block]:
    images = list(element.iter("img"))
    kind = _CaptionCandidate if _is_caption_element(element) else Paragraph
    blocks: list[Block] = [kind(text=_text(element))]
    return blocks + [b for img in images for b in _image(img, depth)]


def _is_caption_element(element: lxml_html.HtmlElement) -> bool:
    if "caption" in (element.get("class") or "").lower():
        return True
    own = (element.text or "").strip() + "".join((c.tail or "").strip() for c in element)
    return not own and len(element) > 0 and all(c.tag in ("em", "i") for c in element)


_CONTAINERS = {"div", "section", "article", "table", "tbody", "thead", "tr", "td", "th"}
_STRUCTURE = {
    "p": _paragraph, "pre": _paragraph, "h1": _heading, "h2": _heading, "h3": _heading,
    "h4": _heading, "h5": _heading, "h6": _heading, "blockquote": _quote, "ul": _list,
    "ol": _list, "figure": _figure, "img": _image,
}
