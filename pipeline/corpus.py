"""Find a project's sources and turn them into articles, one bad file never stopping the rest.

`input/` holds the articles, in any folder below it, except two folders
named by the period they belong to: `input/notes/<period>.md` (the editors'
note of a digest, read like any source) and `input/covers/<period>.jpg`
(its cover picture).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config import Build, Config
from .errors import BantinError, SourceError, detached, unexpected
from .i18n import _
from .model import Article, Digest
from .normalize import Options, corrections, hash_content, normalize
from .normalize.slug import unique_slugs
from .normalize.walk import block_texts
from .periods import Period
from .pool import Done, Failed, MemoryLimit, TimeLimit, pooled
from .reads import ReadCache, note_used, reading_key
from .resources import OFFICE_SUFFIXES, remember_converted
from .sources import READERS, RawSource, ReadContext, reader_for
from .sources.images import picture_problem, recording_pictures
from .sources.office import conversion_folder, convert_all, read_converted

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True, slots=True)
class Corpus:
    """What reading a set of sources gave: the articles and the errors, both in path order."""

    articles: tuple[Article, ...] = ()
    """Normalized articles, slugs made unique."""
    errors: tuple[BantinError, ...] = field(default_factory=tuple)
    """One error per source that could not be read."""
    reports: tuple[Report, ...] = ()
    """What was dropped, recognised and changed per article (only when asked for)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Report:
    """`bantin normalize --report` for one article: nothing of it may go unnoticed."""

    raw: RawSource
    """The raw source, with the reader's notes."""
    article: Article
    """The normalized article."""
    changes: tuple[str, ...]
    """One line per normalization pass that changed something."""


def scan(paths: Sequence[Path], roots: Sequence[Path] = ()) -> list[Path]:
    """Source files named or found below the given folders, sorted and without repeats.

    A folder contributes only regular files with a known source extension
    (images and other files beside the articles are resources); hidden files
    and folders are skipped, and so, with a warning, are linked folders, links
    leading outside `roots` (default: the given paths) or nowhere (a loop),
    special files (a pipe, a device), files and folders whose names are not
    UTF-8, and anything the file system will not let us look at. A file named
    directly is always returned, so an unknown extension becomes an error for
    it.
    """
    allowed = tuple(r.resolve() for r in (roots or paths))
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(_walk(path, allowed)):
                found.setdefault(child, None)
        else:
            found.setdefault(path, None)
    return list(found)


NOTES_FOLDER = "notes"
"""Editors' notes live in input/notes/, named by period; they are not articles."""
COVERS_FOLDER = "covers"
"""Cover pictures live in input/covers/, named by period."""
RESERVED_FOLDERS = frozenset({NOTES_FOLDER, COVERS_FOLDER})
"""Folders of input/ that hold editors' notes and cover pictures, not articles."""
COVER_SUFFIXES = (".jpg", ".jpeg", ".png")


def _walk(folder: Path, allowed: tuple[Path, ...], top: bool = True) -> Iterable[Path]:
    """The usable sources below `folder`; whatever cannot be used is skipped with a warning
    naming it, whatever the file system says about it (a loop of links, a name too long,
    no permission)."""
    try:
        children = sorted(folder.iterdir())
    except OSError as exc:
        log.warning(_("%s: skipped: the folder cannot be read (%s)"), folder, exc.strerror or exc)
        return
    for child in children:
        if child.name.startswith("."):
            continue
        try:
            is_folder = child.is_dir()
            linked = child.is_symlink()
        except (OSError, ValueError) as exc:
            log.warning(_("%s: skipped: it cannot be looked at (%s)"), child,
                        getattr(exc, "strerror", None) or exc)
            continue
        if is_folder:
            if top and child.name in RESERVED_FOLDERS:
                continue
            if linked:  # a loop, or a way out of the project
                log.warning(_("%s: a linked folder is not read; put the articles themselves"
                              " there"), child)
                continue
            if not _utf8(child.name):
                log.warning(_("%s: skipped with everything in it: the folder's name is not"
                              " valid UTF-8; rename it"), child)
                continue
            yield from _walk(child, allowed, top=False)
        elif child.suffix.lower() in READERS:
            problem = _unusable(child, allowed)
            if problem:
                log.warning(_("%s: skipped: %s"), child, problem)
                continue
            yield child


def _utf8(name: str) -> bool:
    try:
        os.fsencode(name).decode("utf-8")
    except UnicodeError:
        return False
    return True


