"""`bantin check`: are the outputs what the manifest says, and do they validate?

Each file is compared with output/manifest.json (present, same SHA-256 and
size; no unlisted file), then validated: a PDF must embed its fonts, draw
every character with a real glyph (none as .notdef), be tagged, say its
language and title, carry page labels and bookmarks, and set its body at
the variant's size; an EPUB must have a sound structure
(checked here, whatever is installed) and pass EPUBCheck and DAISY Ace. A
validator that cannot run is a warning, so `--strict` fails. Verdicts are
kept by SHA-256 and validator version in `.bantin-cache/` (what a PDF was
read to hold, by SHA-256 and `FACTS_VERSION`), so checking an unchanged file
again costs only its hash. PDFs are read in worker processes (pypdf is pure
Python: threads would take turns), each under the build's limits.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import CACHE_DIR, temporary_folder
from .config import Config
from .i18n import _
from .manifest import MANIFEST, Entry, ManifestError, ignored_message, read_manifest
from .plan import file_digest
from .pool import Done, Stopped, pooled
from .validate import PdfFacts, Unavailable, ace, epub_structure, epubcheck, pdf_facts, versions
from .writing import write_atomic

FACTS_VERSION = "1"
"""What `validate.pdf_facts` reads of a PDF; stored facts of another version are read again."""
SECONDS_PER_MEGABYTE = 20.0
"""Reading a PDF's facts may take `[build] time_limit` plus this per megabyte (a
1,200-page digest of 10 MB takes about 15 s on one core)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: `error` fails the check, `warning` fails it only under `--strict`."""

    level: str
    path: Path
    message: str

    def line(self) -> str:
        return f"{self.level}: {self.path}: {self.message}"


def check(paths: Sequence[Path], config: Config, *,
          validators: bool = True) -> tuple[list[Finding], int]:
    """Findings for the outputs under `paths` (default output/), and how many files were checked.

    `validators=False` leaves EPUBCheck and Ace out (and says nothing of their absence): the
    manifest and bantin's own checks of every PDF and EPUB remain, in seconds where the
    validators take minutes.
    """
    output = config.project / "output"
    roots = list(paths) or [output]
    packages = (output / "archive").resolve()  # bags are checked with archive --verify
    files = sorted({f for root in roots for f in (
        [root] if root.is_file() else root.rglob("*")) if f.is_file()
        and f.suffix in (".pdf", ".epub") and not f.name.startswith(".")
        and (root.is_file() or not f.resolve().is_relative_to(packages))})
    findings: list[Finding] = []
    fingerprints = _fingerprints(files)  # each file read once, for the manifest and verdicts
    manifest: dict[str, Entry] | None
    try:
        recorded = read_manifest(output)
    except ManifestError as damaged:
        findings.append(Finding("error", output / MANIFEST, damaged.message))
        manifest = None
    else:
        manifest = recorded.entries
        if recorded.ignored:  # check is stricter than build: a hand-edited entry fails it
            findings.append(Finding("error", output / MANIFEST, _("is damaged: {problem}")
                                    .format(problem=ignored_message(recorded))))
    if manifest is not None:
        if not (output / MANIFEST).exists() and not paths:
            findings.append(Finding("error", output / MANIFEST, _("no manifest; run bantin"
                                                                  " build")))
        findings += _against_manifest(files, output, manifest, fingerprints, whole=not paths)
    verdicts = Verdicts(config.project)
    pdfs = [f for f in files if f.suffix == ".pdf"]
    for path, facts in _pdf_facts(pdfs, fingerprints, config, verdicts).items():
        findings += _pdf_findings(path, facts, _variant_of(path, manifest or {}, output), config)
    epubs = [f for f in files if f.suffix == ".epub"]

    def epub_findings(path: Path) -> list[Finding]:
        known = fingerprints[path]
        return _validate_epub(path, known[0] if isinstance(known, tuple) else None,
                              verdicts if validators else None)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for result in pool.map(epub_findings, epubs):
            findings += result
    verdicts.save()
    return findings, len(files)


def _fingerprints(files: list[Path]) -> dict[Path, tuple[str, int] | str]:
    """Each file's SHA-256 and size, or why it cannot be read."""
    found: dict[Path, tuple[str, int] | str] = {}
    for path in files:
        try:
            found[path] = (file_digest(path), path.stat().st_size)
        except OSError as exc:
            found[path] = exc.strerror or str(exc)
    return found


