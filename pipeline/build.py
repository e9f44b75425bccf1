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
from typing import TYPE_CHECKING

from .cache import Cache, temporary_folder
from .collate import collate, months_present
from .config import Config, executor_address
from .corpus import Corpus, input_folder, load, read_context, with_extras
from .errors import BantinError, ConfigError
from .i18n import _
from .manifest import Entry, Manifest, ManifestError, ignored_message, read_manifest, write_manifest
from .model import Article
from .normalize.walk import characters
from .periods import Period, PeriodProblem, parse_period
from .plan import Job, Planner, file_digest, project_path
from .reads import keep_only_used
from .render import RENDERERS
from .render.fonts import faces, family_of
from .resources import font_dirs
from .runner import Result, run
from .writing import write_atomic

if TYPE_CHECKING:
    from .cluster import Cluster

log = logging.getLogger(__name__)


ProgressHook = Callable[[int, int, str, str], None]
"""Told of each finished job: (done, total, output path, built | cached | failed)."""


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
    stale: list[str] = field(default_factory=list)
    """Earlier outputs kept although this build could not make them again (their source or
    job failed): relative to output/."""
    left_out: list[Path] = field(default_factory=list)
    """Sources whose editions failed, so their digest was made without them."""
    undated: list[Path] = field(default_factory=list)
    """Sources of articles with no date: built on their own, in no digest."""
    planned: int = 0
    """Jobs planned."""
    seconds: float = 0.0
    """Wall time of the whole build."""


def prepare_rendering() -> None:
    """Import WeasyPrint (and apply our column balancing), which every PDF job needs."""
    from .render import pdf  # noqa: F401


def check_choices(config: Config, variants: Sequence[str], formats: Sequence[str]) -> None:
    """`ConfigError` for a variant or format nobody configured (all problems at once)."""
    problems = [_("no variant named {variant}; configured: {known}").format(
                    variant=repr(v), known=", ".join(config.variants))
                for v in variants if v not in config.variants]
    problems += [_("no output format {format}; known: {known}").format(
                     format=repr(f), known=", ".join(RENDERERS))
                 for f in formats if f not in RENDERERS]
    folders = font_dirs(config)
    for name in variants:
        family = config.variants[name].family if name in config.variants else None
        if family is not None and not any(f.weight == 400 and f.style == "normal"
                                          for f in faces([family], folders)):
            stem = family_of(family)[1]
            problems.append(_("Config value 'variants.{name}.family': no font file"
                              " {stem}-Regular.ttf in {folders}; use serif or sans, or put the"
                              " family's .ttf files in layouts/fonts/").format(
                                name=name, stem=stem, folders=" or ".join(map(str, folders))))
    if problems:
        raise ConfigError(problems)


def run_jobs(jobs: Sequence[Job], config: Config, workers: int = 0,
             cluster: Cluster | None = None) -> Iterator[Result]:
    """Run jobs in worker processes with `[build]` limits, here or on `cluster`'s workers,
    reporting their warnings here."""
    limits = config.build
    results = (cluster.run(jobs, limits) if cluster is not None else
               run(jobs, workers or limits.jobs or os.cpu_count() or 1, limits))
    for result in results:
        for warning in result.warnings:
            log.warning("%s", warning)
        yield result


def write_results(jobs: Sequence[Job], config: Config, out_dir: Path,
                  outcome: Outcome) -> None:
    """Run the jobs and write each result under `out_dir` (no cache: `render`, `digest`)."""
    temp = temporary_folder(config.project)
    for result in run_jobs(jobs, config):
        if result.error is not None:
            outcome.errors.append(result.error)
            continue
        assert result.data is not None
        target = out_dir / result.job.target
        if _write(target, result.data, temp, outcome):
            outcome.written.append(target)
            log.info("%s", target)


