"""The bad-input corpus through the real CLI: clear errors, no leaks, no hangs, no partial files.

See tests/bad/README.md for every case and its expected outcome.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import INPUT, ROOT
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent / "bad"))
from generate import CANARY_MARK, CANARY_TEXT, all_bytes, canaries, generate

GOOD = ["2022-11-04-giam-sat-y-te-co-so-bach-thong.md", "2022-11-16-tiep-xuc-cu-tri-ba-be.md",
        "2022-12-16-tiep-xuc-cu-tri-cho-moi.md", "000_e7e2aa4e76f9f475.txt"]
ERRORS = {  # bad source → words its one error line must hold
    "empty.md": "the file is empty",
    "binary.md": "binary file",
    "wrong-encoding.txt": "does not read as Vietnamese",
    "broken-front-matter.md": "not valid YAML",
    "truncated.json": "not valid JSON",
    "impossible-date.md": "February 2022 has 28 days",
    "yaml-date.md": "February 2022 has 28 days",
    "deep.json": "nested too deeply",
    "broken-xml.docx": "open it in Word and save it as .docx again",
    "bomb.docx": "more than twice [build] max_source_bytes",
    "big.md": "more than [build] max_text_characters (1,000,000)",
    "nan.json": "NaN is not a value JSON allows",
    "yes-title.md": "title: expected text, got true (true or false)",
}
WARNINGS = {  # source → words of a warning naming it
    "duplicate-b.md": "is already used by",
    "huge-image.md": "is too large (10000×10000 pixels, more than [build] max_picture_pixels"
                     " 40,000,000)",
    "corrupt-image.md": "cannot be read as a picture",
    "missing-image.md": "not found; the caption is kept",
    "hostile.md": "dropped <script>",
    "pipe.md": "skipped: it is not a regular file",
    "passwd.md": "skipped: it is a link to a file outside the project",
    "loop": "a linked folder is not read",
    "t\\xean-kh\\xf4ng-ph\\xe1i-utf8.md": "skipped: its name is not valid UTF-8",
    "forged\\nerror: fake.md": "image khong-co.jpg not found",
    "vong-a.md": "skipped: it is a link that leads nowhere (a loop of links",
    "vong-b.md": "skipped: it is a link that leads nowhere (a loop of links",
    "th\\xff-m\\xfcc": "skipped with everything in it: the folder's name is not valid UTF-8",
    "anh-khong-lo.md": "is too large (30000×30000 pixels, more than [build] max_picture_pixels",
    "odd-picture-path.json": "image images/\\xff\\ud800.jpg cannot be a file name",
    "nul-picture-path.md": "cannot be a file name (it holds a NUL",
}
LIMITED = {  # source → its slug and month: each output built, or stopped by [build] limits
    "table.html": ("bang-muoi-nghin-dong-so-lieu-cac-xa", "2021-02"),
}
TIME_LIMIT = 20
MEMORY_LIMIT = 1024
STOPPED = re.compile(  # the runner's words for a job the [build] limits ended
    rf"stopped after {TIME_LIMIT} s \(\[build\] time_limit {TIME_LIMIT} s"
    rf"|needs more than {MEMORY_LIMIT} MiB \(\[build\] memory_limit\)"
    rf"|the worker (was killed|crashed).*\[build\] memory_limit \({MEMORY_LIMIT} MiB\)")


def limited_outputs(project: Path) -> dict[str, Path]:
    """Each output of a LIMITED source → what its error line names when the limits stop it:
    the source for the article, input/ for the month's digest (it holds no other article)."""
    found = {}
    for name, (slug, month) in LIMITED.items():
        for suffix in (".large.pdf", ".epub"):
            found[f"articles/{slug}/{slug}{suffix}"] = project / "input" / name
            found[f"digests/{month}/bantin-{month}{suffix}"] = project / "input"
    return found


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory, counting_server):
    """A project with four good articles and every bad input, built once by the CLI."""
    port, hits = counting_server
    root = tmp_path_factory.mktemp("corpus")
    canary_text, canary_image = canaries(root / "canary")
    project = root / "project" / "site"
    (project / "input").mkdir(parents=True)
    (project / "input" / "images").symlink_to(INPUT / "images")
    for name in GOOD:
        (project / "input" / name).write_bytes((INPUT / name).read_bytes())
    generate(project / "input", port, canary_text, canary_image)
    (project / "bantin.toml").write_text(
        f"[build]\ntime_limit = {TIME_LIMIT}\ntime_per_1000_characters = 0\n"
        f"memory_limit = {MEMORY_LIMIT}\n", encoding="utf-8")
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "pipeline", "build", "--project", str(project),
                          "--variant", "large", "--json"], cwd=ROOT, capture_output=True,
                         text=True, timeout=600, check=False)
    seconds = time.monotonic() - started
    return project, run, seconds, hits, (canary_text, canary_image)


