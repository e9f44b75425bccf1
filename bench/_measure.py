"""Run one Python program in this process and record its own peak memory and its largest child's.

Usage (from bench/_common.py, never by hand):

    python bench/_measure.py REPORT.json -m pipeline build --project DIR …
    python bench/_measure.py REPORT.json bench/_baselines.py weasyprint …

The program runs here, in the process the benchmark started and timed, as
`python -m MODULE` or `python SCRIPT` would run it. When the interpreter
exits (normally or through `sys.exit`, as click does) it writes REPORT.json:

- `self_maxrss_kib`: `getrusage(RUSAGE_SELF).ru_maxrss`, this process's own
  peak resident set;
- `children_maxrss_kib`: `getrusage(RUSAGE_CHILDREN).ru_maxrss`, the peak of
  the largest child (and grandchild) this process has waited for. bantin's
  worker pool (pebble, fork start method) joins every worker before the
  command returns, and this process starts no other children, so in a fresh
  process this is the peak of the largest worker. It is a maximum, not a sum.
  Short helpers count too (ctypes.util.find_library runs `ldconfig -p` when
  WeasyPrint loads its libraries, about 35 MiB): for a program without
  workers this figure is that helper's, and the scripts leave it out.
- `children`: how many child processes were seen (polled from /proc every
  50 ms; informational: it shows how many workers really ran).

Only the module/script's own work and this small runner (runpy, resource,
json, one polling thread) run in the process, the same for every side.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import runpy
import sys
import threading
from pathlib import Path

_seen: set[int] = set()


def _poll_children(stop: threading.Event) -> None:
    """Collect the ids of this process's children (Linux /proc; silent elsewhere)."""
    pid = os.getpid()
    task_dir = Path(f"/proc/{pid}/task")
    while not stop.wait(0.05):
        try:
            for task in task_dir.iterdir():
                text = (task / "children").read_text()
                _seen.update(int(child) for child in text.split())
        except OSError:
            return


def _report(path: str, pid: int, stop: threading.Event) -> None:
    if os.getpid() != pid:  # a forked child that somehow ran atexit: not ours to report
        return
    stop.set()
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    Path(path).write_text(json.dumps({
        "self_maxrss_kib": own.ru_maxrss,
        "children_maxrss_kib": children.ru_maxrss,
        "self_cpu": own.ru_utime + own.ru_stime,
        "children_cpu": children.ru_utime + children.ru_stime,
        "children": len(_seen),
    }), encoding="utf-8")


def main() -> None:
    report, *program = sys.argv[1:]
    stop = threading.Event()
    atexit.register(_report, report, os.getpid(), stop)
    threading.Thread(target=_poll_children, args=(stop,), daemon=True).start()
    if program[0] == "-m":
        sys.argv = [program[1], *program[2:]]
        runpy.run_module(program[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = program
        sys.path[0] = str(Path(program[0]).resolve().parent)  # as `python SCRIPT` sets it
        runpy.run_path(program[0], run_name="__main__")


if __name__ == "__main__":
    main()
