"""Hostile inputs the way a new user meets them: does `bantin build` stay calm?

Each case makes a fresh project (three good 2022-11 articles of the sample
input/, their pictures and the sample bantin.toml) in a temporary folder,
adds one hostile thing (a file, a link, a pipe, a damaged manifest or cache,
a bad setting), runs the real command line

    python -m pipeline build --project PROJECT --jobs 2 [extra options]

under a hard timeout (300 s; a timeout is a "hang"), and judges the outcome.
A case is *handled* when all of these hold:

- no Python traceback on stdout or stderr;
- the exit status is the expected one, and non-zero exactly when an
  `error:` line was printed;
- every `error:`/`warning:` line is one line that names the offending file
  (or the config key); no other stray line appears (a forged or multi-line
  message); no raw terminal escape is printed;
- the words the case expects appear in such a line (e.g. "skipped");
- every output of the good articles and of their month's digest is on disk
  and listed in output/manifest.json with its SHA-256; every file under
  output/ that bantin made is listed (the case's own planted files aside);
- nothing outside output/ and .bantin-cache/ changed (the project is hashed
  before and after, and so is a folder of canary files outside it);
- no canary text from outside the project appears in any output (raw bytes,
  every EPUB member, every decoded PDF stream) and no request reached the
  local counting server the hostile links point to;
- whatever the case checks itself (a deep paragraph kept, a cache rebuilt).

The classes follow the hardening issue: 1 manifest, 2 links and special
files, 3 exceptions inside one source, 4 size, 5 worker pool, 6 one failing
article in a month, 7 default limits (the ~900,000-character article runs
only with --slow), 8 cache, 9 configuration, 10 silent loss, 11 manifest
truth. The instances differ from those of tests/bad/.

    python bench/hostile.py [--only PATTERN] [--slow] [--keep]

PATTERN is a regular expression searched in "class/case". --keep leaves
the temporary projects for inspection. Deterministic: fixed contents and
seeds; only the seconds vary. Not part of the pytest suite.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import docx
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "bad"))
from generate import all_bytes  # noqa: E402  (where a canary could hide in an output)

SAMPLE = ROOT / "input"
GOOD = ["2022-11-04-giam-sat-y-te-co-so-bach-thong.md", "2022-11-16-tiep-xuc-cu-tri-ba-be.md",
        "2022-11-21-giam-sat-cau-treo-ngan-son.json"]
CANARY = "CANARY-HOSTILE-5e1d-SECRET"
TIMEOUT = 300
PARAGRAPH = ("Đại biểu HĐND tỉnh thảo luận kỹ các nội dung trình kỳ họp, đề nghị làm rõ nguồn"
             " lực thực hiện và trách nhiệm của các cơ quan liên quan.")


# ---------------------------------------------------------------- helpers: the world

class Counter:
    """A TCP listener on 127.0.0.1 that counts connections: hostile links point here."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.hits += 1
            conn.close()


@dataclass
class Run:
    code: int | None
    seconds: float
    out: str
    err: str
    hung: bool = False


@dataclass
class Ctx:
    """One case's world: the project, the outside canary folder, helpers."""

    root: Path
    project: Path
    outside: Path
    server: Counter
    baseline: set[str]
    planted: set[str] = field(default_factory=set)
    """Files under output/ the case put there itself (relative to output/)."""
    notes: list[str] = field(default_factory=list)

    @property
    def input(self) -> Path:
        return self.project / "input"

    @property
    def output(self) -> Path:
        return self.project / "output"

    def build(self, *args: str, timeout: int = TIMEOUT) -> Run:
        return bantin(self.project, ["--jobs", "2", *args], timeout)

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8")
        else:
            path.write_bytes(text)
        return path


def bantin(project: Path, args: list[str], timeout: int) -> Run:
    """`python -m pipeline build --project PROJECT ARGS` in its own process group."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    env.pop("NO_COLOR", None)
    command = [sys.executable, "-m", "pipeline", "build", "--project", str(project), *args]
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=project.parent, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
        hung = False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        hung = True
    seconds = time.monotonic() - started
    return Run(None if hung else process.returncode, seconds,
               out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), hung)


def make_project(folder: Path) -> Path:
    project = folder / "site"
    (project / "input" / "images").mkdir(parents=True)
    for name in GOOD:
        shutil.copy(SAMPLE / name, project / "input" / name)
    for picture in sorted((SAMPLE / "images").iterdir()):
        shutil.copy(picture, project / "input" / "images" / picture.name)
    shutil.copy(ROOT / "bantin.toml", project / "bantin.toml")
    return project


def make_outside(folder: Path) -> Path:
    """Canary files outside the project that must never be read, changed or deleted."""
    folder.mkdir(parents=True)
    (folder / "secret.txt").write_text(CANARY + "\n", encoding="utf-8")
    (folder / "secret.md").write_text(
        f"---\ntitle: {CANARY}\ndate: 2022-11-20\n---\n\n{CANARY}\n", encoding="utf-8")
    Image.new("RGB", (40, 30), (200, 30, 30)).save(folder / "secret.jpg", "JPEG",
                                                   comment=CANARY.encode())
    return folder


def tree_state(top: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every entry below `top` (links not followed, pipes not opened) → its kind and hash."""
    state: dict[str, str] = {}
    if not top.exists() and not top.is_symlink():
        return state
    for folder, dirs, files in os.walk(top, followlinks=False):
        rel_folder = os.path.relpath(folder, top)
        if rel_folder.split(os.sep)[0] in skip:
            dirs[:] = []
            continue
        for name in sorted(dirs) + sorted(files):
            path = os.path.join(folder, name)
            rel = os.path.normpath(os.path.join(rel_folder, name))
            if rel.split(os.sep)[0] in skip:
                continue
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                state[rel] = "link:" + os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                with open(path, "rb") as stream:
                    state[rel] = "file:" + hashlib.file_digest(stream, "sha256").hexdigest()
            elif stat.S_ISDIR(info.st_mode):
                state[rel] = "dir"
            else:
                state[rel] = f"special:{stat.S_IFMT(info.st_mode)}"
    return state


