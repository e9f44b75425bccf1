#!/usr/bin/env python3
"""The Dask executor's overhead against the local pool: the sample month from nothing.

What is measured, each as `bantin build --project P --json -q` in a fresh
process on its own copy of the sample project (input/ and bantin.toml), from
an empty output/ and an empty `.bantin-cache/` (no read cache, no result
cache) every time:

- local: `--jobs 2` (two worker processes on this machine);
- dask: `--executor dask://127.0.0.1:PORT` on a scheduler and two
  single-thread workers (`dask worker --nthreads 1 --no-nanny`) started on
  this machine just before the run and stopped after it, so their pools are
  as cold as the local build's (target: dask / local ≤ 1.2× wall);
- dask, warm (information): the same build again on the same workers, whose
  job processes are already started and have WeasyPrint and the stylesheets
  loaded: what a build on a long-running cluster costs.

Starting the cluster is not timed (a cluster outlives builds), waiting for
its workers to join is not either; everything the build does is: connecting,
checking the workers' toolchain, sending every input once to every worker,
the jobs, the bytes coming back, writing, caching and the manifest. Each
repetition runs the sides in turn, rotating which goes first, and checks
that they wrote the same bytes. CPU is the build process's own (the cluster's
processes are not its children); peak RSS likewise.

Run: `python bench/cluster_overhead.py` (about 3 minutes on an idle 2-core
machine), `--quick` for a smoke run (three articles, one variant).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from _common import (
    PYTHON,
    ROOT,
    Run,
    Series,
    alternate,
    arguments,
    bantin,
    child_env,
    header,
    make_project,
    measure,
    progress,
    repetitions,
    rss,
    table,
    workdir,
)

WORKERS = 2
"""Single-thread workers, as many as the local side's worker processes."""