def _unusable(path: Path, allowed: tuple[Path, ...]) -> str | None:
    """Why a file found in a folder may not be read as a source, or None. Never raises: a
    path the system cannot look up is a reason too."""
    if not _utf8(path.name):
        return _("its name is not valid UTF-8; rename it")
    try:
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):  # RuntimeError: a loop (Python 3.11, 3.12)
                return _("it is a link that leads nowhere (a loop of links, or a broken link)")
            if not any(target.is_relative_to(r) for r in allowed):
                return _("it is a link to a file outside the project's input folders")
        if not path.is_file():
            return _("it is not a regular file (a pipe, a device or a broken link)")
    except (OSError, ValueError) as exc:
        return _("it cannot be looked at ({reason})").format(
            reason=getattr(exc, "strerror", None) or exc)
    return None


def read_context(config: Config, paths: Sequence[Path]) -> ReadContext:
    """Where images may come from (the project's input/ and the folders of named sources),
    and the user's boilerplate patterns."""
    roots = {(config.project / "input").resolve()}
    for path in paths:
        roots.add((path if path.is_dir() else path.parent).resolve())
    return ReadContext(roots=tuple(sorted(roots)), boilerplate=tuple(
        re.compile(p) for p in config.normalize.boilerplate),
        max_bytes=config.build.max_source_bytes, max_pixels=config.build.max_picture_pixels)


def normalize_options(config: Config) -> Options:
    """The `[normalize]` settings as the passes take them."""
    return Options(tone_marks=config.normalize.tone_marks,
                   boilerplate=config.normalize.boilerplate)


def load(paths: Sequence[Path], config: Config, *, report: bool = False,
         isolated: bool = True, meanwhile: Callable[[], object] | None = None) -> Corpus:
    """Read and normalize every source below `paths`; errors are collected, not raised.

    Each file is read in a worker process under the `[build]` time and memory
    limits (see `read_time_limit`), so no source can hang the build or take
    its memory; `isolated=False` reads them here (tests, one-off scripts).
    `meanwhile` runs here once while the workers read, if any has to (`pool.pooled`).
    """
    files = scan(paths, [config.project, *paths])
    if not files:
        raise SourceError(_("no sources found; put .md or .json articles there or name the"
                            " files"), path=paths[0] if len(paths) == 1 else None)
    articles: list[Article] = []
    errors: list[BantinError] = []
    reports: list[Report] = []
    for path, read in read_sources(files, config, paths, report=report, isolated=isolated,
                                   meanwhile=meanwhile):
        if isinstance(read, BantinError):
            errors.append(read)
            continue
        for item, item_report in read:
            if isinstance(item, BantinError):
                errors.append(item)
                continue
            articles.append(item)
            if item_report is not None:
                reports.append(item_report)
        log.debug("read %s", path)
    unique = tuple(unique_slugs(articles))
    if report:  # reports were made in step with the articles: give them the final slugs
        reports = [replace(r, article=a) for r, a in zip(reports, unique, strict=True)]
    return Corpus(articles=unique, errors=tuple(errors), reports=tuple(reports))


Read = list[tuple[Article | BantinError, Report | None]]
"""What one file gave: each article in it (or its error), with its report when asked for."""


@dataclass(frozen=True, slots=True)
class _Reading:
    """One file to read in a worker, with everything reading it needs."""

    path: Path
    context: ReadContext
    options: Options
    max_characters: int
    report: bool
    size: int
    dated: bool = True
    """False for an editors' note: it needs no date of its own."""
    converted: Path | None = None
    """The `.docx` LibreOffice made of a `.doc`, `.rtf` or `.odt` source."""


