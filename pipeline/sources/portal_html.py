"""Article pages saved from a portal with a browser (`.html`, `.htm`).

A saved page is mostly chrome: menus, breadcrumbs, toolbars, related-news
lists, footers, scripts. The reader (lxml) drops what is never content,
prunes elements whose class or id names chrome, picks the element holding
the most paragraph text as the article, takes the title, date, lead and
byline from their usual places (meta tags, `<h1>`, `<time>`, `.sapo`,
`.author`, a last short line of names), and reads the rest as blocks with
the same sanitizer as HTML inside Markdown. Each removal is a `Note`.
"""

from __future__ import annotations

import difflib
import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from ..errors import SourceError
from ..i18n import _
from ..model import Block, Figure
from .base import Note, RawSource, ReadContext, Reader
from .boilerplate import strip_inline
from .fragments import MAX_NESTING, fragment_blocks, markup_risks, text_of, unnest
from .images import resolve_image
from .recognize import ends_sentence, is_date_line, looks_like_byline

log = logging.getLogger(__name__)

_NEVER_CONTENT = ("script", "style", "noscript", "iframe", "frame", "frameset", "button",
                  "input", "select", "textarea", "object", "embed", "applet", "svg", "math",
                  "canvas", "template", "link", "meta", "base", "nav", "dialog", "audio",
                  "video", "map")
# Semantic chrome, dropped like a chrome class unless it holds the article (a real
# SharePoint page wraps everything in <form id="aspnetForm">).
_CHROME_TAGS = ("header", "footer", "aside", "form")
_CHROME = re.compile(
    r"menu|nav|breadcrumb|footer|header|sidebar|side-bar|banner|toolbar|tool-bar|share"
    r"|social|print|related|lienquan|lien-quan|tinkhac|tin-khac|other|more-news|comment"
    r"|login|search|advert|quangcao|widget|pagination|pager|tags?\b|rating|hidden|skip"
    r"|cookie|copyright|weather|calendar|poll|counter|hotline",
    re.IGNORECASE)
_CONTENT_HINT = re.compile(
    r"content|article|detail|entry|post|news|story|body|noidung|noi-dung|chitiet|chi-tiet"
    r"|rtestate|richhtml|main", re.IGNORECASE)
_DATE_HINT = re.compile(r"date|time|ngay|publish|posted|created|thoigian", re.IGNORECASE)
_LEAD_HINT = re.compile(r"(?<![a-z])(?:sapo|lead|summary|excerpt|tomtat|tom-tat|chapeau|intro"
                        r"|teaser|description|abstract|desc)(?![a-z])", re.IGNORECASE)