def _pdf_facts(paths: list[Path], fingerprints: dict[Path, tuple[str, int] | str],
               config: Config, verdicts: Verdicts) -> dict[Path, PdfFacts | str]:
    """Each PDF's facts (stored ones by SHA-256, the others read in worker processes), or
    why it could not be read."""
    found: dict[Path, PdfFacts | str] = {}
    keys: dict[Path, str] = {}
    sizes: dict[Path, int] = {}
    for path in paths:
        known = fingerprints[path]
        if isinstance(known, str):
            found[path] = known
            continue
        keys[path] = f"pdf-facts:{FACTS_VERSION}:{known[0]}"
        sizes[path] = known[1]
        stored = verdicts.known.get(keys[path])
        if isinstance(stored, dict):
            with contextlib.suppress(TypeError, ValueError, KeyError):  # damaged: read again
                found[path] = _facts_from(stored)
    todo = sorted((p for p in keys if p not in found), key=lambda p: -sizes[p])
    limits = config.build
    for path, outcome in pooled(
            todo, pdf_facts, workers=min(limits.jobs or os.cpu_count() or 1, len(todo)),
            memory_limit=limits.memory_limit,
            time_limit=lambda p: limits.time_limit + SECONDS_PER_MEGABYTE * sizes[p] / 1e6):
        if isinstance(outcome, Done):
            found[path] = outcome.value
            verdicts.remember(keys[path], dataclasses.asdict(outcome.value))
        elif isinstance(outcome.error, Stopped):
            found[path] = _("reading it {stopped}; if the file is sound, raise [build]"
                            " time_limit or memory_limit in bantin.toml").format(
                              stopped=outcome.error)
        else:  # any exception from a damaged file is a finding, never a crash
            found[path] = str(outcome.error)
    return {path: found[path] for path in paths}


def _facts_from(stored: dict[str, Any]) -> PdfFacts:
    """Facts stored as JSON (lists where the dataclass holds tuples); ValueError when they
    are not what `pdf_facts` stores (a damaged or hand-edited cache: read the PDF again)."""
    facts = PdfFacts(**{
        **stored, "unembedded_fonts": tuple(stored["unembedded_fonts"]),
        "missing_glyphs": tuple(tuple(m) for m in stored["missing_glyphs"])})
    sound = (all(isinstance(f, str) for f in facts.unembedded_fonts)
             and all(len(m) == 3 and isinstance(m[0], int) and isinstance(m[1], str)
                     and isinstance(m[2], str) for m in facts.missing_glyphs)
             and isinstance(facts.tagged, bool) and isinstance(facts.page_labels, bool)
             and isinstance(facts.bookmarks, int) and isinstance(facts.pages, int)
             and isinstance(facts.language, str | None) and isinstance(facts.title, str | None)
             and isinstance(facts.body_size, int | float | None))
    if not sound:
        raise ValueError("not the facts pdf_facts stores")
    return facts


class Verdicts:
    """Validator verdicts by (validator, its version, the file's SHA-256)."""

    def __init__(self, project: Path) -> None:
        self.path = project / CACHE_DIR / "verdicts.json"
        self.temp = temporary_folder(project)
        try:
            known = json.loads(self.path.read_text(encoding="utf-8"))
            self.known: dict[str, Any] = known if isinstance(known, dict) else {}
        except (OSError, ValueError):
            self.known = {}  # none yet, or damaged: validate again
        self.changed = False

    def remember(self, key: str, value: Any) -> None:
        self.known[key] = value
        self.changed = True

    def get(self, validator: str, digest: str, run: Callable[[], list[str]]) -> list[str]:
        """The stored verdict, or `run()`'s (stored unless the validator was unavailable)."""
        key = f"{validator}:{versions()[validator]}:{digest}"
        if key not in self.known:
            self.known[key] = run()  # Unavailable propagates: nothing is stored
            self.changed = True
        return list(self.known[key])

    def save(self) -> None:
        if not self.changed:
            return
        with contextlib.suppress(OSError):  # an unwritable cache only costs time next run
            write_atomic(self.path, json.dumps(self.known, sort_keys=True).encode(), self.temp)


