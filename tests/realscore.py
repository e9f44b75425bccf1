"""Score bantin's readers on the real-world corpus in tests/real/ (see its README).

Each item is read as a user's build would read it, and every field is
compared with the truth written by reading the source: the title, date,
byline, the lead's start, the number of figures, the number of paragraphs,
phrases that must be in the body and junk that must not be anywhere.
Texts are compared after NFC, whitespace folding and folding the
typography bantin's normalizer sets (curly quotes, dashes, ellipsis), so
a right reading is never marked wrong for setting type properly.

Used by tests/test_real_corpus.py and bench/real_corpus.py.
"""

from __future__ import annotations

import logging
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import parse_config
from pipeline.corpus import load
from pipeline.errors import BantinError
from pipeline.model import Article, Figure, ListBlock, Paragraph
from pipeline.sources import READERS

REAL = Path(__file__).resolve().parent / "real"
FIELDS = ("title", "date", "byline", "lead", "figures", "paragraphs", "must", "must_not")
CRITICAL = ("title", "date", "byline", "must", "must_not", "invented figures", "read")


@dataclass(frozen=True, slots=True)
class Item:
    """One source of the corpus and the truth written for it."""

    source: Path
    truth: dict[str, object]
    provenance: dict[str, str]

    @property
    def name(self) -> str:
        return self.source.relative_to(REAL).as_posix()


@dataclass(slots=True)
class Score:
    """How one item was read: each field right or wrong, and why."""

    item: Item
    right: dict[str, bool] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)

    @property
    def fully_right(self) -> bool:
        return all(self.right.get(name, False) for name in FIELDS)

    @property
    def critical(self) -> list[str]:
        """The critical defects: a wrong title, date or byline, lost or junk text, an
        invented figure, a source that could not be read."""
        return [name for name in CRITICAL if self.right.get(name) is False]

    def wrong(self, name: str, why: str) -> None:
        self.right[name] = False
        self.why[name] = why


def items(root: Path = REAL) -> list[Item]:
    """Every item with a truth file, in path order."""
    found = []
    for truth_file in sorted(root.rglob("*.truth.toml")):
        stem = truth_file.name.removesuffix(".truth.toml")
        sources = [p for p in truth_file.parent.glob(f"{stem}.*")
                   if p.suffix.lower() in READERS and p.name == stem + p.suffix]
        if len(sources) != 1:
            raise AssertionError(f"{truth_file}: expected one source beside it, found {sources}")
        data = tomllib.loads(truth_file.read_text(encoding="utf-8"))
        found.append(Item(source=sources[0], truth=data["truth"], provenance=data["source"]))
    return found


def fold(text: str | None) -> str:
    """Text as compared: NFC, typography folded to plain marks, whitespace folded."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.translate(_TYPOGRAPHY).replace("…", "...")
    return re.sub(r"\s*-\s+", " - ", " ".join(text.split()))


_TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-",
                             "—": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " "})


def read(item: Item) -> Article | BantinError:
    """The item's first article as a build would read it, or the error it gave."""
    config = parse_config({}, project=item.source.parent)
    logging.disable(logging.WARNING)  # a reader's warnings are not the score
    try:
        corpus = load([item.source], config, isolated=False)
    except BantinError as error:
        return error
    finally:
        logging.disable(logging.NOTSET)
    if corpus.errors:
        return corpus.errors[0]
    return corpus.articles[0]


def printed_lead(article: Article) -> str:
    """The lead as the source printed it: with its place stamp, where bantin set it apart."""
    if article.place and article.lead:
        return f"{article.place} – {article.lead}"
    return article.lead or ""


def body_texts(article: Article) -> Iterator[str]:
    """The lead and every text of the body, in order."""
    if article.lead:
        yield printed_lead(article)
    for block in article.blocks:
        if isinstance(block, Figure):
            yield from (t for t in (block.caption, block.credit, block.alt) if t)
        elif isinstance(block, ListBlock):
            yield from block.items
        else:
            yield block.text


def score(item: Item, article: Article | BantinError) -> Score:
    """Each field of `article` against the item's truth."""
    result = Score(item)
    truth = item.truth
    if isinstance(article, BantinError):
        for name in FIELDS:
            result.wrong(name, "not read")
        result.wrong("read", str(article))
        return result
    result.right["read"] = True
    _exact(result, "title", str(truth["title"]), article.title)
    _exact(result, "date", str(truth["date"]),
           article.date.isoformat() if article.date else "")
    _exact(result, "byline", str(truth["byline"]), article.byline or "")
    lead, got = fold(str(truth["lead"])), fold(printed_lead(article))
    result.right["lead"] = got.startswith(lead) if lead else not got
    if not result.right["lead"]:
        result.why["lead"] = f"{got[:70]!r}, expected {lead!r}…"
    figures = sum(isinstance(b, Figure) for b in article.blocks)
    expected = int(truth["figures"])  # type: ignore[call-overload]
    result.right["figures"] = figures == expected
    result.right["invented figures"] = figures <= expected
    if figures != expected:
        result.why["figures"] = f"{figures}, expected {expected}"
    paragraphs = sum(type(b) is Paragraph for b in article.blocks)
    low, high = truth["paragraphs"]  # type: ignore[misc]
    result.right["paragraphs"] = low <= paragraphs <= high
    if not result.right["paragraphs"]:
        result.why["paragraphs"] = f"{paragraphs}, expected {low}–{high}"
    body = fold("\n".join(body_texts(article)))
    lost = [p for p in truth["must"] if fold(p) not in body]  # type: ignore[attr-defined]
    result.right["must"] = not lost
    if lost:
        result.why["must"] = "lost: " + " | ".join(lost)
    everything = fold("\n".join([article.title, article.byline or "", *body_texts(article)]))
    kept = [p for p in truth["must_not"] if fold(p) in everything]  # type: ignore[attr-defined]
    result.right["must_not"] = not kept
    if kept:
        result.why["must_not"] = "kept: " + " | ".join(kept)
    return result


def _exact(result: Score, name: str, expected: str, got: str) -> None:
    result.right[name] = fold(expected) == fold(got)
    if not result.right[name]:
        result.why[name] = f"{fold(got)[:90]!r}, expected {fold(expected)[:90]!r}"


def score_all(root: Path = REAL) -> list[Score]:
    return [score(item, read(item)) for item in items(root)]