def regular(path: Path) -> bool:
    """A regular file (not a link); False for a path the system cannot even look up."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


def sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def epub_text(project: Path, needle_slug_part: str = "") -> str:
    """The text of every EPUB under output/articles (members joined)."""
    texts = []
    for epub in sorted((project / "output" / "articles").rglob("*.epub")):
        if needle_slug_part and needle_slug_part not in epub.name:
            continue
        with zipfile.ZipFile(epub) as archive:
            texts += [archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                      if n.endswith((".xhtml", ".opf"))]
    return "\n".join(texts)


def front(title: str, body: str, date: str = "2022-11-20", extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n\n{body}\n"


def png_bytes(size: tuple[int, int] = (60, 40), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, 0 if mode == "1" else (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size: tuple[int, int] = (400, 300)) -> bytes:
    rng = random.Random(11)
    image = Image.new("RGB", size)
    image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256))
                   for _ in range(size[0] * size[1])])
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def docx_bytes(title: str, paragraphs: list[str], picture: bytes | None = None) -> bytes:
    """A small, sound Word file: Title, an italic date line, body paragraphs."""
    document = docx.Document()
    document.add_paragraph(title, style="Title")
    document.add_paragraph().add_run("Ngày 20/11/2022").italic = True
    for text in paragraphs:
        document.add_paragraph(text)
    if picture is not None:
        document.add_picture(io.BytesIO(picture))
        document.add_paragraph("Chú thích ảnh trong tệp Word")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, replace: dict[str, bytes] | None = None,
          add: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    """The same zip with members replaced, added or dropped."""
    replace, add = replace or {}, add or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            target.writestr(info.filename, replace.get(info.filename,
                                                       source.read(info.filename)))
        for name, member in add.items():
            target.writestr(zipfile.ZipInfo(name), member, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def document_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def with_body_xml(data: bytes, xml: str) -> bytes:
    """Insert raw WordprocessingML before the body's section properties."""
    text = document_xml(data)
    at = text.rindex("<w:sectPr")
    return rezip(data, replace={"word/document.xml": (text[:at] + xml + text[at:]).encode()})


def lie_about_size(data: bytes, member: str, declared: int) -> bytes:
    """Patch a zip so `member` declares `declared` bytes unpacked (local and central headers)."""
    blob = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    blob[info.header_offset + 22:info.header_offset + 26] = declared.to_bytes(4, "little")
    end = blob.rindex(b"PK\x05\x06")
    at = int.from_bytes(blob[end + 16:end + 20], "little")
    while blob[at:at + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = (int.from_bytes(blob[at + o:at + o + 2], "little")
                                            for o in (28, 30, 32))
        if blob[at + 46:at + 46 + name_len].decode() == member:
            blob[at + 24:at + 28] = declared.to_bytes(4, "little")
        at += 46 + name_len + extra_len + comment_len
    return bytes(blob)


def portal_html(title: str, body: str, date: str = "12/11/2022") -> str:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<h1>{title}</h1><p class='date'>{date}</p>{body}</body></html>")


# ---------------------------------------------------------------- the cases

@dataclass
class Case:
    cls: str
    name: str
    setup: Callable[[Ctx], None]
    exit: int | None = 0
    """Expected exit status: 0, 1 (any non-zero) or None (either)."""
    says: tuple[tuple[str, str], ...] = ()
    """(fragment, regex): an error/warning line holding the fragment must match the regex."""
    good: bool = True
    """The good articles' outputs must be built."""
    args: tuple[str, ...] = ()
    check: Callable[[Ctx, Run], str | None] | None = None
    timeout: int = TIMEOUT
    slow: bool = False


CASES: list[Case] = []


def case(cls: str, name: str, **options):
    def register(setup: Callable[[Ctx], None]) -> Callable[[Ctx], None]:
        CASES.append(Case(cls, name, setup, **options))
        return setup
    return register


def prebuild(ctx: Ctx, *args: str) -> None:
    run = ctx.build(*args)
    if run.code != 0:
        raise RuntimeError(f"the build before the case failed ({run.code}): {run.err[-800:]}")


def manifest(ctx: Ctx) -> dict:
    return json.loads((ctx.output / "manifest.json").read_text(encoding="utf-8"))


def add_entries(ctx: Ctx, *entries: dict) -> None:
    document = manifest(ctx)
    document["outputs"] += list(entries)
    (ctx.output / "manifest.json").write_text(json.dumps(document), encoding="utf-8")


def entry(path: str, digest: str, inputs: list | None = None) -> dict:
    return {"path": path, "sha256": digest, "bytes": 1, "format": "pdf", "variant": "standard",
            "inputs": inputs if inputs is not None else
            [{"path": "input/gone.md", "sha256": "0" * 64}]}


# 1. manifest hostility ---------------------------------------------------------------

@case("1-manifest", "lists ../bantin.toml (right SHA-256)")
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    add_entries(ctx, entry("../bantin.toml", sha256(ctx.project / "bantin.toml")))


@case("1-manifest", "lists an absolute path outside (right SHA-256)")
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    add_entries(ctx, entry(str(ctx.outside / "secret.txt"), sha256(ctx.outside / "secret.txt")))


@case("1-manifest", "lists a path through a link out of output/")
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    (ctx.output / "ra-ngoai").symlink_to(ctx.outside, target_is_directory=True)
    (ctx.output / "vao-input").symlink_to(ctx.input, target_is_directory=True)
    ctx.planted |= {"ra-ngoai", "vao-input"}
    add_entries(ctx, entry("ra-ngoai/secret.txt", sha256(ctx.outside / "secret.txt")),
                entry(f"vao-input/{GOOD[0]}", sha256(ctx.input / GOOD[0])))


@case("1-manifest", "lists an old output whose bytes were changed",
      says=(("bai-se-xoa", r"changed after bantin wrote it"),),
      check=lambda ctx, run: None if (ctx.output / "articles" / "bai-se-xoa" /
                                      "bai-se-xoa.standard.pdf").is_file()
      else "the edited old output was deleted")
def _(ctx: Ctx) -> None:
    ctx.write("input/bai-se-xoa.md", front("Bài sẽ xóa", PARAGRAPH))
    prebuild(ctx)
    (ctx.input / "bai-se-xoa.md").unlink()
    pdf = ctx.output / "articles" / "bai-se-xoa" / "bai-se-xoa.standard.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"% user's note\n")
    ctx.planted.add("articles/bai-se-xoa/bai-se-xoa.standard.pdf")


@case("1-manifest", "garbage (NUL bytes and half an object)",
      says=(("manifest.json", r"damaged"),))
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    (ctx.output / "manifest.json").write_bytes(b'\x00\x00{"outputs": [{"path": "../b')


@case("1-manifest", "is a directory holding a user's file", exit=None, good=False,
      says=(("manifest.json", r"."),),
      check=lambda ctx, run: None if (ctx.output / "manifest.json" / "ghi-chu.txt").is_file()
      else "the user's file inside the manifest folder is gone")
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    (ctx.output / "manifest.json").unlink()
    ctx.write("output/manifest.json/ghi-chu.txt", "của người dùng")
    ctx.planted.add("manifest.json/ghi-chu.txt")


@case("1-manifest", "an entry path with a NUL byte")
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    add_entries(ctx, entry("articles/x\u0000y.pdf", "0" * 64))


@case("1-manifest", "an entry path with a 300-byte name")
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    add_entries(ctx, entry("articles/" + "x" * 300 + ".pdf", "0" * 64))


@case("1-manifest", "an entry whose input path is a list")
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    add_entries(ctx, entry("articles/cu/cu.standard.pdf", "0" * 64,
                           inputs=[{"path": ["input", "cu.md"], "sha256": "0" * 64}]))


@case("1-manifest", "a JSON list instead of an object", says=(("manifest.json", r"damaged"),))
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    (ctx.output / "manifest.json").write_text('[{"path": "../bantin.toml"}]')


# 2. links and special files in input/ ------------------------------------------------

SKIPPED = r"skipped|not read"


@case("2-links", "article linked to a file outside", says=(("lo-ra.md", SKIPPED),))
def _(ctx: Ctx) -> None:
    (ctx.input / "lo-ra.md").symlink_to(ctx.outside / "secret.md")


@case("2-links", "article linked to /dev/zero", says=(("so-khong.md", SKIPPED),))
def _(ctx: Ctx) -> None:
    (ctx.input / "so-khong.md").symlink_to("/dev/zero")


@case("2-links", "JSON article linked to /dev/urandom", says=(("ngau-nhien.json", SKIPPED),))
def _(ctx: Ctx) -> None:
    (ctx.input / "ngau-nhien.json").symlink_to("/dev/urandom")


@case("2-links", "FIFO as a JSON article in a subfolder", says=(("ong.json", SKIPPED),))
def _(ctx: Ctx) -> None:
    (ctx.input / "thang-11").mkdir()
    os.mkfifo(ctx.input / "thang-11" / "ong.json")


@case("2-links", "FIFO as input/notes/2022-11.md", says=(("2022-11.md", SKIPPED),))
def _(ctx: Ctx) -> None:
    (ctx.input / "notes").mkdir()
    os.mkfifo(ctx.input / "notes" / "2022-11.md")


@case("2-links", "editors' note linked to a file outside", says=(("2022-11.md", SKIPPED),))
def _(ctx: Ctx) -> None:
    (ctx.input / "notes").mkdir()
    (ctx.input / "notes" / "2022-11.md").symlink_to(ctx.outside / "secret.md")


@case("2-links", "cover input/covers/2022-11.jpg linked to /etc/hostname",
      says=(("2022-11.jpg", SKIPPED),))
def _(ctx: Ctx) -> None:
    (ctx.input / "covers").mkdir()
    (ctx.input / "covers" / "2022-11.jpg").symlink_to("/etc/hostname")


@case("2-links", "cover is a FIFO", says=(("2022-11.png", SKIPPED),))
def _(ctx: Ctx) -> None:
    (ctx.input / "covers").mkdir()
    os.mkfifo(ctx.input / "covers" / "2022-11.png")


@case("2-links", "links in a loop (a.md → b.md → a.md)",
      says=(("vong-a.md", SKIPPED), ("vong-b.md", SKIPPED)))
def _(ctx: Ctx) -> None:
    (ctx.input / "vong-a.md").symlink_to("vong-b.md")
    (ctx.input / "vong-b.md").symlink_to("vong-a.md")


@case("2-links", "a socket file named as an article", says=(("o-cam.md", SKIPPED),))
def _(ctx: Ctx) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(ctx.input / "o-cam.md"))
    ctx.notes.append("socket bound")
    server.close()  # the file stays


