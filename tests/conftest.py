"""Shared fixtures: the CLI as a user runs it, sample paths, golden-file regeneration.

Golden files are regenerated with `pytest --regen-golden` (review the diff).
"""

from __future__ import annotations

import http.server
import logging
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pipeline import i18n
from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))  # legacy_encode: tests write legacy-encoded sources
INPUT = ROOT / "input"
SEED = INPUT / "000_e7e2aa4e76f9f475.txt"
"""The real article the project was created from, as the portal's "save as text" gives it."""
OUTSIDE = (ROOT.parent / "shared").resolve()
"""Guidance for the developers beside the checkout, not part of the product: a plain clone
has no such folder, so no test may read it."""


def _refuse_outside(event: str, args: tuple) -> None:
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(
            args[0], str | bytes | os.PathLike):
        path = os.fsdecode(args[0])
        if os.path.abspath(path).startswith(str(OUTSIDE) + os.sep):
            raise RuntimeError(f"a test read {path}: the suite must pass in a plain clone")


sys.addaudithook(_refuse_outside)

# The suite's expectations are in English, the default under an English or C locale. On a
# machine whose locale is Vietnamese (LANG=vi_VN.UTF-8) the messages would be too, in this
# process and in every `bantin` it starts: pin the locale's language to English here;
# tests/test_i18n.py chooses Vietnamese itself.
if i18n.from_locale() != "en":
    for _variable in i18n.LOCALE_VARIABLES:
        os.environ.pop(_variable, None)
    os.environ["LANG"] = "C.UTF-8"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true",
                     help="Rewrite golden files from the current output instead of comparing.")


@pytest.fixture
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture
def bantin():
    """Run `bantin ARGS…` in-process; stdout and stderr come back apart."""

    def run(*args: str | Path, cwd: Path | None = None) -> Result:
        runner = CliRunner()
        if cwd is None:
            return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
        with pytest.MonkeyPatch.context() as mp:
            mp.chdir(cwd)
            return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture(autouse=True)
def _reset_pipeline_logger():
    """The CLI installs its own handler; give every test a clean logger."""
    yield
    logger = logging.getLogger("pipeline")
    logger.handlers.clear()
    logger.propagate = True
    logger.setLevel(logging.NOTSET)
    i18n.set_language(None)  # a test that chose a language leaves none to the next


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory) -> Path:
    """The sample month built once per test session by the CLI, as a user runs it: every
    article in every variant, the EPUBs and the monthly digests. Tests only read it."""
    project = tmp_path_factory.mktemp("sample")
    shutil.copytree(INPUT, project / "input")
    shutil.copy(ROOT / "bantin.toml", project / "bantin.toml")
    run = subprocess.run([sys.executable, "-m", "pipeline", "build", "--project", str(project),
                          "--strict", "-q"], capture_output=True, text=True, check=False,
                         cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return project


@pytest.fixture(scope="module")
def counting_server():
    """A local HTTP server that records every request: hostile input must make none."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # the http.server API
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], hits
    server.shutdown()


def write(path: Path, text: str | bytes) -> Path:
    """Write a test file, creating folders; bytes are written as they are."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def project_of(folder: Path, sources: tuple[str, ...], config_extra: str = "") -> Path:
    """A project in `folder` made of some of the sample's sources, all its pictures and its
    bantin.toml (with `config_extra` appended)."""
    (folder / "input" / "images").mkdir(parents=True)
    for name in sources:
        shutil.copy2(INPUT / name, folder / "input" / name)
    for picture in (INPUT / "images").iterdir():
        shutil.copy2(picture, folder / "input" / "images" / picture.name)
    config = (ROOT / "bantin.toml").read_text(encoding="utf-8") + config_extra
    (folder / "bantin.toml").write_text(config, encoding="utf-8")
    return folder
