"""Shared helpers of the benchmarks: cold timed runs, alternation, statistics, tables, articles.

Every figure the scripts print comes from `measure`: one command in a fresh
process, timed from the outside, with its own peak memory (see
`bench/_measure.py`). `alternate` runs the sides of a comparison in turn,
rotating which goes first each repetition, and `Series` gives the median
and the spread (min–max). `generate_articles` makes distinct Vietnamese
council articles deterministically, written by `write_source` as Markdown,
JSON, portal text, portal HTML or Word.

bantin is driven through its command line (`python -m pipeline …`); the
few internals the benchmarks need are imported only in bench/_internals.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = sys.executable
VARIANTS = ("standard", "large", "xlarge")
"""bantin's built-in print variants."""
PDF_VARIANT = "pdf/ua-1"
"""Written into every benchmark project's `[pdf] variant`, so the baselines use the same."""
MIB = 1024  # ru_maxrss is in KiB on Linux


# --------------------------------------------------------------------------------------
# Running one measured command


@dataclass(frozen=True, slots=True)
class Run:
    """One command run in a fresh process."""

    wall: float
    """Seconds from starting the process to reaping it (interpreter start included)."""
    cpu: float
    """User + system seconds of the process and of every descendant it waited for."""
    rss_main: float
    """MiB: the peak resident set of the started process itself."""
    rss_child: float | None
    """MiB: the peak of its largest child (a worker), None when it had none."""
    children: int
    """Child processes seen while it ran (0 when not known)."""
    stdout: str
    stderr: str


def child_env() -> dict[str, str]:
    """The environment of measured commands: this checkout's `pipeline` first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def bantin(*args: str | Path) -> list[str]:
    """Python arguments running the bantin command line, as `python -m pipeline …`."""
    return ["-m", "pipeline", *map(str, args)]


def script(name: str, *args: str | Path) -> list[str]:
    """Python arguments running one of bench/'s helper scripts."""
    return [str(BENCH / name), *map(str, args)]


def measure(args: Sequence[str], *, python: bool = True, cwd: Path | None = None,
            cpus: int | None = None, check: bool = True) -> Run:
    """Run one command in a fresh process and measure it.

    With `python` (the default) `args` are the interpreter's arguments
    (`bantin(…)`, `script(…)`) and the program runs under bench/_measure.py,
    which reports the process's own peak RSS and its largest child's
    separately. Otherwise `args` is any command (pandoc through xargs): its
    peak is `os.wait4`'s ru_maxrss, the largest process of its tree.

    `cpus` pins the process (and so everything it starts) to that many
    CPUs, so both sides of a comparison get the same number of cores.
    """
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        report = Path(tmp) / "report.json"
        out_path, err_path = Path(tmp) / "stdout", Path(tmp) / "stderr"
        command = ([PYTHON, str(BENCH / "_measure.py"), str(report), *args] if python
                   else list(args))
        allowed = sorted(os.sched_getaffinity(0))
        pinned = set(allowed[:cpus]) if cpus else None
        with out_path.open("wb") as out, err_path.open("wb") as err:
            start = time.perf_counter()
            process = subprocess.Popen(
                command, cwd=cwd, env=child_env(), stdin=subprocess.DEVNULL, stdout=out,
                stderr=err, preexec_fn=(lambda: os.sched_setaffinity(0, pinned)) if pinned
                else None)
            # wait4, not Popen.wait: its rusage is this one child's (and its reaped
            # descendants'), never the running maximum of every child this script had.
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout = out_path.read_text(encoding="utf-8", errors="replace")
        stderr = err_path.read_text(encoding="utf-8", errors="replace")
        if check and process.returncode != 0:
            raise SystemExit(f"command failed (exit {process.returncode}):"
                             f" {' '.join(command)}\n{stderr[-3000:]}")
        cpu = usage.ru_utime + usage.ru_stime
        if python and report.is_file():
            data = json.loads(report.read_text(encoding="utf-8"))
            return Run(wall=wall, cpu=cpu, rss_main=data["self_maxrss_kib"] / MIB,
                       rss_child=(data["children_maxrss_kib"] / MIB
                                  if data["children_maxrss_kib"] else None),
                       children=data["children"], stdout=stdout, stderr=stderr)
        return Run(wall=wall, cpu=cpu, rss_main=usage.ru_maxrss / MIB, rss_child=None,
                   children=0, stdout=stdout, stderr=stderr)


def pinned_cpus(count: int) -> str:
    """Which CPUs `measure(cpus=count)` uses, for the output."""
    return ",".join(map(str, sorted(os.sched_getaffinity(0))[:count]))


# --------------------------------------------------------------------------------------
# Repetitions, statistics and tables


@dataclass(slots=True)
class Series:
    """The repetitions of one side of a comparison."""

    name: str
    runs: list[Run] = field(default_factory=list)

    def values(self, what: str = "wall") -> list[float]:
        return [v for v in (getattr(run, what) for run in self.runs) if v is not None]

    def median(self, what: str = "wall") -> float:
        return statistics.median(self.values(what))

    def show(self, what: str = "wall", unit: str = "s", digits: int = 2) -> str:
        """`median unit (min–max)`."""
        values = self.values(what)
        if not values:
            return "–"
        middle = statistics.median(values)
        if len(values) == 1:
            return f"{middle:.{digits}f} {unit}"
        return f"{middle:.{digits}f} {unit} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def ratio(top: Series, bottom: Series, what: str = "wall") -> str:
    """Ratio of the medians, and the spread of the ratios of runs made side by side."""
    a, b = top.values(what), bottom.values(what)
    middle = statistics.median(a) / statistics.median(b)
    pairs = [x / y for x, y in zip(a, b, strict=False)]
    if len(pairs) < 2:
        return f"{middle:.2f}"
    return f"{middle:.2f} (pairs {min(pairs):.2f}–{max(pairs):.2f})"


def alternate(sides: Sequence[tuple[str, Callable[[int], Run]]], repeat: int,
              *, label: str = "") -> dict[str, Series]:
    """Run every side `repeat` times, rotating which runs first each repetition.

    Each callable gets the repetition number and must start a fresh process
    (`measure`), so no side profits from caches the other warmed, and slow
    drifts of a shared machine fall on both sides alike.
    """
    results = {name: Series(name) for name, _ in sides}
    for rep in range(repeat):
        shift = rep % len(sides)
        for name, run in [*sides[shift:], *sides[:shift]]:
            outcome = run(rep)
            results[name].runs.append(outcome)
            progress(f"{label}{' ' if label else ''}{name} [{rep + 1}/{repeat}]:"
                     f" {outcome.wall:.2f} s")
    return results


