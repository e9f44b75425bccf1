"""The build engine: plan → cache → workers, atomic output, stale removal, manifest, check."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from conftest import INPUT, ROOT, write
from PIL import Image

from pipeline import pool
from pipeline.config import Build, parse_config
from pipeline.errors import BantinError
from pipeline.plan import Job
from pipeline.runner import job_time_limit, run

ARTICLE = "---\ntitle: {title}\ndate: {date}\nsection: Kỳ họp\n---\n\n{body}\n"


def project(tmp_path: Path, articles: dict[str, tuple[str, str, str]]) -> Path:
    for name, (title, date, body) in articles.items():
        write(tmp_path / "input" / name, ARTICLE.format(title=title, date=date, body=body))
    write(tmp_path / "bantin.toml", "[variants.standard]\n[build]\njobs = 2\n")
    return tmp_path


SMALL = {"a.md": ("Bài tháng mười một", "2022-11-03", "Đoạn một."),
         "b.md": ("Bài tháng mười hai", "2022-12-05", "Đoạn hai.")}


def build(bantin, path: Path, *args: str):
    result = bantin("build", "--project", path, "--variant", "large", "--json", *args)
    assert result.exit_code in (0, 1), result.output
    return result, json.loads(result.stdout)


def files(output: Path) -> dict[str, tuple[int, int, str]]:
    """Each output file (the manifest aside) → its inode, mtime and SHA-256.

    Outputs are replaced atomically (a new file renamed over the old one), so a
    rewritten file has a new inode even when its bytes are the same.
    """
    found = {}
    for path in sorted(output.rglob("*")):
        if path.is_file() and path.name != "manifest.json":
            stat = path.stat()
            found[path.relative_to(output).as_posix()] = (
                stat.st_ino, stat.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
    return found


def statuses(result) -> dict[str, str]:
    """Each target → built | cached | failed, from the `[n/N] status target` progress lines
    a build prints on stderr when it is not on a terminal."""
    found = re.findall(r"^\[\d+/\d+\] (built|cached|failed) +(\S+)$", result.stderr, re.M)
    return {target: status for status, target in found}


EVERY_OUTPUT = {"articles/bai-thang-muoi-mot/bai-thang-muoi-mot.large.pdf",
                "articles/bai-thang-muoi-mot/bai-thang-muoi-mot.epub",
                "articles/bai-thang-muoi-hai/bai-thang-muoi-hai.large.pdf",
                "articles/bai-thang-muoi-hai/bai-thang-muoi-hai.epub",
                "digests/2022-11/bantin-2022-11.large.pdf",
                "digests/2022-11/bantin-2022-11.epub",
                "digests/2022-12/bantin-2022-12.large.pdf",
                "digests/2022-12/bantin-2022-12.epub"}
EDITED_B = {o for o in EVERY_OUTPUT if o.startswith(("articles/bai-thang-muoi-hai/",
                                                      "digests/2022-12/"))}


def test_rebuild_redoes_only_what_changed(bantin, tmp_path):
    """Editing one article rebuilds exactly its own outputs and its month's digest; every
    other output is taken from the cache and left untouched on disk (same inode, mtime and
    bytes); an unchanged project rebuilds nothing; --force rebuilds everything."""
    path = project(tmp_path, SMALL)
    output = path / "output"
    result, first = build(bantin, path)
    # Two articles × (large PDF + EPUB) and two digests × (large PDF + EPUB).
    assert (first["built"], first["cached"], first["failed"]) == (8, 0, 0)
    assert statuses(result) == dict.fromkeys(EVERY_OUTPUT, "built")
    assert set(first["outputs"]) == EVERY_OUTPUT
    made = files(output)
    assert set(made) == EVERY_OUTPUT
    manifest = (output / "manifest.json").read_bytes()

    result, again = build(bantin, path)
    assert (again["built"], again["cached"]) == (0, 8)
    assert statuses(result) == dict.fromkeys(EVERY_OUTPUT, "cached")
    assert files(output) == made, "nothing changed, nothing rewritten"
    assert (output / "manifest.json").read_bytes() == manifest, "same input, same manifest"

    write(path / "input" / "b.md", ARTICLE.format(title="Bài tháng mười hai",
                                                  date="2022-12-05", body="Đoạn hai, sửa."))
    result, edited = build(bantin, path)
    assert (edited["built"], edited["cached"], edited["failed"]) == (4, 4, 0)
    assert set(edited["outputs"]) == EVERY_OUTPUT
    assert statuses(result) == {o: "built" if o in EDITED_B else "cached"
                                for o in EVERY_OUTPUT}
    now = files(output)
    assert set(now) == EVERY_OUTPUT
    for name in EVERY_OUTPUT - EDITED_B:
        assert now[name] == made[name], f"{name} is untouched: same inode, mtime and bytes"
    for name in EDITED_B:
        inode, _, sha256 = now[name]
        assert inode != made[name][0], f"{name} was written again"
        assert sha256 != made[name][2], f"{name} holds the edited text"

    result, forced = build(bantin, path, "--force")
    assert (forced["built"], forced["cached"]) == (8, 0)
    assert statuses(result) == dict.fromkeys(EVERY_OUTPUT, "built")
    rewritten = files(output)
    assert all(rewritten[o][0] != now[o][0] for o in EVERY_OUTPUT), "every file written again"


def test_deleted_articles_lose_their_outputs_and_deleted_files_come_back(bantin, tmp_path):
    path = project(tmp_path, SMALL)
    build(bantin, path)
    user_file = write(path / "output" / "notes-of-mine.txt", "mine")
    (path / "input" / "b.md").unlink()
    _, after = build(bantin, path)
    assert sorted(after["removed"]) == [
        "articles/bai-thang-muoi-hai/bai-thang-muoi-hai.epub",
        "articles/bai-thang-muoi-hai/bai-thang-muoi-hai.large.pdf",
        "digests/2022-12/bantin-2022-12.epub", "digests/2022-12/bantin-2022-12.large.pdf"]
    assert not (path / "output" / "articles" / "bai-thang-muoi-hai").exists()
    assert user_file.read_text() == "mine", "files bantin did not make are never deleted"
    listed = [o["path"] for o in json.loads(
        (path / "output" / "manifest.json").read_text())["outputs"]]
    assert len(listed) == 4 and not any("muoi-hai" in p for p in listed)
    victim = path / "output" / "articles" / "bai-thang-muoi-mot" / "bai-thang-muoi-mot.epub"
    victim.unlink()
    _, restored = build(bantin, path)
    assert victim.is_file() and restored["built"] == 0, "restored from the cache"


def test_manifest_shape(bantin, tmp_path):
    path = project(tmp_path, SMALL)
    build(bantin, path)
    document = json.loads((path / "output" / "manifest.json").read_text())
    assert set(document) == {"bantin", "outputs"}
    paths = [o["path"] for o in document["outputs"]]
    assert paths == sorted(paths)
    for output in document["outputs"]:
        assert set(output) == {"path", "sha256", "bytes", "format", "variant", "inputs"}
        assert (path / "output" / output["path"]).stat().st_size == output["bytes"]
        assert all(i["path"].startswith("input/") for i in output["inputs"])
    digest = next(o for o in document["outputs"] if o["path"].endswith("2022-11.large.pdf"))
    assert digest["format"] == "pdf" and digest["variant"] == "large"
    assert [i["path"] for i in digest["inputs"]] == ["input/a.md"]


def test_progress_lines_and_summary(bantin, tmp_path):
    path = project(tmp_path, SMALL)
    result = bantin("build", "--project", path, "--variant", "large")
    lines = result.stderr.splitlines()
    assert any(line.startswith("[1/8] built") for line in lines)
    assert "Build finished:" in result.stderr and "built" in result.stderr
    quiet = bantin("build", "--project", path, "--variant", "large", "-q")
    assert quiet.stderr == ""


def crash(job: Job) -> bytes:
    if job.target == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if job.target == "exit":
        os._exit(3)
    if job.target == "slow":
        time.sleep(30)
    if job.target == "memory":
        return b"x" * (400 * 1024 * 1024)
    if job.target == "error":
        raise BantinError("a clear problem")
    return job.target.encode()


def limits(seconds: float, megabytes: int) -> Build:
    return Build(time_limit=seconds, time_per_1000_characters=0, memory_limit=megabytes)


def fake(target: str) -> Job:
    return Job(target=target, format="pdf", variant="large", key=target, inputs=(),
               config=parse_config({}, project=Path(".")))


def test_a_killed_crashing_slow_or_greedy_job_never_stops_the_others():
    names = ["ok-1", "kill", "ok-2", "exit", "slow", "memory", "error", "ok-3"]
    results = {r.job.target: r for r in run([fake(n) for n in names], workers=2,
                                             limits=limits(3, 256), work=crash)}
    assert {n for n, r in results.items() if r.data} == {"ok-1", "ok-2", "ok-3"}
    assert "killed (signal 9)" in str(results["kill"].error)
    assert "crashed (exit 3)" in str(results["exit"].error)
    assert "stopped after 3 s" in str(results["slow"].error)
    assert "256 MiB" in str(results["memory"].error)
    assert str(results["error"].error) == "a clear problem"


def test_a_build_killed_midway_leaves_only_whole_files_and_the_next_completes(tmp_path):
    path = tmp_path / "p"
    (path / "input").mkdir(parents=True)
    for source in sorted(INPUT.glob("2022-11-*.md"))[:6]:
        (path / "input" / source.name).write_text(source.read_text(encoding="utf-8"),
                                                   encoding="utf-8")
    (path / "input" / "images").symlink_to(INPUT / "images")
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--project",
                                str(path), "-q"], cwd=ROOT, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(list((path / "output").rglob("*.pdf"))) < 4:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    written = [p for p in (path / "output").rglob("*") if p.is_file()]
    assert written, "the build was killed after it had written something"
    assert not any(p.name.startswith(".") for p in written), "no temporary file in output/"
    for file in written:
        data = file.read_bytes()
        assert (data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")) or (
            file.suffix == ".epub" and data.startswith(b"PK"))
    finished = subprocess.run([sys.executable, "-m", "pipeline", "build", "--project",
                               str(path), "--json", "-q"], cwd=ROOT, capture_output=True,
                              text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    summary = json.loads(finished.stdout)
    assert summary["failed"] == 0 and summary["built"] + summary["cached"] == summary["planned"]
    check = subprocess.run([sys.executable, "-m", "pipeline", "check", "--project", str(path)],
                           cwd=ROOT, capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr


def test_check_finds_what_is_wrong(bantin, tmp_path):
    path = project(tmp_path, {"a.md": SMALL["a.md"]})
    build(bantin, path)
    ok = bantin("check", "--project", path)
    assert ok.exit_code == 0, ok.stderr
    assert "4 file(s) checked: 0 error(s), 0 warning(s)" in ok.stderr
    pdf = path / "output" / "articles" / "bai-thang-muoi-mot" / "bai-thang-muoi-mot.large.pdf"
    with pikepdf.open(pdf, allow_overwriting_input=True) as document:
        del document.Root.Lang
        document.save(pdf)
    (path / "output" / "digests" / "2022-11" / "bantin-2022-11.epub").unlink()
    write(path / "output" / "articles" / "stray.large.pdf", b"%PDF-1.7 broken")
    bad = bantin("check", "--project", path)
    assert bad.exit_code == 1
    lines = bad.stderr.splitlines()
    assert f"error: {pdf}: differs from output/manifest.json (changed after the build); run" \
           " bantin build again" in lines
    assert f"error: {pdf}: no document language (/Lang)" in lines
    assert any("bantin-2022-11.epub: listed in the manifest but missing" in line
               for line in lines)
    assert any("stray.large.pdf: not in output/manifest.json" in line for line in lines)
    assert any("stray.large.pdf: cannot be read as a PDF" in line for line in lines)


def test_check_flags_a_large_print_pdf_set_too_small(bantin, tmp_path):
    path = project(tmp_path, {"a.md": ("Bài", "2022-11-03", "Một đoạn văn dài. " * 60)})
    write(path / "bantin.toml", "[variants.large]\nbody_size = 12\n")
    bantin("build", "--project", path, "--variant", "large")
    write(path / "bantin.toml", "")
    result = bantin("check", "--project", path, path / "output" / "articles")
    assert "body text is 12 pt; the large variant needs 18 pt" in result.stderr
    assert result.exit_code == 1


def test_sample_month_check_is_clean(bantin, sample_project):
    """bantin check on a build of the whole sample month: EPUBCheck, Ace, PDF structure."""
    outputs = [p for p in (sample_project / "output").rglob("*") if p.suffix in (".pdf", ".epub")]
    assert len(outputs) >= 90
    checked = bantin("check", "--project", sample_project, "--strict")
    assert checked.exit_code == 0, checked.stderr
    assert f"{len(outputs)} file(s) checked: 0 error(s), 0 warning(s)" in checked.stderr


@pytest.mark.parametrize("value", ["0", "-1"])
def test_jobs_option_rejects_nonsense(bantin, tmp_path, value):
    path = project(tmp_path, SMALL)
    result = bantin("build", "--project", path, "--jobs", value)
    if value == "0":
        assert result.exit_code == 0  # 0 means one per core
    else:
        assert result.exit_code == 2 and "Invalid value for '-j' / '--jobs'" in result.output


def pid_or_out_of_memory(job: Job) -> bytes:
    if job.target == "memory":
        raise MemoryError
    return str(os.getpid()).encode()


def test_a_worker_that_ran_out_of_memory_is_replaced_not_reused():
    """Its allocations failed halfway: the next article gets a fresh process."""
    results = {r.job.target: r for r in run([fake("before"), fake("memory"), fake("after")],
                                            workers=1, limits=limits(60, 256),
                                            work=pid_or_out_of_memory)}
    assert "needs more than 256 MiB" in str(results["memory"].error)
    assert results["before"].data and results["after"].data
    assert results["before"].data != results["after"].data, "a new worker process"


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def test_workers_die_with_a_killed_build(tmp_path):
    """SIGKILL, the OOM killer or a closed terminal must not leave workers rendering on."""
    limit = 60  # a job may run this long; its worker must die long before that
    slow = "Đại biểu thảo luận kỹ các nội dung trình kỳ họp. " * 40
    for number in range(2):  # each job lays out for much longer than the wait below
        write(tmp_path / "input" / f"{number}.md", ARTICLE.format(
            title=f"Bài dài số {number}", date="2022-11-03", body="\n\n".join([slow] * 1500)))
    write(tmp_path / "bantin.toml", f"[build]\njobs = 2\ntime_limit = {limit}\n"
                                    "max_text_characters = 10000000\n")
    build = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--project",
                              str(tmp_path), "-q"], cwd=ROOT)
    workers: set[int] = set()
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and build.poll() is None:  # until a worker renders
        workers = children(build.pid)
        if any(_cpu_seconds(pid) > 1 for pid in workers):
            break
        time.sleep(0.1)
    assert workers and any(_cpu_seconds(pid) > 1 for pid in workers), "workers rendering"
    build.kill()
    build.wait()
    deadline = time.monotonic() + limit / 4  # far less than the job's own time limit
    while any(Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid)
              for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists() and
             "zombie" not in _state(pid)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert alive == [], "workers outlived the build"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0]
    except (OSError, IndexError):
        return "zombie"


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def die_at_first_start(folder: Path, workers: int) -> Callable[[int], None]:
    """Worker starts that die (before taking any job) until `workers` of them have died."""
    def start(megabytes: int) -> None:
        for number in range(workers):
            try:
                (folder / f"died-{number}").touch(exist_ok=False)
            except FileExistsError:
                continue
            os._exit(1)
    return start


def test_a_pool_broken_by_workers_dying_between_jobs_is_replaced(tmp_path, monkeypatch):
    """pebble gives up ("All workers expired") when a worker dies holding no job: the jobs
    left run in a new pool."""
    monkeypatch.setattr(pool, "_start_worker", die_at_first_start(tmp_path, 2))
    names = [f"ok-{n}" for n in range(6)]
    results = {r.job.target: r for r in run([fake(n) for n in names], workers=2,
                                            limits=limits(60, 256), work=crash)}
    assert len(list(tmp_path.glob("died-*"))) == 2
    assert {n for n, r in results.items() if r.data} == set(names)


def test_workers_that_always_die_end_every_job_reported(monkeypatch):
    monkeypatch.setattr(pool, "_start_worker", lambda megabytes: os._exit(1))
    results = list(run([fake(f"ok-{n}") for n in range(3)], workers=2,
                       limits=limits(60, 256), work=crash))
    assert len(results) == 3
    assert all("died 3 times before taking it" in str(r.error) for r in results)


def test_the_time_limit_grows_with_the_text_laid_out():
    base = Build(time_limit=60, time_per_1000_characters=0.1)
    assert job_time_limit(fake("short"), base) == 60
    long = Job(target="long", format="pdf", variant="large", key="", inputs=(),
               config=parse_config({}, project=Path(".")), characters=1_000_000)
    assert job_time_limit(long, base) == pytest.approx(160)


def test_a_slow_job_is_stopped_at_its_own_limit():
    """Both jobs sleep 3 s: the one with more text has a limit over that and finishes."""
    config = parse_config({}, project=Path("."))
    jobs = [Job(target=f"slow-{n}", format="epub", variant=None, key="", inputs=(),
                config=config, characters=n) for n in (0, 40_000)]
    results = {r.job.target: r for r in run(jobs, workers=2, work=sleepy,
                                            limits=Build(time_limit=1.5,
                                                         time_per_1000_characters=0.1))}
    assert "stopped after 1.5 s" in str(results["slow-0"].error)
    assert results["slow-40000"].data == b"slow-40000"


def sleepy(job: Job) -> bytes:
    time.sleep(3)
    return job.target.encode()


def big_page(path: Path, megabytes: int) -> None:
    paragraph = ("<p>Đại biểu HĐND tỉnh thảo luận kỹ các nội dung trình kỳ họp, <b>đề nghị</b>"
                 " làm rõ nguồn lực thực hiện.</p>\n")
    write(path, "<html><head><meta charset='utf-8'><title>Trang lớn</title></head><body>"
                "<h1>Trang lớn</h1><p class='date'>15/11/2022</p>"
                + paragraph * (megabytes * 1024 * 1024 // len(paragraph.encode())) +
                "</body></html>")


@pytest.mark.parametrize(("limits", "words"), [
    # 4 s: the small articles' jobs fit in it on a busy machine; reading 24 MB of HTML
    # (about 12 s here) never does.
    ("time_limit = 4\ntime_per_1000_characters = 0\n",
     "reading stopped after 4 s ([build] time_limit 4 s"),
    ("memory_limit = 300\n", "reading needs more than 300 MiB ([build] memory_limit)"),
])
def test_reading_runs_under_the_build_limits(bantin, tmp_path, limits, words):
    """A source too slow or too big to read is stopped and reported; the rest is built."""
    path = project(tmp_path, SMALL)
    big_page(path / "input" / "trang.html", 24 if "time_limit" in limits else 12)
    write(path / "bantin.toml", "[variants.standard]\n[build]\njobs = 2\n"
                                "max_text_characters = 100000000\n" + limits)
    started = time.monotonic()
    result, summary = build(bantin, path)
    [error] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert error.startswith(f"error: {path / 'input' / 'trang.html'}: {words}"), error
    assert summary["failed"] == 1 and summary["built"] == summary["planned"] > 0
    assert "Traceback" not in result.output
    assert time.monotonic() - started < 60, "stopped by the limit, not left to finish"


def test_an_editors_note_that_cannot_be_read_costs_only_the_note(bantin, tmp_path):
    path = project(tmp_path, SMALL)
    note = path / "input" / "notes" / "2022-11.md"
    write(note, "---\ntitle: [không đóng\n---\n\nLời ban biên tập.\n")
    result, summary = build(bantin, path)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {note}"), result.stderr
    assert (path / "output" / "digests" / "2022-11" / "bantin-2022-11.large.pdf").is_file()
    assert summary["built"] == summary["planned"]


def test_max_picture_pixels_is_the_users_to_set(bantin, tmp_path):
    path = project(tmp_path, {"a.md": ("Bài có ảnh", "2022-11-03",
                                       "![Ảnh hội nghị](anh.png)\n\nĐoạn một.")})
    Image.new("RGB", (300, 200), (20, 90, 160)).save(path / "input" / "anh.png")
    write(path / "bantin.toml", "[variants.standard]\n[build]\nmax_picture_pixels = 50000\n")
    result, summary = build(bantin, path)
    assert ("image anh.png is too large (300×200 pixels, more than [build] max_picture_pixels"
            " 50,000); resize it") in result.stderr
    assert summary["built"] == summary["planned"]
    write(path / "bantin.toml", "[variants.standard]\n[build]\nmax_picture_pixels = 60000\n")
    result, _ = build(bantin, path)
    assert "too large" not in result.stderr


def test_an_article_without_a_date_is_named_and_listed_as_in_no_digest(bantin, tmp_path):
    path = project(tmp_path, SMALL)
    write(path / "input" / "c.md", "---\ntitle: Bài không ngày\n---\n\nĐoạn ba.\n")
    result, summary = build(bantin, path)
    assert f"warning: {path / 'input' / 'c.md'}: no date found, so the article is in no" \
           " digest" in result.stderr
    assert summary["undated"] == [str(path / "input" / "c.md")]
    table = bantin("build", "--project", path, "--variant", "large")
    assert re.search(r"no date, in no digest\s+1", table.stderr), table.stderr


def test_hand_edited_manifest_entries_are_ignored_with_one_warning(bantin, tmp_path):
    """An entry no build could have written — a NUL in its path, a 300-byte name, an input
    path that is a list, `..` — is ignored: one warning, no traceback, nothing of it
    removed, every later build sound (review: hostile 1-manifest)."""
    path = project(tmp_path, SMALL)
    build(bantin, path)
    manifest = path / "output" / "manifest.json"
    document = json.loads(manifest.read_text())
    good = document["outputs"][0]
    kept = write(path / "output" / "cu" / "cu.large.pdf", "of a user")
    document["outputs"] += [
        {**good, "path": "articles/x\u0000y.pdf"},
        {**good, "path": "articles/" + "x" * 300 + ".pdf"},
        {**good, "path": "cu/cu.large.pdf", "sha256": hashlib.sha256(b"of a user").hexdigest(),
         "inputs": [{"path": ["input", "cu.md"], "sha256": "0" * 64}]},
        {**good, "path": "cu/../cu/cu.large.pdf"},
        {**good, "bytes": "many"}]
    manifest.write_text(json.dumps(document), encoding="utf-8")
    result, summary = build(bantin, path)
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    warnings = [line for line in result.stderr.splitlines() if str(manifest) in line]
    assert len(warnings) == 1, warnings
    assert "5 output(s) listed in it are not as bantin writes them (an output's path" \
           " 'articles/x\\x00y.pdf' holds a NUL character; and more); they are ignored" \
           in warnings[0]
    assert kept.read_text() == "of a user" and not summary["removed"]
    again, _ = build(bantin, path)
    assert again.exit_code == 0 and str(manifest) not in again.stderr, "written anew"
    checked = bantin("check", "--project", path)
    assert "manifest.json: is damaged" not in checked.stderr


def test_check_calls_a_hand_edited_entry_damage(bantin, tmp_path):
    path = project(tmp_path, SMALL)
    build(bantin, path)
    manifest = path / "output" / "manifest.json"
    document = json.loads(manifest.read_text())
    document["outputs"].append({**document["outputs"][0], "path": "a\u0000.pdf"})
    manifest.write_text(json.dumps(document), encoding="utf-8")
    result = bantin("check", "--project", path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"error: {manifest}: is damaged: 1 output(s) listed in it" in result.stderr


def test_a_name_that_is_not_text_cannot_stop_the_manifest(tmp_path):
    """A lone surrogate (a file name that is not UTF-8) is written as its JSON escape and
    read back as the same name."""
    from pipeline.manifest import Entry, read_manifest, write_manifest

    entry = Entry(path="articles/a/a.epub", sha256="0" * 64, bytes=1, format="epub",
                  variant=None, inputs=(("input/th\udcff.md", "1" * 64),))
    write_manifest(tmp_path, [entry])
    assert "\\udcff" in (tmp_path / "manifest.json").read_text(encoding="utf-8")
    assert read_manifest(tmp_path).entries == {entry.path: entry}


def test_a_worker_writing_to_its_stderr_never_reaches_the_users(capfd):
    """C libraries write to descriptor 2 directly (`GLib-ERROR … creating thread`): such a
    line from a worker is no line of the build's; the job's own outcome still comes back."""
    outcomes = dict(pool.pooled(["talk"], _talk_on_stderr, workers=1, memory_limit=1024,
                                time_limit=lambda task: 60))
    assert isinstance(outcomes["talk"], pool.Done) and outcomes["talk"].value == "said"
    assert "GLib-ERROR" not in capfd.readouterr().err


def _talk_on_stderr(task: str) -> str:
    os.write(2, b"GLib-ERROR **: creating thread 'gmain': Resource temporarily unavailable\n")
    return "said"


class _Output:
    """A job's result that can be watched with a weak reference."""

    def __init__(self, size: int) -> None:
        self.data = b"x" * size


