#!/usr/bin/env python3
"""`bantin serve` from a cold start: how soon the desk is usable while the month builds.

Each repetition copies the sample project (input/, layouts/, bantin.toml, as
they are: no output/, no .bantin-cache/) into a fresh temporary folder and
starts the real command, `python -m pipeline serve --project P --port 0`,
in a fresh process (the port is the one the server chose: read from the
`Serving … at http://127.0.0.1:N/` line it prints). Then, as a browser
would, over HTTP (urllib, one connection per request; a thread long-polls
`/status` as the page's script does):

- month view usable: from starting the process until GET /period/2022-11
  answers 200 with a row for every article of November 2022 (the articles
  `bantin normalize` reads from the sample, found once before the runs)
  (target < 3 s);
- an article's previews: the table's first article dated in the month; from the first
  GET of its page until the page shows every print variant's first preview
  image and each of those PNGs answers 200 (the page is asked again every
  0.1 s). The full cold build of the project runs meanwhile, as it does
  when someone opens the desk (target < 5 s);
- a correction reflected, build running: POST the page's correction form
  (every field as the page gave it, the date moved by one day within the
  month) and follow the redirect, then ask for the page every 0.1 s; from
  the POST until every variant shows a preview under a new key whose first
  PNG answers 200 (target < 5 s);
- a correction reflected, idle: the same once the cold build and the
  rebuild the first correction asked for are over (no build for 1.5 s), the
  date moved once more (target < 5 s).

Also printed, as information: when the full cold build finished (from
starting the process; `/status` says it is no longer building), and any
problem seen on the way (a correction saving more than the date, server
errors on stderr, processes left behind). The server is stopped at the end
of each repetition (SIGTERM, SIGKILL after 10 s) and its folder removed.
Figures are the median and the worst of the repetitions; a missed target
is printed as NOT met (the exit status says only whether the bench ran).

With `--page-script` the long-polling thread also asks for the open page
again on every change it is told of, as static/desk.js does in a browser
(a page that made the server change again would show as a refresh count
far above the version count).

Run: `python bench/serve_latency.py` (about 1.5 minutes on an idle 2-core
machine, 2 at load average 3), `--repeat N`, `--page-script`, `--quick` for
a smoke run (2 repetitions).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html.parser
import json
import os
import re
import selectors
import shutil
import signal
import statistics
import subprocess
import threading
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from _common import (
    PYTHON,
    ROOT,
    arguments,
    bantin,
    child_env,
    progress,
    repetitions,
    table,
    workdir,
)

PERIOD = "2022-11"
TARGETS = {"month": 3.0, "previews": 5.0, "busy": 5.0, "idle": 5.0}
"""Seconds."""
GIVE_UP = 60.0
"""Seconds after which a measure is recorded as not reached and the run goes on."""
POLL = 0.1
"""Seconds between two requests for the article page."""
QUIET = 1.5
"""Seconds without a change in /status after which the server counts as idle."""
SERVING = re.compile(r"\b(http://127\.0\.0\.1:\d+/)")
"""The address in the server's first line (which may be translated)."""
ROW = re.compile(r'<tr id="a-([^"]+)"')
DATED_ROW = re.compile(rf'<tr id="a-([^"]+)"[^>]*>(?:(?!</tr>).)*?<time datetime="{PERIOD}-', re.S)
VARIANT = re.compile(r'<section\b([^>]*\bclass="variant"[^>]*)>(.*?)</section>', re.S)
VARIANT_NAME = re.compile(r'aria-labelledby="v-([^"]+)"')
FIRST_PREVIEW = re.compile(r'<img src="/preview/([0-9a-f]{64})/1\.png"')