def progress(message: str) -> None:
    """A progress line on stderr (the results go to stdout)."""
    print(f"  … {message}", file=sys.stderr, flush=True)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table, columns padded so it also reads as plain text."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths,
                                                                      strict=True)) + " |"

    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
                      *(line(row) for row in rows)])


def rss(series: Series, child: str | None = "largest worker") -> str:
    """`main X MiB, largest worker Y MiB` (medians with spread); `child=None` leaves the
    children out (a one-process side whose only child is a helper such as the
    `ldconfig -p` that ctypes.util.find_library runs when WeasyPrint loads)."""
    text = f"main {series.show('rss_main', 'MiB', 0)}"
    if child and series.values("rss_child"):
        text += f", {child} {series.show('rss_child', 'MiB', 0)}"
    return text


def arguments(doc: str) -> argparse.ArgumentParser:
    """A parser with the options every benchmark has: `--quick` and `--repeat`."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="small sizes and 2 repetitions: a smoke run, not figures")
    parser.add_argument("--repeat", type=int, default=None,
                        help="repetitions of every measurement (default 3, --quick 2);"
                             " the median and the spread are printed")
    return parser


def repetitions(args: argparse.Namespace) -> int:
    """`--repeat`, or its default for the mode (the full mode needs ≥ 3 for a median)."""
    repeat = args.repeat if args.repeat is not None else (2 if args.quick else 3)
    if repeat < 1:
        raise SystemExit("--repeat must be at least 1")
    return repeat


def header(title: str, repeat: int, quick: bool) -> None:
    """The first lines of every report: what, how often, on which machine."""
    load, cpus = os.getloadavg()[0], os.cpu_count() or 1
    print(f"# {title}")
    print(f"{repeat} repetition(s), each a fresh process; median (min–max);"
          f" sides alternate which runs first; {cpus} CPUs, load average {load:.1f} at start"
          f"{'; QUICK MODE: smoke run, not figures' if quick else ''}")
    if load > cpus:
        print(f"NOTE: the load average is above the {cpus} CPUs: other processes compete,"
              " wall times include waiting for them; the CPU columns are steadier.")


@contextmanager
def workdir(prefix: str) -> Iterator[Path]:
    """A temporary folder for one benchmark, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix=f"bantin-bench-{prefix}-") as tmp:
        yield Path(tmp)


# --------------------------------------------------------------------------------------
# Projects


def make_project(folder: Path, *, jobs: int = 0, sources: Sequence[Path] | None = None) -> Path:
    """A project folder: the sample's bantin.toml plus `[build] jobs` and `[pdf] variant`.

    `sources` (default: the sample's input/) are copied into input/; pass
    an empty list to fill input/ yourself.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "input").mkdir(exist_ok=True)
    for source in (sorted((ROOT / "input").iterdir()) if sources is None else sources):
        target = folder / "input" / source.name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    sample = (ROOT / "bantin.toml").read_text(encoding="utf-8")
    parsed = tomllib.loads(sample)
    if "build" in parsed or "pdf" in parsed:
        raise SystemExit("bantin.toml now has [build] or [pdf]: update make_project()")
    config = (sample + f"\n[build]\njobs = {jobs}\n\n[pdf]\nvariant = \"{PDF_VARIANT}\"\n")
    tomllib.loads(config)  # fail here, not in the first measured run
    (folder / "bantin.toml").write_text(config, encoding="utf-8")
    return folder


def set_jobs(project: Path, jobs: int) -> None:
    """Change a benchmark project's `[build] jobs` (render and digest have no --jobs)."""
    config = project / "bantin.toml"
    text = config.read_text(encoding="utf-8")
    before, _, after = text.partition("\n[build]\njobs = ")
    _, rest = after.split("\n", 1)
    config.write_text(f"{before}\n[build]\njobs = {jobs}\n{rest}", encoding="utf-8")


def count_pages(where: Path) -> int:
    """Pages of a PDF, or of every PDF under a folder (pypdf, a bantin dependency): the
    check that both sides of a comparison laid out the same thing."""
    from pypdf import PdfReader

    files = [where] if where.is_file() else sorted(where.rglob("*.pdf"))
    return sum(len(PdfReader(path).pages) for path in files)


def font_file_url() -> str:
    """The file: URL plain WeasyPrint reads bantin's fonts from (bantin serves them as
    `bantin-font:` URLs through its fetcher, which a plain run does not have). The
    benchmark projects have no fonts/ of their own, so these are the files bantin uses."""
    return (ROOT / "fonts").resolve().as_uri() + "/"


def plain_html_copies(files: Sequence[Path], target: Path) -> list[Path]:
    """The print HTML bantin wrote, with `bantin-font:` URLs turned into file: URLs.

    Nothing else changes, so plain WeasyPrint lays out exactly what bantin does.
    """
    target.mkdir(parents=True, exist_ok=True)
    copies = []
    for number, path in enumerate(sorted(files)):
        copy = target / f"{number:04d}-{path.name}"
        copy.write_text(path.read_text(encoding="utf-8").replace("bantin-font:",
                                                                 font_file_url()),
                        encoding="utf-8")
        copies.append(copy)
    return copies


# --------------------------------------------------------------------------------------
# Distinct generated articles
#
# Each article draws its title, its places, people, numbers and the order and
# choice of its sentences from its own random generator (seeded by its number),
# so no two articles share a paragraph and no cache keyed by an article, a
# paragraph or a sentence can serve one from another. The words are those of
# real council news, so per-word caches hit as often as on real text.