@case("2-links", "picture linked to /dev/zero", says=(("anh-zero.md", r"image"),))
def _(ctx: Ctx) -> None:
    (ctx.input / "images" / "zero.jpg").symlink_to("/dev/zero")
    ctx.write("input/anh-zero.md", front("Ảnh không", PARAGRAPH + "\n\n![Ảnh](images/zero.jpg)"
                                          "\nChú thích ảnh"))


# 3. an exception inside one source ---------------------------------------------------

def fails(name: str, words: str = r".") -> dict:
    return {"exit": 1, "says": ((name, words),)}


@case("3-source", "JSON date 2022-02-29", **fails("ngay-json.json", r"28 days|February"))
def _(ctx: Ctx) -> None:
    ctx.write("input/ngay-json.json", json.dumps({"title": "Ngày sai", "date": "2022-02-29",
                                                  "body": PARAGRAPH}))


@case("3-source", "front matter date \"31/04/2022\"", **fails("ngay-fm.md", r"30 days|April"))
def _(ctx: Ctx) -> None:
    ctx.write("input/ngay-fm.md", front("Ngày sai", PARAGRAPH, date='"31/04/2022"'))


@case("3-source", "portal text dated ngày 31/02/2022", **fails("portal-ngay.txt", r"28 days"))
def _(ctx: Ctx) -> None:
    text = (SAMPLE / "portal-2022-11-22-giam-sat-chinh-sach-dan-toc-na-ri.txt").read_text(
        encoding="utf-8")
    ctx.write("input/portal-ngay.txt", text.replace("22/11/2022", "31/02/2022").replace(
        "Ngày 21/11,", "Ngày 31/02/2022,"))


@case("3-source", "JSON date as a 400-digit number", **fails("so-lon.json"))
def _(ctx: Ctx) -> None:
    ctx.write("input/so-lon.json", '{"title": "Số lớn", "date": ' + "9" * 400 +
              f', "body": "{PARAGRAPH}"}}')


@case("3-source", "front matter year 99999 and day 10**30", **fails("nam-lon.md"))
def _(ctx: Ctx) -> None:
    ctx.write("input/nam-lon.md", front("Năm lớn", PARAGRAPH, date="99999-01-" + "1" * 30))


@case("3-source", "YAML billion laughs in tags", exit=None)
def _(ctx: Ctx) -> None:
    lines = ['a: &a ["cười", "cười", "cười", "cười", "cười", "cười", "cười", "cười", "cười"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev},"
                     f" *{prev}, *{prev}, *{prev}]")
    ctx.write("input/cuoi.md", "---\ntitle: Tỷ tiếng cười\ndate: 2022-11-20\n" +
              "\n".join(lines) + "\ntags: *i\nlead: *i\n---\n\n" + PARAGRAPH + "\n")


@case("3-source", "YAML !!python/object/apply tag", **fails("the-python.md"),
      check=lambda ctx, run: "the tag ran a command" if (ctx.root / "pwned").exists() else None)
def _(ctx: Ctx) -> None:
    ctx.write("input/the-python.md", "---\ntitle: !!python/object/apply:os.system [\"touch "
              f"{ctx.root}/pwned\"]\ndate: 2022-11-20\n---\n\n{PARAGRAPH}\n")


@case("3-source", "JSON with duplicate keys", exit=None)
def _(ctx: Ctx) -> None:
    ctx.write("input/trung-khoa.json", '{"title": "Khóa trùng", "title": "Khóa trùng hai",'
              f' "date": "2022-11-20", "body": "{PARAGRAPH}", "body": "{PARAGRAPH}"}}')


