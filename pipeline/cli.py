"""The `bantin` command: thin click commands over the library functions."""

from __future__ import annotations

import functools
import json
import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .build import Outcome, build, digest, render
from .config import Config, executor_address, load_config
from .corpus import load
from .errors import BantinError, printable
from .export import article_record, write_markdown
from .i18n import LANGUAGES, _, set_language
from .progress import Progress, summary, summary_table
from .render import RENDERERS
from .report import format_report

log = logging.getLogger("pipeline")


class _UserLog(logging.Handler):
    """Prints `warning: …` lines on stderr and counts every warning for `--strict`.

    Warnings are counted even when `-q` hides them: quiet must never make
    `--strict` pass.
    """

    def __init__(self, shown: int) -> None:
        super().__init__(logging.DEBUG)
        self.shown = shown
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        if logging.WARNING <= record.levelno < logging.ERROR:
            self.warnings += 1
        if record.levelno < self.shown:
            return
        label = ("error" if record.levelno >= logging.ERROR else
                 "warning" if record.levelno >= logging.WARNING else "info")
        message = record.getMessage()
        if record.levelno < logging.ERROR:  # names from sources: one line each, printable
            message = printable(message)
        if record.exc_info and record.levelno < logging.WARNING:  # -vv: the traceback
            message += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
        click.echo(f"{label}: {message}", err=True)


def _setup_logging(verbose: int, quiet: bool) -> _UserLog:
    shown = (logging.ERROR if quiet else logging.DEBUG if verbose > 1
             else logging.INFO if verbose else logging.WARNING)
    handler = _UserLog(shown)
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(min(shown, logging.WARNING))  # warnings always reach the counter
    return handler