@contextmanager
def dask_cluster(folder: Path) -> Iterator[str]:
    """A scheduler and `WORKERS` single-thread workers on 127.0.0.1, each worker in its own
    folder; the `dask://` URL, once every worker has joined. Stopped on leaving."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    processes: list[subprocess.Popen[bytes]] = []

    def start(name: str, *args: str) -> None:
        where = folder / name
        where.mkdir()
        with (folder / f"{name}.log").open("wb") as log:
            processes.append(subprocess.Popen([PYTHON, "-m", "dask", *args], cwd=where,
                                              env=child_env(), stdin=subprocess.DEVNULL,
                                              stdout=log, stderr=log))

    def wait(what: str, ready: Callable[[], bool]) -> None:
        deadline = time.monotonic() + 120
        while not ready():
            if any(p.poll() is not None for p in processes) or time.monotonic() > deadline:
                logs = "\n".join(p.read_text(errors="replace")[-2000:]
                                 for p in sorted(folder.glob("*.log")))
                raise SystemExit(f"the Dask {what} did not start:\n{logs}")
            time.sleep(0.1)

    scheduler_file = folder / "scheduler.json"
    try:
        start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", "0",
              "--no-dashboard", "--scheduler-file", str(scheduler_file))
        wait("scheduler", lambda: scheduler_file.is_file() and bool(scheduler_file.read_text()))
        address = json.loads(scheduler_file.read_text())["address"]
        for number in range(1, WORKERS + 1):
            start(f"worker{number}", "worker", address, "--nthreads", "1", "--no-nanny",
                  "--no-dashboard", "--local-directory", str(folder / f"worker{number}"))
        wait("workers", lambda: all(
            "Registered to:" in (folder / f"worker{n}.log").read_text(errors="replace")
            for n in range(1, WORKERS + 1)))
        yield f"dask://127.0.0.1:{address.rsplit(':', 1)[1]}"
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def empty(project: Path) -> None:
    """No output/ and no `.bantin-cache/`: nothing read, nothing made before."""
    for name in ("output", ".bantin-cache"):
        shutil.rmtree(project / name, ignore_errors=True)


def build(project: Path, variants: list[str], *args: str) -> Run:
    empty(project)
    chosen = [arg for variant in variants for arg in ("--variant", variant)]
    return measure(bantin("build", "--project", project, "--json", "-q", *chosen, *args))


def outputs(project: Path) -> str:
    """One hash of every file under output/ (names and bytes, the manifest included)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in (project / "output").rglob("*") if p.is_file()):
        digest.update(path.relative_to(project / "output").as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def main() -> None:
    args = arguments(__doc__).parse_args()
    repeat = repetitions(args)
    header("The Dask executor against the local pool, the sample month from nothing", repeat,
           args.quick)
    with workdir("cluster") as folder:
        sources, variants = None, []
        if args.quick:  # three articles, one variant
            sources = [*sorted((ROOT / "input").glob("2022-11-*.md"))[:3],
                       ROOT / "input" / "images"]
            variants = ["large"]
        local = make_project(folder / "local", jobs=WORKERS, sources=sources)
        remote = make_project(folder / "dask", sources=sources)
        made: dict[str, set[str]] = {"local": set(), "dask": set(), "dask, warm": set()}
        warm: list[Run] = []

        def on_local(rep: int) -> Run:
            run = build(local, variants, "--jobs", str(WORKERS))
            made["local"].add(outputs(local))
            return run

        def on_dask(rep: int) -> Run:
            with dask_cluster(folder / "cluster") as url:
                run = build(remote, variants, "--executor", url)
                made["dask"].add(outputs(remote))
                again = build(remote, variants, "--executor", url)
                made["dask, warm"].add(outputs(remote))
                warm.append(again)
                progress(f"dask, warm [{rep + 1}/{repeat}]: {again.wall:.2f} s")
            return run

        results = alternate([("local --jobs 2", on_local), ("dask, 2 × 1 thread", on_dask)],
                            repeat)
    same = len(set.union(*made.values())) == 1
    here, there = results["local --jobs 2"], results["dask, 2 × 1 thread"]
    again = Series("dask, warm", warm)
    planned = json.loads(here.runs[0].stdout)["planned"]
    print(f"\nproject: {planned} outputs, every build from an empty output/ and cache;"
          f" both sides wrote the same bytes: {'yes' if same else 'NO'}\n")
    rows = [
        ["local, --jobs 2", here.show(), here.show("cpu"), _built(here), "", "", rss(here)],
        [f"dask, scheduler + {WORKERS} workers × 1 thread, started cold", there.show(),
         there.show("cpu"), _built(there), f"dask / local = {_ratio(there, here)}",
         "≤ 1.2×", rss(there, child=None)],
        ["dask, the same workers again (warm)", again.show(), again.show("cpu"), _built(again),
         f"dask / local = {_ratio(again, here)}", "", rss(again, child=None)],
    ]
    print(table(["build", "wall", "CPU (build process)", "outputs", "ratio", "target",
                 "peak RSS (build process)"], rows))
    print("\nratios: of the medians; in brackets the range of the ratios within each"
          " repetition. The cluster's own CPU (scheduler, workers and their job processes)"
          " is not in the CPU column.")
    if not same:
        raise SystemExit("the two sides wrote different bytes")


def _built(series: Series) -> str:
    counts = sorted({json.loads(run.stdout)["built"] for run in series.runs})
    failed = sum(json.loads(run.stdout)["failed"] for run in series.runs)
    return "/".join(map(str, counts)) + (f", {failed} FAILED" if failed else "")


def _ratio(top: Series, bottom: Series) -> str:
    a, b = top.values(), bottom.values()
    middle = statistics.median(a) / statistics.median(b)
    pairs = [x / y for x, y in zip(a, b, strict=True)]
    return f"{middle:.2f}×" + (f" ({min(pairs):.2f}–{max(pairs):.2f})" if len(pairs) > 1 else "")


if __name__ == "__main__":
    main()
