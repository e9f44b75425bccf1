"""The web application of `bantin serve` (Starlette): pages, previews, corrections.

Every page is rendered on the server from Jinja2 templates; the one script
(`static/desk.js`, ours) only asks `/status` for changes and swaps the
page's main region when the project was rebuilt. Nothing is fetched from
elsewhere. Only the project's outputs (`output/`) and previews
(`.bantin-cache/previews/`) are served; every request that changes a file
carries the page's CSRF token.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import secrets
import zipfile
from collections.abc import Callable, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

import jinja2

# Starlette parses the correction forms with it: imported here so that a missing install
# fails when the desk starts, not at the first correction.
import python_multipart  # noqa: F401
from lxml import html as lxml_html
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..collate import Arrangement, arrangement_file, save_arrangement
from ..dates import DateProblem, parse_date
from ..errors import BantinError
from ..i18n import N_, translations
from ..normalize import corrections
from ..periods import Period, PeriodProblem, parse_period
from ..sources.decode import decode
from . import previews
from .desk import Desk, Entry

log = logging.getLogger("pipeline")

HERE = Path(__file__).parent
TEXT_SOURCES = {".md", ".markdown", ".txt", ".html", ".htm", ".json"}
SHOWN_LINES = 3000
"""Lines of a source shown beside its article (the rest is summarised)."""


def make_app(desk: Desk, *, language: str = "vi", hosts: tuple[str, ...] = ()) -> Starlette:
    """The application serving `desk`'s project."""
    token = secrets.token_urlsafe(32)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                             autoescape=True, extensions=["jinja2.ext.i18n"],
                             undefined=jinja2.StrictUndefined)
    gettext = translations(language).gettext
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(csrf=token, language=language, version_of=lambda: desk.version,
                       bantin_version=__version__, flag_label=_flag_label)
    env.filters["vndate"] = _vndate

    def page(request: Request, name: str, status: int = 200, **values: Any) -> Response:
        with desk._lock:
            progress, load_error = desk.progress, desk.load_error
        def url_for(route: str, **params: Any) -> str:
            return str(request.app.url_path_for(route, **params))

        body = env.get_template(name).render(request=request, desk=desk, progress=progress,
                                             load_error=load_error, url_for=url_for, **values)
        return Response(body, status_code=status, media_type="text/html; charset=utf-8")

    def period_named(name: str) -> Period:
        try:
            return parse_period(name)
        except PeriodProblem:
            raise HTTPException(404) from None

    def entry_named(slug: str) -> Entry:
        entry = desk.snapshot.entries.get(slug)
        if entry is None:
            raise HTTPException(404)
        return entry

    async def checked_form(request: Request) -> dict[str, str]:
        """The posted form, once its CSRF token and origin are checked (403 otherwise)."""
        form = await request.form()
        sent = str(form.get("csrf", ""))
        origin = request.headers.get("origin")
        if not hmac.compare_digest(sent.encode(), token.encode()) or (
                origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}"):
            raise HTTPException(403)
        return {k: str(v) for k, v in form.items()}

    # -- pages ------------------------------------------------------------------------------

    async def home(request: Request) -> Response:
        periods = desk.snapshot.periods
        name = request.query_params.get("period", "").strip()
        if name:
            try:
                period = parse_period(name)
            except PeriodProblem as problem:
                return page(request, "month.html", status=400, period=None,
                            entries=[], problem=str(problem), asked=name)
            return RedirectResponse(request.url_for("period", name=period.name), 303)
        if periods:
            return RedirectResponse(request.url_for("period", name=periods[-1].name), 303)
        return page(request, "month.html", period=None, entries=_ranked(desk.snapshot.undated()),
                    problem=None, asked="")

    async def period_view(request: Request) -> Response:
        period = period_named(request.path_params["name"])
        entries = _ranked(desk.snapshot.of_period(period)) + _ranked(desk.snapshot.undated())
        return page(request, "month.html", period=period, entries=entries, problem=None,
                    asked=period.name)

    async def article_page(request: Request, entry: Entry, *, status: int = 200,
                           saved: str | None = None, problems: Sequence[str] = (),
                           form: dict[str, str] | None = None) -> Response:
        """One article's page: the form holds what was sent when it had problems."""
        source = await run_in_threadpool(_source_lines, entry)
        epub = await run_in_threadpool(_epub_text, desk, entry)
        return page(request, "article.html", status=status, entry=entry,
                    article=entry.article, source=source, epub=epub,
                    variants=_variants(desk, entry, gettext), sections=_sections(desk),
                    saved=saved, problems=list(problems),
                    values={**_values(entry), **(form or {})})

    async def article_view(request: Request) -> Response:
        entry = entry_named(request.path_params["slug"])
        desk.want_previews(entry.slug)
        return await article_page(request, entry, saved=request.query_params.get("saved"))

    async def correct(request: Request) -> Response:
        entry = entry_named(request.path_params["slug"])
        form = await checked_form(request)
        changes, problems = _changes(entry, form)
        if problems:
            return await article_page(request, entry, status=400, problems=problems,
                                      form=form)
        if changes:
            try:
                await run_in_threadpool(corrections.save, entry.article, changes)
            except (BantinError, OSError) as error:
                message = error.format_message() if isinstance(error, BantinError) else str(error)
                raise HTTPException(500, message) from None
            desk.changed(focus=entry.slug)
        return RedirectResponse(str(request.url_for("article", slug=entry.slug))
                                + ("?saved=1" if changes else "?saved=0"), 303)

    async def digest_view(request: Request) -> Response:
        period = period_named(request.path_params["name"])
        digest, jobs, problem = await run_in_threadpool(desk.digest, period)
        if digest is not None:
            desk.want_digest(period)
        variants = []
        contents: list[tuple[int, str, str]] = []
        for job in jobs:
            data = previews.count(desk.previews, job.key) if previews.ready(
                desk.previews, job.key) else None
            variants.append({"name": job.variant, "key": job.key, "pages": data,
                             "label": _variant_label(desk, job.variant, gettext)})
            if not contents and data:
                pdf = await run_in_threadpool(desk.pdf_bytes, job.key)
                contents = previews.outline(pdf) if pdf else []
        pages = {title: number for _, title, number in contents}
        return page(request, "digest.html", period=period, digest=digest, problem=problem,
                    variants=variants, pages=pages, sections=_sections(desk),
                    arranged=arrangement_file(desk.project / "input" / "digests", period)
                    .is_file())

    async def arrange(request: Request) -> Response:
        period = period_named(request.path_params["name"])
        form = await checked_form(request)
        digest, _, problem = await run_in_threadpool(desk.digest, period)
        if digest is None:
            raise HTTPException(404, problem or "")
        arrangement = _rearranged(digest.sections, form)
        if arrangement is not None:
            folder = desk.project / "input" / "digests"
            await run_in_threadpool(save_arrangement, folder, period, arrangement)
            desk.changed()
        anchor = form.get("slug", "")
        return RedirectResponse(str(request.url_for("digest", name=period.name))
                                + (f"#a-{anchor}" if anchor else ""), 303)

    # -- data ------------------------------------------------------------------------------

    async def status(request: Request) -> Response:
        try:
            since = int(request.query_params.get("since", "-1"))
        except ValueError:
            since = -1
        wait = 20.0 if since >= 0 else 0.0
        version = await run_in_threadpool(desk.wait_for_change, since, wait)
        with desk._lock:
            progress, load_error = desk.progress, desk.load_error
        env_ = translations(language)
        return JSONResponse({
            "version": version, "building": progress.building, "done": progress.done,
            "total": progress.total, "error": load_error,
            "text": _progress_text(env_.gettext, progress.building, progress.done,
                                   progress.total),
        })

    async def preview(request: Request) -> Response:
        key, number = request.path_params["key"], request.path_params["page"]
        if not previews.KEY.match(key) or number < 1:
            raise HTTPException(404)
        path = await run_in_threadpool(previews.page, desk.previews, key, number,
                                       lambda: desk.pdf_bytes(key))
        if path is None:
            raise HTTPException(404)
        return FileResponse(path, media_type="image/png",
                            headers={"Cache-Control": "max-age=86400, immutable"})

    async def output_file(request: Request) -> Response:
        path = _inside(desk.project / "output", request.path_params["path"])
        if path is None or path.suffix not in (".pdf", ".epub", ".json"):
            raise HTTPException(404)
        return FileResponse(path, filename=path.name)

    # -- errors ----------------------------------------------------------------------------

    async def http_error(request: Request, exc: Exception) -> Response:
        code = getattr(exc, "status_code", 500)
        detail = getattr(exc, "detail", "")
        return page(request, "error.html", status=code, code=code,
                    detail=detail if code == 500 else "")

    async def server_error(request: Request, exc: Exception) -> Response:
        log.debug("serving %s failed", request.url.path, exc_info=exc)
        try:
            return page(request, "error.html", status=500, code=500, detail=str(exc))
        except Exception:  # the error page itself failed: a plain line, never a traceback
            return Response(f"error: {exc}", status_code=500, media_type="text/plain")

    routes = [
        Route("/", home, name="home"),
        Route("/period/{name}", period_view, name="period"),
        Route("/article/{slug}", article_view, name="article"),
        Route("/article/{slug}/correct", correct, methods=["POST"], name="correct"),
        Route("/digest/{name}", digest_view, name="digest"),
        Route("/digest/{name}/arrange", arrange, methods=["POST"], name="arrange"),
        Route("/status", status, name="status"),
        Route("/preview/{key}/{page:int}.png", preview, name="preview"),
        Route("/files/{path:path}", output_file, name="file"),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    allowed = ["127.0.0.1", "localhost", "[::1]", *hosts]
    return Starlette(routes=routes, middleware=[
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed)],
        exception_handlers={HTTPException: http_error, Exception: server_error})