def _make_output(task: int) -> _Output:
    return _Output(100_000 + task)


def test_the_pool_keeps_no_result_it_handed_on():
    """A finished future holds its result: kept until the build's end, every output of a
    decade of articles stayed in the main process's memory (400 MiB at 1,000 articles)."""
    import gc
    import weakref

    watched = []
    results = pool.pooled(list(range(6)), _make_output, workers=2, memory_limit=1024,
                          time_limit=lambda task: 60)
    for _task, outcome in results:
        assert isinstance(outcome, pool.Done)
        watched.append(weakref.ref(outcome.value))
        del outcome
        if len(watched) == 4:
            break  # the pool is still running: its futures are still there
    gc.collect()
    alive = [ref for ref in watched[:-1] if ref() is not None]  # the last: being handed on
    results.close()
    assert not alive, f"{len(alive)} result(s) of {len(watched) - 1} still held by the pool"


def _raise_lxml_error(task: str) -> str:
    from lxml import etree

    etree.fromstring(b"<a><b></a>")  # XMLSyntaxError, which carries an unpicklable error log
    return task


def test_an_exception_that_will_not_pickle_comes_back_by_name():
    """lxml's errors carry their parser's error log, which does not pickle: sent back as they
    were, they became "cannot pickle '_ListErrorLog'" instead of the error itself."""
    from pipeline.errors import unexpected

    outcomes = dict(pool.pooled(["broken"], _raise_lxml_error, workers=1, memory_limit=1024,
                                time_limit=lambda task: 60))
    failed = outcomes["broken"]
    assert isinstance(failed, pool.Failed)
    message = unexpected(failed.error, "x.docx").message
    assert "XMLSyntaxError" in message and "pickle" not in message, message


