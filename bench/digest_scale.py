#!/usr/bin/env python3
"""Digest build time and memory: the month per variant, and a 360-article year.

Side by side in one run, each in its own process so peak memory is its own:

- the November 2022 sample digest, per variant (bantin digest);
- a year digest of N articles (default 360, generated from the samples
  with dates spread over 2022 and titles of their own; not committed) in
  the large variant: bantin against plain WeasyPrint laying out the same
  HTML (bantin's front-matter pass, fetcher and finisher are the overhead).

Prints seconds, pages and peak RSS (target: under 1.5 GiB). Run:
`python bench/digest_scale.py [N]`.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAIN = """
import sys, weasyprint
from pipeline.resources import fonts_dir
html = open(sys.argv[1], encoding="utf-8").read()
html = html.replace("bantin-font:", fonts_dir().as_uri() + "/")
document = weasyprint.HTML(string=html, base_url=sys.argv[2]).render()
document.write_pdf(sys.argv[3], pdf_variant="pdf/ua-1")
print(len(document.pages))
"""
DUMP = """
import sys
from pathlib import Path
from pipeline.config import load_config
from pipeline.corpus import load
from pipeline.collate import collate
from pipeline.periods import parse_period
from pipeline.render import RenderContext
from pipeline.render.digest import DigestSource, digest_html
from pipeline.render.pdf import lay_out
project = Path(sys.argv[1])
config = load_config(project)
articles = load([project / "input"], config).articles
source = DigestSource(collated=collate(articles, parse_period(sys.argv[2]), config))
context = RenderContext(config=config, roots=((project / "input").resolve(),))
front = lay_out(digest_html(source, "large", context, include_articles=False),
                base_url=(project / "input").resolve(), fetcher=context.fetcher(), epoch=0)
html = digest_html(source, "large", context, first_article_page=len(front.pages) + 1)
Path(sys.argv[3]).write_text(html, encoding="utf-8")
"""


def run(args: list[str], cwd: Path = ROOT) -> tuple[float, float, str]:
    """(seconds, peak RSS in MiB, stdout) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far: measure the big ones last.
    return seconds, max(peak, before) / 1024, result.stdout


def make_year(project: Path, count: int) -> None:
    """`count` articles dated across 2022, from the Markdown and JSON samples."""
    shutil.copytree(ROOT / "input" / "images", project / "input" / "images")
    samples = sorted((ROOT / "input").glob("2022-*.md"))
    for number in range(count):
        text = samples[number % len(samples)].read_text(encoding="utf-8")
        day = dt.date(2022, 1, 1) + dt.timedelta(days=number * 365 // count)
        head, _, body = text.partition("\n---\n")
        lines = [line for line in head.splitlines() if not line.startswith(("date:", "title:"))]
        title = json.dumps(f"Bài số {number + 1}: " + next(
            line[6:].strip() for line in head.splitlines() if line.startswith("title:")),
            ensure_ascii=False)
        lines += [f"date: {day.isoformat()}", f"title: {title}"]
        (project / "input" / f"{number:04d}.md").write_text(
            "\n".join(lines) + "\n---\n" + body, encoding="utf-8")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 360
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        month = folder / "month"
        shutil.copytree(ROOT / "input", month / "input")
        shutil.copy(ROOT / "bantin.toml", month / "bantin.toml")
        print("month digest (sample, November 2022):")
        for variant in ("standard", "large", "xlarge"):
            seconds, _, _ = run([python, "-m", "pipeline", "digest", "2022-11", "--variant",
                                 variant, "--format", "pdf", "--project", str(month), "-q"])
            print(f"  {variant:>8}: {seconds:5.1f} s")
        seconds, _, _ = run([python, "-m", "pipeline", "digest", "2022-11", "--format", "epub",
                             "--project", str(month), "-q"])
        print(f"  {'epub':>8}: {seconds:5.1f} s")
        year = folder / "year"
        make_year(year, count)
        html = folder / "year.html"
        run([python, "-c", DUMP, str(year), "2022", str(html)])
        plain_s, plain_mb, pages = run([python, "-c", PLAIN, str(html),
                                        (year / "input").resolve().as_uri() + "/",
                                        str(folder / "plain.pdf")])
        ours_s, ours_mb, _ = run([python, "-m", "pipeline", "digest", "2022", "--variant",
                                  "large", "--format", "pdf", "--project", str(year), "-q"])
    print(f"year digest, {count} articles, large variant ({pages.strip()} pages):")
    print(f"  plain WeasyPrint (same HTML): {plain_s:6.1f} s, peak RSS {plain_mb:6.0f} MiB")
    print(f"  bantin digest:                {ours_s:6.1f} s, peak RSS ≤ {ours_mb:6.0f} MiB")
    print(f"  time ratio {ours_s / plain_s:.2f}; memory target < 1536 MiB:"
          f" {'met' if ours_mb < 1536 else 'NOT met'}")


if __name__ == "__main__":
    main()
