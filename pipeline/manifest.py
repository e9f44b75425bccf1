"""`output/manifest.json`: every output with its hash, size, format, variant and inputs.

Sorted and without timestamps, so the same input gives the same manifest
(DESIGN.md, Contracts).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .errors import BantinError
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
    def from_record(cls, record: dict[str, Any]) -> Entry:
        """An entry as `read_manifest` gives it back (inputs that are not path and SHA-256
        are dropped)."""
        inputs = tuple((i["path"], i["sha256"]) for i in record["inputs"]
                       if isinstance(i, dict) and isinstance(i.get("path"), str)
                       and isinstance(i.get("sha256"), str))
        return cls(path=record["path"], sha256=record["sha256"], bytes=record["bytes"],
                   format=record["format"], variant=record["variant"], inputs=inputs)

    def record(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "bytes": self.bytes,
                "format": self.format, "variant": self.variant,
                "inputs": [{"path": p, "sha256": h} for p, h in self.inputs]}


def write_manifest(output: Path, entries: list[Entry], temp_dir: Path | None = None) -> Path:
    """Write output/manifest.json atomically; entries sorted by path."""
    document = {"bantin": __version__,
                "outputs": [e.record() for e in sorted(entries, key=lambda e: e.path)]}
    path = output / MANIFEST
    write_atomic(path, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode(),
                 temp_dir)
    return path


class ManifestError(BantinError):
    """output/manifest.json exists but cannot be read or is not a manifest."""


def read_manifest(output: Path) -> dict[str, dict[str, Any]]:
    """The previous manifest's outputs by path; {} when there is none.

    `ManifestError` when the file is there but unreadable, not JSON, or not
    shaped as bantin writes it: a damaged manifest must never pass for an
    empty one.
    """
    path = output / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"cannot read it ({exc}); run bantin build to write it anew",
                            path=path) from None
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise ManifestError(f"is damaged (not JSON: {exc}); run bantin build to write it"
                            " anew", path=path) from None
    outputs = document.get("outputs") if isinstance(document, dict) else None
    if not isinstance(outputs, list) or not all(_is_entry(e) for e in outputs):
        raise ManifestError("is damaged (not a bantin manifest: every output needs a path,"
                            " sha256, bytes, format, variant and inputs); run bantin build to"
                            " write it anew", path=path)
    return {entry["path"]: entry for entry in outputs}


def _is_entry(entry: Any) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("path"), str)
            and isinstance(entry.get("sha256"), str) and isinstance(entry.get("bytes"), int)
            and isinstance(entry.get("format"), str)
            and isinstance(entry.get("variant"), str | None)
            and isinstance(entry.get("inputs"), list))
