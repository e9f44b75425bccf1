"""`output/manifest.json`: every output with its hash, size, format, variant and inputs.

Sorted and without timestamps, so the same input gives the same manifest
(DESIGN.md, Contracts).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from . import __version__
from .errors import BantinError, printable
from .i18n import _
from .writing import write_atomic

MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class Entry:
    """One output as the manifest records it."""

    path: str
    sha256: str
    bytes: int
    format: str
    variant: str | None
    inputs: tuple[tuple[str, str], ...]

    @classmethod
    def from_record(cls, record: Any) -> Entry:
        """An entry as bantin writes it, or `ValueError` saying which field is not.

        Every field is checked, because the manifest is a file anyone can edit
        and its paths are handed to the file system: a path must be a plain
        relative POSIX path (no NUL, no `..`, no empty part, each part at most
        255 bytes) and every hash 64 hexadecimal digits.
        """
        if not isinstance(record, dict):
            raise ValueError(f"an output is {type(record).__name__}, not an object")
        path = _plain_path(record.get("path"), "an output's path", absolute=False)
        where = f"output '{printable(path)}'"
        digest = record.get("sha256")
        if not isinstance(digest, str) or not _is_sha256(digest):
            raise ValueError(f"{where}: 'sha256' is not 64 hexadecimal digits")
        size = record.get("bytes")
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise ValueError(f"{where}: 'bytes' is not a whole number")
        if not isinstance(record.get("format"), str):
            raise ValueError(f"{where}: 'format' is not text")
        if not isinstance(record.get("variant"), str | None):
            raise ValueError(f"{where}: 'variant' is neither text nor null")
        inputs = record.get("inputs")
        if not isinstance(inputs, list):
            raise ValueError(f"{where}: 'inputs' is not a list")
        pairs = []
        for item in inputs:
            if not isinstance(item, dict):
                raise ValueError(f"{where}: an input is {type(item).__name__}, not an object")
            try:
                input_path = _plain_path(item.get("path"), "an input's path", absolute=True)
            except ValueError as exc:
                raise ValueError(f"{where}: {exc}") from None
            if not _is_sha256(item.get("sha256")):
                raise ValueError(f"{where}: an input's 'sha256' is not 64 hexadecimal digits")
            pairs.append((input_path, item["sha256"]))
        return cls(path=path, sha256=digest, bytes=size, format=record["format"],
                   variant=record["variant"], inputs=tuple(pairs))

    def record(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "bytes": self.bytes,
                "format": self.format, "variant": self.variant,
                "inputs": [{"path": p, "sha256": h} for p, h in self.inputs]}


def write_manifest(output: Path, entries: list[Entry], temp_dir: Path | None = None) -> Path:
    """Write output/manifest.json atomically; entries sorted by path.

    A name that is not text (a lone surrogate, from a file name that is not
    UTF-8) is written as its JSON escape, so no name can stop the manifest
    being written; reading it back gives the same name.
    """
    document = {"bantin": __version__,
                "outputs": [e.record() for e in sorted(entries, key=lambda e: e.path)]}
    path = output / MANIFEST
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    text = _SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
    write_atomic(path, text.encode("utf-8"), temp_dir)
    return path


_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_NAME_BYTES = 255
"""The longest file or folder name the usual file systems allow."""


def _plain_path(value: Any, what: str, *, absolute: bool) -> str:
    """`value` when it is a path bantin could have written, else `ValueError` naming `what`."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what} is not text")
    shown = printable(value)[:100]
    if "\0" in value:
        raise ValueError(f"{what} '{shown}' holds a NUL character")
    try:
        encoded = os.fsencode(value)
    except UnicodeError:
        raise ValueError(f"{what} '{shown}' cannot be a file name") from None
    posix = PurePosixPath(value)
    if posix.is_absolute() and not absolute:
        raise ValueError(f"{what} '{shown}' is not relative to output/")
    parts = encoded.split(b"/")[1 if posix.is_absolute() else 0:]
    if any(part in (b"", b".", b"..") for part in parts):
        raise ValueError(f"{what} '{shown}' is not a plain path (an empty part, . or ..)")
    if any(len(part) > MAX_NAME_BYTES for part in parts):
        raise ValueError(f"{what} '{shown}…' has a name longer than {MAX_NAME_BYTES} bytes")
    return value


def _is_sha256(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value) is not None


class ManifestError(BantinError):
    """output/manifest.json exists but cannot be read or is not a manifest."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What an earlier build recorded: its outputs by path, and the entries left out."""

    entries: dict[str, Entry]
    ignored: tuple[str, ...] = ()
    """Why each entry that is not as bantin writes it was left out (edited by hand, or
    damaged): its files are neither removed nor kept in the manifest."""


def read_manifest(output: Path) -> Manifest:
    """The previous manifest's outputs by path; none when there is no manifest.

    `ManifestError` when the file is there but unreadable, not JSON, or not
    shaped as bantin writes it (an object whose `outputs` is a list): a
    damaged manifest must never pass for an empty one. An entry that is not
    as bantin writes it is left out and said in `ignored`, never acted on.
    """
    path = output / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Manifest({})
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(_("cannot read it ({exc}); run bantin build to write it anew")
                            .format(exc=exc), path=path) from None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ManifestError(_("is damaged (not JSON: {problem}); run bantin build to write it"
                              " anew").format(problem=printable(str(exc))[:200]),
                            path=path) from None
    outputs = document.get("outputs") if isinstance(document, dict) else None
    if not isinstance(outputs, list):
        raise ManifestError(_("is damaged (not a bantin manifest: an object whose outputs are a"
                              " list); run bantin build to write it anew"), path=path)
    entries: dict[str, Entry] = {}
    ignored: list[str] = []
    for record in outputs:
        try:
            entry = Entry.from_record(record)
        except ValueError as exc:
            ignored.append(str(exc))
            continue
        entries[entry.path] = entry
    return Manifest(entries, tuple(ignored))


def ignored_message(manifest: Manifest) -> str:
    """One line on the entries `read_manifest` left out: how many, and the first's fault."""
    count = len(manifest.ignored)
    # The fault itself (manifest.ignored[0]) names a field of the file: it stays in English.
    fault = manifest.ignored[0] + (_("; and more") if count > 1 else "")
    return _("{count} output(s) listed in it are not as bantin writes them ({fault}); they are"
             " ignored: no file of theirs is removed, and the manifest is written anew").format(
                 count=count, fault=fault)
