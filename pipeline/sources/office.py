"""Word 97–2003 (`.doc`), RTF and OpenDocument text (`.odt`) files, read through LibreOffice.

LibreOffice, run headless, converts each file to `.docx`, which the Word reader reads as
the source itself (`read_docx(converted, path, …)`): messages name the `.doc`, its pictures
are `report.doc#word/media/image1.png`, found again in the `.docx` by
`resources.package_file`.

Each soffice run costs its start-up, then little per file, so a build converts its files in
batches (`convert_all`), one batch per worker, each batch a pool task under the build's
memory limit and a time limit scaled by its files. A batch that crashes or runs out of time
is converted again one file at a time, so one bad file costs only itself. The `.docx` are
kept by the source's SHA-256 in `.bantin-cache/office/` (`conversion_folder`), so a rebuild
converts nothing again.

LibreOffice never runs on the user's own profile: every run has a private one (two runs
cannot share one; `_profile` locks it), set to run no macros and fetch nothing — macro
security "very high" with macros disabled, links with an untrusted referrer blocked (what
stops a linked picture or OLE object of an `.odt` from being fetched), links and fields
never updated, no update check, and every address sent to a proxy that does not exist
(what stops the linked picture of a `.doc`) — and the environment has no proxy variables.
Each file is opened with the import filter its first bytes call for, so a damaged file is
refused instead of being imported as plain text.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import hashlib
import io
import logging
import math
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType

from ..config import Build
from ..errors import SourceError
from ..i18n import N_, _
from ..pool import Done, Failed, MemoryLimit, TimeLimit, pooled
from ..resources import CACHE_DIR, CONVERTED_DIR, converted_name, remember_converted
from .base import RawSource, ReadContext, Reader, require_regular_file
from .word import read_docx

log = logging.getLogger(__name__)

SOFFICE_VARIABLE = "BANTIN_SOFFICE"
"""The environment variable naming the LibreOffice program, when it is not `soffice` or
`libreoffice` on PATH."""
INSTALL = N_("install it (Debian/Ubuntu: apt-get install libreoffice-writer-nogui) or open the"
           " file in Word and save it as .docx")
UNCONVERTIBLE = N_("LibreOffice could not convert it; open it in Word and save it as .docx")
"""Shown through `_` (translated when shown)."""
SECONDS_PER_FILE = 5.0
"""Seconds a batch's time limit grows by per file, beyond `[build] time_limit` (which
covers LibreOffice's start-up) and the size allowance; a file takes well under one."""
_GRACE = 15.0
"""Seconds the pool waits beyond a run's own limit: the run stops LibreOffice itself first."""

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODT = b"application/vnd.oasis.opendocument.text"
_PROXY_VARIABLES = frozenset({"http_proxy", "https_proxy", "ftp_proxy", "all_proxy",
                              "no_proxy", "socks_proxy"})

_SETTINGS = {  # (configuration path, property): value
    ("org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel"): "3",
    ("org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution"): "true",
    ("org.openoffice.Office.Common/Security/Scripting", "OfficeBasic"): "0",
    ("org.openoffice.Office.Common/Security/Scripting", "ExecutePlugins"): "false",
    ("org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks"): "true",
    ("org.openoffice.Office.Common/Misc", "CollectUsageInformation"): "false",
    # Writer's link update mode: 0 never, 1 on request, 2 always; fields and charts too.
    ("org.openoffice.Office.Writer/Content/Update", "Link"): "0",
    ("org.openoffice.Office.Writer/Content/Update", "Field"): "false",
    ("org.openoffice.Office.Writer/Content/Update", "Chart"): "false",
    # Calc's (an embedded sheet): 0 always, 1 never, 2 on request.
    ("org.openoffice.Office.Calc/Content/Update", "Link"): "1",
    # Every address through a proxy that is not there (the discard port of this machine,
    # closed): a picture linked by a .doc's INCLUDEPICTURE field is asked for even with the
    # links blocked above, and so gets nothing.
    ("org.openoffice.Inet/Settings", "ooInetProxyType"): "2",
    ("org.openoffice.Inet/Settings", "ooInetHTTPProxyName"): "127.0.0.1",
    ("org.openoffice.Inet/Settings", "ooInetHTTPProxyPort"): "9",
    ("org.openoffice.Inet/Settings", "ooInetHTTPSProxyName"): "127.0.0.1",
    ("org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort"): "9",
    ("org.openoffice.Inet/Settings", "ooInetFTPProxyName"): "127.0.0.1",
    ("org.openoffice.Inet/Settings", "ooInetFTPProxyPort"): "9",
    ("org.openoffice.Inet/Settings", "ooInetNoProxy"): "",
    ("org.openoffice.Office.Jobs/Jobs/org.openoffice.Office.Jobs:Job['UpdateCheck']"
     "/Arguments", "AutoCheckEnabled"): "false",
}
"""The private profile's settings (`registrymodifications.xcu`); the keys are those of
LibreOffice's officecfg schema (`share/registry/main.xcd`)."""