@case("3-source", "JSON with NaN and Infinity as title and byline", exit=None,
      says=(("nan.json", r"."),))
def _(ctx: Ctx) -> None:
    ctx.write("input/nan.json", '{"title": NaN, "date": "2022-11-20", "byline": Infinity,'
              f' "body": "{PARAGRAPH}"}}')


@case("3-source", "JSON number 1e5000 and a 5000-digit integer", **fails("mu-lon.json"))
def _(ctx: Ctx) -> None:
    ctx.write("input/mu-lon.json", '{"title": "Mũ lớn", "date": "2022-11-20", "x": 1e5000,'
              f' "y": {"7" * 5000}, "body": "{PARAGRAPH}"}}')


@case("3-source", "JSON objects nested 100,000 deep", **fails("long-sau.json"))
def _(ctx: Ctx) -> None:
    ctx.write("input/long-sau.json", '{"a":' * 100_000 + "1" + "}" * 100_000)


@case("3-source", ".docx whose XML has mismatched tags", **fails("the-sai.docx"))
def _(ctx: Ctx) -> None:
    data = docx_bytes("Thẻ sai", [PARAGRAPH])
    text = document_xml(data).replace("</w:body>", "</w:p></w:body>", 1)
    ctx.write("input/the-sai.docx", rezip(data, replace={"word/document.xml": text.encode()}))


@case("3-source", ".docx with internal entity expansion (billion laughs)", exit=None)
def _(ctx: Ctx) -> None:
    data = docx_bytes("Thực thể", [PARAGRAPH, "&lol9;"])
    text = document_xml(data)
    entities = '<!ENTITY lol0 "cười">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    head, rest = text.split("?>", 1)
    text = f"{head}?><!DOCTYPE w:document [{entities}]>{rest}".replace("&amp;lol9;", "&lol9;")
    ctx.write("input/thuc-the.docx", rezip(data, replace={"word/document.xml": text.encode()}))


@case("3-source", ".docx with an external entity naming the canary", exit=None)
def _(ctx: Ctx) -> None:
    data = docx_bytes("Thực thể ngoài", [PARAGRAPH, "&xxe;"])
    text = document_xml(data)
    head, rest = text.split("?>", 1)
    text = (f'{head}?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://'
            f'{ctx.outside}/secret.txt">]>{rest}').replace("&amp;xxe;", "&xxe;")
    ctx.write("input/xxe.docx", rezip(data, replace={"word/document.xml": text.encode()}))


@case("3-source", ".docx zip with only [Content_Types].xml", **fails("thieu-phan.docx"))
def _(ctx: Ctx) -> None:
    data = docx_bytes("Thiếu phần", [PARAGRAPH])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [n for n in archive.namelist() if n != "[Content_Types].xml"]
    ctx.write("input/thieu-phan.docx", rezip(data, drop=tuple(names)))


@case("3-source", ".docx with a zip-slip member ../../../tran-ra.txt", exit=None,
      check=lambda ctx, run: "a member was unpacked outside" if list(
          ctx.root.rglob("tran-ra*.txt")) or Path("/tmp/tran-ra-abs.txt").exists() else None)
def _(ctx: Ctx) -> None:
    data = docx_bytes("Trượt zip", [PARAGRAPH])
    ctx.write("input/zip-slip.docx", rezip(data, add={"../../../tran-ra.txt": b"escaped",
                                                      "/tmp/tran-ra-abs.txt": b"escaped"}))


@case("3-source", "NUL bytes in front matter", exit=None)
def _(ctx: Ctx) -> None:
    ctx.write("input/nul.md", "---\ntitle: \"Tiêu\x00đề\"\ndate: 2022-11-20\nbyline: a\x00b\n"
              f"---\n\n{PARAGRAPH}\n")


@case("3-source", "surrogate escapes in a picture path (JSON)", exit=None,
      says=(("anh-la.json", r"."),))
def _(ctx: Ctx) -> None:
    ctx.write("input/anh-la.json", '{"title": "Ảnh lạ", "date": "2022-11-20", "blocks": ['
              f'{{"kind": "paragraph", "text": "{PARAGRAPH}"}},'
              '{"kind": "figure", "src": "images/\\udcff\\ud800.jpg", "caption": "Chú thích"}]}')


def _no_raw_escape(ctx: Ctx, run: Run) -> str | None:
    slugs = {p.name for p in (ctx.output / "articles").iterdir()}
    return None if "tin-do" in " ".join(slugs) or any("do" in s for s in slugs) else \
        "the oddly named article was not built"


@case("3-source", "file name with a newline and an ANSI escape", check=_no_raw_escape)
def _(ctx: Ctx) -> None:
    ctx.write("input/tin\x1b[31mđỏ\nwarning: giả.md", front("Tin đỏ", PARAGRAPH +
                                                          "\n\n![Ảnh](khong-co.jpg)\nChú thích"))


def _non_utf8_folder(ctx: Ctx, run: Run) -> str | None:
    slugs = {p.name for p in (ctx.output / "articles").iterdir()} if (
        ctx.output / "articles").is_dir() else set()
    if "tin-trong-thu-muc-la" in slugs:
        return None
    if re.search(r"(warning|error): .*\\xff.*(UTF-8|rename)", run.err):
        return None
    return "the article in the oddly named folder was neither built nor named in a warning"


@case("3-source", "article and picture in a folder whose name is not UTF-8", exit=None,
      check=_non_utf8_folder)
def _(ctx: Ctx) -> None:
    folder = Path(os.fsdecode(os.fsencode(ctx.input) + b"/th\xff-m\xfcc"))
    folder.mkdir()
    (folder / "anh.png").write_bytes(png_bytes())
    (folder / "tin.md").write_text(front("Tin trong thư mục lạ", PARAGRAPH +
                                         "\n\n![Ảnh](anh.png)\nChú thích"), encoding="utf-8")


@case("3-source", "a name that is not UTF-8 in a subfolder",
      says=((r"b\xe0i", r"not valid UTF-8"),))
def _(ctx: Ctx) -> None:
    folder = ctx.input / "thang-11"
    folder.mkdir()
    Path(os.fsdecode(os.fsencode(folder) + b"/b\xe0i-l\xe1.md")).write_text(
        front("Bài tên lạ", PARAGRAPH), encoding="utf-8")


@case("3-source", "editors' note whose picture path holds surrogates", exit=None,
      says=(("2022-11.json", r"."),))
def _(ctx: Ctx) -> None:
    ctx.write("input/notes/2022-11.json", '{"title": "Lời ban biên tập", "blocks": ['
              f'{{"kind": "paragraph", "text": "{PARAGRAPH}"}},'
              '{"kind": "figure", "src": "\\udcff.jpg", "caption": "Chú thích"}]}')


