""".doc, .rtf and .odt sources, read through LibreOffice (pipeline/sources/office.py).

The .rtf and .odt files are written here as text and XML; the .doc files are made from
them (or from a .docx written with python-docx) by soffice itself, on a private profile
with the same settings bantin uses. Every test that needs LibreOffice is skipped where it
is not installed (tools/install-test-tools installs it).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
import zipfile
from pathlib import Path

import docx
import pikepdf
import pytest
from conftest import INPUT, write
from docx.shared import Cm
from legacy_encode import encode

from pipeline.config import Build, parse_config
from pipeline.corpus import load
from pipeline.sources import ReadContext
from pipeline.sources.legacy import TCVN3
from pipeline.sources.office import (
    Batch,
    Pending,
    _registry,
    convert_all,
    convert_batch,
    import_filter,
    soffice,
)

SOFFICE = soffice()
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")

TITLE = "Hội đồng nhân dân tỉnh họp kỳ thứ mười"
LEAD = "Sáng nay, kỳ họp thứ mười của Hội đồng nhân dân tỉnh đã khai mạc tại hội trường."
BODY = "Các đại biểu đã thảo luận về tình hình kinh tế – xã hội và ngân sách năm tới."
PICTURE = INPUT / "images" / "hoi-truong-ky-hop.jpg"


def rtf_text(text: str) -> str:
    """Unicode text as RTF writes it: `\\uN?` for everything past ASCII."""
    return "".join(c if ord(c) < 0x80 and c not in "\\{}" else
                   f"\\u{ord(c) if ord(c) < 0x8000 else ord(c) - 0x10000}?" for c in text)


def unicode_rtf(title: str = TITLE, lead: str = LEAD, body: str = BODY, extra: str = "") -> str:
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\n"
            f"{{\\pard\\qc\\b {rtf_text(title)}\\par}}\n"
            f"{{\\pard {rtf_text(lead)}\\par}}\n{extra}"
            f"{{\\pard {rtf_text(body)}\\par}}\n}}\n")


def tcvn3_rtf(title: str, body: str) -> str:
    """An RTF typed in the legacy .VnTime font: TCVN3 bytes, written as `\\'xx`."""
    def escaped(text: str) -> str:
        return "".join(chr(b) if b < 0x80 else f"\\'{b:02x}" for b in encode(TCVN3, text))
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fcharset0 .VnTime;}}\n"
            f"{{\\pard\\b\\f0 {escaped(title)}\\par}}\n{{\\pard\\f0 {escaped(body)}\\par}}\n}}\n")


def picture_docx(path: Path) -> Path:
    """A .docx with a title, a lead, a picture and its caption, written by python-docx."""
    document = docx.Document()
    document.add_paragraph(TITLE, style="Title")
    document.add_paragraph(LEAD)
    document.add_paragraph().add_run().add_picture(str(PICTURE), width=Cm(4))
    document.add_paragraph("Quang cảnh kỳ họp", style="Caption")
    document.add_paragraph(BODY)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def linked_odt(path: Path, port: int) -> Path:
    """An .odt whose picture, OLE object and section are links to the counting server: a
    LibreOffice with its default settings fetches the picture and the object."""
    url = f"http://127.0.0.1:{port}"
    content = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2">
<office:body><office:text>
<text:p>{TITLE}</text:p><text:p>{LEAD}</text:p>
<text:p><draw:frame draw:name="p" text:anchor-type="as-char" svg:width="2cm" svg:height="2cm">
<draw:image xlink:href="{url}/odt-picture.png" xlink:type="simple" xlink:show="embed"
 xlink:actuate="onLoad"/></draw:frame></text:p>
<text:section text:name="s"><text:section-source xlink:href="{url}/section.odt"
 xlink:type="simple"/><text:p>{BODY}</text:p></text:section>
<text:p><draw:frame draw:name="o" svg:width="2cm" svg:height="2cm" text:anchor-type="as-char">
<draw:object xlink:href="{url}/ole.ods" xlink:type="simple" xlink:show="embed"
 xlink:actuate="onLoad"/></draw:frame></text:p>
</office:text></office:body></office:document-content>"""
    manifest = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.2">
