#!/usr/bin/env python3
"""LibreOffice conversion of .doc/.rtf sources: one soffice run per batch against one per file.

What is measured, side by side, alternating which runs first, each figure the
median of the repetitions with the spread (min–max):

- batched: one soffice run converting N files (what a build does: one batch
  per worker), through bantin's own `convert_batch` (private profile, forced
  import filter, the .docx moved into place);
- one by one: N soffice runs of one file each, the same way;
- first start: one file on a fresh profile (LibreOffice sets the profile up);
- `bantin normalize` of the N files in a fresh project (conversion, reading,
  normalizing) against the same command again (every .docx from the cache).

The files are distinct Vietnamese articles (the title and text differ), half
.rtf written here, half .doc made from them by soffice. Prints seconds per file
for both sides and their ratio. Run: `python bench/office_conversion.py`
(about a minute), `--files N`, `--repeat N`, `--quick` for a smoke run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.sources.office import (  # noqa: E402 - after the checkout is importable
    Batch,
    Pending,
    _registry,
    convert_batch,
    soffice,
)

SENTENCES = ("Hội đồng nhân dân tỉnh đã khai mạc kỳ họp thứ {n} tại hội trường.",
             "Các đại biểu thảo luận về tình hình kinh tế – xã hội và ngân sách năm tới.",
             "Ủy ban nhân dân báo cáo kết quả thực hiện nghị quyết số {n}/NQ-HĐND.",
             "Cử tri kiến nghị sửa chữa đường giao thông và trường học ở xã vùng cao.")


def rtf(n: int) -> str:
    def escaped(text: str) -> str:
        return "".join(c if ord(c) < 0x80 else f"\\u{ord(c)}?" for c in text)
    paragraphs = "".join(f"{{\\pard {escaped(s.format(n=n + i))}\\par}}\n"
                         for i in range(12) for s in SENTENCES)
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n"
            f"{{\\pard\\qc\\b {escaped(f'Bản tin số {n}: kỳ họp Hội đồng nhân dân')}\\par}}\n"
            f"{paragraphs}}}\n")


def make_sources(folder: Path, count: int, program: str) -> list[Path]:
    """`count` distinct articles: the even ones .rtf, the odd ones .doc (made by soffice)."""
    sources = folder / "input"
    sources.mkdir(parents=True)
    rtfs = [sources / f"bai-{n:03d}.rtf" for n in range(count)]
    for n, path in enumerate(rtfs):
        path.write_text(rtf(n), encoding="ascii")
    profile = folder / "make-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_registry(), encoding="utf-8")
    odd = rtfs[1::2]
    subprocess.run([program, "--headless", "--norestore", "--nologo", "--nodefault",
                    "--nolockcheck", f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to", "doc", "--outdir", str(sources), *map(str, odd)],
                   check=True, capture_output=True, timeout=600)
    for path in odd:
        path.unlink()
    return sorted(sources.iterdir())


def pending(paths: list[Path]) -> list[Pending]:
    filters = {".rtf": "Rich Text Format", ".doc": "MS Word 97"}
    return [Pending(path=p, digest=f"{n:064x}", filter=filters[p.suffix], size=p.stat().st_size)
            for n, p in enumerate(paths)]


def timed_runs(items: list[Pending], folder: Path, program: str, batched: bool) -> float:
    """Seconds to convert `items` in one run per filter (batched) or one run per file."""
    if folder.exists():
        shutil.rmtree(folder / "work", ignore_errors=True)
        for made in folder.glob("*.docx"):
            made.unlink()
    folder.mkdir(exist_ok=True)
    groups: dict[str, list[Pending]] = {}
    for item in items:
        groups.setdefault(item.filter, []).append(item)
    runs = ([tuple(g) for g in groups.values()] if batched else [(i,) for i in items])
    started = time.perf_counter()
    for run in runs:
        done = convert_batch(Batch(files=run, folder=folder, program=program, seconds=600))
        assert len(done.done) == len(run), done
    return time.perf_counter() - started


def bantin_normalize(project: Path) -> float:
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "pipeline", "normalize", "--json", "-q"],
                         cwd=project, capture_output=True, text=True, check=False,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds = time.perf_counter() - started
    assert run.returncode == 0, run.stderr
    assert len(json.loads(run.stdout)) > 0
    return seconds


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} ({min(values):.3f}–{max(values):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    options = parser.parse_args()
    count, repeat = (4, 1) if options.quick else (options.files, options.repeat)
    program = soffice()
    if program is None:
        sys.exit("LibreOffice is not installed (soffice not on PATH, no BANTIN_SOFFICE)")
    version = subprocess.run([program, "--version"], capture_output=True, text=True,
                             check=False).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="bench-office-") as name:
        folder = Path(name)
        paths = make_sources(folder / "sources", count, program)
        items = pending(paths)
        first = []
        for n in range(repeat):
            fresh = folder / f"fresh-{n}"
            fresh.mkdir()
            started = time.perf_counter()
            convert_batch(Batch(files=(items[0],), folder=fresh, program=program, seconds=600))
            first.append(time.perf_counter() - started)
        timed_runs(items[:1], folder / "batched", program, True)  # profiles made once,
        timed_runs(items[:1], folder / "single", program, False)  # outside the figures
        batched, alone = [], []
        for n in range(repeat):
            sides = [("batched", batched, True), ("single", alone, False)]
            for side, values, together in (sides if n % 2 == 0 else sides[::-1]):
                values.append(timed_runs(items, folder / side, program, together) / count)
        converting, cached = [], []
        for n in range(repeat):
            project = folder / f"project-{n}"
            shutil.copytree(paths[0].parent, project / "input")
            converting.append(bantin_normalize(project))
            cached.append(bantin_normalize(project))
    ratios = [a / b for a, b in zip(alone, batched, strict=True)]
    print(f"{version}; {count} files ({count - count // 2} .rtf, {count // 2} .doc),"
          f" {repeat} repetitions, median (min–max)")
    print(f"{'':38} {'seconds per file':>28}")
    print(f"{'batched: 1 soffice run per filter':38} {spread(batched):>28}")
    print(f"{'one by one: 1 soffice run per file':38} {spread(alone):>28}")
    print(f"{'one by one / batched':38} {spread(ratios):>28}")
    print(f"{'first start on a fresh profile, 1 file':38} {spread(first):>28}")
    print(f"{'bantin normalize, converting (total s)':38} {spread(converting):>28}")
    print(f"{'bantin normalize again, cached (total s)':38} {spread(cached):>28}")


if __name__ == "__main__":
    main()
