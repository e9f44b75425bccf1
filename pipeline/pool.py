"""Run work in worker processes that may fail, crash, hang or be killed without harm.

Reading a source and rendering an output both run here, each task under a
time limit (its own, scaled with its size by the caller) and, inside the
worker, the memory limit of `[build] memory_limit` (RLIMIT_DATA: the heap and
private mappings a task allocates). pebble's process pool replaces a worker
that dies and reports its task as failed; this module adds what it lacks:

- a worker whose allocations failed exits, so the next task gets a fresh one;
- workers die with the build (Linux), however the build dies;
- a pool broken by a worker that died between tasks (pebble's "All workers
  expired") is replaced, and its unfinished tasks run again in the new one;
- the warnings a task logs come back with its result, to be reported (and
  counted) by the main process in a stable order.

Every task ends with a result or one of the `Stopped` exceptions: nothing
hangs and nothing is lost without a word.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import gc
import logging
import os
import pickle
import resource
import signal
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Generic, TypeVar

from pebble import ProcessExpired, ProcessPool

from .errors import detached
from .i18n import _, language, set_language

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


class Stopped(Exception):
    """A task the pool ended: over its time or memory limit, or its worker died."""


class TimeLimit(Stopped):
    """The task ran longer than its time limit."""

    def __init__(self, seconds: float) -> None:
        seconds = round(seconds, 1)
        super().__init__(_("stopped after {seconds:g} s").format(seconds=seconds))
        self.seconds = seconds

    def __reduce__(self) -> tuple[type[TimeLimit], tuple[float]]:
        """Pickled by its seconds, not its message: a cluster's worker sends it back."""
        return type(self), (self.seconds,)


class MemoryLimit(Stopped):
    """The task needed more than `[build] memory_limit`."""


class WorkerDied(Stopped):
    """The worker process running the task was killed or crashed."""


@dataclass(frozen=True, slots=True)
class Done(Generic[R]):
    """A task's value and the warnings it logged on the way."""

    value: R
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Failed:
    """A task's exception (raised by the task, or a `Stopped`), its warnings, and the
    traceback of an exception that is not the user's to fix."""

    error: BaseException
    warnings: tuple[str, ...] = ()
    traceback: str = ""


OUT_OF_MEMORY = 86
"""A worker's exit status after a task ran out of memory: the worker is replaced, because a
process whose allocations failed halfway cannot be trusted with the next task."""
ATTEMPTS = 3
"""How many pools a build may start before the tasks a broken pool left are reported failed
(a worker that dies at every start would otherwise break pool after pool)."""
_PR_SET_PDEATHSIG = 1


def _start(megabytes: int, messages: str) -> None:
    """Each worker speaks the build's language (`messages`: a forked worker has it already,
    one started otherwise would not), so its warnings and errors read as the build's own;
    then `_start_worker`."""
    set_language(messages)
    _start_worker(megabytes)
    _tune_collector()


COLLECTOR_THRESHOLDS = (20_000, 10, 1)
"""A worker's cyclic garbage collector runs after 20,000 allocations, and looks at everything
every other time it looks at the middle generation (Python's defaults: 700, 10, 10)."""


def _tune_collector() -> None:
    """A worker collects cyclic garbage less often, and never looks again at what it had
    when it started (the modules and what the build made before forking).

    Laying out makes and drops millions of small objects, nearly all freed by their
    reference counts, yet with Python's thresholds the collector ran every 700 allocations
    and walked everything the worker held each time. Measured side by side: the sample
    month's build at 5–8 % less CPU (`bench/month_vs_pandoc.py`), and 300 generated
    articles' full build at 10 % less (166 → 149 CPU-s, `bench/decade.py`), its largest
    worker 198 → 232 MiB. The oldest generation stays frequent: with (20,000, 20, 20) the
    garbage of one job waited in it through the next ones, and the largest worker of the
    1,000-article build grew from 238 to 657 MiB.
    """
    gc.freeze()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)


def _start_worker(megabytes: int) -> None:
    """Each worker: the memory limit, death with the build (Linux): a build killed by
    SIGKILL, the OOM killer or a closed terminal leaves no worker working on; and silence.

    A C library in a worker (GLib, Pango, Cairo) writes its complaints straight to file
    descriptor 2, past logging: `GLib-ERROR … creating thread` when the memory limit bites.
    Such a line would reach the user's terminal unannounced, naming no file, in the middle
    of the progress lines. The worker's descriptor 2 goes to /dev/null instead: what a task
    has to say comes back as its warnings (logging) or its error, and a worker that dies is
    reported by the pool with its exit status or signal, naming its job.
    """
    with contextlib.suppress(OSError):
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)
        os.close(quiet)
    limit = megabytes * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)  # raising past the hard limit fails: keep the tighter one
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() == 1:  # the build died before the line above: go with it
            os._exit(1)


