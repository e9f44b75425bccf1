#!/usr/bin/env python3
"""The readers' score on the real Word documents (tests/real/, DOCUMENTS.md): per file and total.

Every `.doc`, `.docx` and `.rtf` with a `.doctruth.toml` is read as `bantin
build` reads it and compared with the truth written by reading the document
(tests/docscore.py says how). Prints per document the fields right, the word
accuracy, the ư lost and the figures invented, then the totals per form and
font and overall; `--items` adds every wrong field with what was read instead.

Run: `python bench/real_documents.py [--items]`.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from docscore import FIELDS, WORD_ACCURACY_FLOOR, DocScore, documents, read, score  # noqa: E402


def percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f} %)" if whole else "–"


def total(scores: list[DocScore], title: str) -> None:
    n = len(scores)
    print(f"\n## {title}: {n} documents\n")
    print("| field | right |")
    print("|---|---|")
    for name in (*FIELDS, "read", "invented figures"):
        label = "no invented figure" if name == "invented figures" else name
        print(f"| {label} | {percent(sum(s.right.get(name, False) for s in scores), n)} |")
    accuracy = sum(s.word_accuracy for s in scores) / n if n else 0.0
    print(f"| mean word accuracy | {100 * accuracy:.2f} % |")
    print(f"| word accuracy ≥ {100 * WORD_ACCURACY_FLOOR:.1f} % | "
          f"{percent(sum(s.word_accuracy >= WORD_ACCURACY_FLOOR for s in scores), n)} |")
    print(f"| **fully right** | **{percent(sum(s.fully_right for s in scores), n)}** |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", action="store_true", help="every wrong field of every document")
    args = parser.parse_args()
    scores = [score(document, read(document)) for document in documents()]
    print("| document | form | fonts | fields right | word accuracy | ư lost | invented figures |")
    print("|---|---|---|---|---|---|---|")
    for s in scores:
        source = s.document.provenance
        right = sum(s.right.get(name, False) for name in FIELDS)
        invented = "yes" if s.right.get("invented figures") is False and "read" not in s.why \
            else "no"
        print(f"| {s.document.name} | {source.get('form', '?')} | {source.get('fonts', '?')}"
              f" | {right}/{len(FIELDS)} | {100 * s.word_accuracy:.1f} % | {s.u_horn_lost}"
              f" | {invented} |")
    total(scores, "all documents")
    groups: dict[str, list[DocScore]] = defaultdict(list)
    for s in scores:
        groups[f"{s.document.provenance.get('form', '?')}, "
               f"{s.document.provenance.get('fonts', '?').split(' ')[0]}"].append(s)
    print("\n| form, fonts | documents | read | fully right | mean word accuracy |")
    print("|---|---|---|---|---|")
    for key, group in sorted(groups.items()):
        mean = sum(s.word_accuracy for s in group) / len(group)
        read_right = percent(sum(s.right.get("read", False) for s in group), len(group))
        print(f"| {key} | {len(group)} | {read_right}"
              f" | {percent(sum(s.fully_right for s in group), len(group))} | {100 * mean:.1f} % |")
    if args.items:
        print()
        for s in scores:
            if not s.fully_right:
                print(f"- {s.document.name}")
                for name, why in s.why.items():
                    print(f"    {name}: {why}")


if __name__ == "__main__":
    main()
