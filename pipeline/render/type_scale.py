"""A variant's type: the sizes derived from its body size, and what fits on a line.

Variants are data (`[variants.<name>]`); this is the arithmetic that turns a
body size and a heading scale into every size the layouts use, following
the large-print rules from 16 pt up (DESIGN.md, Editions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..config import Variant
from .fonts import WEIGHTS, family_of

LARGE_PRINT_SIZE = 16.0
"""From this body size up a variant follows the large-print rules (UKAAF's minimum)."""


@dataclass(frozen=True, slots=True)
class TypeScale:
    """A variant's values with the sizes derived from them, for variant.css."""

    variant: Variant
    family: str
    display_family: str
    weight: int
    strong_weight: int
    large_print: bool
    sizes: dict[str, float]
    margin: str

    def css_values(self) -> dict[str, Any]:
        return {"variant": self.variant, "family": self.family, "weight": self.weight,
                "strong_weight": self.strong_weight, "margin": self.margin,
                "small_size": self.sizes["small"], "header_size": self.sizes["header"],
                "display_family": self.display_family, "sizes": self.sizes}


def type_scale(variant: Variant) -> TypeScale:
    """Derived sizes: headings from `heading_scale`; large print keeps small text at body size."""
    body = variant.body_size
    large = body >= LARGE_PRINT_SIZE
    scale = variant.heading_scale
    sizes = {
        "body": body,
        "title": round(body * max(scale * 1.25, 1.25) if large else body * scale * 1.4, 1),
        "h2": round(body * scale, 1),
        "h3": round(body * max(1.1, scale * 0.85), 1),
        "lead": round(body * (1.0 if large else 1.12), 1),
        "small": body if large else round(body * 0.82, 1),
        "header": body if large else round(body * 0.75, 1),
        "masthead": round(body * (1.6 if large else 2.6), 1),
    }
    weight = WEIGHTS[variant.weight]
    return TypeScale(
        variant=variant, family=family_of(variant.family)[0],
        display_family=family_of("sans")[0] if variant.family == "serif" else family_of(
            variant.family)[0],
        weight=weight, strong_weight=max(700, weight), large_print=large, sizes=sizes,
        margin="24mm 20mm 22mm" if large else "16mm 15mm 18mm")


_PAGE_WIDTHS_PT = {"a3": 842, "a4": 595, "a5": 420, "a6": 298, "b4": 709, "b5": 499,
                   "letter": 612, "legal": 612, "ledger": 792}
_UNITS_PT = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0, "px": 0.75}


def page_width_pt(page_size: str) -> float:
    """The page width in points of a `page_size` value (A4, "A4 landscape", "170mm 240mm")."""
    words = page_size.lower().split()
    if words[0] in _PAGE_WIDTHS_PT:
        width = _PAGE_WIDTHS_PT[words[0]]
        if words[-1] == "landscape":
            width = {595: 842, 420: 595, 298: 420, 842: 1191, 612: 792}.get(width, width)
        return float(width)
    number, unit = float(words[0][:-2]), words[0][-2:]
    return number * _UNITS_PT[unit]


def running_title(title: str, variant: Variant, page_width_pt: float = 595) -> str:
    """The article title shortened at a word to fit the running header on one line."""
    large = variant.body_size >= LARGE_PRINT_SIZE
    size = variant.body_size if large else variant.body_size * 0.75
    room = 0.95 if large else 0.58  # large print gives the title the whole line
    width_pt = (page_width_pt - 113) * room  # less about 2 × 20 mm of margins
    fits = max(12, int(width_pt / (size * 0.52)))
    if len(title) <= fits:
        return title
    cut = title[: fits - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-") + "…"
