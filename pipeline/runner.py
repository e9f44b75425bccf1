"""Run jobs in worker processes that may fail, crash or be killed without harm.

pebble's process pool restarts a worker that dies and reports its job as
failed; each job gets the time limit of `[build] time_limit` and, inside
the worker, the memory limit of `[build] memory_limit` (RLIMIT_DATA: the
heap and private mappings a render allocates).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import logging
import os
import resource
import signal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pebble import ProcessExpired, ProcessPool

from .errors import BantinError, RenderError
from .plan import Job
from .worker import execute

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Result:
    """A finished job: its bytes, or the error to report."""

    job: Job
    data: bytes | None = None
    error: BantinError | None = None
    warnings: tuple[str, ...] = ()
    """What the job warned about (a refused picture, a dropped resource)."""


OUT_OF_MEMORY = 86
"""A worker's exit status after a job ran out of memory: the worker is replaced, because a
process whose allocations failed halfway cannot be trusted with the next article."""
_PR_SET_PDEATHSIG = 1


def _start_worker(megabytes: int) -> None:
    """Each worker: the memory limit, and death with the build (Linux): a build killed by
    SIGKILL, the OOM killer or a closed terminal leaves no worker rendering on."""
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() == 1:  # the build died before the line above: go with it
            os._exit(1)


def _guarded(work: Callable[[Job], tuple[bytes, list[str]]],
             job: Job) -> tuple[bytes, list[str]]:
    """Run one job; after a MemoryError the worker exits so the pool starts a fresh one."""
    try:
        return work(job)
    except MemoryError:
        os._exit(OUT_OF_MEMORY)


def run(jobs: Sequence[Job], workers: int, time_limit: float, memory_limit: int,
        work: Callable[[Job], tuple[bytes, list[str]]] = execute) -> Iterator[Result]:
    """Each job's result as it finishes; the biggest jobs start first."""
    if not jobs:
        return
    if any(job.format == "pdf" for job in jobs):
        # Workers are forked: importing WeasyPrint (half a second) once here spares every
        # worker its own import.
        import weasyprint  # noqa: F401
    ordered = sorted(jobs, key=lambda j: -j.weight)
    with ProcessPool(max_workers=max(1, min(workers, len(jobs))), initializer=_start_worker,
                     initargs=(memory_limit,)) as pool:
        futures: dict[concurrent.futures.Future[tuple[bytes, list[str]]], Job] = {
            pool.schedule(_guarded, args=(work, job), timeout=time_limit): job
            for job in ordered}
        try:
            for future in concurrent.futures.as_completed(futures):
                yield _result(futures[future], future, time_limit, memory_limit)
        except BaseException:
            pool.stop()  # Ctrl-C: no worker outlives the build
            raise


def _result(job: Job, future: concurrent.futures.Future[tuple[bytes, list[str]]],
            time_limit: float, memory_limit: int) -> Result:
    source = job.source
    try:
        data, warnings = future.result()
        return Result(job, data=data, warnings=tuple(warnings))
    except BantinError as error:
        return Result(job, error=error)
    except concurrent.futures.TimeoutError:
        return Result(job, error=RenderError(
            f"{job.target}: stopped after {time_limit:g} s ([build] time_limit); the page is"
            " too big or too slow to lay out", path=source))
    except MemoryError:
        return Result(job, error=_memory_error(job, memory_limit, source))
    except ProcessExpired as exc:
        if exc.exitcode == OUT_OF_MEMORY:
            return Result(job, error=_memory_error(job, memory_limit, source))
        if exc.exitcode is not None and exc.exitcode < 0:
            what = f"was killed (signal {-exc.exitcode})"
        else:
            what = f"crashed (exit {exc.exitcode})"
        return Result(job, error=RenderError(
            f"{job.target}: the worker {what}, perhaps over [build] memory_limit"
            f" ({memory_limit} MiB); the other outputs are still built", path=source))
    except Exception as exc:  # a bug: keep its traceback, but build the rest
        log.error("%s: internal error, please report it:\n%s", job.target,
                  getattr(exc, "traceback", None) or repr(exc))
        return Result(job, error=RenderError(
            f"{job.target}: internal error ({type(exc).__name__}: {exc}); the traceback is"
            " above", path=source))


def _memory_error(job: Job, memory_limit: int, source: Path) -> RenderError:
    return RenderError(f"{job.target}: needs more than {memory_limit} MiB ([build]"
                       " memory_limit); raise the limit or shrink the pictures", path=source)