def soffice() -> str | None:
    """The LibreOffice program: `$BANTIN_SOFFICE`, else `soffice` or `libreoffice` on PATH."""
    named = os.environ.get(SOFFICE_VARIABLE)
    if named:
        return shutil.which(named)
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_message(suffix: str) -> str:
    """Why a `.doc` (`suffix`) cannot be read here: no LibreOffice."""
    named = os.environ.get(SOFFICE_VARIABLE)
    if named:
        return _("reading {suffix} files needs LibreOffice, and {variable} names {named},"
                 " which is not a program here; point it at soffice, or {install}").format(
                     suffix=suffix, variable=SOFFICE_VARIABLE, named=repr(named),
                     install=_(INSTALL))
    return _("reading {suffix} files needs LibreOffice, which is not installed here;"
             " {install}").format(suffix=suffix, install=_(INSTALL))


def import_filter(data: bytes) -> str | None:
    """The LibreOffice import filter the file's first bytes call for, or None when it is
    not a Word, RTF or OpenDocument text document (a `.doc` may be an RTF or a `.docx`)."""
    if data.startswith(_OLE2):
        return "MS Word 97"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "Rich Text Format"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == _ODT:
                    return "writer8"
                if "word/document.xml" in names:
                    return "MS Word 2007 XML"
        except (zipfile.BadZipFile, OSError, KeyError, ValueError, RuntimeError):
            return None
    return None


def read_converted(path: Path, converted: Path, context: ReadContext) -> list[RawSource]:
    """The article of `path` read from `converted`, the `.docx` LibreOffice made of it."""
    remember_converted(path, converted)
    via = f" via LibreOffice from {path.suffix.lower()}"
    return [replace(raw, encoding=raw.encoding + via)
            for raw in read_docx(converted, path, context)]


class OfficeReader(Reader):
    """Reads `.doc`, `.rtf` and `.odt` files as the `.docx` LibreOffice converts them to.

    A build converts its files in batches beforehand (`corpus.read_sources`); reading one
    file on its own converts it here, into a temporary folder.
    """

    name = "LibreOffice"
    extensions = (".doc", ".rtf", ".odt")

    def read(self, path: Path, context: ReadContext) -> list[RawSource]:
        [converted] = convert_all([path], temporary_folder(), Build(), context,
                                  isolated=False).values()
        if isinstance(converted, SourceError):
            raise converted
        return read_converted(path, converted, context)


# Where the converted files go.

_temporary: list[Path] = []


def temporary_folder() -> Path:
    """A folder for this command's conversions, removed when the command ends (kept until
    then: rendering reads the pictures from it)."""
    if not _temporary:
        folder = Path(tempfile.mkdtemp(prefix="bantin-office-")).absolute()
        _temporary.append(folder)
        atexit.register(_remove, folder, os.getpid())
    return _temporary[0]


def _remove(folder: Path, owner: int) -> None:
    if os.getpid() == owner:  # never from a worker that inherited the handler
        shutil.rmtree(folder, ignore_errors=True)


