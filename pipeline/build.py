"""`bantin build` and `bantin render`: read, normalize, render and write the editions.

One flat function per command with a comment per stage (MkDocs' build is
the model). A source or render error is reported and the rest is still
built; every file is written atomically.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache
from .collate import collate, cover_image_path, editor_note_path, months_present
from .config import Config
from .corpus import Corpus, load, normalize_options, read_context
from .errors import BantinError, ConfigError
from .jobs import Job, Planner, file_digest
from .manifest import Entry, read_manifest, write_manifest
from .model import Article
from .normalize import normalize
from .periods import Period, PeriodProblem, parse_period
from .render import RENDERERS
from .runner import Result, run
from .sources import reader_for
from .writing import write_atomic

log = logging.getLogger(__name__)


Progress = Callable[[int, int, str, str], None]
"""Called after each job: (done, total, output path, built | cached | failed)."""


@dataclass(kw_only=True)
class Outcome:
    """What a build made and what failed."""

    written: list[Path] = field(default_factory=list)
    """Files rendered and written, in order."""
    cached: list[Path] = field(default_factory=list)
    """Files whose inputs had not changed (taken from the cache)."""
    removed: list[Path] = field(default_factory=list)
    """Outputs of deleted articles that were removed."""
    errors: list[BantinError] = field(default_factory=list)
    """Every source and render error, in order."""
    planned: int = 0
    """Jobs planned."""
    seconds: float = 0.0
    """Wall time of the whole build."""


def check_choices(config: Config, variants: Sequence[str], formats: Sequence[str]) -> None:
    """`ConfigError` for a variant or format nobody configured (all problems at once)."""
    problems = [f"no variant named {v!r}; configured: {', '.join(config.variants)}"
                for v in variants if v not in config.variants]
    problems += [f"no output format {f!r}; known: {', '.join(RENDERERS)}"
                 for f in formats if f not in RENDERERS]
    if problems:
        raise ConfigError(problems)


def run_jobs(jobs: Sequence[Job], config: Config, workers: int = 0) -> Iterator[Result]:
    """Run jobs in worker processes with `[build]` limits, reporting their warnings here."""
    limits = config.build
    for result in run(jobs, workers or limits.jobs or os.cpu_count() or 1, limits.time_limit,
                      limits.memory_limit):
        for warning in result.warnings:
            log.warning("%s", warning)
        yield result


def write_results(jobs: Sequence[Job], config: Config, out_dir: Path,
                  outcome: Outcome) -> None:
    """Run the jobs and write each result under `out_dir` (no cache: `render`, `digest`)."""
    for result in run_jobs(jobs, config):
        if result.error is not None:
            outcome.errors.append(result.error)
            continue
        assert result.data is not None
        target = out_dir / result.job.target
        if _write(target, result.data, None, outcome):
            outcome.written.append(target)
            log.info("%s", target)


def render_articles(corpus: Corpus, config: Config, out_dir: Path, *, paths: Sequence[Path],
                    variants: Sequence[str], formats: Sequence[str],
                    outcome: Outcome) -> None:
    """Render every article of `corpus` into `out_dir/<slug>/<slug>.<variant>.<format>`."""
    roots = read_context(config, paths).roots
    jobs = [Job(target=f"{article.slug}/{RENDERERS[name]().file_name(article, variant)}",
                format=name, variant=variant, key="", inputs=(), config=config,
                article=article, roots=roots)
            for article in corpus.articles for name in formats
            for index, variant in enumerate(variants)
            if RENDERERS[name].per_variant or index == 0]
    write_results(jobs, config, out_dir, outcome)


def render(paths: Sequence[Path], config: Config, out_dir: Path, *,
           variants: Sequence[str] = (), formats: Sequence[str] = ("pdf",)) -> Outcome:
    """`bantin render SOURCE… --out DIR`."""
    started = time.perf_counter()
    variants = list(variants) or list(config.variants)
    check_choices(config, variants, formats)
    outcome = Outcome()
    # Read and normalize the named sources.
    corpus = load(paths, config)
    outcome.errors.extend(corpus.errors)
    # Render each article in each variant and format.
    render_articles(corpus, config, out_dir, paths=paths, variants=variants,
                    formats=formats, outcome=outcome)
    outcome.seconds = time.perf_counter() - started
    return outcome


def build(config: Config, *, variants: Sequence[str] = (), workers: int = 0,
          force: bool = False, progress: Progress | None = None) -> Outcome:
    """`bantin build`: every article and digest of input/ in every variant, under output/.

    Plan every job, take what the cache already has, run the rest in worker
    processes, write each file atomically, remove outputs of deleted
    articles, and record everything in output/manifest.json.
    """
    started = time.perf_counter()
    every_variant = not variants
    variants = list(variants) or list(config.variants)
    check_choices(config, variants, ("pdf", "epub"))
    outcome = Outcome()
    output = config.project / "output"
    # Read and normalize input/.
    source_dir = input_folder(config)
    corpus = load([source_dir], config)
    outcome.errors.extend(corpus.errors)
    # Plan: each article in each variant and as EPUB, each digest likewise.
    planner = Planner(config)
    plan = [job for article in corpus.articles
            for job in planner.article_jobs(article, variants, ("pdf", "epub"))]
    periods = ([parse_period(p) for p in config.digest.periods] if config.digest.periods
               else months_present(corpus.articles))
    for period in periods:
        try:
            collated = collate(corpus.articles, period, config)
            note = read_note(editor_note_path(config.project, period), config)
        except BantinError as error:
            outcome.errors.append(error)
            continue
        plan += planner.digest_jobs(collated, note, cover_image_path(config.project, period),
                                    variants, ("pdf", "epub"))
    # Take from the cache what an earlier build made from the same inputs.
    cache = Cache(config.project)
    temp = cache.path.parent / "tmp"  # temporary files stay out of output/
    for leftover in temp.glob("*.part") if temp.is_dir() else []:
        leftover.unlink(missing_ok=True)  # from a build that was killed
    entries: list[Entry] = []
    todo: list[Job] = []
    done = 0
    for job in plan:
        stored = None if force else cache.sha256(job.key)
        if stored is None:
            todo.append(job)
            continue
        target = output / job.target
        if not (target.is_file() and file_digest(target) == stored):
            data = cache.get(job.key)
            if data is None:
                todo.append(job)
                continue
            if not _write(target, data, temp, outcome):  # deleted or damaged: restore it
                continue
        entries.append(_entry(job, stored, target.stat().st_size))
        outcome.cached.append(target)
        done += 1
        if progress:
            progress(done, len(plan), job.target, "cached")
    # Run the rest in worker processes, biggest first.
    for result in run_jobs(todo, config, workers):
        if result.error is not None:
            outcome.errors.append(result.error)
            status = "failed"
        else:
            assert result.data is not None
            digest = cache.put(result.job.key, result.data)
            target = output / result.job.target
            if _write(target, result.data, temp, outcome):
                entries.append(_entry(result.job, digest, len(result.data)))
                outcome.written.append(target)
                status = "built"
            else:
                status = "failed"
        done += 1
        if progress:
            progress(done, len(plan), result.job.target, status)
    # Remove what earlier builds made for articles that are gone.
    planned = {job.target for job in plan}
    outcome.removed = remove_stale(output, planned, variants=None if every_variant else variants)
    if every_variant:
        cache.keep_only({job.key for job in plan})
    cache.close()
    # Record every output and its inputs.
    try:
        write_manifest(output, entries, temp)
    except OSError as exc:
        outcome.errors.append(_write_error(output / "manifest.json", exc))
    outcome.planned = len(plan)
    outcome.seconds = time.perf_counter() - started
    return outcome


def _write(target: Path, data: bytes, temp: Path | None, outcome: Outcome) -> bool:
    """Write one output atomically; a failed write (disk full, no permission) is reported
    and leaves the previous file as it was."""
    try:
        write_atomic(target, data, temp)
    except OSError as exc:
        outcome.errors.append(_write_error(target, exc))
        return False
    return True


def _write_error(target: Path, exc: OSError) -> BantinError:
    return BantinError(f"cannot write it ({exc.strerror or exc}); free some disk space or"
                       " check the folder's permissions, then build again (the previous file"
                       " is unchanged)", path=target)


def _entry(job: Job, digest: str, size: int) -> Entry:
    return Entry(path=job.target, sha256=digest, bytes=size, format=job.format,
                 variant=job.variant, inputs=job.inputs)


def remove_stale(output: Path, planned: set[str], *,
                 variants: Sequence[str] | None) -> list[Path]:
    """Delete outputs an earlier manifest listed that no job makes now, and temporary files.

    Only files bantin recorded are deleted, never a user's own. With
    `--variant`, the other variants' files stay.
    """
    removed = []
    for path, entry in read_manifest(output).items():
        if path in planned:
            continue
        if variants is not None and entry.get("variant") not in (None, *variants):
            continue
        target = output / path
        if target.is_file():
            target.unlink()
            removed.append(target)
    for leftover in output.rglob(".*.part") if output.is_dir() else []:
        leftover.unlink(missing_ok=True)  # an interrupted write
    for folder in sorted((p for p in output.rglob("*") if p.is_dir()), reverse=True) \
            if output.is_dir() else []:
        if not any(folder.iterdir()):
            folder.rmdir()
    return removed


def read_note(path: Path | None, config: Config) -> Article | None:
    """The editors' note of a period, read like any source (None when there is none)."""
    if path is None:
        return None
    context = read_context(config, [path])
    [raw, *_] = reader_for(path).read(path, context)
    return normalize(raw, normalize_options(config))