class Foreign(Exception):
    """An exception that would not pickle (lxml's carry their parser's error log), sent back
    from a worker as its type's name and its message."""

    def __init__(self, type_name: str, message: str) -> None:
        super().__init__(type_name, message)
        self.type_name = type_name
        self.message = message

    def __str__(self) -> str:
        return self.message


def _portable(exc: Exception) -> Exception:
    """`exc` if it can travel back to the main process, else a `Foreign` saying the same."""
    try:
        pickle.dumps(exc)
    except Exception:
        return Foreign(type(exc).__name__, str(exc))
    return exc


class _Collect(logging.Handler):
    """Keeps a task's warnings, so the main process reports (and counts) them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _guarded(work: Callable[[T], R], task: T) -> Done[R] | Failed:
    """Run one task in a worker, keeping the warnings it logs; after a MemoryError the worker
    exits so the pool starts a fresh one."""
    logger = logging.getLogger("pipeline")
    collect = _Collect()
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers[:] = [collect]
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        return Done(work(task), tuple(collect.messages))
    except MemoryError:
        os._exit(OUT_OF_MEMORY)
    except Exception as exc:
        told = traceback.format_exc()
        # The chain stays told in `told`, not sent (see `errors.detached`).
        return Failed(_portable(detached(exc)), tuple(collect.messages), told)
    finally:
        logger.handlers[:], logger.propagate, logger.level = saved


def pooled(tasks: Sequence[T], work: Callable[[T], R], *, workers: int, memory_limit: int,
           time_limit: Callable[[T], float],
           meanwhile: Callable[[], object] | None = None) -> Iterator[tuple[T, Done[R] | Failed]]:
    """Each task with its outcome, as tasks finish, in at most `workers` processes.

    `work` runs in a worker process (forked: it and the tasks need not be
    importable by name, but results and exceptions must pickle);
    `time_limit(task)` gives the seconds a task may take. Tasks start in the
    order given: put the longest first. `meanwhile` runs here once, while the
    workers work (after they were forked, so nothing it imports is half-imported
    in them); not at all when there is no task (nothing to wait for: what it
    prepares may not be needed, as in a build where nothing changed).
    """
    pending = list(tasks)
    for attempt in range(1, ATTEMPTS + 1):
        if not pending:
            return
        broken: list[T] = []
        yield from _one_pool(pending, work, workers, memory_limit, time_limit, broken,
                             meanwhile if attempt == 1 else None)
        if broken:
            log.debug("the worker pool broke; %d task(s) run again (attempt %d)", len(broken),
                      attempt + 1)
        pending = broken
    for task in pending:
        yield task, Failed(WorkerDied(_("its worker processes died {count} times before"
                                        " taking it").format(count=ATTEMPTS)))


def _one_pool(tasks: Sequence[T], work: Callable[[T], R], workers: int, memory_limit: int,
              time_limit: Callable[[T], float], broken: list[T],
              meanwhile: Callable[[], object] | None) -> Iterator[tuple[T, Done[R] | Failed]]:
    """Run `tasks` in one pool; those a broken pool never finished go to `broken`."""
    with ProcessPool(max_workers=max(1, min(workers, len(tasks))), initializer=_start,
                     initargs=(memory_limit, language())) as pool:
        futures: dict[concurrent.futures.Future[Done[R] | Failed], tuple[T, float]] = {}
        for task in tasks:
            seconds = time_limit(task)
            futures[pool.schedule(_guarded, args=(work, task), timeout=seconds)] = (task,
                                                                                   seconds)
        remaining = set(futures)
        try:
            if meanwhile is not None:  # the pool forked its workers at the first schedule()
                meanwhile()
            while remaining:
                done, remaining = concurrent.futures.wait(
                    remaining, timeout=_POLL, return_when=concurrent.futures.FIRST_COMPLETED)
                for future in done:
                    # Forgotten as soon as it is handed on: a finished future keeps its
                    # result, and a build's outputs would all stay in memory until its end.
                    task, seconds = futures.pop(future)
                    outcome = _outcome(future, seconds)
                    if outcome is None:
                        broken.append(task)
                    else:
                        yield task, outcome
                if remaining and not pool.active:
                    # Broken: the jobs it had not handed out yet would wait forever.
                    broken.extend(futures[f][0] for f in remaining if not f.done())
                    remaining = {f for f in remaining if f.done()}
        except BaseException:
            pool.stop()  # Ctrl-C, or the consumer stopped: no worker outlives the build
            raise
        if broken:
            pool.stop()


def _nothing(task: None) -> None:
    """A task that starts a pool's processes and does nothing."""


