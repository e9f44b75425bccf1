"""`bantin build` and `bantin render`: read, normalize, render and write the editions.

One flat function per command with a comment per stage (MkDocs' build is
the model). A source or render error is reported and the rest is still
built; every file is written atomically.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .collate import collate, cover_image_path, editor_note_path, months_present
from .config import Config
from .corpus import Corpus, load, read_context
from .errors import BantinError, ConfigError
from .model import Article
from .normalize import Options, normalize
from .periods import Period, PeriodProblem, parse_period
from .render import RENDERERS, RenderContext
from .sources import reader_for
from .writing import write_atomic

log = logging.getLogger(__name__)


@dataclass(kw_only=True)
class Outcome:
    """What a build made and what failed."""

    written: list[Path] = field(default_factory=list)
    """Files written, in order."""
    errors: list[BantinError] = field(default_factory=list)
    """Every source and render error, in order."""
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


def render_articles(corpus: Corpus, config: Config, out_dir: Path, *, paths: Sequence[Path],
                    variants: Sequence[str], formats: Sequence[str],
                    outcome: Outcome) -> None:
    """Render every article of `corpus` into `out_dir/<slug>/<slug>.<variant>.<format>`."""
    context = RenderContext(config=config, roots=read_context(config, paths).roots)
    jobs = [(article, variant, RENDERERS[name]()) for article in corpus.articles
            for name in formats for index, variant in enumerate(variants)
            if RENDERERS[name].per_variant or index == 0]
    total = len(jobs)
    for done, (article, variant, renderer) in enumerate(jobs, 1):
        target = out_dir / article.slug / renderer.file_name(article, variant)
        try:
            write_atomic(target, renderer.render(article, variant, context))
        except BantinError as error:
            outcome.errors.append(error)
            continue
        outcome.written.append(target)
        log.info("[%d/%d] %s", done, total, target)


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


def build(config: Config, *, variants: Sequence[str] = ()) -> Outcome:
    """`bantin build`: every article and digest of input/ in every variant, under output/."""
    started = time.perf_counter()
    variants = list(variants) or list(config.variants)
    check_choices(config, variants, ("pdf", "epub"))
    outcome = Outcome()
    # Read and normalize input/.
    source_dir = input_folder(config)
    corpus = load([source_dir], config)
    outcome.errors.extend(corpus.errors)
    # Render the print editions and the EPUB of each article.
    render_articles(corpus, config, config.project / "output" / "articles",
                    paths=[source_dir], variants=variants, formats=("pdf", "epub"),
                    outcome=outcome)
    # The digests configured in [digest] periods (default: every month in input/).
    periods = ([parse_period(p) for p in config.digest.periods] if config.digest.periods
               else months_present(corpus.articles))
    render_digests(corpus.articles, config, periods, variants=variants,
                   formats=("pdf", "epub"), outcome=outcome)
    outcome.seconds = time.perf_counter() - started
    return outcome


def read_note(path: Path | None, config: Config) -> Article | None:
    """The editors' note of a period, read like any source (None when there is none)."""
    if path is None:
        return None
    context = read_context(config, [path])
    [raw, *_] = reader_for(path).read(path, context)
    return normalize(raw, Options(tone_marks=config.normalize.tone_marks,
                                  boilerplate=config.normalize.boilerplate))


def render_digests(articles: Sequence[Article], config: Config, periods: Sequence[Period], *,
                   variants: Sequence[str], formats: Sequence[str], outcome: Outcome) -> None:
    """Every digest of `periods` into output/digests/<period>/bantin-<period>.<variant>.<ext>."""
    from .render.digest import DigestSource, digest_epub, digest_pdf

    context = RenderContext(config=config, roots=read_context(
        config, [config.project / "input"]).roots)
    for period in periods:
        try:
            collated = collate(articles, period, config)
            note = read_note(editor_note_path(config.project, period), config)
        except BantinError as error:
            outcome.errors.append(error)
            continue
        source = DigestSource(collated=collated, note=note,
                              cover_image=cover_image_path(config.project, period),
                              config_source=config.project / "input")
        folder = config.project / "output" / "digests" / period.folder
        jobs = [(f"bantin-{period.folder}.{v}.pdf", "pdf", v) for v in variants
                if "pdf" in formats]
        jobs += [(f"bantin-{period.folder}.epub", "epub", None)] if "epub" in formats else []
        for name, kind, variant in jobs:
            target = folder / name
            try:
                data = (digest_pdf(source, variant, context) if kind == "pdf"
                        else digest_epub(source, context))
                write_atomic(target, data)
            except BantinError as error:
                outcome.errors.append(error)
                continue
            outcome.written.append(target)
            log.info("%s: %d articles → %s", period.name, len(collated.articles), target)


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
