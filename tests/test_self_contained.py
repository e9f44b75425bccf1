"""The repository stands alone: nothing in it reads the developers' guidance beside it."""

from __future__ import annotations

import subprocess

import pytest
from conftest import OUTSIDE, ROOT

GUARDS = {"tests/conftest.py", "tests/test_self_contained.py"}
"""Files that name the folder only to refuse it."""


def test_reading_outside_the_repository_fails_the_test():
    """conftest's audit hook turns any read of ../shared into an error."""
    with pytest.raises(RuntimeError, match="plain clone"):
        (OUTSIDE / "seeds" / "anything.txt").read_bytes()


def test_no_tracked_file_refers_to_the_guidance_folder():
    tracked = subprocess.run(["git", "ls-files", "*.py", ".ci/*", "tools/*"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    assert "pipeline/cli.py" in tracked
    offenders = []
    for name in sorted(set(tracked) - GUARDS):
        text = (ROOT / name).read_text(encoding="utf-8", errors="replace")
        if '"shared"' in text or "../shared" in text:
            offenders.append(name)
    assert offenders == []
