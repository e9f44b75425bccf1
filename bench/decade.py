#!/usr/bin/env python3
"""A decade of issues on one machine: how build cost grows with the number of articles.

Generator: `make_decade(folder, articles, seed)` writes a project (input/ and
a bantin.toml copied from the sample's, plus `[build] jobs = 2`; layouts and
fonts are the packaged ones) with N distinct articles (bench/_common.py's
generator: title, lead, 6–10 paragraphs of 2–4 template sentences, headings,
sometimes a quote and a list, sections "Kỳ họp", "Giám sát", "Tiếp xúc cử
tri", "Hoạt động HĐND", tags, bylines) dated evenly over consecutive months
from January 2015, about 30 a month (300 articles = 10 months, 1,000 = 33,
3,600 = 120 months, ten years). Of every 12 articles 8 are Markdown with
front matter, 2 JSON and 2 portal text; every third article (all Markdown or
JSON) has a figure with its own 800×533 JPEG under input/images/, drawn from
its number and the seed (gradient, shapes, grain from `random.Random`, never
from Pillow's process-global noise), so the same (N, seed) writes
byte-identical files.

Benchmark, each size in a fresh temporary project under /tmp, every command
a fresh process through the real command line and bench/_measure.py (wall
time, CPU of the process and the workers it reaped, peak RSS of the main
process and of the largest worker):

1. `normalize --project P` (N: reading and normalizing input/, cold: it also
   fills the read cache, .bantin-cache/ reads kept by source hash);
2. the plan probe: this script's `--probe P` in a fresh process loads the
   corpus and makes every article and digest job as `bantin build` does
   (`pipeline.plan.Planner`, `pipeline.build.digest_jobs`), timing each stage
   in-process — what every build pays before the cache is even asked. It runs
   after normalize, so its load is the warm one a no-op build gets;
3. full build: `build --project P --json --jobs 2` into an empty output/ and
   cache (B);
4. `check --no-validators` (the manifest and bantin's own checks of every
   output, EPUBCheck and Ace left out) right after the full build, then again
   with nothing changed;
5. no-op rebuild (nothing changed) and one-edit rebuild (a paragraph added to
   one Markdown article in the middle month: its 4 outputs and its month's 4
   digest outputs are made again);
6. digests alone: `digest MONTH… --project P` for every month (D; it reads
   input/ as build does and renders every digest, the cache not used).

Digests cannot be switched off in a build (`[digest] periods = []` means
every month present), so the cost is split by subtraction of fresh-process
runs: digest rendering = D − N, per digest PDF page (pypdf, all three
variants; the digest EPUBs' cost is included); article outputs = B − D
(plan, article PDFs and EPUBs, cache and manifest writes), per article output.
CPU (process + workers) is the steadier figure on a shared machine; wall
times are given too. Per-article and per-output figures of the largest size
are compared with the smallest: a difference beyond ±15 % prints "NOT flat".

At `--plan` size (default 3,600, generation and cheap commands only, no
build — it would take about 50 minutes) normalize and the plan probe run,
so the per-article plan and normalize costs show growth faster than linear.

Run: `python bench/decade.py` (sizes 300,1000: about 30 minutes on a shared
2-core machine), `--sizes 3600 --plan 0 --no-split` for the decade's full,
no-op and one-edit builds (about 40 minutes), `--sizes 300`, `--plan 0` to
skip the plan size, `--quick` for a smoke run (30 articles, plan 120). One
run per figure: the builds are long and each is one fresh process.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import shutil
import sys
import time
import unicodedata
from pathlib import Path

from _common import (
    ROOT,
    Block,
    GenArticle,
    Run,
    arguments,
    bantin,
    count_pages,
    fingerprint,
    generate_articles,
    header,
    measure,
    progress,
    script,
    table,
    workdir,
    write_source,
)

START = dt.date(2015, 1, 1)
PER_MONTH = 30
"""Articles a month, about: the sample council's rhythm."""
KINDS = ("md", "md", "txt", "json", "md", "md", "md", "txt", "md", "md", "json", "md")
"""The source format of article n is KINDS[n % 12]; n % 3 == 0 (a figure) is never txt."""
PICTURE_SIZE = (800, 533)
FLAT = 0.15
"""Tolerance of "flat": per-unit cost at the largest size within ±15 % of the smallest's."""