DISTRICTS: dict[str, tuple[str, ...]] = {
    "Ba Bể": ("Nam Mẫu", "Khang Ninh", "Cao Thượng", "Hà Hiệu", "Phúc Lộc", "Địa Linh",
              "Yến Dương", "Quảng Khê", "Mỹ Phương", "Chu Hương", "Bành Trạch", "Thượng Giáo"),
    "Bạch Thông": ("Cẩm Giàng", "Quân Hà", "Nguyên Phúc", "Mỹ Thanh", "Sĩ Bình", "Vũ Muộn",
                   "Cao Sơn", "Dương Phong", "Lục Bình", "Tân Tú", "Đôn Phong", "Quang Thuận"),
    "Chợ Đồn": ("Bản Thi", "Xuân Lạc", "Đồng Thắng", "Yên Thịnh", "Ngọc Phái", "Bình Trung",
                "Nghĩa Tá", "Lương Bằng", "Đồng Lạc", "Quảng Bạch", "Yên Phong", "Đại Sảo"),
    "Chợ Mới": ("Yên Cư", "Thanh Thịnh", "Nông Hạ", "Thanh Vận", "Cao Kỳ", "Hòa Mục",
                "Như Cố", "Quảng Chu", "Bình Văn", "Tân Sơn", "Thanh Mai", "Yên Hân"),
    "Na Rì": ("Kim Hỷ", "Lương Thượng", "Côn Minh", "Văn Minh", "Cư Lễ", "Lạng San",
              "Quang Phong", "Dương Sơn", "Trần Phú", "Văn Lang", "Sơn Thành", "Xuân Dương"),
    "Ngân Sơn": ("Thượng Quan", "Bằng Vân", "Vân Tùng", "Cốc Đán", "Đức Vân", "Thuần Mang",
                 "Hiệp Lực", "Thượng Ân", "Trung Hòa", "Lãng Ngâm", "Bằng Khánh"),
    "Pác Nặm": ("Bộc Bố", "Nghiên Loan", "Cao Tân", "Xuân La", "An Thắng", "Công Bằng",
                "Giáo Hiệu", "Nhạn Môn", "Bằng Thành", "Cổ Linh"),
}
VILLAGES = ("Nà Làng", "Khuổi Luông", "Bản Cám", "Pác Ngòi", "Nà Hang", "Cốc Tộc", "Bó Lù",
            "Nà Mặn", "Khuổi Tẩu", "Phiêng Chỉ", "Nặm Dất", "Pò Đon", "Khau Ban", "Nà Pài",
            "Bản Chang", "Lủng Vài", "Nà Bản", "Cốc Lùng", "Nà Tùm", "Bản Piềng", "Khuổi Bốc",
            "Nà Cà", "Bản Đăm", "Phja Khao", "Nà Giàng", "Thôm Ưng", "Bản Vay", "Nà Vài")
ORGANS = (("Ban Kinh tế - Ngân sách HĐND tỉnh", "Trưởng Ban Kinh tế - Ngân sách"),
          ("Ban Pháp chế HĐND tỉnh", "Trưởng Ban Pháp chế"),
          ("Ban Văn hóa - Xã hội HĐND tỉnh", "Phó Trưởng Ban Văn hóa - Xã hội"),
          ("Ban Dân tộc HĐND tỉnh", "Trưởng Ban Dân tộc"),
          ("Thường trực HĐND tỉnh", "Phó Chủ tịch HĐND tỉnh"))
DEPARTMENTS = ("Sở Kế hoạch và Đầu tư", "Sở Tài chính", "Sở Giáo dục và Đào tạo", "Sở Y tế",
               "Sở Nông nghiệp và Phát triển nông thôn", "Sở Giao thông vận tải",
               "Sở Tài nguyên và Môi trường", "Sở Lao động - Thương binh và Xã hội",
               "Ban Dân tộc tỉnh", "Kho bạc Nhà nước tỉnh", "Sở Xây dựng",
               "Sở Văn hóa, Thể thao và Du lịch", "Sở Nội vụ", "Thanh tra tỉnh")
TOPICS = (  # (as in a sentence, as in a title)
    ("việc thực hiện chính sách hỗ trợ giảm nghèo bền vững", "chính sách giảm nghèo"),
    ("tiến độ giải ngân vốn đầu tư công", "giải ngân vốn đầu tư công"),
    ("công tác tiếp công dân, giải quyết khiếu nại, tố cáo", "công tác tiếp công dân"),
    ("việc thực hiện Chương trình xây dựng nông thôn mới", "xây dựng nông thôn mới"),
    ("công tác khám, chữa bệnh tại y tế cơ sở", "y tế cơ sở"),
    ("việc đầu tư cơ sở vật chất trường học", "cơ sở vật chất trường học"),
    ("việc bảo đảm nước sạch cho người dân nông thôn", "nước sạch nông thôn"),
    ("công tác quản lý, bảo vệ và phát triển rừng", "quản lý, bảo vệ rừng"),
    ("việc thực hiện chính sách đối với giáo viên vùng khó khăn", "chính sách đối với giáo viên"),
    ("công tác phòng, chống thiên tai và tìm kiếm cứu nạn", "phòng, chống thiên tai"),
    ("việc quản lý, sử dụng đất đai", "quản lý đất đai"),
    ("công tác cải cách hành chính", "cải cách hành chính"),
    ("việc thực hiện chính sách bảo hiểm y tế", "bảo hiểm y tế"),
    ("công tác bảo đảm trật tự, an toàn giao thông", "an toàn giao thông"),
    ("việc phát triển du lịch cộng đồng", "du lịch cộng đồng"),
    ("việc hỗ trợ nhà ở cho hộ nghèo", "hỗ trợ nhà ở cho hộ nghèo"),
    ("công tác đào tạo nghề cho lao động nông thôn", "đào tạo nghề"),
    ("việc quản lý, khai thác chợ nông thôn", "chợ nông thôn"),
    ("việc chi trả tiền dịch vụ môi trường rừng", "dịch vụ môi trường rừng"),
    ("công tác thu gom, xử lý rác thải sinh hoạt", "xử lý rác thải"),
    ("việc thực hiện Chương trình mỗi xã một sản phẩm", "sản phẩm OCOP"),
    ("việc sắp xếp đơn vị hành chính cấp xã", "sắp xếp đơn vị hành chính"),
    ("công tác phổ biến, giáo dục pháp luật", "phổ biến, giáo dục pháp luật"),
    ("việc thực hiện chính sách đối với người có công", "chính sách người có công"),
    ("việc duy tu, bảo dưỡng đường giao thông nông thôn", "đường giao thông nông thôn"),
    ("hoạt động của các hợp tác xã nông nghiệp", "hợp tác xã nông nghiệp"),
    ("công tác quản lý khai thác khoáng sản", "quản lý khoáng sản"),
    ("công tác phòng, chống dịch bệnh trên gia súc", "phòng, chống dịch bệnh gia súc"),
    ("việc thực hiện chính sách tín dụng ưu đãi", "tín dụng chính sách"),
    ("việc đầu tư cầu treo dân sinh", "cầu treo dân sinh"),
)
PROGRAMS = ("Chương trình mục tiêu quốc gia giảm nghèo bền vững",
            "Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
            "Chương trình mục tiêu quốc gia phát triển kinh tế - xã hội vùng đồng bào dân tộc"
            " thiểu số và miền núi", "kế hoạch đầu tư công trung hạn",
            "các dự án hạ tầng giao thông nông thôn", "Đề án phát triển du lịch của tỉnh")