def error_lines(run) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.startswith("error:")]


def test_no_traceback_and_exit_status_one(corpus_build):
    _, run, seconds, _, _ = corpus_build
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert seconds < 300, "no hang: every job ends within its limits"


def test_one_error_line_per_bad_source(corpus_build):
    project, run, _, _, _ = corpus_build
    lines = error_lines(run)
    for name, words in ERRORS.items():
        mine = [line for line in lines if f"{project / 'input' / name}" in line]
        assert len(mine) == 1, (name, mine)
        assert words in mine[0]
    good = [line for line in lines for name in GOOD if name in line]
    assert not good, "good sources get no error"
    limited = limited_outputs(project)
    others = [line for line in lines if not any(n in line for n in ERRORS)]
    for line in others:  # nothing else: only outputs of LIMITED sources, stopped by the limits
        assert any(line.startswith(f"error: {named}: {target}: ")
                   for target, named in limited.items()), line
        assert STOPPED.search(line), line


def assert_opens(path: Path) -> None:
    """A whole PDF with pages, or an EPUB whose zip is sound and whose XML all parses."""
    if path.suffix == ".pdf":
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) >= 1, path
        return
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None, path
        assert archive.read("mimetype") == b"application/epub+zip", path
        for name in archive.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx", ".xml")):
                etree.fromstring(archive.read(name))


def test_limited_sources_are_built_or_stopped_by_the_limits(corpus_build):
    """big.md and table.html: each of their outputs (article PDF and EPUB, their month's
    digest PDF and EPUB) is either built — listed, on disk, and it opens — or stopped by
    [build] time_limit / memory_limit: one error line naming it, and no file left."""
    project, run, _, _, _ = corpus_build
    listed = set(json.loads(run.stdout)["outputs"])
    lines = error_lines(run)
    outcomes = {}
    for target, named in limited_outputs(project).items():
        file = project / "output" / target
        mine = [line for line in lines if f": {target}: " in line]
        month = target.split("/")[1] if target.startswith("digests/") else None
        if month and f"the digest of {month} is not made: every article in it failed" in \
                run.stderr:
            assert not mine and not file.exists(), target  # its article's errors say why
            outcomes[target] = "not made"
        elif target in listed:
            assert not mine, (target, mine)
            assert_opens(file)
            outcomes[target] = "built"
        else:
            assert len(mine) == 1, f"{target}: not built, so one error line must say why"
            assert mine[0].startswith(f"error: {named}: {target}: "), mine[0]
            assert STOPPED.search(mine[0]), mine[0]
            assert not file.exists(), f"{target}: stopped, yet a file is there"
            outcomes[target] = "stopped"
    assert len(outcomes) == 4 * len(LIMITED), outcomes


def test_warnings_name_the_file(corpus_build):
    project, run, _, _, _ = corpus_build
    warnings = [line for line in run.stderr.splitlines() if line.startswith("warning:")]
    for name, words in WARNINGS.items():
        assert any(str(project / "input" / name) in w and words in w for w in warnings), name
    hostile = [w for w in warnings if "hostile.md" in w]
    assert len([w for w in hostile if "image" in w]) >= 7, "every refused picture named"
    for element in ("<iframe>", "<object>", "<embed>", "<svg>", "<style>", "<link>", "<base>",
                    "style= with url()", 'rel="attachment"'):
        assert any(element in w for w in hostile), element


def test_every_good_article_and_digest_is_built(corpus_build):
    _project, run, _, _, _ = corpus_build
    summary = json.loads(run.stdout)
    outputs = set(summary["outputs"])
    for slug in ("ban-van-hoa-xa-hoi-hdnd-tinh-giam-sat-cong-tac-y-te-co-so",
                 "cac-ban-hdnd-tinh-tich-cuc-chu-dong-trong-cong-tac-phoi-hop",
                 "bai-co-html-nguy-hiem", "trang-cong-co-noi-dung-nguy-hiem",
                 "bai-trung-ten", "bai-trung-ten-2", "anh-mot-tram-megapixel",
                 "trang-long-nam-tram-tang-div"):
        assert f"articles/{slug}/{slug}.large.pdf" in outputs, slug
        assert f"articles/{slug}/{slug}.epub" in outputs, slug
    for period in ("2022-11", "2022-12"):
        assert f"digests/{period}/bantin-{period}.large.pdf" in outputs
        assert f"digests/{period}/bantin-{period}.epub" in outputs


def test_odd_pictures_cost_the_picture_not_the_article(corpus_build):
    """A picture path no file can have, a picture too large: the article is built."""
    _project, run, *_ = corpus_build
    outputs = set(json.loads(run.stdout)["outputs"])
    for slug in ("anh-co-ten-la", "anh-co-ky-tu-nul", "anh-chin-tram-megapixel"):
        assert f"articles/{slug}/{slug}.epub" in outputs, slug
    assert "DecompressionBombError" not in run.stderr