_AUTHOR_HINT = re.compile(r"author|byline|tacgia|tac-gia|writer|signature", re.IGNORECASE)
_LEAD_WORDS = 8
"""A sapo is a sentence or has at least this many words (a breadcrumb link in a `sapo`
class, "Tài chính", is neither)."""
_SECTION_HINT = re.compile(r"\bcat\b|category|chuyen-?muc|entry-cat|post-cat|section-name"
                           r"|kicker", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_TITLE_META = ("og:title", "twitter:title", "title", "dc.title")
_PUBLISHED_META = ("article:published_time", "og:published_time", "pubdate", "publishdate",
                   "dc.date.issued", "datepublished", "article.published", "publish-date")
_DATE_META = ("date", "dc.date", "dc.date.created", "datecreated")
_SITE_META = ("og:site_name", "application-name", "al:android:app_name", "twitter:site")
_ARTICLE_TYPES = re.compile(r"article|posting|report", re.IGNORECASE)
_MORE_AUTHORS = re.compile(r"\s*(?:và|and|\+)\s*\d+\s*(?:tác giả|người|others?)\s*(?:khác)?",
                           re.IGNORECASE)
_AUTHOR_LINK = re.compile(r"/(?:tac-gia|author|authors|tacgia|nguoi-viet|writer)/", re.IGNORECASE)


class PortalHtmlReader(Reader):
    """Reads `.html` pages saved from a portal (or any news site)."""

    name = "portal HTML"
    extensions = (".html", ".htm", ".xhtml")

    def parse(self, text: str, *, encoding: str, path: Path,
              context: ReadContext) -> list[RawSource]:
        # An XHTML page declares its encoding; the text is decoded already, and lxml refuses
        # text that still says how its bytes were encoded.
        text = _XML_DECLARATION.sub("", text, count=1)
        try:
            parser = lxml_html.HTMLParser(remove_comments=True, no_network=True, huge_tree=True)
            # Unnested first: libxml2 drops what lies deeper than its limit, and every
            # walk below over a chain of thousands of nested tags would be quadratic.
            root = lxml_html.document_fromstring(unnest(text, MAX_NESTING), parser=parser)
        except (etree.ParserError, ValueError) as exc:
            raise SourceError(_("cannot read this page as HTML ({exc}); save it again from the"
                                " browser as 'Web page, HTML only'").format(
                                  exc=exc), path=path) from None
        notes: list[Note] = []
        meta = _meta(root)
        body = root.find("body")
        if body is None:
            body = root
        # Markup that could run code, with where it stood: the page's own scripts are no
        # news, but the article's are worth a warning (they are never used either way).
        risky = [(element, list(element.iterancestors())) for element in body.iter()
                 if isinstance(element.tag, str) and markup_risks([element])]
        _drop_never_content(body, notes)
        title_el = _title_element(body, meta.get("title"))
        # The date and the author often sit in page chrome (a toolbar, a share bar): look
        # for them before chrome is pruned, nearest the title.
        early = {"date": _early_date(body, title_el, meta),
                 "byline": _early_byline(body, title_el, meta)}
        _prune_chrome(body, title_el, notes)
        container = _content(body)
        if container is None:
            raise SourceError(_("no article text found in this page; save the article page"
                                " itself, not a list of articles"), path=path)
        dropped = markup_risks(element for element, ancestors in risky
                               if element is container
                               or any(a is container for a in ancestors))
        if dropped:
            log.warning(_("%s: dropped %s from the article's HTML (markup that could run code"
                          " or load files is never used)"), path, ", ".join(dropped))
        if title_el is None:
            title_el = _title_in_content(container)
            _drop_before(title_el, container, notes)
        metadata: dict[str, str] = {}
        title = text_of(title_el) if title_el is not None else meta.get("title")
        header = None if title_el is None else next(
            (a for a in title_el.iterancestors() if a.tag == "header"), None)
        after = _after_title(body, title_el)
        if title:
            metadata["title"] = title
            rule = ("the <h1> nearest the page's own title" if title_el is not None
                    and title_el.tag == "h1" else "a headline-like element" if title_el
                    is not None else "the page's <title> or og:title")
            notes.append(Note(action="found", what=f"title ({rule})", text=title))
            _remove(title_el)
        for key, finder in (("date", _date), ("lead", _lead), ("byline", _byline),
                            ("section", _section)):
            found = early.get(key) or finder(body, container, meta, after)
            if found:
                metadata[key] = found[0]
                notes.append(Note(action="found", what=f"{key} ({found[1]})", text=found[0]))
        if header is not None and header.getparent() is not None:
            # What is left of the article's own <header> is separators and chrome.
            notes.append(Note(action="dropped", what="rest of the article header",
                              text=text_of(header)))
            _remove(header)
        blocks = _blocks(container, path, context, notes)
        if "byline" not in metadata and meta.get("authors") and not is_site_name(
                meta["authors"], meta):
            metadata["byline"] = meta["authors"]  # the page's structured data names them
            notes.append(Note(action="found", what="byline (the JSON-LD author)",
                              text=meta["authors"]))
        if "byline" not in metadata and blocks and _is_last_byline(blocks):
            byline = blocks.pop()
            assert byline.kind == "paragraph"  # what _is_last_byline checked
            metadata["byline"] = byline.text
            notes.append(Note(action="found", what="byline (a last line of names)",
                              text=metadata["byline"]))
        return [RawSource(path=path, encoding=encoding, metadata=metadata,
                          blocks=tuple(blocks), notes=tuple(notes))]


def _meta(root: lxml_html.HtmlElement) -> dict[str, str]:
    """Title, dates, lead and author from `<meta>` tags, JSON-LD and `<title>`; the names
    the site goes by (`site`, separated by newlines), so none is taken for an author."""
    found: dict[str, str] = {}
    sites: list[str] = []
    for element in root.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop")
               or "").lower()
        content = (element.get("content") or "").strip()
        if not content:
            continue
        if key in _TITLE_META:
            found.setdefault("title", content)
        elif key in _PUBLISHED_META:
            found.setdefault("published", content)
        elif key in _DATE_META:
            found.setdefault("date", content)
        elif key in ("description", "og:description"):
            found.setdefault("description", content)
        elif key in ("author", "article:author", "dc.creator"):
            found.setdefault("author", content)
        elif key in _SITE_META:
            sites.append(content)
        elif key == "og:url":
            sites.append(_domain(content))
    for element in root.iter("link"):
        if (element.get("rel") or "").lower() == "canonical" and element.get("href"):
            sites.append(_domain(element.get("href", "")))
    for item in _json_ld(root):
        if not _ARTICLE_TYPES.search(str(item.get("@type", ""))):
            continue
        published = item.get("datePublished")
        if isinstance(published, str):
            found.setdefault("published", published)
        names = [a.get("name") if isinstance(a, dict) else a
                 for a in _as_list(item.get("author"))]
        people = [n.strip() for n in names if isinstance(n, str) and n.strip()]
        if people:
            found.setdefault("authors", ", ".join(people))
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            sites.append(publisher["name"])
    found["site"] = "\n".join(s for s in sites if s)
    title = root.find(".//title")
    if "title" not in found and title is not None and title.text_content().strip():
        found["title"] = re.split(r"\s+[|»]\s+", title.text_content().strip())[0]
    return found


