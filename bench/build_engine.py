#!/usr/bin/env python3
"""The build engine on the sample project: full, no-op and one-edit builds, --jobs 1 against 2.

What is measured, each as `bantin build --project P --json` in a fresh
process on a copy of the sample project (input/ and bantin.toml):

- full build: `--force --jobs 2` (every output rendered again; the cache is
  written but not read);
- `--jobs 1 --force` against `--jobs 2 --force`: the same full build with
  one and with two worker processes (target: --jobs 2 at least 1.5× faster);
- no-op rebuild: `--jobs 2` with nothing changed (target: no job runs,
  ≤ 10 % of the full build);
- one-edit rebuild: `--jobs 2` after editing one December article (target:
  8 jobs — its 3 PDFs and EPUB, the December digest's — in ≤ 25 % of the
  full build). Each repetition makes a new edit, never one seen before,
  since the cache would serve a reverted text.

How: a first build (not part of the figures) fills output/ and the cache,
so every measured build starts from the same state (its time is printed as
information). Then each repetition runs the four builds, rotating which
goes first (so --jobs 1 and --jobs 2 alternate). Figures are medians of
`--repeat` repetitions with their min–max; ratios are of the medians, with
the spread of the ratios within each repetition. Both --jobs settings
have the whole machine: the comparison is what a user gets from the flag.
Peak RSS is per process: the main process and the largest worker,
separately (bench/_measure.py). The JSON summary confirms how many jobs
each build ran.

Run: `python bench/build_engine.py` (about 2 minutes on an idle 2-core machine, 5 at
load average 10),
`--quick` for a smoke run, `--all` to run render_overhead.py and
epub_vs_pandoc.py after it with the same options.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from _common import (
    BENCH,
    ROOT,
    VARIANTS,
    Run,
    Series,
    alternate,
    arguments,
    bantin,
    header,
    make_project,
    measure,
    repetitions,
    rss,
    table,
    workdir,
)

EDITED = "2022-12-16-tiep-xuc-cu-tri-cho-moi.md"
"""The December article edited for the one-edit rebuild."""


def build(project: Path, variants: list[str], *args: str) -> Run:
    chosen = [arg for variant in variants for arg in ("--variant", variant)]
    return measure(bantin("build", "--project", project, "--json", "-q", *chosen, *args))


def summary(run: Run) -> dict:
    return json.loads(run.stdout)


def edit(project: Path, rep: int) -> None:
    """A change to one article's text that no earlier build has seen."""
    source = project / "input" / EDITED
    text = source.read_text(encoding="utf-8")
    marker = "\n\nGhi chú của tòa soạn: bài được cập nhật lần "
    text = text.split(marker)[0] + f"{marker}{rep + 1} ({17 * (rep + 3)} ý kiến).\n"
    source.write_text(text, encoding="utf-8")


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--all", action="store_true",
                        help="then run render_overhead.py and epub_vs_pandoc.py")
    args = parser.parse_args()
    repeat = repetitions(args)
    header("Build engine on the sample project", repeat, args.quick)
    with workdir("build") as folder:
        sources, variants = None, []
        if args.quick:  # three articles, one variant
            sources = [*sorted((ROOT / "input").glob("2022-11-*.md"))[:2],
                       ROOT / "input" / EDITED, ROOT / "input" / "images"]
            variants = ["large"]
        project = make_project(folder / "project", sources=sources)
        first = build(project, variants, "--jobs", "2")
        planned = summary(first)["planned"]

        def full(jobs: int) -> Callable[[int], Run]:
            return lambda rep: build(project, variants, "--jobs", str(jobs), "--force")

        def noop(rep: int) -> Run:
            return build(project, variants, "--jobs", "2")

        def edited(rep: int) -> Run:
            edit(project, rep)
            return build(project, variants, "--jobs", "2")

        results = alternate([("--jobs 1 --force", full(1)), ("--jobs 2 --force", full(2)),
                             ("no-op", noop), ("one edit", edited)], repeat)
    one, two = results["--jobs 1 --force"], results["--jobs 2 --force"]
    idle, change = results["no-op"], results["one edit"]
    formats = len(variants or VARIANTS) + 1  # the PDF variants and the EPUB
    print(f"\nproject: {planned} outputs (each article and each month's digest in"
          f" {formats - 1} PDF variant(s) and EPUB); first build into an empty output/ and"
          f" cache: {first.wall:.2f} s (one run, information only)\n")
    rows = [
        ["full build, --jobs 2 --force", two.show(), two.show("cpu"), _jobs(two), "", "",
         rss(two)],
        ["full build, --jobs 1 --force", one.show(), one.show("cpu"), _jobs(one),
         f"--jobs 1 / --jobs 2 = {_ratio(one, two)}", "≥ 1.5×", rss(one)],
        ["no-op rebuild", idle.show(), idle.show("cpu"), _jobs(idle),
         f"{_ratio(idle, two, percent=True)} of full", "≤ 10 %, no job", rss(idle)],
        ["rebuild after one edit", change.show(), change.show("cpu"), _jobs(change),
         f"{_ratio(change, two, percent=True)} of full", f"≤ 25 %, {2 * formats} jobs",
         rss(change)],
    ]
    print(table(["build", "wall", "CPU", "jobs run", "ratio", "target", "peak RSS"], rows))
    print("\nratios: of the medians; in brackets the range of the ratios within each"
          " repetition.")
    if args.all:
        options = ["--quick"] if args.quick else []
        options += ["--repeat", str(repeat)] if args.repeat else []
        for name in ("render_overhead.py", "epub_vs_pandoc.py"):
            print(f"\n$ python bench/{name} {' '.join(options)}", flush=True)
            subprocess.run([sys.executable, str(BENCH / name), *options], check=True)


def _jobs(series: Series) -> str:
    """The jobs each build ran (from its JSON summary), e.g. `100` or `8`."""
    counts = sorted({summary(run)["built"] for run in series.runs})
    failed = sum(summary(run)["failed"] for run in series.runs)
    return "/".join(map(str, counts)) + (f", {failed} FAILED" if failed else "")


def _ratio(top: Series, bottom: Series, percent: bool = False) -> str:
    a, b = top.values(), bottom.values()
    middle = statistics.median(a) / statistics.median(b)
    pairs = [x / y for x, y in zip(a, b, strict=True)]
    show = (lambda v: f"{v:.0%}") if percent else (lambda v: f"{v:.2f}×")
    return show(middle) + (f" ({show(min(pairs))}–{show(max(pairs))})" if len(pairs) > 1 else "")


if __name__ == "__main__":
    main()
