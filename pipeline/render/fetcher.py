"""What rendering may read: the Contracts' "Resources" rule as a WeasyPrint URL fetcher.

Allowed: files inside the given roots (the project's `input/` and
`layouts/`, the folders of sources named on the command line, the built-in
layouts and fonts), pictures inside Word files there, `bantin-font:` names
of the built-in (or the project's) font files, and `data:` URLs. Refused:
every other scheme (http, https, ftp …), files outside the roots, and any
resource over the size cap. Nothing is ever fetched from the network and
redirects cannot happen.
"""

from __future__ import annotations

import base64
import functools
import logging
import mimetypes
import zipfile
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..i18n import _
from ..resources import PACKAGE_SUFFIXES, package_file

log = logging.getLogger(__name__)

MAX_RESOURCE_BYTES = 50 * 1024 * 1024
"""No picture, font or stylesheet may be bigger than this."""


class ResourceRefused(ValueError):
    """A resource the Resources rule does not allow; the message says why."""


class SafeFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type information
    """A URL fetcher with an allow-list of folders and no network at all."""

    def __init__(self, roots: Sequence[Path], font_dirs: Sequence[Path],
                 max_bytes: int = MAX_RESOURCE_BYTES) -> None:
        super().__init__(allowed_protocols=("file", "data", "bantin-font"),
                         allow_redirects=False)
        self.roots = tuple(root.resolve() for root in roots)
        self.font_dirs = tuple(folder.resolve() for folder in font_dirs)
        self.max_bytes = max_bytes

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        try:
            return self._fetch(url)
        except ResourceRefused as refusal:
            log.warning(_("refused to load %s: %s"), _short(url), refusal)
            raise

    def _fetch(self, url: str) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return self._data(url)
        if scheme == "bantin-font":
            return self._font(url.split(":", 1)[1])
        if scheme != "file":
            raise ResourceRefused(_("only local files inside the project are used; nothing is"
                                    " fetched from the network"))
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise ResourceRefused(_("file URLs on another host are not read"))
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise ResourceRefused(_("outside the folders rendering may read (input/, layouts/,"
                                    " the sources' folders)"))
        if parts.fragment and path.suffix.lower() in PACKAGE_SUFFIXES:
            return self._packaged(url, path, parts.fragment)
        return self._file(url, path)

    def _file(self, url: str, path: Path) -> URLFetcherResponse:
        if not path.is_file():
            raise ResourceRefused(_("no such file"))
        if path.stat().st_size > self.max_bytes:
            raise ResourceRefused(_("larger than {size} MiB").format(
                                      size=self.max_bytes // (1024 * 1024)))
        return _response(url, path.read_bytes(), path.name)

    def _packaged(self, url: str, package: Path, member: str) -> URLFetcherResponse:
        try:
            with zipfile.ZipFile(package_file(package)) as archive:  # a .doc: its .docx
                info = archive.getinfo(unquote(member))
                if info.file_size > self.max_bytes:
                    raise ResourceRefused(_("picture too large"))
                return _response(url, archive.read(info), member)
        except (OSError, KeyError, zipfile.BadZipFile) as exc:
            raise ResourceRefused(_("cannot read the picture in the Word file ({exc})").format(
                                      exc=exc)) from None

    def _font(self, name: str) -> URLFetcherResponse:
        for folder in self.font_dirs:
            path = (folder / unquote(name)).resolve()
            if path.is_relative_to(folder) and path.is_file():
                data = _font_bytes(str(path), path.stat().st_mtime_ns)
                return _response(f"bantin-font:{name}", data, path.name)
        raise ResourceRefused(_("no such font in fonts/"))

    def _data(self, url: str) -> URLFetcherResponse:
        header, _comma, payload = url[5:].partition(",")
        if len(payload) > self.max_bytes * 4 // 3 + 4:
            raise ResourceRefused(_("data URL too large"))
        mime = header.split(";")[0] or "text/plain"
        body = base64.b64decode(payload) if header.endswith(";base64") else unquote(
            payload).encode("utf-8")
        return URLFetcherResponse(url, body, {"Content-Type": mime})


@functools.lru_cache(maxsize=32)
def _font_bytes(path: str, mtime: int) -> bytes:
    """Font files are read once per process, not once per page."""
    return Path(path).read_bytes()


def _response(url: str, body: bytes, name: str) -> URLFetcherResponse:
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return URLFetcherResponse(url, body, {"Content-Type": mime})


def _short(url: str) -> str:
    return url if len(url) <= 100 else url[:97] + "…"
