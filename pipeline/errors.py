"""Errors a user can cause and can fix.

Each is a `click.ClickException`, so the CLI prints one line, never a
traceback: `error: <file>[:line]: <what is wrong and what to do>`.
Exceptions that are not a `BantinError` are bugs and keep their traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import click


class BantinError(click.ClickException):
    """Base class of every error the user can fix."""

    exit_code = 1

    def __init__(self, message: str, *, path: Path | str | None = None,
                 line: int | None = None) -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None
        self.line = line

    @property
    def where(self) -> str:
        """`file` or `file:line`, or an empty string when no file is involved."""
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else str(self.path)

    def format_message(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", file=file, err=file is None)

    def __str__(self) -> str:
        return self.format_message()


class SourceError(BantinError):
    """A source file cannot be read or makes no sense as an article."""


class ConfigError(BantinError):
    """`bantin.toml` (or a command-line option) has invalid values."""

    def __init__(self, problems: list[str], *, path: Path | str | None = None) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems), path=path)

    def show(self, file: IO[Any] | None = None) -> None:
        for problem in self.problems:
            where = f"{self.where}: " if self.where else ""
            click.echo(f"error: {where}{problem}", file=file, err=file is None)


class RenderError(BantinError):
    """An article or digest could not be laid out or written."""


class UnknownFormatError(SourceError):
    """A file named on the command line has no reader."""
