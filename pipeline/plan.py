"""The build's plan: every output as a job, each a pure function of its inputs.

A job's key hashes everything its bytes depend on — the normalized
article(s), the pictures they use, the layout and font files, the
configuration, `SOURCE_DATE_EPOCH`, and the versions of bantin and of the
libraries that write the bytes — so a rebuild redoes exactly the jobs
whose inputs changed and never serves bytes another toolchain made.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import importlib.metadata
import json
import platform
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, is_dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config
from .model import Article, Digest, Figure
from .normalize.corrections import fix_file
from .normalize.walk import characters
from .render import columns, deflate
from .render.identity import identifier, source_date_epoch
from .resources import font_dirs, is_packaged, layout_dirs, read_image


@dataclass(frozen=True, kw_only=True, slots=True)
class Job:
    """One output file to make."""

    target: str
    """Path of the output, relative to output/ (POSIX)."""
    format: str
    """pdf or epub."""
    variant: str | None
    """The print variant (None for an EPUB)."""
    key: str
    """SHA-256 of every input; equal keys give equal bytes."""
    inputs: tuple[tuple[str, str], ...]
    """(source path relative to the project, SHA-256 of its bytes), for the manifest."""
    config: Config = field(repr=False)
    article: Article | None = field(default=None, repr=False)
    """The article of an article job."""
    digest: Digest | None = field(default=None, repr=False)
    """The digest of a digest job."""
    roots: tuple[Path, ...] = ()
    """Folders rendering may read besides input/ and layouts/ (sources named on the command
    line); empty means the project's input/ only."""
    weight: int = 1
    """Rough cost, to start the big jobs first."""
    characters: int = 0
    """Characters of text the job lays out: its time limit grows with them."""
    archival: bool = False
    """An archival copy (`render/pdfa.py`): PDF/A-3 with `attachments` embedded."""
    attachments: tuple[Path, ...] = ()
    """The source files an archival copy embeds, as received (and their `.fix.toml`)."""
    issue: Digest | None = field(default=None, repr=False)
    """The issue an archival article copy names as its dc:relation. Kept apart from `digest`,
    which marks a digest job (the runner's passes, the worker's dispatch, previews)."""

    @property
    def source(self) -> Path:
        """Where the job's problems are reported: the article's file, or the project's input/."""
        return self.article.source if self.article else self.config.project / "input"


_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "pillow", "tinycss2", "cssselect2",
              "tinyhtml5", "pyphen", "ebooklib", "lxml", "jinja2", "markupsafe")
"""Python distributions whose version changes the bytes of a PDF or an EPUB."""
_NATIVE = (("pango", ("libpango-1.0.so.0", "libpango-1.0.0.dylib", "libpango-1.0-0.dll"),
            "pango_version_string"),
           ("harfbuzz", ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll"),
            "hb_version_string"),
           ("harfbuzz-subset", ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib",
                                "libharfbuzz-subset-0.dll"), "hb_subset_input_create_or_fail"))
"""Native libraries WeasyPrint lays out and subsets with: (name, file names, probe symbol)."""


@functools.cache
def toolchain() -> dict[str, str]:
    """The version of everything besides our code and the inputs that shapes the bytes."""
    versions = {"bantin": __version__, "python": platform.python_version(),
                "zlib": zlib.ZLIB_RUNTIME_VERSION}
    for name in _LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "absent"
    for name, files, symbol in _NATIVE:
        versions[name] = _native_version(files, symbol)
    versions["column-balancing"] = columns.step()  # our change to WeasyPrint's, if in force
    versions["deflate-level"] = deflate.level()  # our change to pydyf's, if in force
    return versions


def _native_version(files: Sequence[str], symbol: str) -> str:
    """A shared library's version string (or "present"), "absent" when it cannot be loaded."""
    for file in files:
        try:
            library = ctypes.CDLL(file)
        except OSError:
            continue
        function = getattr(library, symbol, None)
        if function is None:
            return "present"
        if symbol.endswith("version_string"):
            function.restype = ctypes.c_char_p
            version: bytes = function()
            return version.decode("ascii", "replace")
        return "present"  # the subsetter has no version of its own: HarfBuzz's is above
    return "absent"