# --------------------------------------------------------------------------------------
# HTTP, as a browser without a browser


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None  # the 303 comes back as it is: the caller follows it, timed


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes
    location: str | None = None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Client:
    """GET and POST against one server; no proxy (http_proxy must not see 127.0.0.1)."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                                  _NoRedirect())

    def request(self, path: str, form: dict[str, str] | None = None,
                timeout: float = 30.0, headers: dict[str, str] | None = None) -> Answer:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        headers = {**({"Origin": self.base} if form is not None else {}), **(headers or {})}
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Answer(response.status, response.read())
        except urllib.error.HTTPError as error:
            with error:
                return Answer(error.code, error.read(), error.headers.get("Location"))

    def png(self, key: str) -> bool:
        answer = self.request(f"/preview/{key}/1.png")
        return answer.status == 200 and answer.body.startswith(b"\x89PNG")


class _Form(html.parser.HTMLParser):
    """The fields of the article page's correction form, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, str] = {}
        self._inside = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form" and values.get("action", "").endswith("/correct"):
            self._inside = True
        elif self._inside and tag == "input" and "name" in values:
            self.fields[values["name"]] = values.get("value", "")
        elif self._inside and tag == "textarea" and "name" in values:
            self._textarea = values["name"]
            self.fields[self._textarea] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._inside = False


def form_of(page: str) -> dict[str, str]:
    parser = _Form()
    parser.feed(page)
    if "csrf" not in parser.fields or "date" not in parser.fields:
        raise SystemExit("the article page has no correction form with csrf and date")
    return parser.fields


def first_previews(page: str) -> dict[str, str | None]:
    """Each print variant's first preview key, None while it is being made."""
    found = {}
    for number, (attributes, inner) in enumerate(VARIANT.findall(page)):
        named = VARIANT_NAME.search(attributes)
        name = named.group(1) if named else str(number)
        image = FIRST_PREVIEW.search(inner)
        found[name] = image.group(1) if image else None
    return found


# --------------------------------------------------------------------------------------
# The server


class StatusWatch(threading.Thread):
    """Long-polls /status as the page's script does; keeps each change it is told of.

    With `script`, it also does what static/desk.js does when told of a change: it asks
    for the open page (`page`) again.
    """

    def __init__(self, client: Client, started: float, script: bool) -> None:
        super().__init__(daemon=True, name="status-watch")
        self.client, self.started, self.script = client, started, script
        self.events: list[tuple[float, int, bool, int, int]] = []
        """(seconds since the process started, version, building, done, total), one each
        time the build's state (building, done, total) changed."""
        self.versions = 0
        """Changes of the version the page was told of."""
        self.lock = threading.Lock()
        self.page: str | None = None
        """The page the browser shows (a path), asked for again on each change."""
        self.refreshes = 0

    def run(self) -> None:
        version = -1
        while True:
            try:
                answer = self.client.request(f"/status?since={version}", timeout=40)
                state = json.loads(answer.body)
            except (OSError, ValueError):
                return  # the server stopped
            event = (time.perf_counter() - self.started, state["version"],
                     state["building"], state["done"], state["total"])
            with self.lock:
                last = self.events[-1] if self.events else None
                if last is None or last[2:] != event[2:]:
                    self.events.append(event)
            changed, version = version >= 0 and state["version"] != version, state["version"]
            self.versions += changed
            if changed and self.script and self.page is not None:
                try:
                    self.client.request(self.page, headers={"X-Desk": "refresh"})
                except OSError:
                    return
                self.refreshes += 1

    def snapshot(self) -> list[tuple[float, int, bool, int, int]]:
        with self.lock:
            return list(self.events)

    def building(self) -> bool:
        events = self.snapshot()
        return bool(events) and events[-1][2]

    def first_build_end(self) -> tuple[float, int] | None:
        """(when, outputs) of the first build's end, once it has ended."""
        seen_building = False
        for when, _, building, _, total in self.snapshot():
            seen_building = seen_building or building
            if seen_building and not building:
                return when, total
        return None

    def wait_idle(self, limit: float) -> bool:
        """Until a build has ended and no build ran for QUIET seconds."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            events = self.snapshot()
            now = time.perf_counter() - self.started
            if (self.first_build_end() is not None and not events[-1][2]
                    and now - events[-1][0] >= QUIET):
                return True
            time.sleep(0.1)
        return False


def read_url(process: subprocess.Popen[bytes], limit: float) -> str:
    """The URL of the `Serving …` line, read from the server's stdout."""
    assert process.stdout is not None
    deadline = time.perf_counter() + limit
    buffer = b""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while b"\n" not in buffer:
            remaining = deadline - time.perf_counter()
            if remaining <= 0 or not selector.select(remaining):
                raise RuntimeError(f"no 'Serving' line after {limit:.0f} s")
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk:
                raise RuntimeError(f"the server exited ({process.wait()}) before serving")
            buffer += chunk
    line = buffer.decode("utf-8", errors="replace").splitlines()[0]
    match = SERVING.search(line)
    if match is None:
        raise RuntimeError(f"unexpected first line: {line!r}")
    return match.group(1)