def read_sources(files: Sequence[Path], config: Config, paths: Sequence[Path], *,
                 report: bool = False, isolated: bool = True, notes: bool = False,
                 meanwhile: Callable[[], object] | None = None,
                 ) -> Iterator[tuple[Path, Read | BantinError]]:
    """Each file's articles (or one error for the whole file), in the order of `files`;
    `notes=True` for editors' notes (no warning that they have no date).

    `.doc`, `.rtf` and `.odt` files are first converted to `.docx` by LibreOffice, in
    batches (`office.convert_all`), then read like the others.
    """
    context, options = read_context(config, paths), normalize_options(config)
    office = [path for path in files if path.suffix.lower() in OFFICE_SUFFIXES]
    conversions = convert_all(office, conversion_folder(config.project), config.build,
                              context, isolated=isolated) if office else {}
    converted = {p: c for p, c in conversions.items() if isinstance(c, Path)}
    unconverted = {p: c for p, c in conversions.items() if isinstance(c, BantinError)}
    for path, docx in converted.items():  # for the workers that read and render it
        remember_converted(path, docx)
    tasks = {path: _Reading(path=path, context=context, options=options,
                            max_characters=config.build.max_text_characters, report=report,
                            size=_size(path), dated=not notes, converted=converted.get(path))
             for path in files if path not in unconverted}
    if not isolated:
        for path in files:
            yield path, unconverted[path] if path in unconverted else _read(tasks[path])
        return
    limits = config.build
    # What an earlier run read from the same bytes, the same way, is not read again.
    reads = ReadCache(config.project)
    keys = {path: key for path, task in tasks.items()
            if (key := reading_key(path, _how(task))) is not None}
    note_used(config.project, keys.values())
    kept = {path: hit for path, key in keys.items() if (hit := reads.get(key)) is not None}
    todo = [task for path, task in tasks.items() if path not in kept]
    outcomes = dict(pooled(sorted(todo, key=lambda t: -t.size), _read_recording,
                           workers=limits.jobs or os.cpu_count() or 1,
                           memory_limit=limits.memory_limit,
                           time_limit=lambda t: read_time_limit(t.size, limits),
                           meanwhile=meanwhile))
    try:
        for path in files:  # warnings and results in path order, whatever order they came in
            if path in unconverted:
                yield path, unconverted[path]
                continue
            if path in kept:
                read, warnings = kept[path]
                for warning in warnings:
                    log.warning("%s", warning)
                yield path, read
                continue
            task = tasks[path]
            outcome = outcomes[task]
            for warning in outcome.warnings:
                log.warning("%s", warning)
            if isinstance(outcome, Done):
                read, pictures = outcome.value
                if path in keys and not any(isinstance(item, BantinError) for item, _ in read):
                    reads.put(keys[path], read, outcome.warnings, pictures)
                yield task.path, read
            else:
                yield task.path, _reading_error(task, outcome, limits)
    finally:
        reads.close()


def _how(task: _Reading) -> list[str]:
    """Everything besides the file's bytes that reading it depends on."""
    return [repr(task.context), repr(task.options), str(task.max_characters), str(task.report),
            str(task.dated), task.converted.name if task.converted else ""]


def _read_recording(task: _Reading) -> tuple[Read, tuple[Path, ...]]:
    """`_read`, with the picture files the reader looked at (their changes read it again)."""
    with recording_pictures() as pictures:
        read = _read(task)
    # An error goes back as a value, without what was being handled when it was raised
    # (a Word reader's SourceError raised while an lxml XMLSyntaxError was handled).
    read = [(detached(item) if isinstance(item, BaseException) else item, report)
            for item, report in read]
    return read, tuple(pictures)


def read_time_limit(size: int, limits: Build) -> float:
    """Seconds reading a file of `size` bytes may take: the base limit plus a tenth of the
    layout allowance per 1,000 bytes (reading is far faster than layout: 40 MB of HTML
    read here in 19 s)."""
    return limits.time_limit + limits.time_per_1000_characters * size / 10_000


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _read(task: _Reading) -> Read:
    """Read and normalize one file (in a worker); whatever breaks is that source's error."""
    path = task.path
    try:
        raws = (read_converted(path, task.converted, task.context) if task.converted
                else reader_for(path).read(path, task.context))
    except BantinError as error:
        return [(error, None)]
    except MemoryError:  # the worker must go: see pool
        raise
    except Exception as exc:  # whatever breaks inside one source is that source's error
        log.debug("reading %s failed", path, exc_info=True)
        return [(unexpected(exc, path), None)]
    read: Read = []
    try:
        fixes = corrections.load(path)
        if fixes is not None and len(raws) != 1:
            raise SourceError(_("{name} corrects a source of one article, and this one holds"
                                " {count}; correct them in the source itself").format(
                                  name=fixes.path.name, count=len(raws)),
                              path=fixes.path)
    except BantinError as error:
        return [(error, None)]
    for raw in raws:  # one bad article in a JSON list does not sink its neighbours
        changes: list[str] | None = [] if task.report else None
        try:
            check_length(raw, task.max_characters)
            article = normalize(raw, task.options, changes, dated=task.dated)
            if fixes is not None:  # corrected, under the slug and identity it had before
                corrected = fixes.settle(article, normalize(
                    fixes.apply(raw), task.options, None, dated=task.dated))
                if changes is not None:
                    changes += fixes.describe(article, corrected)
                article = hash_content(corrected)
        except BantinError as error:
            read.append((error, None))
            continue
        except MemoryError:
            raise
        except Exception as exc:
            log.debug("normalizing %s failed", path, exc_info=True)
            read.append((unexpected(exc, path), None))
            continue
        read.append((article, None if changes is None else Report(
            raw=raw, article=article, changes=tuple(changes))))
    return read