def render_articles(corpus: Corpus, config: Config, out_dir: Path, *, paths: Sequence[Path],
                    variants: Sequence[str], formats: Sequence[str],
                    outcome: Outcome) -> None:
    """Render every article of `corpus` into `out_dir/<slug>/<slug>.<variant>.<format>`."""
    roots = read_context(config, paths).roots
    jobs = [Job(target=f"{article.slug}/{RENDERERS[name]().file_name(article, variant)}",
                format=name, variant=variant, key="", inputs=(), config=config,
                article=article, roots=roots, characters=characters(article))
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
          force: bool = False, progress: ProgressHook | None = None,
          executor: str | None = None) -> Outcome:
    """`bantin build`: every article and digest of input/ in every variant, under output/.

    Plan every job, take what the cache already has, run the rest in worker
    processes, write each file atomically, remove outputs of deleted
    articles, and record everything in output/manifest.json. A digest holds
    only articles whose editions were made: where one failed, that period's
    digest is made again without it. The worker processes are this
    machine's, or a Dask cluster's when `executor` (else `[build] executor`)
    names one: only where the jobs run changes.
    """
    chosen = executor or config.build.executor
    try:
        address = executor_address(chosen)
    except ValueError as exc:
        raise ConfigError([f"--executor: {exc}"]) from None
    if address is None:
        return _build(config, variants=variants, workers=workers, force=force,
                      progress=progress, cluster=None)
    from .cluster import Cluster  # imports Dask: only for a build that uses it

    # Connect first: an unreachable or unfit cluster is told before anything is read.
    with Cluster(chosen, address, config.build) as cluster:
        return _build(config, variants=variants, workers=workers, force=force,
                      progress=progress, cluster=cluster)


def _build(config: Config, *, variants: Sequence[str], workers: int, force: bool,
           progress: ProgressHook | None, cluster: Cluster | None) -> Outcome:
    """`build`'s stages, the jobs run here (`cluster` None) or on the cluster."""
    started = time.perf_counter()
    every_variant = not variants
    variants = list(variants) or list(config.variants)
    check_choices(config, variants, ("pdf", "epub"))
    outcome = Outcome()
    output = config.project / "output"
    # Read and normalize input/; meanwhile import WeasyPrint here, where the render workers
    # will be forked from (half a second of one core, while the readers keep both busy).
    source_dir = input_folder(config)
    corpus = load([source_dir], config, meanwhile=prepare_rendering)
    outcome.errors.extend(corpus.errors)
    outcome.undated = [a.source for a in corpus.articles if a.date is None]
    # Plan: each article in each variant and as EPUB, each digest likewise.
    planner = Planner(config)
    article_plan = [job for article in corpus.articles
                    for job in planner.article_jobs(article, variants, ("pdf", "epub"))]
    periods = ([parse_period(p) for p in config.digest.periods] if config.digest.periods
               else months_present(corpus.articles))
    digest_plan = digest_jobs(corpus.articles, config, planner, periods, variants,
                              ("pdf", "epub"), outcome)
    # Take from the cache what an earlier build made; run the rest in worker processes,
    # articles and digests together (a digest is the biggest job: it starts first).
    cache = Cache(config.project)
    temp = temporary_folder(config.project)  # temporary files stay out of output/
    for leftover in temp.glob("*.part") if temp.is_dir() else []:
        leftover.unlink(missing_ok=True)  # from a build that was killed
    run = _Run(config=config, output=output, cache=cache, temp=temp, force=force,
               workers=workers, cluster=cluster, progress=progress, outcome=outcome,
               total=len(article_plan) + len(digest_plan))
    failed = {job.article.slug for job in run.make(article_plan + digest_plan) if job.article}
    # A digest holds only articles whose editions were made: where one failed, its period's
    # digest is made again without it (its first attempt, made or failed, is forgotten).
    if failed:
        articles = [a for a in corpus.articles if a.slug not in failed]
        affected = [p for p in periods
                    if any(a.slug in failed and a.date and a.date in p for a in corpus.articles)]
        for article in corpus.articles:
            if article.slug in failed and article.date and any(article.date in p
                                                               for p in affected):
                outcome.left_out.append(article.source)
                log.warning(_("%s: left out of its digest because its editions failed (the"
                              " error above says why); fix it and build again"), article.source)
        redo = {job.target for job in digest_plan
                if job.digest is not None and job.digest.period in affected}
        run.forget(redo)
        digest_plan = [job for job in digest_plan if job.target not in redo]
        emptied = [p for p in affected if not any(a.date and a.date in p for a in articles)]
        for period in emptied:  # not an error of its own: the articles' errors say why
            log.warning(_("%s: the digest of %s is not made: every article in it failed"),
                        config.project / "input", period.name)
        again = digest_jobs(articles, config, planner,
                            [p for p in affected if p not in emptied], variants,
                            ("pdf", "epub"), outcome)
        run.total += len(again)
        run.make(again)
        digest_plan += again
    plan = article_plan + digest_plan
    # Remove what earlier builds made for articles that are gone; a source that failed this
    # time keeps its earlier outputs (stale) until it is fixed or deleted.
    planned = {job.target for job in plan}
    failing = {project_path(config.project, e.path) for e in outcome.errors
               if e.path is not None}
    try:
        manifest = read_manifest(output)
    except ManifestError as damaged:
        manifest = Manifest({})
        log.warning(_("%s; no old output was removed this time, and the manifest is written"
                      " anew"), damaged.format_message())
    if manifest.ignored:
        log.warning("%s: %s", output / "manifest.json", ignored_message(manifest))
    previous = manifest.entries
    outcome.removed = remove_stale(output, previous, planned, keep=failing,
                                   variants=None if every_variant else variants)
    outcome.stale = carry_over(output, previous, run.entries, planned, failing)
    if every_variant:
        cache.keep_only({job.key for job in plan})
    cache.close()
    keep_only_used(config.project)  # the reading results of edited or deleted sources go
    # Record every output and its inputs.
    try:
        write_manifest(output, run.entries, temp)
    except OSError as exc:
        outcome.errors.append(_write_error(output / "manifest.json", exc))
    outcome.planned = len(plan)
    outcome.seconds = time.perf_counter() - started
    return outcome


