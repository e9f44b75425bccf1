"""`bantin archive`: one package per period, as an archive ingests it — a BagIt bag.

A bag (RFC 8493, made with the Library of Congress `bagit` library) that an
archive can verify without bantin:

    <period>/
      bagit.txt  bag-info.txt  manifest-sha256.txt  manifest-sha512.txt  tagmanifest-*.txt
      data/
        issue/bantin-<period>.<variant>.pdf, .pdfa.pdf, bantin-<period>.epub, dublin_core.xml
        articles/<slug>/<slug>.<variant>.pdf, .pdfa.pdf, <slug>.epub,
                        <slug>.json, <slug>.md, dublin_core.xml
        sources/…            every source, picture and correction file exactly as received
        manifest.json        the part of output/manifest.json about this period
        provenance.json      tool and library versions, the configuration, each file's inputs

It is made from the build's outputs (the build runs first and makes what is
missing), checked against the manifest's hashes on the way. Everything in it
is a function of the inputs: the bagging date follows the dates rule (the
period's newest article, or SOURCE_DATE_EPOCH), never the clock, and a zip
or tar has a fixed order, times and permissions, so the same inputs give the
same bytes. A period's bag holds only what concerns it: editing December
never changes November's.

The bag is made in the cache's temporary folder and moved into place; under
`output/` an earlier bag of bantin's is replaced, anywhere else an existing
folder or file is never touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import os
import posixpath
import shutil
import tarfile
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .build import ProgressHook, build, parse_periods, run_jobs
from .cache import Cache, temporary_folder
from .collate import collate
from .config import Config
from .corpus import input_folder, load, with_extras
from .errors import BantinError
from .export import article_markdown, article_record
from .i18n import _
from .manifest import Entry, ManifestError, read_manifest
from .model import Article, Digest, Figure
from .plan import Planner, _plain, toolchain
from .render.dublin_core import of_article, of_digest
from .render.identity import modified_text
from .resources import is_packaged
from .writing import write_atomic

log = logging.getLogger(__name__)

FORMATS = ("dir", "zip", "tar")
CHECKSUMS = ("sha256", "sha512")
BAGIT_VERSION = "1.0"
"""RFC 8493 (bagit.py writes 0.97; the bag is otherwise the same)."""
AGENT = "bantin"
ARCHIVAL_CACHES = "archival"
"""The archival copies' own caches, one per period (`archival/<period>.sqlite` under the
build cache's folder): a build keeps in its cache only what it plans itself, and an archive
keeps in a period's cache only that period's copies as they are now."""


@dataclass(kw_only=True)
class Archived:
    """What `bantin archive` made and what failed."""

    packages: list[Path] = field(default_factory=list)
    errors: list[BantinError] = field(default_factory=list)


class ArchiveError(BantinError):
    """A package that cannot be made or does not verify."""


# -- making ----------------------------------------------------------------------------------


def archive(config: Config, period_names: Sequence[str], *, out: Path | None = None,
            fmt: str = "dir", progress: ProgressHook | None = None) -> Archived:
    """`bantin archive PERIOD…`: build what is missing, then one package per period."""
    periods = parse_periods(period_names)
    result = Archived()
    built = build(config, progress=progress)
    result.errors.extend(built.errors)
    output = config.project / "output"
    try:
        manifest = read_manifest(output).entries
    except ManifestError as error:
        result.errors.append(error)
        return result
    corpus = load([input_folder(config)], config)
    target_folder = out if out is not None else output / "archive"
    for period in periods:
        try:
            digest = with_extras(collate(corpus.articles, period, config), config)
            payload = _payload(config, digest, manifest)
            result.packages.append(_package(config, digest, payload, target_folder, fmt))
        except BantinError as error:
            result.errors.append(error)
    return result


@dataclass
class _Payload:
    """The files of a bag's payload (path under data/ → bytes) and their provenance."""

    files: dict[str, bytes] = field(default_factory=dict)
    made_from: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Payload path → (input path relative to the project, its SHA-256)."""
    entries: list[Entry] = field(default_factory=list)

    def add(self, path: str, data: bytes, inputs: Iterable[tuple[str, str]] = ()) -> None:
        self.files[path] = data
        inputs = sorted(set(inputs))
        if inputs:
            self.made_from[path] = inputs


def _payload(config: Config, digest: Digest, manifest: dict[str, Entry]) -> _Payload:
    payload = _Payload()
    output = config.project / "output"
    folder = digest.period.folder
    issue_prefix = f"digests/{folder}/"
    issue = sorted(p for p in manifest if p.startswith(issue_prefix))
    if not issue:
        raise ArchiveError(_("the digest of {period} was not built (the errors above say why);"
                             " fix them and archive again").format(period=digest.period.name),
                           path=config.project / "input")
    for path in issue:
        name = path.removeprefix(issue_prefix)
        payload.add(f"issue/{name}", _output(output, manifest[path]), manifest[path].inputs)
        payload.entries.append(manifest[path])
    for article in digest.articles:
        prefix = f"articles/{article.slug}/"
        made = sorted(p for p in manifest if p.startswith(prefix))
        if not made:
            raise ArchiveError(_("{slug}: its editions were not built (the errors above say"
                                 " why); fix them and archive again").format(slug=article.slug),
                               path=article.source)
        for path in made:
            payload.add(path, _output(output, manifest[path]), manifest[path].inputs)
            payload.entries.append(manifest[path])
    _archival_pdfs(config, digest, payload)
    # Every input of what the bag holds, exactly as received.
    inputs = {pair for entry in payload.entries for pair in entry.inputs}
    for relative, digest_hex in sorted(inputs):
        source = config.project / relative
        data = _read_input(source)
        if hashlib.sha256(data).hexdigest() != digest_hex:
            raise ArchiveError(_("it changed after the build; build again, then archive"),
                               path=source)
        payload.add(_source_path(relative), data)
    # The normalized articles and the descriptive metadata.
    for article in digest.articles:
        base = f"articles/{article.slug}/{article.slug}"
        fields = article_record(article)
        fields["source"] = _source_path(_project_relative(config, article.source))
        record = json.dumps(fields, ensure_ascii=False, indent=2) + "\n"
        payload.add(f"{base}.json", record.encode("utf-8"), _inputs_of(article, manifest))
        markdown = article_markdown(article, _picture_paths(config, article))
        payload.add(f"{base}.md", markdown.encode("utf-8"), _inputs_of(article, manifest))
        payload.add(f"articles/{article.slug}/dublin_core.xml",
                    of_article(article, config, digest).xml())
    payload.add("issue/dublin_core.xml", of_digest(digest, config).xml())
    payload.add("manifest.json", _manifest_part(payload.entries))
    payload.add("provenance.json", _provenance(config, digest, payload))
    return payload


def _archival_pdfs(config: Config, digest: Digest, payload: _Payload) -> None:
    """The PDF/A-3 copies of the issue and its articles, with their sources embedded, made
    by the build engine (from the cache when an earlier archive made them)."""
    planner = Planner(config)
    variants = list(config.variants)
    jobs = planner.archival_jobs(variants=variants, digest=digest)
    for article in digest.articles:
        jobs += planner.archival_jobs(variants=variants, article=article, issue=digest)
    # A cache of their own, per period: the build keeps in its cache only what it plans
    # itself; this one forgets the copies of articles since changed or gone from the period.
    cache = Cache(config.project, f"{ARCHIVAL_CACHES}/{digest.period.folder}.sqlite")
    try:
        made: dict[str, bytes] = {}
        todo = []
        for job in jobs:
            data = cache.get(job.key)
            if data is None:
                todo.append(job)
            else:
                made[job.target] = data
        for result in run_jobs(todo, config):
            if result.error is not None:
                raise result.error
            assert result.data is not None
            cache.put(result.job.key, result.data)
            made[result.job.target] = result.data
        cache.keep_only({job.key for job in jobs})
    finally:
        cache.close()
    issue_prefix = f"digests/{digest.period.folder}/"
    for job in jobs:
        path = (f"issue/{job.target.removeprefix(issue_prefix)}"
                if job.target.startswith(issue_prefix) else job.target)
        payload.add(path, made[job.target], job.inputs)


def _output(output: Path, entry: Entry) -> bytes:
    path = output / entry.path
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArchiveError(_("cannot read it ({reason}); build again, then archive").format(
            reason=exc.strerror or exc), path=path) from None
    if hashlib.sha256(data).hexdigest() != entry.sha256:
        raise ArchiveError(_("it is not the file the build wrote (its SHA-256 differs from the"
                             " manifest's); build again, then archive"), path=path)
    return data


def _read_input(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ArchiveError(_("cannot read it ({reason}); build again, then archive").format(
            reason=exc.strerror or exc), path=path) from None


def _source_path(relative: str) -> str:
    """Where an input lies in the bag: under sources/, as it lies under input/."""
    return "sources/" + relative.removeprefix("input/")


def _project_relative(config: Config, path: Path) -> str:
    """A path inside the project as the manifest writes it (the bag never says where the
    project lay on the machine that made it)."""
    try:
        return path.resolve().relative_to(config.project.resolve()).as_posix()
    except ValueError:
        return path.name


def _inputs_of(article: Article, manifest: dict[str, Entry]) -> list[tuple[str, str]]:
    prefix = f"articles/{article.slug}/"
    return sorted({pair for path, entry in manifest.items() if path.startswith(prefix)
                   for pair in entry.inputs})


def _picture_paths(config: Config, article: Article) -> dict[str, str]:
    """The Markdown's picture paths, pointing at the pictures under sources/."""
    paths = {}
    for block in article.blocks:
        if isinstance(block, Figure) and block.src and not is_packaged(block.src):
            picture = (article.source.parent / block.src).resolve()
            try:
                relative = picture.relative_to(config.project.resolve()).as_posix()
            except ValueError:
                continue
            paths[block.src] = posixpath.relpath(_source_path(relative),
                                                 f"articles/{article.slug}")
    return paths


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _manifest_part(entries: list[Entry]) -> bytes:
    """This period's outputs as output/manifest.json records them."""
    return _json({"bantin": __version__,
                  "outputs": [e.record() for e in sorted(entries, key=lambda e: e.path)]})


