"""`bantin build --executor dask://HOST:PORT`: a real Dask cluster on this machine.

A scheduler and two workers run as processes of their own, over TCP on
127.0.0.1, each worker in its own working folder; `bantin build` runs in a
process of its own too, as a user runs it. The workers are started through
a launcher that records (Python's audit hooks) every file or folder they or
their job processes open inside the coordinator's folder: there must be
none, since inputs travel by content. The outputs are compared, byte for
byte and manifest included, with the local build of the sample
(`sample_project`, its own copy and cache).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import INPUT, ROOT

distributed = pytest.importorskip(
    "distributed", reason="Dask's distributed is not installed (pip install 'bantin[cluster]')")

from pipeline import cluster as dask_cluster  # noqa: E402  (needs distributed)
from pipeline.collate import collate, months_present  # noqa: E402
from pipeline.config import load_config  # noqa: E402
from pipeline.corpus import input_folder, load, with_extras  # noqa: E402
from pipeline.plan import Planner  # noqa: E402
from pipeline.pool import Failed  # noqa: E402
from pipeline.runner import result_of  # noqa: E402

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
"""Every process the tests start runs this checkout's bantin."""

LAUNCHER = '''\
"""A Dask worker that records every path it opens inside the coordinator's folder."""
import os
import sys

FORBIDDEN = os.environ["BANTIN_TEST_FORBIDDEN"]
RECORD = os.environ["BANTIN_TEST_RECORD"]


def audit(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(
            args[0], (str, bytes, os.PathLike)):
        path = os.path.abspath(os.fsdecode(args[0]))
        if path == FORBIDDEN or path.startswith(FORBIDDEN + os.sep):
            with open(RECORD, "a", encoding="utf-8") as record:
                record.write(f"{os.getpid()} {event} {path}\\n")


sys.addaudithook(audit)  # forked job processes inherit it
if os.environ.get("BANTIN_TEST_ODD_TOOLCHAIN"):  # a worker with another WeasyPrint
    import pipeline.plan

    real = pipeline.plan.toolchain()
    pipeline.plan.toolchain = lambda: {**real, "weasyprint": "0.0-odd"}
from distributed.cli.dask_worker import main

sys.argv[0] = "dask-worker"
main()
'''


