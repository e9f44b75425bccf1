"""The built wheel works on its own: installed into a fresh venv, run from elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import INPUT, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True)
    [built] = out.glob("bantin-*.whl")
    return built


def test_wheel_carries_the_fonts_and_their_licence(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    fonts = {Path(n).name for n in names if n.startswith("pipeline/fonts/")}
    assert {"NotoSans-Regular.ttf", "NotoSerif-Regular.ttf", "OFL.txt"} <= fonts
    assert "pipeline/cli.py" in names and "pipeline/normalize/__init__.py" in names
    assert {"pipeline/layouts/article.html", "pipeline/layouts/print.css",
            "pipeline/layouts/blocks/figure.html"} <= names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "bantin = pipeline.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def test_fresh_venv_runs_bantin_from_another_folder(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # Dependencies come from this interpreter's site-packages (appended after the
    # fresh venv's own, so the freshly installed `pipeline` is the one imported).
    purelib = Path(subprocess.check_output(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        text=True).strip())
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
                   check=True, capture_output=True)
    # After the install: pip would otherwise see this interpreter's `bantin` and skip.
    ours = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    (purelib / "_bantin_test_deps.pth").write_text("\n".join(sorted(ours)) + "\n")
    project = tmp_path / "somewhere else"
    shutil.copytree(INPUT, project / "input")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    run = subprocess.run([str(env_dir / "bin" / "bantin"), "normalize", "--project",
                          str(project), "--json", "--strict"], cwd=elsewhere, env=env,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert len(json.loads(run.stdout)) >= 12
    where = subprocess.check_output(
        [str(python), "-c", "import pipeline; print(pipeline.__file__)"], cwd=elsewhere,
        env=env, text=True)
    assert str(env_dir) in where, "the installed wheel, not the checkout, was run"
    built = subprocess.run([str(env_dir / "bin" / "bantin"), "build", "--project", str(project),
                            "--variant", "large"], cwd=elsewhere, env=env,
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    pdfs = list((project / "output" / "articles").rglob("*.large.pdf"))
    assert len(pdfs) >= 12 and all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)
    out = tmp_path / "normalized"
    written = subprocess.run([str(env_dir / "bin" / "bantin"), "normalize",
                              str(project / "input"), "--out", str(out)], cwd=elsewhere,
                             env=env, capture_output=True, text=True, check=False)
    assert written.returncode == 0, written.stderr
    assert len(list(out.glob("*.md"))) >= 12
