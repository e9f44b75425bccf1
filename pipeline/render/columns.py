"""Column balancing in steps of a line, not of a pixel.

WeasyPrint balances the last page of a multi-column box (the standard
variant's two columns, at the end of every article) by laying the columns
out at the average height and, while the content does not fit, trying
again a little taller. When no column could say how much taller it needs
to be (typically the first column fits nothing at the trial height: two
lines left, `orphans: 2` and `widows: 2`, a trial height of one line), it
adds **one pixel** and lays every column out again, up to a line's height
of times; when a column does say, it is often by a pixel or two (a margin,
a rounding). 270 such tries in the sample month's standard PDFs, 183 of
them of about a pixel, took a quarter of their time (WeasyPrint issues
#878, #1597 and #1689 are about the same loop).

This module makes each step at least the line height of the multi-column
box, which is what the content grows by. The columns then balance to within
one line, as a reader sees them, and the standard variant's articles and
digests take a quarter less time. The change is made by recompiling
WeasyPrint's own `columns_layout` with the one line replaced, and only if
that line is found as expected; otherwise WeasyPrint is left as it is
(slower, still correct). `step()` names what is in force, and it is part
of every job's key (`plan.toolchain`), since it can move a line from one
column to the other.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

UPSTREAM = "                add_height = 1 if lost_space == inf else lost_space\n"
"""The line of `weasyprint/layout/column.py` that grows a trial by a pixel."""
OURS = ("                add_height = max(lost_space if lost_space != inf else 0,"
        " _line_height(box))\n")

def _line_height(box: Any) -> float:
    """One line of `box` in pixels (its computed line-height, as WeasyPrint stores it)."""
    style = box.style
    value = style["line_height"]
    if value == "normal":
        return 1.2 * float(style["font_size"])
    if isinstance(value, int | float):  # a bare number: a multiple of the font size
        return float(value) * float(style["font_size"])
    return max(1.0, float(value.value))  # a length, in px once computed


def source_matches() -> bool:
    """Whether the installed WeasyPrint has the line this module replaces (read without
    importing WeasyPrint, so a build's plan can say which step its workers use)."""
    import importlib.util

    spec = importlib.util.find_spec("weasyprint")
    if spec is None or spec.origin is None:
        return False
    path = Path(spec.origin).parent / "layout" / "column.py"
    try:
        return path.read_text(encoding="utf-8").count(UPSTREAM) == 1
    except OSError:
        return False


def step() -> str:
    """The balancing step this installation uses: "line" or "pixel"."""
    return "line" if source_matches() else "pixel"


_done = False


def balance_by_lines() -> None:
    """Replace WeasyPrint's `columns_layout` by the same function growing trials by a line
    (once per process; nothing when its source is not the one expected)."""
    global _done
    if _done:
        return
    _done = True
    from weasyprint.layout import block, column

    path = Path(column.__file__)
    source = path.read_text(encoding="utf-8")
    if source.count(UPSTREAM) != 1:
        log.debug("WeasyPrint's column balancing is not the one expected: left as it is")
        return
    namespace = dict(vars(column))
    namespace["_line_height"] = _line_height
    exec(compile(source.replace(UPSTREAM, OURS), str(path), "exec"), namespace)
    column.columns_layout = block.columns_layout = namespace["columns_layout"]
