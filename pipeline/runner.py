"""Run render jobs in worker processes (see `pool`), each under its `[build]` limits.

A job's time limit grows with its text: `[build] time_limit` seconds for
any job, plus `[build] time_per_1000_characters` for each thousand
characters of the articles it lays out, twice that for a digest, which is
laid out twice (see `job_time_limit`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .config import Build
from .errors import BantinError, RenderError, exception_name
from .i18n import _
from .plan import Job
from .pool import Done, Failed, MemoryLimit, Stopped, TimeLimit, pooled
from .worker import make

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Result:
    """A finished job: its bytes, or the error to report."""

    job: Job
    data: bytes | None = None
    error: BantinError | None = None
    warnings: tuple[str, ...] = ()
    """What the job warned about (a refused picture, a dropped resource)."""


DIGEST_PASSES = 2
"""A digest is laid out twice (the first pass learns where each article starts, for the
contents' page numbers), so its allowance per character is twice an article's."""


def job_time_limit(job: Job, limits: Build) -> float:
    """Seconds `job` may take: the base limit plus an allowance for its characters."""
    passes = DIGEST_PASSES if job.digest is not None else 1
    return limits.time_limit + passes * limits.time_per_1000_characters * job.characters / 1000


def run(jobs: Sequence[Job], workers: int, limits: Build,
        work: Callable[[Job], bytes] = make) -> Iterator[Result]:
    """Each job's result as it finishes; the biggest jobs start first."""
    if not jobs:
        return
    if any(job.format == "pdf" for job in jobs):
        # Workers are forked: importing WeasyPrint (half a second) once here spares every
        # worker its own import.
        import weasyprint  # noqa: F401
    ordered = sorted(jobs, key=lambda j: -j.weight)
    for job, outcome in pooled(ordered, work, workers=workers,
                               memory_limit=limits.memory_limit,
                               time_limit=lambda j: job_time_limit(j, limits)):
        yield result_of(job, outcome, limits)


def result_of(job: Job, outcome: Done[bytes] | Failed, limits: Build) -> Result:
    """A job's result from what its worker gave: its bytes, or the one line that reports it
    (wherever the job ran: here, or on a cluster's worker)."""
    if isinstance(outcome, Done):
        return Result(job, data=outcome.value, warnings=outcome.warnings)
    return Result(job, error=_error(job, outcome.error, outcome.traceback, limits),
                  warnings=outcome.warnings)


def _error(job: Job, error: BaseException, traceback: str, limits: Build) -> BantinError:
    """The one line that reports a failed job."""
    source = job.source
    if isinstance(error, BantinError):
        return error
    if isinstance(error, TimeLimit):
        values = {"target": job.target, "seconds": error.seconds,
                  "time_limit": limits.time_limit, "characters": job.characters,
                  "time_per_1000_characters": limits.time_per_1000_characters}
        if job.digest is not None:
            return RenderError(_(
                "{target}: stopped after {seconds:g} s ([build] time_limit {time_limit:g} s +"
                " time_per_1000_characters {time_per_1000_characters:g} s × {characters:,}"
                " characters / 1000 × 2 layout passes); the page is too big or too slow to lay"
                " out: split it, or raise the limits").format(**values), path=source)
        return RenderError(_(
            "{target}: stopped after {seconds:g} s ([build] time_limit {time_limit:g} s +"
            " time_per_1000_characters {time_per_1000_characters:g} s × {characters:,}"
            " characters / 1000); the page is too big or too slow to lay out: split it, or"
            " raise the limits").format(**values), path=source)
    if isinstance(error, MemoryError | MemoryLimit):
        return RenderError(_("{target}: needs more than {memory_limit} MiB ([build]"
                             " memory_limit); raise the limit or shrink the pictures").format(
                               target=job.target, memory_limit=limits.memory_limit), path=source)
    if isinstance(error, Stopped):
        return RenderError(
            _("{target}: the worker {error}, perhaps over [build] memory_limit ({memory_limit}"
              " MiB); the other outputs are still built").format(
                target=job.target, error=error, memory_limit=limits.memory_limit), path=source)
    # A bug: keep its traceback, but build the rest.
    log.error(_("%s: internal error, please report it:\n%s"), job.target,
              traceback or repr(error))
    return RenderError(_("{target}: internal error ({error_type}: {error}); the traceback is"
                         " above").format(target=job.target, error_type=exception_name(error),
                                          error=error), path=source)
