#!/usr/bin/env python3
"""EPUB build time for the sample month: bantin against pandoc, in one run.

Both start from the same articles: bantin renders each normalized article
to EPUB; pandoc converts the canonical Markdown that `bantin normalize
--out` writes for the same articles (images copied beside it) — what a user
without bantin would have to prepare by hand first. Timed side by side:

- bantin in one process (`bantin render input/ --format epub`);
- pandoc, one process per article (`pandoc x.md -o x.epub`), as a user would.

Needs pandoc: `pip install pypandoc-binary` (a pandoc binary in a wheel).
Run: `python bench/epub_vs_pandoc.py`.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def main() -> None:
    pandoc = pandoc_path()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        markdown = folder / "markdown"
        subprocess.run([sys.executable, "-m", "pipeline", "normalize", str(ROOT / "input"),
                        "--out", str(markdown), "-q"], check=True, cwd=ROOT)
        sources = sorted(markdown.glob("*.md"))
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pipeline", "render", str(ROOT / "input"),
                        "--format", "epub", "--out", str(folder / "bantin"), "-q"],
                       check=True, cwd=ROOT)
        ours = time.perf_counter() - start
        start = time.perf_counter()
        for source in sources:
            subprocess.run([pandoc, source.name, "-o", str(folder / f"{source.stem}.epub"),
                            "--metadata", "lang=vi"], check=True, cwd=markdown)
        theirs = time.perf_counter() - start
    print(f"{len(sources)} articles → EPUB")
    print(f"bantin (one command, {len(sources)} EPUBs): {ours:.2f} s")
    print(f"pandoc (one process per article): {theirs:.2f} s")
    print(f"bantin / pandoc = {ours / theirs:.2f} (target: < 1, faster than pandoc)")


if __name__ == "__main__":
    main()
