"""Where the built-in layouts and fonts are: inside the installed package, or the checkout.

A wheel carries them as `pipeline/layouts` and `pipeline/fonts`
(pyproject.toml); an editable install or a source checkout has them at the
top of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


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
