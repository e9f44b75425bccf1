"""A cover image drawn from the masthead: publication, issue, title and date."""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT, MARGIN = 600, 800, 46  # 3:4, enough for a reading app's library
INK, PAPER, ACCENT = 20, 255, 90  # grey levels: one channel is quick to draw and encode


def _font(font_dirs: Sequence[Path], name: str, size: int) -> ImageFont.FreeTypeFont:
    path = next(d / name for d in font_dirs if (d / name).is_file())
    return _load(str(path), size)


@functools.lru_cache(maxsize=16)
def _load(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont,
          width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def cover_png(publication: str, lines: Sequence[str], issue_number: int | None,
              date_text: str | None, font_dirs: Sequence[Path]) -> bytes:
    """The cover as PNG bytes (deterministic for the same text and Pillow)."""
    image = Image.new("L", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    bold = _font(font_dirs, "NotoSans-Bold.ttf", 42)
    body = _font(font_dirs, "NotoSans-Regular.ttf", 26)
    title = _font(font_dirs, "NotoSans-Bold.ttf", 34)
    y = MARGIN
    draw.rectangle([0, 0, WIDTH, 16], fill=ACCENT)
    for line in _wrap(draw, publication.upper(), bold, WIDTH - 2 * MARGIN):
        draw.text((MARGIN, y), line, font=bold, fill=INK)
        y += 54
    y += 6
    draw.rectangle([MARGIN, y, WIDTH - MARGIN, y + 5], fill=INK)
    y += 26
    if issue_number is not None:
        draw.text((MARGIN, y), f"Số {issue_number}", font=body, fill=ACCENT)
        y += 40
    y += 26
    for text in lines:
        for line in _wrap(draw, text, title, WIDTH - 2 * MARGIN):
            if y > HEIGHT - 130:
                break
            draw.text((MARGIN, y), line, font=title, fill=INK)
            y += 45
        y += 14
    if date_text:
        draw.text((MARGIN, HEIGHT - MARGIN - 34), date_text, font=body, fill=INK)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
