"""EPUBCheck and DAISY Ace for the tests, each run once per distinct file (SHA-256).

A missing validator fails the test (tools/install-test-tools installs them;
.ci/run runs it), it never skips.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline import validate

_CACHE: dict[tuple[str, str], object] = {}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_epubcheck(path: Path) -> validate.EpubCheckReport:
    key = ("epubcheck", _digest(path))
    if key not in _CACHE:
        _CACHE[key] = validate.epubcheck(path)
    return _CACHE[key]  # type: ignore[return-value]


def run_ace(path: Path) -> list[str]:
    key = ("ace", _digest(path))
    if key not in _CACHE:
        _CACHE[key] = validate.ace(path)
    return _CACHE[key]  # type: ignore[return-value]