FAMILY = ("Nguyễn", "Hoàng", "Nông", "Lý", "Triệu", "Hà", "Ma", "Lưu", "Đàm", "Dương",
          "Phạm", "Lê", "Bế", "Lục", "Mã", "Đinh", "Vi", "La", "Hứa", "Trần")
MIDDLE_MEN = ("Văn", "Đức", "Minh", "Quang", "Thanh", "Xuân", "Hữu", "Công")
MIDDLE_WOMEN = ("Thị", "Thu", "Ngọc", "Hồng", "Thanh", "Minh", "Kim", "Bích")
GIVEN_MEN = ("Sáng", "Tường", "Hùng", "Dũng", "Hải", "Bình", "Chẩu", "Tuấn", "Quyết",
             "Thắng", "Cường", "Lực", "Hưng", "Đông", "Khánh", "Lâm", "Phong", "Toàn", "Vượng")
GIVEN_WOMEN = ("Lan", "Mai", "Nguyệt", "Hòa", "Phương", "Thảo", "Hạnh", "Thủy", "Hương",
               "Yến", "Huyền", "Nhung", "Ngân", "Trang", "Liên", "Duyên", "Loan", "Vân")
CAUSES = ("văn bản hướng dẫn của các bộ, ngành trung ương ban hành muộn",
          "nguồn vốn được giao chậm, nhiều dự án phải điều chỉnh thiết kế",
          "giá nguyên vật liệu tăng cao trong những tháng đầu năm",
          "địa hình chia cắt, mưa lũ kéo dài làm gián đoạn thi công",
          "năng lực của một số chủ đầu tư cấp xã còn hạn chế",
          "công tác giải phóng mặt bằng gặp vướng mắc",
          "đội ngũ cán bộ chuyên môn ở cơ sở còn thiếu và thường xuyên thay đổi",
          "người dân chưa thực sự chủ động tham gia",
          "cơ chế lồng ghép nguồn vốn giữa các chương trình chưa rõ ràng",
          "kinh phí duy tu, bảo dưỡng hằng năm còn thấp")
COMPLAINTS = ("tuyến đường liên thôn bị sạt lở sau mùa mưa nhưng chưa được khắc phục",
              "nhiều hộ dân chưa được cấp giấy chứng nhận quyền sử dụng đất",
              "công trình nước sinh hoạt tập trung hư hỏng, người dân phải tự dẫn nước từ khe"
              " suối", "mức hỗ trợ khoán bảo vệ rừng còn thấp so với công sức bỏ ra",
              "trạm y tế xã thiếu bác sĩ và trang thiết bị khám bệnh",
              "điểm trường lẻ xuống cấp, học sinh phải học nhờ nhà văn hóa thôn",
              "giá vật tư nông nghiệp tăng, sản phẩm làm ra khó tiêu thụ",
              "việc chi trả chế độ cho người có công ở một số nơi còn chậm",
              "tình trạng khai thác cát, sỏi trái phép trên sông chưa được xử lý dứt điểm",
              "rác thải sinh hoạt chưa được thu gom, gây ô nhiễm môi trường",
              "sóng điện thoại và internet ở các thôn vùng cao còn chập chờn",
              "chợ trung tâm xã xây xong nhưng ít người họp")
REQUESTS = ("sớm sửa chữa tuyến đường liên xã", "hỗ trợ giống cây trồng, vật nuôi cho hộ nghèo",
            "tăng mức hỗ trợ khoán bảo vệ rừng", "đầu tư hệ thống chiếu sáng khu trung tâm xã",
            "bố trí thêm giáo viên cho điểm trường", "xây dựng kè chống sạt lở bờ suối",
            "mở lớp đào tạo nghề phù hợp với lao động địa phương",
            "kiểm tra, xử lý tình trạng khai thác khoáng sản trái phép",
            "hướng dẫn thủ tục cấp giấy chứng nhận quyền sử dụng đất",
            "nâng cấp trạm y tế xã", "hỗ trợ tiêu thụ nông sản cho bà con",
            "cải tạo công trình nước sinh hoạt tập trung")
RECOMMENDATIONS = ("tập trung chỉ đạo đẩy nhanh tiến độ giải ngân các nguồn vốn được giao",
                   "rà soát, có phương án giao quản lý các công trình sau đầu tư",
                   "tăng cường kiểm tra, hướng dẫn các xã trong quá trình thực hiện",
                   "chủ động phối hợp với các sở, ngành tháo gỡ khó khăn, vướng mắc",
                   "làm tốt công tác tuyên truyền để người dân hiểu và đồng thuận",
                   "kiện toàn đội ngũ cán bộ làm công tác chuyên môn ở cơ sở",
                   "công khai, minh bạch danh sách đối tượng được hỗ trợ",
                   "xử lý dứt điểm các vụ việc tồn đọng, kéo dài",
                   "bố trí kinh phí duy tu, bảo dưỡng các công trình đã xuống cấp",
                   "lựa chọn mô hình sản xuất phù hợp với điều kiện thực tế từng thôn")
QUOTES = ("Bà con mong tỉnh quan tâm hơn nữa để người dân yên tâm sản xuất, giữ rừng, giữ đất.",
          "Con đường này là đường duy nhất ra trung tâm xã, mùa mưa xe máy không đi được.",
          "Chúng tôi đề nghị các cấp sớm có hướng dẫn cụ thể để xã triển khai cho đúng.",
          "Cán bộ xã đã cố gắng nhiều nhưng kinh phí còn hạn hẹp, cần tỉnh hỗ trợ thêm.",
          "Người dân rất phấn khởi khi có điện, có đường, nhưng nước sạch vẫn còn thiếu.",
          "Nếu không có giải pháp bền vững thì các mô hình sẽ khó duy trì sau khi hết hỗ trợ.")
