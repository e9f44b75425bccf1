#!/usr/bin/env python3
"""Write pipeline/alphabetical_table.py: ICU's Vietnamese collation elements, per character.

`pipeline.alphabetical.sort_key` must give the same order on every machine,
so it cannot ask ICU at run time (ICU may be missing or another version).
Instead this script asks ICU's `vi` collator (the CLDR tailoring: tones in
the order none, huyền, hỏi, ngã, sắc, nặng; ă â đ ê ô ơ ư letters of their
own; lowercase first) once, for every character of the repertoire below,
and writes the answers down as a Python module.

Each character gets the sequence of its collation elements (primary,
secondary, tertiary) — a sequence because some characters expand (`…` is
three full stops). ICU's weights are re-ranked per level to 1, 2, 3…, which
keeps their order and makes the table independent of ICU's byte layout; 0
stays "ignorable at this level".

Usage:
    python tools/make_alphabetical_table.py [--out pipeline/alphabetical_table.py]

tests/test_alphabetical.py fails when the committed table differs from what
this script makes, so run it again after changing the repertoire.
"""

from __future__ import annotations

import argparse
import string
import unicodedata
from pathlib import Path

import icu

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "pipeline" / "alphabetical_table.py"

Element = tuple[int, int, int]

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # none, huyền, hỏi, ngã, sắc, nặng
# Curly quotes, dashes and the ellipsis are what the typography pass writes;
# the others turn up in pasted titles. Not "·": root collation contracts "l·".
_TYPOGRAPHIC = "–—‘’‚“”„…«»‹›•°§×€"
# After NFC a tone mark remains only on a letter without a precomposed form
# ("x̀", or a second tone), where ICU weighs it as a secondary element of its
# own, as the table does. Not the breve, circumflex or horn: stacked on a
# vowel that has one already, ICU contracts them in ways a table cannot say.
_MARKS = "".join(_TONES)


def repertoire() -> list[str]:
    """Every character the table covers: Vietnamese letters, printable ASCII, typography."""
    letters = [unicodedata.normalize("NFC", vowel + tone) for vowel in _VOWELS for tone in _TONES]
    letters += ["đ"]
    chars = {c for letter in letters for c in (letter, letter.upper())}
    chars |= set(string.ascii_letters + string.digits + string.punctuation + " ")
    chars |= set(_TYPOGRAPHIC + _MARKS)
    return sorted(chars)


def vietnamese_collator() -> icu.Collator:
    """ICU's collator for Vietnamese, with its default (CLDR) settings."""
    return icu.Collator.createInstance(icu.Locale("vi"))


def icu_elements(collator: icu.Collator, text: str) -> list[Element]:
    """ICU's collation elements of `text`: 32-bit primary, 16-bit secondary and tertiary.

    The iterator hands out old-style 32-bit orders: a 64-bit element whose
    weights do not fit comes as two, the second a continuation (tertiary
    byte's top bits 11). The top two bits of the first tertiary byte are the
    case bits, which ICU leaves out of tertiary comparisons by default
    (caseFirst off), so they are left out here too.
    """
    cei = icu.CollationElementIterator
    iterator = collator.createCollationElementIterator(text)
    elements: list[Element] = []
    while (order := iterator.next()) != cei.NULLORDER:
        primary, secondary = cei.primaryOrder(order), cei.secondaryOrder(order)
        tertiary = cei.tertiaryOrder(order)
        if tertiary & 0xC0 == 0xC0:  # continuation: the low halves of the previous element
            high_p, high_s, high_t = elements.pop()
            elements.append((high_p | primary, high_s | secondary, high_t | (tertiary & 0x3F)))
        elif order:
            elements.append((primary << 16, secondary << 8, (tertiary & 0x3F) << 8))
    return elements


def make_table(collator: icu.Collator) -> dict[str, tuple[Element, ...]]:
    """Every character of the repertoire with its collation elements, weights re-ranked."""
    raw = {char: icu_elements(collator, char) for char in repertoire()}
    ranks = []
    for level in range(3):
        weights = sorted({e[level] for elements in raw.values() for e in elements} - {0})
        ranks.append({0: 0} | {weight: rank for rank, weight in enumerate(weights, 1)})
    table = {char: tuple((ranks[0][p], ranks[1][s], ranks[2][t]) for p, s, t in elements)
             for char, elements in raw.items()}
    return dict(sorted(table.items(), key=lambda item: (_levels(item[1]), item[0])))


def _levels(elements: tuple[Element, ...]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(e[level] for e in elements if e[level]) for level in range(3))


def _literal(text: str) -> str:
    # Combining marks would sit on the opening quote; write them as escapes.
    out = []
    for char in text:
        if unicodedata.category(char).startswith("M"):
            out.append(f"\\u{ord(char):04x}")
        elif char in '"\\':
            out.append("\\" + char)
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def versions() -> str:
    """Which ICU, Unicode and CLDR collation data made the table."""
    bundle = icu.ResourceBundle("ICUDATA-coll", icu.Locale("vi"))
    cldr = bundle.get("collations").get("standard").get("Version").getString()
    return f"ICU {icu.ICU_VERSION} (Unicode {icu.UNICODE_VERSION}, CLDR {cldr} collation data)"


def render(collator: icu.Collator) -> str:
    """The source of pipeline/alphabetical_table.py."""
    # One reset (&) a line; the docstring is raw so it shows the marks' escapes as written.
    rules = _literal(collator.getRules())[1:-1].replace("&", "\n&").splitlines()
    lines = [
        'r"""Collation elements of Vietnamese text, per character. Generated: do not edit.',
        "",
        "Written by tools/make_alphabetical_table.py from the `vi` collator of",
        f"{versions()}, whose rules are",
        *(f"    {rule}" for rule in rules),
        "",
        "Each character maps to its collation elements (primary, secondary,",
        "tertiary): ICU's weights re-ranked per level to 1, 2, 3…; 0 means",
        "ignorable at that level. Entries are in alphabetical order.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "ELEMENTS: dict[str, tuple[tuple[int, int, int], ...]] = {",
    ]
    for char, elements in make_table(collator).items():
        line = f"    {_literal(char)}: {elements!r},"
        if not char.isalnum():
            line += f"  # {unicodedata.name(char)}"
        lines.append(line)
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Write the table module."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.write_text(render(vietnamese_collator()), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
