"""Run render jobs on a Dask `distributed` cluster: `bantin build --executor dask://HOST:PORT`.

The jobs are the pure functions a local build runs; only where they run
changes (`Cluster.run` stands where `runner.run` does, a `Result` per job).
What travels:

- to the workers, each job (it pickles: its articles and the configuration)
  and, by content, every file it may read: its sources and their pictures,
  the `.docx` LibreOffice made of a `.doc`, an archival copy's attachments,
  a digest's cover picture, the project's own `layouts/`. Each distinct file
  is one Dask key named by its SHA-256, scattered to every worker once
  before the jobs start (a worker that joins later fetches it from another
  when a job needs it; when the last copy dies with a worker, the jobs Dask
  cancels for want of it are sent again with it);
- back, each output's bytes and the warnings its job logged, which this
  process writes, caches and records exactly as for a local build.

On a worker the files are kept by hash under its local directory and linked
into a folder laid out like the project, one per build, and the job is
re-rooted there (`place`, `relocated`): a worker never reads this machine's
project folder. The built-in layouts and fonts are the worker's own
installation's, so a worker whose toolchain, bantin code or built-in files
differ from this machine's is refused, since its bytes would differ. Each
job runs in a process of a pool that lives as long as the Dask worker
(`pool.Resident`, started when a build connects), under the same time and
memory limits as locally; a job whose worker dies is run again on another
by Dask, up to the scheduler's `distributed.scheduler.allowed-failures`,
and then reported failed.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import functools
import hashlib
import json
import logging
import multiprocessing
import os
import pickle
import queue
import shutil
import socket
import threading
import traceback
import uuid
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath
from typing import Any, TypeVar

from . import __version__
from .config import Build
from .errors import BantinError
from .i18n import _, language
from .model import Figure
from .plan import Job, toolchain, tree_digest
from .pool import Done, Failed, Resident, WorkerDied
from .reads import code_digest
from .resources import (
    CACHE_DIR,
    CONVERTED_DIR,
    OFFICE_SUFFIXES,
    fonts_dir,
    is_packaged,
    layouts_dir,
    package_file,
)
from .runner import Result, job_time_limit, result_of
from .worker import make

try:
    import distributed
except ImportError:  # without the `cluster` extra: `Cluster` says how to install it
    INSTALLED = False
else:
    INSTALLED = True

log = logging.getLogger(__name__)

V = TypeVar("V")

CONNECT_SECONDS = 10.0
"""How long reaching the scheduler may take before the build gives up."""
SCATTER_BYTES = 64 * 1024 * 1024
"""Files are sent to the workers whenever this much has been read (and at the end), so the
build never holds a whole archive's pictures in memory at once."""
RESUBMISSIONS = 3
"""How many times a job whose task Dask cancelled (its files lost with a worker) is sent."""
WORKERS_SECONDS = 30.0
"""How long a build waits for a scheduler that has no worker yet to get one."""
PROJECT, OUTSIDE = "project", "outside"
"""A worker's build folder: the project's files under project/, files named from outside it
under outside/ by their absolute path; `.bantin-cache/office/` beside them holds the `.docx`
made of each `.doc`, where `resources.package_file` looks for it."""


# --------------------------------------------------------------------------------------
# Where a coordinator's file lies on a worker


@dataclass(frozen=True, slots=True)
class Origin:
    """What the coordinator's paths are relative to: its working folder (a path given as
    `--project .` is relative) and the project's folder, both absolute."""

    cwd: str
    project: str

    @classmethod
    def of(cls, project: Path) -> Origin:
        cwd = os.getcwd()
        return cls(cwd=cwd, project=os.path.normpath(os.path.join(cwd, project)))


def place(path: PurePath, origin: Origin) -> PurePosixPath:
    """Where a coordinator's file lies in a worker's build folder: `project/<its path in the
    project>`, or `outside/<its absolute path>` for a file from elsewhere."""
    absolute = PurePosixPath(os.path.normpath(os.path.join(origin.cwd, path)))
    project = PurePosixPath(origin.project)
    if absolute.is_relative_to(project):
        return PROJECT / absolute.relative_to(project)
    return OUTSIDE / absolute.relative_to(absolute.anchor)