def _raise_from_lxml_error(task: str) -> str:
    from lxml import etree
    from tblib import pickling_support

    from pipeline.errors import SourceError

    pickling_support.install()  # as Dask does: exceptions then pickle with their causes
    for broken in (b"<a><b></a>", b"<c>", b""):
        try:
            etree.fromstring(broken)
        except etree.XMLSyntaxError as exc:
            error = exc
    raise SourceError("this is not a Word .docx file", path=task) from error


def test_a_source_error_caused_by_an_lxml_error_comes_back_whole():
    """With tblib's pickling installed (Dask installs it), an error pickles with its cause;
    an lxml cause brought its error log along, which does not pickle, and the user saw
    "cannot pickle '_ListErrorLog'" instead of the error."""
    from pipeline.errors import SourceError

    outcomes = dict(pool.pooled(["x.docx"], _raise_from_lxml_error, workers=1,
                                memory_limit=1024, time_limit=lambda task: 60))
    failed = outcomes["x.docx"]
    assert isinstance(failed, pool.Failed)
    assert isinstance(failed.error, SourceError), failed.error
    assert "not a Word .docx file" in failed.error.message
    assert "XMLSyntaxError" in failed.traceback  # the cause is still told


READ_WITH_TBLIB = """
import sys
from pathlib import Path

import docx  # lxml and every bantin exception class exist before tblib is installed,
import pipeline.corpus  # as when Dask is imported after them (the cluster tests)
from tblib import pickling_support

from pipeline.config import parse_config

pickling_support.install()  # registers each exception class it finds with copyreg
project = Path(sys.argv[1])
corpus = pipeline.corpus.load([project / "input"], parse_config({}, project=project))
print("\\n".join(error.message for error in corpus.errors))
"""