@dataclass(kw_only=True)
class _Run:
    """A build's jobs being made: from the cache where it has them, else by the workers."""

    config: Config
    output: Path
    cache: Cache
    temp: Path
    force: bool
    workers: int
    cluster: Cluster | None
    progress: ProgressHook | None
    outcome: Outcome
    total: int
    entries: list[Entry] = field(default_factory=list)
    reported: dict[str, BantinError] = field(default_factory=dict)
    """The error of each output that failed, by target."""
    done: int = 0

    def _tell(self, job: Job, status: str) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total, job.target, status)

    def forget(self, targets: set[str]) -> None:
        """Drop what was made or reported for these outputs (they are made again)."""
        self.entries[:] = [e for e in self.entries if e.path not in targets]
        made = {self.output / t for t in targets}
        for path in made.intersection(self.outcome.written):
            path.unlink(missing_ok=True)  # written by this build with the failing article
        self.outcome.written[:] = [p for p in self.outcome.written if p not in made]
        self.outcome.cached[:] = [p for p in self.outcome.cached if p not in made]
        dropped = [self.reported.pop(t) for t in targets if t in self.reported]
        self.outcome.errors[:] = [e for e in self.outcome.errors
                                  if not any(e is d for d in dropped)]

    def make(self, jobs: Sequence[Job]) -> list[Job]:
        """Make every job's output; the jobs that failed."""
        todo: list[Job] = []
        for job in jobs:
            stored = None if self.force else self.cache.sha256(job.key)
            if stored is None:
                todo.append(job)
                continue
            target = self.output / job.target
            if not (target.is_file() and file_digest(target) == stored):
                data = self.cache.get(job.key)
                if data is None:
                    todo.append(job)
                    continue
                if not _write(target, data, self.temp, self.outcome):  # restore it
                    continue
            self.entries.append(_entry(job, stored, target.stat().st_size))
            self.outcome.cached.append(target)
            self._tell(job, "cached")
        failed = []
        for result in run_jobs(todo, self.config, self.workers, self.cluster):  # biggest first
            status = "failed"
            if result.error is not None:
                self.outcome.errors.append(result.error)
                self.reported[result.job.target] = result.error
            else:
                assert result.data is not None
                digest = self.cache.put(result.job.key, result.data)
                target = self.output / result.job.target
                if _write(target, result.data, self.temp, self.outcome):
                    self.entries.append(_entry(result.job, digest, len(result.data)))
                    self.outcome.written.append(target)
                    status = "built"
            if status == "failed":
                failed.append(result.job)
            self._tell(result.job, status)
        return failed


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
    return BantinError(_("cannot write it ({reason}); free some disk space or check the"
                         " folder's permissions, then build again (the previous file is"
                         " unchanged)").format(reason=exc.strerror or exc), path=target)


