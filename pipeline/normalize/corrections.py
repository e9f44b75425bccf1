"""Corrections kept beside a source: `input/<source file name>.fix.toml`.

Communications staff correct what a reader got wrong — a title, a date, the
lead, the byline, the section, the tags — without touching the source as
received. The file is small TOML, readable and reviewable:

    # Corrections to 2022-11-04-giam-sat.md; the source itself is never changed.
    title = "Ban Văn hóa – Xã hội giám sát y tế cơ sở tại Bạch Thông"
    date = 2022-11-05
    section = "Giám sát"
    tags = ["y tế", "giám sát"]
    lead = ""                       # "" removes what the reader took for a lead

    [kept]                          # how the article was first published
    slug = "giam-sat-y-te-co-so-bach-thong"
    date = 2022-11-04

Every command applies it (`build`, `normalize`, `digest`, `render`), and
`normalize --report` lists each correction. A correction never moves an
output: the article keeps the slug and the identifier (publisher + slug +
date) it had before it was corrected — the ones recorded under `[kept]`, or,
when the file records none, the ones its source gives uncorrected. `.toml`
is no source extension, so the input scan never reads the file as an article.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..dates import DateProblem, parse_date
from ..errors import SourceError
from ..i18n import _
from ..model import Article
from ..sources.base import RawSource
from ..writing import write_atomic

SUFFIX = ".fix.toml"
FIELDS = ("title", "date", "lead", "byline", "section", "tags")
"""What a correction may change."""


@dataclass(frozen=True, slots=True)
class Corrections:
    """One source's corrections, as its `.fix.toml` gives them."""

    path: Path
    values: dict[str, Any]
    """Field → corrected value ("" clears a text field)."""
    kept_slug: str | None = None
    kept_date: dt.date | None = None
    kept_undated: bool = False
    """`[kept] date = ""`: the article was first published without a date."""

    def apply(self, raw: RawSource) -> RawSource:
        """The raw source with the corrected fields in place of what the reader found."""
        return replace(raw, metadata={**raw.metadata, **self.values})

    def settle(self, before: Article, corrected: Article) -> Article:
        """The corrected article under the slug and identity it had before (outputs keep
        their names and identifiers)."""
        slug = self.kept_slug or before.slug
        if self.kept_undated:
            day = ""
        elif self.kept_date is not None:
            day = self.kept_date.isoformat()
        else:
            day = before.date.isoformat() if before.date else ""
        return replace(corrected, slug=slug, identity=(slug, day))

    def describe(self, before: Article, after: Article) -> list[str]:
        """One `--report` line per corrected field: «before» → «after»."""
        lines = []
        for name in FIELDS:
            if name not in self.values:
                continue
            old, new = getattr(before, name), getattr(after, name)
            if isinstance(old, tuple):
                old, new = ", ".join(old), ", ".join(new)
            lines.append(f"corrected {name} ({self.path.name}): «{_shown(old)}» → «{_shown(new)}»")
        return lines


def _shown(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 70 else text[:69] + "…"


def fix_file(source: Path) -> Path:
    """Where the corrections of `source` are kept: `<source file name>.fix.toml`."""
    return source.with_name(source.name + SUFFIX)


def load(source: Path) -> Corrections | None:
    """The corrections kept beside `source`, or None when there are none; `SourceError`
    (naming the .fix.toml) for a file that cannot be used."""
    path = fix_file(source)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(_("cannot read this corrections file ({exc}); save it as UTF-8"
                            " text").format(
                              exc=exc),
                          path=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(_("this corrections file is not valid TOML ({exc}); write one 'key ="
                            " \"value\"' per line").format(exc=exc), path=path) from None
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "kept":
            continue
        if key not in FIELDS:
            raise SourceError(_("'{key}' cannot be corrected here; a .fix.toml corrects"
                                " {keys}").format(
                                  key=key, keys=", ".join(FIELDS)), path=path)
        values[key] = _value(key, value, path)
    kept = data.get("kept", {})
    if not isinstance(kept, dict) or set(kept) - {"slug", "date"}:
        raise SourceError(_("[kept] holds only the slug and the date the article was first"
                            " published with"), path=path)
    slug = kept.get("slug")
    if slug is not None and (not isinstance(slug, str) or not slug.strip()):
        raise SourceError(_("[kept] slug must be the article's slug as text"), path=path)
    kept_date = kept.get("date")
    undated = kept_date == ""
    if kept_date is not None and not undated:
        kept_date = _date(kept_date, path, "[kept] date")
    return Corrections(path=path, values=values, kept_slug=slug,
                       kept_date=None if undated else kept_date, kept_undated=undated)


def _value(key: str, value: Any, path: Path) -> Any:
    if key == "date":
        return _date(value, path, "date").isoformat()
    if key == "tags":
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise SourceError(_("tags must be a list of text, e.g. tags = [\"giám sát\", \"y"
                                " tế\"]"),
                              path=path)
        return value
    if not isinstance(value, str):
        raise SourceError(_("{key} must be text in quotes, e.g. {key} = \"…\"").format(
                              key=key), path=path)
    return value


def _date(value: Any, path: Path, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except DateProblem as exc:
            raise SourceError(f"{what}: {exc}", path=path) from None
    raise SourceError(_("{what} must be a date such as 2022-11-05").format(what=what), path=path)


def save(article: Article, changes: dict[str, Any]) -> Path:
    """Record `changes` (field → value as a `.fix.toml` holds it) beside the article's source,
    keeping the corrections already there and the slug and date it was first published
    with; the file is written whole or not at all."""
    path = fix_file(article.source)
    existing = load(article.source)
    values = {**(existing.values if existing else {}), **changes}
    for name, value in values.items():
        _value(name, value, path)  # what could not be read back is never written
    if existing is not None and (existing.kept_slug or existing.kept_date
                                 or existing.kept_undated):
        slug = existing.kept_slug or article.slug
        day = "" if existing.kept_undated else (
            existing.kept_date.isoformat() if existing.kept_date else "")
    else:
        slug = article.slug
        day = article.identity[1] if len(article.identity) > 1 else (
            article.date.isoformat() if article.date else "")
    lines = [f"# Corrections to {article.source.name}; the source itself is never changed.",
             "# Written by `bantin serve`; edit it by hand as you like.", ""]
    for name in FIELDS:
        if name in values:
            lines.append(f"{name} = {_toml(values[name], name)}")
    lines += ["", "[kept]  # how the article was first published: its outputs keep these",
              f"slug = {_toml(slug, 'slug')}", f"date = {_toml(day, 'date')}"]
    text = "\n".join(lines) + "\n"
    tomllib.loads(text)  # a value that breaks TOML is a bug here, never a broken file there
    write_atomic(path, text.encode("utf-8"))
    return path


def _toml(value: Any, name: str) -> str:
    """One TOML value: a date bare, text as a basic string (JSON's escapes are TOML's)."""
    if name == "date" and value:
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


__all__ = ["FIELDS", "SUFFIX", "Corrections", "fix_file", "load", "save"]