def test_a_reading_error_raised_while_lxml_failed_comes_back_whole(tmp_path):
    """A Word file whose `[Content_Types].xml` is empty: the reader's SourceError is raised
    while lxml's XMLSyntaxError is handled, so it is that error's context. With tblib's
    pickling installed the worker's reading pickled the context and its error log, and the
    user read "cannot pickle '_ListErrorLog'" instead of what is wrong with the file."""
    import io
    import zipfile

    import docx

    document = io.BytesIO()
    docx.Document().save(document)
    broken = io.BytesIO()
    with zipfile.ZipFile(document) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            target.writestr(name, b"" if name == "[Content_Types].xml" else source.read(name))
    write(tmp_path / "input" / "empty-types.docx", broken.getvalue())
    run = subprocess.run([sys.executable, "-c", READ_WITH_TBLIB, str(tmp_path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=True)
    assert "not a Word .docx file" in run.stdout, run.stdout
    assert "pickle" not in run.stdout, run.stdout


def _collector_state(task: str) -> tuple[tuple[int, int, int], int]:
    import gc

    return gc.get_threshold(), gc.get_freeze_count()


def test_workers_collect_cyclic_garbage_less_often():
    """A worker's collector runs at `COLLECTOR_THRESHOLDS`, not every 700 allocations, and
    leaves alone what the worker started with (5–10 % of a build's CPU time)."""
    outcomes = dict(pool.pooled(["x"], _collector_state, workers=1, memory_limit=1024,
                                time_limit=lambda task: 60))
    done = outcomes["x"]
    assert isinstance(done, pool.Done)
    thresholds, frozen = done.value
    assert thresholds == pool.COLLECTOR_THRESHOLDS != (700, 10, 10)
    assert frozen > 10_000, "the modules the worker started with are frozen"