def _json_ld(root: lxml_html.HtmlElement) -> Iterator[dict[str, object]]:
    """Every object of the page's JSON-LD blocks (a broken block is skipped)."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):
            continue
        stack = _as_list(data)
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                yield item
                stack.extend(_as_list(item.get("@graph")))


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _domain(url: str) -> str:
    match = re.match(r"^(?:https?:)?//(?:www\.)?([^/:?#]+)", url.strip(), re.IGNORECASE)
    return match.group(1) if match else ""


def _fold(text: str) -> str:
    """Lowercase letters and digits only, marks dropped: how a name is compared with the
    site's (`Dân Trí` ~ `dantri.com.vn`)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed.lower() if c.isalnum() and c.isascii())


def is_site_name(name: str, meta: dict[str, str]) -> bool:
    """True when `name` is the outlet (its name or domain), not a person."""
    folded = _fold(name)
    if not folded:
        return True
    if re.search(r"\.(?:vn|com|net|org|gov|info)\b", name, re.IGNORECASE):
        return True
    for site in filter(None, meta.get("site", "").split("\n")):
        other = _fold(site)
        if other and (folded == other or (len(folded) >= 4 and folded in other)):
            return True
    return False


def _describe(element: lxml_html.HtmlElement) -> str:
    name = element.tag if isinstance(element.tag, str) else "node"
    hint = " ".join(" ".join(filter(None, (element.get("id"), element.get("class")))).split())
    if len(hint) > 60:
        hint = hint[:59] + "…"
    return f"<{name}{' ' + hint if hint else ''}>"


def _drop_never_content(body: lxml_html.HtmlElement, notes: list[Note]) -> None:
    root = body.getroottree().getroot()
    for element in list(body.iter(*_NEVER_CONTENT)):
        if element.getroottree().getroot() is not root:
            continue
        text = " ".join(element.text_content().split()) if element.tag not in (
            "script", "style") else ""
        notes.append(Note(action="dropped", what=_describe(element), text=text[:200]))
        _remove(element)


def _title_element(body: lxml_html.HtmlElement,
                   meta_title: str | None) -> lxml_html.HtmlElement | None:
    """The headline: the `<h1>` closest to the page's meta title (a site logo may be an
    `<h1>` too), else the longest; else an element whose class says title."""
    headings = [h for h in body.iter("h1") if text_of(h)]
    if not headings:
        headings = [e for e in body.iter() if isinstance(e.tag, str) and len(e) <= 3
                    and re.search(r"(?:^|[\s_-])title(?:$|[\s_-])", e.get("class") or "", re.I)
                    and text_of(e)]
    if not headings:
        return None
    if meta_title:
        return max(headings, key=lambda h: difflib.SequenceMatcher(
            None, text_of(h), meta_title).ratio())
    return max(headings, key=lambda h: len(text_of(h)))