class Cluster:
    """A scheduler and the workers started on it, all stopped at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.coordinator = folder / "coordinator"
        """The coordinator's folder: projects built on the cluster live here."""
        self.coordinator.mkdir()
        self.record = folder / "opened-by-workers.txt"
        self.record.touch()
        self.launcher = folder / "launch_worker.py"
        self.launcher.write_text(LAUNCHER, encoding="utf-8")
        self.env = {**ENV, "BANTIN_TEST_FORBIDDEN": str(self.coordinator.resolve()),
                    "BANTIN_TEST_RECORD": str(self.record)}
        self.processes: list[subprocess.Popen[bytes]] = []
        self.workers: dict[str, subprocess.Popen[bytes]] = {}
        """Each worker's process by its name."""
        scheduler_file = folder / "scheduler.json"
        self.scheduler = self._start(
            "scheduler", [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1",
                          "--port", "0", "--no-dashboard", "--scheduler-file",
                          str(scheduler_file)], folder)
        deadline = time.monotonic() + 60
        while not scheduler_file.is_file() or not scheduler_file.read_text():
            assert self.scheduler.poll() is None, self.log("scheduler")
            assert time.monotonic() < deadline, "the scheduler did not start in 60 s"
            time.sleep(0.1)
        self.address = json.loads(scheduler_file.read_text())["address"]
        self.port = int(self.address.rsplit(":", 1)[1])
        self.url = f"dask://127.0.0.1:{self.port}"
        self.client = distributed.Client(self.address, timeout=30, set_as_default=False)

    def _start(self, name: str, args: list[str], cwd: Path,
               env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        with (self.folder / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(args, cwd=cwd, env=env or self.env,
                                       stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        self.processes.append(process)
        return process

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")[-3000:]

    def start_worker(self, name: str, *, odd: bool = False) -> str:
        """A worker with its own working and local folders; its address."""
        own = self.folder / name
        (own / "cwd").mkdir(parents=True)
        env = {**self.env, "BANTIN_TEST_ODD_TOOLCHAIN": "1"} if odd else None
        self.workers[name] = self._start(
            name, [sys.executable, str(self.launcher), self.address, "--name", name,
                   "--nthreads", "1", "--no-nanny", "--no-dashboard",
                   "--local-directory", str(own / "local")], own / "cwd", env)
        deadline = time.monotonic() + 60
        while (address := self.address_of(name)) is None:
            assert self.workers[name].poll() is None, self.log(name)
            assert time.monotonic() < deadline, f"worker {name} did not join in 60 s"
            time.sleep(0.2)
        return address

    def address_of(self, name: str) -> str | None:
        for address, info in self.client.scheduler_info()["workers"].items():
            if info.get("name") == name:
                return str(address)
        return None

    def alive(self) -> list[str]:
        return [name for name, process in self.workers.items() if process.poll() is None]

    def ensure(self, count: int) -> None:
        """At least `count` ordinary workers running (a test may have killed one)."""
        number = len(self.workers)
        while len([n for n in self.alive() if not n.startswith("odd")]) < count:
            number += 1
            self.start_worker(f"worker{number}")

    def stop(self, name: str) -> bool:
        """Stop a worker as its operator would (SIGTERM); whether it stopped by itself
        (else it is killed after a minute)."""
        process = self.workers[name]
        process.terminate()
        try:
            process.wait(timeout=60)
            stopped = True
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            stopped = False
        deadline = time.monotonic() + 20
        while self.address_of(name) is not None and time.monotonic() < deadline:
            time.sleep(0.2)
        return stopped

    def opened(self) -> list[str]:
        """What the workers opened inside the coordinator's folder (should be nothing)."""
        return self.record.read_text(encoding="utf-8").splitlines()

    def busy(self) -> tuple[int, int, dict[str, int]]:
        """(tasks the scheduler knows, tasks it has workers processing, jobs each worker's
        pool runs)."""
        tasks = self.client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))
        processing = sum(map(len, self.client.processing().values()))
        return tasks, processing, self.client.run(dask_cluster.running)

    def close(self) -> None:
        """Workers first, then the scheduler: a worker whose scheduler goes at the same time
        may hang in Dask's own shutdown."""
        for name in self.alive():
            with contextlib.suppress(Exception):
                self.stop(name)
        with contextlib.suppress(Exception):
            self.client.close()
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[Cluster]:
    running = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        running.ensure(2)
        yield running
    finally:
        running.close()


def project_copy(where: Path) -> Path:
    """The sample project (input/ and bantin.toml), as `sample_project` copies it."""
    shutil.copytree(INPUT, where / "input")
    shutil.copy(ROOT / "bantin.toml", where / "bantin.toml")
    return where


def start_build(project: Path, url: str, cwd: Path, *args: str) -> subprocess.Popen[str]:
    """`bantin build --executor URL` in a process of its own, its progress lines on stderr."""
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", "--project", str(project), "--executor", url,
         *args], cwd=cwd, env=ENV, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
        # Ctrl-C's default action even when the test runner was started with it ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def children(pid: int) -> list[int]:
    """The processes `pid` started (Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def wait_until(check, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_the_guard_sees_a_worker_open_the_coordinators_folder(cluster):
    # The audit hook is what proves the workers read nothing of the coordinator's: show
    # that it does catch an open there.
    probe = cluster.coordinator / "probe.txt"
    probe.write_text("x")
    cluster.client.run(lambda path=str(probe): open(path).close())
    assert sum(str(probe) in line for line in cluster.opened()) == len(cluster.alive())
    probe.unlink()
    cluster.record.write_text("")


def test_a_cluster_build_is_byte_identical_to_a_local_one_and_survives_a_killed_worker(
        cluster, sample_project, tmp_path):
    cluster.ensure(2)
    project = project_copy(cluster.coordinator / "month")
    build = start_build(project, cluster.url, tmp_path)
    victim = cluster.alive()[-1]
    address = cluster.address_of(victim)
    assert build.stderr is not None
    lines, killed_mid_job = [], None
    for line in build.stderr:
        lines.append(line)
        if killed_mid_job is None and line.startswith("[12/") and " built " in line:
            # After twelve outputs (of 108), while the worker is rendering one.
            killed_mid_job = bool(cluster.client.processing([address]).get(address))
            pool = children(cluster.workers[victim].pid)  # the process running its job
            cluster.workers[victim].kill()
    build.wait(timeout=300)
    stderr = "".join(lines)
    assert build.returncode == 0, stderr[-3000:]
    assert killed_mid_job, "the killed worker was rendering a job"
    assert pool and wait_until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in pool)), \
        "the job process of a killed worker dies with it"
    assert "Traceback" not in stderr and "warning:" not in stderr, stderr[-3000:]
    local, remote = files_under(sample_project / "output"), files_under(project / "output")
    assert sorted(remote) == sorted(local)
    assert "manifest.json" in remote  # sorted, relative paths, no times: equal too
    different = [path for path in local if local[path] != remote[path]]
    assert not different, f"outputs differ from the local build's: {different}"
    assert cluster.opened() == [], "workers read the coordinator's folder"
    # The surviving worker keeps the inputs by SHA-256 and forgot the build's folder.
    survivor = next(n for n in cluster.alive() if not n.startswith("odd"))
    local_dir = cluster.folder / survivor / "local"
    source = INPUT / "2022-11-04-giam-sat-y-te-co-so-bach-thong.md"
    stored = {p.name for p in local_dir.rglob("bantin/files/*")}
    assert hashlib.sha256(source.read_bytes()).hexdigest() in stored
    assert not [p for p in local_dir.rglob("bantin/builds/*/*")]
    # The cache and the manifest stay with the coordinator: a rebuild runs no job.
    again = subprocess.run(
        [sys.executable, "-m", "pipeline", "build", "--project", str(project), "--executor",
         cluster.url, "--json", "-q"], cwd=tmp_path, env=ENV,
        capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert (summary["built"], summary["cached"]) == (0, len(local) - 1)


def test_ctrl_c_cancels_the_clusters_work_without_a_traceback(cluster, tmp_path):
    cluster.ensure(2)
    project = project_copy(cluster.coordinator / "interrupted")
    build = start_build(project, cluster.url, tmp_path)
    assert build.stderr is not None
    lines = []
    for line in build.stderr:
        lines.append(line)
        if line.startswith("[3/"):
            build.send_signal(signal.SIGINT)
            break
    _out, rest = build.communicate(timeout=60)
    stderr = "".join(lines) + rest
    assert build.returncode != 0
    assert "Traceback" not in stderr, stderr[-3000:]
    assert "Build finished" not in stderr
    # Nothing of the build is left on the cluster: no task known, none processing, no job
    # running in a worker's pool.
    assert wait_until(lambda: cluster.busy()[:2] == (0, 0)
                      and not any(cluster.busy()[2].values())), cluster.busy()
    assert cluster.opened() == []
    # A worker whose job processes ran (and were stopped) still stops when asked: they do
    # not keep it waiting.
    worker = next(n for n in cluster.alive() if not n.startswith("odd"))
    pool = children(cluster.workers[worker].pid)
    assert pool and cluster.stop(worker), "the worker stopped by itself, its pool with it"
    assert wait_until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in pool))


def _messages(run: subprocess.CompletedProcess[str], project: Path) -> list[str]:
    """The warning and error lines of a build, its project's folder written PROJECT."""
    return sorted(line.replace(str(project), "PROJECT") for line in run.stderr.splitlines()
                  if line.startswith(("warning:", "error:")))