def render_digests(articles: Sequence[Article], config: Config, periods: Sequence[Period], *,
                   variants: Sequence[str], formats: Sequence[str], outcome: Outcome) -> None:
    """Every digest of `periods` into output/digests/<period>/bantin-<period>.<variant>.<ext>."""
    planner = Planner(config)
    jobs: list[Job] = []
    for period in periods:
        try:
            collated = collate(articles, period, config)
            note = read_note(editor_note_path(config.project, period), config)
        except BantinError as error:
            outcome.errors.append(error)
            continue
        jobs += planner.digest_jobs(collated, note, cover_image_path(config.project, period),
                                    variants, formats)
    write_results(jobs, config, config.project / "output", outcome)


def digest(config: Config, period_names: Sequence[str], *, variants: Sequence[str] = (),
           formats: Sequence[str] = ("pdf", "epub")) -> Outcome:
    """`bantin digest PERIOD…`: the digests of the named periods."""
    started = time.perf_counter()
    variants = list(variants) or list(config.variants)
    check_choices(config, variants, formats)
    periods = parse_periods(period_names)
    outcome = Outcome()
    # Read and normalize input/.
    corpus = load([input_folder(config)], config)
    outcome.errors.extend(corpus.errors)
    # Collate and render each period.
    render_digests(corpus.articles, config, periods, variants=variants, formats=formats,
                   outcome=outcome)
    outcome.seconds = time.perf_counter() - started
    return outcome


def parse_periods(names: Sequence[str]) -> list[Period]:
    """Periods from the command line; every bad one reported at once."""
    periods, problems = [], []
    for name in names:
        try:
            periods.append(parse_period(name))
        except PeriodProblem as problem:
            problems.append(str(problem))
    if problems:
        raise ConfigError(problems)
    return periods


def input_folder(config: Config) -> Path:
    """The project's input/, or a clear error when there is none."""
    folder = config.project / "input"
    if not folder.is_dir():
        raise BantinError("there is no input/ folder here; run bantin in the project folder"
                          " or give --project DIR", path=config.project)
    return folder
