#!/usr/bin/env python3
"""Normalization throughput on a mixed corpus of 1,000 articles (all source formats).

The corpus is made in a temporary folder from the sample month in input/:
every source is copied (Markdown, JSON, portal text and HTML, Word, legacy
encodings) and a TCVN3, a VNI, a Windows-1258 and a mojibake copy of each
portal text are added, until there are at least N articles. It is timed
twice in one run, side by side, on one core:

- bantin: scan, decode, read and normalize every source (`pipeline.corpus.load`);
- baseline: only read each file's bytes and decode them as UTF-8 where
  they are (the floor any tool pays).

Target (issue "Vietnamese text and Word files"): 1,000 articles in under
15 s on one core. Run: `python bench/normalize_throughput.py [N]`.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import Config  # noqa: E402
from pipeline.corpus import load, scan  # noqa: E402
from pipeline.sources.legacy import (  # noqa: E402
    TCVN3,
    VNI,
    WINDOWS_1258,
    as_tcvn3_typist,
    cp1252_char,
)

TARGET_SECONDS = 15.0


def make_corpus(folder: Path, wanted: int) -> int:
    """Copies of the sample month (and legacy-encoded variants) until `wanted` articles."""
    samples = scan([ROOT / "input"])
    portal_texts = [p for p in samples if p.suffix == ".txt"]
    shutil.copytree(ROOT / "input" / "images", folder / "images")
    per_round = len(load(samples, Config(project=ROOT)).articles)
    rounds = 0
    count = 0
    while count < wanted:
        rounds += 1
        target = folder / f"round-{rounds:03d}"
        target.mkdir()
        (target / "images").symlink_to(folder / "images")
        for source in samples:
            shutil.copy(source, target / source.name)
        for text_file in portal_texts:
            text = text_file.read_text(encoding="utf-8", errors="replace")
            try:
                unicode_text = text
                (target / f"tcvn3-{text_file.name}").write_bytes(
                    TCVN3.encode(as_tcvn3_typist(unicode_text)))
                (target / f"vni-{text_file.name}").write_bytes(VNI.encode(unicode_text))
                (target / f"cp1258-{text_file.name}").write_bytes(
                    WINDOWS_1258.encode(unicode_text))
                mojibake = "".join(cp1252_char(b) if b >= 0x80 else chr(b)
                                   for b in TCVN3.encode(as_tcvn3_typist(unicode_text)))
                (target / f"mojibake-{text_file.name}").write_text(mojibake, encoding="utf-8")
                count += 4
            except UnicodeEncodeError:
                continue  # e.g. a legacy text already: no Unicode variant to make
        count += per_round
    return count


def timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main() -> None:
    logging.disable(logging.WARNING)  # copies of one article all warn about their slugs
    wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_corpus(folder, wanted)
        files = scan([folder])
        config = Config(project=folder)
        baseline_seconds, _ = timed(lambda: [p.read_bytes().decode("utf-8", "replace")
                                             for p in files])
        seconds, corpus = timed(lambda: load([folder], config))
    articles = len(corpus.articles)
    formats = sorted({p.suffix for p in files})
    per_1000 = seconds / articles * 1000
    print(f"corpus: {articles} articles from {len(files)} files ({', '.join(formats)});"
          f" {len(corpus.errors)} errors")
    print(f"bantin normalize: {seconds:.2f} s  ({articles / seconds:.0f} articles/s,"
          f" {per_1000:.2f} s per 1,000)")
    print(f"baseline (read + decode only): {baseline_seconds:.3f} s;"
          f" bantin / baseline = {seconds / baseline_seconds:.1f}x")
    print(f"target: 1,000 articles in < {TARGET_SECONDS:.0f} s on one core;"
          f" measured / target = {per_1000 / TARGET_SECONDS:.2f}"
          f" ({'met' if per_1000 < TARGET_SECONDS else 'NOT met'})")


if __name__ == "__main__":
    main()