def _provenance(config: Config, digest: Digest, payload: _Payload) -> bytes:
    """How the package was made: by what, with which configuration, each file from what."""
    settings = _plain(config)
    settings.pop("project", None)
    settings.pop("messages", None)
    return _json({
        "made_by": {"tool": AGENT, "version": __version__, "toolchain": toolchain(),
                    "bagit": _bagit_version()},
        "period": {"name": digest.period.name, "start": digest.period.start.isoformat(),
                   "end": digest.period.end.isoformat(), "title": digest.title},
        "configuration": settings,
        "files": [{"path": f"data/{path}", "sha256": hashlib.sha256(data).hexdigest(),
                   "made_from": [{"path": _source_path(p), "sha256": h}
                                 for p, h in payload.made_from.get(path, [])]}
                  for path, data in sorted(payload.files.items())],
    })


def _bagit_version() -> str:
    import bagit

    return str(getattr(bagit, "VERSION", ""))


def bagging_date(digest: Digest) -> str:
    """The dates rule: the period's newest article (or SOURCE_DATE_EPOCH), never the clock."""
    moment = modified_text(digest.articles)
    return (moment or digest.period.end.isoformat())[:10]


def bag_info(config: Config, digest: Digest) -> dict[str, str]:
    settings = config.archive
    info = {
        "Source-Organization": settings.organization or config.publication.publisher,
        "Organization-Address": settings.address,
        "Contact-Name": settings.contact_name,
        "Contact-Phone": settings.contact_phone,
        "Contact-Email": settings.contact_email,
        "External-Description": of_digest(digest, config).title,
        "External-Identifier": of_digest(digest, config).identifier,
        "Internal-Sender-Identifier": f"bantin-{digest.period.folder}",
        "Bagging-Date": bagging_date(digest),
        "Bag-Software-Agent": f"{AGENT} {__version__} (bagit.py {_bagit_version()})",
    }
    return {key: value for key, value in info.items() if value}