def conversion_folder(project: Path) -> Path:
    """Where converted files are kept: the project's `.bantin-cache/office/` (a project has
    an `input/` folder or a cache already), so a rebuild converts nothing again; otherwise,
    or when it cannot be made, a temporary folder."""
    cache = project.absolute() / CACHE_DIR
    if cache.is_dir() or (project / "input").is_dir():
        folder = cache / CONVERTED_DIR
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK | os.X_OK):
                return folder
        except OSError as exc:
            log.debug("%s: converted files are not kept there (%s)", folder, exc)
    return temporary_folder()


# Converting.


@dataclass(frozen=True, slots=True)
class Pending:
    """A source to convert."""

    path: Path
    digest: str
    """SHA-256 of its bytes: the name of its `.docx`."""
    filter: str
    """LibreOffice's import filter for it ("" when its first bytes are no document's)."""
    size: int


@dataclass(frozen=True, slots=True)
class Batch:
    """Sources converted by one soffice run (all with the same import filter)."""

    files: tuple[Pending, ...]
    folder: Path
    """Where the `.docx` go (`<digest>.docx`); the run's profiles and work folders too."""
    program: str
    seconds: float
    """How long the run may take."""


@dataclass(frozen=True, slots=True)
class Converted:
    """What a run made: the sources converted, those LibreOffice refused, and those it never
    finished (the run crashed or ran out of time; `stopped` says which)."""

    done: tuple[Path, ...] = ()
    refused: tuple[Path, ...] = ()
    unfinished: tuple[Path, ...] = ()
    stopped: str = ""


def batch_seconds(files: Sequence[Pending], limits: Build) -> float:
    """Seconds a run converting `files` may take: `[build] time_limit` (LibreOffice's
    start-up and then some), plus per file `SECONDS_PER_FILE` and the size allowance reading
    has (a tenth of `time_per_1000_characters` per 1,000 bytes)."""
    return limits.time_limit + sum(
        SECONDS_PER_FILE + limits.time_per_1000_characters * f.size / 10_000 for f in files)


def convert_all(files: Sequence[Path], folder: Path, limits: Build, context: ReadContext, *,
                isolated: bool = True) -> dict[Path, Path | SourceError]:
    """Each office file's `.docx` in `folder` (kept from an earlier conversion, or made now),
    or its one error: too big, not a document, no LibreOffice, or not convertible.

    `isolated` runs the batches as pool tasks, under `limits`' memory limit; otherwise one
    after the other here (each run still under its time limit).
    """
    results: dict[Path, Path | SourceError] = {}
    pending: list[Pending] = []
    for path in files:
        try:
            require_regular_file(path)
            context.check_size(path)
            data = path.read_bytes()
        except SourceError as error:
            results[path] = error
            continue
        except OSError as exc:
            results[path] = SourceError(_("cannot read the file ({strerror}); check that it"
                                          " exists and is readable").format(
                                            strerror=exc.strerror), path=path)
            continue
        digest = hashlib.sha256(data).hexdigest()
        target = folder / converted_name(digest)
        if zipfile.is_zipfile(target):
            results[path] = target
            continue
        pending.append(Pending(path=path, digest=digest, filter=import_filter(data) or "",
                               size=len(data)))
    program = soffice() if pending else None
    for item in pending:
        if program is None:
            results[item.path] = SourceError(missing_message(item.path.suffix.lower()),
                                             path=item.path)
        elif not item.filter:
            results[item.path] = SourceError(
                _("LibreOffice cannot convert it: it is not a Word, RTF or OpenDocument text"
                  " document; open it in Word and save it as .docx"), path=item.path)
    pending = [item for item in pending if item.path not in results]
    if program is None or not pending:
        return {path: results[path] for path in files}
    workers = max(1, limits.jobs or os.cpu_count() or 1)
    retry: list[Pending] = []
    for batch, outcome in _run(batches(pending, workers, folder, program, limits), limits,
                               workers, isolated):
        items = {item.path: item for item in batch.files}
        converted = _converted(batch, outcome)
        for path in converted.done:
            results[path] = folder / converted_name(items[path].digest)
        for path in converted.refused:
            results[path] = SourceError(_(UNCONVERTIBLE), path=path)
        if len(batch.files) == 1:
            for path in converted.unfinished:
                results[path] = SourceError(_stopped_message(converted.stopped, limits),
                                            path=path)
        else:  # one bad file must cost only itself: the rest go again, one per run
            log.debug("a batch of %d files stopped (%s); converting %d one by one",
                      len(batch.files), converted.stopped, len(converted.unfinished))
            retry += [items[path] for path in converted.unfinished]
    if retry:
        singles = [Batch(files=(item,), folder=folder, program=program,
                         seconds=batch_seconds([item], limits)) for item in retry]
        for batch, outcome in _run(singles, limits, workers, isolated):
            converted = _converted(batch, outcome)
            [item] = batch.files
            if converted.done:
                results[item.path] = folder / converted_name(item.digest)
            elif converted.refused:
                results[item.path] = SourceError(_(UNCONVERTIBLE), path=item.path)
            else:
                results[item.path] = SourceError(_stopped_message(converted.stopped, limits),
                                                 path=item.path)
    return {path: results[path] for path in files}


