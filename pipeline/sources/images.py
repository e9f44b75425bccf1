"""Where a figure's image is, if it may be used at all.

The Contracts' "Resources" rule: a source may only refer to images inside
the directories we were given (the project's `input/`, the directories of
sources named on the command line). URLs are never fetched. Anything else
keeps its caption with `src: null` and a warning naming the file.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import logging
import os
import re
import threading
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import unquote

from PIL import Image, ImageFile

from ..i18n import _
from ..resources import is_packaged, package_file
from .base import ReadContext

log = logging.getLogger(__name__)

_looked_at: contextvars.ContextVar[list[Path] | None] = contextvars.ContextVar(
    "pictures_looked_at", default=None)
"""The picture files the reading in progress looked at (`corpus` caches reads by them)."""


@contextlib.contextmanager
def recording_pictures() -> Iterator[list[Path]]:
    """Collect the picture files `resolve_image` looks at (found or not) while reading."""
    seen: list[Path] = []
    token = _looked_at.set(seen)
    try:
        yield seen
    finally:
        _looked_at.reset(token)


def _look_at(path: Path) -> None:
    seen = _looked_at.get()
    if seen is not None:
        seen.append(path)

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp"})
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def resolve_image(src: str | None, source: Path, context: ReadContext) -> str | None:
    """The image's POSIX path relative to `source`'s folder, or None with a warning."""
    if src is None or not src.strip():
        return None
    src = src.strip()
    if _SCHEME.match(src) or src.startswith("//"):
        log.warning(_("%s: image %s is not a local file and is never fetched; the caption is"
                      " kept without the image"), source, _short(src))
        return None
    if is_packaged(src):
        return _packaged(src, source, context)
    relative = PurePosixPath(unquote(src.replace("\\", "/")))
    if not _nameable(str(relative)):
        log.warning(_("%s: image %s cannot be a file name (it holds a NUL or a character no"
                      " file name has); the caption is kept without the image"), source,
                    _short(src))
        return None
    if relative.is_absolute():
        log.warning(_("%s: image %s is an absolute path; use a path relative to the article"
                      " (the caption is kept without the image)"), source, src)
        return None
    folder = source.parent
    try:
        target = (folder / relative).resolve()
        roots = context.roots or (folder.resolve(),)
        if not any(target.is_relative_to(root) for root in roots):
            log.warning(_("%s: image %s is outside the project's input folders and is not used;"
                          " move it beside the article"), source, _short(src))
            return None
        _look_at(target)
        if target.suffix.lower() not in IMAGE_SUFFIXES:
            log.warning(_("%s: image %s is not a JPEG, PNG, GIF or WebP file and is not used"),
                        source, _short(src))
            return None
        if not target.is_file():
            log.warning(_("%s: image %s not found; the caption is kept without the image"),
                        source, _short(src))
            return None
        with target.open("rb") as stream:
            problem = picture_problem(stream, context.max_pixels)
    except (OSError, RuntimeError) as exc:  # too long a name, a loop of links, no permission
        log.warning(_("%s: image %s cannot be opened (%s); the caption is kept without the"
                      " image"), source, _short(src), getattr(exc, "strerror", None) or exc)
        return None
    if problem:
        log.warning(_("%s: image %s %s; the caption is kept without the image"), source, src,
                    problem)
        return None
    return relative.as_posix()


def _nameable(path: str) -> bool:
    """Whether `path` can name a file at all: no NUL, nothing the file system cannot encode
    (a lone surrogate from a JSON escape such as \\ud800)."""
    if "\0" in path:
        return False
    try:
        os.fsencode(path)
    except UnicodeError:
        return False
    return True


def picture_problem(stream: BinaryIO, max_pixels: int) -> str | None:
    """Why a picture cannot be used (corrupt, not a picture, more than `max_pixels`), or None.

    Only the header is read, so checking a huge picture costs nothing. Pillow's own guard
    against decompression bombs is off while it does (`_own_size_limit`): the size is
    judged here, against `max_pixels`, so the message names the setting to change.
    """
    try:
        with warnings.catch_warnings(), _own_size_limit():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(stream) as picture:
                width, height = picture.size
                if width * height > max_pixels:
                    return _("is too large ({width}×{height} pixels, more than [build]"
                             " max_picture_pixels {most:,}); resize it").format(
                                 width=width, height=height, most=max_pixels)
                picture.verify()
            # verify() reads the headers only: a picture cut off in the middle passes it and
            # prints partly blank. Decoding it (at an eighth of the size where the format
            # allows, so a big photo costs little) finds the missing end.
            stream.seek(0)
            with Image.open(stream) as picture, _truncation_is_an_error():
                picture.draft(picture.mode, (max(1, width // 8), max(1, height // 8)))
                picture.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        if "truncated" in str(exc):
            return _("is cut off before its end; copy or export the picture again")
        return _("cannot be read as a picture ({error_type})").format(
            error_type=exc.__class__.__name__)
    return None


_PILLOW_LIMIT = threading.Lock()


@contextlib.contextmanager
def _own_size_limit() -> Iterator[None]:
    """Pillow refuses to open a picture of more than twice `Image.MAX_IMAGE_PIXELS` (about
    179 megapixels), before its size can be compared with `max_pixels`; while one picture
    is checked that limit is lifted (a process-wide setting: threads take turns)."""
    with _PILLOW_LIMIT:
        before = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = None
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS = before


@contextlib.contextmanager
def _truncation_is_an_error() -> Iterator[None]:
    """WeasyPrint tells Pillow, for the whole process, to load cut-off pictures silently;
    while checking one, a cut-off picture must be an error."""
    before = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _short(src: str) -> str:
    return src if len(src) <= 80 else src[:77] + "…"


def _packaged(src: str, source: Path, context: ReadContext) -> str | None:
    """A picture inside a Word file next to the source (or the source itself)."""
    package, member = src.split("#", 1)
    target = (source.parent / package).resolve()
    _look_at(target)
    roots = context.roots or (source.parent.resolve(),)
    if not any(target.is_relative_to(root) for root in roots) or not target.is_file():
        log.warning(_("%s: image %s is not in a Word file inside the input folders; the caption"
                      " is kept without the image"), source, src)
        return None
    if PurePosixPath(member).suffix.lower() not in IMAGE_SUFFIXES or not _has_member(
            target, member):
        log.warning(_("%s: image %s cannot be used (not a JPEG, PNG, GIF or WebP picture in the"
                      " file); the caption is kept without the image"), source, src)
        return None
    with zipfile.ZipFile(package_file(target)) as archive, archive.open(member) as stream:
        problem = picture_problem(io.BytesIO(stream.read()), context.max_pixels)
    if problem:
        log.warning(_("%s: image %s %s; the caption is kept without the image"), source, src,
                    problem)
        return None
    return src


def _has_member(package: Path, member: str) -> bool:
    try:
        with zipfile.ZipFile(package_file(package)) as archive:  # a .doc: its .docx
            return member in archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False
