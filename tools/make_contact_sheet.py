#!/usr/bin/env python3
"""Pictures of the editions for the README, made with the project's own renderer.

- docs/contact-sheet.png: the seed article's first pages in every variant;
- docs/digest-2022-11.png: the November 2022 digest's cover, contents and
  first article page in every variant.

pypdfium2 turns the PDFs into images, Pillow lays them out:

    python tools/make_contact_sheet.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pypdfium2
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.collate import collate  # noqa: E402
from pipeline.config import load_config, parse_config  # noqa: E402
from pipeline.corpus import load  # noqa: E402
from pipeline.periods import parse_period  # noqa: E402
from pipeline.render import PdfRenderer, RenderContext  # noqa: E402
from pipeline.render.digest import digest_pdf  # noqa: E402

SEED = ROOT / "input" / "000_e7e2aa4e76f9f475.txt"
CONTRAST = {"variants": {"contrast": {"extends": "large", "foreground": "#ffff00",
                                      "background": "#000000", "weight": "semibold"}}}


def pages(pdf: bytes, numbers: list[int], dpi: int) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    return [document[i].render(scale=dpi / 72).to_pil() for i in numbers if i < len(document)]


def sheet(rows: list[tuple[str, list[Image.Image]]], out: Path) -> None:
    """Rows of page images, each row labelled, saved as one PNG."""
    width = max(sum(p.width for p in images) + 10 * len(images) for _, images in rows) + 120
    height = sum(max(p.height for p in images) + 10 for _, images in rows) + 10
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    y = 10
    for label, images in rows:
        draw.text((10, y + 10), label, fill="black")
        x = 120
        for page in images:
            image.paste(page, (x, y))
            draw.rectangle([x - 1, y - 1, x + page.width, y + page.height], outline="#888888")
            x += page.width + 10
        y += max(p.height for p in images) + 10
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, optimize=True)
    print(f"wrote {out} ({image.width}×{image.height})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=50)
    args = parser.parse_args()
    base = load_config(ROOT)
    config = parse_config({**CONTRAST, "publication": {"name": base.publication.name,
                                                       "place": base.publication.place,
                                                       "publisher": base.publication.publisher,
                                                       "issues": base.publication.issues},
                           "digest": {"section_order": list(base.digest.section_order)}},
                          project=ROOT)
    articles = load([ROOT / "input"], config).articles
    [seed] = [a for a in articles if a.source == SEED]
    context = RenderContext(config=config, roots=((ROOT / "input").resolve(),))
    variants = ("standard", "large", "xlarge", "contrast")
    sheet([(v, pages(PdfRenderer().render(seed, v, context), [0, 1], args.dpi))
           for v in variants], ROOT / "docs" / "contact-sheet.png")
    digest = collate(articles, parse_period("2022-11"), config)
    rows = []
    for variant in variants[:3]:
        pdf = digest_pdf(digest, variant, context)
        document = pypdfium2.PdfDocument(pdf)
        first = next(i for i in range(len(document)) if document.get_page_label(i) == "1")
        rows.append((variant, pages(pdf, [0, 1, first], args.dpi)))
    sheet(rows, ROOT / "docs" / "digest-2022-11.png")


if __name__ == "__main__":
    main()