def batches(pending: Sequence[Pending], workers: int, folder: Path, program: str,
            limits: Build) -> list[Batch]:
    """About as many batches as workers, each of one import filter (soffice takes one for
    all the files it converts), in the order given."""
    per_batch = max(1, math.ceil(len(pending) / workers))
    groups: dict[str, list[Pending]] = {}
    for item in pending:
        groups.setdefault(item.filter, []).append(item)
    found = []
    for group in groups.values():
        for start in range(0, len(group), per_batch):
            files = tuple(group[start:start + per_batch])
            found.append(Batch(files=files, folder=folder, program=program,
                               seconds=batch_seconds(files, limits)))
    return found


def _run(runs: Sequence[Batch], limits: Build, workers: int,
         isolated: bool) -> Iterator[tuple[Batch, Done[Converted] | Failed]]:
    """Each run's outcome: in worker processes (`pool`), or here one after the other."""
    if not isolated:
        for batch in runs:
            try:
                yield batch, Done(convert_batch(batch))
            except OSError as exc:  # the work folder could not be made: a full disk
                yield batch, Failed(exc)
        return
    for batch, outcome in pooled(runs, convert_batch, workers=min(workers, len(runs)),
                                 memory_limit=limits.memory_limit,
                                 time_limit=lambda b: b.seconds + _GRACE):
        for warning in outcome.warnings:
            log.warning("%s", warning)
        yield batch, outcome


def _converted(batch: Batch, outcome: Done[Converted] | Failed) -> Converted:
    """What a run made, whatever stopped it: a run the pool stopped (memory, time, a dead
    worker) may still have converted some files before."""
    if isinstance(outcome, Done):
        return outcome.value
    error = outcome.error
    if isinstance(error, MemoryLimit | MemoryError):
        stopped = "memory"
    elif isinstance(error, TimeLimit):
        stopped = f"time {round(batch.seconds, 1):g}"
    else:
        log.debug("converting %s failed: %s\n%s", [str(f.path) for f in batch.files], error,
                  outcome.traceback)
        stopped = "crash"
    done = tuple(f.path for f in batch.files
                 if zipfile.is_zipfile(batch.folder / converted_name(f.digest)))
    return Converted(done=done, unfinished=tuple(f.path for f in batch.files
                                                 if f.path not in done), stopped=stopped)


def _stopped_message(stopped: str, limits: Build) -> str:
    if stopped == "memory":
        return _("LibreOffice needed more than {memory_limit} MiB ([build] memory_limit) to"
                 " convert it; open it in Word and save it as .docx, or raise the limit").format(
                     memory_limit=limits.memory_limit)
    if stopped.startswith("time "):
        return _("LibreOffice did not finish converting it in {seconds} s ([build] time_limit,"
                 " {per_file:g} s more per file and time_per_1000_characters by its size); open"
                 " it in Word and save it as .docx, or raise the limits").format(
                     seconds=stopped[5:], per_file=SECONDS_PER_FILE)
    return _(UNCONVERTIBLE)


