#!/usr/bin/env python3
"""Render the first pages of the seed article in every variant side by side.

Writes docs/contact-sheet.png (shown in the README), so a reviewer sees
the editions without building them. Uses the project's own renderer and
pypdfium2 (PDF → image) with Pillow:

    python tools/make_contact_sheet.py [--pages 2] [--out docs/contact-sheet.png]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pypdfium2
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import load_config, parse_config  # noqa: E402
from pipeline.corpus import load  # noqa: E402
from pipeline.render import PdfRenderer, RenderContext  # noqa: E402

SEED = ROOT / "input" / "000_e7e2aa4e76f9f475.txt"
CONTRAST = {"variants": {"contrast": {"extends": "large", "foreground": "#ffff00",
                                      "background": "#000000", "weight": "semibold"}}}


def pages(pdf: bytes, count: int, dpi: int) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    return [document[i].render(scale=dpi / 72).to_pil() for i in range(min(count,
                                                                               len(document)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2)
    parser.add_argument("--dpi", type=int, default=50)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "contact-sheet.png")
    args = parser.parse_args()
    base = load_config(ROOT)
    config = parse_config({**CONTRAST, "publication": {"name": base.publication.name,
                                                       "place": base.publication.place,
                                                       "issues": base.publication.issues}},
                          project=ROOT)
    [article] = load([SEED], config).articles
    context = RenderContext(config=config, roots=((ROOT / "input").resolve(),))
    rows = []
    for variant in ("standard", "large", "xlarge", "contrast"):
        pdf = PdfRenderer().render(article, variant, context)
        rows.append((variant, pages(pdf, args.pages, args.dpi)))
    width = max(sum(p.width for p in images) + 10 * len(images) for _, images in rows) + 120
    height = sum(max(p.height for p in images) + 10 for _, images in rows) + 10
    sheet = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(sheet)
    y = 10
    for variant, images in rows:
        draw.text((10, y + 10), variant, fill="black")
        x = 120
        for image in images:
            sheet.paste(image, (x, y))
            draw.rectangle([x - 1, y - 1, x + image.width, y + image.height], outline="#888888")
            x += image.width + 10
        y += max(p.height for p in images) + 10
    args.out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out, optimize=True)
    print(f"wrote {args.out} ({sheet.width}×{sheet.height})")


if __name__ == "__main__":
    main()
