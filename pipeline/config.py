"""`bantin.toml`: the schema, its defaults, and validation that reports every problem.

Every table and key is optional. The docstring under each field is the
documentation; `docs/configuration.md` repeats it for readers of the repo
(a test keeps the two in step).
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError, printable
from .i18n import _
from .periods import PeriodProblem, parse_period

log = logging.getLogger(__name__)

CONFIG_FILE = "bantin.toml"
_CFG = {"frozen": True, "kw_only": True, "slots": True}


@dataclass(**_CFG)
class Publication:
    """`[publication]`: who publishes the newsletter."""

    name: str = "Bản tin HĐND tỉnh"
    """Publication name printed in the masthead."""
    publisher: str = "Văn phòng Đoàn ĐBQH và HĐND tỉnh"
    """Publisher, printed and written into EPUB/PDF metadata."""
    place: str = ""
    """Place of publication, e.g. "Bắc Kạn"."""
    issues: Mapping[str, int] = field(default_factory=dict)
    """Issue number per period, e.g. `"2022-11" = 11`; never guessed when missing."""


@dataclass(**_CFG)
class Variant:
    """`[variants.<name>]`: one print edition's typography."""

    extends: str | None = None
    """Variant to start from; keys given here override its values (default: standard)."""
    page_size: str = "A4"
    """CSS page size: A4, A5, B5, letter, or two lengths such as "170mm 240mm" (50–1500 mm)."""
    body_size: float = 11.0
    """Body text size in points."""
    heading_scale: float = 1.6
    """Heading size as a multiple of the body size."""
    leading: float = 1.35
    """Line height as a multiple of the body size."""
    columns: int = 2
    """Columns of body text (1–3)."""
    family: str = "serif"
    """Type family: serif, sans, or the name of a face in fonts/."""
    weight: str = "regular"
    """Body weight: regular, semibold or bold."""
    alignment: str = "justify"
    """Body alignment: justify or left (ragged right)."""
    foreground: str = "#000000"
    """Text colour (#rrggbb or a CSS colour name)."""
    background: str = "#ffffff"
    """Page colour (#rrggbb or a CSS colour name)."""


DEFAULT_VARIANTS: dict[str, Variant] = {
    "standard": Variant(),
    "large": Variant(body_size=18.0, heading_scale=1.25, leading=1.5, columns=1,
                     family="sans", alignment="left"),
    "xlarge": Variant(body_size=24.0, heading_scale=1.25, leading=1.5, columns=1,
                      family="sans", alignment="left"),
}


@dataclass(**_CFG)
class Normalize:
    """`[normalize]`: how sources are cleaned."""

    tone_marks: str = "keep"
    """Tone-mark placement: keep (as written), old (hòa, thủy) or new (hoà, thuỷ)."""
    boilerplate: tuple[str, ...] = ()
    """Extra regular expressions; a paragraph that matches one entirely is dropped."""


@dataclass(**_CFG)
class DigestSettings:
    """`[digest]`: which periodic digests `bantin build` makes."""

    periods: tuple[str, ...] = ()
    """Periods to build (2022-11, 2022-Q4, 2022, 2022-11-01..2022-11-15).

    Default: every month that has an article in input/."""
    section_order: tuple[str, ...] = ()
    """Order of sections in a digest; sections not listed follow in alphabetical order."""
    documents_section: str = "Văn bản"
    """Section of administrative documents (resolutions, announcements …) that name no
    section of their own; articles with no section go under "Tin khác"."""


@dataclass(**_CFG)
class Build:
    """`[build]`: how the build runs."""

    jobs: int = 0
    """Worker processes; 0 means one per CPU core (at most 256)."""
    time_limit: float = 60.0
    """Seconds any job may take before it is stopped and reported (1–86400); a job laying out
    long articles gets `time_per_1000_characters` more, reading a big source likewise."""
    time_per_1000_characters: float = 0.15
    """Seconds added to a job's time limit per 1,000 characters of the articles it lays out
    (0–60), twice that for a digest (laid out twice): a 1,000,000-character article gets
    60 + 150 s (laid out here in about 35 s), a year's digest of 360 articles in extra-large
    print about 60 + 370 s (about 90–135 s here). Reading a source gets a tenth of this per
    1,000 bytes of the file."""
    memory_limit: int = 2048
    """MiB of memory one render job may use before it is stopped and reported (256 MiB–1 TiB;
    the sample month needs 192)."""
    max_source_bytes: int = 50 * 1024 * 1024
    """Largest source file read, in bytes (a Word file with its photos; unpacked, a Word file
    may hold twice this); a larger one is refused before it is read."""
    max_picture_pixels: int = 40_000_000
    """Largest picture used, in pixels (width × height; 40 megapixels is four times what a
    full-page photo needs in print); a larger one is left out with a warning, its header
    read but never decoded."""
    max_text_characters: int = 1_000_000
    """Most characters an article may have (about 500 pages of large print); a longer one is
    refused when read, so no runaway layout holds the build."""
    executor: str = "local"
    """Where `bantin build` renders: local (worker processes on this machine) or
    dask://HOST:PORT (the workers of a Dask cluster, see docs/scaling.md). `--executor`
    overrides it; the outputs are the same bytes either way."""