def test_warnings_and_limits_on_workers_read_as_locally(cluster, tmp_path):
    # A sign no font draws (a warning logged inside the job, naming the source) and an
    # article too long for `[build] time_limit` (the worker's pool stops it) read as they do
    # in a local build, with the coordinator's paths.
    cluster.ensure(2)
    sign = "---\ntitle: Bài có ký hiệu lạ\ndate: 2022-11-05\n---\n\nChữ tượng hình 𓀀 ở đây.\n"
    long = ("---\ntitle: Bài rất dài\ndate: 2022-11-06\n---\n\n"
            + ("Đoạn văn dài về kỳ họp hội đồng nhân dân tỉnh. " * 40 + "\n\n") * 150)
    runs = {}
    for name, where in (("local", tmp_path / "local"),
                        ("dask", cluster.coordinator / "limits")):
        (where / "input").mkdir(parents=True)
        (where / "input" / "a.md").write_text(sign, encoding="utf-8")
        (where / "input" / "b.md").write_text(long, encoding="utf-8")
        (where / "bantin.toml").write_text(
            # 3 s: reading either file and laying out the short one take a fraction of
            # that even on a loaded machine (1 s was not always enough there); the long one
            # takes over half a minute.
            "[build]\ntime_limit = 3\ntime_per_1000_characters = 0\n", encoding="utf-8")
        runs[name] = subprocess.run(
            [sys.executable, "-m", "pipeline", "build", "--project", str(where), "--variant",
             "standard", "--executor", cluster.url if name == "dask" else "local"],
            cwd=tmp_path, env=ENV, capture_output=True,
            text=True, check=False, timeout=300)
    local = _messages(runs["local"], tmp_path / "local")
    remote = _messages(runs["dask"], cluster.coordinator / "limits")
    assert runs["dask"].returncode == runs["local"].returncode == 1
    assert "Traceback" not in runs["dask"].stderr, runs["dask"].stderr[-3000:]
    stopped = "error: PROJECT/input/b.md: articles/bai-rat-dai/bai-rat-dai.standard.pdf: stopped"
    assert any(line.startswith(stopped) for line in remote), remote
    assert any("PROJECT/input/a.md: the print font cannot draw U+13000" in line
               for line in remote), remote
    # The same lines (an EPUB of the long article may or may not beat the limit: left out).
    assert ([m for m in remote if ".epub" not in m] == [m for m in local if ".epub" not in m]), \
        (remote, local)
    assert cluster.opened() == []