def relocated(value: V, move: Callable[[PurePath], PurePath]) -> V:
    """`value` with every path in it replaced by `move(path)`: through dataclasses (a job,
    its configuration, articles, digest), tuples, lists and dicts; objects shared in
    `value` stay shared."""
    memo: dict[int, Any] = {}

    def walk(item: Any) -> Any:
        if isinstance(item, str | bytes | int | float | bool | type(None)):
            return item
        if id(item) in memo:
            return memo[id(item)]
        result: Any = item
        if isinstance(item, PurePath):
            result = move(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            result = dataclasses.replace(item, **{
                f.name: walk(getattr(item, f.name)) for f in dataclasses.fields(item) if f.init})
        elif isinstance(item, tuple):
            moved = [walk(v) for v in item]
            result = item._make(moved) if hasattr(item, "_make") else tuple(moved)
        elif isinstance(item, list):
            result = [walk(v) for v in item]
        elif isinstance(item, dict):
            result = {walk(k): walk(v) for k, v in item.items()}
        elif isinstance(item, frozenset | set):
            result = type(item)(walk(v) for v in item)
        memo[id(item)] = result
        return result

    moved: V = walk(value)
    return moved


def paths_in(value: object) -> list[PurePath]:
    """Every path `value` holds (the same walk as `relocated`)."""
    found: list[PurePath] = []

    def keep(path: PurePath) -> PurePath:
        found.append(path)
        return path

    relocated(value, keep)
    return found


def needed(job: Job, origin: Origin, layouts: Sequence[Path] = ()) -> dict[str, Path]:
    """Every file `job` may read, by where it lies in a worker's build folder: the sources
    of its articles (a Word file holds its pictures), their pictures, the `.docx` made of a
    `.doc`, a digest's cover picture, an archival copy's attachments, and `layouts` (the
    project's own layouts/ files). Files that do not exist are left out: on the worker, as
    here, the job then reports them missing."""
    found: dict[str, Path] = {}

    def add(path: Path) -> None:
        found[place(path, origin).as_posix()] = path

    articles = [job.article] if job.article is not None else []
    if job.digest is not None:
        articles += [*job.digest.articles, *([job.digest.note] if job.digest.note else [])]
        if job.digest.cover_image is not None:
            add(job.digest.cover_image)
    for article in articles:
        add(article.source)
        for block in article.blocks:
            if not isinstance(block, Figure) or not block.src:
                continue
            if not is_packaged(block.src):
                add(article.source.parent / block.src)
                continue
            package = article.source.parent / block.src.split("#", 1)[0]
            add(package)
            if package.suffix.lower() in OFFICE_SUFFIXES:
                with contextlib.suppress(OSError):  # never converted: the worker says so too
                    converted = package_file(package)
                    found[f"{CACHE_DIR}/{CONVERTED_DIR}/{converted.name}"] = converted
    for path in job.attachments:
        add(path)
    for path in layouts:
        add(path)
    return found


# --------------------------------------------------------------------------------------
# What a worker must have to make the same bytes


@functools.cache
def fingerprint() -> dict[str, str]:
    """Everything besides a job that decides its bytes on this machine: the toolchain
    (`plan.toolchain`), bantin's code and the built-in layouts and fonts."""
    return {**toolchain(), "bantin code": code_digest()[:16],
            "built-in layouts": tree_digest([layouts_dir()])[:16],
            "built-in fonts": tree_digest([fonts_dir()])[:16]}


@functools.cache
def fingerprint_digest() -> str:
    """`fingerprint` in one hash, sent with every job: a worker that joined after the build
    connected is checked by its first job."""
    return hashlib.sha256(json.dumps(fingerprint(), sort_keys=True).encode()).hexdigest()


def differences(here: dict[str, str], there: dict[str, str]) -> str:
    """`weasyprint 66.0 there, 65.1 here; …`: what a worker has that this machine has not."""
    return "; ".join(_("{name} {there} there, {here} here").format(
                         name=name, there=there.get(name, "absent"),
                         here=here.get(name, "absent"))
                     for name in sorted({*here, *there}) if here.get(name) != there.get(name))


def _refused(worker: str, there: dict[str, str]) -> BantinError:
    return BantinError(_("the Dask worker {worker} would not make the same bytes as this"
                         " machine ({differences}); install the same bantin {version}, Python"
                         " and libraries there, or stop that worker").format(
                             worker=worker, differences=differences(fingerprint(), there),
                             version=__version__))


# --------------------------------------------------------------------------------------
# The coordinator: this process


@dataclass(frozen=True, slots=True)
class Order:
    """What a worker is sent for one job; the bytes of `files` come as the task's
    dependencies, in the same order."""

    job: Job
    origin: Origin
    files: tuple[tuple[str, str], ...]
    """(where in the build folder, SHA-256) of every file the job may read."""
    folders: tuple[str, ...]
    """Folders of the build folder that must exist even when empty (the project's input/
    and layouts/)."""
    build: str
    """This build's name: its folder on the worker, and what `stop` cancels."""
    fingerprint: str
    """`fingerprint_digest()` here: a worker with another is refused."""
    seconds: float
    memory_limit: int
    language: str


@dataclass(frozen=True, slots=True)
class Reply:
    """A job made (or failed) on a worker, and the build folder its paths name."""

    worker: str
    root: str
    outcome: bytes
    """The pickled `Done` or `Failed`: unpickled here, so an outcome that cannot be (an
    exception of a library that does not pickle back) fails its job, not the build."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """A worker that would make other bytes than the coordinator (it joined after the check
    `Cluster` makes when it connects)."""

    worker: str
    fingerprint: dict[str, str]


class Cluster:
    """A build's connection to a Dask scheduler; `run` makes jobs on its workers.

    Connecting checks at once what would fail later: the package, the
    scheduler, that it has a worker, that every worker makes the same bytes.
    """

    def __init__(self, url: str, address: str, limits: Build | None = None) -> None:
        """`url` as the user wrote it (dask://HOST:PORT), `address` as Dask takes it;
        `limits`, when given, start the workers' job processes at once."""
        self.url, self.address = url, address
        if not INSTALLED:
            raise BantinError(_("--executor {url} needs Dask's distributed package, which is"
                                " not installed here: pip install 'bantin[cluster]', or build"
                                " with --executor local").format(url=url))
        self._quieted = _quiet_dask()
        host, _colon, port = address.removeprefix("tcp://").rpartition(":")
        try:  # a refused connection is told at once, not after Dask's retries
            socket.create_connection((host.strip("[]"), int(port)), CONNECT_SECONDS).close()
            with warnings.catch_warnings(record=True) as caught:
                self.client = distributed.Client(address, timeout=CONNECT_SECONDS,
                                                 set_as_default=False)
        except (OSError, TimeoutError) as exc:
            self.close()
            reason = exc.strerror or str(exc) or type(exc).__name__
            raise BantinError(_("cannot reach the Dask scheduler at {url} ({reason}); start it"
                                " (dask scheduler --port {port}) or check the host and"
                                " port").format(url=url, reason=reason, port=port)) from None
        for warning in caught:  # e.g. other Dask versions on the cluster
            log.warning("%s: %s", url, str(warning.message).strip().splitlines()[0])
        try:
            self.client.wait_for_workers(1, timeout=WORKERS_SECONDS)
            self._check_workers()
            if limits is not None:
                self.client.run(warm_up, limits.memory_limit, language())
        except BaseException as exc:
            self.close()
            if isinstance(exc, TimeoutError):
                raise BantinError(_("the Dask scheduler at {url} has no worker; start one"
                                    " (dask worker {address} --nthreads 1) and build"
                                    " again").format(url=url, address=address)) from None
            raise

    def _check_workers(self) -> None:
        """Refuse the build when a worker cannot run bantin's jobs or would make other bytes."""
        answers = self.client.run(fingerprint, on_error="return")
        for worker, there in sorted(answers.items()):
            if isinstance(there, BaseException):
                raise BantinError(_("the Dask worker {worker} cannot run bantin's jobs"
                                    " ({error}); install bantin[cluster] {version} there, as"
                                    " here").format(worker=worker, version=__version__,
                                                    error=f"{type(there).__name__}: {there}"))
            if there != fingerprint():
                raise _refused(worker, there)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if hasattr(self, "client"):
            with contextlib.suppress(Exception):
                self.client.close()
        for handler, level in self._quieted:
            handler.setLevel(level)
        self._quieted = []

    def run(self, jobs: Sequence[Job], limits: Build) -> Iterator[Result]:
        """Each job's result as it finishes; the biggest jobs start first. Ctrl-C (or the
        caller stopping) cancels the build's work on the cluster."""
        if not jobs:
            return
        build = uuid.uuid4().hex
        batch = _Batch(self.client, build, limits)
        try:
            batch.submit(sorted(jobs, key=lambda j: -j.weight))
            yield from batch.results(self)
        except BaseException:
            batch.cancel()
            raise
        finally:
            with contextlib.suppress(Exception):
                self.client.run(forget, build)  # the build's folder on each worker

    def lost(self, why: object) -> BantinError:
        log.debug("a job's task ended with %r", why)
        return BantinError(_("lost the Dask scheduler at {url} (it stopped, or cancelled this"
                             " build's work); the outputs made so far are written, build"
                             " again").format(url=self.url))


def _quiet_dask() -> list[tuple[logging.Handler, int]]:
    """Keep Dask's own log lines (from INFO up, in its own format) out of the build's output,
    where what matters is said in bantin's lines; `-vv` lets them through. The handlers'
    levels, to put back."""
    if log.isEnabledFor(logging.DEBUG):
        return []
    saved = []
    for name in ["distributed", *logging.root.manager.loggerDict]:
        if name == "distributed" or name.startswith("distributed."):
            for handler in logging.getLogger(name).handlers:
                saved.append((handler, handler.level))
                handler.setLevel(logging.CRITICAL + 1)
    return saved


class _Batch:
    """One `Cluster.run`: the files sent, the jobs submitted, their futures."""

    def __init__(self, client: distributed.Client, build: str, limits: Build) -> None:
        self.client, self.build, self.limits = client, build, limits
        self.files: dict[str, distributed.Future[bytes]] = {}
        """The key holding each file's bytes, by SHA-256."""
        self.uses: Counter[str] = Counter()
        """How many unfinished jobs need each file: at 0 its bytes are let go."""
        self.jobs: dict[distributed.Future[Reply | Refusal], tuple[Order, int]] = {}
        """Each job's order and how many times it was sent, by its future."""
        self._hashes: dict[Path, str | None] = {}
        self._paths: dict[str, Path] = {}
        """A file of each SHA-256, to send it again."""
        self._submitted = 0
        self._unsent: dict[str, bytes] = {}
        """Files read but not yet sent, by SHA-256."""
        self._unsent_bytes = 0
        self._layouts: dict[Path, list[Path]] = {}

    def _sha256(self, path: Path) -> str | None:
        """The file's hash, its bytes sent to the cluster the first time; None when it
        cannot be read."""
        if path not in self._hashes:
            try:
                data = path.read_bytes() if path.is_file() else None
            except OSError:
                data = None
            sha = hashlib.sha256(data).hexdigest() if data is not None else None
            if data is not None and sha is not None and sha not in self.files:
                self._paths.setdefault(sha, path)
                self._unsent[sha] = data
                self._unsent_bytes += len(data)
                if self._unsent_bytes >= SCATTER_BYTES:
                    self._send()
            self._hashes[path] = sha
        return self._hashes[path]

    def _send(self) -> None:
        """Put the files read since the last time on every worker (each gets each once);
        a worker that joins later takes them from another when it needs them."""
        if not self._unsent:
            return
        keys = {f"bantin-file-{sha}": data for sha, data in self._unsent.items()}
        futures = self.client.scatter(keys, broadcast=True, hash=False)
        for sha in self._unsent:
            self.files[sha] = futures[f"bantin-file-{sha}"]
        self._unsent.clear()
        self._unsent_bytes = 0

    def _project_layouts(self, project: Path) -> list[Path]:
        if project not in self._layouts:
            folder = project / "layouts"
            self._layouts[project] = sorted(p for p in folder.rglob("*") if p.is_file()) \
                if folder.is_dir() else []
        return self._layouts[project]

    def submit(self, jobs: Sequence[Job]) -> None:
        """Send the jobs' files, then the jobs, biggest first."""
        messages = language()
        orders = []
        for job in jobs:
            origin = Origin.of(job.config.project)
            files = []
            for where, path in needed(job, origin,
                                      self._project_layouts(job.config.project)).items():
                sha = self._sha256(path)
                if sha is not None:
                    files.append((where, sha))
            folders = [f"{PROJECT}/input"]
            if (job.config.project / "layouts").is_dir():
                folders.append(f"{PROJECT}/layouts")
            orders.append(Order(job=job, origin=origin, files=tuple(files),
                                folders=tuple(folders), build=self.build,
                                fingerprint=fingerprint_digest(),
                                seconds=job_time_limit(job, self.limits),
                                memory_limit=self.limits.memory_limit, language=messages))
        self._send()
        for order in orders:
            self.uses.update({sha for _where, sha in order.files})
            self._submit(order, 1)

    def _submit(self, order: Order, attempt: int) -> distributed.Future[Reply | Refusal]:
        future = self.client.submit(execute, order,
                                    *(self.files[sha] for _where, sha in order.files),
                                    key=f"bantin-job-{self.build}-{self._submitted}",
                                    priority=order.job.weight)
        self.jobs[future] = (order, attempt)
        self._submitted += 1
        return future

    def _again(self, order: Order, attempt: int) -> distributed.Future[Reply | Refusal]:
        """Send a job whose task Dask cancelled once more, with those of its files the
        cluster no longer has: Dask keeps fewer copies of a file than there are workers
        (its active memory manager), and a worker that dies may take the last with it.
        `BantinError` (lost) when a file changed meanwhile."""
        for _where, sha in order.files:
            if self.files[sha].status != "finished":
                path = self._paths[sha]
                try:
                    data = path.read_bytes()
                except OSError:
                    data = b""
                if hashlib.sha256(data).hexdigest() != sha:
                    raise BantinError(_("{path} changed or disappeared during the build; build"
                                        " again").format(path=path))
                self._unsent[sha] = data
        self._send()
        return self._submit(order, attempt)

    def results(self, cluster: Cluster) -> Iterator[Result]:
        finished = distributed.as_completed(list(self.jobs), loop=self.client.loop,
                                            with_results=True, raise_errors=False)
        for future, value in finished:
            order, attempt = self.jobs.pop(future)
            outcome = task_outcome(value)
            future.release()
            if outcome is None:  # cancelled: its files lost with a worker, or the scheduler
                if attempt >= RESUBMISSIONS or self.client.status != "running":
                    raise cluster.lost(value)
                log.debug("%s: sent again (%s)", order.job.target, value)
                finished.add(self._again(order, attempt + 1))
                continue
            for sha in {sha for _where, sha in order.files}:  # the last job that needed a
                self.uses[sha] -= 1                             # file lets its bytes go
                if self.uses[sha] == 0:
                    self.files.pop(sha).release()
            yield result_of(order.job, _home(outcome, order.origin, order.job), self.limits)

    def cancel(self) -> None:
        """Stop everything this build asked of the cluster, running jobs included."""
        with contextlib.suppress(Exception):
            self.client.cancel([*self.jobs, *self.files.values()], force=True)
        with contextlib.suppress(Exception):
            self.client.run(stop, self.build)


def task_outcome(value: Any) -> Reply | Failed | None:
    """What a job's task gave, from `as_completed`'s value (by the value: the future's status
    may have moved on, as when the worker holding a finished job's bytes died and the job
    runs again): the worker's reply, or the failure of a task that never returned one (its
    workers all died, or a bug); None when the task was cancelled."""
    if isinstance(value, Refusal):
        raise _refused(value.worker, value.fingerprint)
    if isinstance(value, Reply):
        return value
    if not (isinstance(value, tuple) and len(value) == 3
            and isinstance(value[1], BaseException)):
        return None  # a CancelledError: the scheduler restarted or dropped this client
    _type, error, trace = value
    if isinstance(error, distributed.KilledWorker):
        attempts = getattr(error, "allowed_failures", 0) + 1
        return Failed(WorkerDied(_("was lost {count} times (the Dask worker running it died"
                                   " each time)").format(count=attempts)))
    return Failed(error, traceback="".join(traceback.format_exception(type(error), error,
                                                                      trace)))


def _home(outcome: Reply | Failed, origin: Origin, job: Job) -> Done[bytes] | Failed:
    """A worker's outcome in this machine's terms: the paths its warnings and error name
    are the project's, not the worker's build folder."""
    if isinstance(outcome, Failed):  # the task never ran to its end: no paths of the worker
        return outcome
    root = outcome.root
    try:
        result: Done[bytes] | Failed = pickle.loads(outcome.outcome)
    except Exception as exc:
        return Failed(exc, traceback="".join(traceback.format_exception(exc)))
    if isinstance(result, Done) and not result.warnings:
        return result
    originals = {str(PurePosixPath(root) / place(p, origin)): p for p in paths_in(job)}

    def text(message: str) -> str:
        for worker_path, path in sorted(originals.items(), key=lambda kv: -len(kv[0])):
            message = message.replace(worker_path, str(path))
        return (message.replace(f"{root}/{OUTSIDE}", "")
                .replace(f"{root}/{PROJECT}", origin.project))

    warnings_ = tuple(text(w) for w in result.warnings)
    if isinstance(result, Done):
        return Done(result.value, warnings_)
    error = result.error
    if isinstance(error, BantinError):
        error.__dict__["message"] = text(error.message)  # `Final` to type checkers only
        if error.path is not None:
            error.path = Path(originals.get(str(error.path)) or text(str(error.path)))
    return Failed(error, warnings_, text(result.traceback))


# --------------------------------------------------------------------------------------
# The worker: functions Dask runs there


_RESIDENTS: dict[tuple[int, str, int], Resident] = {}
"""This worker process's pools, by memory limit, language of the messages and size."""
_RESIDENTS_LOCK = threading.Lock()


def _resident(memory_limit: int, messages: str, threads: int) -> Resident:
    key = (memory_limit, messages, threads)
    with _RESIDENTS_LOCK:
        if key not in _RESIDENTS:
            # The pool's processes are forked: importing WeasyPrint (half a second) here
            # spares each its own import.
            import weasyprint  # noqa: F401

            if not _RESIDENTS:
                atexit.register(_close_residents)
            process = multiprocessing.current_process()
            if process.daemon:  # a worker under a nanny is; its pool processes die with it
                process.__dict__["_config"]["daemon"] = False  # anyway (PR_SET_PDEATHSIG)
            _RESIDENTS[key] = Resident(threads, memory_limit, messages)
        return _RESIDENTS[key]


def _close_residents() -> None:
    """Stop the job processes when the worker exits: they are no daemons, so Python would
    wait for them, idle, forever (before multiprocessing's own exit handler, which would)."""
    with _RESIDENTS_LOCK:
        residents = list(_RESIDENTS.values())
        _RESIDENTS.clear()
    for resident in residents:
        resident.close()


def warm_up(memory_limit: int, messages: str, dask_worker: Any = None) -> None:
    """Start this worker's job processes (`client.run` when a build connects), so they are
    ready, WeasyPrint imported, while the coordinator still reads the sources."""
    worker = dask_worker if dask_worker is not None else distributed.get_worker()
    threads = worker.state.nthreads
    with _RESIDENTS_LOCK:
        if not _KEEPER:
            _KEEPER.append(threading.Thread(target=_keep, name="bantin-keeper", daemon=True))
            _KEEPER[0].start()
    _STARTS.put(lambda: _resident(memory_limit, messages, threads).start())


def _keep() -> None:
    while True:
        start = _STARTS.get()
        with contextlib.suppress(Exception):  # a pool that cannot start: its jobs will say
            start()


_STARTS: queue.Queue[Callable[[], object]] = queue.Queue()
_KEEPER: list[threading.Thread] = []
"""This process's keeper thread, which starts job processes in the background (`_STARTS`)
and lives as long as the process: a job process dies with the thread that started it (its
PR_SET_PDEATHSIG follows that thread, not the process), so no short-lived thread may."""


def execute(order: Order, *contents: bytes) -> Reply | Refusal:
    """Make one job on this worker: its files in place, the job re-rooted onto them, run in
    the worker's resident pool under the job's limits."""
    worker = distributed.get_worker()
    if fingerprint_digest() != order.fingerprint:
        return Refusal(worker.address, fingerprint())
    root = materialize(Path(worker.local_directory), order, contents)
    job = relocated(order.job, lambda path: type(path)(root / place(path, order.origin)))
    resident = _resident(order.memory_limit, order.language, worker.state.nthreads)
    outcome = resident.run(make, job, order.seconds, group=order.build)
    return Reply(worker.address, str(root), pickle.dumps(outcome))


def build_folder(local: Path, order: Order) -> Path:
    """Where a build's files are linked on a worker: one folder per build and project."""
    project = hashlib.sha256(order.origin.project.encode()).hexdigest()[:12]
    return (local / "bantin" / "builds" / order.build / project).resolve()


def materialize(local: Path, order: Order, contents: Sequence[bytes]) -> Path:
    """Lay the order's files out under its build folder, each linked from the worker's
    store (`local`/bantin/files/<SHA-256>, written once per worker); the folder."""
    store = local / "bantin" / "files"
    store.mkdir(parents=True, exist_ok=True)
    root = build_folder(local, order)
    for folder in order.folders:
        (root / folder).mkdir(parents=True, exist_ok=True)
    for (where, sha), data in zip(order.files, contents, strict=True):
        relative = PurePosixPath(where)
        if relative.is_absolute() or ".." in relative.parts:
            raise ValueError(f"{where}: not a path inside the build folder")
        kept = store / sha
        if not (kept.is_file() and kept.stat().st_size == len(data)):
            if hashlib.sha256(data).hexdigest() != sha:
                raise ValueError(f"{where}: its bytes do not have the SHA-256 {sha}")
            _replace(kept, functools.partial(_write, data=data))
            kept.chmod(0o444)  # linked into builds: no job may change it under another
        target = root / relative
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            _replace(target, functools.partial(_link, kept))
    return root


def _replace(target: Path, make: Callable[[Path], object]) -> None:
    """Make `target` through a temporary name, so a thread making it too never sees half."""
    part = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
    try:
        make(part)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


def _write(part: Path, data: bytes) -> None:
    part.write_bytes(data)


def _link(kept: Path, target: Path) -> None:
    try:
        os.link(kept, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(kept, target)


def stop(build: str) -> int:
    """Stop the build's running jobs on this worker (`client.run`): how many."""
    with _RESIDENTS_LOCK:
        residents = list(_RESIDENTS.values())
    return sum(resident.cancel(build) for resident in residents)


def running() -> int:
    """How many jobs this worker is running now (`client.run`)."""
    with _RESIDENTS_LOCK:
        residents = list(_RESIDENTS.values())
    return sum(resident.running() for resident in residents)


def forget(build: str, dask_worker: Any = None) -> None:
    """Remove the build's folder on this worker (`client.run`); the store keeps the files."""
    local = Path(dask_worker.local_directory if dask_worker is not None
                 else distributed.get_worker().local_directory)
    shutil.rmtree(local / "bantin" / "builds" / build, ignore_errors=True)