def descendants(pid: int) -> list[tuple[int, str]]:
    """(pid, start time) of every process below `pid` (Linux /proc)."""
    found: list[tuple[int, str]] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = list(Path(f"/proc/{parent}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                start = _start_time(child)
                if start is not None:
                    found.append((child, start))
                    todo.append(child)
    return found


def _state(pid: int) -> tuple[str, str] | None:
    """(state letter, start time) of a process, None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return fields[0], fields[19]


def _start_time(pid: int) -> str | None:
    state = _state(pid)
    return state[1] if state else None


def stop(process: subprocess.Popen[bytes]) -> tuple[float, list[str]]:
    """SIGTERM, SIGKILL after 10 s; then any process of its own still running 2 s later
    is killed. Seconds from SIGTERM to its exit, and what went wrong, in words."""
    notes = []
    below = descendants(process.pid)
    started = time.perf_counter()
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            notes.append("did not stop within 10 s of SIGTERM: killed")
            process.kill()
            process.wait()
    elif process.returncode != 0:
        notes.append(f"had exited with status {process.returncode}")
    seconds = time.perf_counter() - started

    def running() -> list[int]:  # a zombie has exited: only its reaping is left
        return [pid for pid, start in below
                if (state := _state(pid)) is not None and state[1] == start and state[0] != "Z"]

    deadline = time.perf_counter() + 2
    while running() and time.perf_counter() < deadline:
        time.sleep(0.1)
    left = running()
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    if left:
        notes.append(f"left {len(left)} process(es) running 2 s after it stopped: killed")
    if process.stdout is not None:
        process.stdout.close()
    return seconds, notes


# --------------------------------------------------------------------------------------
# One cold start


@dataclass(slots=True)
class Figures:
    month: float | None = None
    previews: float | None = None
    busy: float | None = None
    idle: float | None = None
    build: float | None = None
    outputs: int = 0
    busy_during_build: bool = False
    """The build was still running when the busy correction showed."""
    article: str = ""
    shutdown: float = 0.0
    """Seconds from SIGTERM to the server's exit."""
    refreshes: int = 0
    """Pages asked for again as desk.js would (with --page-script)."""
    versions: int = 0
    """Version changes /status told of."""
    problems: list[str] = field(default_factory=list)


def copy_sample(project: Path) -> None:
    project.mkdir(parents=True)
    shutil.copytree(ROOT / "input", project / "input")
    shutil.copytree(ROOT / "layouts", project / "layouts")
    shutil.copy2(ROOT / "bantin.toml", project / "bantin.toml")


def expected_rows(folder: Path) -> set[str]:
    """The slugs of the articles dated in PERIOD or undated (the month view shows both), as
    `bantin normalize` reads them (untimed, in a copy of its own)."""
    copy_sample(folder)
    run = subprocess.run([PYTHON, *bantin("normalize", "--json", "-q")], cwd=folder,
                         env=child_env(), capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"bantin normalize failed:\n{run.stderr[-3000:]}")
    shutil.rmtree(folder)
    return {a["slug"] for a in json.loads(run.stdout)
            if not a["date"] or a["date"].startswith(PERIOD)}


def moved(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days`, the other way if that would leave its month."""
    later = day + dt.timedelta(days=days)
    return later if later.month == day.month else day - dt.timedelta(days=days)


def wait_for_previews(client: Client, slug: str, old: set[str], started: float,
                      first: Answer | None = None) -> tuple[float | None, dict[str, str]]:
    """Seconds from `started` until every variant shows a first preview under a key not in
    `old` whose PNG answers 200 (None after GIVE_UP), and those keys."""
    answer = first
    while True:
        if answer is None:
            answer = client.request(f"/article/{slug}")
        keys = first_previews(answer.text) if answer.status == 200 else {}
        if (keys and all(k is not None and k not in old for k in keys.values())
                and all(client.png(k) for k in keys.values() if k)):
            return time.perf_counter() - started, {n: k for n, k in keys.items() if k}
        if time.perf_counter() - started > GIVE_UP:
            return None, {}
        time.sleep(POLL)
        answer = None


def correct(client: Client, project: Path, slug: str, keys: dict[str, str], days: int,
            figures: Figures) -> float | None:
    """Move the article's date by `days` through the page's form; seconds until its new
    previews are there."""
    page = client.request(f"/article/{slug}")
    fields = form_of(page.text)
    before = dt.date.fromisoformat(fields["date"])
    after = moved(before, days)
    started = time.perf_counter()
    answer = client.request(f"/article/{slug}/correct", {**fields, "date": after.isoformat()})
    if answer.status != 303 or not (answer.location or "").endswith("?saved=1"):
        figures.problems.append(f"correction not saved: {answer.status} {answer.location}")
        return None
    target = urllib.parse.urlsplit(answer.location)
    landed = client.request(f"{target.path}?{target.query}")
    seconds, _ = wait_for_previews(client, slug, set(keys.values()), started, landed)
    fixes = sorted((project / "input").glob("*.fix.toml"))
    saved = tomllib.loads(fixes[0].read_text(encoding="utf-8")) if len(fixes) == 1 else {}
    values = {k: v for k, v in saved.items() if k != "kept"}
    if values != {"date": after}:
        figures.problems.append(f"correcting the date saved {values or fixes}")
    return seconds


def cold_start(folder: Path, expected: set[str], script: bool) -> Figures:
    figures = Figures()
    project = folder / "project"
    copy_sample(project)
    log = (folder / "stderr").open("wb")
    started = time.perf_counter()
    process = subprocess.Popen([PYTHON, *bantin("serve", "--project", project, "--port", "0")],
                               cwd=project, env=child_env(), stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=log)
    failure: RuntimeError | None = None
    try:
        client = Client(read_url(process, GIVE_UP))
        watch = StatusWatch(client, started, script)
        watch.start()
        # 1. the month view, complete
        while True:
            answer = client.request(f"/period/{PERIOD}")
            rows = ROW.findall(answer.text) if answer.status == 200 else []
            if set(rows) == expected and len(rows) == len(expected):
                figures.month = time.perf_counter() - started
                break
            if time.perf_counter() - started > GIVE_UP:
                raise RuntimeError(f"the month view never showed {len(expected)} rows"
                                   f" ({answer.status}, {len(rows)} rows)")
            time.sleep(0.05)
        watch.page = f"/period/{PERIOD}"
        dated = DATED_ROW.findall(answer.text)
        if not dated:
            raise RuntimeError(f"no article of the month view is dated in {PERIOD}")
        slug = figures.article = dated[0]
        # 2. its first article's previews, while the cold build runs
        watch.page = f"/article/{slug}"
        opened = time.perf_counter()
        first = client.request(f"/article/{slug}")
        figures.previews, keys = wait_for_previews(client, slug, set(), opened, first)
        if figures.previews is None:
            raise RuntimeError("the article's previews never came")
        # 3. a correction, while the build still runs, then once idle
        figures.busy = correct(client, project, slug, keys, 1, figures)
        figures.busy_during_build = watch.building()
        if not watch.wait_idle(4 * GIVE_UP):
            figures.problems.append("the server never went idle")
        ended = watch.first_build_end()
        if ended is not None:
            figures.build, figures.outputs = ended
        shown = first_previews(client.request(f"/article/{slug}").text)
        figures.idle = correct(client, project, slug, {n: k for n, k in shown.items() if k}, 2,
                               figures)
        figures.refreshes, figures.versions = watch.refreshes, watch.versions
    except RuntimeError as error:
        failure = error
    finally:
        figures.shutdown, notes = stop(process)
        figures.problems += [f"server {note}" for note in notes]
        log.close()
    said = (folder / "stderr").read_text(encoding="utf-8", errors="replace").splitlines()
    if failure is not None:
        raise SystemExit(f"{failure}; the server said:\n" + "\n".join(said[-40:]))
    for line in dict.fromkeys(line.strip() for line in said if line.strip()):
        figures.problems.append(f"server stderr: {line[:200]}")
    return figures


# --------------------------------------------------------------------------------------
# Report


def show(values: list[float | None]) -> tuple[str, str, bool | None]:
    """(median, worst, every run reached) of one measure's runs."""
    if not values:
        return "–", "–", None
    reached = [v for v in values if v is not None]
    missed = len(values) - len(reached)
    worst = f"> {GIVE_UP:.0f} s" if missed else f"{max(reached):.2f} s"
    if missed * 2 >= len(values):
        return f"> {GIVE_UP:.0f} s", worst, False
    middle = statistics.median([*reached, *[float("inf")] * missed])
    return f"{middle:.2f} s", worst, not missed


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--page-script", action="store_true",
                        help="also ask for the open page again on every change /status tells"
                             " of, as static/desk.js does in a browser")
    args = parser.parse_args()
    repeat = repetitions(args)
    print("# bantin serve: cold start, previews and corrections")
    print(f"{repeat} repetition(s), each a fresh server on a fresh copy of the sample; median"
          f" and worst; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start;"
          f" {checkout()}{'; QUICK MODE: smoke run, not figures' if args.quick else ''}")
    runs: list[Figures] = []
    with workdir("serve") as folder:
        expected = expected_rows(folder / "expected")
        for rep in range(repeat):
            figures = cold_start(folder / f"run-{rep}", expected, args.page_script)
            runs.append(figures)
            progress(f"run {rep + 1}/{repeat}: month {_s(figures.month)}, previews"
                     f" {_s(figures.previews)}, correction busy {_s(figures.busy)} idle"
                     f" {_s(figures.idle)}, cold build {_s(figures.build)}")
    article = ", ".join(sorted({f.article for f in runs}))
    print(f"\nsample project, {len(expected)} articles in {PERIOD}; the article: {article};"
          f" {'with' if args.page_script else 'without'} the page script's refreshes\n")
    rows = []
    for name, what, target in (
            ("month", "month view usable (from process start)", TARGETS["month"]),
            ("previews", "article previews, cold build running (from first GET)",
             TARGETS["previews"]),
            ("busy", "date correction reflected, build running (from POST)", TARGETS["busy"]),
            ("idle", "date correction reflected, idle (from POST)", TARGETS["idle"]),
            ("build", "full cold build finished (from process start)", None)):
        values = [getattr(f, name) for f in runs]
        middle, worst, reached = show(values)
        each = ", ".join(_s(v) for v in values)
        if target is None:
            verdict, goal = "information", "–"
        else:
            ok = reached and all(v is not None and v < target for v in values)
            verdict, goal = ("met" if ok else "NOT met"), f"< {target:g} s"
        rows.append([what, middle, worst, each, goal, verdict])
    print(table(["measure", "median", "worst", "runs", "target", ""], rows))
    outputs = "/".join(map(str, sorted({f.outputs for f in runs})))
    during = sum(f.busy_during_build for f in runs)
    print(f"\ncold build: {outputs} outputs; the busy correction showed while the build still"
          f" ran in {during} of {len(runs)} runs; server stopped (SIGTERM to exit) in"
          f" {', '.join(f'{f.shutdown:.2f}' for f in runs)} s; /status versions seen per run:"
          f" {', '.join(str(f.versions) for f in runs)}"
          + (f"; pages asked again by the page script: {', '.join(str(f.refreshes) for f in runs)}"
             if args.page_script else "")
          + f"; load average {os.getloadavg()[0]:.1f} at the end")
    problems = [f"run {n + 1}: {p}" for n, f in enumerate(runs) for p in f.problems]
    print("problems: " + ("none" if not problems else "\n  " + "\n  ".join(problems)))


def checkout() -> str:
    """The commit measured, and whether pipeline/ differs from it."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()
    commit = git("rev-parse", "--short", "HEAD") or "unknown commit"
    changed = git("status", "--porcelain", "--", "pipeline")
    return f"commit {commit}{' with uncommitted changes in pipeline/' if changed else ''}"


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


if __name__ == "__main__":
    main()