def _package(config: Config, digest: Digest, payload: _Payload, folder: Path,
             fmt: str) -> Path:
    """Write the bag into a temporary folder, then move it (or its zip or tar) into place."""
    import bagit

    name = digest.period.folder
    target = folder / (name if fmt == "dir" else f"{name}.{fmt}")
    output = (config.project / "output").resolve()
    ours = target.resolve().is_relative_to(output)
    if (target.exists() or target.is_symlink()) and not (ours and _is_our_bag(target, fmt)):
        raise ArchiveError(_("it already exists and bantin replaces only its own packages"
                             " under output/; choose another --out or move it away"),
                           path=target)
    temp = temporary_folder(config.project)
    temp.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="archive-", dir=temp))
    try:
        bag = work / name
        for path, data in payload.files.items():
            file = bag / path
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(data)
        _quiet_bagit()
        bagit.make_bag(str(bag), bag_info(config, digest), processes=1,
                       checksums=list(CHECKSUMS))
        _settle_bag(bag)
        folder.mkdir(parents=True, exist_ok=True)
        if fmt == "dir":
            _normalize_modes(bag)
            _move_into_place(bag, target)
        else:
            moment = _epoch(bagging_date(digest))
            data = _zip(bag, name, moment) if fmt == "zip" else _tar(bag, name, moment)
            write_atomic(target, data, temp)
    except OSError as exc:
        raise ArchiveError(_("cannot write the package ({reason}); free some disk space or"
                             " check the folder's permissions").format(
                                 reason=exc.strerror or exc), path=target) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log.info("%s", target)
    return target


