"""EPUB 3 issues for archives: valid, accessible, reproducible.

One function makes the EPUB of a `Book` (one article, or a digest's
articles by section); like Sphinx's EPUB builder it is a short list of
named steps. ebooklib assembles the package; the last step repacks it so
the same input gives the same bytes: `mimetype` first and stored, entries
in a fixed order with the book's date as their time, and
`dcterms:modified` from the Contracts' dates rule, never the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import mimetypes
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import jinja2
from ebooklib import epub
from lxml import etree

from ..config import Config
from ..errors import RenderError
from ..i18n import _
from ..model import Article, Figure
from ..resources import font_dirs, read_image
from .cover import cover_png
from .fonts import face_path, faces
from .glyphs import fallback_signs
from .html import printed, vietnamese_date
from .identity import identifier, modified
from .subset import subset_font, subset_signs

log = logging.getLogger(__name__)

CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ZIP_ORDER = ("mimetype", "META-INF/container.xml", "EPUB/content.opf")


@dataclass(frozen=True, kw_only=True, slots=True)
class Book:
    """What an EPUB holds: articles grouped by section, and who publishes them."""

    title: str
    """The book's title (an article's title, or "Bản tin tháng 11/2022")."""
    identity: tuple[str, ...]
    """Publisher and slug and date (article) or publisher and period (digest)."""
    sections: tuple[tuple[str | None, tuple[Article, ...]], ...]
    """(section title or None, its articles) in printed order."""
    date: dt.date | None
    """The book's date (dc:date)."""
    cover_lines: tuple[str, ...] = ()
    """Text of the generated cover, after the publication's name."""
    issue_number: int | None = None
    """From `[publication] issues`; never guessed."""
    articles: tuple[Article, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "articles",
                           tuple(a for _, articles in self.sections for a in articles))


def article_book(article: Article, config: Config) -> Book:
    """The one-article book of a single article's EPUB."""
    return Book(title=article.title, date=article.date,
                 identity=(config.publication.publisher, *article.identity_parts),
                 sections=((None, (article,)),), cover_lines=(article.title,))


def build_epub(book: Book, config: Config, env: jinja2.Environment,
               embed_fonts: bool = True) -> bytes:
    """The EPUB 3 file of an book, as bytes."""
    epub_book = epub.EpubBook()
    # No date anywhere: the earliest time a ZIP file can hold, never the clock.
    when = modified(book.articles) or dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
    build_metadata(epub_book, book, config)
    images = build_images(epub_book, book)
    chapters = build_chapters(epub_book, book, env, images, config)
    build_stylesheet(epub_book, book, env, chapters, config, embed_fonts)
    build_cover(epub_book, book, config)
    build_navigation(epub_book, book, chapters)
    return package(epub_book, when)


def build_metadata(epub_book: epub.EpubBook, book: Book, config: Config) -> None:
    """Dublin Core and EPUB Accessibility 1.1 metadata."""
    publication = config.publication
    epub_book.set_identifier(identifier(*book.identity).urn)
    epub_book.set_title(book.title)
    epub_book.set_language("vi")
    authors = dict.fromkeys(name for a in book.articles for name in a.creators)
    for number, name in enumerate(authors, 1):
        epub_book.add_author(name, uid=f"creator-{number}")
    epub_book.add_metadata("DC", "publisher", publication.publisher)
    if book.date:
        epub_book.add_metadata("DC", "date", book.date.isoformat())
    for tag in dict.fromkeys(t for a in book.articles for t in a.tags):
        epub_book.add_metadata("DC", "subject", tag)
    if book.articles and book.articles[0].lead and len(book.articles) == 1:
        epub_book.add_metadata("DC", "description", book.articles[0].lead)
    has_images = any(isinstance(b, Figure) and b.src for a in book.articles for b in a.blocks)
    modes = ["textual", *(["visual"] if has_images else [])]
    features = ["structuralNavigation", "tableOfContents", "readingOrder",
                "displayTransformability", *(["alternativeText"] if has_images else [])]
    for mode in modes:
        epub_book.add_metadata(None, "meta", mode, {"property": "schema:accessMode"})
    epub_book.add_metadata(None, "meta", "textual", {"property": "schema:accessModeSufficient"})
    for feature in features:
        epub_book.add_metadata(None, "meta", feature, {"property": "schema:accessibilityFeature"})
    epub_book.add_metadata(None, "meta", "none", {"property": "schema:accessibilityHazard"})
    summary = ("Văn bản có cấu trúc tiêu đề, mục lục và thứ tự đọc; ảnh có mô tả thay thế;"
               " cỡ chữ và màu do người đọc chọn." if has_images else
               "Văn bản có cấu trúc tiêu đề, mục lục và thứ tự đọc; cỡ chữ và màu do người"
               " đọc chọn.")
    epub_book.add_metadata(None, "meta", summary, {"property": "schema:accessibilitySummary"})
    epub_book.add_metadata(None, "meta", CONFORMS_TO, {"property": "dcterms:conformsTo"})


def build_images(epub_book: epub.EpubBook, book: Book) -> dict[tuple[str, str], str]:
    """Every picture once, named by its content; (article slug, src) → path in the book."""
    names: dict[tuple[str, str], str] = {}
    stored: set[str] = set()
    for article in book.articles:
        for block in article.blocks:
            if not isinstance(block, Figure) or not block.src:
                continue
            try:
                data = read_image(article.source, block.src)
            except (OSError, KeyError) as exc:
                raise RenderError(_("cannot read the picture {src} ({exc})").format(
                                      src=block.src, exc=exc),
                                  path=article.source) from None
            suffix = PurePosixPath(block.src.split("#")[-1]).suffix.lower() or ".jpg"
            name = f"images/{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
            names[(article.slug, block.src)] = name
            if name not in stored:
                stored.add(name)
                epub_book.add_item(epub.EpubImage(uid=f"image-{len(stored)}", file_name=name,
                                             media_type=_media_type(name), content=data))
    return names