def test_an_editors_note_gets_no_date_warning(corpus_build):
    project, run, *_ = corpus_build
    note = str(project / "input" / "notes" / "2022-11.md")
    assert not [line for line in run.stderr.splitlines() if note in line], "no word on it"
    with zipfile.ZipFile(project / "output" / "digests" / "2022-11" / "bantin-2022-11.epub"
                         ) as archive:
        text = " ".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                        if n.endswith(".xhtml"))
    assert "Thư của ban biên tập gửi bạn đọc." in text


def test_control_characters_and_surrogates_are_removed(corpus_build):
    project, *_ = corpus_build
    for slug, title in (("tieu-de-co-ky-tu-la", "Tiêu đề có ký tự lạ"),
                        ("tieu-de-co-ky-tu-la-2", "Tiêu đề có ký tự lạ")):
        epub = project / "output" / "articles" / slug / f"{slug}.epub"
        with zipfile.ZipFile(epub) as archive:
            opf = archive.read("EPUB/content.opf").decode("utf-8")
        assert f"<dc:title>{title}</dc:title>" in opf
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]", opf)


def test_nested_divs_keep_the_deep_paragraph(corpus_build):
    project, *_ = corpus_build
    slug = "trang-long-nam-tram-tang-div"
    with zipfile.ZipFile(project / "output" / "articles" / slug / f"{slug}.epub") as archive:
        chapter = archive.read(f"EPUB/text/{slug}.xhtml").decode("utf-8")
    assert "Đoạn văn nằm sâu bên trong năm trăm tầng thẻ div" in chapter


def test_nothing_leaks_and_no_network(corpus_build):
    project, _, _, hits, _ = corpus_build
    assert hits == [], "no request reached the local server"
    outputs = [p for p in (project / "output").rglob("*") if p.is_file()]
    assert len(outputs) > 20
    secret = CANARY_TEXT.encode()
    for output in outputs:
        for piece in all_bytes(output):
            assert secret not in piece and CANARY_MARK not in piece, output
            assert b"root:x:0:0" not in piece, f"/etc/passwd in {output}"


def test_no_partial_file_under_output(corpus_build):
    project, *_ = corpus_build
    for path in (project / "output").rglob("*"):
        if path.is_dir():
            continue
        assert not path.name.startswith("."), path
        data = path.read_bytes()
        if path.suffix == ".pdf":
            assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), path
        elif path.suffix == ".epub":
            assert zipfile.ZipFile(path).testzip() is None, path


def test_unknown_extension_is_an_error_only_when_named(bantin):
    result = bantin("normalize", ROOT / "tests" / "bad" / "unknown.xyz")
    assert result.exit_code == 1
    assert "no reader for '.xyz' files; known source extensions:" in result.stderr


def test_a_failed_write_keeps_the_previous_output(bantin, tmp_path, monkeypatch):
    project = tmp_path
    (project / "input").mkdir()
    (project / "input" / "a.md").write_text("---\ntitle: Bài\ndate: 2022-11-03\n---\n\nMột.\n",
                                            encoding="utf-8")
    assert bantin("build", "--project", project, "--variant", "large").exit_code == 0
    pdf = project / "output" / "articles" / "bai" / "bai.large.pdf"
    before = pdf.read_bytes()
    (project / "input" / "a.md").write_text("---\ntitle: Bài\ndate: 2022-11-03\n---\n\nHai.\n",
                                            encoding="utf-8")
    import pipeline.writing

    real = os.fsync

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline.writing.os, "fsync", full_disk)
    result = bantin("build", "--project", project, "--variant", "large")
    monkeypatch.setattr(pipeline.writing.os, "fsync", real)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"error: {pdf}: cannot write it (No space left on device)" in result.stderr
    assert pdf.read_bytes() == before, "the previous output is intact"
    assert not [p for p in (project / "output").rglob(".*")], "no temporary file left"
    again = bantin("build", "--project", project, "--variant", "large")
    assert again.exit_code == 0 and pdf.read_bytes() != before


def test_a_file_name_cannot_forge_a_line_and_special_files_are_not_read(corpus_build):
    project, run, *_ = corpus_build
    assert not any(line.startswith("error: fake.md") for line in run.stderr.splitlines())
    summary = json.loads(run.stdout)
    slugs = {o.split("/")[1] for o in summary["outputs"] if o.startswith("articles/")}
    assert "ten-tep-co-xuong-dong" in slugs, "the oddly named article is still built"
    assert "ten-tep-la" not in slugs, "a name that is not UTF-8 is skipped, not guessed"
    assert "tin-trong-thu-muc-ten-la" not in slugs, "so is a folder's"
    manifest = json.loads((project / "output" / "manifest.json").read_text(encoding="utf-8"))
    assert not any("passwd" in i["path"] for o in manifest["outputs"] for i in o["inputs"])