def _move_into_place(bag: Path, target: Path) -> None:
    """Put the finished bag at `target` (replacing an earlier one of ours): a reader sees the
    old bag or the new one, never half of one, even on another file system."""
    staged = bag
    if bag.stat().st_dev != target.parent.stat().st_dev:  # a rename cannot cross them
        staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent)) / "bag"
        shutil.copytree(bag, staged)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        os.replace(target, old / "bag")
    os.replace(staged, target)
    if staged.parent != bag.parent:
        shutil.rmtree(staged.parent, ignore_errors=True)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _quiet_bagit() -> None:
    logging.getLogger("bagit").setLevel(logging.CRITICAL)  # its findings are ours to report


def _settle_bag(bag: Path) -> None:
    """Declare BagIt 1.0 (RFC 8493) and list every tag file's checksums again."""
    (bag / "bagit.txt").write_text(
        f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n",
        encoding="utf-8")
    tags = sorted(p for p in bag.iterdir()
                  if p.is_file() and not p.name.startswith("tagmanifest-"))
    for algorithm in CHECKSUMS:
        lines = [f"{hashlib.new(algorithm, p.read_bytes()).hexdigest()}  {p.name}\n"
                 for p in tags]
        (bag / f"tagmanifest-{algorithm}.txt").write_text("".join(lines), encoding="utf-8")


def _normalize_modes(bag: Path) -> None:
    for path in [bag, *bag.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def _is_our_bag(target: Path, fmt: str) -> bool:
    """An earlier package of bantin's (then it may be replaced)."""
    try:
        if fmt == "dir":
            info = (target / "bag-info.txt").read_text(encoding="utf-8")
        elif fmt == "zip":
            with zipfile.ZipFile(target) as package:
                info = package.read(f"{target.stem}/bag-info.txt").decode("utf-8")
        else:
            with tarfile.open(target) as package:
                member = package.extractfile(f"{target.stem}/bag-info.txt")
                info = member.read().decode("utf-8") if member else ""
    except (OSError, KeyError, zipfile.BadZipFile, tarfile.TarError, UnicodeDecodeError):
        return False
    return f"Bag-Software-Agent: {AGENT} " in info


def _epoch(day: str) -> int:
    moment = dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)
    return max(int(moment.timestamp()), 315532800)  # zip cannot say a time before 1980