@dataclass(**_CFG)
class Pdf:
    """`[pdf]`: the PDF standard the print editions follow."""

    variant: str = "pdf/ua-1"
    """pdf/ua-1 (tagged, accessible; default) or pdf/a-3a … for archives."""


@dataclass(**_CFG)
class Epub:
    """`[epub]`: the EPUB issues for archives."""

    embed_fonts: bool = True
    """Embed the fonts (subset to the book's characters) so readers without Vietnamese
    fonts show the text correctly."""


RECIPIENTS = ("end", "omit")
"""What `[documents] recipients` may be."""


@dataclass(**_CFG)
class Documents:
    """`[documents]`: how administrative documents (resolutions, announcements …) print."""

    recipients: str = "end"
    """Where a document's "Nơi nhận" list goes in print and EPUB: end (after everything else in
    the document, in smaller type in the standard variant) or omit (left out of print and
    EPUB; it stays in the normalized article and its JSON)."""


MESSAGE_LANGUAGES = ("auto", "vi", "en")
"""What `[messages] language` may be."""


@dataclass(**_CFG)
class Messages:
    """`[messages]`: the language bantin speaks in."""

    language: str = "auto"
    """Language of the messages bantin prints (errors, warnings, summaries): vi (Vietnamese),
    en (English) or auto (the locale's: vi when LANG or LC_ALL starts with vi). `--lang`
    overrides it; the `error:` and `warning:` prefixes stay in English in every language."""


@dataclass(**_CFG)
class Archive:
    """`[archive]`: who deposits the archive packages (`bantin archive`), as their
    bag-info.txt names them."""

    organization: str = ""
    """Source-Organization: the body depositing the issues (default: [publication]
    publisher)."""
    address: str = ""
    """Organization-Address: its postal address."""
    contact_name: str = ""
    """Contact-Name: the person the archive may ask about the package."""
    contact_phone: str = ""
    """Contact-Phone."""
    contact_email: str = ""
    """Contact-Email."""


@dataclass(**_CFG)
class Config:
    """The whole configuration of a project."""

    project: Path = field(default_factory=Path)
    """The project directory (holds input/, layouts/, output/)."""
    publication: Publication = field(default_factory=Publication)
    variants: Mapping[str, Variant] = field(default_factory=lambda: dict(DEFAULT_VARIANTS))
    normalize: Normalize = field(default_factory=Normalize)
    digest: DigestSettings = field(default_factory=DigestSettings)
    build: Build = field(default_factory=Build)
    pdf: Pdf = field(default_factory=Pdf)
    epub: Epub = field(default_factory=Epub)
    documents: Documents = field(default_factory=Documents)
    messages: Messages = field(default_factory=Messages)
    archive: Archive = field(default_factory=Archive)


TABLES: dict[str, type] = {"publication": Publication, "normalize": Normalize,
                           "digest": DigestSettings, "build": Build, "pdf": Pdf, "epub": Epub,
                           "documents": Documents, "messages": Messages, "archive": Archive}
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-1b", "pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u",
                "pdf/a-3a", "pdf/a-4b", "pdf/a-4u")
PAGE_SIZES = ("a3", "a4", "a5", "a6", "b4", "b5", "letter", "legal", "ledger")
_LENGTH = r"\d+(?:\.\d+)?(?:mm|cm|in|pt|px)"
_PAGE_SIZE = re.compile(rf"^(?:{'|'.join(PAGE_SIZES)})(?:\s+(?:portrait|landscape))?$"
                        rf"|^{_LENGTH}\s+{_LENGTH}$", re.IGNORECASE)
