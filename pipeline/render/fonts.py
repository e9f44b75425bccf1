"""The type families a variant may name, as @font-face rules over whole font files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

BUILTIN_FAMILIES = {"serif": ("Bantin Serif", "NotoSerif"), "sans": ("Bantin Sans", "NotoSans")}
"""Variant `family` → (CSS family name, file-name stem of its faces)."""

FACES = (("Regular", 400, "normal"), ("Italic", 400, "italic"), ("SemiBold", 600, "normal"),
         ("Bold", 700, "normal"), ("BoldItalic", 700, "italic"))
"""File-name suffix, CSS weight and style of each face a family may have."""

WEIGHTS = {"regular": 400, "semibold": 600, "bold": 700}

FALLBACK_FAMILIES = {"Bantin Math": "NotoSansMath", "Bantin Symbols": "NotoSansSymbols",
                     "Bantin Dingbats": "NotoSansSymbols2"}
"""CSS family name → file-name stem of the symbol faces that end every font stack, in order.

They draw what the text faces lack and Vietnamese news uses: the minus and
math signs (≤ ≥ ≠ ≈ √ ∞) and arrows (Noto Sans Math); circled numbers ① ②
(Noto Sans Symbols); check marks, ballot boxes, bullets, stars, geometric
shapes (Noto Sans Symbols 2, named Bantin Dingbats: Pango would read a
trailing "2" in a family name as a size). Only a regular face each: bold and
italic text borrow the regular sign.
"""


@dataclass(frozen=True, slots=True)
class Face:
    """One font file as an @font-face rule."""

    family: str
    file: str
    weight: int
    style: str


def family_of(name: str) -> tuple[str, str]:
    """(CSS family name, file stem) for a variant's `family` (serif, sans or a file stem)."""
    if name in BUILTIN_FAMILIES:
        return BUILTIN_FAMILIES[name]
    if name in FALLBACK_FAMILIES:
        return name, FALLBACK_FAMILIES[name]
    return name, name.replace(" ", "")


def face_path(face: Face, font_dirs: Sequence[Path]) -> Path:
    """The file of a face `faces` found: in the first folder that has it."""
    return next(folder / face.file for folder in font_dirs if (folder / face.file).is_file())


def fallback_faces(font_dirs: Sequence[Path]) -> list[Face]:
    """The symbol faces found (see `FALLBACK_FAMILIES`), in stack order."""
    return faces(list(FALLBACK_FAMILIES), font_dirs)


def faces(families: Sequence[str], font_dirs: Sequence[Path]) -> list[Face]:
    """The faces found for each family, in the first folder that has them."""
    found: list[Face] = []
    for family in dict.fromkeys(families):
        css_name, stem = family_of(family)
        for suffix, weight, style in FACES:
            file = f"{stem}-{suffix}.ttf"
            if any((folder / file).is_file() for folder in font_dirs):
                found.append(Face(css_name, file, weight, style))
    return found

