"""What runs in a worker process: one job's bytes (`pool` keeps the warnings made on the way).

A render context (the Jinja2 environment, the allowed folders) costs time to
set up, so each worker process keeps one per configuration and reuses it
for every job of that project it is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config
from .plan import Job, config_digest

if TYPE_CHECKING:
    from .render import RenderContext


def make(job: Job) -> bytes:
    """Make one job's bytes."""
    from .render import RENDERERS
    from .render.digest import digest_epub, digest_pdf

    config = job.config
    roots = job.roots or ((config.project / "input").resolve(),)
    context = _context(config, roots)
    if job.archival:
        from .render.pdfa import archival_article_pdf, archival_digest_pdf

        variant = job.variant or "standard"
        if job.article is not None:
            return archival_article_pdf(job.article, variant, context, job.attachments,
                                        issue=job.issue)
        assert job.digest is not None
        return archival_digest_pdf(job.digest, variant, context, job.attachments)
    if job.article is not None:
        return RENDERERS[job.format]().render(job.article, job.variant or "standard", context)
    assert job.digest is not None
    if job.format == "pdf":
        return digest_pdf(job.digest, job.variant or "standard", context)
    return digest_epub(job.digest, context)


_CONTEXTS: dict[tuple[str, str, tuple[Path, ...]], RenderContext] = {}
"""This process's render contexts, by configuration hash, project and allowed folders."""


def _context(config: Config, roots: tuple[Path, ...]) -> RenderContext:
    from .render import RenderContext

    token = (config_digest(config), str(config.project), roots)
    if token not in _CONTEXTS:
        _CONTEXTS[token] = RenderContext(config=config, roots=roots)
    return _CONTEXTS[token]
