"""Where a figure's image is, if it may be used at all.

The Contracts' "Resources" rule: a source may only refer to images inside
the directories we were given (the project's `input/`, the directories of
sources named on the command line). URLs are never fetched. Anything else
keeps its caption with `src: null` and a warning naming the file.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from .base import ReadContext

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp"})
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def resolve_image(src: str | None, source: Path, context: ReadContext) -> str | None:
    """The image's POSIX path relative to `source`'s folder, or None with a warning."""
    if src is None or not src.strip():
        return None
    src = src.strip()
    if _SCHEME.match(src) or src.startswith("//"):
        log.warning("%s: image %s is not a local file and is never fetched; the caption is"
                    " kept without the image", source, _short(src))
        return None
    relative = PurePosixPath(unquote(src.replace("\\", "/")))
    if relative.is_absolute():
        log.warning("%s: image %s is an absolute path; use a path relative to the article"
                    " (the caption is kept without the image)", source, src)
        return None
    folder = source.parent
    target = (folder / relative).resolve()
    roots = context.roots or (folder.resolve(),)
    if not any(target.is_relative_to(root) for root in roots):
        log.warning("%s: image %s is outside the project's input folders and is not used;"
                    " move it beside the article", source, src)
        return None
    if target.suffix.lower() not in IMAGE_SUFFIXES:
        log.warning("%s: image %s is not a JPEG, PNG, GIF or WebP file and is not used",
                    source, src)
        return None
    if not target.is_file():
        log.warning("%s: image %s not found; the caption is kept without the image",
                    source, src)
        return None
    return relative.as_posix()


def _short(src: str) -> str:
    return src if len(src) <= 80 else src[:77] + "…"
