"""PDF streams deflated at zlib's default level (6), not at pydyf's 9.

pydyf, which writes WeasyPrint's PDFs, compresses every stream (page content,
embedded font subsets, the cross-reference and object streams) with
`zlib.compressobj(level=9)`. On eight articles of the sample month in the three
print variants, level 9 took 5.9 % of the rendering time and level 6 2.9 %,
for files 0.35 % bigger (2,555,500 against 2,564,495 bytes of streams): level 9
searches much longer for matches that text and font tables seldom have.

The level is set by giving pydyf a `zlib` of its own whose `compressobj`
always uses `LEVEL`; everything else is zlib's. The bytes stay deterministic
(the same input, level and zlib version give the same output); `level()`
names what is in force, and it is part of every job's key with the zlib
version (`plan.toolchain`), so outputs cached before the change are made again.
"""

from __future__ import annotations

import zlib
from typing import Any

LEVEL = 6


class _Deflate:
    """zlib as pydyf sees it: zlib's every attribute, but `compressobj` at `LEVEL`."""

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = LEVEL, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(LEVEL, *args, **kwargs)


def _replaceable(pydyf: Any) -> bool:
    """Whether pydyf takes zlib from a module attribute (replaced by us or not yet)."""
    current = getattr(pydyf, "zlib", None)
    return current is zlib or isinstance(current, _Deflate)


def level() -> str:
    """The level pydyf deflates at in this installation: `LEVEL`, or "pydyf" when its zlib
    cannot be replaced and it compresses as it does."""
    import pydyf

    return str(LEVEL) if _replaceable(pydyf) else "pydyf"


def deflate_at_default_level() -> None:
    """Make pydyf compress at `LEVEL` (once per process; nothing if pydyf no longer imports
    zlib as a module of its own, in which case it compresses as it does)."""
    import pydyf

    if _replaceable(pydyf):
        pydyf.zlib = _Deflate()
