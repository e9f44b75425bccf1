#!/usr/bin/env python3
"""Both ends of the default time limits: every legitimate job builds, a runaway one stops.

A job's time limit is `[build] time_limit` (60 s) plus
`time_per_1000_characters` (0.15 s) per 1,000 characters it lays out, twice
that for a digest (laid out twice). With
the default configuration (only `[build] jobs` is set), this measures:

1. the legitimate end, which must build:
   - the extra-large year digest of N generated articles (default 360,
     about 2,000 pages; `bantin digest 2022 --variant xlarge --format pdf`,
     one worker);
   - one article of 950,000 characters (just under `max_text_characters`)
     in extra-large print (`bantin render --variant xlarge`);
   each with its time beside its limit, and the margin (limit / time);
2. the runaway end, which must stop near its limit and be reported: a
   page holding a 10,000-row table (850,000 characters), whose layout
   needs several times its allowance in extra-large print.

Each is one fresh process; times are wall seconds of that process. The
margins are what matters on a slower machine: a margin of 3 means the
machine may be three times slower before a legitimate job is stopped.

Run: `python bench/time_limits.py` (about 8 minutes on an idle 2-core
machine), `--articles N`, `--quick` (60 articles, no table).
"""

from __future__ import annotations

import sys
from pathlib import Path

from _common import (
    ROOT,
    Run,
    arguments,
    bantin,
    count_pages,
    generate_articles,
    header,
    make_project,
    measure,
    table,
    workdir,
    write_pictures,
    write_source,
)

sys.path.insert(0, str(ROOT))
from pipeline.config import Build
from pipeline.runner import DIGEST_PASSES

DEFAULTS = Build()
PARAGRAPH = ("Đại biểu HĐND tỉnh thảo luận kỹ các nội dung trình kỳ họp, đề nghị làm rõ nguồn"
             " lực thực hiện và trách nhiệm của các cơ quan liên quan trong việc triển khai"
             " nghị quyết. ") * 3


def limit(characters: int, passes: int = 1) -> float:
    return DEFAULTS.time_limit + passes * DEFAULTS.time_per_1000_characters * characters / 1000


def outcome(run: Run) -> str:
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    return "built" if not errors else "FAILED: " + errors[0][-200:]


def characters_of(project: Path) -> int:
    """Characters of text every article below input/ has, as the planner counts them."""
    from pipeline.config import load_config
    from pipeline.corpus import load
    from pipeline.normalize.walk import characters
    config = load_config(project)
    return sum(characters(a) for a in load([project / "input"], config).articles)


def long_article(project: Path, size: int) -> Path:
    count = size // (len(PARAGRAPH) + 2)
    body = "\n\n".join((f"## Mục {i}\n\n" if i % 20 == 0 else "") + PARAGRAPH
                       for i in range(count))
    path = project / "input" / "bai-dai.md"
    path.write_text(f"---\ntitle: Bài dài\ndate: 2022-01-15\n---\n\n{body}\n", encoding="utf-8")
    return path


def big_table(project: Path) -> Path:
    rows = "".join(f"<tr><td>{n}</td><td>Xã số {n} thuộc huyện miền núi phía Bắc</td>"
                   f"<td>{n * 7 % 1000} hộ dân được hỗ trợ nước sạch</td></tr>"
                   for n in range(10_000))
    path = project / "input" / "bang.html"
    path.write_text("<html><head><meta charset='utf-8'><title>Bảng</title></head><body>"
                    "<h1>Bảng mười nghìn dòng số liệu các xã</h1><p class='date'>15/02/2022"
                    f"</p><table>{rows}</table></body></html>", encoding="utf-8")
    return path


def main() -> None:
    parser = arguments(__doc__ or "")
    parser.add_argument("--articles", type=int, default=360)
    args = parser.parse_args()
    count = 60 if args.quick else args.articles
    header("Default time limits: the legitimate end and the runaway end", 1, args.quick)
    rows = []
    with workdir("limits") as folder:
        year = make_project(folder / "year", jobs=1, sources=[])
        articles = generate_articles(count)
        for article in articles:
            write_source(article, year / "input", "md")
        write_pictures(articles, year / "input" / "images")
        run = measure(bantin("digest", "2022", "--variant", "xlarge", "--format", "pdf",
                             "--project", year, "-q"), check=False)
        allowed = limit(characters_of(year), DIGEST_PASSES)
        pages = count_pages(year / "output" / "digests")
        rows.append([f"year digest, {count} articles, xlarge ({pages} pages)",
                     outcome(run),
                     f"{run.wall:.1f} s", f"{allowed:.0f} s", f"{allowed / run.wall:.1f}"])

        single = make_project(folder / "single", jobs=1, sources=[])
        source = long_article(single, 950_000)
        run = measure(bantin("render", source, "--variant", "xlarge", "--out",
                             single / "out", "--project", single, "-q"), check=False)
        allowed = limit(characters_of(single))
        rows.append([f"article of 950,000 characters, xlarge ({count_pages(single / 'out')}"
                     " pages)", outcome(run),
                     f"{run.wall:.1f} s", f"{allowed:.0f} s", f"{allowed / run.wall:.1f}"])

        if not args.quick:
            runaway = make_project(folder / "runaway", jobs=1, sources=[])
            source = big_table(runaway)
            run = measure(bantin("render", source, "--variant", "xlarge", "--out",
                                 runaway / "out", "--project", runaway, "-q"), check=False)
            allowed = limit(characters_of(runaway))
            stopped = "stopped after" in run.stderr
            rows.append(["10,000-row table, xlarge (runaway)",
                         "stopped and reported" if stopped else "NOT STOPPED: "
                         + run.stderr[-200:], f"{run.wall:.1f} s", f"{allowed:.0f} s",
                         f"{run.wall / allowed:.2f} of the limit"])
    print(f"\n[build] time_limit {DEFAULTS.time_limit:g} s + time_per_1000_characters"
          f" {DEFAULTS.time_per_1000_characters:g} s per 1,000 characters\n")
    print(table(["job", "outcome", "wall", "its limit", "margin"], rows))


if __name__ == "__main__":
    main()