REPORTERS = ("Hoàng Anh", "Bảo Ngọc", "Minh Đức", "Quỳnh Mai", "Thu Cúc", "Hồng Nhung",
             "Lệ Thủy", "Thu Hà", "Đức Hùng", "Ngọc Lan", "Văn Thắng", "Hải Yến")
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a generated article."""

    kind: str
    """paragraph, heading, quote, list or figure."""
    text: str = ""
    items: tuple[str, ...] = ()
    alt: str = ""
    credit: str = ""
    image: str | None = None
    """The picture's file name (figures), None for a caption without a picture."""


@dataclass(frozen=True, slots=True)
class GenArticle:
    """One generated article, ready to be written in any source format."""

    number: int
    title: str
    date: dt.date
    time: str
    lead: str
    byline: str
    section: str
    tags: tuple[str, ...]
    blocks: tuple[Block, ...]

    @property
    def words(self) -> int:
        texts = [self.title, self.lead, *(b.text for b in self.blocks),
                 *(i for b in self.blocks for i in b.items)]
        return sum(len(t.split()) for t in texts)


def _thousands(value: int) -> str:
    """A number as Vietnamese writes it: 1.284 for one thousand two hundred eighty-four."""
    return f"{value:,}".replace(",", ".")


class _Writer:
    """Draws one article's words from its own generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.district = rng.choice(sorted(DISTRICTS))
        self.communes = rng.sample(DISTRICTS[self.district], 3)
        self.organ, self.role = rng.choice(ORGANS)
        self.leader = self.person()
        self.topic, self.topic_short = rng.choice(TOPICS)
        self.departments = rng.sample(DEPARTMENTS, 3)
        self._deck: list[int] = []

    def person(self, woman: bool | None = None) -> str:
        rng = self.rng
        woman = rng.random() < 0.45 if woman is None else woman
        middle = rng.choice(MIDDLE_WOMEN if woman else MIDDLE_MEN)
        given = rng.choice(GIVEN_WOMEN if woman else GIVEN_MEN)
        return f"{rng.choice(FAMILY)} {middle} {given}"

    def amount(self) -> str:
        return f"{self.rng.randint(3, 480)},{self.rng.randint(1, 9)} tỷ đồng"

    def pct(self) -> int:
        return self.rng.randint(12, 97)

    def commune(self) -> str:
        return self.rng.choice(self.communes)

    def village(self) -> str:
        return self.rng.choice(VILLAGES)

    def day(self, date: dt.date) -> str:
        earlier = date - dt.timedelta(days=self.rng.randint(1, 25))
        return f"{earlier.day:02d}/{earlier.month:02d}"

    def sentence(self, date: dt.date) -> str:
        """One body sentence: a template with its own places, people and numbers."""
        r, year, n = self.rng, date.year, _thousands
        templates = (
            lambda: f"Cùng dự có đại diện lãnh đạo {self.departments[0]},"
                    f" {self.departments[1]} và UBND huyện {self.district}.",
            lambda: f"Trước khi làm việc với UBND huyện, đoàn đã kiểm tra thực tế tại thôn"
                    f" {self.village()}, xã {self.commune()} và thôn {self.village()}, xã"
                    f" {self.commune()}.",
            lambda: f"Theo báo cáo của UBND huyện {self.district}, năm {year} huyện được giao"
                    f" {self.amount()} để thực hiện {r.choice(PROGRAMS)}.",
            lambda: f"Đến ngày {self.day(date)}, huyện đã giải ngân được khoảng {self.pct()}%"
                    f" kế hoạch vốn, {r.choice(('cao hơn', 'thấp hơn'))} {r.randint(2, 19)}"
                    " điểm phần trăm so với cùng kỳ năm trước.",
            lambda: f"Toàn huyện hiện có {n(r.randint(900, 6400))} hộ nghèo, chiếm"
                    f" {r.randint(8, 41)},{r.randint(0, 9)}% tổng số hộ;"
                    f" {n(r.randint(300, 2900))} hộ cận nghèo.",
            lambda: f"Trong {r.randint(6, 11)} tháng đầu năm, các xã đã hỗ trợ"
                    f" {r.randint(20, 240)} hộ làm nhà ở, xây mới {r.randint(2, 17)} công trình"
                    f" nước sinh hoạt tập trung và sửa chữa {r.randint(3, 60)},{r.randint(1, 9)}"
                    " km đường giao thông nông thôn.",
            lambda: f"Qua giám sát cho thấy, {self.topic} trên địa bàn còn gặp nhiều khó khăn do"
                    f" {r.choice(CAUSES)}.",
            lambda: f"Một số công trình xây dựng từ năm {r.randint(2004, 2015)} đến nay đã xuống"
                    f" cấp nhưng chưa được bố trí {r.choice(('kinh phí', 'nguồn vốn'))} sửa chữa.",
            lambda: f"Cử tri xã {self.commune()} phản ánh {r.choice(COMPLAINTS)}.",
            lambda: f"{r.choice(('Ông', 'Bà'))} {self.person()}, cử tri thôn {self.village()},"
                    f" xã {self.commune()} đề nghị các cấp {r.choice(REQUESTS)}.",
            lambda: f"Bà {self.person(True)}, Chủ tịch UBND xã {self.commune()}, cho biết xã"
                    f" có {r.randint(8, 24)} thôn với {n(r.randint(600, 2600))} hộ, trong đó"
                    f" {r.randint(70, 98)}% là đồng bào dân tộc thiểu số.",
            lambda: f"Thành viên đoàn đề nghị huyện làm rõ nguyên nhân {self.topic_short} chưa"
                    " đạt kế hoạch, trách nhiệm của từng cơ quan, đơn vị và giải pháp khắc phục"
                    f" trong {r.choice(('thời gian tới', 'những tháng cuối năm', 'năm tới'))}.",
            lambda: f"Đại diện {self.departments[2]} đã tiếp thu, giải trình các nội dung đoàn"
                    f" quan tâm, nhất là {r.choice(CAUSES)}.",
            lambda: f"Tổng kinh phí thực hiện giai đoạn {year}–{year + r.randint(2, 4)} ước đạt"
                    f" {self.amount()}, trong đó ngân sách trung ương hỗ trợ {self.pct()}%.",
            lambda: f"Hiện toàn huyện có {r.randint(30, 90)} trường học với"
                    f" {n(r.randint(6000, 19000))} học sinh; tỷ lệ phòng học kiên cố đạt"
                    f" {self.pct()}%.",
            lambda: f"Trạm y tế xã {self.commune()} có {r.randint(4, 9)} cán bộ, trong đó có"
                    f" {r.randint(1, 2)} bác sĩ; năm {year - 1} đã khám, chữa bệnh cho"
                    f" {n(r.randint(2000, 9000))} lượt người.",
            lambda: f"Trên địa bàn xã {self.commune()} có {n(r.randint(1200, 9800))} ha rừng, độ"
                    f" che phủ đạt {r.randint(60, 88)},{r.randint(0, 9)}%.",
            lambda: f"Tỷ lệ hộ dân được sử dụng nước hợp vệ sinh đạt {r.randint(80, 99)}%, nhưng"
                    f" chỉ khoảng {r.randint(15, 60)}% số hộ được dùng nước sạch theo quy chuẩn.",
            lambda: f"Huyện đã tổ chức {r.randint(5, 40)} lớp đào tạo nghề cho"
                    f" {n(r.randint(150, 1300))} lao động, trong đó {self.pct()}% có việc làm sau"
                    " đào tạo.",
            lambda: f"Năm {year}, toàn huyện tiếp {r.randint(40, 400)} lượt công dân, tiếp nhận"
                    f" {r.randint(20, 160)} đơn thư; đến nay đã giải quyết {self.pct()}% số đơn"
                    " thuộc thẩm quyền.",
            lambda: f"{r.choice(('Ông', 'Bà'))} {self.person()}, Phó Chủ tịch UBND huyện"
                    f" {self.district} cho biết huyện đang {r.choice(RECOMMENDATIONS)}.",
            lambda: f"Đoàn ghi nhận {r.choice(('sự cố gắng', 'nỗ lực', 'sự chủ động'))} của"
                    f" huyện {self.district} trong {self.topic}, song {r.choice(CAUSES)}.",
        )
        if not self._deck:  # every template once before any comes again
            self._deck = r.sample(range(len(templates)), len(templates))
        return templates[self._deck.pop()]()

    def paragraph(self, date: dt.date) -> str:
        return " ".join(self.sentence(date) for _ in range(self.rng.randint(2, 4)))

    def heading(self) -> str:
        r = self.rng
        return r.choice((
            f"Còn nhiều khó khăn trong {self.topic_short}",
            f"Cử tri xã {self.commune()} kiến nghị {r.choice(REQUESTS)}",
            f"Cần tháo gỡ vướng mắc về {self.topic_short}",
            f"Kết quả bước đầu tại huyện {self.district}",
            f"Nhiều ý kiến về {self.topic_short}",
            f"{r.choice(('Đề nghị', 'Yêu cầu'))} {r.choice(RECOMMENDATIONS)}",
        ))


def _title(writer: _Writer, rng: random.Random, date: dt.date) -> tuple[str, str]:
    """(title, section): the patterns of the sample's titles."""
    organ, district, commune = writer.organ, writer.district, writer.commune()
    choices = (
        (f"{organ} giám sát {writer.topic_short} tại huyện {district}", "Giám sát"),
        (f"Giám sát {writer.topic_short} tại xã {commune}, huyện {district}", "Giám sát"),
        (f"Tổ đại biểu HĐND tỉnh tiếp xúc cử tri xã {commune}, huyện {district}",
         "Tiếp xúc cử tri"),
        (f"Cử tri xã {commune} kiến nghị {rng.choice(REQUESTS)}", "Tiếp xúc cử tri"),
        (f"{organ} làm việc với {writer.departments[0]} về {writer.topic_short}",
         "Hoạt động HĐND"),
        (f"{organ} khảo sát {writer.topic_short} tại xã {commune}", "Hoạt động HĐND"),
        (f"Phiên họp thường kỳ tháng {date.month} của Thường trực HĐND tỉnh bàn về"
         f" {writer.topic_short}", "Kỳ họp"),
        (f"Kỳ họp chuyên đề thông qua {rng.randint(2, 9)} nghị quyết về {writer.topic_short}",
         "Kỳ họp"),
    )
    return rng.choice(choices)


