"""The baselines bantin is compared with, each run as its own process (never imports bantin).

    python bench/_baselines.py weasyprint --jobs N --pdf-variant V --out DIR FILE.html…
        Plain WeasyPrint: `weasyprint.HTML(filename=…).write_pdf(…)` for every
        file, in this process (N = 1) or in a pool of N forked worker processes,
        the cheapest way to use N processes. Prints the pages laid out.

    python bench/_baselines.py read FOLDER
        The floor any tool pays for a corpus: read every file's bytes and decode
        them as UTF-8 (errors replaced). Prints the files read.

Run under bench/_measure.py like bantin, so both sides pay the same start-up.
"""

from __future__ import annotations

import argparse
import multiprocessing
from pathlib import Path

_options: dict[str, str] = {}


def _pdf(job: tuple[str, str]) -> int:
    import weasyprint

    source, target = job
    document = weasyprint.HTML(filename=source).render()
    document.write_pdf(target, pdf_variant=_options["pdf_variant"])
    return len(document.pages)


def weasyprint_files(files: list[str], out: Path, jobs: int, pdf_variant: str) -> int:
    """Lay out and write every HTML file; the total page count."""
    import weasyprint  # noqa: F401  (imported before forking, as bantin's workers inherit it)

    out.mkdir(parents=True, exist_ok=True)
    _options["pdf_variant"] = pdf_variant
    work = [(name, str(out / (Path(name).stem + ".pdf"))) for name in files]
    if jobs <= 1:
        return sum(map(_pdf, work))
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return sum(pool.imap_unordered(_pdf, work, chunksize=1))


def read_all(folder: Path) -> int:
    """Read and decode every file under `folder`; how many."""
    count = 0
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            path.read_bytes().decode("utf-8", errors="replace")
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    plain = commands.add_parser("weasyprint")
    plain.add_argument("--jobs", type=int, default=1)
    plain.add_argument("--pdf-variant", required=True)
    plain.add_argument("--out", type=Path, required=True)
    plain.add_argument("files", nargs="+")
    read = commands.add_parser("read")
    read.add_argument("folder", type=Path)
    args = parser.parse_args()
    if args.command == "weasyprint":
        print(weasyprint_files(args.files, args.out, args.jobs, args.pdf_variant))
    else:
        print(read_all(args.folder))


if __name__ == "__main__":
    main()
