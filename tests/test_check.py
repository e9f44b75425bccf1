"""What `bantin check`, `--strict`, the cache key and the manifest may never let through."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from conftest import write

from pipeline import check as check_module
from pipeline import plan, validate
from pipeline.config import parse_config
from pipeline.corpus import load
from pipeline.plan import Planner, file_digest

ARTICLE = "---\ntitle: {title}\ndate: 2022-11-03\n---\n\n{body}\n"


def project(tmp_path: Path, body: str = "Một đoạn văn.") -> Path:
    write(tmp_path / "input" / "a.md", ARTICLE.format(title="Bài thử", body=body))
    write(tmp_path / "bantin.toml", "[build]\njobs = 1\n")
    return tmp_path


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    """A one-article project built and checked once (EPUBCheck and Ace are slow)."""
    from click.testing import CliRunner

    from pipeline.cli import main

    path = project(tmp_path_factory.mktemp("built"))
    for command in (["build", "--variant", "large"], ["check"]):
        result = CliRunner().invoke(main, [*command, "--project", str(path)],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def built(built_once, tmp_path) -> Path:
    """A private copy of the built project (with its cache and stored verdicts)."""
    copy = tmp_path / "project"
    shutil.copytree(built_once, copy, symlinks=True)
    return copy


def summary(bantin, path: Path, *args: str) -> dict:
    result = bantin("build", "--project", path, "--variant", "large", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# ---------------------------------------------------------------- the cache key


def test_source_date_epoch_is_part_of_the_cache_key(bantin, built, monkeypatch):
    """A build with SOURCE_DATE_EPOCH set must not be served the bytes made without it."""
    path = built
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert summary(bantin, path)["cached"] == 4
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pinned = summary(bantin, path)
    assert (pinned["built"], pinned["cached"]) == (4, 0)
    epub = path / "output" / "articles" / "bai-thu" / "bai-thu.epub"
    with zipfile.ZipFile(epub) as archive:
        opf = archive.read("EPUB/content.opf").decode()
    assert "2023-11-14T22:13:20Z" in opf, "modified is SOURCE_DATE_EPOCH"
    again = summary(bantin, path)
    assert (again["built"], again["cached"]) == (0, 4), "same epoch, same key"


@pytest.mark.parametrize("library", ["weasyprint", "pydyf", "fonttools", "harfbuzz",
                                     "pango", "ebooklib", "python"])
def test_the_toolchain_is_part_of_the_cache_key(tmp_path, monkeypatch, library):
    """Another WeasyPrint, pydyf, fontTools or HarfBuzz makes other bytes: other keys."""
    path = project(tmp_path)
    config = parse_config({}, project=path)
    [article] = load([path / "input"], config).articles
    before = {job.key for job in Planner(config).article_jobs(article, ["large"], ["pdf"])}
    real = plan.toolchain()
    assert library in real
    monkeypatch.setattr(plan, "toolchain", lambda: {**real, library: real[library] + "+1"})
    after = {job.key for job in Planner(config).article_jobs(article, ["large"], ["pdf"])}
    assert before.isdisjoint(after)


def test_the_toolchain_names_real_versions():
    versions = plan.toolchain()
    assert versions["weasyprint"][0].isdigit() and versions["pydyf"][0].isdigit()
    assert versions["harfbuzz"][0].isdigit(), "HarfBuzz's own version, read from the library"
    # Our changes to WeasyPrint's and pydyf's output are keyed too: a cache made before them
    # is not taken for theirs.
    assert versions["column-balancing"] == "line" and versions["deflate-level"] == "6"


# ---------------------------------------------------------------- --strict


def test_quiet_strict_still_fails_on_a_warning(bantin, tmp_path):
    path = write(tmp_path / "a.md", "---\ntitle: A\ndate: 2022-11-01\n---\n\n"
                 "![Ảnh](missing.jpg)\nChú thích\n")
    quiet = bantin("normalize", path, "-q", "--strict")
    assert quiet.exit_code == 1, "a missing picture is a warning, and -q must not hide it"
    assert "warning:" not in quiet.stderr
    assert bantin("normalize", path, "-q").exit_code == 0


def only_mimetype(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
    return path


def test_check_finds_a_hollow_epub_without_any_validator(bantin, tmp_path, monkeypatch):
    def unavailable(path):
        raise validate.Unavailable("not installed here")

    monkeypatch.setattr(check_module, "epubcheck", unavailable)
    monkeypatch.setattr(check_module, "ace", unavailable)
    hollow = only_mimetype(tmp_path / "hollow.epub")
    result = bantin("check", "--project", tmp_path, hollow, "--strict")
    assert result.exit_code == 1
    assert f"error: {hollow}: broken EPUB: the container file META-INF/container.xml is" \
           " missing" in result.stderr


def test_a_validator_that_cannot_run_fails_check_under_strict(bantin, built, monkeypatch):
    path = built

    def unavailable(path):
        raise validate.Unavailable("EPUBCheck needs Java")

    monkeypatch.setattr(check_module, "epubcheck", unavailable)
    (path / ".bantin-cache" / "verdicts.json").unlink()  # nothing stored: it must run
    lenient = bantin("check", "--project", path)
    assert lenient.exit_code == 0, lenient.stderr
    assert "warning:" in lenient.stderr and "not checked with EPUBCheck" in lenient.stderr
    strict = bantin("check", "--project", path, "--strict")
    assert strict.exit_code == 1
    assert "--strict was given" in strict.stderr
    assert bantin("check", "--project", path, "-q", "--strict").exit_code == 1


@pytest.mark.parametrize("damage", [
    ("mimetype", lambda a, names: [n for n in names if n != "mimetype"], "'mimetype'"),
    ("opf", lambda a, names: [n for n in names if not n.endswith(".opf")],
     "the package document EPUB/content.opf is missing"),
    ("chapter", lambda a, names: [n for n in names if not n.endswith("bai-thu.xhtml")],
     "manifest item 'text/bai-thu.xhtml' is not in the file"),
    ("nav", lambda a, names: [n for n in names if not n.endswith("nav.xhtml")],
     "manifest item 'nav.xhtml' is not in the file"),
])
def test_structural_epub_problems_are_named(bantin, built, damage):
    name, keep, words = damage
    path = built
    good = path / "output" / "articles" / "bai-thu" / "bai-thu.epub"
    assert validate.epub_structure(good) == []
    broken = built / f"{name}.epub"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for member in keep(source, source.namelist()):
            target.writestr(source.getinfo(member), source.read(member))
    assert any(words in problem for problem in validate.epub_structure(broken)), \
        validate.epub_structure(broken)


def test_validator_verdicts_are_kept_by_sha256(bantin, built, monkeypatch):
    path = built
    calls: list[Path] = []
    real = check_module.epubcheck

    def counting(epub):
        calls.append(epub)
        return real(epub)

    monkeypatch.setattr(check_module, "epubcheck", counting)
    (path / ".bantin-cache" / "verdicts.json").unlink()
    assert bantin("check", "--project", path).exit_code == 0
    assert len(calls) == 2, "the article's and the digest's EPUB"
    assert bantin("check", "--project", path).exit_code == 0
    assert len(calls) == 2, "unchanged files are not validated again"


def unreadable(pdf: Path) -> None:
    raise ValueError("read again")


def slow(pdf: Path) -> None:
    time.sleep(30)


def test_what_a_pdf_holds_is_kept_by_sha256_and_read_again_when_it_changes(
        bantin, built, monkeypatch):
    """pypdf reads every content stream of every PDF (most of `check`'s time without the
    validators): an unchanged PDF is not read again, a changed one is."""
    path = built
    (path / ".bantin-cache" / "verdicts.json").unlink()
    assert bantin("check", "--project", path, "--no-validators").exit_code == 0

    monkeypatch.setattr(check_module, "pdf_facts", unreadable)  # the workers' too
    again = bantin("check", "--project", path, "--no-validators")
    assert again.exit_code == 0, again.stderr
    pdf = path / "output" / "articles" / "bai-thu" / "bai-thu.large.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n%")  # another file now, for the manifest too
    changed = bantin("check", "--project", path, "--no-validators")
    assert f"error: {pdf}: cannot be read as a PDF (read again)" in changed.stderr


@pytest.mark.parametrize("stored", [{}, {"pages": "x"}, [], "facts", {"unembedded_fonts": 3},
                                    "all fields, one of the wrong type"])
def test_damaged_stored_facts_are_read_again(bantin, built, stored):
    pdf = built / "output" / "articles" / "bai-thu" / "bai-thu.large.pdf"
    key = f"pdf-facts:{check_module.FACTS_VERSION}:{file_digest(pdf)}"
    if stored == "all fields, one of the wrong type":
        stored = dataclasses.asdict(validate.pdf_facts(pdf)) | {"body_size": "18"}
    (built / ".bantin-cache" / "verdicts.json").write_text(json.dumps({key: stored}),
                                                           encoding="utf-8")
    result = bantin("check", "--project", built, "--no-validators")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_no_validators_leaves_out_epubcheck_and_ace_only(bantin, built, monkeypatch):
    def must_not_run(path):
        raise AssertionError("a validator ran")

    monkeypatch.setattr(check_module, "epubcheck", must_not_run)
    monkeypatch.setattr(check_module, "ace", must_not_run)
    (path := built / ".bantin-cache" / "verdicts.json").unlink()
    result = bantin("check", "--project", built, "--no-validators", "--strict")
    assert result.exit_code == 0, result.stderr
    assert "file(s) checked: 0 error(s), 0 warning(s)" in result.stderr
    hollow = only_mimetype(built / "hollow.epub")  # bantin's own checks still run
    broken = bantin("check", "--project", built, hollow, "--no-validators")
    assert broken.exit_code == 1 and "broken EPUB" in broken.stderr
    assert not path.exists() or "epubcheck" not in path.read_text(encoding="utf-8")


def test_a_pdf_too_slow_to_read_is_a_finding_under_the_build_limit(bantin, built, monkeypatch):
    monkeypatch.setattr(check_module, "pdf_facts", slow)
    monkeypatch.setattr(check_module, "SECONDS_PER_MEGABYTE", 0.0)
    (built / ".bantin-cache" / "verdicts.json").unlink()
    (built / "bantin.toml").write_text("[build]\njobs = 1\ntime_limit = 1\n",
                                       encoding="utf-8")
    started = time.monotonic()
    result = bantin("check", "--project", built, "--no-validators")
    assert time.monotonic() - started < 25
    assert result.exit_code == 1
    assert "cannot be read as a PDF (reading it stopped after 1 s; if the file is sound," \
           " raise [build] time_limit" in result.stderr


# ---------------------------------------------------------------- the manifest


@pytest.mark.parametrize("text", ["{not json", "[]", '{"outputs": [{"path": 3}]}',
                                  '{"outputs": "x"}'])
def test_a_damaged_manifest_fails_check(bantin, built, text):
    path = built
    (path / "output" / "manifest.json").write_text(text, encoding="utf-8")
    result = bantin("check", "--project", path)
    assert result.exit_code == 1
    assert f"error: {path / 'output' / 'manifest.json'}: is damaged" in result.stderr


def test_a_damaged_manifest_deletes_nothing_and_is_rewritten(bantin, built):
    path = built
    (path / "output" / "manifest.json").write_text("{not json", encoding="utf-8")
    result = bantin("build", "--project", path, "--variant", "large")
    assert result.exit_code == 0
    assert "manifest.json: is damaged" in result.stderr and "no old output" in result.stderr
    assert json.loads((path / "output" / "manifest.json").read_text())["outputs"]


def test_stale_removal_never_leaves_output_nor_deletes_a_changed_file(bantin, built):
    path = built
    outside = write(path.parent / "bantin.toml.bak", "keep me")
    manifest = path / "output" / "manifest.json"
    document = json.loads(manifest.read_text())
    entry = document["outputs"][0]
    changed = write(path / "output" / "mine.pdf", "edited by hand")
    document["outputs"] += [
        {**entry, "path": "../bantin.toml.bak"}, {**entry, "path": str(outside)},
        {**entry, "path": "mine.pdf"}]
    manifest.write_text(json.dumps(document), encoding="utf-8")
    result = bantin("build", "--project", path, "--variant", "large")
    assert result.exit_code == 0, result.stderr
    assert outside.read_text() == "keep me" and changed.read_text() == "edited by hand"
    assert "mine.pdf was changed after bantin wrote it" in result.stderr


# ---------------------------------------------------------------- atomic writes


def test_render_and_digest_write_through_a_temporary_file_outside_the_target(
        bantin, tmp_path, monkeypatch):
    path = project(tmp_path)
    moved: list[tuple[str, str]] = []
    real = os.replace

    def recording(source, target):
        moved.append((os.fspath(source), os.fspath(target)))
        return real(source, target)

    monkeypatch.setattr(os, "replace", recording)
    out = tmp_path / "rendered"
    assert bantin("render", path / "input" / "a.md", "--out", out, "--project", path,
                  "--variant", "large", "--format", "pdf", "--format", "epub").exit_code == 0
    assert bantin("digest", "2022-11", "--project", path, "--variant", "large").exit_code == 0
    outputs = [(s, t) for s, t in moved if t.endswith((".pdf", ".epub"))]
    assert len(outputs) == 4
    temp = str(path / ".bantin-cache" / "tmp")
    assert all(source.startswith(temp) for source, _ in outputs), outputs


def test_check_counts_what_it_checked(bantin, built):
    path = built
    shutil.copy(path / "output" / "articles" / "bai-thu" / "bai-thu.epub", path / "x.epub")
    result = bantin("check", "--project", path, path / "x.epub")
    assert "1 file(s) checked: 0 error(s), 0 warning(s)" in result.stderr
    assert io.StringIO(result.stderr).read().count("error:") == 0


# ---------------------------------------------------------------- digests


def test_an_article_that_fails_is_left_out_of_its_digest_not_the_digest(bantin, tmp_path):
    """One broken article must not take its month's digest down with it."""
    for name, body in (("a.md", "Đoạn một."), ("b.md", "> Ý kiến cử tri."),
                       ("c.md", "Đoạn ba.")):
        write(tmp_path / "input" / name, ARTICLE.format(title=f"Bài {name[0]}", body=body))
    # A house layout whose quote template is broken: only the article with a quote fails.
    write(tmp_path / "layouts" / "blocks" / "quote.html", "<blockquote>{{ no_such }}</blockquote>")
    result = bantin("build", "--project", tmp_path, "--variant", "large", "--json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["left_out_of_digests"] == [str(tmp_path / "input" / "b.md")]
    assert "digests/2022-11/bantin-2022-11.large.pdf" in summary["outputs"]
    assert "digests/2022-11/bantin-2022-11.epub" in summary["outputs"]
    assert f"warning: {tmp_path / 'input' / 'b.md'}: left out of its digest" in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors and all("b.md" in line for line in errors), errors
    pdf = tmp_path / "output" / "digests" / "2022-11" / "bantin-2022-11.large.pdf"
    text = "".join(page.extract_text() for page in __import__("pypdf").PdfReader(pdf).pages)
    assert "Bài a" in text and "Bài c" in text and "Bài b" not in text


# ---------------------------------------------------------------- the manifest tells the truth


def listed(path: Path) -> set[str]:
    manifest = json.loads((path / "output" / "manifest.json").read_text(encoding="utf-8"))
    return {o["path"] for o in manifest["outputs"]}


def test_a_one_variant_build_keeps_the_other_variants_in_the_manifest(bantin, tmp_path):
    # Enough body text that check can tell the body size from the headers' small print.
    write(tmp_path / "input" / "a.md", ARTICLE.format(title="Bài thử",
                                                      body="Một đoạn văn dài. " * 40))
    assert bantin("build", "--project", tmp_path).exit_code == 0
    everything = listed(tmp_path)
    assert len(everything) == 8, "3 PDFs and an EPUB, for the article and the digest"
    again = bantin("build", "--project", tmp_path, "--variant", "large", "--force")
    assert again.exit_code == 0
    assert listed(tmp_path) == everything
    assert bantin("check", "--project", tmp_path, "--strict").exit_code == 0


def test_a_typo_keeps_the_outputs_until_it_is_fixed_and_says_they_are_stale(bantin, built):
    path = built
    before = listed(path)
    source = path / "input" / "a.md"
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("date: 2022-11-03", "date: 2022-11-33"), encoding="utf-8")
    result = bantin("build", "--project", path, "--variant", "large", "--json")
    assert result.exit_code == 1 and "November 2022 has 30 days" in result.stderr
    summary = json.loads(result.stdout)
    assert summary["removed"] == [], "a typo deletes nothing"
    assert summary["stale"] == sorted(before)
    assert listed(path) == before
    assert bantin("check", "--project", path).exit_code == 0, "the manifest matches the files"
    source.write_text(good, encoding="utf-8")
    fixed = json.loads(bantin("build", "--project", path, "--variant", "large",
                              "--json").stdout)
    assert fixed["stale"] == [] and fixed["failed"] == 0