def _slug_key(title: str) -> str:
    """About bantin's slug (ASCII words, cut at a hyphen within 60 characters): titles must
    differ within it, or bantin renames the later article and warns."""
    text = unicodedata.normalize("NFKD", title.replace("đ", "d").replace("Đ", "d"))
    text = "".join(c if c.isalnum() else "-" for c in text if not unicodedata.combining(c))
    slug = "-".join(p for p in text.lower().split("-") if p)
    if len(slug) > 60 and slug[60] != "-":
        return slug[:60].rsplit("-", 1)[0]
    return slug[:60]


def generate_articles(count: int, *, start: dt.date = dt.date(2022, 1, 1),
                      end: dt.date = dt.date(2022, 12, 31), seed: str = "bantin",
                      pictures: bool = True) -> list[GenArticle]:
    """`count` distinct articles dated evenly from `start` to `end`, the same on every run.

    Lengths follow the sample month's (about 450–1,000 words); one in two
    articles has a photo (`pictures`), named `photo-NNNN.jpg` (make them
    with `write_pictures`) — each its own, never shared.
    """
    articles: list[GenArticle] = []
    seen: set[str] = set()
    span = (end - start).days
    for number in range(count):
        rng = random.Random(f"{seed}-{number}")
        date = start + dt.timedelta(days=span * number // max(1, count - 1))
        writer = _Writer(rng)
        for _ in range(50):  # another draw when the slug would repeat an earlier article's
            title, section = _title(writer, rng, date)
            if _slug_key(title) not in seen:
                break
            writer = _Writer(rng)
        seen.add(_slug_key(title))
        blocks: list[Block] = []
        paragraphs = rng.randint(5, 9)
        headings = set(rng.sample(range(2, paragraphs), k=min(2, paragraphs - 2)))
        picture_at = rng.randint(1, 2) if pictures and number % 2 == 0 else -1
        for index in range(paragraphs):
            if index in headings:
                blocks.append(Block("heading", writer.heading()))
            if index == picture_at:
                place = f"xã {writer.commune()}, huyện {writer.district}"
                blocks.append(Block(
                    "figure", f"Đoàn {rng.choice(('giám sát', 'công tác'))} kiểm tra thực tế"
                              f" tại thôn {writer.village()}, {place}",
                    alt=f"Ảnh minh họa số {number + 1}: nhiều người đứng trước một công trình"
                        f" ở {place}.",
                    credit=rng.choice(REPORTERS), image=f"photo-{number:04d}.jpg"))
            blocks.append(Block("paragraph", writer.paragraph(date)))
            if index == 1 and rng.random() < 0.4:
                blocks.append(Block("quote", f"“{rng.choice(QUOTES)}”"))
            if index == paragraphs - 2 and rng.random() < 0.3:
                blocks.append(Block("list", items=tuple(
                    f"{item[0].upper()}{item[1:]};" for item in
                    rng.sample(RECOMMENDATIONS, rng.randint(2, 4)))))
        closing = (f"Kết luận buổi làm việc, {writer.role} {writer.leader} ghi nhận những kết quả"
                   f" huyện {writer.district} đạt được, đồng thời đề nghị UBND huyện"
                   f" {rng.choice(RECOMMENDATIONS)}; {rng.choice(RECOMMENDATIONS)}. Các kiến"
                   " nghị thuộc thẩm quyền của tỉnh sẽ được tổng hợp, báo cáo Thường trực HĐND"
                   " tỉnh xem xét./.")
        blocks.append(Block("paragraph", closing))
        lead = (f"Ngày {writer.day(date)}, {writer.organ} do {writer.role} {writer.leader} làm"
                f" trưởng đoàn đã làm việc với UBND huyện {writer.district} về {writer.topic}.")
        byline = " - ".join(rng.sample(REPORTERS, rng.choice((1, 1, 2))))
        tags = (section.lower(), writer.topic_short, writer.district.lower())
        articles.append(GenArticle(
            number=number, title=title, date=date,
            time=f"{rng.randint(7, 17):02d}:{rng.randint(0, 59):02d}", lead=lead,
            byline=byline, section=section, tags=tags, blocks=tuple(blocks)))
    return articles


def fingerprint(articles: Sequence[GenArticle]) -> str:
    """How distinct the articles are: titles, and paragraphs that occur only once."""
    titles = {a.title for a in articles}
    paragraphs = [b.text for a in articles for b in a.blocks if b.kind == "paragraph"]
    unique = len(set(paragraphs))
    words = sorted(a.words for a in articles)
    return (f"{len(articles)} generated articles, {len(titles)} distinct titles,"
            f" {unique} of {len(paragraphs)} paragraphs distinct; {words[0]}–{words[-1]}"
            f" words (median {words[len(words) // 2]})")


# Source formats ------------------------------------------------------------------------

def _caption(block: Block) -> str:
    return f"{block.text} (Ảnh: {block.credit})"


def as_markdown(article: GenArticle) -> str:
    """A Markdown source with YAML front matter, like the sample's .md files."""
    head = [f"title: {json.dumps(article.title, ensure_ascii=False)}",
            f"date: {article.date.isoformat()}",
            f"lead: {json.dumps(article.lead, ensure_ascii=False)}",
            f"byline: {article.byline}", f"section: {article.section}",
            f"tags: [{', '.join(article.tags)}]"]
    body = []
    for block in article.blocks:
        if block.kind == "heading":
            body.append(f"## {block.text}")
        elif block.kind == "quote":
            body.append(f"> {block.text}")
        elif block.kind == "list":
            body.append("\n".join(f"- {item}" for item in block.items))
        elif block.kind == "figure":
            body.append(f"![{block.alt}](images/{block.image})\n{_caption(block)}")
        else:
            body.append(block.text)
    return "---\n" + "\n".join(head) + "\n---\n\n" + "\n\n".join(body) + "\n"


def as_json(article: GenArticle) -> str:
    """A JSON source (schemas/article.schema.json), like the sample's .json files."""
    blocks = []
    for block in article.blocks:
        if block.kind == "figure":
            blocks.append({"kind": "figure", "src": f"images/{block.image}", "alt": block.alt,
                           "caption": block.text, "credit": block.credit})
        elif block.kind == "list":
            blocks.append({"kind": "list", "items": list(block.items), "ordered": False})
        elif block.kind == "heading":
            blocks.append({"kind": "heading", "text": block.text, "level": 2})
        else:
            blocks.append({"kind": block.kind, "text": block.text})
    return json.dumps({"title": article.title, "date": article.date.isoformat(),
                       "lead": article.lead, "byline": article.byline,
                       "section": article.section, "tags": list(article.tags),
                       "blocks": blocks}, ensure_ascii=False, indent=2) + "\n"


def _weekday(date: dt.date) -> str:
    return WEEKDAYS[date.weekday()]


def as_portal_text(article: GenArticle) -> str:
    """A page saved from the portal as text: furniture, date line, title, lead, the body
    in blank-separated paragraphs (captions alone), the byline, related news."""
    date = article.date
    lines = ["Trang chủ > Tin tức - Sự kiện > Hoạt động HĐND", "",
             f"{_weekday(date)}, {date:%d/%m/%Y} - {article.time}", "Xem với cỡ chữ A A A",
             "In bài viết | Gửi email | Chia sẻ", article.title, article.lead, ""]
    for block in article.blocks:
        if block.kind == "list":
            lines += [f"- {item}" for item in block.items]
        elif block.kind == "figure":
            lines.append(_caption(block))
        else:
            lines.append(block.text)
        lines.append("")
    lines += [article.byline.upper(), "", "Tin liên quan",
              f"Thường trực HĐND tỉnh làm việc với huyện Pác Nặm ({date:%d/%m/%Y})",
              "Đại biểu HĐND tỉnh tiếp xúc cử tri xã Côn Minh, huyện Na Rì"]
    return "\n".join(lines) + "\n"


def as_portal_html(article: GenArticle) -> str:
    """A portal page saved from a browser: menus, breadcrumb, toolbar, the article in a
    rich-text field (inline styles, a picture table), related news and a footer."""
    e = html.escape
    body = []
    for block in article.blocks:
        if block.kind == "heading":
            body.append(f"<p><strong>{e(block.text)}</strong></p>")
        elif block.kind == "quote":
            body.append(f"<p style=\"text-align:justify\"><em>{e(block.text)}</em></p>")
        elif block.kind == "list":
            body.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in block.items) + "</ul>")
        elif block.kind == "figure":
            body.append(
                "<table class=\"image\" width=\"600\" align=\"center\"><tbody>"
                f"<tr><td><img src=\"images/{block.image}\" alt=\"{e(block.alt)}\""
                " width=\"600\" height=\"400\"></td></tr><tr><td style=\"text-align:center\">"
                f"<em>{e(_caption(block))}</em></td></tr></tbody></table>")
        else:
            body.append("<p style=\"text-align:justify\"><span style=\"font-family:Arial,"
                        f"sans-serif;font-size:14px\">{e(block.text)}</span></p>")
    date = article.date
    return f"""<!DOCTYPE html>
<html lang="vi-VN"><head><meta charset="utf-8">
<meta name="keywords" content="{e(', '.join(article.tags))}">
<title>{e(article.title)} - Hội đồng nhân dân tỉnh Bắc Kạn</title>
<link rel="stylesheet" href="/Style%20Library/hdnd/css/portal.css">
<script>var _spPageContextInfo = {{pageItemId: {1000 + article.number}}};</script>
<style>body {{ font-family: Arial, sans-serif; }} .menu ul {{ list-style: none; }}</style>
</head><body>
<div class="header"><a href="/" class="logo" title="Trang chủ"></a>
<span class="site-name">Hội đồng nhân dân tỉnh Bắc Kạn</span></div>
<div class="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/gioi-thieu">Giới thiệu</a>
</li><li><a href="/tin-tuc">Tin tức - Sự kiện</a></li><li><a href="/ky-hop">Kỳ họp</a></li>
<li><a href="/tiep-xuc-cu-tri">Tiếp xúc cử tri</a></li><li><a href="/lien-he">Liên hệ</a></li>
</ul></div>
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/tin-tuc">Tin tức - Sự kiện</a>
&gt; <span class="current">{e(article.section)}</span></div>
<div class="news-detail">
<div class="toolbar"><a href="#">Tăng cỡ chữ</a> / <a href="#">Giảm cỡ chữ</a> |
<a href="javascript:window.print();">In bài viết</a></div>
<span class="date">{_weekday(date)}, {date:%d/%m/%Y} - {article.time}</span>
<h1 class="title">{e(article.title)}</h1>
<div class="sapo"><strong>{e(article.lead)}</strong></div>
<div class="ms-rtestate-field">
{chr(10).join(body)}
<p style="text-align:right"><strong>{e(article.byline)}</strong></p>
</div>
<div class="related"><h3>Tin liên quan</h3><ul>
<li><a href="/tin-tuc/1428">Ban Dân tộc HĐND tỉnh giám sát tại huyện Na Rì</a></li>
<li><a href="/tin-tuc/1419">Thường trực HĐND tỉnh giám sát tại huyện Chợ Đồn</a></li></ul></div>
</div>
<div class="footer"><p>Cơ quan chủ quản: Văn phòng Đoàn ĐBQH và HĐND tỉnh Bắc Kạn</p>
<p>Lượt truy cập: <span id="visitCounter">{1_284_517 + article.number}</span></p></div>
</body></html>
"""


