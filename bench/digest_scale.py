#!/usr/bin/env python3
"""Digest time and per-process memory: the sample month per variant, and a 360-article year.

What is measured:

1. The November 2022 sample digest (16 articles): `bantin digest 2022-11
   --variant V --format pdf` for each variant and `--format epub`, each a
   fresh process, the four rotating which runs first.
2. A year digest of N distinct generated articles (default 360, dated
   across 2022; one in two with a photo of its own — bench/_common.py's
   generator, nothing shared that a cache could serve twice) in the large
   variant, side by side:
   - bantin: `bantin digest 2022 --variant large --format pdf` (reading and
     normalizing the sources, the front-matter pass that learns where the
     articles start, the final layout, the page-label finisher);
   - plain WeasyPrint: `weasyprint.HTML(filename=…).write_pdf()` of the
     digest's final HTML, as bantin lays it out (written once before the
     timed runs by bench/_internals.py — `bantin digest` has no HTML output;
     `bantin-font:` URLs become file: URLs of the same fonts).
   Both sides lay the digest out in one process (bantin: `[build] jobs =
   1`, one worker; its main process waits), pinned to the same CPU.

Peak memory is per process, never a maximum over runs: each run reports
its own process's peak RSS (RUSAGE_SELF) and, for bantin, its worker's
(RUSAGE_CHILDREN of the fresh main process, which only ever has that
worker) — see bench/_measure.py. Target: the year digest's largest
process under 1.5 GiB.

Figures are medians of `--repeat` runs with the min–max spread; ratios of
the medians, with the spread of the ratios of the pairs run side by side.

Run: `python bench/digest_scale.py` (about 6 minutes on an idle 2-core
machine: 3 × 2 year digests of ~45 s), `--articles N`, `--quick` for a
smoke run (24 articles).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from _common import (
    PDF_VARIANT,
    VARIANTS,
    Run,
    Series,
    alternate,
    arguments,
    bantin,
    count_pages,
    fingerprint,
    generate_articles,
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
    write_pictures,
    write_source,
)

LIMIT_MIB = 1536


def month(folder: Path, repeat: int, variants: list[str]) -> None:
    """The sample's November digest per variant and as EPUB."""
    project = make_project(folder / "month", jobs=1)
    output = project / "output" / "digests" / "2022-11"

    def digest(fmt: str, variant: str | None = None) -> tuple[str, Callable[[int], Run]]:
        chosen = ["--variant", variant] if variant else []
        return (variant or fmt, lambda rep: measure(bantin(
            "digest", "2022-11", "--format", fmt, *chosen, "--project", project, "-q"),
            cpus=1))

    sides = [digest("pdf", v) for v in variants] + [digest("epub")]
    results = alternate(sides, repeat, label="month:")
    rows = []
    for name, series in results.items():
        file = next(output.glob(f"*.{name}.pdf"), None) if name != "epub" else None
        pages = f"{count_pages(file)} pages" if file else ""
        rows.append([name, pages, series.show(), series.show("cpu"), rss(series)])
    print("\n## Month digest: November 2022 sample, 16 articles (pinned to CPU"
          f" {pinned_cpus(1)})\n")
    print(table(["variant", "size", "wall", "CPU", "peak RSS"], rows))


def year(folder: Path, repeat: int, count: int) -> None:
    """A year of `count` generated articles: bantin against plain WeasyPrint, large variant."""
    project = make_project(folder / "year", jobs=1, sources=[])
    articles = generate_articles(count)
    for article in articles:
        write_source(article, project / "input", "md")
    photos = write_pictures(articles, project / "input" / "images")
    print(f"\n{fingerprint(articles)}; {photos} distinct photos")
    html = folder / "year-html" / "year.large.html"
    html.parent.mkdir()
    measure(script("_internals.py", "digest-html", project, "2022", "large", html))
    [plain] = plain_html_copies([html], folder / "year-plain")

    def ours(rep: int) -> Run:
        return measure(bantin("digest", "2022", "--variant", "large", "--format", "pdf",
                              "--project", project, "-q"), cpus=1)

    def theirs(rep: int) -> Run:
        return measure(script("_baselines.py", "weasyprint", "--jobs", "1", "--pdf-variant",
                              PDF_VARIANT, "--out", folder / f"plain-{rep}", plain), cpus=1)

    results = alternate([("bantin", ours), ("plain", theirs)], repeat, label="year:")
    mine, other = results["bantin"], results["plain"]
    pages = count_pages(project / "output" / "digests"), count_pages(folder / "plain-0")
    same = "same" if pages[0] == pages[1] else f"DIFFER: plain {pages[1]}"
    largest = max(max(run.rss_main, run.rss_child or 0) for run in mine.runs)
    print(f"\n## Year digest: {count} generated articles, large variant, {pages[0]} pages"
          f" ({same}); pinned to CPU {pinned_cpus(1)}\n")
    print(table(["side", "wall", "CPU", "peak RSS"], [
        ["bantin digest", mine.show(), mine.show("cpu"), rss(mine)],
        ["plain WeasyPrint, same HTML", other.show(), other.show("cpu"), rss(other, None)],
        ["bantin / plain", ratio(mine, other), ratio(mine, other, "cpu"),
         f"worker / plain {ratio_of(mine, other)}"],
    ]))
    print(f"\nlargest bantin process over all runs: {largest:.0f} MiB; target < {LIMIT_MIB} MiB:"
          f" {'met' if largest < LIMIT_MIB else 'NOT met'}")


def ratio_of(mine: Series, other: Series) -> str:
    """The bantin worker's peak RSS against the plain process's (medians)."""
    return f"{mine.median('rss_child') / other.median('rss_main'):.2f}"


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--articles", type=int, default=None,
                        help="articles in the year digest (default 360; --quick 24)")
    args = parser.parse_args()
    repeat = repetitions(args)
    count = args.articles or (24 if args.quick else 360)
    header("Digests: time and per-process peak memory", repeat, args.quick)
    with workdir("digest") as folder:
        month(folder, repeat, ["large"] if args.quick else list(VARIANTS))
        year(folder, repeat, count)


if __name__ == "__main__":
    main()
