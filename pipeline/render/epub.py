"""EPUB 3 issues for archives: valid, accessible, reproducible.

One function makes the EPUB of an `Issue` (one article, or a digest's
articles by section); like Sphinx's EPUB builder it is a short list of
named steps. ebooklib assembles the package; the last step repacks it so
the same input gives the same bytes: `mimetype` first and stored, entries
in a fixed order with the issue's date as their time, and
`dcterms:modified` from the Contracts' dates rule, never the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import mimetypes
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import jinja2
from ebooklib import epub
from lxml import etree

from ..config import Config
from ..errors import RenderError
from ..model import Article, Figure
from ..sources.images import read_image
from .clock import epoch_of, pinned_clock
from .cover import cover_png
from .fonts import faces
from .html import font_dirs, modified_date, vietnamese_date
from .subset import subset_font

log = logging.getLogger(__name__)

CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ZIP_ORDER = ("mimetype", "META-INF/container.xml", "EPUB/content.opf")


@dataclass(frozen=True, kw_only=True, slots=True)
class Issue:
    """What an EPUB holds: articles grouped by section, and who publishes them."""

    title: str
    """The book's title (an article's title, or "Bản tin tháng 11/2022")."""
    identity: tuple[str, ...]
    """Publisher and slug and date (article) or publisher and period (digest)."""
    sections: tuple[tuple[str | None, tuple[Article, ...]], ...]
    """(section title or None, its articles) in printed order."""
    date: dt.date | None
    """The issue's date (dc:date)."""
    cover_lines: tuple[str, ...] = ()
    """Text of the generated cover, after the publication's name."""
    issue_number: int | None = None
    """From `[publication] issues`; never guessed."""
    articles: tuple[Article, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "articles",
                           tuple(a for _, articles in self.sections for a in articles))


def article_issue(article: Article, config: Config) -> Issue:
    """The one-article issue of a single article's EPUB."""
    return Issue(title=article.title, date=article.date,
                 identity=(config.publication.publisher, article.slug,
                           article.date.isoformat() if article.date else ""),
                 sections=((None, (article,)),), cover_lines=(article.title,))


def identifier(identity: tuple[str, ...]) -> str:
    """A URN derived from the publication's identity: a corrected edition keeps it."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "bantin:" + "\x1f".join(identity)).urn


def modified(issue: Issue) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the newest date in the articles (never the clock)."""
    value = modified_date(issue.articles)
    if value is None:
        return dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
    if "T" in value:
        return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    day = dt.date.fromisoformat(value)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def build_epub(issue: Issue, config: Config, env: jinja2.Environment,
               embed_fonts: bool = True) -> bytes:
    """The EPUB 3 file of an issue, as bytes."""
    book = epub.EpubBook()
    when = modified(issue)
    build_metadata(book, issue, config)
    images = build_images(book, issue)
    chapters = build_chapters(book, issue, env, images)
    build_stylesheet(book, issue, env, chapters, config, embed_fonts)
    build_cover(book, issue, config)
    build_navigation(book, issue, chapters)
    return package(book, when)


def build_metadata(book: epub.EpubBook, issue: Issue, config: Config) -> None:
    """Dublin Core and EPUB Accessibility 1.1 metadata."""
    publication = config.publication
    book.set_identifier(identifier(issue.identity))
    book.set_title(issue.title)
    book.set_language("vi")
    authors = dict.fromkeys(name for a in issue.articles for name in a.authors)
    for number, name in enumerate(authors, 1):
        book.add_author(name, uid=f"creator-{number}")
    book.add_metadata("DC", "publisher", publication.publisher)
    if issue.date:
        book.add_metadata("DC", "date", issue.date.isoformat())
    for tag in dict.fromkeys(t for a in issue.articles for t in a.tags):
        book.add_metadata("DC", "subject", tag)
    if issue.articles and issue.articles[0].lead and len(issue.articles) == 1:
        book.add_metadata("DC", "description", issue.articles[0].lead)
    has_images = any(isinstance(b, Figure) and b.src for a in issue.articles for b in a.blocks)
    modes = ["textual", *(["visual"] if has_images else [])]
    features = ["structuralNavigation", "tableOfContents", "readingOrder",
                "displayTransformability", *(["alternativeText"] if has_images else [])]
    for mode in modes:
        book.add_metadata(None, "meta", mode, {"property": "schema:accessMode"})
    book.add_metadata(None, "meta", "textual", {"property": "schema:accessModeSufficient"})
    for feature in features:
        book.add_metadata(None, "meta", feature, {"property": "schema:accessibilityFeature"})
    book.add_metadata(None, "meta", "none", {"property": "schema:accessibilityHazard"})
    summary = ("Văn bản có cấu trúc tiêu đề, mục lục và thứ tự đọc; ảnh có mô tả thay thế;"
               " cỡ chữ và màu do người đọc chọn." if has_images else
               "Văn bản có cấu trúc tiêu đề, mục lục và thứ tự đọc; cỡ chữ và màu do người"
               " đọc chọn.")
    book.add_metadata(None, "meta", summary, {"property": "schema:accessibilitySummary"})
    book.add_metadata(None, "meta", CONFORMS_TO, {"property": "dcterms:conformsTo"})


def build_images(book: epub.EpubBook, issue: Issue) -> dict[tuple[str, str], str]:
    """Every picture once, named by its content; (article slug, src) → path in the book."""
    names: dict[tuple[str, str], str] = {}
    stored: set[str] = set()
    for article in issue.articles:
        for block in article.blocks:
            if not isinstance(block, Figure) or not block.src:
                continue
            try:
                data = read_image(article.source, block.src)
            except (OSError, KeyError) as exc:
                raise RenderError(f"cannot read the picture {block.src} ({exc})",
                                  path=article.source) from None
            suffix = PurePosixPath(block.src.split("#")[-1]).suffix.lower() or ".jpg"
            name = f"images/{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
            names[(article.slug, block.src)] = name
            if name not in stored:
                stored.add(name)
                book.add_item(epub.EpubImage(uid=f"image-{len(stored)}", file_name=name,
                                             media_type=_media_type(name), content=data))
    return names


