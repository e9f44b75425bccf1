"""The build's plan: every output as a job, each a pure function of its inputs.

A job's key hashes everything its bytes depend on — the normalized
article(s), the pictures they use, the layout and font files, the
configuration and the bantin version — so a rebuild redoes exactly the
jobs whose inputs changed. `execute` runs one job in a worker process.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, is_dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .collate import Collated
from .config import Config
from .model import Article, Figure
from .render.html import font_dirs, layout_dirs
from .sources.images import read_image


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
    collated: Collated | None = field(default=None, repr=False)
    """The articles of a digest job."""
    note: Article | None = field(default=None, repr=False)
    cover_image: Path | None = None
    roots: tuple[Path, ...] = ()
    """Folders rendering may read besides input/ and layouts/ (sources named on the command
    line); empty means the project's input/ only."""
    weight: int = 1
    """Rough cost, to start the big jobs first."""


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
    if is_dataclass(value):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Path):
        return value.as_posix()
    return value


def config_digest(config: Config) -> str:
    """A hash of the configuration's values (not of the project's location)."""
    values = _plain(config)
    values.pop("project", None)
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


class Planner:
    """Makes the jobs of a project; file hashes are computed once."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.project = config.project.resolve()
        self._files: dict[Path, str] = {}
        self.environment = hashlib.sha256("\x1f".join((
            __version__, config_digest(config),
            tree_digest(layout_dirs(config)), tree_digest(font_dirs(config)),
        )).encode()).hexdigest()

    def _file(self, path: Path) -> str:
        if path not in self._files:
            self._files[path] = file_digest(path)
        return self._files[path]

    def _relative(self, path: Path) -> str:
        resolved = path.resolve()
        return (resolved.relative_to(self.project).as_posix()
                if resolved.is_relative_to(self.project) else resolved.as_posix())

    def article_inputs(self, article: Article) -> list[tuple[str, str]]:
        """The source file and every picture it uses, with their hashes."""
        inputs = [(self._relative(article.source), self._file(article.source))]
        for block in article.blocks:
            if isinstance(block, Figure) and block.src and "#" not in block.src:
                picture = article.source.parent / block.src
                inputs.append((self._relative(picture), self._file(picture)))
        return inputs

    def _pictures_digest(self, article: Article) -> str:
        parts = []
        for block in article.blocks:
            if isinstance(block, Figure) and block.src:
                parts.append(hashlib.sha256(read_image(article.source, block.src)).hexdigest()
                             if "#" in block.src else
                             self._file(article.source.parent / block.src))
        return ",".join(parts)

    def _key(self, *parts: str) -> str:
        return hashlib.sha256("\x1f".join((self.environment, *parts)).encode()).hexdigest()

    def _jobs(self, kind: str, stem: str, content: str, variants: Sequence[str],
              formats: Sequence[str], weights: dict[str, int], **fields: Any) -> list[Job]:
        """A PDF per variant and one EPUB of the same inputs, named `<stem>.<variant>.pdf`."""
        jobs = []
        for name in formats:
            for variant in (variants if name == "pdf" else [None]):
                suffix = f".{variant}.pdf" if name == "pdf" else ".epub"
                jobs.append(Job(target=f"{stem}{suffix}", format=name, variant=variant,
                                key=self._key(kind, name, variant or "", content),
                                config=self.config, weight=weights[name], **fields))
        return jobs

    def article_jobs(self, article: Article, variants: Sequence[str],
                     formats: Sequence[str]) -> list[Job]:
        """An article's print editions and EPUB."""
        content = "|".join((article.content_hash, article.slug, self._pictures_digest(article)))
        weight = 1 + len(article.blocks) // 8
        return self._jobs("article", f"articles/{article.slug}/{article.slug}", content,
                          variants, formats, {"pdf": weight, "epub": weight},
                          inputs=tuple(sorted(set(self.article_inputs(article)))),
                          article=article)

    def digest_jobs(self, collated: Collated, note: Article | None, cover_image: Path | None,
                    variants: Sequence[str], formats: Sequence[str]) -> list[Job]:
        """A period's digest PDFs and EPUB: they depend on every article in them."""
        articles = collated.articles
        content = "|".join([collated.period.name, str(collated.issue_number),
                            *(s for s, _ in collated.sections),
                            *(f"{a.slug}:{a.content_hash}:{self._pictures_digest(a)}"
                              for a in articles),
                            note.content_hash if note else "",
                            self._file(cover_image) if cover_image else ""])
        inputs = {pair for a in articles for pair in self.article_inputs(a)}
        if note is not None:
            inputs.update(self.article_inputs(note))
        if cover_image is not None:
            inputs.add((self._relative(cover_image), self._file(cover_image)))
        folder = collated.period.folder
        return self._jobs("digest", f"digests/{folder}/bantin-{folder}", content, variants,
                          formats, {"pdf": 10 * len(articles), "epub": len(articles)},
                          inputs=tuple(sorted(inputs)), collated=collated, note=note,
                          cover_image=cover_image)


_CONTEXTS: dict[str, Any] = {}


class _Collect(logging.Handler):
    """Keeps a job's warnings, so the parent process reports (and counts) them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def execute(job: Job) -> tuple[bytes, list[str]]:
    """One job's bytes and the warnings made on the way (run in a worker process)."""
    logger = logging.getLogger("pipeline")
    collect = _Collect()
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers[:] = [collect]
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        return _make(job), collect.messages
    finally:
        logger.handlers[:], logger.propagate, logger.level = saved


def _make(job: Job) -> bytes:
    """Make one job's bytes (contexts are kept per configuration in each process)."""
    from .render import RENDERERS, RenderContext
    from .render.digest import DigestSource, digest_epub, digest_pdf

    config = job.config
    roots = job.roots or ((config.project / "input").resolve(),)
    token = "\x1f".join((config_digest(config), str(config.project), *map(str, roots)))
    if token not in _CONTEXTS:
        _CONTEXTS[token] = RenderContext(config=config, roots=roots)
    context = _CONTEXTS[token]
    if job.article is not None:
        return RENDERERS[job.format]().render(job.article, job.variant or "standard", context)
    assert job.collated is not None
    source = DigestSource(collated=job.collated, note=job.note, cover_image=job.cover_image,
                          config_source=config.project / "input")
    if job.format == "pdf":
        return digest_pdf(source, job.variant or "standard", context)
    return digest_epub(source, context)
