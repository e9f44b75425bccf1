#!/usr/bin/env python3
"""The readers' score on the real-world corpus (tests/real/): per field, per site, overall.

Every item is read as `bantin build` reads it and compared with the
truth written by reading the source (tests/realscore.py says how). Prints
the share of items right per field, the share fully right and the share
without a critical defect, per site and overall, and with `--items` every
wrong field of every item with what was read instead.

Run: `python bench/real_corpus.py [--items] [--compare]`; `--compare` adds
trafilatura (main text) and htmldate (dates) on the saved pages, scored
the same way, field by field (they are not bantin dependencies:
`pip install trafilatura htmldate lxml_html_clean` first).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from realscore import CRITICAL, FIELDS, Score, items, read, score  # noqa: E402


def percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f} %)" if whole else "–"


def summary(scores: list[Score], title: str) -> None:
    print(f"\n## {title}: {len(scores)} items\n")
    print("| field | right |")
    print("|---|---|")
    for name in FIELDS:
        print(f"| {name} | {percent(sum(s.right.get(name, False) for s in scores), len(scores))} |")
    fully = sum(s.fully_right for s in scores)
    clean = sum(not s.critical for s in scores)
    print(f"| **fully right** | **{percent(fully, len(scores))}** |")
    print(f"| **no critical defect** | **{percent(clean, len(scores))}** |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", action="store_true", help="every wrong field of every item")
    parser.add_argument("--compare", action="store_true",
                        help="also score trafilatura + htmldate on the saved pages")
    args = parser.parse_args()
    scores = [score(item, read(item)) for item in items()]
    summary(scores, "bantin, all items")
    by_site: dict[str, list[Score]] = defaultdict(list)
    by_form: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        by_site[s.item.provenance.get("site", "?")].append(s)
        by_form[s.item.provenance.get("form", "?")].append(s)
    print("\n| site | items | fully right | no critical defect |")
    print("|---|---|---|---|")
    for site, group in sorted(by_site.items()):
        print(f"| {site} | {len(group)} | {percent(sum(s.fully_right for s in group), len(group))}"
              f" | {percent(sum(not s.critical for s in group), len(group))} |")
    print("\n| form | items | fully right | no critical defect |")
    print("|---|---|---|---|")
    for form, group in sorted(by_form.items()):
        print(f"| {form} | {len(group)} | {percent(sum(s.fully_right for s in group), len(group))}"
              f" | {percent(sum(not s.critical for s in group), len(group))} |")
    print("\ncritical defects: " + ", ".join(
        f"{name} {sum(name in s.critical for s in scores)}" for name in CRITICAL))
    if args.compare:
        from extractors import trafilatura_article
        pages = [s.item for s in scores if s.item.source.suffix.lower() in (".html", ".htm")]
        theirs = [score(item, trafilatura_article(item.source)) for item in pages]
        ours = [s for s in scores if s.item in pages]
        summary(ours, "bantin, saved pages")
        summary(theirs, "trafilatura + htmldate, saved pages")
    if args.items:
        print()
        for s in scores:
            if not s.fully_right:
                flag = " CRITICAL" if s.critical else ""
                print(f"- {s.item.name}{flag}")
                for name, why in s.why.items():
                    print(f"    {name}: {why}")


if __name__ == "__main__":
    main()