def project_path(project: Path, path: Path) -> str:
    """A path as the manifest's inputs name it: relative to the project (POSIX), or
    absolute for a source named from elsewhere."""
    resolved, root = path.resolve(), project.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else (
        resolved.as_posix())


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(folders: Iterable[Path]) -> str:
    """One hash of every file (name and bytes) under the folders: layouts, fonts."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Path):
        return value.as_posix()
    return value


def config_digest(config: Config) -> str:
    """A hash of the configuration's values (not of the project's location, nor the language
    of the messages, nor the archive's depositor, nor where the jobs run, which change no
    output)."""
    values = _plain(config)
    values.pop("project", None)
    values.pop("messages", None)
    values.pop("archive", None)
    values["build"].pop("executor", None)
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def environment_digest(config: Config) -> str:
    """A hash of what every job of a project shares: toolchain, configuration, layouts,
    fonts and the pinned date."""
    epoch = source_date_epoch()
    return hashlib.sha256(json.dumps({
        "toolchain": toolchain(), "config": config_digest(config),
        "layouts": tree_digest(layout_dirs(config)), "fonts": tree_digest(font_dirs(config)),
        "source_date_epoch": epoch,
    }, sort_keys=True).encode()).hexdigest()


class Planner:
    """Makes the jobs of a project; file hashes are computed once."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.project = config.project.resolve()
        self._files: dict[Path, str] = {}
        self.environment = environment_digest(config)

    def _file(self, path: Path) -> str:
        if path not in self._files:
            self._files[path] = file_digest(path)
        return self._files[path]

    def _relative(self, path: Path) -> str:
        return project_path(self.project, path)

    def article_inputs(self, article: Article) -> list[tuple[str, str]]:
        """The source file and every picture it uses, with their hashes."""
        inputs = [(self._relative(article.source), self._file(article.source))]
        fixes = fix_file(article.source)
        if fixes.is_file():  # its corrections (`<source>.fix.toml`)
            inputs.append((self._relative(fixes), self._file(fixes)))
        for block in article.blocks:
            if isinstance(block, Figure) and block.src and not is_packaged(block.src):
                picture = article.source.parent / block.src
                inputs.append((self._relative(picture), self._file(picture)))
        return inputs

    def _pictures_digest(self, article: Article) -> str:
        parts = []
        for block in article.blocks:
            if isinstance(block, Figure) and block.src:
                parts.append(hashlib.sha256(read_image(article.source, block.src)).hexdigest()
                             if is_packaged(block.src) else
                             self._file(article.source.parent / block.src))
        return ",".join(parts)

    def _key(self, *parts: str) -> str:
        return hashlib.sha256("\x1f".join((self.environment, *parts)).encode()).hexdigest()

    def _jobs(self, kind: str, stem: str, content: str, variants: Sequence[str],
              formats: Sequence[str], weights: dict[str, int], **fields: Any) -> list[Job]:
        """A PDF per variant and one EPUB of the same inputs, named `<stem>.<variant>.pdf`."""
        jobs = []
        for name in formats:
            for variant in (variants if name == "pdf" else (None,)):
                suffix = f".{variant}.pdf" if name == "pdf" else ".epub"
                jobs.append(Job(target=f"{stem}{suffix}", format=name, variant=variant,
                                key=self._key(kind, name, variant or "", content),
                                config=self.config, weight=weights[name], **fields))
        return jobs

    def _article_content(self, article: Article) -> str:
        return "|".join((article.content_hash, article.slug, self._pictures_digest(article)))

    def article_jobs(self, article: Article, variants: Sequence[str],
                     formats: Sequence[str]) -> list[Job]:
        """An article's print editions and EPUB."""
        weight = 1 + len(article.blocks) // 8
        return self._jobs("article", f"articles/{article.slug}/{article.slug}",
                          self._article_content(article), variants, formats,
                          {"pdf": weight, "epub": weight},
                          inputs=tuple(sorted(set(self.article_inputs(article)))),
                          article=article, characters=characters(article))

    def _digest_content(self, digest: Digest) -> str:
        articles, note, cover = digest.articles, digest.note, digest.cover_image
        return "|".join([digest.period.name, str(digest.issue_number),
                         *(f"{s}:{','.join(a.slug for a in members)}"
                           for s, members in digest.sections),
                         *(f"{a.slug}:{a.content_hash}:{self._pictures_digest(a)}"
                           for a in articles),
                         f"{note.content_hash}:{self._pictures_digest(note)}" if note else "",
                         self._file(cover) if cover else ""])

    def _digest_inputs(self, digest: Digest) -> tuple[tuple[str, str], ...]:
        note, cover = digest.note, digest.cover_image
        inputs = {pair for a in digest.articles for pair in self.article_inputs(a)}
        if note is not None:
            inputs.update(self.article_inputs(note))
        if cover is not None:
            inputs.add((self._relative(cover), self._file(cover)))
        return tuple(sorted(inputs))

    @staticmethod
    def _digest_characters(digest: Digest) -> int:
        return sum(map(characters, (*digest.articles, *([digest.note] if digest.note else []))))

    def digest_jobs(self, digest: Digest, variants: Sequence[str],
                    formats: Sequence[str]) -> list[Job]:
        """A period's digest PDFs and EPUB: they depend on every article in them."""
        articles = digest.articles
        folder = digest.period.folder
        return self._jobs("digest", f"digests/{folder}/bantin-{folder}",
                          self._digest_content(digest), variants, formats,
                          {"pdf": 10 * len(articles), "epub": len(articles)},
                          inputs=self._digest_inputs(digest), digest=digest,
                          characters=self._digest_characters(digest))

    @staticmethod
    def sources_of(articles: Iterable[Article]) -> tuple[Path, ...]:
        """The files the articles were made from, as received, and their corrections
        (`<source>.fix.toml`) where there are any: what an archival copy embeds."""
        found: set[Path] = set()
        for article in articles:
            found.add(article.source)
            fixes = fix_file(article.source)
            if fixes.is_file():
                found.add(fixes)
        return tuple(sorted(found))

    def archival_jobs(self, *, variants: Sequence[str], article: Article | None = None,
                      digest: Digest | None = None, issue: Digest | None = None) -> list[Job]:
        """The archival copies (PDF/A-3, `<name>.<variant>.pdfa.pdf`) of an article — named as
        published in `issue`, if given — or of a digest, one per variant, with their sources
        embedded. Their keys differ from the print PDFs' ("pdfa", the issue, the sources)."""
        if (article is None) == (digest is None):
            raise ValueError("archival_jobs: give an article or a digest")
        if article is not None:
            attachments = self.sources_of([article])
            stem = f"articles/{article.slug}/{article.slug}"
            kind, content = "article", self._article_content(article)
            inputs = tuple(sorted(set(self.article_inputs(article))))
            weight, size = 1 + len(article.blocks) // 8, characters(article)
            relation = (identifier(self.config.publication.publisher, issue.period.name).urn
                        if issue is not None else "")  # = dublin_core.issue_identifier
        else:
            assert digest is not None
            members = (*digest.articles, *([digest.note] if digest.note else []))
            attachments = self.sources_of(members)
            folder = digest.period.folder
            stem = f"digests/{folder}/bantin-{folder}"
            kind, content = "digest", self._digest_content(digest)
            inputs, relation = self._digest_inputs(digest), ""
            weight, size = 10 * len(digest.articles), self._digest_characters(digest)
        embedded = ",".join(f"{self._relative(p)}:{self._file(p)}" for p in attachments)
        return [Job(target=f"{stem}.{variant}.pdfa.pdf", format="pdf", variant=variant,
                    key=self._key(kind, "pdfa", variant, content, relation, embedded),
                    inputs=inputs, config=self.config, article=article, digest=digest,
                    issue=issue if article is not None else None, archival=True,
                    attachments=attachments, weight=weight, characters=size)
                for variant in variants]