MAX_JOBS = 256
MIN_MEMORY_MIB = 256
"""The lower bound of `[build] memory_limit`, rounded up from a measure: the sample month
(input/, two workers) builds with 192 MiB; with 128 two of its outputs fail, with 64 all."""
MAX_MEMORY_MIB = 1024 * 1024
MIN_PAGE_MM, MAX_PAGE_MM = 50, 1500
"""From a small card to beyond A0: what a printer can print."""
_MM_PER = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "px": 25.4 / 96}
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
COLOUR_NAMES = frozenset({
    "black", "white", "yellow", "navy", "blue", "darkblue", "midnightblue", "red", "darkred",
    "maroon", "green", "darkgreen", "gray", "grey", "darkgray", "darkgrey", "dimgray",
    "dimgrey", "lightgray", "lightgrey", "silver", "ivory", "beige", "khaki", "gold",
    "orange", "purple", "brown", "teal", "aqua", "cyan", "fuchsia", "magenta", "lime",
    "olive", "linen", "snow", "whitesmoke"
})


def load_config(project: Path, config_file: Path | None = None) -> Config:
    """Read and validate the project's configuration; `ConfigError` lists every problem."""
    path = config_file if config_file is not None else project / CONFIG_FILE
    if not path.exists():
        if config_file is not None:
            raise ConfigError([_("the configuration file does not exist; check the --config"
                               " path")], path=path)
        return Config(project=project)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([_("cannot read it ({exc}); save it as UTF-8 text").format(exc=exc)],
                          path=path) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([_("not valid TOML: {exc}; fix the syntax there").format(exc=exc)],
                          path=path) from None
    except RecursionError:
        raise ConfigError([_("its tables or lists are nested too deeply to be a configuration;"
                             " fix the file (see docs/configuration.md)")], path=path) from None
    except Exception as exc:  # whatever else the parser meets in a hostile file
        raise ConfigError([_("cannot be read as TOML ({exception}); fix the file (see"
                             " docs/configuration.md)").format(
                                 exception=f"{type(exc).__name__}: {exc}")], path=path) from None
    return parse_config(data, project=project, path=path)


def parse_config(data: Mapping[str, Any], *, project: Path, path: Path | None = None) -> Config:
    """Validate a parsed TOML document; every problem is collected before raising."""
    problems: list[str] = []
    values: dict[str, Any] = {"project": project}
    for key, value in data.items():
        if key == "variants":
            values["variants"] = _variants(value, problems)
        elif key in TABLES:
            values[key] = _table(key, TABLES[key], value, problems)
        else:
            _unknown(key, key, [*TABLES, "variants"], path)
    config = Config(**values)
    problems.extend(_cross_checks(config))
    if problems:
        raise ConfigError(problems, path=path)
    return config


def _unknown(dotted: str, key: str, known: list[str], path: Path | None) -> None:
    guess = difflib.get_close_matches(key, known, n=1)
    where = f"{path}: " if path else ""
    if guess:
        log.warning(_("%sConfig value '%s': unknown key ignored (did you mean %r?)"), where,
                    printable(dotted), guess[0])
    else:
        log.warning(_("%sConfig value '%s': unknown key ignored"), where, printable(dotted))


def _table(name: str, schema: type, value: Any, problems: list[str],
           base: Any = None) -> Any:
    if not isinstance(value, dict):
        problems.append(_("Config value '{name}': expected a table [{name}], got"
                          " {error_type}").format(
                            name=name, error_type=type(value).__name__))
        return base if base is not None else schema()
    fields = {f.name: f for f in dataclasses.fields(schema)}
    given: dict[str, Any] = {}
    for key, item in value.items():
        if key not in fields:
            _unknown(f"{name}.{key}", key, list(fields), None)
            continue
        try:
            given[key] = _check(f"{name}.{key}", key, item, fields[key])
        except ValueError as exc:
            problems.append(_("Config value '{name}.{key}': {exc}").format(
                                name=name, key=key, exc=exc))
    start = base if base is not None else schema()
    return dataclasses.replace(start, **given)


def _variants(value: Any, problems: list[str]) -> dict[str, Variant]:
    variants = dict(DEFAULT_VARIANTS)
    if not isinstance(value, dict):
        problems.append(_("Config value 'variants': expected tables [variants.<name>]"))
        return variants
    pending = dict(value)
    waiting: list[str] = []  # variants put off until the one they extend is made
    while pending:  # a variant may extend one defined later in the file
        name, table = next(iter(pending.items()))
        extends = table.get("extends") if isinstance(table, dict) else None
        # Only a name can be looked up; any other value is reported by _table below.
        base_name = extends if isinstance(extends, str) else None
        if base_name in pending and base_name != name:
            if name in waiting:  # came round again: they extend each other
                chain = printable(" → ".join([*waiting[waiting.index(name):], name]))
                problems.append(_("Config value 'variants.{name}.extends': the variants"
                                  " extend each other in a circle ({chain}); let one extend a"
                                  " variant outside the circle").format(
                                    name=printable(name), chain=chain))
                for member in waiting[waiting.index(name):]:
                    pending.pop(member, None)
                waiting.clear()
                continue
            waiting.append(name)
            pending = {base_name: pending.pop(base_name), **pending}
            continue
        waiting.clear()
        pending.pop(name)
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
            problems.append(_("Config value 'variants.{name}': variant names are lowercase"
                              " letters, digits and hyphens (they become file names)").format(
                                name=printable(name)))
            continue
        if base_name is not None and base_name not in variants:
            problems.append(_("Config value 'variants.{name}.extends': no variant named"
                              " {base_name}; known: {known}").format(
                                name=printable(name), base_name=repr(base_name),
                                known=", ".join(variants)))
            continue
        base = variants.get(base_name or name, variants["standard"])
        variants[name] = _table(f"variants.{name}", Variant, table, problems, base=base)
    return variants


