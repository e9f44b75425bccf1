#!/usr/bin/env python3
"""The build engine on the sample month, measured side by side in one run.

Each build runs as `bantin build` in its own process on a copy of the
sample project:

- full build (--jobs 2, empty cache), and its peak RSS (workers included);
- no-op rebuild (target: no job runs, ≤ 10 % of the full build);
- rebuild after editing one December article (target: ≤ 25 %);
- --jobs 1 against --jobs 2 with --force, alternating, median of N rounds
  (target: --jobs 2 at least 1.5× faster).

Then it runs bench/render_overhead.py (PDF against plain WeasyPrint) and
bench/epub_vs_pandoc.py. Run: `python bench/build_engine.py [--rounds 3]`.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITED = "2022-12-16-tiep-xuc-cu-tri-cho-moi.md"


def build(project: Path, *args: str) -> tuple[float, dict]:
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "pipeline", "build", "--project", str(project),
                          "--json", "-q", *args], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    return time.perf_counter() - start, json.loads(run.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(ROOT / "input", project / "input")
        shutil.copy(ROOT / "bantin.toml", project / "bantin.toml")
        full, summary = build(project, "--jobs", "2")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        noop, again = build(project, "--jobs", "2")
        source = project / "input" / EDITED
        source.write_text(source.read_text(encoding="utf-8").replace(
            "kiến nghị", "kiến nghị, đề xuất", 1), encoding="utf-8")
        edit, edited = build(project, "--jobs", "2")
        one, two = [], []
        for _ in range(args.rounds):
            one.append(build(project, "--jobs", "1", "--force")[0])
            two.append(build(project, "--jobs", "2", "--force")[0])
    print(f"sample month: {summary['planned']} outputs")
    print(f"full build (--jobs 2):        {full:6.2f} s, peak RSS of a process {peak:.0f} MiB")
    print(f"no-op rebuild:                {noop:6.2f} s ({noop / full:.0%} of full;"
          f" {again['built']} jobs ran; target ≤ 10 %)")
    print(f"after editing one article:    {edit:6.2f} s ({edit / full:.0%} of full;"
          f" {edited['built']} jobs ran; target ≤ 25 %)")
    m1, m2 = statistics.median(one), statistics.median(two)
    print(f"--jobs 1 / --jobs 2 (median of {args.rounds}, --force): {m1:.2f} s / {m2:.2f} s"
          f" = {m1 / m2:.2f}× (target ≥ 1.5×)")
    for script in ("render_overhead.py", "epub_vs_pandoc.py"):
        print(f"\n$ python bench/{script}")
        subprocess.run([sys.executable, str(ROOT / "bench" / script)], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
