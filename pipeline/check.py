"""`bantin check`: are the outputs what the manifest says, and do they validate?

Each file is compared with output/manifest.json (present, same SHA-256 and
size; no unlisted file), then validated: a PDF must embed its fonts, draw
every character with a real glyph (none as .notdef), be tagged, say its
language and title, carry page labels and bookmarks, and set its body at
the variant's size; an EPUB must have a sound structure
(checked here, whatever is installed) and pass EPUBCheck and DAISY Ace. A
validator that cannot run is a warning, so `--strict` fails. Verdicts are
kept by SHA-256 and validator version in `.bantin-cache/`, so checking an
unchanged file again costs nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .cache import CACHE_DIR, temporary_folder
from .config import Config
from .i18n import _
from .manifest import MANIFEST, Entry, ManifestError, ignored_message, read_manifest
from .validate import Unavailable, ace, epub_structure, epubcheck, pdf_facts, versions
from .writing import write_atomic


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: `error` fails the check, `warning` fails it only under `--strict`."""

    level: str
    path: Path
    message: str

    def line(self) -> str:
        return f"{self.level}: {self.path}: {self.message}"


def check(paths: Sequence[Path], config: Config) -> tuple[list[Finding], int]:
    """Findings for the outputs under `paths` (default output/), and how many files were checked."""
    output = config.project / "output"
    roots = list(paths) or [output]
    packages = (output / "archive").resolve()  # bags are checked with archive --verify
    files = sorted({f for root in roots for f in (
        [root] if root.is_file() else root.rglob("*")) if f.is_file()
        and f.suffix in (".pdf", ".epub") and not f.name.startswith(".")
        and (root.is_file() or not f.resolve().is_relative_to(packages))})
    findings: list[Finding] = []
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
        findings += _against_manifest(files, output, manifest, whole=not paths)
    verdicts = Verdicts(config.project)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for result in pool.map(lambda f: _validate(f, config, manifest or {}, output, verdicts),
                               files):
            findings += result
    verdicts.save()
    return findings, len(files)


class Verdicts:
    """Validator verdicts by (validator, its version, the file's SHA-256)."""

    def __init__(self, project: Path) -> None:
        self.path = project / CACHE_DIR / "verdicts.json"
        self.temp = temporary_folder(project)
        try:
            known = json.loads(self.path.read_text(encoding="utf-8"))
            self.known: dict[str, list[str]] = known if isinstance(known, dict) else {}
        except (OSError, ValueError):
            self.known = {}  # none yet, or damaged: validate again
        self.changed = False

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


def _against_manifest(files: list[Path], output: Path, manifest: dict[str, Entry], *,
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
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != entry.sha256 or len(data) != entry.bytes:
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


def _validate(path: Path, config: Config, manifest: dict[str, Entry], output: Path,
              verdicts: Verdicts) -> list[Finding]:
    if path.suffix == ".pdf":
        return _validate_pdf(path, _variant_of(path, manifest, output), config)
    return _validate_epub(path, verdicts)


_MISSING_SHOWN = 10
"""Characters without a glyph named one by one; more are counted."""


def _validate_pdf(path: Path, variant: str | None, config: Config) -> list[Finding]:
    try:
        facts = pdf_facts(path)
    except Exception as exc:  # a damaged file is a finding, not a crash
        return [Finding("error", path, _("cannot be read as a PDF ({exc})").format(exc=exc))]
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


def _validate_epub(path: Path, verdicts: Verdicts) -> list[Finding]:
    structure = epub_structure(path)
    if structure:  # the outside validators would only repeat it, slowly
        return [Finding("error", path, _("broken EPUB: {problem}").format(problem=problem))
                for problem in structure]
    findings = []
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
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