def _members(bag: Path) -> list[Path]:
    return sorted(bag.rglob("*"), key=lambda p: p.relative_to(bag).as_posix())


def _zip(bag: Path, name: str, epoch: int) -> bytes:
    """The bag as a zip with a fixed order, time and permissions."""
    stamp = dt.datetime.fromtimestamp(epoch, tz=dt.UTC).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for path in [bag, *_members(bag)]:
            relative = name if path == bag else f"{name}/{path.relative_to(bag).as_posix()}"
            info = zipfile.ZipInfo(relative + ("/" if path.is_dir() else ""), stamp)
            info.create_system = 3  # Unix: the permissions below are read
            if path.is_dir():
                info.external_attr = (0o40755 << 16) | 0x10
                package.writestr(info, b"")
            else:
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                package.writestr(info, path.read_bytes(), compresslevel=9)
    return buffer.getvalue()


def _tar(bag: Path, name: str, epoch: int) -> bytes:
    """The bag as a tar (GNU format: long names) with a fixed order, time and owner."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as package:
        for path in [bag, *_members(bag)]:
            relative = name if path == bag else f"{name}/{path.relative_to(bag).as_posix()}"
            info = tarfile.TarInfo(relative)
            info.mtime, info.uid, info.gid, info.uname, info.gname = epoch, 0, 0, "", ""
            if path.is_dir():
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                package.addfile(info)
            else:
                data = path.read_bytes()
                info.size, info.mode = len(data), 0o644
                package.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


# -- verifying -------------------------------------------------------------------------------


def verify(path: Path) -> list[str]:
    """Problems of a package (a bag folder, or its zip or tar): completeness and fixity, as
    `bagit` checks them. Empty when it is whole."""
    import bagit

    if path.is_dir():
        return _validate(path)
    if not path.is_file():
        return [_("{path}: no such package; name a bag folder, .zip or .tar").format(path=path)]
    with tempfile.TemporaryDirectory(prefix="bantin-verify-") as scratch:
        try:
            root = _extract(path, Path(scratch))
        except (OSError, zipfile.BadZipFile, tarfile.TarError, ValueError) as exc:
            return [_("{path}: cannot open the package ({reason})").format(path=path,
                                                                         reason=exc)]
        try:
            return _validate(root)
        except bagit.BagError as exc:
            return [f"{path}: {exc}"]


def _validate(folder: Path) -> list[str]:
    import bagit

    _quiet_bagit()
    try:
        bagit.Bag(str(folder)).validate(processes=1)
    except bagit.BagValidationError as exc:
        details = [f"{folder}: {d}" for d in getattr(exc, "details", [])]
        return details or [f"{folder}: {exc.message}"]
    except bagit.BagError as exc:
        return [f"{folder}: {exc}"]
    return []


def _extract(package: Path, into: Path) -> Path:
    """Unpack a zip or tar safely (no absolute paths, no `..`, no links); its one top folder."""
    if zipfile.is_zipfile(package):
        with zipfile.ZipFile(package) as archive_file:
            names = archive_file.namelist()
            _safe(names)
            archive_file.extractall(into)
    else:
        with tarfile.open(package) as archive_file:
            members = archive_file.getmembers()
            _safe(m.name for m in members)
            if any(not (m.isfile() or m.isdir()) for m in members):
                raise ValueError("it holds links or devices")
            archive_file.extractall(into, filter="data")
    tops = [p for p in into.iterdir()]
    if len(tops) != 1 or not tops[0].is_dir():
        raise ValueError("a package holds one folder, the bag")
    return tops[0]


def _safe(names: Iterable[str]) -> None:
    for name in names:
        parts = Path(name).parts
        if Path(name).is_absolute() or ".." in parts:
            raise ValueError(f"unsafe name {name!r}")


__all__ = ["FORMATS", "Archived", "archive", "bag_info", "bagging_date", "verify"]