<manifest:file-entry manifest:full-path="/"
 manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def soffice_convert(sources: list[Path], to: str, out: Path, profile: Path,
                    hardened: bool = True) -> list[Path]:
    """Convert with soffice itself (to make .doc files): on a private profile, with
    bantin's settings unless `hardened` is False."""
    settings = profile / "user" / "registrymodifications.xcu"
    if hardened and not settings.exists():
        write(settings, _registry())
    assert SOFFICE is not None
    subprocess.run([SOFFICE, "--headless", "--norestore", "--nologo", "--nodefault",
                    "--nolockcheck", f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to", to, "--outdir", str(out), *map(str, sources)],
                   check=True, capture_output=True, timeout=120)
    made = [out / f"{s.stem}.{to.split(':')[0]}" for s in sources]
    assert all(m.is_file() for m in made), made
    return made


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """Sources made once for the module: a Unicode .rtf, a .doc with a picture (from a
    .docx) and a .doc from the .rtf."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("made")
    rtf = write(folder / "src" / "bai-rtf.rtf", unicode_rtf())
    with_picture = picture_docx(folder / "src" / "bai-anh.docx")
    plain = write(folder / "src" / "bai-doc.rtf", unicode_rtf(title="Bài viết dạng Word 97"))
    doc_picture, doc_plain = soffice_convert([with_picture, plain], "doc", folder / "doc",
                                             folder / "profile")
    return {"rtf": rtf, "doc-picture": doc_picture, "doc": doc_plain}


def normalize_json(bantin, *paths: Path, cwd: Path):
    """`bantin normalize --json` run in `cwd` (never in the checkout: its input/ would make
    it the project whose cache keeps the conversions)."""
    result = bantin("normalize", *paths, "--json", cwd=cwd)
    assert "Traceback" not in result.output
    return result, json.loads(result.stdout)


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def test_import_filter_by_the_first_bytes():
    assert import_filter(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)) == "MS Word 97"
    assert import_filter(b"\xef\xbb\xbf {\\rtf1\\ansi}") == "Rich Text Format"
    assert import_filter(b"PK\x03\x04 not a zip at all") is None
    assert import_filter(b"<html><body>saved as a web page</body></html>") is None
    assert import_filter(b"plain words") is None


@needs_libreoffice
def test_rtf_and_doc_read_to_their_title_and_text(bantin, made, tmp_path):
    project = tmp_path / "project"
    (project / "input").mkdir(parents=True)
    for name in ("rtf", "doc", "doc-picture"):
        shutil.copy(made[name], project / "input")
    result, records = normalize_json(bantin, cwd=project)
    assert errors(result) == [], result.stderr
    by_source = {Path(r["source"]).name: r for r in records}
    rtf, doc, pictured = (by_source["bai-rtf.rtf"], by_source["bai-doc.doc"],
                          by_source["bai-anh.doc"])
    assert rtf["title"] == TITLE and rtf["lead"] == LEAD
    assert [b["text"] for b in rtf["blocks"]] == [BODY]
    assert rtf["encoding"] == "utf-8 via LibreOffice from .rtf"
    assert doc["title"] == "Bài viết dạng Word 97" and doc["lead"] == LEAD
    assert doc["encoding"] == "utf-8 via LibreOffice from .doc"
    assert pictured["title"] == TITLE
    [figure] = [b for b in pictured["blocks"] if b["kind"] == "figure"]
    assert figure["src"].startswith("bai-anh.doc#word/media/")
    assert figure["caption"] == "Quang cảnh kỳ họp"
    # Kept by SHA-256 in the project's cache: reading again needs no LibreOffice at all.
    kept = list((project / ".bantin-cache" / "office").glob("*.docx"))
    assert len(kept) == 3
    os.environ["BANTIN_SOFFICE"] = str(tmp_path / "no-such-soffice")
    try:
        again, records_again = normalize_json(bantin, cwd=project)
    finally:
        del os.environ["BANTIN_SOFFICE"]
    assert errors(again) == [] and records_again == records


@needs_libreoffice
def test_an_odt_reads_too(bantin, tmp_path):
    made = soffice_convert([write(tmp_path / "src" / "bai.rtf", unicode_rtf())], "odt",
                           tmp_path / "project" / "input", tmp_path / "profile")
    _, [record] = normalize_json(bantin, made[0], cwd=tmp_path)
    assert record["title"] == TITLE and record["lead"] == LEAD
    assert record["encoding"] == "utf-8 via LibreOffice from .odt"


@needs_libreoffice
def test_a_tcvn3_rtf_reads_through_the_legacy_fonts(bantin, tmp_path):
    title, body = "Kỳ họp thứ mười của Hội đồng", "Trường học ưu tiên đường sá cho học sinh."
    path = write(tmp_path / "input" / "cu.rtf", tcvn3_rtf(title, body))
    assert b"\\'" in path.read_bytes()
    _, [record] = normalize_json(bantin, path, cwd=tmp_path)
    assert record["title"] == title
    assert [b["text"] for b in record["blocks"]] == [body] or record["lead"] == body
    assert record["encoding"] == "tcvn3 font in docx via LibreOffice from .rtf"


@needs_libreoffice
def test_a_corrupt_doc_is_one_error_and_the_rest_builds(bantin, made, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(made["rtf"].parent, project / "input", ignore=lambda *_: ["bai-anh.docx",
                                                                              "bai-doc.rtf"])
    write(project / "input" / "note.md", "---\ntitle: Bài Markdown\ndate: 2022-11-03\n---\n\nA.\n")
    # A Word 97 header and garbage: LibreOffice refuses it (with its import filter forced; it
    # would otherwise import any bytes as plain text).
    write(project / "input" / "hong.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"rac" * 3000)
    write(project / "input" / "khong-phai.doc", b"just some words, saved as .doc")
    write(project / "bantin.toml", "[variants.standard]\n[build]\njobs = 2\n")
    result = bantin("build", "--project", project, "--json")
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = errors(result)
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith(f"error: {project / 'input' / 'hong.doc'}: LibreOffice could not"
                               " convert it; open it in Word and save it as .docx")
    assert lines[1].startswith(f"error: {project / 'input' / 'khong-phai.doc'}: LibreOffice"
                               " cannot convert it: it is not a Word, RTF or OpenDocument")
    built = {p.name for p in (project / "output").rglob("*.pdf")}
    assert any(name.startswith("bai-markdown") for name in built)
    assert any(name.startswith("hoi-dong-nhan-dan") for name in built), built


@needs_libreoffice
def test_a_doc_renders_its_picture(bantin, made, tmp_path):
    project = tmp_path / "project"
    (project / "input").mkdir(parents=True)
    shutil.copy(made["doc-picture"], project / "input")
    write(project / "bantin.toml", "[variants.standard]\n[build]\njobs = 2\n")
    result = bantin("build", "--project", project, "--variant", "standard", "--json")
    assert result.exit_code == 0, result.stderr
    [pdf] = (project / "output").rglob("*.standard.pdf")
    with pikepdf.open(pdf) as document:
        pictures = [name for page in document.pages for name in page.get_images()]
    assert pictures, "the picture inside the .doc is drawn"
    [epub] = (project / "output").rglob("*.epub")
    with zipfile.ZipFile(epub) as book:
        assert any(n.startswith("EPUB/images/") or "/images/" in n for n in book.namelist())


def test_without_libreoffice_one_clear_error_per_file(bantin, tmp_path, monkeypatch):
    write(tmp_path / "a.md", "---\ntitle: Bài tốt\ndate: 2022-11-03\n---\n\nĐoạn.\n")
    write(tmp_path / "b.rtf", unicode_rtf())
    write(tmp_path / "c.doc", b"not even a Word file")
    monkeypatch.delenv("BANTIN_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    result, records = normalize_json(bantin, tmp_path, cwd=tmp_path)
    assert result.exit_code == 1
    assert [r["title"] for r in records] == ["Bài tốt"]
    lines = errors(result)
    assert lines == [
        f"error: {tmp_path / 'b.rtf'}: reading .rtf files needs LibreOffice, which is not"
        " installed here; install it (Debian/Ubuntu: apt-get install"
        " libreoffice-writer-nogui) or open the file in Word and save it as .docx",
        f"error: {tmp_path / 'c.doc'}: reading .doc files needs LibreOffice, which is not"
        " installed here; install it (Debian/Ubuntu: apt-get install"
        " libreoffice-writer-nogui) or open the file in Word and save it as .docx"]
    monkeypatch.setenv("BANTIN_SOFFICE", "/nowhere/soffice")
    result, _ = normalize_json(bantin, tmp_path / "c.doc", cwd=tmp_path)
    assert "BANTIN_SOFFICE names '/nowhere/soffice', which is not a program here" in \
        result.stderr


@pytest.fixture
def connections():
    """A port that counts every connection made to it, whatever is asked (the counting
    server answers GET only, and LibreOffice asks OPTIONS and HEAD first)."""
    made: list[int] = []
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            made.append(1)
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1], made
    stop.set()
    thread.join()
    listener.close()


@needs_libreoffice
def test_libreoffice_fetches_nothing(bantin, counting_server, connections, tmp_path):
    port, hits = counting_server
    other, connected = connections
    url = f"http://127.0.0.1:{port}"
    sources = tmp_path / "input"
    linked_odt(sources / "lien-ket-khac.odt", other)
    # RTF: a picture that is an INCLUDEPICTURE field (a web picture, and one not stored),
    # an INCLUDETEXT field, and a linked OLE object.
    write(sources / "lien-ket.rtf", unicode_rtf(extra=(
        f'{{\\pard{{\\field{{\\*\\fldinst {{ INCLUDEPICTURE "{url}/rtf-inet.png"'
        ' \\\\* MERGEFORMATINET }}{\\fldrslt {anh}}}\\par}\n'
        f'{{\\pard{{\\field{{\\*\\fldinst {{ INCLUDEPICTURE "{url}/rtf-d.png" \\\\d }}}}'
        '{\\fldrslt {anh}}}\\par}\n'
        f'{{\\pard{{\\field{{\\*\\fldinst {{ INCLUDETEXT "{url}/rtf.txt" }}}}'
        '{\\fldrslt {chu}}}\\par}\n'
        f'{{\\pard{{\\object\\objautlink{{\\*\\objclass Word.Document.8}}'
        f'{{\\*\\objdata 00}}{{\\*\\objlink {url}/rtf-ole.doc}}\\result {{ole}}}}\\par}}\n')))
    odt = linked_odt(sources / "lien-ket.odt", port)
    # The same .odt as a .doc (made with bantin's settings, so making it fetches nothing):
    # its picture becomes an INCLUDEPICTURE field with the address.
    [doc] = soffice_convert([odt], "doc", tmp_path / "doc", tmp_path / "profile")
    shutil.copy(doc, sources / "lien-ket-word.doc")
    assert "/odt-picture.png".encode("utf-16-le") in doc.read_bytes()
    assert hits == []
    result, records = normalize_json(bantin, sources, cwd=tmp_path)
    assert errors(result) == [], result.stderr
    assert {Path(r["source"]).name for r in records} == {
        "lien-ket.rtf", "lien-ket.odt", "lien-ket-khac.odt", "lien-ket-word.doc"}
    assert hits == [], "LibreOffice fetched something while converting"
    assert connected == [], "LibreOffice connected to a linked address while converting"
    # The files do make a LibreOffice on a default profile fetch: the test is not empty.
    soffice_convert([odt, doc], "docx", tmp_path / "default", tmp_path / "default-profile",
                    hardened=False)
    deadline = time.monotonic() + 5
    while not hits and time.monotonic() < deadline:
        time.sleep(0.1)
    assert hits, "a default LibreOffice fetches these links; bantin's settings stop that"
    hits.clear()


@needs_libreoffice
def test_a_failed_batch_is_converted_again_one_file_at_a_time(tmp_path, monkeypatch):
    """A LibreOffice that crashes on any batch of more than one file: every file is still
    converted, each in a run of its own."""
    calls = tmp_path / "calls"
    fake = write(tmp_path / "bin" / "soffice", f"""#!/bin/sh
echo "$*" >> {calls}
count=0
for argument in "$@"; do case "$argument" in *.rtf) count=$((count + 1));; esac; done
[ "$count" -gt 1 ] && kill -SEGV $$
exec {SOFFICE} "$@"
""")
    fake.chmod(0o755)
    monkeypatch.setenv("BANTIN_SOFFICE", str(fake))
    files = [write(tmp_path / "in" / f"bai-{n}.rtf", unicode_rtf(title=f"Bài số {n}"))
             for n in range(3)]
    folder = tmp_path / "converted"
    folder.mkdir()
    results = convert_all(files, folder, Build(jobs=1), ReadContext(), isolated=True)
    assert all(isinstance(r, Path) and r.is_file() for r in results.values()), results
    assert len(calls.read_text().splitlines()) == 4  # the batch, then each file alone


@needs_libreoffice
def test_reading_without_worker_processes(made, tmp_path):
    project = tmp_path / "project"
    (project / "input").mkdir(parents=True)
    shutil.copy(made["rtf"], project / "input" / "b.rtf")
    corpus = load([project / "input"], parse_config({}, project=project), isolated=False)
    assert [a.title for a in corpus.articles] == [TITLE] and not corpus.errors


@needs_libreoffice
def test_a_batch_costs_less_per_file_than_one_run_per_file(tmp_path):
    """Relative, not absolute: six files in one run against six runs (bench/
    office_conversion.py measures the figures)."""
    files = [write(tmp_path / "in" / f"{n}.rtf", unicode_rtf(title=f"Bài {n}"))
             for n in range(6)]
    items = [Pending(path=f, digest=f"{n:064x}", filter="Rich Text Format",
                     size=f.stat().st_size) for n, f in enumerate(files)]
    assert SOFFICE is not None

    def seconds(folder: Path, runs: list[tuple[Pending, ...]]) -> float:
        folder.mkdir()
        started = time.perf_counter()
        for run in runs:
            done = convert_batch(Batch(files=run, folder=folder, program=SOFFICE, seconds=120))
            assert len(done.done) == len(run)
        return time.perf_counter() - started

    batched = seconds(tmp_path / "batched", [tuple(items)])
    alone = seconds(tmp_path / "alone", [(item,) for item in items])
    assert batched < alone, (batched, alone)


def test_a_hanging_libreoffice_is_stopped_with_everything_it_started(tmp_path, monkeypatch):
    """A run over its time limit is killed with its children, each file is tried alone, and
    a file that hangs alone too is its own error naming the limit."""
    pids = tmp_path / "pids"
    fake = write(tmp_path / "bin" / "soffice", f"""#!/bin/sh
sleep 300 &
echo $! >> {pids}
wait
""")
    fake.chmod(0o755)
    monkeypatch.setenv("BANTIN_SOFFICE", str(fake))
    monkeypatch.setattr("pipeline.sources.office.SECONDS_PER_FILE", 0.0)
    files = [write(tmp_path / "in" / f"{n}.rtf", unicode_rtf()) for n in range(2)]
    folder = tmp_path / "converted"
    folder.mkdir()
    started = time.monotonic()
    results = convert_all(files, folder, Build(time_limit=1, jobs=1), ReadContext())
    assert time.monotonic() - started < 30
    for path in files:
        error = results[path]
        assert not isinstance(error, Path) and error.path == path
        assert "LibreOffice did not finish converting it in 1 s" in error.message
    assert len(pids.read_text().split()) == 3  # the batch, then each file alone
    assert not any(running(int(pid)) for pid in pids.read_text().split())


def running(pid: int) -> bool:
    """Whether a process runs (a killed one whose parent died too may stay a zombie a while,
    until the system reaps it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")
