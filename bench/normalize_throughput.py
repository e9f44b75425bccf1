#!/usr/bin/env python3
"""Normalization throughput: 1,000+ distinct generated articles in every source format.

What is measured: `bantin normalize input/` (scan, decode, read and
normalize every source, then list the articles) on a corpus of distinct
articles made by bench/_common.py's generator — no article is a copy of
another, so no per-process cache (the syllable lru_cache, say) can serve
one article from another; per-word caches hit as they would on real news.
Every 20 articles: 6 Markdown, 3 JSON, 3 portal text, 3 portal HTML pages,
1 Word file, and 4 portal texts in legacy encodings (TCVN3, VNI,
Windows-1258, TCVN3 mojibake saved as UTF-8; made with bantin's own
encoders, bench/_internals.py). Pictures are hard links of one sample
photo: normalization reads only a picture's header.

Side by side, alternating which runs first, each repetition a fresh
process pinned to the same single CPU:

- bantin: `python -m pipeline normalize input/` (all of it: interpreter
  start, imports, every article);
- floor: read every file's bytes and decode them as UTF-8 (bench/_baselines.py
  read), what any tool pays;
- start-up: bantin on a one-article corpus, the fixed cost of a cold process.

Prints seconds per 1,000 articles with and without the start-up (median,
min–max), articles per second, and the ratio to the floor. Target (issue
"Vietnamese text and Word files"): 1,000 articles in under 15 s on one core.
Run: `python bench/normalize_throughput.py` (under a minute, corpus
generation included), `--articles N`, `--quick` for a smoke run.
"""

from __future__ import annotations

import os
import shutil
import statistics
from collections import Counter
from pathlib import Path

from _common import (
    ROOT,
    Run,
    alternate,
    arguments,
    bantin,
    fingerprint,
    generate_articles,
    header,
    make_project,
    measure,
    pinned_cpus,
    ratio,
    repetitions,
    script,
    table,
    workdir,
    write_source,
)
from _internals import legacy_copies

TARGET_SECONDS = 15.0
MIX = ("md", "json", "txt", "md", "html", "tcvn3", "md", "json", "txt", "docx",
       "md", "html", "vni", "md", "json", "txt", "cp1258", "md", "html", "mojibake")
"""The source format of article n is MIX[n % 20]."""
PHOTO = ROOT / "input" / "images" / "tiep-xuc-cu-tri-ba-be.jpg"


def make_corpus(folder: Path, count: int) -> Counter[str]:
    """`count` distinct articles in `folder`, formats per `MIX`; how many of each."""
    images = folder / "images"
    images.mkdir(parents=True)
    articles = generate_articles(count)
    print(fingerprint(articles))
    made: Counter[str] = Counter()
    for article in articles:
        kind = MIX[article.number % len(MIX)]
        if kind in ("md", "json", "txt", "html", "docx"):
            write_source(article, folder, kind)
        else:
            path = write_source(article, folder, "txt")
            path.write_bytes(legacy_copies(path.read_text(encoding="utf-8"))[kind])
        made[kind] += 1
        for block in article.blocks:
            if block.image and kind in ("md", "json", "html"):
                os.link(PHOTO, images / block.image)
    return made


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--articles", type=int, default=None,
                        help="corpus size (default 1000; --quick 100)")
    args = parser.parse_args()
    repeat = repetitions(args)
    count = args.articles or (100 if args.quick else 1000)
    header("Normalization throughput on distinct generated articles", repeat, args.quick)
    with workdir("normalize") as folder:
        project = make_project(folder / "project", sources=[])
        corpus = project / "input"
        made = make_corpus(corpus, count)
        print("corpus: " + ", ".join(f"{n} {kind}" for kind, n in sorted(made.items())))
        single = make_project(folder / "single", sources=[])
        shutil.copy(next(corpus.glob("*.md")), single / "input")

        def ours(rep: int) -> Run:
            return measure(bantin("normalize", corpus, "--project", project), cpus=1)

        def floor(rep: int) -> Run:
            return measure(script("_baselines.py", "read", corpus), cpus=1)

        def startup(rep: int) -> Run:
            return measure(bantin("normalize", single / "input", "--project", single), cpus=1)

        results = alternate([("bantin", ours), ("floor", floor), ("start-up", startup)],
                            repeat)
    mine, base, fixed = results["bantin"], results["floor"], results["start-up"]
    listed = {len(run.stdout.splitlines()) for run in mine.runs}
    problems = Counter(line.split(":", 1)[0] for run in mine.runs[:1]
                       for line in run.stderr.splitlines() if line.startswith(("warning", "error")))
    if listed != {count} or problems:
        print(f"NOTE: bantin listed {sorted(listed)} articles of {count};"
              f" {dict(problems) or 'no'} warnings/errors (first run)")
    start = fixed.median()
    per_1000 = [run.wall / count * 1000 for run in mine.runs]
    net = [(run.wall - start) / count * 1000 for run in mine.runs]
    rows = [
        [f"bantin normalize, {count} articles", mine.show(), mine.show("cpu"),
         _spread(per_1000), _spread(net), f"{count / mine.median():.0f}"],
        ["floor: read + decode UTF-8 only", base.show(), base.show("cpu"),
         _spread([run.wall / count * 1000 for run in base.runs]), "", ""],
        ["start-up: bantin, 1 article", fixed.show(), fixed.show("cpu"), "", "", ""],
    ]
    print(f"\nall runs pinned to CPU {pinned_cpus(1)}\n")
    print(table(["what", "wall", "CPU", "s per 1,000", "s per 1,000 without start-up",
                 "articles/s"], rows))
    middle = statistics.median(per_1000)
    print(f"\nbantin / floor: {ratio(mine, base)}")
    print(f"target: 1,000 articles in < {TARGET_SECONDS:.0f} s on one core; measured / target ="
          f" {middle / TARGET_SECONDS:.2f} ({'met' if middle < TARGET_SECONDS else 'NOT met'})")


def _spread(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.2f} s"
    return f"{statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})"


if __name__ == "__main__":
    main()