def _check(dotted: str, key: str, value: Any, spec: dataclasses.Field[Any]) -> Any:
    """`value` converted to the field's type, or ValueError saying what is expected."""
    default = (spec.default_factory() if spec.default_factory is not dataclasses.MISSING
               else spec.default)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValueError(_("expected true or false, got {value}").format(value=repr(value)))
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(_("expected a number, got {value}").format(value=repr(value)))
        if not math.isfinite(value):  # TOML allows nan and inf; no setting means them
            raise ValueError(_("expected a finite number, got {value}").format(value=repr(value)))
        return float(value)
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(_("expected a whole number, got {value}").format(value=repr(value)))
        return value
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(_("expected a list of text such as [\"a\", \"b\"], got {value}")
                             .format(value=repr(value)))
        return tuple(value)
    if isinstance(default, Mapping):
        if not isinstance(value, dict):
            raise ValueError(_("expected a table, got {value}").format(value=repr(value)))
        return dict(value)
    if not isinstance(value, str):
        raise ValueError(_("expected text, got {value}").format(value=repr(value)))
    return value


def _cross_checks(config: Config) -> list[str]:
    """Value ranges and formats, per field (all problems, not the first)."""
    problems = []
    for period, number in config.publication.issues.items():
        problems += _period_problem(f"publication.issues.{period}", period)
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            problems.append(_("Config value 'publication.issues.{period}': the issue number"
                              " must be a whole number from 1, got {number}").format(
                                period=period, number=repr(number)))
    for name, v in config.variants.items():
        where = f"variants.{name}"
        if not _PAGE_SIZE.match(v.page_size.strip()):
            problems.append(_("Config value '{where}.page_size': {page_size} is not a page size;"
                              " use A4, A5,"
                              " letter or two lengths such as \"170mm 240mm\"").format(
                                where=where, page_size=repr(v.page_size)))
        elif any(not MIN_PAGE_MM <= length <= MAX_PAGE_MM
                 for length in _lengths_mm(v.page_size)):
            problems.append(_("Config value '{where}.page_size': {page_size} is not a printable"
                              " page; each"
                              " side must be {least}–{most} mm").format(
                                where=where, page_size=repr(v.page_size), least=MIN_PAGE_MM,
                                most=MAX_PAGE_MM))
        if not 6 <= v.body_size <= 72:
            problems.append(_("Config value '{where}.body_size': {body_size:g} pt is outside 6–72"
                              " pt").format(
                                where=where, body_size=v.body_size))
        if not 1 <= v.heading_scale <= 4:
            problems.append(_("Config value '{where}.heading_scale': {heading_scale:g} is outside"
                              " 1–4").format(
                                where=where, heading_scale=v.heading_scale))
        if not 1 <= v.leading <= 3:
            problems.append(_("Config value '{where}.leading': {leading:g} is outside 1–3").format(
                                where=where, leading=v.leading))
        if not 1 <= v.columns <= 3:
            problems.append(_("Config value '{where}.columns': {columns} is outside 1–3").format(
                                where=where, columns=v.columns))
        if v.weight not in ("regular", "semibold", "bold"):
            problems.append(_("Config value '{where}.weight': use regular, semibold or bold, not"
                              " {weight}").format(
                                where=where, weight=repr(v.weight)))
        if v.alignment not in ("justify", "left"):
            problems.append(_("Config value '{where}.alignment': use justify or left, not"
                              " {alignment}").format(
                                where=where, alignment=repr(v.alignment)))
        for key in ("foreground", "background"):
            colour = getattr(v, key)
            if not (_COLOUR.match(colour) or colour.lower() in COLOUR_NAMES):
                problems.append(_("Config value '{where}.{key}': {colour} is not a colour; use"
                                  " #rrggbb").format(
                                    where=where, key=key, colour=repr(colour)))
    if config.normalize.tone_marks not in ("keep", "old", "new"):
        problems.append(_("Config value 'normalize.tone_marks': use keep, old (hòa, thủy) or"
                          " new (hoà, thuỷ), not {tone_marks}").format(
                            tone_marks=repr(config.normalize.tone_marks)))
    for pattern in config.normalize.boilerplate:
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(_("Config value 'normalize.boilerplate': {pattern} is not a regular"
                              " expression ({exc})").format(pattern=repr(pattern), exc=exc))
    for period in config.digest.periods:
        problems += _period_problem("digest.periods", period)
    if not 0 <= config.build.jobs <= MAX_JOBS:
        problems.append(_("Config value 'build.jobs': use 0 (one per core) up to {most}").format(
                            most=MAX_JOBS))
    if not (math.isfinite(config.build.time_limit) and 1 <= config.build.time_limit <= 86400):
        problems.append(_("Config value 'build.time_limit': use a number of seconds from 1 to"
                          " 86400 (a day), not {time_limit}").format(
                            time_limit=repr(config.build.time_limit)))
    if not (math.isfinite(config.build.time_per_1000_characters)
            and 0 <= config.build.time_per_1000_characters <= 60):
        problems.append(_("Config value 'build.time_per_1000_characters': use a number of"
                          " seconds from 0 to 60, not {seconds}").format(
                            seconds=repr(config.build.time_per_1000_characters)))
    if config.build.max_source_bytes < 1024:
        problems.append(_("Config value 'build.max_source_bytes': use 1024 bytes or more"))
    if not 10_000 <= config.build.max_picture_pixels <= 1_000_000_000:
        problems.append(_("Config value 'build.max_picture_pixels': use a number of pixels from"
                          " 10000 to 1000000000"))
    if config.build.max_text_characters < 1000:
        problems.append(_("Config value 'build.max_text_characters': use 1000 or more"))
    try:
        executor_address(config.build.executor)
    except ValueError as exc:
        problems.append(_("Config value 'build.executor': {exc}").format(exc=exc))
    if not MIN_MEMORY_MIB <= config.build.memory_limit <= MAX_MEMORY_MIB:
        problems.append(_("Config value 'build.memory_limit': use a number of MiB from"
                          " {least} to {most} (1 TiB), not {memory_limit}").format(
                            least=MIN_MEMORY_MIB, most=MAX_MEMORY_MIB,
                            memory_limit=repr(config.build.memory_limit)))
    if config.pdf.variant not in PDF_VARIANTS:
        problems.append(_("Config value 'pdf.variant': use one of {known}, not {variant}").format(
                            known=", ".join(PDF_VARIANTS), variant=repr(config.pdf.variant)))
    if config.documents.recipients not in RECIPIENTS:
        problems.append(_("Config value 'documents.recipients': use end (print the 'Nơi nhận'"
                          " list at the end of the document) or omit (leave it out), not"
                          " {recipients}").format(recipients=repr(config.documents.recipients)))
    if config.messages.language not in MESSAGE_LANGUAGES:
        problems.append(_("Config value 'messages.language': use vi (Vietnamese), en (English)"
                          " or auto (the locale's), not {language}").format(
                              language=repr(config.messages.language)))
    return problems


