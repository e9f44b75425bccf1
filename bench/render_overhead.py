#!/usr/bin/env python3
"""PDF time of the sample month per variant: bantin against plain WeasyPrint on the same HTML.

What is measured, per variant, side by side:

- bantin: `bantin render input/ --format pdf --variant V` with
  `[build] jobs = N` — reading and normalizing the sources, the templates,
  the allow-list fetcher, PDF/UA, page labels, pinned timestamps: all of
  bantin's overhead over WeasyPrint;
- plain WeasyPrint: `weasyprint.HTML(filename=…).write_pdf(pdf_variant=V)`
  for every article (bench/_baselines.py weasyprint) on the HTML bantin lays
  out — `bantin render … --format html` writes it, made once before the
  timed runs; the only change is that `bantin-font:` URLs become file: URLs
  of the same font files, since plain WeasyPrint has no bantin fetcher.
  Pictures are inlined as data: URLs there, where bantin reads the files.

Same process count: with N = 1 (default) bantin runs one worker (its main
process waits) and WeasyPrint runs in one process; with N > 1 both use N
worker processes (plain: a fork pool that imports WeasyPrint before
forking, the cheapest way). Both sides are pinned to the same N CPUs.

How: each run a fresh process; the sides alternate which runs first; the
median of `--repeat` runs with the min–max spread; the ratio's spread comes
from the pairs run side by side. The page counts of both sides' PDFs are
compared, so the two laid out the same pages. Target: ratio ≤ 1.10.

Run: `python bench/render_overhead.py` (2–3 minutes on 2 shared cores), `--jobs N`,
`--variant NAME`, `--quick` for a smoke run.
"""

from __future__ import annotations

from pathlib import Path

from _common import (
    PDF_VARIANT,
    ROOT,
    VARIANTS,
    Run,
    alternate,
    arguments,
    bantin,
    count_pages,
    header,
    make_project,
    measure,
    pinned_cpus,
    plain_html_copies,
    ratio,
    repetitions,
    rss,
    script,
    table,
    workdir,
)

TARGET = 1.10


def print_html(project: Path, variant: str, target: Path) -> list[Path]:
    """The print HTML bantin lays out for every article (untimed)."""
    measure(bantin("render", project / "input", "--project", project, "--format", "html",
                   "--variant", variant, "--out", target, "-q"))
    return sorted(target.rglob("*.html"))


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--jobs", type=int, default=1, help="worker processes on each side")
    parser.add_argument("--variant", action="append", choices=VARIANTS,
                        help="only this variant (repeatable; default: all)")
    args = parser.parse_args()
    repeat = repetitions(args)
    variants = args.variant or (["large"] if args.quick else list(VARIANTS))
    header("PDF: bantin against plain WeasyPrint on the same HTML", repeat, args.quick)
    with workdir("render") as folder:
        sources = None
        if args.quick:
            sources = [*sorted((ROOT / "input").glob("2022-11-*.md"))[:4],
                       ROOT / "input" / "images"]
        project = make_project(folder / "project", jobs=args.jobs, sources=sources)
        rows, memory = [], []
        totals: dict[str, list[float]] = {"bantin": [0.0] * repeat, "plain": [0.0] * repeat}
        medians = {"bantin": 0.0, "plain": 0.0, "bantin cpu": 0.0, "plain cpu": 0.0}
        for variant in variants:
            html = print_html(project, variant, folder / f"html-{variant}")
            plain = plain_html_copies(html, folder / f"plain-{variant}")

            def ours(rep: int, variant: str = variant) -> Run:
                return measure(bantin("render", project / "input", "--project", project,
                                      "--format", "pdf", "--variant", variant, "--out",
                                      folder / f"bantin-{variant}-{rep}", "-q"),
                               cpus=args.jobs)

            def theirs(rep: int, variant: str = variant, plain: list[Path] = plain) -> Run:
                return measure(script("_baselines.py", "weasyprint", "--jobs", str(args.jobs),
                                      "--pdf-variant", PDF_VARIANT, "--out",
                                      folder / f"plain-{variant}-{rep}", *plain),
                               cpus=args.jobs)

            results = alternate([("bantin", ours), ("plain", theirs)], repeat,
                                label=f"{variant}:")
            mine, other = results["bantin"], results["plain"]
            pages = (count_pages(folder / f"bantin-{variant}-0"),
                     count_pages(folder / f"plain-{variant}-0"))
            same = "same" if pages[0] == pages[1] else f"DIFFER: plain {pages[1]}"
            rows.append([variant, f"{len(html)} articles, {pages[0]} pages ({same})",
                         mine.show(), other.show(), ratio(mine, other),
                         ratio(mine, other, "cpu")])
            memory.append([variant, rss(mine),
                           rss(other, "largest worker" if args.jobs > 1 else None)])
            for name, series in (("bantin", mine), ("plain", other)):
                medians[name] += series.median()
                medians[f"{name} cpu"] += series.median("cpu")
                for rep, run in enumerate(series.runs):
                    totals[name][rep] += run.wall
        rows.append(_total_row(totals, medians))
    print(f"\nN = {args.jobs} worker process(es) on each side, pinned to CPU"
          f" {pinned_cpus(args.jobs)}\n")
    print(table(["variant", "work", "bantin", "plain WeasyPrint", "bantin / plain",
                 "bantin / plain CPU"], rows))
    print(f"\ntarget: bantin / plain ≤ {TARGET:.2f}\n")
    print(table(["variant", "bantin peak RSS", "plain peak RSS"], memory))


def _total_row(totals: dict[str, list[float]], medians: dict[str, float]) -> list[str]:
    """All variants: sums of the medians, and the ratios of each repetition's sums
    (CPU: the ratio of the sums of the CPU medians)."""
    pairs = [a / b for a, b in zip(totals["bantin"], totals["plain"], strict=True)]
    middle = medians["bantin"] / medians["plain"]
    spread = f" (pairs {min(pairs):.2f}–{max(pairs):.2f})" if len(pairs) > 1 else ""
    verdict = "met" if middle <= TARGET else "NOT met"
    return ["all", "", f"{medians['bantin']:.2f} s", f"{medians['plain']:.2f} s",
            f"{middle:.2f}{spread} — {verdict}",
            f"{medians['bantin cpu'] / medians['plain cpu']:.2f}"]


if __name__ == "__main__":
    main()