def _entry(job: Job, digest: str, size: int) -> Entry:
    return Entry(path=job.target, sha256=digest, bytes=size, format=job.format,
                 variant=job.variant, inputs=job.inputs)


def remove_stale(output: Path, previous: dict[str, Entry], planned: set[str], *,
                 variants: Sequence[str] | None,
                 keep: frozenset[str] | set[str] = frozenset()) -> list[Path]:
    """Delete outputs an earlier manifest listed that no job makes now, and temporary files.

    Only files bantin wrote are deleted, never a user's own: a path is acted
    on only when it lies inside output/ and the file still has the bytes the
    manifest recorded. With `--variant`, the other variants' files stay, and
    so do the outputs of the sources in `keep` (they failed this time).
    """
    removed = []
    for path, entry in previous.items():
        if path in planned or _inputs(entry) & keep:
            continue
        if variants is not None and entry.variant not in (None, *variants):
            continue
        target = output / path
        if not _owned(output, target):
            continue
        if _digest(target) != entry.sha256:
            log.warning(_("%s was changed after bantin wrote it; it is kept, delete it yourself"
                          " if it is not needed"), target)
            continue
        try:
            target.unlink()
        except OSError as exc:
            log.warning(_("%s is no longer made but cannot be removed (%s); delete it yourself"),
                        target, exc.strerror or exc)
            continue
        removed.append(target)
    for leftover in output.rglob(".*.part") if output.is_dir() else []:
        leftover.unlink(missing_ok=True)  # an interrupted write
    for folder in sorted((p for p in output.rglob("*") if p.is_dir()), reverse=True) \
            if output.is_dir() else []:
        if not any(folder.iterdir()):
            folder.rmdir()
    return removed


def _owned(output: Path, target: Path) -> bool:
    """A regular file inside output/ (never a link, never a path that leads out of it); False
    for a path the system cannot even look up (too long, a loop, no permission)."""
    try:
        return (target.resolve().is_relative_to(output.resolve()) and target.is_file()
                and not target.is_symlink())
    except (OSError, ValueError, RuntimeError):
        return False


def _digest(target: Path) -> str | None:
    """The file's SHA-256, or None when it cannot be read (then it is never removed)."""
    try:
        return file_digest(target)
    except OSError:
        return None


def _inputs(entry: Entry) -> set[str]:
    return {path for path, _ in entry.inputs}


def carry_over(output: Path, previous: dict[str, Entry], entries: list[Entry],
               planned: set[str], failing: set[str]) -> list[str]:
    """Keep in the manifest every earlier output still on disk as bantin wrote it that this
    build did not make again (other variants, failed jobs, failed sources); return those this
    build should have made (stale)."""
    made = {entry.path for entry in entries}
    stale = []
    for path, entry in previous.items():
        target = output / path
        if path in made or not _owned(output, target) or _digest(target) != entry.sha256:
            continue
        entries.append(entry)
        if path in planned or _inputs(entry) & failing:
            stale.append(path)
    return sorted(stale)


def digest_jobs(articles: Sequence[Article], config: Config, planner: Planner,
                periods: Sequence[Period], variants: Sequence[str], formats: Sequence[str],
                outcome: Outcome) -> list[Job]:
    """The jobs of each period's digest; a period that cannot be made is an error of its own."""
    jobs: list[Job] = []
    for period in periods:
        try:
            digest = with_extras(collate(articles, period, config), config, outcome.errors)
        except BantinError as error:
            outcome.errors.append(error)
            continue
        jobs += planner.digest_jobs(digest, variants, formats)
    return jobs


def render_digests(articles: Sequence[Article], config: Config, periods: Sequence[Period], *,
                   variants: Sequence[str], formats: Sequence[str], outcome: Outcome) -> None:
    """Every digest of `periods` into output/digests/<period>/bantin-<period>.<variant>.<ext>."""
    jobs = digest_jobs(articles, config, Planner(config), periods, variants, formats, outcome)
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
