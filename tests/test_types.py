"""pipeline/ type-checks clean under mypy with the settings in pyproject.toml ([tool.mypy]).

mypy is in the `test` extra: if it is missing the test fails rather than skips,
since a type checker nobody runs checks nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT


def test_mypy_is_clean_over_pipeline():
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    output, code = run.stdout + run.stderr, run.returncode
    assert code == 0, f"mypy failed (exit {code}):\n{output}"
    # The config names what to check: make sure it still reaches every module.
    checked = re.search(r"no issues found in (\d+) source files", output)
    assert checked, output
    assert int(checked.group(1)) == len(list((ROOT / "pipeline").rglob("*.py"))), output