_POLL = 0.5
"""Seconds between looks at whether the pool broke while waiting for results."""


class Resident:
    """A pool that outlives its tasks, for a process that is given them one at a time from
    several threads (a Dask worker): the same limits, deaths and warnings as `pooled`, but
    the worker processes are started once and serve every task that comes.

    Tasks belong to a `group` (a build), so a build that is cancelled can stop its own
    tasks (`cancel`) without touching another's.
    """

    def __init__(self, workers: int, memory_limit: int, messages: str) -> None:
        self._arguments = (max(1, workers), memory_limit, messages)
        self._lock = threading.Lock()
        self._pool: ProcessPool | None = None
        self._running: dict[str, set[concurrent.futures.Future[Done[object] | Failed]]] = {}

    def run(self, work: Callable[[T], R], task: T, seconds: float,
            group: str = "") -> Done[R] | Failed:
        """Run one task in a worker process, under `seconds` and the memory limit."""
        for _attempt in range(ATTEMPTS):
            future = self._schedule(work, task, seconds, group)
            try:
                outcome = _outcome(future, seconds)
            finally:
                with self._lock:
                    self._running.get(group, set()).discard(future)
            if outcome is not None:
                return outcome
            log.debug("the resident pool broke; its task runs again")
        return Failed(WorkerDied(_("its worker processes died {count} times before taking"
                                   " it").format(count=ATTEMPTS)))

    def _schedule(self, work: Callable[[T], R], task: T, seconds: float,
                  group: str) -> concurrent.futures.Future[Done[R] | Failed]:
        with self._lock:
            if self._pool is None or not self._pool.active:
                if self._pool is not None:
                    self._pool.stop()  # broken: a new one takes the tasks
                workers, memory_limit, messages = self._arguments
                self._pool = ProcessPool(max_workers=workers, initializer=_start,
                                         initargs=(memory_limit, messages))
            future: concurrent.futures.Future[Done[R] | Failed] = self._pool.schedule(
                _guarded, args=(work, task), timeout=seconds)
            self._running.setdefault(group, set()).add(future)  # type: ignore[arg-type]
            return future

    def start(self) -> None:
        """Start the worker processes now, not with the first task (a task that comes while
        they start waits for them)."""
        self.run(_nothing, None, 60.0)

    def running(self) -> int:
        """How many tasks are being run now."""
        with self._lock:
            return sum(len(futures) for futures in self._running.values())

    def cancel(self, group: str) -> int:
        """Stop the group's tasks (their worker processes are killed and replaced); how many
        were stopped."""
        with self._lock:
            futures = self._running.pop(group, set())
        return sum(future.cancel() for future in futures)

    def close(self) -> None:
        """Stop every worker process."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()
            with contextlib.suppress(TimeoutError):  # a broken pool's loops may be gone
                pool.join(timeout=10)


def _outcome(future: concurrent.futures.Future[Done[R] | Failed],
             seconds: float) -> Done[R] | Failed | None:
    """A finished future's outcome; None when the pool broke before running it."""
    try:
        return future.result()
    except BrokenProcessPool:
        return None
    except concurrent.futures.TimeoutError:
        return Failed(TimeLimit(seconds))
    except ProcessExpired as exc:
        return Failed(_expired(exc.exitcode))
    except Exception as exc:  # the result would not pickle, or pebble failed
        return Failed(exc, traceback="".join(traceback.format_exception(exc)))


def _expired(exitcode: int | None) -> Stopped:
    if exitcode == OUT_OF_MEMORY:
        return MemoryLimit(_("ran out of memory"))
    if exitcode is not None and exitcode < 0:
        return WorkerDied(_("was killed (signal {signal})").format(signal=-exitcode))
    return WorkerDied(_("crashed (exit {exitcode})").format(exitcode=exitcode))