def common_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--project`, `--config`, `-v/-q` and `--strict`, shared by every command."""

    @click.option("--project", type=click.Path(file_okay=False, path_type=Path),
                  default=".", show_default=True,
                  help="Project folder (holds input/, layouts/, bantin.toml, output/).")
    @click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
                  help="Configuration file (default: PROJECT/bantin.toml).")
    @click.option("-v", "--verbose", count=True, help="Say more (repeat for debug detail).")
    @click.option("-q", "--quiet", is_flag=True, help="Only print errors.")
    @click.option("--strict", is_flag=True, help="Treat warnings as failures (exit 1).")
    @click.pass_context
    @functools.wraps(command)
    def wrapper(ctx: click.Context, /, project: Path, config_file: Path | None, verbose: int,
                quiet: bool, strict: bool, **kwargs: Any) -> None:
        handler = _setup_logging(verbose, quiet)
        config = load_config(project, config_file)
        if ctx.find_root().params.get("lang") is None and config.messages.language != "auto":
            set_language(config.messages.language)  # --lang, when given, comes first
        failed = command(config=config, **kwargs)
        if failed:
            ctx.exit(1)
        if strict and handler.warnings:
            message = _("{count} warning(s) and --strict was given").format(
                count=handler.warnings)
            click.echo(f"error: {message}", err=True)
            ctx.exit(1)

    return wrapper


def _quiet() -> bool:
    """True under `-q`: only errors are printed."""
    handler = next((h for h in log.handlers if isinstance(h, _UserLog)), None)
    return handler is not None and handler.shown >= logging.ERROR


def _language_option(ctx: click.Context, param: click.Parameter,
                     value: str | None) -> str | None:
    """`--lang`: vi or en, else one `error:` line (click's usage text would be several)."""
    if value is None:
        return None
    if value.lower() not in LANGUAGES:
        raise BantinError(_("--lang: use vi (Vietnamese) or en (English), not {value}").format(
            value=repr(value)))
    return value.lower()


def _executor_option(ctx: click.Context, param: click.Parameter,
                     value: str | None) -> str | None:
    """`--executor`: local or dask://HOST:PORT, else one `error:` line saying how to write it."""
    if value is not None:
        try:
            executor_address(value)
        except ValueError as exc:
            raise BantinError(f"--executor: {exc}") from None
    return value


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="bantin")
@click.option("--lang", metavar="[vi|en]", callback=_language_option,
              help="Language of the messages (default: [messages] language in bantin.toml,"
                   " else the locale, e.g. LANG=vi_VN.UTF-8).")
def main(lang: str | None) -> None:
    """Bản tin: Vietnamese council news articles to print and EPUB editions."""
    set_language(lang)  # None: bantin.toml's choice or the locale's (see common_options)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="Print the normalized articles as a JSON array.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write each article as canonical Markdown to OUT/<slug>.md.")
@click.option("--report", is_flag=True,
              help="List per source what was dropped, recognised and changed.")
@common_options
def normalize(config: Config, sources: tuple[Path, ...], as_json: bool,
              out_dir: Path | None, report: bool) -> bool:
    """Read SOURCES (files or folders; default: PROJECT/input) into canonical articles."""
    paths = list(sources) or [config.project / "input"]
    for path in paths:
        if not path.exists():
            raise BantinError(_("no such file or folder; check the path"), path=path)
    corpus = load(paths, config, report=report)
    for error in corpus.errors:
        error.show()
    for entry in corpus.reports:
        for line in format_report(entry):
            click.echo(line, err=as_json)
    if as_json:
        records = [article_record(article) for article in corpus.articles]
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    if out_dir is not None:
        for article in corpus.articles:
            written = write_markdown(article, out_dir)
            log.info(_("wrote %s"), written)
    if not (as_json or out_dir or report):
        for article in corpus.articles:
            date = article.date.isoformat() if article.date else _("(no date)")
            click.echo(f"{date}  {article.slug}  {article.title}")
    if out_dir is not None:
        log.info(_("%d article(s) normalized, %d source(s) failed; written to %s"),
                 len(corpus.articles), len(corpus.errors), out_dir)
    else:
        log.info(_("%d article(s) normalized, %d source(s) failed"), len(corpus.articles),
                 len(corpus.errors))
    return bool(corpus.errors)


def _report(outcome: Outcome) -> bool:
    for error in outcome.errors:
        error.show()
    click.echo(_("{written} file(s) written, {failed} failed ({seconds:.1f} s)").format(
        written=len(outcome.written), failed=len(outcome.errors), seconds=outcome.seconds),
        err=True)
    return bool(outcome.errors)


@main.command("render")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Write OUT/<slug>/<slug>.<variant>.<format>.")
@click.option("--variant", "variants", multiple=True, metavar="NAME",
              help="A configured variant (repeatable; default: every variant).")
@click.option("--format", "formats", multiple=True, type=click.Choice(sorted(RENDERERS)),
              help="Output format (repeatable; default: pdf).")
@common_options
def render_command(config: Config, sources: tuple[Path, ...], out_dir: Path,
                   variants: tuple[str, ...], formats: tuple[str, ...]) -> bool:
    """Render SOURCES (files or folders) into print editions under --out."""
    for path in sources:
        if not path.exists():
            raise BantinError(_("no such file or folder; check the path"), path=path)
    outcome = render(list(sources), config, out_dir, variants=variants,
                     formats=formats or ("pdf",))
    return _report(outcome)


@main.command("build")
@click.option("--variant", "variants", multiple=True, metavar="NAME",
              help="Only these variants (repeatable; default: every configured variant).")
@click.option("-j", "--jobs", "workers", type=click.IntRange(min=0), default=0,
              help="Worker processes (default: [build] jobs, or one per core).")
@click.option("--force", is_flag=True, help="Ignore the cache: render everything again.")
@click.option("--executor", metavar="local|dask://HOST:PORT", callback=_executor_option,
              help="Where to render: worker processes here (local), or the workers of the"
                   " Dask cluster whose scheduler is at HOST:PORT (default: [build] executor,"
                   " else local).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary on stdout.")
@common_options
def build_command(config: Config, variants: tuple[str, ...], workers: int, force: bool,
                  executor: str | None, as_json: bool) -> bool:
    """Build every article and digest of the project's input/ into output/.

    Only outputs whose inputs changed are rendered again; output/manifest.json
    records every file with its SHA-256 and inputs.
    """
    quiet = _quiet()
    with Progress(enabled=not quiet) as progress:
        outcome = build(config, variants=variants, workers=workers, force=force,
                        progress=progress, executor=executor)
    for error in outcome.errors:
        error.show()
    if as_json:
        click.echo(json.dumps(summary(outcome, config), ensure_ascii=False, indent=2))
    elif not quiet:
        click.echo(summary_table(outcome), err=True)
    return bool(outcome.errors)


@main.command("digest")
@click.argument("periods", nargs=-1, required=True, metavar="PERIOD...")
@click.option("--variant", "variants", multiple=True, metavar="NAME",
              help="Only these variants (repeatable; default: every configured variant).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["pdf", "epub"]),
              help="Output format (repeatable; default: pdf and epub).")
@common_options
def digest_command(config: Config, periods: tuple[str, ...], variants: tuple[str, ...],
                   formats: tuple[str, ...]) -> bool:
    """Collate the articles of each PERIOD (2022-11, 2022-Q4, 2022, 2022-11-01..2022-11-15)
    into output/digests/<period>/bantin-<period>.<variant>.pdf and .epub."""
    outcome = digest(config, periods, variants=variants, formats=formats or ("pdf", "epub"))
    return _report(outcome)


@main.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--no-validators", is_flag=True,
              help="Leave out EPUBCheck and Ace: only the manifest and bantin's own checks"
                   " of every PDF and EPUB (seconds, not minutes).")
@common_options
def check_command(config: Config, paths: tuple[Path, ...], no_validators: bool) -> bool:
    """Verify outputs (default: PROJECT/output/) against the manifest and validate them."""
    from .check import check

    findings, count = check(list(paths), config, validators=not no_validators)
    for finding in findings:
        if finding.level == "error":
            click.echo(finding.line(), err=True)
        else:  # through logging, so -q hides it and --strict counts it
            log.warning("%s: %s", finding.path, finding.message)
    errors = sum(1 for f in findings if f.level == "error")
    warnings = len(findings) - errors
    if not _quiet():
        click.echo(_("{count} file(s) checked: {errors} error(s), {warnings} warning(s)")
                   .format(count=count, errors=errors, warnings=warnings), err=True)
    return errors > 0


@main.command("archive")
@click.argument("periods", nargs=-1, metavar="PERIOD...")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where the packages go (default: PROJECT/output/archive/).")
@click.option("--format", "fmt", type=click.Choice(["dir", "zip", "tar"]), default="dir",
              show_default=True, help="A bag folder, or the bag in one zip or tar file.")
@click.option("--verify", "verify_path", type=click.Path(path_type=Path), metavar="PATH",
              help="Check a package's completeness and fixity instead of making one.")
@common_options
def archive_command(config: Config, periods: tuple[str, ...], out_dir: Path | None, fmt: str,
                    verify_path: Path | None) -> bool:
    """Package each PERIOD (2022-11, 2022-Q4, …) for an archive: a BagIt bag of its PDFs,
    archival PDF/A-3 copies, EPUBs, sources, normalized articles, Dublin Core and provenance,
    in output/archive/<period>/ (or its .zip or .tar)."""
    from .archive import archive, verify

    if verify_path is not None:
        problems = verify(verify_path)
        for problem in problems:
            click.echo(f"error: {printable(problem)}", err=True)
        if not problems:
            click.echo(_("{path}: the package is complete and every checksum matches").format(
                path=verify_path), err=True)
        return bool(problems)
    if not periods:
        raise BantinError(_("name the periods to archive, e.g. bantin archive 2022-11; or"
                            " check a package with --verify PATH"))
    with Progress(enabled=not _quiet()) as progress:
        archived = archive(config, periods, out=out_dir, fmt=fmt, progress=progress)
    for error in archived.errors:
        error.show()
    for package in archived.packages if not _quiet() else ():
        click.echo(_("packaged {path}").format(path=package), err=True)
    return bool(archived.errors)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; anything but this machine's own is a risk.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the browser.")
@click.option("--lang", "language", type=click.Choice(LANGUAGES),
              help="Language of the page and of its messages (default: bantin --lang, else"
                   " [messages] language, else Vietnamese).")
@click.option("--no-watch", is_flag=True, help="Do not rebuild when files change.")
@common_options
def serve_command(config: Config, host: str, port: int, open_browser: bool,
                  language: str | None, no_watch: bool) -> bool:
    """Preview and correct the project in the browser, rebuilt as files change."""
    from .serve import serve

    context = click.get_current_context()
    chosen = config.messages.language
    language = (language or context.find_root().params.get("lang")
                or (chosen if chosen != "auto" else "vi"))  # the page is for staff
    set_language(language)  # what the page quotes (warnings, errors) reads the same
    config_file = context.params.get("config_file")  # read again on every change
    serve(config, config_file=config_file, host=host, port=port, open_browser=open_browser,
          language=language, watch=not no_watch)
    return False


if __name__ == "__main__":  # pragma: no cover
    main(prog_name="bantin")