# 4. size -----------------------------------------------------------------------------

@case("4-size", "60 MB portal .txt", **fails("rat-lon.txt", r"max_source_bytes"))
def _(ctx: Ctx) -> None:
    line = ("Thứ Ba, 22/11/2022 - 15:42\nTiêu đề rất lớn\n" + (PARAGRAPH + "\n\n") * 10).encode()
    with (ctx.input / "rat-lon.txt").open("wb") as stream:
        for _ in range(60 * 1024 * 1024 // len(line) + 1):
            stream.write(line)


@case("4-size", "2 MB base64 token in the text", **fails("base64.md", r"max_text_characters"))
def _(ctx: Ctx) -> None:
    import base64
    blob = base64.b64encode(random.Random(3).randbytes(1_500_000)).decode()
    ctx.write("input/base64.md", front("Khối base64", PARAGRAPH + "\n\n" + blob))


@case("4-size", "2 MB URL as a link target (not counted as text)", exit=None)
def _(ctx: Ctx) -> None:
    url = f"http://127.0.0.1:{ctx.server.port}/" + "a" * 2_000_000
    ctx.write("input/url-dai.md", front("Liên kết dài", PARAGRAPH + f"\n\n[xem tại đây]({url})"
                                        f"\n\n![Ảnh]({url[:5000]}.jpg)\nChú thích"))


@case("4-size", "HTML with 20,000 nested <b>", exit=None,
      check=lambda ctx, run: None if "Chữ đậm sâu hai vạn tầng" in epub_text(ctx.project)
      or "long-b" in run.err else "the deep text was lost silently")
def _(ctx: Ctx) -> None:
    ctx.write("input/long-b.html", portal_html("Hai vạn thẻ b lồng nhau", "<p>" + PARAGRAPH +
                                               "</p><p>" + "<b>" * 20000 +
                                               "Chữ đậm sâu hai vạn tầng" + "</b>" * 20000 +
                                               "</p>"))


@case("4-size", "HTML with 20,000 nested <div>", exit=None,
      check=lambda ctx, run: None if "Đoạn sâu hai vạn tầng div" in epub_text(ctx.project)
      or "long-div" in run.err else "the deep text was lost silently")
def _(ctx: Ctx) -> None:
    ctx.write("input/long-div.html", portal_html("Hai vạn thẻ div lồng nhau", "<p>" + PARAGRAPH +
                                                 "</p>" + "<div>" * 20000 +
                                                 "<p>Đoạn sâu hai vạn tầng div</p>" +
                                                 "</div>" * 20000))


def _bomb_note(ctx: Ctx, run: Run) -> None:
    if "DecompressionBombError" in run.err:
        ctx.notes.append("said 'cannot be read as a picture (DecompressionBombError)',"
                         " not 'too large'")


@case("4-size", ".docx with a 30000×30000 picture", check=_bomb_note,
      says=(("anh-khong-lo.docx", r"too large|cannot be read as a picture"),))
def _(ctx: Ctx) -> None:
    data = docx_bytes("Ảnh khổng lồ", [PARAGRAPH], picture=png_bytes())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
    buffer = io.BytesIO()
    Image.new("1", (30000, 30000)).save(buffer, "PNG")
    ctx.write("input/anh-khong-lo.docx", rezip(data, replace={media[0]: buffer.getvalue()}))


@case("4-size", ".docx whose member declares 4 KB but holds 300 MB", exit=None)
def _(ctx: Ctx) -> None:
    data = docx_bytes("Kích thước dối", [PARAGRAPH])
    text = document_xml(data)
    big = text.replace("</w:document>", "<!--" + " " * 300_000_000 + "--></w:document>")
    data = rezip(data, replace={"word/document.xml": big.encode()})
    ctx.write("input/noi-doi.docx", lie_about_size(data, "word/document.xml", 4096))


# 5. pool -----------------------------------------------------------------------------

@case("5-pool", "[build] memory_limit = 64 with real articles", exit=None, good=False)
def _(ctx: Ctx) -> None:
    with (ctx.project / "bantin.toml").open("a", encoding="utf-8") as stream:
        stream.write("\n[build]\nmemory_limit = 64\ntime_limit = 60\n")


# 6. one failing article in a month ---------------------------------------------------

def _digest_without(ctx: Ctx, run: Run) -> str | None:
    listed = {e["path"] for e in manifest(ctx)["outputs"]}
    if "digests/2022-11/bantin-2022-11.standard.pdf" not in listed:
        return "the month's digest was not built"
    text = ""
    with zipfile.ZipFile(ctx.output / "digests/2022-11/bantin-2022-11.epub") as archive:
        text = " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                        if n.endswith(".xhtml"))
    if "Bài chậm quá giới hạn" in text:
        return "the digest still holds the failed article"
    return None


@case("6-month", "one article over [build] time_limit = 6 (no allowance per character)",
      exit=1, check=_digest_without,
      says=(("bai-cham.md", r"left out of its digest"), ("bai-cham.md", r"time_limit")))
def _(ctx: Ctx) -> None:
    with (ctx.project / "bantin.toml").open("a", encoding="utf-8") as stream:
        stream.write("\n[build]\ntime_limit = 6\ntime_per_1000_characters = 0\n"
                     "max_text_characters = 10000000\n")
    rows = "\n".join(f"| {n} | Xã số {n} | {n * 7 % 1000} hộ |" for n in range(20000))
    ctx.write("input/bai-cham.md", front("Bài chậm quá giới hạn",
                                         PARAGRAPH + "\n\n| a | b | c |\n|---|---|---|\n" + rows,
                                         date="2022-11-25"))


# 7. default limits -------------------------------------------------------------------

@case("7-limits", "an article of ~900,000 characters, default config", exit=None,
      timeout=1500, slow=True)
def _(ctx: Ctx) -> None:
    body = "\n\n".join(PARAGRAPH for _ in range(890_000 // (len(PARAGRAPH) + 2)))
    ctx.write("input/chin-tram-nghin.md", front("Chín trăm nghìn ký tự", body))
    ctx.notes.append(f"{len(body):,} characters")


@case("7-limits", "editors' note of 1,200,000 characters ([build] time_limit = 20)", exit=None,
      says=(("2022-11.md", r"max_text_characters"),))
def _(ctx: Ctx) -> None:
    with (ctx.project / "bantin.toml").open("a", encoding="utf-8") as stream:
        stream.write("\n[build]\ntime_limit = 20\n")
    body = "\n\n".join(PARAGRAPH for _ in range(1_200_000 // (len(PARAGRAPH) + 2)))
    ctx.write("input/notes/2022-11.md", f"---\ntitle: Lời ban biên tập\n---\n\n{body}\n")


# 8. cache ----------------------------------------------------------------------------

CACHE = ".bantin-cache/cache.sqlite"


def _rebuilt_right(ctx: Ctx, run: Run) -> str | None:
    if not re.search(r"built\s+[1-9]", run.err):
        return "nothing was rebuilt"
    return None


@case("8-cache", "cache.sqlite zeroed", says=(("cache.sqlite", r"cache"),), check=_rebuilt_right)
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    path = ctx.project / CACHE
    path.write_bytes(bytes(path.stat().st_size))
    shutil.rmtree(ctx.output)


@case("8-cache", "cache.sqlite truncated to a third", says=(("cache.sqlite", r"cache"),),
      check=_rebuilt_right)
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    path = ctx.project / CACHE
    path.write_bytes(path.read_bytes()[:path.stat().st_size // 3])
    shutil.rmtree(ctx.output)


@case("8-cache", "a stored result's bytes flipped, its output deleted",
      says=(("cache.sqlite", r"SHA-256"),), check=_rebuilt_right)
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    with sqlite3.connect(ctx.project / CACHE) as db:
        for key, data in db.execute("SELECT key, data FROM results").fetchall():
            flipped = bytearray(data)
            flipped[len(flipped) // 2] ^= 0xFF
            db.execute("UPDATE results SET data = ? WHERE key = ?", (bytes(flipped), key))
    for pdf in (ctx.output / "articles").rglob("*.pdf"):
        pdf.unlink()


@case("8-cache", "an output's bytes flipped on disk")
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    for pdf in sorted((ctx.output / "articles").rglob("*.standard.pdf")):
        data = bytearray(pdf.read_bytes())
        data[len(data) // 2] ^= 0xFF
        pdf.write_bytes(bytes(data))


@case("8-cache", "garbage cache.sqlite-wal beside a sound cache", exit=None)
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    (ctx.project / (CACHE + "-wal")).write_bytes(random.Random(5).randbytes(70_000))


@case("8-cache", ".bantin-cache is a file, not a folder", exit=None,
      says=((".bantin-cache", r"."),))
def _(ctx: Ctx) -> None:
    (ctx.project / ".bantin-cache").write_text("không phải thư mục")


@case("8-cache", "read-only cache folder (chmod 555)", says=(("cache", r"."),) if os.geteuid()
      else (), exit=None)
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    shutil.rmtree(ctx.output)
    (ctx.project / CACHE).unlink()
    os.chmod(ctx.project / ".bantin-cache", 0o555)
    if os.geteuid() == 0:
        ctx.notes.append("root: permissions not enforced")


# 9. configuration --------------------------------------------------------------------

def bad_config(cls: str, name: str, toml: str | bytes, words: str = r".", **options) -> None:
    def setup(ctx: Ctx) -> None:
        path = ctx.project / "bantin.toml"
        if isinstance(toml, bytes):
            path.write_bytes(toml)
        else:
            path.write_text(toml, encoding="utf-8")
    CASES.append(Case(cls, name, setup, exit=options.pop("exit", 1),
                      says=options.pop("says", (("", words),)),
                      good=options.pop("good", False), **options))


bad_config("9-config", "variants extend each other in a circle (a→b→c→a)",
           '[variants.a]\nextends = "b"\n[variants.b]\nextends = "c"\n[variants.c]\n'
           'extends = "a"\n', r"circle")
bad_config("9-config", "time_limit = nan", "[build]\ntime_limit = nan\n", r"time_limit")
bad_config("9-config", "time_limit = inf", "[build]\ntime_limit = inf\n", r"time_limit")
bad_config("9-config", "time_limit = 1e-300", "[build]\ntime_limit = 1e-300\n", r"time_limit")
bad_config("9-config", "time_limit = -1", "[build]\ntime_limit = -1\n", r"time_limit")
bad_config("9-config", "memory_limit = 2**50", f"[build]\nmemory_limit = {2**50}\n",
           r"memory_limit")
bad_config("9-config", "page_size = \"0mm 0mm\"", '[variants.standard]\npage_size = "0mm 0mm"\n',
           r"page_size")
bad_config("9-config", "page_size = \"99999mm 99999mm\"",
           '[variants.standard]\npage_size = "99999mm 99999mm"\n', r"page_size")
bad_config("9-config", "jobs = 100000", "[build]\njobs = 100000\n", r"jobs")
bad_config("9-config", "body_size = nan", "[variants.large]\nbody_size = nan\n", r"body_size")
bad_config("9-config", "unknown keys everywhere", '[build]\njbos = 2\n[variants.large]\n'
           'colour = "red"\n[extra]\nx = 1\n', r"unknown key", exit=0, good=True)
bad_config("9-config", "a family naming a missing font",
           '[variants.large]\nfamily = "KhongCoPhongNay"\n', r"family")
bad_config("9-config", "bantin.toml is binary", random.Random(9).randbytes(3000), r".")
bad_config("9-config", "a variant named with a newline and a forged line",
           '[variants."ban-in\\nerror: gia-mao"]\nbody_size = 12\n', r"variant")
bad_config("9-config", "extends is a list", '[variants.a]\nextends = ["large"]\n', r"extends")
bad_config("9-config", "arrays nested 50,000 deep", "x = " + "[" * 50_000 + "]" * 50_000 + "\n",
           r".")
bad_config("9-config", "bantin.toml is a directory", b"", r".")
CASES[-1].setup = lambda ctx: ((ctx.project / "bantin.toml").unlink(),
                               (ctx.project / "bantin.toml").mkdir())


# 10. silent loss ---------------------------------------------------------------------

@case("10-loss", "truncated JPEG in an article", says=(("anh-cut.md", r"cut off|cannot be read"),))
def _(ctx: Ctx) -> None:
    data = jpeg_bytes()
    ctx.write("input/images/cut.jpg", data[:len(data) * 2 // 3])
    ctx.write("input/anh-cut.md", front("Ảnh cụt", PARAGRAPH + "\n\n![Ảnh](images/cut.jpg)"
                                        "\nChú thích ảnh cụt"))


@case("10-loss", "truncated PNG in a JSON article",
      says=(("anh-cut.json", r"cut off|cannot be read"),))
def _(ctx: Ctx) -> None:
    buffer = io.BytesIO()
    rng = random.Random(4)
    image = Image.new("RGB", (300, 200))
    image.putdata([(rng.randrange(256), 0, 0) for _ in range(300 * 200)])
    image.save(buffer, "PNG")
    data = buffer.getvalue()
    ctx.write("input/images/cut.png", data[:len(data) // 2])
    ctx.write("input/anh-cut.json", json.dumps({
        "title": "Ảnh PNG cụt", "date": "2022-11-20", "blocks": [
            {"kind": "paragraph", "text": PARAGRAPH},
            {"kind": "figure", "src": "images/cut.png", "caption": "Chú thích"}]}))


@case("10-loss", "truncated cover picture", says=(("2022-11.jpg", r"cut off|cannot be read"),))
def _(ctx: Ctx) -> None:
    data = jpeg_bytes((600, 800))
    ctx.write("input/covers/2022-11.jpg", data[:len(data) // 2])


def _deep_text(words: str) -> Callable[[Ctx, Run], str | None]:
    def check(ctx: Ctx, run: Run) -> str | None:
        return None if words in epub_text(ctx.project) else f"{words!r} is not in any EPUB"
    return check


@case("10-loss", "HTML text nested 100 deep in tables and lists",
      check=_deep_text("Câu nằm sâu một trăm tầng bảng"))
def _(ctx: Ctx) -> None:
    inner = "<p>Câu nằm sâu một trăm tầng bảng</p>"
    for level in range(100):
        inner = (f"<table><tr><td>{inner}</td></tr></table>" if level % 2 else
                 f"<ul><li>{inner}</li></ul>")
    ctx.write("input/bang-sau.html", portal_html("Bảng lồng một trăm tầng",
                                                 f"<p>{PARAGRAPH}</p>{inner}"))


@case("10-loss", ".docx text nested 100 deep in tables",
      check=_deep_text("Câu trong bảng Word sâu một trăm tầng"))
def _(ctx: Ctx) -> None:
    inner = "<w:p><w:r><w:t>Câu trong bảng Word sâu một trăm tầng</w:t></w:r></w:p>"
    for _ in range(100):
        inner = ("<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>"
                 f"{inner}<w:p/></w:tc></w:tr></w:tbl>")
    ctx.write("input/bang-word.docx", with_body_xml(docx_bytes("Bảng Word lồng", [PARAGRAPH]),
                                                    inner))


@case("10-loss", ".docx text inside a content control (w:sdt)",
      check=_deep_text("Câu trong khối điều khiển nội dung"))
def _(ctx: Ctx) -> None:
    inner = ("<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Câu trong khối điều khiển nội dung"
             "</w:t></w:r></w:p></w:sdtContent></w:sdt>")
    ctx.write("input/sdt.docx", with_body_xml(docx_bytes("Khối điều khiển", [PARAGRAPH]), inner))


@case("10-loss", ".docx picture linked externally (r:link, TargetMode=External)",
      says=(("anh-ngoai.docx", r"image|picture"),))
def _(ctx: Ctx) -> None:
    data = docx_bytes("Ảnh liên kết ngoài", [PARAGRAPH])
    drawing = (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
        'drawingml/2006/wordprocessingDrawing"><wp:extent cx="952500" cy="952500"/>'
        '<wp:docPr id="9" name="P" descr="Ảnh ngoài"/><a:graphic xmlns:a="http://schemas.'
        'openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.'
        'openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.'
        'openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="0" name="x.png"'
        '/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip xmlns:r="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships" r:link="rIdNgoai"/><a:stretch>'
        '<a:fillRect/></a:stretch></pic:blipFill><pic:spPr/></pic:pic></a:graphicData>'
        '</a:graphic></wp:inline></w:drawing></w:r></w:p>'
        '<w:p><w:r><w:t>Chú thích ảnh ngoài</w:t></w:r></w:p>')
    data = with_body_xml(data, drawing)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
    rels = rels.replace("</Relationships>", (
        '<Relationship Id="rIdNgoai" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/image" Target="http://127.0.0.1:'
        f'{ctx.server.port}/anh.png" TargetMode="External"/></Relationships>'))
    ctx.write("input/anh-ngoai.docx", rezip(data, replace={
        "word/_rels/document.xml.rels": rels.encode()}))


@case("10-loss", "XHTML page with an XML declaration and encoding",
      check=_deep_text("Đoàn giám sát trang XHTML làm việc tại xã"))
def _(ctx: Ctx) -> None:
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML'
            ' 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type"'
            ' content="text/html; charset=utf-8"/><title>Trang XHTML</title></head><body>'
            '<h1>Trang XHTML có khai báo XML</h1><p class="date">13/11/2022</p>'
            f'<p>Đoàn giám sát trang XHTML làm việc tại xã. {PARAGRAPH}</p></body></html>')
    ctx.write("input/xhtml.html", page)


# 11. manifest truth ------------------------------------------------------------------

@case("11-truth", "build, then build --variant large", args=("--variant", "large"))
def _(ctx: Ctx) -> None:
    prebuild(ctx)


@case("11-truth", "build, then one source fails", exit=1,
      says=((GOOD[2], r"not valid JSON|JSON"),), good=False,
      check=lambda ctx, run: None if f"input/{GOOD[2]}" in json.dumps(manifest(ctx))
      else "the failed source's earlier outputs are not listed")
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    (ctx.input / GOOD[2]).write_text('{"title": "hỏng"', encoding="utf-8")


@case("11-truth", "build, then one source fails, then build --variant large", exit=1,
      args=("--variant", "large"), says=((GOOD[2], r"JSON"),), good=False)
def _(ctx: Ctx) -> None:
    prebuild(ctx)
    (ctx.input / GOOD[2]).write_text('{"title": "hỏng"', encoding="utf-8")


@case("11-truth", "build --variant large, then an article deleted, then build",
      good=False)
def _(ctx: Ctx) -> None:
    prebuild(ctx, "--variant", "large")
    (ctx.input / GOOD[0]).unlink()


# ---------------------------------------------------------------- judging

LINE_OK = re.compile(r"^\[\d+/\d+\] |^Build finished:|^\s")


def judge(case_: Case, ctx: Ctx, run: Run, before: dict[str, str],
          outside_before: dict[str, str], hits_before: int) -> list[str]:
    reasons: list[str] = []
    text = run.out + run.err
    if run.hung:
        return [f"hang: killed after {case_.timeout} s"]
    if "Traceback (most recent call last)" in text:
        at = text.index("Traceback (most recent call last)")
        tail = [line for line in text[at:].splitlines() if line and not line.startswith(" ")]
        reasons.append(f"traceback: {tail[1] if len(tail) > 1 else tail[0]}"[:200])
    lines = run.err.splitlines()
    errors = [line for line in lines if line.startswith("error:")]
    if case_.exit == 0 and run.code != 0:
        reasons.append(f"exit {run.code}, expected 0" + (f" ({errors[0][:160]})" if errors
                                                          else ""))
    if case_.exit == 1 and run.code == 0:
        reasons.append("exit 0, expected an error")
    if errors and run.code == 0:
        reasons.append("an error line but exit 0")
    if run.code not in (0, None) and not errors:
        reasons.append(f"exit {run.code} without an error line")
    where = str(ctx.root)
    for line in lines:
        if "\x1b" in line:
            reasons.append(f"raw terminal escape printed: {line[:120]!r}")
            break
    for line in lines:
        if line.startswith(("error:", "warning:", "info:")):
            if where not in line and "Config value" not in line and "--strict" not in line:
                reasons.append(f"a line names no file: {line[:160]}")
                break
        elif not LINE_OK.match(line) and line.strip():
            reasons.append(f"stray line (multi-line or forged message): {line[:160]!r}")
            break
    for fragment, words in case_.says:
        said = [line for line in lines if line.startswith(("error:", "warning:"))
                and fragment in line]
        if not any(re.search(words, line) for line in said):
            reasons.append(f"no error/warning naming {fragment or 'the problem'!r} matching"
                           f" /{words}/")
    # outputs and the manifest
    manifest_path = ctx.output / "manifest.json"
    listed: dict[str, dict] = {}
    if manifest_path.is_file():
        try:
            listed = {e["path"]: e for e in json.loads(manifest_path.read_text("utf-8"))
                      ["outputs"]}
        except (ValueError, KeyError, TypeError) as exc:
            reasons.append(f"output/manifest.json unreadable after the build: {exc}")
    if case_.good:
        missing = sorted(p for p in ctx.baseline
                         if p not in listed or not regular(ctx.output / p))
        if missing:
            reasons.append(f"{len(missing)} good output(s) missing, e.g. {missing[0]}")
    for path, item in listed.items():
        target = ctx.output / path
        if not regular(target):
            reasons.append(f"manifest lists a missing file: {path}")
            break
        if sha256(target) != item.get("sha256"):
            reasons.append(f"manifest SHA-256 does not match the file: {path}")
            break
    if manifest_path.is_file() and not ctx.output.is_symlink():
        unlisted = sorted(
            rel for folder, _, files in os.walk(ctx.output) for name in files
            if (rel := os.path.relpath(os.path.join(folder, name), ctx.output))
            != "manifest.json" and rel not in ctx.planted
            and not any(rel.startswith(p + os.sep) for p in ctx.planted) and rel not in listed)
        if unlisted:
            reasons.append(f"{len(unlisted)} file(s) under output/ not in the manifest, e.g."
                           f" {unlisted[0]}")
    # nothing outside output/ changed, nothing leaked
    after = tree_state(ctx.project, skip=("output", ".bantin-cache"))
    changed = sorted(set(before) ^ set(after) | {k for k in before if after.get(k, "") !=
                                                 before[k]})
    if changed:
        reasons.append(f"changed outside output/: {changed[0]!r}"
                       + (f" (+{len(changed) - 1})" if len(changed) > 1 else ""))
    if tree_state(ctx.outside) != outside_before:
        reasons.append("the canary folder outside the project changed")
    secret = CANARY.encode()
    if ctx.output.is_dir():
        for path in sorted(ctx.output.rglob("*")):
            if path.is_file() and not path.is_symlink() and any(
                    secret in piece for piece in all_bytes(path)):
                reasons.append(f"canary text in {path.relative_to(ctx.output)}")
                break
    if ctx.server.hits != hits_before:
        reasons.append(f"{ctx.server.hits - hits_before} request(s) reached the local server")
    if case_.check is not None and not reasons:
        try:
            extra = case_.check(ctx, run)
        except Exception as exc:
            extra = f"check failed: {type(exc).__name__}: {exc}"
        if extra:
            reasons.append(extra)
    return reasons


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="regular expression searched in 'class/case'")
    parser.add_argument("--slow", action="store_true", help="also run the slow cases")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects")
    options = parser.parse_args()
    chosen = [c for c in CASES if (options.slow or not c.slow) and (
        not options.only or re.search(options.only, f"{c.cls}/{c.name}"))]
    started = time.monotonic()
    server = Counter()
    top = Path(tempfile.mkdtemp(prefix="hb-"))
    try:
        base = top / "baseline"
        project = make_project(base)
        run = bantin(project, ["--jobs", "2"], TIMEOUT)
        if run.code != 0:
            print(run.err)
            raise SystemExit("the baseline build failed")
        baseline = {e["path"] for e in json.loads(
            (project / "output" / "manifest.json").read_text("utf-8"))["outputs"]}
        rows = []
        for number, case_ in enumerate(chosen, 1):
            folder = top / f"c{number:02d}"
            ctx = Ctx(root=folder, project=make_project(folder),
                      outside=make_outside(folder / "outside"), server=server,
                      baseline=baseline)
            try:
                case_.setup(ctx)
            except Exception as exc:
                rows.append((case_, None, 0.0, [f"setup failed: {type(exc).__name__}: {exc}"],
                             ctx))
                print(f"[{number}/{len(chosen)}] {case_.cls} {case_.name}: setup failed: {exc}",
                      file=sys.stderr, flush=True)
                continue
            before = tree_state(ctx.project, skip=("output", ".bantin-cache"))
            outside_before = tree_state(ctx.outside)
            hits = server.hits
            run = ctx.build(*case_.args, timeout=case_.timeout)
            reasons = judge(case_, ctx, run, before, outside_before, hits)
            if "please report it" in run.err:
                ctx.notes.append("fallback error: an unexpected exception")
            rows.append((case_, run, run.seconds, reasons, ctx))
            print(f"[{number}/{len(chosen)}] {case_.cls} {case_.name}: exit {run.code},"
                  f" {run.seconds:.1f} s, {'handled' if not reasons else 'NOT handled: '}"
                  f"{'; '.join(reasons)}",
                  file=sys.stderr, flush=True)
            if not options.keep:
                os.chmod(ctx.project / ".bantin-cache", 0o755) if (
                    ctx.project / ".bantin-cache").is_dir() else None
                shutil.rmtree(folder, ignore_errors=True)
        print_table(rows)
        handled = sum(1 for *_, reasons, _ in rows if not reasons)
        print(f"\n{len(rows)} hostile cases tried, {handled} handled"
              f" ({time.monotonic() - started:.0f} s in all)")
        if options.keep:
            print(f"projects kept under {top}")
    finally:
        if not options.keep:
            shutil.rmtree(top, ignore_errors=True)
    return 0


def print_table(rows: list) -> None:
    width = max(len(c.name) for c, *_ in rows)
    print(f"\n{'class':<10} {'case':<{width}} {'exit':>4} {'secs':>6}  handled  reason")
    print("-" * (width + 40))
    for case_, run, seconds, reasons, ctx in rows:
        code = "-" if run is None or run.code is None else str(run.code)
        note = f" [{'; '.join(ctx.notes)}]" if ctx.notes else ""
        print(f"{case_.cls:<10} {case_.name:<{width}} {code:>4} {seconds:6.1f}  "
              f"{'yes' if not reasons else 'NO':<7}  {'; '.join(r[:150] for r in reasons)}{note}")


if __name__ == "__main__":
    sys.exit(main())
