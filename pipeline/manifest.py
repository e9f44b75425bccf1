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


def read_manifest(output: Path) -> dict[str, dict[str, Any]]:
    """The previous manifest's outputs by path ({} when there is none or it is unreadable)."""
    try:
        document = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
        return {entry["path"]: entry for entry in document["outputs"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
