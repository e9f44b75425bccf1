"""Fuzzing the readers: whatever bytes a source holds, loading it returns, and a bad source is
one clear error naming it, never a crash.

Arbitrary bytes (and markup-shaped text) go under every extension the readers know; a real
small Word file is mutated member by member (random bytes, cut-off members, random XML in
the document, a missing `[Content_Types].xml`, huge declared sizes). Each goes through
`pipeline.corpus.load` in-process; a few go through the real `bantin build`.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import docx
from conftest import INPUT, ROOT
from docx.shared import Cm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.config import parse_config
from pipeline.corpus import load
from pipeline.errors import BantinError
from pipeline.sources import READERS

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MARKUP = st.text(alphabet=st.sampled_from(list(
    "<>/=\"'!-?& ;#x:{}[],\n\t\\abdeiltpruvfgmnostyhđĐạăâ0123456789")), max_size=400)
TEMPLATES = {  # a plausible start for each format, so the fuzz reaches past the first check
    ".md": "---\ntitle: Tiêu đề\ndate: 2022-11-03\n---\n\n",
    ".markdown": "---\ntitle: ",
    ".json": '{"title": "Tiêu đề", "date": "2022-11-03", "body": ',
    ".txt": "Thứ Tư, 23/11/2022 - 09:15\nTiêu đề bài viết về giám sát\n\n",
    ".html": "<html><head><title>Tiêu đề</title></head><body><h1>Tiêu đề bài</h1><p>",
    ".htm": "<!DOCTYPE html><body><div class='content'><p>",
    ".xhtml": "<?xml version='1.0' encoding='utf-8'?><html><body><p>",
}


def bad_sources_are_clear_errors(path: Path, project: Path) -> None:
    """Load `path` alone: it returns, and every error is a BantinError naming the file that
    says what is wrong (not the catch-all for a reader's crash)."""
    corpus = load([path], parse_config({}, project=project))
    assert corpus.articles or corpus.errors, "a source gives an article or an error"
    for error in corpus.errors:
        assert isinstance(error, BantinError)
        assert error.path == path, error
        assert not error.message.startswith("cannot be read ("), f"a reader crashed: {error}"


def contents() -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=2048),
        MARKUP.map(lambda t: t.encode("utf-8")),
        st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    )


@FUZZ
@given(extension=st.sampled_from(sorted(set(READERS) - {".docx"})), data=contents(),
       templated=st.booleans())
def test_arbitrary_bytes_under_every_extension(extension, data, templated):
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        path = project / "input" / f"fuzz{extension}"
        path.parent.mkdir()
        prefix = TEMPLATES.get(extension, "").encode("utf-8") if templated else b""
        path.write_bytes(prefix + data)
        bad_sources_are_clear_errors(path, project)


def small_docx() -> bytes:
    """A real Word file: a title, a paragraph, a picture with its caption, a table."""
    document = docx.Document()
    document.add_paragraph("Tiêu đề bài viết trong Word", style="Title")
    document.add_paragraph("Đoạn thân bài thứ nhất, đủ dài để là một đoạn văn bình thường.")
    document.add_paragraph().add_run().add_picture(
        str(INPUT / "images" / "hoi-truong-ky-hop.jpg"), width=Cm(4))
    document.add_paragraph("Quang cảnh kỳ họp", style="Caption")
    document.add_table(rows=1, cols=2).cell(0, 1).text = "Ô trong bảng"
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


BASE = small_docx()
MEMBERS = zipfile.ZipFile(io.BytesIO(BASE)).namelist()


def repack(members: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return stream.getvalue()


def huge_sizes(data: bytes, which: int, size: int) -> bytes:
    """`data` with the uncompressed size of one central-directory entry set to `size`."""
    entries = [i for i in range(len(data)) if data.startswith(b"PK\x01\x02", i)]
    at = entries[which % len(entries)] + 24
    return data[:at] + struct.pack("<I", size) + data[at + 4:]


@st.composite
def mutated_docx(draw: st.DrawFn) -> bytes:
    members = {name: zipfile.ZipFile(io.BytesIO(BASE)).read(name) for name in MEMBERS}
    name = draw(st.sampled_from(MEMBERS))
    how = draw(st.sampled_from(["random bytes", "truncated", "random xml", "drop member",
                                "huge size", "file cut off", "xml text in a paragraph"]))
    if how == "random bytes":
        members[name] = draw(st.binary(max_size=512))
    elif how == "truncated":
        members[name] = members[name][:draw(st.integers(0, len(members[name])))]
    elif how == "random xml":
        document = members["word/document.xml"]
        at = draw(st.integers(0, len(document)))
        members["word/document.xml"] = document[:at] + draw(MARKUP).encode() + document[at:]
    elif how == "xml text in a paragraph":
        text = draw(st.text(max_size=200)).encode("utf-8", "surrogatepass")
        members["word/document.xml"] = members["word/document.xml"].replace(
            b"Ti\xc3\xaau \xc4\x91\xe1\xbb\x81", text, 1)
    elif how == "drop member":
        members.pop(draw(st.sampled_from(["[Content_Types].xml", name])))
    data = repack(members)
    if how == "huge size":
        data = huge_sizes(data, draw(st.integers(0, 20)), draw(st.sampled_from(
            [0, 1, 0x7FFFFFFF, 0xFFFFFFFF])))
    elif how == "file cut off":
        data = data[:draw(st.integers(0, len(data)))]
    return data


@FUZZ
@given(data=mutated_docx())
def test_mutated_word_files(data):
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        path = project / "input" / "fuzz.docx"
        path.parent.mkdir()
        path.write_bytes(data)
        bad_sources_are_clear_errors(path, project)


def test_bad_sources_through_the_real_cli(tmp_path):
    """A few of the above in one `bantin build`: only `error:` and `warning:` lines."""
    inputs = tmp_path / "input"
    inputs.mkdir()
    members = {name: zipfile.ZipFile(io.BytesIO(BASE)).read(name) for name in MEMBERS}
    cases = {
        "random.md": bytes(range(256)) * 4,
        "random.html": b"<div" * 500 + b"\xff\xfe<p>x",
        "deep.htm": b"<b class=x>" * 3000 + b"<p>" * 100,
        "random.json": b'{"title": [' * 50,
        "random.txt": b"\x00\x01" * 100,  # NULs every other byte, yet not UTF-16 text
        "truncated.docx": BASE[: len(BASE) // 2],
        "no-types.docx": repack({k: v for k, v in members.items()
                                 if k != "[Content_Types].xml"}),
        "huge.docx": huge_sizes(BASE, 0, 0xFFFFFFFF),
        "bad-xml.docx": repack({**members, "word/document.xml": b"<w:document><w:body"}),
    }
    for name, data in cases.items():
        (inputs / name).write_bytes(data)
    run = subprocess.run([sys.executable, "-m", "pipeline", "build", "--project", str(tmp_path),
                          "--variant", "large", "--quiet"], cwd=ROOT, capture_output=True,
                         text=True, timeout=300, check=False)
    assert "Traceback" not in run.stderr
    assert run.returncode == 1
    lines = [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
    assert all(line.startswith(("error:", "warning:")) for line in lines), lines
    for name in cases:
        mine = [line for line in lines if line.startswith("error:") and str(inputs / name) in line]
        assert len(mine) == 1, (name, mine)