# -- helpers ---------------------------------------------------------------------------------


def _ranked(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: e.rank)


def _inside(folder: Path, relative: str) -> Path | None:
    """`folder/relative` when it is a regular file inside `folder`; None for `..`, absolute
    paths, links and anything else."""
    parts = Path(relative).parts
    if not parts or Path(relative).is_absolute() or any(p in ("..", ".") for p in parts) \
            or "\\" in relative or "\0" in relative:
        return None
    path = folder / relative
    try:
        if path.is_symlink() or not path.is_file():
            return None
        if not path.resolve().is_relative_to(folder.resolve()):
            return None
    except (OSError, ValueError):
        return None
    return path


def _vndate(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


FLAGS = {"failed": N_("render failed"), "undated": N_("no date"),
         "no-image": N_("figure without a picture"), "captions": N_("captions guessed"),
         "dropped": N_("lines dropped"), "warnings": N_("warnings")}
"""What an article's flags say (translated in the template)."""
NOTE_ACTIONS = (N_("dropped"), N_("found"))
"""What a reader did with a line (`Note.action`), translated in the page."""
BUILDING = N_("Building: %(done)d of %(total)d outputs")
READING = N_("Reading the sources…")
UP_TO_DATE = N_("Up to date")


def _flag_label(flag: str) -> str:
    """The English msgid of a flag (translated in the template)."""
    return FLAGS[flag]


def _progress_text(gettext: Callable[[str], str], building: bool, done: int,
                   total: int) -> str:
    if building and total:
        return gettext(BUILDING) % {"done": done, "total": total}
    return gettext(READING if building else UP_TO_DATE)


VARIANT_NAMES = {"standard": N_("Standard print"), "large": N_("Large print"),
                 "xlarge": N_("Extra-large print")}
"""The sample configuration's variants by what readers call them; others by their own name."""


def _variant_label(desk: Desk, variant: str | None, gettext: Callable[[str], str]) -> str:
    if variant is None:
        return "EPUB"
    name = gettext(VARIANT_NAMES[variant]) if variant in VARIANT_NAMES else variant
    settings = desk.config.variants.get(variant)
    return f"{name} ({settings.body_size:g} pt)" if settings else name


def _variants(desk: Desk, entry: Entry, gettext: Callable[[str], str]) -> list[dict[str, Any]]:
    found = []
    for job in entry.jobs:
        if job.format != "pdf":
            continue
        made = previews.ready(desk.previews, job.key)
        found.append({"name": job.variant, "label": _variant_label(desk, job.variant, gettext),
                      "key": job.key, "pages": previews.count(desk.previews, job.key)
                      if made else None,
                      "file": job.target if (desk.project / "output" / job.target).is_file()
                      else None})
    return found


def _sections(desk: Desk) -> list[str]:
    names = {e.article.section for e in desk.snapshot.entries.values() if e.article.section}
    names.update(desk.config.digest.section_order)
    return sorted(names)


def _values(entry: Entry) -> dict[str, str]:
    article = entry.article
    return {"title": article.title, "date": article.date.isoformat() if article.date else "",
            "lead": article.lead or "", "byline": article.byline or "",
            "section": article.section or "", "tags": ", ".join(article.tags)}


def _changes(entry: Entry, form: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The fields the form changed, typed as a `.fix.toml` holds them, and the problems."""
    before = _values(entry)
    changes: dict[str, Any] = {}
    problems: list[str] = []
    for name in corrections.FIELDS:
        value = " ".join(form.get(name, before[name]).split()) if name != "lead" else \
            form.get(name, before[name]).strip()
        if value == before[name]:
            continue
        if name == "title" and not value:
            problems.append("title")
            continue
        if name == "date" and value:
            try:
                value = parse_date(value).isoformat()
            except DateProblem:
                problems.append("date")
                continue
        if name == "tags":
            changes[name] = [t.strip() for t in value.split(",") if t.strip()]
        else:
            changes[name] = value
    return changes, problems


def _source_lines(entry: Entry) -> dict[str, Any]:
    """The source as saved, line by line, each line with the reader's notes about it."""
    path = entry.article.source
    notes: dict[int, list[Any]] = {}
    unplaced = []
    if entry.report is not None:
        for note in entry.report.raw.notes:
            if note.line:
                notes.setdefault(note.line, []).append(note)
            else:
                unplaced.append(note)
    shown: dict[str, Any] = {"path": path.name, "format": path.suffix.lower().lstrip("."),
                             "lines": [], "more": 0, "notes": unplaced, "text": False}
    if path.suffix.lower() not in TEXT_SOURCES:
        shown["notes"] = [n for line in sorted(notes) for n in notes[line]] + unplaced
        return shown
    try:
        text, _ = decode(path.read_bytes(), path)
    except (OSError, BantinError) as error:
        shown["error"] = str(error)
        return shown
    lines = text.splitlines()
    shown["text"] = True
    shown["lines"] = [(number, line, notes.get(number, []))
                      for number, line in enumerate(lines[:SHOWN_LINES], start=1)]
    shown["more"] = max(0, len(lines) - SHOWN_LINES)
    return shown


def _epub_text(desk: Desk, entry: Entry) -> list[tuple[str, str]] | None:
    """The article's EPUB text as (element, text) pairs, or None until it is made."""
    job = next((j for j in entry.jobs if j.format == "epub"), None)
    data = desk.pdf_bytes(job.key) if job else None
    if data is None:
        return None
    found: list[tuple[str, str]] = []
    with zipfile.ZipFile(BytesIO(data)) as epub:
        for name in sorted(epub.namelist()):
            if not name.endswith(".xhtml") or name.endswith("nav.xhtml"):
                continue
            tree = lxml_html.fromstring(epub.read(name))
            for element in tree.iter("h1", "h2", "h3", "h4", "p", "li", "figcaption"):
                text = " ".join("".join(map(str, element.itertext())).split())
                if text:
                    found.append((str(element.tag), text))
    return found


def _rearranged(sections: tuple[tuple[str, tuple[Any, ...]], ...],
                form: dict[str, str]) -> Arrangement | None:
    """The arrangement after one move asked for by the digest page's buttons."""
    layout = [(name, [a.slug for a in members]) for name, members in sections]
    moved: dict[str, str] = {}
    action, slug = form.get("action", ""), form.get("slug", "")
    if action in ("up", "down"):
        for _, slugs in layout:
            if slug in slugs:
                index = slugs.index(slug)
                other = index - 1 if action == "up" else index + 1
                if 0 <= other < len(slugs):
                    slugs[index], slugs[other] = slugs[other], slugs[index]
                break
        else:
            return None
    elif action in ("section-up", "section-down"):
        names = [name for name, _ in layout]
        section = form.get("section", "")
        if section not in names:
            return None
        index = names.index(section)
        other = index - 1 if action == "section-up" else index + 1
        if 0 <= other < len(layout):
            layout[index], layout[other] = layout[other], layout[index]
    elif action == "move":
        target = " ".join(form.get("section", "").split())
        if not target or not any(slug in slugs for _, slugs in layout):
            return None
        for _, slugs in layout:
            if slug in slugs:
                slugs.remove(slug)
        for name, slugs in layout:
            if name == target:
                slugs.append(slug)
                break
        else:
            layout.append((target, [slug]))
        moved[slug] = target
    else:
        return None
    return Arrangement(section_order=tuple(name for name, slugs in layout if slugs),
                       order=tuple(s for _, slugs in layout for s in slugs),
                       sections=moved)