def _media_type(name: str) -> str:
    media = mimetypes.guess_type(name)[0] or "image/jpeg"
    return "image/jpeg" if media == "image/jpg" else media


def build_chapters(epub_book: epub.EpubBook, book: Book, env: jinja2.Environment,
                   images: dict[tuple[str, str], str], config: Config) -> list[epub.EpubHtml]:
    """One XHTML document per article, from layouts/epub/chapter.html and the block templates
    (a document's recipients last, or left out: `html.printed`)."""
    chapters = []
    single = len(book.articles) == 1
    for number, article in enumerate(book.articles, 1):
        article = printed(article, config)
        try:
            body = env.get_template("epub/chapter.html").render(
                article=article, anchor=f"a{number}", title_level=1 if single else 2,
                heading_shift=0 if single else 1,
                image_url=lambda src, slug=article.slug: "../" + images[(slug, src)])
        except jinja2.TemplateError as exc:
            raise RenderError(_("the EPUB layout template is broken ({exc}); fix {template}")
                              .format(exc=exc, template=getattr(exc, "filename", None)
                                      or "layouts/epub"),
                              path=article.source) from None
        chapter = epub.EpubHtml(title=article.title, file_name=f"text/{article.slug}.xhtml",
                                lang=article.language, uid=f"chapter-{number}")
        chapter.content = ("<html><head><title>" + _escape(article.title) + "</title></head>"
                           "<body>" + body + "</body></html>")
        epub_book.add_item(chapter)
        chapters.append(chapter)
    return chapters


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_stylesheet(epub_book: epub.EpubBook, book: Book, env: jinja2.Environment,
                     chapters: list[epub.EpubHtml], config: Config, embed_fonts: bool) -> None:
    """The reflowable stylesheet, with the fonts subset to the book's characters.

    A symbol face (`fonts.FALLBACK_FAMILIES`) is embedded only when the book
    uses a sign the text faces lack, and then with only those signs; else the
    reader's own fonts would draw them, or not.
    """
    wanted = {("Bantin Serif", 400, "normal"), ("Bantin Serif", 700, "normal"),
              ("Bantin Serif", 400, "italic"), ("Bantin Sans", 700, "normal")}
    folders = font_dirs(config)
    used = [f for f in faces(["serif", "sans"], folders)
            if (f.family, f.weight, f.style) in wanted] if embed_fonts else []
    text = "".join(str(c.content) for c in chapters) + book.title + "".join(book.cover_lines)
    signs = fallback_signs(text, [face_path(face, folders) for face in used], folders)
    css = env.get_template("epub/epub.css").render(faces=[*used, *signs],
                                                   fallback_families=[f.family for f in signs])
    style = epub.EpubItem(uid="style", file_name="styles/epub.css", media_type="text/css",
                          content=css.encode("utf-8"))
    epub_book.add_item(style)
    for chapter in chapters:  # chapters live in text/, the stylesheet in styles/
        chapter.add_link(href="../styles/epub.css", rel="stylesheet", type="text/css")
    if not used:
        return
    for number, face in enumerate(used, 1):
        epub_book.add_item(epub.EpubItem(uid=f"font-{number}", file_name=f"fonts/{face.file}",
                                         media_type="font/ttf",
                                         content=subset_font(face_path(face, folders), text)))
    for number, (face, chars) in enumerate(signs.items(), len(used) + 1):
        epub_book.add_item(epub.EpubItem(uid=f"font-{number}", file_name=f"fonts/{face.file}",
                                         media_type="font/ttf",
                                         content=subset_signs(face_path(face, folders), chars)))


def build_cover(epub_book: epub.EpubBook, book: Book, config: Config) -> None:
    """A cover image drawn from the masthead (publication, book, title)."""
    one_day = book.date if len(book.articles) == 1 else None  # a digest's cover names its period
    image = cover_png(config.publication.name, book.cover_lines, book.issue_number,
                      vietnamese_date(one_day) if one_day else None, font_dirs(config))
    epub_book.set_cover("images/cover.png", image, create_page=False)


def build_navigation(epub_book: epub.EpubBook, book: Book, chapters: list[epub.EpubHtml]) -> None:
    """The navigation document and NCX: sections, then their articles, in order."""
    by_slug = {c.file_name: c for c in chapters}
    toc: list[epub.Link | tuple[epub.Section, list[epub.Link]]] = []
    for section, articles in book.sections:
        links = [epub.Link(f"text/{a.slug}.xhtml", a.title, f"nav-{a.slug}") for a in articles]
        if section is None:
            toc.extend(links)
        else:
            first = links[0].href
            toc.append((epub.Section(section, first), links))
    epub_book.toc = toc
    epub_book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title="Mục lục")
    nav.lang = "vi"
    epub_book.add_item(nav)
    epub_book.spine = ["nav", *by_slug.values()]


def package(epub_book: epub.EpubBook, when: dt.datetime) -> bytes:
    """ebooklib's EPUB, repacked byte-for-byte reproducibly, `xml:lang` on the package."""
    raw = io.BytesIO()
    try:
        # Unpacked and packed again below: ebooklib's own archive need not be compressed.
        epub.write_epub(raw, epub_book, {"mtime": when, "raise_exceptions": True,
                                    "epub3_pages": False, "compresslevel": 0})
    except Exception as exc:  # ebooklib raises bare Exceptions; never swallow them
        raise RenderError(_("ebooklib could not write the EPUB ({exc})").format(exc=exc)) from exc
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
