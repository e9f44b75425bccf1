"""`bantin normalize --report`: per source, what was dropped, recognised and changed."""

from __future__ import annotations

from collections import Counter

from .corpus import Report
from .model import Figure

_WIDTH = 90


def format_report(report: Report) -> list[str]:
    """The report's lines for one article, ready to print."""
    raw, article = report.raw, report.article
    where = f"{raw.path}" + (f" ({raw.position})" if raw.position else "")
    lines = [f"{where} → {article.slug} ({raw.encoding})"]
    for note in raw.notes:
        at = f"line {note.line}" if note.line else ""
        lines.append(f"  {at:<9} {note.action:<8} {note.what}: {_short(note.text)}")
    lines.extend(f"  {'':<9} changed  {change}" for change in report.changes)
    lines.append(f"  {'':<9} result   {summary(report)}")
    return lines


def summary(report: Report) -> str:
    """What the article came out as, in one line."""
    article = report.article
    kinds = Counter(block.kind for block in article.blocks)
    parts = [f"date {article.date.isoformat()}" if article.date else "no date",
             "lead" if article.lead else "no lead",
             f"byline {article.byline!r}" if article.byline else "no byline"]
    parts += [f"{count} {kind}{'s' if count > 1 else ''}" for kind, count in kinds.items()]
    missing = sum(1 for b in article.blocks if isinstance(b, Figure) and not b.src)
    if missing:
        parts.append(f"{missing} figure(s) without an image")
    return ", ".join(parts)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1] + "…"
