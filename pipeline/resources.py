"""Where rendering's resources are: layouts, fonts and the pictures articles show.

The built-in layouts and fonts live inside the installed package (a wheel
carries them as `pipeline/layouts` and `pipeline/fonts`, see
pyproject.toml) or at the top of a source checkout; a project's own
`layouts/` (and `layouts/fonts/`) come first. A figure's picture is a file
beside its source, or a member of a Word file (`report.docx#word/media/…`).
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from .config import Config

_PACKAGE = Path(__file__).resolve().parent

PACKAGE_SUFFIXES = frozenset({".docx"})
"""Sources whose pictures live inside them: `report.docx#word/media/image1.png`."""


def builtin(name: str) -> Path:
    """The built-in `layouts` or `fonts` folder."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the built-in {name}/ folder is missing from the installation"
                            f" (looked in {_PACKAGE / name} and {_PACKAGE.parent / name});"
                            " reinstall bantin")


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
        with zipfile.ZipFile(source.parent / package) as archive:
            return archive.read(member)
    return (source.parent / src).read_bytes()
