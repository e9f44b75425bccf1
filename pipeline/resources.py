"""Where rendering's resources are: layouts, fonts and the pictures articles show.

The built-in layouts and fonts live inside the installed package (a wheel
carries them as `pipeline/layouts` and `pipeline/fonts`, see
pyproject.toml) or at the top of a source checkout; a project's own
`layouts/` (and `layouts/fonts/`) come first. A figure's picture is a file
beside its source, or a member of a Word file (`report.docx#word/media/…`);
a `.doc`, `.rtf` or `.odt` source is read as the `.docx` LibreOffice made of
it, so its pictures (`report.doc#word/media/…`) are members of that `.docx`,
kept in `.bantin-cache/office/` by the source's SHA-256.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path, PurePosixPath

from .config import Config
from .i18n import _

_PACKAGE = Path(__file__).resolve().parent

CACHE_DIR = ".bantin-cache"
"""The project's cache folder: build results, temporary files, converted office files."""
CONVERTED_DIR = "office"
"""`.bantin-cache/office/`: the `.docx` LibreOffice made of each `.doc`, `.rtf`, `.odt`."""
OFFICE_SUFFIXES = frozenset({".doc", ".rtf", ".odt"})
"""Sources read as the `.docx` LibreOffice converts them to."""
PACKAGE_SUFFIXES = frozenset({".docx", *OFFICE_SUFFIXES})
"""Sources whose pictures live inside them: `report.docx#word/media/image1.png`, and
`report.doc#word/media/image1.png` inside the `.docx` made of `report.doc`."""

_converted: dict[Path, Path] = {}
"""This process's conversions: a source (resolved) → the `.docx` made of it."""


def builtin(name: str) -> Path:
    """The built-in `layouts` or `fonts` folder."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(_("the built-in {name}/ folder is missing from the installation"
                              " (looked in {first} and {second}); reinstall bantin").format(
                                  name=name, first=_PACKAGE / name, second=_PACKAGE.parent / name))


def layouts_dir() -> Path:
    """The built-in Jinja2 templates and stylesheets."""
    return builtin("layouts")


def fonts_dir() -> Path:
    """The built-in font files."""
    return builtin("fonts")


def layout_dirs(config: Config) -> list[Path]:
    """Where templates are looked for: the project's layouts/, then the built-in ones."""
    own = config.project / "layouts"
    return [own, layouts_dir()] if own.is_dir() else [layouts_dir()]


def font_dirs(config: Config) -> list[Path]:
    """Where font files are looked for: the project's layouts/fonts/, then the built-in."""
    own = config.project / "layouts" / "fonts"
    return [own, fonts_dir()] if own.is_dir() else [fonts_dir()]


def is_packaged(src: str) -> bool:
    """True when a figure's `src` names a picture inside a Word file."""
    return "#" in src and PurePosixPath(src.split("#", 1)[0]).suffix.lower() in PACKAGE_SUFFIXES


def read_image(source: Path, src: str) -> bytes:
    """The bytes of a figure's picture, `src` being what the reader resolved."""
    if is_packaged(src):
        package, member = src.split("#", 1)
        with zipfile.ZipFile(package_file(source.parent / package)) as archive:
            return archive.read(member)
    return (source.parent / src).read_bytes()


CONVERSION = 1
"""Raised whenever the `.docx` made of a source would come out differently (another
LibreOffice command or post-processing), so no conversion of before is used."""


def converted_name(digest: str) -> str:
    """The file name of the `.docx` made of a source whose SHA-256 is `digest`."""
    return f"{digest}.{CONVERSION}.docx"


def remember_converted(source: Path, converted: Path) -> None:
    """Note that `converted` is the `.docx` LibreOffice made of `source`, for this process
    (and the workers it starts) to find the source's pictures."""
    _converted[source.resolve()] = converted


def package_file(package: Path) -> Path:
    """The ZIP file holding a packaged source's pictures: the `.docx` itself, or the `.docx`
    LibreOffice made of a `.doc`, `.rtf` or `.odt` (this process's conversion, or the one
    kept in a `.bantin-cache/office/` of the source's folders or the working folder).
    `FileNotFoundError` when it was never converted."""
    if package.suffix.lower() not in OFFICE_SUFFIXES:
        return package
    known = _converted.get(package.resolve())
    if known is not None and known.is_file():
        return known
    name = converted_name(hashlib.sha256(package.read_bytes()).hexdigest())
    for folder in (*package.resolve().parents, Path.cwd()):
        candidate = folder / CACHE_DIR / CONVERTED_DIR / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(_("{name} has not been converted to .docx by LibreOffice (read it"
                              " again to convert it)").format(name=package.name))