def _hint(element: lxml_html.HtmlElement) -> str:
    """What an element says it is: class, id, and the `type` or `data-type` some CMSs set
    on embedded boxes (`<div type="RelatedOneNews">`)."""
    return (f"{element.get('class') or ''} {element.get('id') or ''}"
            f" {element.get('type') or ''} {element.get('data-type') or ''}")


def _prune_chrome(body: lxml_html.HtmlElement, title: lxml_html.HtmlElement | None,
                  notes: list[Note]) -> None:
    """Drop chrome (by tag, class or id) unless it holds the title or much of the page."""
    total = len(text_of(body)) or 1
    root = body.getroottree().getroot()
    for element in list(body.iter()):
        if not isinstance(element.tag, str) or element.getroottree().getroot() is not root:
            continue  # a comment, or inside something already dropped
        if element.tag not in _CHROME_TAGS and not _CHROME.search(_hint(element)):
            continue
        if title is not None and (element is title or title in element.iterdescendants()):
            continue
        text = text_of(element)
        if len(text) > 0.3 * total:
            continue  # too much of the page to be chrome
        notes.append(Note(action="dropped", what=_describe(element), text=text[:200]))
        _remove(element)


def _content(body: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The element holding the most paragraph text (readability's idea, simplified)."""
    scores: dict[lxml_html.HtmlElement, float] = {}
    for element in body.iter("p", "div", "td", "li", "blockquote", "pre", "span", "font"):
        if element.tag in ("p", "blockquote"):
            length = len(text_of(element))
        else:  # only the text directly inside, or every wrapper would score
            length = len(((element.text or "") + "".join(c.tail or "" for c in element)).strip())
        if length < 25:
            continue
        parent = element.getparent()
        grandparent = parent.getparent() if parent is not None else None
        for weight, ancestor in ((1.0, parent), (0.5, grandparent)):
            if ancestor is not None:
                scores[ancestor] = scores.get(ancestor, 0.0) + weight * length
    if not scores:
        return None
    best = max(scores, key=lambda e: scores[e] * (1.25 if _CONTENT_HINT.search(_hint(e))
                                                  else 1.0))
    # Climb through pure wrappers only: a parent with text of its own holds other columns.
    while (parent := best.getparent()) is not None and parent is not body and not (
            (parent.text or "").strip()
            or any(text_of(other) or (other.tail or "").strip()
                   for other in parent if other is not best)):
        best = parent
    return best


def _title_in_content(container: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """On pages without `<h1>`, the first bold or heading line that reads as a headline."""
    for element in container.iter("h2", "h3", "p", "div", "font", "b", "strong", "span"):
        text = text_of(element)
        words = len(text.split())
        if words < 4:
            continue
        if words > 40 or ends_sentence(text) or is_date_line(text):
            return None  # the body has started
        if element.tag in ("h2", "h3", "b", "strong") or _all_bold(element):
            return element
    return None


def _drop_before(title: lxml_html.HtmlElement | None, container: lxml_html.HtmlElement,
                 notes: list[Note]) -> None:
    """What stands before the headline in the article (a category label) is not body text."""
    if title is None:
        return
    ancestors = set(title.iterancestors())
    before = []
    for element in container.iter():
        if element is title:
            break
        if element not in ancestors and isinstance(element.tag, str) and text_of(element):
            before.append(element)
    for element in before:
        if element.getparent() is not None and not any(
                a in before for a in element.iterancestors()):
            notes.append(Note(action="dropped", what="before the title", text=text_of(element)))
            _remove(element)


def _all_bold(element: lxml_html.HtmlElement) -> bool:
    """True when all of the element's text is inside `<b>` or `<strong>`."""
    bold = (b for b in element.iter("b", "strong") if b is element or not any(
        a.tag in ("b", "strong") for a in b.iterancestors() if a is not element
        and element in a.iterancestors()))
    squeeze = "".join
    return squeeze(text_of(element).split()) == squeeze(
        squeeze(text_of(b).split()) for b in bold)


def _positions(body: lxml_html.HtmlElement) -> dict[lxml_html.HtmlElement, int]:
    return {element: index for index, element in enumerate(body.iter())}


def _nearest(candidates: list[lxml_html.HtmlElement], body: lxml_html.HtmlElement,
             title: lxml_html.HtmlElement | None) -> lxml_html.HtmlElement | None:
    """The candidate closest to the title in document order (the first without a title)."""
    if not candidates:
        return None
    if title is None:
        return candidates[0]
    where = _positions(body)
    anchor = where.get(title, 0)
    return min(candidates, key=lambda e: abs(where.get(e, 0) - anchor))


Found = tuple[str, str] | None
"""A field's value and the rule that found it (for `--report`), or None."""


def _early_date(body: lxml_html.HtmlElement, title: lxml_html.HtmlElement | None,
                meta: dict[str, str]) -> Found:
    """The publication date: the page's structured data first, then a `<time>` or an
    element whose class says date, the one nearest the headline (a toolbar's "today" and
    a related-news list's dates stand farther away)."""
    if meta.get("published"):
        return meta["published"], "the page's published-time metadata: JSON-LD or <meta>"
    times = [e for e in body.iter("time") if e.get("datetime") or text_of(e)]
    chosen = _nearest(times, body, title)
    if chosen is not None:
        _remove(chosen)
        return (chosen.get("datetime") or text_of(chosen),
                f"the <time> nearest the headline, of {len(times)}")
    hinted = [e for e in body.iter() if isinstance(e.tag, str) and e.tag not in ("html", "body")
              and _DATE_HINT.search(_hint(e)) and (text := text_of(e)) and is_date_line(text)]
    chosen = _nearest(hinted, body, title)
    if chosen is not None:
        text = text_of(chosen)
        _remove(chosen)
        return text, f"the date element {_describe(chosen)} nearest the headline"
    if meta.get("date"):
        return meta["date"], "the page's date <meta>"
    return None


def _date(body: lxml_html.HtmlElement, container: lxml_html.HtmlElement,
          meta: dict[str, str], after: lxml_html.HtmlElement | None = None) -> Found:
    """A date line in the article itself, when the page said it nowhere else."""
    for element in container.iter("p", "div", "span", "em", "i"):
        text = text_of(element)
        if text and len(element) <= 2 and is_date_line(text):
            _remove(element)
            return text, "a line of the article that is only a date"
    return None


def _author_candidates(body: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    return [e for e in body.iter() if isinstance(e.tag, str) and e.tag not in ("html", "body")
            and (_AUTHOR_HINT.search(f"{_hint(e)} {e.get('rel') or ''} {e.get('itemprop') or ''}")
                 or (e.tag == "a" and _AUTHOR_LINK.search(e.get("href") or "")))
            and len(text_of(e)) <= 150]


def clean_byline(text: str) -> str | None:
    """A byline as printed, without what sites print around it: "Xem các bài viết của tác
    giả", a date after a dash; None for a shortened list ("A và 1 tác giả khác")."""
    text, _marks = strip_inline(text)
    if _MORE_AUTHORS.search(text):
        return None
    parts = [p for p in re.split(r"\s+[-–|]\s+", text) if p and not is_date_line(p)]
    return " - ".join(parts).strip(" -–|,") or None


def _early_byline(body: lxml_html.HtmlElement, title: lxml_html.HtmlElement | None,
                  meta: dict[str, str]) -> Found:
    """The author credit as printed: of the elements that say author, the longest that reads
    as names and is not the site's own name (the full "A - B" at the foot wins over "A"
    at the top); all of them go, so their links ("Xem các bài viết …") go too."""
    elements = _author_candidates(body)
    found: list[tuple[int, int, str]] = []
    for index, element in enumerate(elements):
        text = clean_byline(text_of(element))
        if text and looks_like_byline(text) and not is_site_name(text, meta):
            found.append((len(text), index, text))
    if not found:
        return None
    _length, index, text = max(found)
    rule = (f"the longest of {len(found)} author elements, {_describe(elements[index])}"
            if len(found) > 1 else f"the author element {_describe(elements[index])}")
    for element in elements:
        _remove(element)
    return text, rule


def _lead(body: lxml_html.HtmlElement, container: lxml_html.HtmlElement,
          meta: dict[str, str], after: lxml_html.HtmlElement | None = None) -> Found:
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "meta"):
            continue
        if (element.tag != "a" and _LEAD_HINT.search(_hint(element))
                and (text := text_of(element))
                and (len(text.split()) >= _LEAD_WORDS or ends_sentence(text))):
            _remove(element)
            return text, f"the sapo element {_describe(element)}"
    if after is not None and after.tag in ("h2", "h3") and after.getparent() is not None:
        text = text_of(after)
        _remove(after)
        return text, f"the <{after.tag}> right under the headline"
    first = next((p for p in container.iter("p") if text_of(p)), None)
    if first is not None and _all_emphasis(first):
        text = text_of(first)
        _remove(first)
        return text, "the article's first paragraph, all in bold or italics"
    return None


def _after_title(body: lxml_html.HtmlElement,
                 title: lxml_html.HtmlElement | None) -> lxml_html.HtmlElement | None:
    """The first element of some length after the headline (a sapo set as a subheading)."""
    if title is None:
        return None
    for element in title.itersiblings():
        if not isinstance(element.tag, str):
            continue
        if len(text_of(element).split()) >= _LEAD_WORDS:
            return element
    return None


def _byline(body: lxml_html.HtmlElement, container: lxml_html.HtmlElement,
            meta: dict[str, str], after: lxml_html.HtmlElement | None = None) -> Found:
    author = meta.get("author")
    if author and looks_like_byline(author) and not is_site_name(author, meta):
        return author, "the page's author <meta>"
    return None


def _section(body: lxml_html.HtmlElement, container: lxml_html.HtmlElement,
             meta: dict[str, str], after: lxml_html.HtmlElement | None = None) -> Found:
    for element in body.iter("a", "span", "div", "p", "li"):
        hint = f"{_hint(element)} {element.get('rel') or ''}"
        if _SECTION_HINT.search(hint) and (text := text_of(element)) and len(text) <= 60:
            _remove(element)
            return text, f"the category element {_describe(element)}"
    return None


def _all_emphasis(element: lxml_html.HtmlElement) -> bool:
    """True when all of a paragraph's text is bold or italic (a lead, a caption)."""
    own = (element.text or "").strip() + "".join((c.tail or "").strip() for c in element)
    return not own and len(element) > 0 and all(
        c.tag in ("strong", "b", "em", "i") for c in element)


_LINK_SHARE = 0.6
"""An element inside the article whose text is mostly link text is a box of links (related
news, "TIN MỚI", "Đọc tiếp"), not article text."""


def _drop_link_boxes(container: lxml_html.HtmlElement, notes: list[Note]) -> None:
    root = container.getroottree().getroot()
    for element in list(container.iter("div", "section", "aside", "ul", "ol", "table", "p",
                                       "span", "h2", "h3", "h4", "h5", "h6")):
        if element is container or element.getroottree().getroot() is not root:
            continue  # the article itself, or inside a box already dropped
        text = text_of(element)
        if not text or len(text) > 600:
            continue
        linked = sum(len(text_of(a)) for a in element.iter("a"))
        if linked >= _LINK_SHARE * len(text):
            notes.append(Note(action="dropped", text=text[:200],
                              what=f"links inside the article {_describe(element)}"))
            _remove(element)


def _blocks(container: lxml_html.HtmlElement, path: Path, context: ReadContext,
            notes: list[Note]) -> list[Block]:
    _drop_link_boxes(container, notes)
    for image in container.iter("img"):
        lazy = image.get("data-src") or image.get("data-original")
        if lazy and (not image.get("src") or image.get("src", "").startswith("data:")):
            image.set("src", lazy)  # lazy-loading pages keep the real picture here
    blocks = fragment_blocks(lxml_html.tostring(container, encoding="unicode"))
    return [replace(b, src=resolve_image(b.src, path, context)) if isinstance(b, Figure)
            else b for b in blocks]


def _is_last_byline(blocks: list[Block]) -> bool:
    last = blocks[-1]
    return last.kind == "paragraph" and looks_like_byline(last.text)


def _remove(element: lxml_html.HtmlElement | None) -> None:
    """Remove an element but keep the text that follows it."""
    if element is None or element.getparent() is None:
        return
    element.drop_tree()
