#!/usr/bin/env python3
"""Render time of the sample month per variant: bantin against plain WeasyPrint.

For every article of input/ and every variant, the same print HTML is
turned into a PDF twice, side by side in one run:

- bantin: `PdfRenderer.render` (template, allow-list fetcher, PDF/UA,
  page labels, pinned font timestamps);
- plain WeasyPrint: `weasyprint.HTML(string=the same HTML).write_pdf()`
  with its default fetcher (font URLs rewritten to file: URLs so it can
  load them), PDF/UA as well.

Prints seconds per variant and the ratio (target: ≤ 1.10). Run:
`python bench/render_overhead.py [--rounds 2]`.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

import weasyprint

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import load_config  # noqa: E402
from pipeline.corpus import load  # noqa: E402
from pipeline.render import PdfRenderer, RenderContext  # noqa: E402
from pipeline.render.html import article_html  # noqa: E402
from pipeline.resources import fonts_dir  # noqa: E402

TARGET = 1.10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    config = load_config(ROOT)
    articles = load([ROOT / "input"], config).articles
    context = RenderContext(config=config, roots=((ROOT / "input").resolve(),))
    font_url = fonts_dir().as_uri() + "/"
    print(f"{len(articles)} articles, {args.rounds} rounds, alternating which runs first")
    total_ours = total_plain = 0.0
    for variant in config.variants:
        ours = plain = 0.0
        pages = 0
        for round_number in range(args.rounds):
            for index, article in enumerate(articles):
                html = article_html(article, variant, config, context.env)
                plain_html = html.replace("bantin-font:", font_url)

                def render_ours(article=article, variant=variant) -> float:
                    start = time.perf_counter()
                    PdfRenderer().render(article, variant, context)
                    return time.perf_counter() - start

                def render_plain(article=article, plain_html=plain_html) -> tuple[float, int]:
                    start = time.perf_counter()
                    document = weasyprint.HTML(
                        string=plain_html, base_url=str(article.source.parent.resolve()) + "/"
                    ).render()
                    document.write_pdf(pdf_variant=config.pdf.variant)
                    return time.perf_counter() - start, len(document.pages)

                # Alternate which goes first, so neither always finds the caches warm.
                if (index + round_number) % 2:
                    ours += render_ours()
                    seconds, count = render_plain()
                else:
                    seconds, count = render_plain()
                    ours += render_ours()
                plain += seconds
                pages += count
        total_ours += ours
        total_plain += plain
        print(f"{variant:>9}: bantin {ours / args.rounds:6.2f} s, plain WeasyPrint"
              f" {plain / args.rounds:6.2f} s, ratio {ours / plain:.3f}"
              f" ({pages // args.rounds} pages)")
    ratio = total_ours / total_plain
    print(f"all variants: ratio {ratio:.3f} (target ≤ {TARGET:.2f}:"
          f" {'met' if ratio <= TARGET else 'NOT met'})")


if __name__ == "__main__":
    main()
