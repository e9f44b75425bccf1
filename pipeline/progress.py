"""What a build shows while it runs and when it ends."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .build import Outcome
from .config import Config
from .i18n import _


class Progress:
    """A progress bar on a terminal, one plain line per output otherwise."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.terminal = sys.stderr.isatty()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.render_finish()

    def __call__(self, done: int, total: int, target: str, status: str) -> None:
        if not self.enabled:
            return
        if not self.terminal:
            shown = _(status)  # built, cached or failed: the summary's words
            click.echo(f"[{done}/{total}] {shown:<6} {target}", err=True)
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=_("Building"), file=sys.stderr,
                                         show_pos=True, item_show_func=lambda t: t)
            self.bar.render_progress()
        self.bar.current_item = target
        self.bar.update(1)


def summary(outcome: Outcome, config: Config) -> dict[str, Any]:
    """The machine-readable summary of `bantin build --json`."""
    output = config.project / "output"

    def relative(paths: list[Path]) -> list[str]:
        return sorted(p.relative_to(output).as_posix() for p in paths)

    return {
        "built": len(outcome.written), "cached": len(outcome.cached),
        "failed": len(outcome.errors), "removed": relative(outcome.removed),
        "seconds": round(outcome.seconds, 3), "planned": outcome.planned,
        "errors": [e.format_message() for e in outcome.errors],
        "left_out_of_digests": sorted(str(p) for p in outcome.left_out),
        "undated": sorted(str(p) for p in outcome.undated),
        "stale": list(outcome.stale),
        "outputs": relative(outcome.written + outcome.cached),
    }


def summary_table(outcome: Outcome) -> str:
    """The table printed when a build ends."""
    rows = [(_("built"), len(outcome.written)), (_("cached"), len(outcome.cached)),
            (_("failed"), len(outcome.errors))]
    if outcome.removed:
        rows.append((_("removed"), len(outcome.removed)))
    if outcome.stale:
        rows.append((_("kept, stale"), len(outcome.stale)))
    if outcome.left_out:
        rows.append((_("left out of digests"), len(outcome.left_out)))
    if outcome.undated:
        rows.append((_("no date, in no digest"), len(outcome.undated)))
    time = _("time")
    width = max(8, len(time) + 1, *(len(name) + 1 for name, _count in rows))
    lines = [f"  {name:<{width}}{count:>6}" for name, count in rows]
    return "\n".join([_("Build finished:"), *lines,
                      f"  {time:<{width}}{outcome.seconds:>6.1f} s"])