def _against_manifest(files: list[Path], output: Path, manifest: dict[str, Entry],
                      fingerprints: dict[Path, tuple[str, int] | str], *,
                      whole: bool) -> list[Finding]:
    findings = []
    listed = set()
    for path in files:
        relative = _relative(path, output)
        entry = manifest.get(relative) if relative else None
        if entry is None:
            if relative is not None:
                findings.append(Finding("warning", path, _("not in output/manifest.json (left"
                                                           " by an older build, or not made by"
                                                           " bantin)")))
            continue
        listed.add(relative)
        if fingerprints[path] != (entry.sha256, entry.bytes):
            findings.append(Finding("error", path, _("differs from output/manifest.json"
                                                     " (changed after the build); run bantin"
                                                     " build again")))
    if whole:
        for relative in sorted(set(manifest) - listed):
            findings.append(Finding("error", output / relative, _("listed in the manifest but"
                                                                  " missing; run bantin build"
                                                                  " again")))
    return findings


def _relative(path: Path, output: Path) -> str | None:
    resolved = path.resolve()
    root = output.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else None


def _variant_of(path: Path, manifest: dict[str, Entry], output: Path) -> str | None:
    entry = manifest.get(_relative(path, output) or "")
    if entry is not None:
        variant: str | None = entry.variant
        return variant
    parts = path.name.split(".")
    return parts[-2] if len(parts) >= 3 else None


_MISSING_SHOWN = 10
"""Characters without a glyph named one by one; more are counted."""


def _pdf_findings(path: Path, facts: PdfFacts | str, variant: str | None,
                  config: Config) -> list[Finding]:
    if isinstance(facts, str):
        return [Finding("error", path, _("cannot be read as a PDF ({exc})").format(exc=facts))]
    findings = []

    def error(message: str) -> None:
        findings.append(Finding("error", path, message))

    if facts.unembedded_fonts:
        error(_("fonts not embedded: {fonts}").format(fonts=", ".join(facts.unembedded_fonts)))
    for page, char, font in facts.missing_glyphs[:_MISSING_SHOWN]:
        error(_("page {page}: {character} has no glyph in the font {font} and prints as an empty"
                " box; build again with a bantin that replaces it, or use a font that has it")
              .format(page=page, character=_shown(char), font=font))
    if len(facts.missing_glyphs) > _MISSING_SHOWN:
        error(_("{count} more character(s) have no glyph").format(
            count=len(facts.missing_glyphs) - _MISSING_SHOWN))
    if not facts.tagged:
        error(_("not a tagged PDF (no structure tree)"))
    if not facts.language:
        error(_("no document language (/Lang)"))
    if not facts.title:
        error(_("no title in the metadata"))
    if not facts.page_labels:
        error(_("no page labels"))
    if not facts.bookmarks:
        error(_("no bookmarks"))
    settings = config.variants.get(variant or "")
    if settings is not None and facts.body_size is not None and (
            facts.body_size + 0.05 < settings.body_size):
        error(_("body text is {size:g} pt; the {variant} variant needs {needed:g} pt").format(
            size=facts.body_size, variant=variant, needed=settings.body_size))
    return findings


def _shown(text: str) -> str:
    """`U+2264 «≤»` for a character (its code alone if it shows nothing), else the text."""
    if len(text) != 1:
        return repr(text)
    code = ord(text)
    visible = text.isprintable() and not (0xE000 <= code <= 0xF8FF or code >= 0xF0000)
    return f"U+{code:04X}" + (f" «{text}»" if visible else "")


def _validate_epub(path: Path, digest: str | None, verdicts: Verdicts | None) -> list[Finding]:
    """The EPUB's structure, then EPUBCheck and Ace (their verdicts kept by the file's SHA-256,
    `digest`) unless `verdicts` or `digest` is None."""
    structure = epub_structure(path)
    if structure:  # the outside validators would only repeat it, slowly
        return [Finding("error", path, _("broken EPUB: {problem}").format(problem=problem))
                for problem in structure]
    if verdicts is None or digest is None:
        return []
    findings = []
    try:
        for message in verdicts.get("epubcheck", digest, lambda: list(epubcheck(path).messages)):
            level = "warning" if message.startswith(("INFO", "USAGE")) else "error"
            findings.append(Finding(level, path, f"EPUBCheck {message}"))  # its own words
    except Unavailable as missing:
        findings.append(Finding("warning", path, _("not checked with EPUBCheck: {missing}")
                                .format(missing=missing)))
    try:
        for violation in verdicts.get("ace", digest, lambda: ace(path)):
            findings.append(Finding("error", path, f"Ace {violation}"))  # its own words
    except Unavailable as missing:
        findings.append(Finding("warning", path, _("not checked with Ace: {missing}")
                                .format(missing=missing)))
    return findings
