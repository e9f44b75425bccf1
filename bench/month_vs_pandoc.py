#!/usr/bin/env python3
"""The whole sample month by bantin against only its standard PDFs by pandoc + WeasyPrint.

The pair the scale issue names, measured side by side in one run:

- bantin: `bantin build --jobs 2` in a copy of the sample project with an
  empty cache and output: every article in every variant (standard, large,
  extra-large) and as EPUB, every month's digest in every variant and as
  EPUB (108 outputs);
- pandoc: `bantin normalize input --out N` once (untimed), then
  `ls N/*.md | xargs -P 2 -I{} pandoc {} -s --metadata lang=vi
  --pdf-engine=weasyprint -o {}.pdf`: one standard PDF per article, nothing
  else.

Both sides are pinned to the same 2 CPUs, alternate which runs first, and
each figure is the median of `--repeat` runs (3 by default) with the
min–max spread; the ratio's spread comes from the pairs run side by side.
Wall time runs from starting the process to reaping it, so bantin's start-up
and normalization and every pandoc's and WeasyPrint's start are counted.
The pandoc side's WeasyPrint is the one installed beside this Python (its
`weasyprint` script), the same version bantin uses.

Needs pandoc: `pip install pypandoc-binary`. Run: `python
bench/month_vs_pandoc.py` (about a minute), `--quick` for one run each.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from _common import (
    Run,
    alternate,
    arguments,
    bantin,
    header,
    make_project,
    measure,
    pinned_cpus,
    ratio,
    repetitions,
    rss,
    table,
    workdir,
)
from epub_vs_pandoc import canonical_markdown, pandoc_path, pandoc_version

JOBS = 2
"""Processes on each side, as the issue measures."""


def main() -> None:
    args = arguments(__doc__).parse_args()
    repeat = repetitions(args)
    pandoc = pandoc_path()
    weasyprint = Path(sys.executable).with_name("weasyprint")
    if not weasyprint.is_file():
        raise SystemExit(f"needs WeasyPrint's command beside this Python: {weasyprint}")
    header("The sample month: all of bantin's editions against pandoc + WeasyPrint's"
           " standard PDFs", repeat, args.quick)
    with workdir("month") as folder:
        project = make_project(folder / "project")
        markdown = folder / "N"
        files = canonical_markdown(project, markdown)
        names = folder / "names"
        names.write_bytes(b"".join(f.name.encode() + b"\0" for f in files))
        # pandoc finds WeasyPrint on PATH: the same version bantin renders with.
        os.environ["PATH"] = os.pathsep.join((str(weasyprint.parent), os.environ["PATH"]))
        print(f"input: the sample project's {len(files)} sources; pandoc reads the canonical"
              f" Markdown `bantin normalize input --out N` made of them (untimed)")
        print(f"pandoc: {pandoc_version(pandoc)}, --pdf-engine=weasyprint; both sides on"
              f" {JOBS} processes (CPUs {pinned_cpus(JOBS)})\n")

        def ours(rep: int) -> Run:
            for leftover in (project / "output", project / ".bantin-cache"):
                shutil.rmtree(leftover, ignore_errors=True)
            run = measure(bantin("build", "--project", project, "--jobs", str(JOBS), "-q"),
                          cpus=JOBS)
            made = sum(1 for p in (project / "output").rglob("*") if p.suffix in (".pdf",
                                                                                   ".epub"))
            if made < 4 * len(files):
                raise SystemExit(f"bantin made only {made} outputs")
            return run

        def theirs(rep: int) -> Run:
            for old in markdown.glob("*.pdf"):
                old.unlink()
            run = measure(["xargs", "-0", "-a", str(names), "-P", str(JOBS), "-I{}", pandoc,
                           "{}", "-s", "--metadata", "lang=vi", "--pdf-engine=weasyprint",
                           "-o", "{}.pdf"], python=False, cwd=markdown, cpus=JOBS)
            made = len(list(markdown.glob("*.pdf")))
            if made != len(files):
                raise SystemExit(f"pandoc made {made} PDFs of {len(files)}:\n{run.stderr}")
            return run

        results = alternate([("bantin", ours), ("pandoc", theirs)], repeat)
        mine, other = results["bantin"], results["pandoc"]
        outputs = sum(1 for p in (project / "output").rglob("*") if p.suffix in (".pdf",
                                                                                  ".epub"))
        print(table(["side", "makes", "wall", "CPU", "peak RSS"], [
            ["bantin build --jobs 2", f"{outputs} outputs", mine.show(), mine.show("cpu"),
             rss(mine)],
            ["pandoc + WeasyPrint, xargs -P 2", f"{len(files)} standard PDFs", other.show(),
             other.show("cpu"), other.show("rss_main", "MiB", 0)]]))
        print(f"\nbantin / pandoc, wall: {ratio(mine, other)} (target: < 1.0);"
              f" CPU: {ratio(mine, other, 'cpu')}")


if __name__ == "__main__":
    main()