# --------------------------------------------------------------------------------------
# Generator


def months_for(articles: int) -> int:
    """Consecutive months the articles are spread over: about 30 a month."""
    return max(1, round(articles / PER_MONTH))


def _month_end(months: int) -> dt.date:
    """The last day of the `months`-th month from January 2015."""
    years, month = divmod(START.month - 1 + months, 12)
    return dt.date(START.year + years, month + 1, 1) - dt.timedelta(days=1)


def kind_of(number: int) -> str:
    return KINDS[number % len(KINDS)]


def _with_figure(article: GenArticle, rng: random.Random) -> GenArticle:
    """The article with a figure (its own picture) before its second paragraph."""
    paragraphs = [i for i, b in enumerate(article.blocks) if b.kind == "paragraph"]
    at = paragraphs[1] if len(paragraphs) > 1 else len(article.blocks)
    place = rng.choice(("trụ sở UBND xã", "nhà văn hóa thôn", "công trình nước sinh hoạt",
                        "điểm trường", "tuyến đường liên thôn", "hội trường HĐND tỉnh"))
    action = rng.choice(("kiểm tra thực tế tại", "làm việc tại", "trao đổi với cử tri tại",
                         "khảo sát tại"))
    figure = Block("figure",
                   f"Đoàn {rng.choice(('giám sát', 'công tác'))} {action} {place}"
                   f" ({article.date:%d/%m/%Y})",
                   alt=f"Ảnh số {article.number + 1}: đại biểu và người dân tại {place}.",
                   credit=rng.choice(("Hoàng Anh", "Bảo Ngọc", "Minh Đức", "Thu Hà")),
                   image=f"decade-{article.number:05d}.jpg")
    blocks = (*article.blocks[:at], figure, *article.blocks[at:])
    return dataclasses.replace(article, blocks=blocks)


