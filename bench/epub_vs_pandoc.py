#!/usr/bin/env python3
"""EPUB time for the sample month: bantin against pandoc, same input, same process count.

What is measured: turning the sample month's articles into one EPUB per
article, by

- bantin: `bantin render MD/ --format epub` with `[build] jobs = N`
  (the main process reads the sources; N worker processes render);
- pandoc: `pandoc x.md -o x.epub --metadata lang=vi`, one pandoc process per
  article, N at a time (`xargs -P N`), as a user with N cores would run it.

Both read the SAME files: the canonical Markdown that `bantin normalize
input/ --out MD/` writes (pictures copied beside it), made once before any
timed run. Differences that stay: bantin's EPUB embeds the fonts subset to
the book's characters (`[epub] embed_fonts`, on by default) and adds its
stylesheet and masthead; pandoc's embeds no fonts.

How: every run is a fresh process tree, pinned to the same N CPUs on both
sides (`sched_setaffinity`, inherited by workers and by every pandoc);
the sides alternate which runs first; each figure is the median of
`--repeat` runs with the min–max spread, and the ratio's spread comes from
the runs made side by side. Wall time is from starting the process to
reaping it, so bantin's interpreter start and pandoc's per-article starts
are both counted. Peak RSS: bantin's main process and largest worker
(bench/_measure.py); pandoc's largest process (`os.wait4` on xargs, whose
rusage covers the pandoc children it reaped).

Needs pandoc: `pip install pypandoc-binary` (found with
pypandoc.get_pandoc_path()). Run: `python bench/epub_vs_pandoc.py`
(under a minute), `--quick` for a smoke run, `--jobs 1 2` to choose N.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from _common import (
    PYTHON,
    ROOT,
    Run,
    Series,
    alternate,
    arguments,
    bantin,
    child_env,
    header,
    make_project,
    measure,
    pinned_cpus,
    ratio,
    repetitions,
    rss,
    set_jobs,
    table,
    workdir,
)


def pandoc_path() -> str:
    """The pandoc binary of pypandoc-binary (or a pandoc pypandoc finds on PATH)."""
    try:
        import pypandoc
    except ImportError:
        raise SystemExit("needs pandoc: pip install pypandoc-binary") from None
    return pypandoc.get_pandoc_path()


def pandoc_version(pandoc: str) -> str:
    return subprocess.run([pandoc, "--version"], capture_output=True, text=True,
                          check=True).stdout.splitlines()[0]


def canonical_markdown(project: Path, target: Path) -> list[Path]:
    """`bantin normalize input/ --out target` (untimed): the Markdown both sides read."""
    subprocess.run([PYTHON, *bantin("normalize", project / "input", "--project", project,
                                     "--out", target, "-q")],
                   check=True, env=child_env(), capture_output=True)
    return sorted(target.glob("*.md"))


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--jobs", type=int, nargs="+", default=None,
                        help="process counts to compare at (default: 1 2; --quick: 1)")
    args = parser.parse_args()
    repeat = repetitions(args)
    jobs_list = args.jobs or ([1] if args.quick else [1, 2])
    pandoc = pandoc_path()
    header("EPUB: bantin against pandoc on the same canonical Markdown", repeat, args.quick)
    with workdir("epub") as folder:
        sources = None
        if args.quick:  # a few Markdown sources and their pictures
            sources = [*sorted((ROOT / "input").glob("2022-11-*.md"))[:6],
                       ROOT / "input" / "images"]
        project = make_project(folder / "project", sources=sources)
        markdown = folder / "markdown"
        files = canonical_markdown(project, markdown)
        names = folder / "names"
        names.write_bytes(b"".join(f.name.encode() + b"\0" for f in files))
        print(f"input: {len(files)} articles of the sample month as the canonical Markdown"
              f" `bantin normalize --out` writes; both sides read these files")
        print(f"pandoc: {pandoc_version(pandoc)}; bantin embeds subset fonts, pandoc none\n")
        rows, memory = [], []
        for jobs in jobs_list:
            set_jobs(project, jobs)

            def ours(rep: int, jobs: int = jobs) -> Run:
                out = folder / f"bantin-{jobs}-{rep}"
                run = measure(bantin("render", markdown, "--project", project, "--format",
                                     "epub", "--out", out, "-q"), cpus=jobs)
                made = len(list(out.rglob("*.epub")))
                if made != len(files):
                    raise SystemExit(f"bantin made {made} EPUBs of {len(files)}")
                return run

            def theirs(rep: int, jobs: int = jobs) -> Run:
                out = folder / f"pandoc-{jobs}-{rep}"
                out.mkdir()
                run = measure(["xargs", "-0", "-a", str(names), "-P", str(jobs), "-I{}",
                               pandoc, "{}", "-o", f"{out}/{{}}.epub", "--metadata",
                               "lang=vi"], python=False, cwd=markdown, cpus=jobs)
                made = len(list(out.glob("*.epub")))
                if made != len(files):
                    raise SystemExit(f"pandoc made {made} EPUBs of {len(files)}")
                return run

            results = alternate([("bantin", ours), ("pandoc", theirs)], repeat,
                                label=f"{jobs} process(es):")
            mine, other = results["bantin"], results["pandoc"]
            rows.append([f"{jobs} (CPU {pinned_cpus(jobs)})", mine.show(), other.show(),
                         ratio(mine, other), mine.show("cpu"), other.show("cpu"),
                         ratio(mine, other, "cpu")])
            memory.append([str(jobs), rss(mine), other.show("rss_main", "MiB", 0)])
            _check_workers(mine, jobs)
            for side in (folder / f"bantin-{jobs}-0", folder / f"pandoc-{jobs}-0"):
                shutil.rmtree(side, ignore_errors=True)
        print(table(["processes", "bantin wall", "pandoc wall", "bantin / pandoc",
                     "bantin CPU", "pandoc CPU", "bantin / pandoc CPU"], rows))
        print("\nbantin / pandoc < 1 means bantin is faster (target: < 1). CPU: user + system"
              " seconds of every process of the run.\n")
        print(table(["processes", "bantin peak RSS", "pandoc peak RSS (largest process)"],
                    memory))


def _check_workers(series: Series, jobs: int) -> None:
    """Warn when bantin ran with another number of workers than configured."""
    seen = {run.children for run in series.runs}
    if seen - {jobs}:
        print(f"warning: bantin ran with {sorted(seen)} worker processes, not {jobs}")


if __name__ == "__main__":
    main()
