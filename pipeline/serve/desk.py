"""The state behind `bantin serve`: the project as last read, its builds and its previews.

One `Desk` per served project. Three kinds of work happen beside the web
requests, each in a thread of its own:

- the **builder** reads `input/` again and runs the ordinary incremental
  `build` whenever something changed (a file under `input/` or `layouts/`,
  `bantin.toml`, a correction made in the page), one build at a time,
  coalescing the changes that come in while one runs;
- the **urgent** thread makes the PDFs of the article someone is looking at
  (or has just corrected) ahead of the whole build, with the same pure jobs
  in a worker process under the `[build]` limits, so its previews appear in
  seconds even while a cold build of the month runs;
- the **watcher** (watchfiles) tells the builder what changed on disk.

Every change bumps `version`; the open page asks for it and updates itself.
Previews (PNG images of the real PDF pages) are kept in
`.bantin-cache/previews/<job key>/`, never under `output/`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..build import Outcome, build
from ..cache import CACHE_DIR, Cache
from ..collate import collate, months_present
from ..config import Config, load_config
from ..corpus import Report, input_folder, load, with_extras
from ..errors import BantinError
from ..i18n import _
from ..model import Article, Digest, Figure
from ..periods import Period
from ..plan import Job, Planner
from ..runner import run
from . import previews

log = logging.getLogger("pipeline")

FORMATS = ("pdf", "epub")
URGENT_WORKERS = 3
"""Worker processes making the viewed article's PDFs ahead of the build."""


def _import_weasyprint() -> None:
    import weasyprint  # noqa: F401


@dataclass(frozen=True, kw_only=True)
class Entry:
    """One article as the desk shows it: the article, what its reader did, its problems."""

    article: Article
    report: Report | None
    jobs: tuple[Job, ...]
    """Its print variants' PDFs, then its EPUB."""
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    """Render errors of its outputs (the last build's)."""

    @property
    def slug(self) -> str:
        return self.article.slug

    @property
    def dropped(self) -> int:
        """Lines the reader left out (boilerplate, menus, …)."""
        return sum(1 for n in self.report.raw.notes if n.action == "dropped") \
            if self.report else 0

    @property
    def guessed_captions(self) -> int:
        """Captions the reader took from the text around a picture, not from markup."""
        if self.report is None:
            return 0
        return sum(1 for n in self.report.raw.notes
                   if n.action == "found" and "caption" in n.what)

    @property
    def figures_without_image(self) -> int:
        return sum(1 for b in self.article.blocks if isinstance(b, Figure) and not b.src)

    @property
    def encoding(self) -> str:
        return self.report.raw.encoding if self.report else "utf-8"

    @property
    def repaired(self) -> bool:
        """Decoded from a legacy encoding (TCVN3, VNI, …) or repaired mojibake."""
        return self.encoding.lower().replace("_", "-") not in ("utf-8", "unicode", "utf-8-sig")

    @property
    def flags(self) -> tuple[str, ...]:
        """What needs a look, most serious first (names the templates translate)."""
        flags = []
        if self.errors:
            flags.append("failed")
        if self.article.date is None:
            flags.append("undated")
        if self.figures_without_image:
            flags.append("no-image")
        if self.guessed_captions:
            flags.append("captions")
        if self.dropped:
            flags.append("dropped")
        if self.warnings:
            flags.append("warnings")
        return tuple(flags)

    @property
    def rank(self) -> tuple[int, str, str]:
        """Failed renders, then undated articles, then guessed structure, then the rest."""
        order = ("failed", "undated", "no-image", "captions", "dropped", "warnings")
        first = min((order.index(f) for f in self.flags), default=len(order))
        return (first, self.article.date.isoformat() if self.article.date else "",
                self.article.slug)


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """The project as read at one moment."""

    entries: dict[str, Entry] = field(default_factory=dict)
    """By slug."""
    errors: tuple[BantinError, ...] = ()
    """Sources that could not be read at all."""
    periods: tuple[Period, ...] = ()
    """Every month with a dated article."""
    read_at: float = 0.0

    def of_period(self, period: Period) -> list[Entry]:
        return [e for e in self.entries.values()
                if e.article.date is not None and e.article.date in period]

    def undated(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.article.date is None]


@dataclass
class Progress:
    """The running build, as the page shows it."""

    building: bool = False
    done: int = 0
    total: int = 0
    current: str = ""
    finished_at: float = 0.0
    last: Outcome | None = None