def write_picture(path: Path, key: str) -> None:
    """A distinct JPEG drawn from `key` alone: a two-colour gradient, shapes, grain.

    Only `random.Random(key)` decides what is drawn (Pillow's effect_noise uses
    the C library's process-global rand(), so it is not used), and the JPEG
    encoder is deterministic: the same key gives the same bytes.
    """
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(key)
    width, height = PICTURE_SIZE

    def colour(low: int = 30, high: int = 230) -> tuple[int, int, int]:
        return (rng.randint(low, high), rng.randint(low, high), rng.randint(low, high))

    mask = Image.linear_gradient("L").rotate(rng.choice((0, 90, 180, 270))).resize(PICTURE_SIZE)
    picture = Image.composite(Image.new("RGB", PICTURE_SIZE, colour()),
                              Image.new("RGB", PICTURE_SIZE, colour()), mask)
    draw = ImageDraw.Draw(picture)
    horizon = rng.randint(height // 3, 2 * height // 3)
    draw.polygon([(0, height)] + [(x, horizon - rng.randint(0, 140))
                                  for x in range(0, width + 100, 100)] + [(width, height)],
                 fill=colour(20, 120))
    for _ in range(rng.randint(8, 20)):
        x, y = rng.randint(0, width - 40), rng.randint(0, height - 40)
        box = (x, y, x + rng.randint(20, 180), y + rng.randint(20, 140))
        if rng.random() < 0.5:
            draw.ellipse(box, fill=colour(0, 255))
        else:
            draw.rectangle(box, fill=colour(0, 255))
    small = (width // 4, height // 4)
    grain = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    grain = grain.resize(PICTURE_SIZE, Image.Resampling.BILINEAR).convert("RGB")
    picture = Image.blend(picture.filter(ImageFilter.GaussianBlur(1.5)), grain, 0.08)
    picture.save(path, "JPEG", quality=80)


def make_decade(folder: Path, articles: int, seed: int = 0) -> dict[str, object]:
    """A project of `articles` distinct articles over consecutive months from 2015-01.

    The same (`articles`, `seed`) gives byte-identical files. Returns what was
    made: counts per format, pictures, months, first and last date, bytes.
    """
    source = folder / "input"
    images = source / "images"
    images.mkdir(parents=True, exist_ok=True)
    sample = (ROOT / "bantin.toml").read_text(encoding="utf-8")
    if "\n[build]" in sample:
        raise SystemExit("bantin.toml now has [build]: update make_decade()")
    (folder / "bantin.toml").write_text(sample + "\n[build]\njobs = 2\n", encoding="utf-8")
    months = months_for(articles)
    generated = generate_articles(articles, start=START, end=_month_end(months),
                                  seed=f"decade-{seed}", pictures=False)
    kinds: dict[str, int] = {}
    pictures = 0
    for article in generated:
        if article.number % 3 == 0:
            article = _with_figure(article, random.Random(f"decade-{seed}-fig-{article.number}"))
            write_picture(images / f"decade-{article.number:05d}.jpg",
                          f"decade-{seed}-picture-{article.number}")
            pictures += 1
        kind = kind_of(article.number)
        path = write_source(article, source, kind)
        text = path.read_text(encoding="utf-8")
        if not unicodedata.is_normalized("NFC", text):
            raise SystemExit(f"{path}: the generator wrote text that is not NFC")
        kinds[kind] = kinds.get(kind, 0) + 1
    return {"articles": articles, "months": months, "kinds": kinds, "pictures": pictures,
            "first": generated[0].date.isoformat(), "last": generated[-1].date.isoformat(),
            "bytes": _size(source), "fingerprint": fingerprint(generated)}


# --------------------------------------------------------------------------------------
# The plan probe (in a fresh process: `decade.py --probe PROJECT`)


def probe(project: Path) -> None:
    """Time what `bantin build` does before asking the cache, stage by stage; JSON on stdout.

    It imports bantin's internals (like bench/_internals.py, the one other place),
    and follows pipeline/build.py's `build`: load the corpus, plan every
    article's jobs, the months present, each month's collation and its jobs.
    """
    clock = time.perf_counter
    start = clock()
    from pipeline.build import Outcome
    from pipeline.collate import collate, months_present
    from pipeline.config import load_config
    from pipeline.corpus import input_folder, load, with_extras
    from pipeline.plan import Planner

    stages: dict[str, float] = {"imports": clock() - start}
    mark = clock()
    config = load_config(project)
    corpus = load([input_folder(config)], config)
    stages["load (scan, read, normalize)"] = clock() - mark
    variants, formats = list(config.variants), ("pdf", "epub")
    mark = clock()
    planner = Planner(config)
    stages["Planner() (toolchain digest)"] = clock() - mark
    mark = clock()
    article_jobs = [job for article in corpus.articles
                    for job in planner.article_jobs(article, variants, formats)]
    stages["article jobs"] = clock() - mark
    mark = clock()
    periods = months_present(corpus.articles)
    digests = [with_extras(collate(corpus.articles, period, config), config, Outcome().errors)
               for period in periods]
    stages["collate every month"] = clock() - mark
    mark = clock()
    digest_jobs = [job for digest in digests
                   for job in planner.digest_jobs(digest, variants, formats)]
    stages["digest jobs"] = clock() - mark
    stages["total"] = clock() - start
    print(json.dumps({"stages": stages, "articles": len(corpus.articles),
                      "errors": len(corpus.errors), "article_jobs": len(article_jobs),
                      "digest_jobs": len(digest_jobs), "months": len(periods)}))


# --------------------------------------------------------------------------------------
# Benchmark


def _size(where: Path) -> int:
    if where.is_file():
        return where.stat().st_size
    return sum(p.stat().st_size for p in where.rglob("*") if p.is_file())


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB"


def build(project: Path) -> Run:
    return measure(bantin("build", "--project", project, "--json", "--jobs", "2"))


def edit(project: Path, articles: int) -> Path:
    """Add a paragraph no build has seen to a Markdown article of the middle month."""
    number = (articles // 2) // 12 * 12  # n % 12 == 0: Markdown
    path = next((project / "input").glob(f"*-{number:04d}.md"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"\nGhi chú của tòa soạn: bài được cập nhật lúc"
                           f" {time.time_ns() % 86_400_000_000_000} (lần sửa thử).\n",
                    encoding="utf-8")
    return path


def _stdout(run: Run) -> dict:
    return json.loads(run.stdout)


def _warnings(run: Run) -> int:
    return sum(line.startswith("warning") for line in run.stderr.splitlines())


def _rss(run: Run) -> str:
    worker = f", worker {run.rss_child:.0f}" if run.rss_child else ""
    return f"main {run.rss_main:.0f}{worker} MiB"


def one_size(folder: Path, size: int, seed: int, full: bool,
             split: bool = True) -> dict[str, float]:
    """Generate, measure and print one size; the per-unit figures for the comparison.
    `split=False` leaves out the digests-alone run (and so the split of the cost)."""
    project = folder / "project"
    started = time.perf_counter()
    made = make_decade(project, size, seed)
    generation = time.perf_counter() - started
    print(f"\n## {size} articles ({made['months']} months, {made['first']} … {made['last']})\n")
    print(f"generated in {generation:.1f} s: {made['fingerprint']}; formats {made['kinds']};"
          f" {made['pictures']} pictures; input/ {_mib(int(made['bytes']))}")
    progress(f"{size}: normalize")
    normalize = measure(bantin("normalize", "--project", project, "-q"))
    listed = len(normalize.stdout.splitlines())
    progress(f"{size}: plan probe")
    probed = measure(script("decade.py", "--probe", project))
    plan = _stdout(probed)
    rows = [["normalize", f"{normalize.wall:.1f}", f"{normalize.cpu:.1f}",
             f"{normalize.cpu / size * 1000:.1f} ms", _rss(normalize), f"{listed} listed"],
            ["plan probe (load + plan, in-process)", f"{probed.wall:.1f}", f"{probed.cpu:.1f}",
             f"{probed.cpu / size * 1000:.1f} ms", _rss(probed),
             f"{plan['article_jobs']} + {plan['digest_jobs']} jobs"]]
    figures = {"normalize CPU per article (start-up included)": normalize.cpu / size,
               "normalize wall per article (start-up included)": normalize.wall / size,
               "MiB: main RSS of normalize": normalize.rss_main,
               "MiB: main RSS of the plan probe": probed.rss_main}
    stage_rows = [[name, f"{seconds:.2f}", f"{seconds / size * 1000:.2f} ms"]
                  for name, seconds in plan["stages"].items()]
    for name, seconds in plan["stages"].items():
        if name not in ("imports", "total", "Planner() (toolchain digest)"):  # fixed costs
            figures[f"probe: {name} per article"] = seconds / size
    if not full:
        print(table(["command", "wall s", "CPU s", "CPU per article", "peak RSS", "note"], rows))
        print("\nplan probe stages (in-process, one fresh process):\n")
        print(table(["stage", "s", "per article"], stage_rows))
        return figures
    progress(f"{size}: full build")
    first = build(project)
    summary = _stdout(first)
    output = project / "output"
    digest_outputs = [o for o in summary["outputs"] if o.startswith("digests/")]
    article_outputs = len(summary["outputs"]) - len(digest_outputs)
    progress(f"{size}: check --no-validators (cold, then again)")
    checked = measure(bantin("check", "--project", project, "--no-validators", "-q"))
    rechecked = measure(bantin("check", "--project", project, "--no-validators", "-q"))
    progress(f"{size}: no-op rebuild")
    noop = build(project)
    edited = edit(project, size)
    progress(f"{size}: one-edit rebuild ({edited.name})")
    changed = build(project)
    cache = _size(project / ".bantin-cache")
    manifest = _size(output / "manifest.json")
    rows += [
        ["full build --jobs 2", f"{first.wall:.1f}", f"{first.cpu:.1f}",
         f"{first.cpu / size * 1000:.0f} ms", _rss(first),
         f"{summary['built']} built, {summary['failed']} failed,"
         f" {_warnings(first)} warnings"],
        ["no-op rebuild", f"{noop.wall:.1f}", f"{noop.cpu:.1f}",
         f"{noop.cpu / size * 1000:.1f} ms", _rss(noop),
         f"{_stdout(noop)['built']} built, {_stdout(noop)['cached']} cached"],
        ["one-edit rebuild", f"{changed.wall:.1f}", f"{changed.cpu:.1f}",
         f"{changed.cpu / size * 1000:.1f} ms", _rss(changed),
         f"{_stdout(changed)['built']} built"],
        ["check --no-validators (after the full build)", f"{checked.wall:.1f}",
         f"{checked.cpu:.1f}", f"{checked.cpu / size * 1000:.1f} ms", _rss(checked),
         f"{checked.cpu / len(summary['outputs']) * 1000:.1f} ms CPU per output"],
        ["check --no-validators again (nothing changed)", f"{rechecked.wall:.1f}",
         f"{rechecked.cpu:.1f}", f"{rechecked.cpu / size * 1000:.1f} ms", _rss(rechecked),
         f"{rechecked.cpu / len(summary['outputs']) * 1000:.2f} ms CPU per output"],
    ]
    figures |= {
        "full build CPU per output": first.cpu / len(summary["outputs"]),
        "no-op wall per article": noop.wall / size,
        "no-op CPU per article": noop.cpu / size,
        "one-edit rebuild wall, absolute (s)": changed.wall,
        "one-edit rebuild CPU, absolute (s)": changed.cpu,
        "cache bytes per output": cache / len(summary["outputs"]),
        "manifest bytes per output": manifest / len(summary["outputs"]),
        "MiB: main RSS of the full build": first.rss_main,
        "MiB: largest worker of the full build": first.rss_child or 0.0,
        "MiB: main RSS of the no-op rebuild": noop.rss_main,
        "check --no-validators CPU per output": checked.cpu / len(summary["outputs"]),
        "check again CPU per output": rechecked.cpu / len(summary["outputs"]),
    }
    if not split:
        print(table(["command", "wall s", "CPU s", "CPU per article", "peak RSS", "note"], rows))
        print(f"\noutputs: {article_outputs} article outputs, {len(digest_outputs)} digest"
              f" outputs; cache .bantin-cache/ {_mib(cache)}; output/manifest.json"
              f" {_mib(manifest)} ({manifest / len(summary['outputs']):.0f} bytes per output);"
              f" no-op rebuild {noop.wall / first.wall:.1%} of the full build")
        return figures
    months = sorted({o.split("/")[1] for o in digest_outputs})
    progress(f"{size}: digests alone ({len(months)} months)")
    digests = measure(bantin("digest", *months, "--project", project, "-q"))
    pages = count_pages(output / "digests")
    render_digests = (digests.wall - normalize.wall, digests.cpu - normalize.cpu)
    render_articles = (first.wall - digests.wall, first.cpu - digests.cpu)
    rows += [
        [f"digests alone ({len(months)} months)", f"{digests.wall:.1f}", f"{digests.cpu:.1f}",
         f"{digests.cpu / size * 1000:.0f} ms", _rss(digests), f"{pages} PDF pages"],
    ]
    print(table(["command", "wall s", "CPU s", "CPU per article", "peak RSS", "note"], rows))
    print("\nplan probe stages (in-process, one fresh process):\n")
    print(table(["stage", "s", "per article"], stage_rows))
    print(f"\noutputs: {article_outputs} article outputs (3 PDF variants + EPUB each),"
          f" {len(digest_outputs)} digest outputs, {pages} digest PDF pages (3 variants);"
          f" cache .bantin-cache/ {_mib(cache)}; output/manifest.json {_mib(manifest)}"
          f" ({manifest / len(summary['outputs']):.0f} bytes per output)")
    print("\nsplit of the full build (fresh-process differences, see the docstring):\n")
    print(table(["part", "wall s", "CPU s", "per unit (wall / CPU)"], [
        ["article outputs = build − digests alone", f"{render_articles[0]:.1f}",
         f"{render_articles[1]:.1f}",
         f"{render_articles[0] / article_outputs * 1000:.0f} / "
         f"{render_articles[1] / article_outputs * 1000:.0f} ms per output"],
        ["digests = digests alone − normalize", f"{render_digests[0]:.1f}",
         f"{render_digests[1]:.1f}",
         f"{render_digests[0] / pages * 1000:.0f} / {render_digests[1] / pages * 1000:.0f}"
         " ms per digest page"],
    ]))
    print(f"\nno-op rebuild: {noop.wall / first.wall:.1%} of the full build;"
          f" one-edit rebuild: {changed.wall / first.wall:.1%}")
    figures |= {
        "article output CPU": render_articles[1] / article_outputs,
        "article output wall": render_articles[0] / article_outputs,
        "digest page CPU": render_digests[1] / pages,
        "digest page wall": render_digests[0] / pages,
    }
    return figures


def compare(results: dict[int, dict[str, float]]) -> None:
    """Per-unit figures of every size against the smallest's; NOT flat beyond ±15 %."""
    sizes = sorted(results)
    if len(sizes) < 2:
        return
    small = sizes[0]
    names = list(results[small])
    rows = []
    for name in names:
        base = results[small][name]
        cells = [name, f"{base:.4g}"]
        for size in sizes[1:]:
            if name not in results[size]:
                cells.append("–")
                continue
            change = results[size][name] / base - 1 if base else 0.0
            absolute = name.startswith("MiB")  # a peak, not per unit: no flag
            flag = "" if absolute or abs(change) <= FLAT else "  NOT flat"
            cells.append(f"{results[size][name]:.4g} ({change:+.0%}){flag}")
        rows.append(cells)
    print(f"\n## Per-unit cost against {small} articles (flat: within ±{FLAT:.0%})\n")
    print("(seconds per unit, bytes per output for the size rows; the MiB rows are peaks,"
          " compared but not flagged)\n")
    print(table(["figure", f"{small}", *(f"{s}" for s in sizes[1:])], rows))


def main() -> None:
    if sys.argv[1:2] == ["--probe"]:
        probe(Path(sys.argv[2]))
        return
    parser = arguments(__doc__)
    parser.add_argument("--sizes", default=None,
                        help="article counts with a full build (default 300,1000; --quick 30)")
    parser.add_argument("--plan", type=int, default=None,
                        help="article count for normalize + plan only (default 3600;"
                             " --quick 120; 0: none)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-split", action="store_true",
                        help="no digests-alone run after the builds (it takes as long again;"
                             " without it there is no split per output and per page)")
    parser.add_argument("--generate", metavar="FOLDER", type=Path,
                        help="only write the project of --plan articles into FOLDER")
    args = parser.parse_args()
    chosen = args.sizes if args.sizes is not None else ("30" if args.quick else "300,1000")
    sizes = [int(s) for s in chosen.split(",") if s.strip()]  # --sizes "": the plan size only
    plan = args.plan if args.plan is not None else (120 if args.quick else 3600)
    if args.generate:
        print(json.dumps(make_decade(args.generate, plan, args.seed), ensure_ascii=False))
        return
    header("A decade of issues: build cost against the number of articles", 1, args.quick)
    print(f"sizes with a full build: {sizes}; plan size: {plan or 'none'}; seed {args.seed};"
          f" /tmp free {shutil.disk_usage('/tmp').free / 1024 ** 3:.1f} GiB")
    results: dict[int, dict[str, float]] = {}
    if plan:  # first: it is cheap, and its figures are there even if a long build is cut
        with workdir(f"decade-{plan}") as folder:
            results[plan] = one_size(folder, plan, args.seed, full=False)
            sys.stdout.flush()
    for size in sizes:
        with workdir(f"decade-{size}") as folder:
            results[size] = one_size(folder, size, args.seed, full=True,
                                     split=not args.no_split)
            sys.stdout.flush()
    compare(results)
    print(f"\n(one run per figure; load average at the end {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