def convert_batch(batch: Batch) -> Converted:
    """Convert the batch's files with one soffice run, on a private profile, each `.docx`
    moved into `batch.folder` as `<digest>.docx` once it is whole."""
    with _profile(batch.folder) as profile, tempfile.TemporaryDirectory(
            dir=batch.folder, prefix="work-") as work_name:
        work = Path(work_name)
        inputs, outputs = work / "in", work / "out"
        inputs.mkdir()
        names = []
        for index, item in enumerate(batch.files):
            # Plain names: LibreOffice names each output after its input, so two sources
            # called alike in different folders cannot overwrite each other's.
            name = inputs / f"{index}{item.path.suffix.lower()}"
            _link_or_copy(item.path, name)
            names.append(str(name))
        command = [batch.program, "--headless", "--norestore", "--nologo", "--nodefault",
                   "--nolockcheck", "--nofirststartwizard",
                   f"-env:UserInstallation={profile.as_uri()}",
                   f"--infilter={batch.files[0].filter}",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(outputs), *names]
        returncode, timed_out = _call(command, batch.seconds, cwd=work)
        done, missing = [], []
        for index, item in enumerate(batch.files):
            made = outputs / f"{index}.docx"
            if made.is_file() and zipfile.is_zipfile(made):
                os.replace(made, batch.folder / converted_name(item.digest))
                done.append(item.path)
            else:
                missing.append(item.path)
    if timed_out:
        return Converted(done=tuple(done), unfinished=tuple(missing),
                         stopped=f"time {round(batch.seconds, 1):g}")
    if returncode != 0:
        log.debug("soffice ended with status %s", returncode)
        return Converted(done=tuple(done), unfinished=tuple(missing), stopped="crash")
    return Converted(done=tuple(done), refused=tuple(missing))  # "could not be loaded"


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _call(command: list[str], seconds: float, cwd: Path) -> tuple[int, bool]:
    """Run soffice in a process group of its own, without its output, in an environment
    without proxies; (exit status, ran out of time). Out of time, stopped, or on Ctrl-C, the
    whole group is killed: soffice starts `soffice.bin` as a child of its own."""
    environment = {k: v for k, v in os.environ.items() if k.lower() not in _PROXY_VARIABLES}
    environment["SAL_USE_VCLPLUGIN"] = "svp"
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, cwd=cwd, env=environment,
                               start_new_session=True)
    with _killed_on_terminate(process):
        try:
            return process.wait(timeout=seconds), False
        except subprocess.TimeoutExpired:
            _kill_group(process)
            return process.returncode, True
        except BaseException:
            _kill_group(process)
            raise


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@contextlib.contextmanager
def _killed_on_terminate(process: subprocess.Popen[bytes]) -> Iterator[None]:
    """The pool stops a worker over its time limit with SIGTERM: LibreOffice goes with it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.getsignal(signal.SIGTERM)

    def terminate(number: int, frame: FrameType | None) -> None:
        _kill_group(process)
        signal.signal(signal.SIGTERM, before if callable(before) else signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)

    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


@contextlib.contextmanager
def _profile(folder: Path) -> Iterator[Path]:
    """A private LibreOffice profile under `folder/profiles/`, locked for this run (two
    soffice runs cannot share one), its settings written afresh."""
    profiles = folder / "profiles"
    profiles.mkdir(exist_ok=True)
    number = 0
    while True:
        lock = (profiles / f"{number}.lock").open("a")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            lock.close()
            number += 1
    try:
        profile = profiles / str(number)
        settings = profile / "user" / "registrymodifications.xcu"
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(_registry(), encoding="utf-8")
        yield profile
    finally:
        lock.close()


def _registry() -> str:
    items = "".join(f'<item oor:path="/{where}"><prop oor:name="{name}" oor:op="fuse">'
                    f"<value>{value}</value></prop></item>\n"
                    for (where, name), value in _SETTINGS.items())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items'
            ' xmlns:oor="http://openoffice.org/2001/registry"'
            ' xmlns:xs="http://www.w3.org/2001/XMLSchema"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            f"{items}</oor:items>\n")