def test_an_unreachable_scheduler_bad_urls_and_odd_values_are_one_error_line(bantin, tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for url, expected in [(f"dask://127.0.0.1:{port}", f"dask://127.0.0.1:{port}"),
                          ("dask://127.0.0.1", "names no port"),
                          ("tcp://127.0.0.1:8786", "use local or dask://HOST:PORT"),
                          ("dask://127.0.0.1:8786/x", "only the scheduler's host and port")]:
        result = bantin("build", "--project", tmp_path, "--executor", url)
        assert result.exit_code == 1, (url, result.output)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error:"), (url, lines)
        assert expected in lines[0], (url, lines)
    (tmp_path / "bantin.toml").write_text('[build]\nexecutor = "dask:/nowhere"\n')
    result = bantin("build", "--project", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith("error:") and "build.executor" in result.stderr
    # `[build] executor` chooses the cluster; `--executor local` overrides it.
    (tmp_path / "bantin.toml").write_text(f'[build]\nexecutor = "dask://127.0.0.1:{port}"\n')
    result = bantin("build", "--project", tmp_path)
    assert result.exit_code == 1 and f"dask://127.0.0.1:{port}" in result.stderr
    result = bantin("build", "--project", tmp_path, "--executor", "local")
    assert result.exit_code == 1 and "no input/ folder" in result.stderr


def test_without_distributed_the_executor_says_how_to_install_it(tmp_path):
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "distributed.py").write_text("raise ImportError('No module named distributed')\n")
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "build", "--project", str(tmp_path), "--executor",
         "dask://127.0.0.1:8786"], cwd=tmp_path, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(shadow), str(ROOT)])})
    assert run.returncode == 1
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("error:"), run.stderr
    assert "pip install 'bantin[cluster]'" in run.stderr


def test_a_worker_with_another_toolchain_is_refused_by_name(cluster, tmp_path):
    cluster.ensure(1)
    odd = cluster.start_worker("odd", odd=True)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "pipeline", "build", "--project", str(tmp_path),
             "--executor", cluster.url], cwd=tmp_path, capture_output=True, text=True,
            check=False, env=ENV, timeout=120)
    finally:
        cluster.stop("odd")
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), lines
    assert odd in lines[0] and "weasyprint 0.0-odd there" in lines[0], lines


def test_a_relocated_job_names_only_the_workers_folder(sample_project, tmp_path):
    config = load_config(sample_project)
    corpus = load([input_folder(config)], config)
    planner = Planner(config)
    digest = with_extras(collate(corpus.articles, months_present(corpus.articles)[0], config),
                         config)
    [archival] = planner.archival_jobs(variants=["standard"], digest=digest)
    jobs = [*planner.digest_jobs(digest, ["standard"], ["pdf"]), archival,
            *planner.article_jobs(corpus.articles[0], ["large"], ["pdf", "epub"])]
    root = tmp_path / "worker" / "build"
    project = sample_project.resolve()
    for job in jobs:
        origin = dask_cluster.Origin.of(job.config.project)
        moved = dask_cluster.relocated(
            job, lambda path, origin=origin: type(path)(root / dask_cluster.place(path, origin)))
        paths = dask_cluster.paths_in(moved)
        assert paths and all(Path(p).is_relative_to(root) for p in paths), paths
        assert not [p for p in paths if str(p).startswith(str(project))]
        assert moved.target == job.target and moved.key == job.key
        # Every picture and attachment the job names is among the files sent.
        files = dask_cluster.needed(job, origin)
        sent = {root / where for where in files}
        articles = [moved.article] if moved.article else [*moved.digest.articles]
        for article in articles:
            assert article.source in sent
            for block in article.blocks:
                if getattr(block, "src", None):
                    assert article.source.parent / block.src.split("#")[0] in sent
        assert set(moved.attachments) <= sent


def test_a_job_whose_workers_all_died_is_one_error_naming_it(sample_project):
    config = load_config(sample_project)
    corpus = load([input_folder(config)], config)
    [job] = Planner(config).article_jobs(corpus.articles[0], ["standard"], ["pdf"])
    error = distributed.KilledWorker("bantin-job-x", None, 3)
    outcome = dask_cluster.task_outcome((type(error), error, None))
    assert isinstance(outcome, Failed)
    result = result_of(job, outcome, config.build)
    assert result.error is not None
    message = result.error.format_message()
    assert job.target in message and "was lost 4 times (the Dask worker running it died" in message