def _media_type(name: str) -> str:
    media = mimetypes.guess_type(name)[0] or "image/jpeg"
    return "image/jpeg" if media == "image/jpg" else media


def build_chapters(book: epub.EpubBook, issue: Issue, env: jinja2.Environment,
                   images: dict[tuple[str, str], str]) -> list[epub.EpubHtml]:
    """One XHTML document per article, from layouts/epub/chapter.html and the block templates."""
    chapters = []
    single = len(issue.articles) == 1
    for number, article in enumerate(issue.articles, 1):
        try:
            body = env.get_template("epub/chapter.html").render(
                article=article, anchor=f"a{number}", title_level=1 if single else 2,
                heading_shift=0 if single else 1,
                image_url=lambda src, slug=article.slug: "../" + images[(slug, src)])
        except jinja2.TemplateError as exc:
            raise RenderError(f"the EPUB layout template is broken ({exc}); fix"
                              f" {getattr(exc, 'filename', None) or 'layouts/epub'}",
                              path=article.source) from None
        chapter = epub.EpubHtml(title=article.title, file_name=f"text/{article.slug}.xhtml",
                                lang=article.language, uid=f"chapter-{number}")
        chapter.content = ("<html><head><title>" + _escape(article.title) + "</title></head>"
                           "<body>" + body + "</body></html>")
        book.add_item(chapter)
        chapters.append(chapter)
    return chapters


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_stylesheet(book: epub.EpubBook, issue: Issue, env: jinja2.Environment,
                     chapters: list[epub.EpubHtml], config: Config, embed_fonts: bool) -> None:
    """The reflowable stylesheet, with the fonts subset to the book's characters."""
    wanted = {("Bantin Serif", 400, "normal"), ("Bantin Serif", 700, "normal"),
              ("Bantin Serif", 400, "italic"), ("Bantin Sans", 700, "normal")}
    used = [f for f in faces(["serif", "sans"], font_dirs(config))
            if (f.family, f.weight, f.style) in wanted] if embed_fonts else []
    css = env.get_template("epub/epub.css").render(faces=used)
    style = epub.EpubItem(uid="style", file_name="styles/epub.css", media_type="text/css",
                          content=css.encode("utf-8"))
    book.add_item(style)
    for chapter in chapters:  # chapters live in text/, the stylesheet in styles/
        chapter.add_link(href="../styles/epub.css", rel="stylesheet", type="text/css")
    if not used:
        return
    text = "".join(str(c.content) for c in chapters) + issue.title + "".join(issue.cover_lines)
    with pinned_clock(epoch_of(issue.date)):
        for number, face in enumerate(used, 1):
            path = next(d / face.file for d in font_dirs(config) if (d / face.file).is_file())
            book.add_item(epub.EpubItem(uid=f"font-{number}", file_name=f"fonts/{face.file}",
                                        media_type="font/ttf", content=subset_font(path, text)))


def build_cover(book: epub.EpubBook, issue: Issue, config: Config) -> None:
    """A cover image drawn from the masthead (publication, issue, title)."""
    one_day = len(issue.articles) == 1 and issue.date  # a digest's cover names its period
    image = cover_png(config.publication.name, issue.cover_lines, issue.issue_number,
                      vietnamese_date(issue.date) if one_day else None, font_dirs(config))
    book.set_cover("images/cover.png", image, create_page=False)


def build_navigation(book: epub.EpubBook, issue: Issue, chapters: list[epub.EpubHtml]) -> None:
    """The navigation document and NCX: sections, then their articles, in order."""
    by_slug = {c.file_name: c for c in chapters}
    toc: list = []
    for section, articles in issue.sections:
        links = [epub.Link(f"text/{a.slug}.xhtml", a.title, f"nav-{a.slug}") for a in articles]
        if section is None:
            toc.extend(links)
        else:
            first = links[0].href
            toc.append((epub.Section(section, first), links))
    book.toc = toc
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title="Mục lục")
    nav.lang = "vi"
    book.add_item(nav)
    book.spine = ["nav", *by_slug.values()]


def package(book: epub.EpubBook, when: dt.datetime) -> bytes:
    """ebooklib's EPUB, repacked byte-for-byte reproducibly, `xml:lang` on the package."""
    raw = io.BytesIO()
    try:
        epub.write_epub(raw, book, {"mtime": when, "raise_exceptions": True,
                                    "epub3_pages": False})
    except Exception as exc:  # ebooklib raises bare Exceptions; never swallow them
        raise RenderError(f"ebooklib could not write the EPUB ({exc})") from exc
    entries: dict[str, bytes] = {}
    with zipfile.ZipFile(raw) as archive:
        for info in archive.infolist():
            entries[info.filename] = archive.read(info)
    entries["EPUB/content.opf"] = _fix_package(entries["EPUB/content.opf"])
    order = [n for n in _ZIP_ORDER if n in entries] + sorted(
        n for n in entries if n not in _ZIP_ORDER)
    out = io.BytesIO()
    stamp = (max(1980, when.year), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w") as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            stored = name == "mimetype"
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name], compresslevel=None if stored else 6)
    return out.getvalue()


def _fix_package(opf: bytes) -> bytes:
    """`xml:lang` on <package> (ebooklib leaves it out; Ace asks for it)."""
    root = etree.fromstring(opf)
    root.set(_XML_LANG, "vi")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