def _reading_error(task: _Reading, outcome: Failed, limits: Build) -> BantinError:
    """The one line for a file whose reading was stopped, or crashed."""
    error = outcome.error
    if isinstance(error, BantinError):
        return error
    if isinstance(error, TimeLimit):
        return SourceError(
            _("reading stopped after {seconds:g} s ([build] time_limit {time_limit:g} s +"
              " time_per_1000_characters {time_per_1000_characters:g} s × {size:,} bytes /"
              " 10,000); the file is too big or too complex to read: split it, or raise the"
              " limits").format(seconds=error.seconds, time_limit=limits.time_limit,
                                time_per_1000_characters=limits.time_per_1000_characters,
                                size=task.size), path=task.path)
    if isinstance(error, MemoryError | MemoryLimit):
        return SourceError(_("reading needs more than {memory_limit} MiB ([build]"
                             " memory_limit); split the file or shrink its pictures, or raise"
                             " the limit").format(memory_limit=limits.memory_limit), path=task.path)
    log.debug("reading %s failed:\n%s", task.path, outcome.traceback)
    return unexpected(error, task.path)


def check_length(raw: RawSource, limit: int) -> None:
    """`SourceError` for an article whose text (not its markup) is over `limit` characters
    (`[build] max_text_characters`): refused before normalization or layout spend on it."""
    characters = sum(len(v) for v in raw.metadata.values() if isinstance(v, str))
    characters += sum(len(t) for block in raw.blocks for t in block_texts(block) if t)
    if characters > limit:
        raise SourceError(_("the article is {characters:,} characters long, more than [build]"
                            " max_text_characters ({limit:,}); split it into articles, or raise"
                            " the limit in bantin.toml").format(
                              characters=characters, limit=limit), path=raw.path)


def input_folder(config: Config) -> Path:
    """The project's input/, or a clear error when there is none."""
    folder = config.project / "input"
    if not folder.is_dir():
        raise BantinError(_("there is no input/ folder here; run bantin in the project folder"
                            " or give --project DIR"), path=config.project)
    return folder


def editor_note_path(project: Path, period: Period) -> Path | None:
    """`input/notes/<period>.md` (or any source format) when the editors wrote one."""
    folder = project / "input" / NOTES_FOLDER
    for candidate in sorted(folder.glob(f"{period.folder}.*")) if folder.is_dir() else []:
        if candidate.suffix.lower() in READERS:
            problem = _unusable(candidate, (project.resolve(),))
            if problem:
                log.warning(_("%s: skipped: %s"), candidate, problem)
                return None
            return candidate
    return None


def cover_image_path(config: Config, period: Period) -> Path | None:
    """`input/covers/<period>.jpg` (or .jpeg, .png) when there is a cover picture."""
    project = config.project
    folder = project / "input" / COVERS_FOLDER
    for suffix in COVER_SUFFIXES:
        candidate = folder / f"{period.folder}{suffix}"
        if candidate.exists() or candidate.is_symlink():
            problem = _unusable(candidate, (project.resolve(),))
            if problem is None:
                try:
                    with candidate.open("rb") as stream:
                        problem = picture_problem(stream, config.build.max_picture_pixels)
                except OSError as exc:
                    problem = _("it cannot be opened ({reason})").format(
                        reason=exc.strerror or exc)
            if problem:
                log.warning(_("%s: skipped: %s"), candidate, problem)
                return None
            return candidate
    return None


def read_note(path: Path | None, config: Config) -> Article | None:
    """The editors' note of a period, read like any source (None when there is none)."""
    if path is None:
        return None
    [(_path, read)] = read_sources([path], config, [path], notes=True)
    if isinstance(read, BantinError):
        raise read
    item, _notes = read[0]
    if isinstance(item, BantinError):
        raise item
    return item


def with_extras(digest: Digest, config: Config,
                errors: list[BantinError] | None = None) -> Digest:
    """The digest with its period's editors' note and cover picture, where there are any.

    A note that cannot be read raises its error, or, when `errors` is given,
    goes there and the digest is made without it.
    """
    try:
        note = read_note(editor_note_path(config.project, digest.period), config)
    except BantinError as error:
        if errors is None:
            raise
        errors.append(error)
        note = None
    return replace(digest, note=note,
                   cover_image=cover_image_path(config, digest.period))
