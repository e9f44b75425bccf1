"""Errors a user can cause and can fix.

Each is a `click.ClickException`, so the CLI prints one line, never a
traceback: `error: <file>[:line]: <what is wrong and what to do>`.
Exceptions that are not a `BantinError` are bugs and keep their traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any, TypeVar

import click

from .i18n import _

E = TypeVar("E", bound=BaseException)


def printable(text: str) -> str:
    """`text` with line breaks, control characters and undecodable bytes escaped, so a file
    name can neither forge a line of output nor fail to print."""
    return "".join(
        c if c.isprintable() or c == " " else
        (f"\\x{ord(c) & 0xFF:02x}" if 0xDC80 <= ord(c) <= 0xDCFF else repr(c)[1:-1])
        for c in text)


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
        where = printable(str(self.path))
        return f"{where}:{self.line}" if self.line else where

    def format_message(self) -> str:
        """`file[:line]: message`, one printable line whatever names the message quotes."""
        message = printable(self.message)
        return f"{self.where}: {message}" if self.where else message

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
        """One `error:` line per problem, each escaped: a key or a variant name from the
        file can neither break a line nor forge one."""
        for problem in self.problems:
            where = f"{self.where}: " if self.where else ""
            click.echo(f"error: {where}{printable(problem)}", file=file, err=file is None)


def unexpected(exc: BaseException, path: Path | str) -> SourceError:
    """Anything that went wrong inside one source, as that source's error.

    A bug or a library's failure on a strange file must cost that file only;
    the message names the exception so the report can be acted on, and `-vv`
    shows its traceback.
    """
    return SourceError(_("cannot be read ({exception}); the other sources are still built;"
                         " if the file looks fine, please report it with the file").format(
                             exception=f"{exception_name(exc)}: {printable(str(exc))[:200]}"),
                       path=path)


def detached(exc: E) -> E:
    """`exc` without the exceptions behind it (`__cause__`, `__context__`) nor its traceback,
    to travel from a worker as a value: tblib's pickling, which Dask installs for every
    exception class it finds, pickles the chain too, and an lxml error in it carries its
    parser's error log, which does not pickle, so the whole result would not come back."""
    exc.__cause__ = exc.__context__ = exc.__traceback__ = None
    return exc


def exception_name(exc: BaseException) -> str:
    """The exception's class, or the class of the one a worker could not send back as it was
    (`pool.Foreign`)."""
    name = getattr(exc, "type_name", None)
    return name if isinstance(name, str) else type(exc).__name__


class RenderError(BantinError):
    """An article or digest could not be laid out or written."""


class UnknownFormatError(SourceError):
    """A file named on the command line has no reader."""
