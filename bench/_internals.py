"""Every import of bantin's internals the benchmarks need, and nothing else.

The benchmarks drive bantin through its command line; these few things
have no command:

- legacy-encoded copies of a text (TCVN3, VNI, Windows-1258, and TCVN3
  bytes once misread as Windows-1252), to put legacy sources in the
  normalization corpus — used when the corpus is made, never timed;
- the digest's print HTML, exactly as `bantin digest` lays it out
  (`python bench/_internals.py digest-html PROJECT PERIOD VARIANT OUT`),
  so plain WeasyPrint can lay out the same HTML — run in its own process
  before the timed runs.

When bantin's modules move (the import-structure refactor), this is the
only file of bench/ to update.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "tools"):  # tools/legacy_encode.py writes legacy encodings
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def legacy_copies(text: str) -> dict[str, bytes]:
    """The text as each legacy encoding bantin reads would store it (file-name prefix → bytes).

    `UnicodeEncodeError` when the text has a letter a legacy encoding lacks.
    """
    from legacy_encode import as_tcvn3_typist, encode

    from pipeline.sources.legacy import TCVN3, VNI, WINDOWS_1258, cp1252_char

    tcvn3 = encode(TCVN3, as_tcvn3_typist(text))
    mojibake = "".join(cp1252_char(b) if b >= 0x80 else chr(b) for b in tcvn3)
    return {"tcvn3": tcvn3, "vni": encode(VNI, text), "cp1258": encode(WINDOWS_1258, text),
            "mojibake": mojibake.encode("utf-8")}


def write_digest_html(project: Path, period: str, variant: str, out: Path) -> None:
    """The print HTML `bantin digest PERIOD --variant VARIANT` lays out, in its final form.

    As pipeline.render.digest.digest_pdf does: the front matter is laid out
    alone to learn where the articles start, and the whole digest's HTML is
    made with that page number (bantin settles it in one or two more passes
    when the contents change length; the HTML here is the first of them).
    """
    from pipeline.collate import collate
    from pipeline.config import load_config
    from pipeline.corpus import load, with_extras
    from pipeline.periods import parse_period
    from pipeline.render import RenderContext
    from pipeline.render.digest import digest_html

    config = load_config(project)
    articles = load([project / "input"], config).articles
    digest = with_extras(collate(articles, parse_period(period), config), config)
    context = RenderContext(config=config, roots=((project / "input").resolve(),))
    html = digest_html(digest, variant, context)
    out.write_text(html, encoding="utf-8")


if __name__ == "__main__":
    command, *rest = sys.argv[1:]
    if command != "digest-html" or len(rest) != 4:
        raise SystemExit("usage: _internals.py digest-html PROJECT PERIOD VARIANT OUT.html")
    write_digest_html(Path(rest[0]), rest[1], rest[2], Path(rest[3]))