def executor_address(executor: str) -> str | None:
    """The Dask scheduler's address (`tcp://HOST:PORT`) that `executor` names, None for the
    local pool; ValueError saying how to write it."""
    if executor.strip().lower() == "local":
        return None
    try:
        parts = urlsplit(executor.strip())
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme.lower() != "dask" or not parts.hostname:
        raise ValueError(_("use local or dask://HOST:PORT (a Dask scheduler), not {executor}")
                         .format(executor=repr(executor)))
    if port is None or port == 0:
        raise ValueError(_("{executor} names no port; give the scheduler's, as in"
                           " dask://{host}:8786").format(executor=repr(executor),
                                                         host=parts.hostname))
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(_("{executor}: give only the scheduler's host and port, as in"
                           " dask://{host}:{port}").format(executor=repr(executor),
                                                           host=parts.hostname, port=port))
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"tcp://{host}:{port}"


def _lengths_mm(page_size: str) -> list[float]:
    """The two lengths of a page size written as lengths, in millimetres (none for A4 …)."""
    found = re.findall(r"(\d+(?:\.\d+)?)(mm|cm|in|pt|px)", page_size.lower())
    return [float(number) * _MM_PER[unit] for number, unit in found]


def _period_problem(dotted: str, period: str) -> list[str]:
    try:
        parse_period(period)
    except PeriodProblem as exc:
        return [f"Config value '{dotted}': {exc}"]
    return []