class _Capture(logging.Handler):
    """Keeps the warnings logged by one thread while it reads or builds."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread and record.levelno < logging.ERROR:
            self.messages.append(record.getMessage())


@contextmanager
def _capturing() -> Iterator[list[str]]:
    handler = _Capture()
    log.addHandler(handler)
    try:
        yield handler.messages
    finally:
        log.removeHandler(handler)


def _about(messages: Iterable[str], source: Path) -> tuple[str, ...]:
    """The messages that name `source` (warnings begin with the file they are about)."""
    names = (str(source), str(source.resolve()))
    return tuple(m for m in messages if m.startswith(names))


class Desk:
    """One project being served."""

    def __init__(self, config: Config, config_file: Path | None = None) -> None:
        self.project = config.project
        self.config = config
        self.config_file = config_file
        self.previews = self.project / CACHE_DIR / "previews"
        self.version = 0
        self.snapshot = Snapshot()
        self.progress = Progress()
        self.load_error: str | None = None
        self._warnings: list[str] = []
        self._render_errors: dict[Path, tuple[str, ...]] = {}
        """Render errors by source (the last build's, or the urgent thread's)."""
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._wanted = threading.Event()
        self._urgent: list[str] = []
        self._urgent_ready = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    # -- lifecycle ------------------------------------------------------------------------

    def start(self, *, watch: bool = True) -> None:
        """Read the project now (the month view is usable at once), then build behind it."""
        # WeasyPrint takes most of a second to import: do it now, not in the first preview.
        threading.Thread(target=_import_weasyprint, name="bantin-import", daemon=True).start()
        self.refresh()
        self._wanted.set()
        targets = [self._builder, self._urgent_loop] + ([self._watcher] if watch else [])
        for target in targets:
            thread = threading.Thread(target=target, name=f"bantin-{target.__name__}",
                                      daemon=True)
            thread.start()
            self._threads.append(thread)

    def stopping(self) -> None:
        """Stop taking work; answer the pages waiting for a change now."""
        self._stop.set()
        self._wanted.set()
        self._urgent_ready.set()
        with self._changed:
            self._changed.notify_all()

    def stop(self) -> None:
        self.stopping()
        for thread in self._threads:
            thread.join(timeout=2)

    def _bump(self) -> None:
        with self._changed:
            self.version += 1
            self._changed.notify_all()

    def wait_for_change(self, version: int, timeout: float) -> int:
        """Block until the version is past `version` (or the timeout); the version then."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != version or self._stop.is_set(),
                                   timeout=timeout)
            return self.version

    def changed(self, focus: str | None = None) -> None:
        """Something changed (a correction, a file): read again and rebuild; `focus` is an
        article whose previews are wanted first."""
        if focus is not None:
            self.want_previews(focus, reread=True)
        self._wanted.set()

    # -- reading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the configuration and every source again."""
        try:
            config = load_config(self.project, self.config_file)
        except BantinError as error:
            with self._lock:
                self.load_error = error.format_message()
            self._bump()
            return
        with _capturing() as warnings:
            try:
                corpus = load([input_folder(config)], config, report=True)
            except BantinError as error:
                with self._lock:
                    self.config, self.load_error = config, error.format_message()
                    self.snapshot = Snapshot(errors=(error,), read_at=time.time())
                self._bump()
                return
        planner = Planner(config)
        variants = list(config.variants)
        reports = {r.article.slug: r for r in corpus.reports}
        with self._lock:
            self._warnings = [*warnings]
            entries = {}
            for article in corpus.articles:
                jobs = tuple(planner.article_jobs(article, variants, FORMATS))
                entries[article.slug] = Entry(
                    article=article, report=reports.get(article.slug), jobs=jobs,
                    warnings=_about(self._warnings, article.source),
                    errors=self._render_errors.get(article.source, ()))
            self.config, self.load_error = config, None
            self.snapshot = Snapshot(entries=entries, errors=corpus.errors,
                                     periods=tuple(months_present(corpus.articles)),
                                     read_at=time.time())
        self._bump()

    def digest(self, period: Period) -> tuple[Digest | None, list[Job], str | None]:
        """The period's digest as it will print, its PDF jobs, or why there is none."""
        with self._lock:
            config, articles = self.config, [e.article for e in self.snapshot.entries.values()]
        try:
            digest = with_extras(collate(articles, period, config), config, [])
        except BantinError as error:
            return None, [], error.message
        jobs = Planner(config).digest_jobs(digest, list(config.variants), ("pdf",))
        return digest, jobs, None

    # -- building ------------------------------------------------------------------------------

    def _builder(self) -> None:
        while not self._stop.is_set():
            self._wanted.wait()
            if self._stop.is_set():
                return
            self._wanted.clear()
            time.sleep(0.2)  # let a burst of file events settle into one build
            self._wanted.clear()
            self.refresh()
            self._build()

    def _build(self) -> None:
        with self._lock:
            config = self.config
            self.progress = Progress(building=True, last=self.progress.last)
        self._bump()

        def tell(done: int, total: int, target: str, status: str) -> None:
            with self._lock:
                self.progress.done, self.progress.total = done, total
                self.progress.current = target
                if status != "cached" or done == total:
                    self._bump()

        outcome: Outcome | None = None
        try:
            with _capturing():
                outcome = build(config, progress=tell)
        except BantinError as error:
            with self._lock:
                self.load_error = error.format_message()
        except Exception as exc:  # the server must outlive a failed build
            log.debug("the build failed", exc_info=True)
            with self._lock:
                self.load_error = _("the build failed ({reason}); the previous outputs are"
                                    " kept").format(reason=exc)
        with self._lock:
            self.progress = Progress(building=False, finished_at=time.time(), last=outcome,
                                     done=self.progress.done, total=self.progress.total)
            if outcome is not None:
                self._render_errors = {}
                for failure in outcome.errors:
                    if failure.path is not None:
                        self._note_error(failure)
                self._attach_errors()
        if outcome is not None:
            previews.prune(self.previews, self._keys())
        self._bump()

    def _note_error(self, error: BantinError) -> None:
        assert error.path is not None
        known = self._render_errors.get(error.path, ())
        if error.message not in known:
            self._render_errors[error.path] = (*known, error.message)

    def _attach_errors(self) -> None:
        snapshot = self.snapshot
        entries = {}
        for slug, entry in snapshot.entries.items():
            errors = self._render_errors.get(entry.article.source, ())
            entries[slug] = Entry(article=entry.article, report=entry.report, jobs=entry.jobs,
                                  warnings=entry.warnings, errors=errors)
        self.snapshot = Snapshot(entries=entries, errors=snapshot.errors,
                                 periods=snapshot.periods, read_at=snapshot.read_at)

    def _keys(self) -> set[str]:
        with self._lock:
            keys = {j.key for e in self.snapshot.entries.values() for j in e.jobs}
            periods = self.snapshot.periods
        for period in periods:
            keys.update(j.key for j in self.digest(period)[1])
        return keys

    # -- previews -------------------------------------------------------------------------------

    def want_previews(self, slug: str, *, reread: bool = False) -> None:
        """Make this article's PDFs ahead of the build (no-op for those already made)."""
        with self._lock:
            if reread:
                self._urgent.append("\0reread")
            self._urgent.append(slug)
        self._urgent_ready.set()

    def want_digest(self, period: Period) -> None:
        with self._lock:
            self._urgent.append(f"\0digest:{period.name}")
        self._urgent_ready.set()

    def _urgent_loop(self) -> None:
        cache = Cache(self.project)
        while not self._stop.is_set():
            self._urgent_ready.wait()
            if self._stop.is_set():
                return
            with self._lock:
                asked, self._urgent = self._urgent, []
                self._urgent_ready.clear()
            if "\0reread" in asked:
                self.refresh()
            jobs: list[Job] = []
            for name in dict.fromkeys(asked):
                if name.startswith("\0digest:"):
                    from ..periods import parse_period
                    jobs += self.digest(parse_period(name.removeprefix("\0digest:")))[1]
                elif name != "\0reread":
                    entry = self.snapshot.entries.get(name)
                    jobs += [j for j in entry.jobs if j.format == "pdf"] if entry else []
            todo = [j for j in jobs if not previews.ready(self.previews, j.key)]
            for job in todo:  # made by the build meanwhile: only its pictures are missing
                data = cache.get(job.key)
                if data is not None:
                    previews.make(self.previews, job.key, data, every_page=job.digest is None)
            made = any(previews.ready(self.previews, j.key) for j in todo)
            todo = [j for j in todo if not previews.ready(self.previews, j.key)]
            if not todo:
                if made or "\0reread" in asked:  # a page asking again changes nothing
                    self._bump()
                continue
            with self._lock:
                limits = self.config.build
            # One worker per PDF (three variants: three): the article's pages come together.
            for result in run(todo, min(len(todo), URGENT_WORKERS), limits):
                if result.error is not None:
                    with self._lock:
                        self._note_error(result.error)
                        self._attach_errors()
                else:
                    assert result.data is not None
                    cache.put(result.job.key, result.data)
                    previews.make(self.previews, result.job.key, result.data,
                                  every_page=result.job.digest is None)
                self._bump()

    def pdf_bytes(self, key: str) -> bytes | None:
        """A made PDF (or EPUB) by its job key, from the build cache."""
        cache = Cache(self.project)
        try:
            return cache.get(key)
        finally:
            cache.close()

    # -- watching -------------------------------------------------------------------------------

    def _watcher(self) -> None:
        import watchfiles

        watched = [p for p in (self.project / "input", self.project / "layouts") if p.is_dir()]
        config_file = self.config_file or self.project / "bantin.toml"
        if config_file.is_file():
            watched.append(config_file)
        if not watched:
            return

        def relevant(change: watchfiles.Change, path: str) -> bool:
            name = Path(path).name
            return not (name.startswith(".") or name.endswith((".part", "~")))

        for _changes in watchfiles.watch(*watched, watch_filter=relevant, stop_event=self._stop,
                                  debounce=300, raise_interrupt=False):
            self._wanted.set()