def write_docx(article: GenArticle, path: Path) -> None:
    """A Word file as staff write them: Title style, bold lead, italic date line,
    Heading 2, body paragraphs, a right-aligned byline (python-docx, a bantin dependency)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    document.add_paragraph(article.title, style="Title")
    date_line = document.add_paragraph()
    date_line.add_run(f"Bắc Kạn, ngày {article.date.day} tháng {article.date.month} năm"
                      f" {article.date.year}").italic = True
    document.add_paragraph().add_run(article.lead).bold = True
    for block in article.blocks:
        if block.kind == "heading":
            document.add_paragraph(block.text, style="Heading 2")
        elif block.kind == "list":
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif block.kind == "quote":
            document.add_paragraph(block.text, style="Quote")
        elif block.kind == "figure":
            document.add_paragraph(_caption(block), style="Caption")
        else:
            document.add_paragraph(block.text)
    byline = document.add_paragraph(article.byline)
    byline.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(str(path))


SOURCE_FORMATS = ("md", "json", "txt", "html", "docx")


def write_source(article: GenArticle, folder: Path, kind: str) -> Path:
    """Write `article` into `folder` as one source format (`SOURCE_FORMATS`); its path."""
    stem = f"{article.date.isoformat()}-{article.number:04d}"
    path = folder / f"{stem}.{kind}"
    if kind == "md":
        path.write_text(as_markdown(article), encoding="utf-8")
    elif kind == "json":
        path.write_text(as_json(article), encoding="utf-8")
    elif kind == "txt":
        path.write_text(as_portal_text(article), encoding="utf-8")
    elif kind == "html":
        path.write_text(as_portal_html(article), encoding="utf-8")
    elif kind == "docx":
        write_docx(article, path)
    else:
        raise ValueError(kind)
    return path


def write_pictures(articles: Sequence[GenArticle], folder: Path) -> int:
    """A distinct JPEG (800×533, about a camera photo's detail once scaled) per figure.

    Each is drawn from its article's number (gradient, shapes and grain), so
    no two share bytes and WeasyPrint decodes every one. Returns how many.
    """
    from PIL import Image, ImageDraw, ImageFilter

    folder.mkdir(parents=True, exist_ok=True)
    made = 0
    for article in articles:
        for block in article.blocks:
            if block.kind != "figure" or not block.image:
                continue
            rng = random.Random(f"picture-{block.image}")
            base = Image.linear_gradient("L").resize((800, 533)).convert("RGB")
            tint = Image.new("RGB", base.size, tuple(rng.randint(40, 220) for _ in range(3)))
            picture = Image.blend(base, tint, 0.6)
            draw = ImageDraw.Draw(picture)
            for _ in range(rng.randint(12, 30)):
                x, y = rng.randint(0, 760), rng.randint(0, 500)
                draw.ellipse((x, y, x + rng.randint(20, 200), y + rng.randint(20, 160)),
                             fill=tuple(rng.randint(0, 255) for _ in range(3)))
            grain = Image.effect_noise(picture.size, rng.randint(20, 40)).convert("RGB")
            picture = Image.blend(picture.filter(ImageFilter.GaussianBlur(2)), grain, 0.15)
            picture.save(folder / block.image, quality=85)
            made += 1
    return made
