"""Font subsets' glyph arrays made without parsing a C type for each length.

When WeasyPrint subsets a font for a PDF it hands HarfBuzz the glyphs used
as a C array made by `ffi.new(f'hb_codepoint_t[{n}]', glyphs)`. cffi caches
a parsed C type by its text, so each new length `n` (every font of every
document uses a different number of glyphs) is parsed again by pycparser:
2.5 % of the sample month's CPU time. The same array made as
`ffi.new('hb_codepoint_t[]', glyphs)` takes its length from the glyphs and
its type is parsed once: the same memory, the same PDF bytes.

WeasyPrint's font module is given an `ffi` of its own that makes fixed-size
arrays with an initial list that way and passes everything else to cffi.
Nothing changes in the output, so nothing is part of the jobs' keys.
"""

from __future__ import annotations

import re
from typing import Any

_FIXED_ARRAY = re.compile(r"([A-Za-z_][A-Za-z_0-9 ]*)\[(\d+)\]")


class _Arrays:
    """cffi's `FFI` as WeasyPrint's font module sees it: every attribute is cffi's, but
    `new("T[n]", items)` with exactly `n` items makes `"T[]"` instead."""

    def __init__(self, ffi: Any) -> None:
        self._ffi = ffi

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ffi, name)

    def new(self, cdecl: str, init: Any = None) -> Any:
        fixed = _FIXED_ARRAY.fullmatch(cdecl)
        if fixed is not None and isinstance(init, list | tuple) and len(init) == int(fixed[2]):
            return self._ffi.new(fixed[1].rstrip() + "[]", init)
        return self._ffi.new(cdecl, init)


def parse_array_types_once() -> None:
    """Give WeasyPrint's font module the `ffi` above (once per process; nothing if the
    module no longer takes `ffi` as an attribute of its own)."""
    from weasyprint.pdf import fonts

    current = getattr(fonts, "ffi", None)
    if current is not None and not isinstance(current, _Arrays):
        fonts.ffi = _Arrays(current)
