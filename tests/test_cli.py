"""`bantin normalize` as a user runs it: output shape, errors, exit codes."""

import json
import re
import shutil

import pytest
from conftest import INPUT, write

from pipeline import __version__

ARTICLE_KEYS = {"slug", "title", "date", "lead", "place", "byline", "authors", "section", "tags",
                "language", "encoding", "source", "blocks",
                # issue 16, additive: an administrative document's fields, null for news
                "document_type", "document_number", "issuer", "signer"}
GOOD = "---\ntitle: Bài tốt\ndate: 2022-11-03\nbyline: LAN ANH\n---\n\nĐoạn một.\n"


def test_version(bantin):
    result = bantin("--version")
    assert result.exit_code == 0 and __version__ in result.output


CONTRACT_BLOCK_KEYS = {"kind", "text", "caption", "credit", "src", "alt", "level", "items",
                       "ordered"}


def test_json_has_every_key_on_every_object(bantin):
    result = bantin("normalize", INPUT, "--json")
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) >= 12
    for record in records:
        assert set(record) == ARTICLE_KEYS
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"])
        for block in record["blocks"]:
            assert set(block) == CONTRACT_BLOCK_KEYS  # DESIGN.md, Contracts: never less
            assert block["ordered"] in ((True, False) if block["kind"] == "list" else (None,))
    assert any(b["kind"] == "list" for r in records for b in r["blocks"]), "a list is tested"


def test_a_bad_source_never_stops_the_others(bantin, tmp_path):
    write(tmp_path / "a-good.md", GOOD)
    write(tmp_path / "b-empty.md", "")
    write(tmp_path / "c-binary.md", bytes(range(256)) * 8)
    write(tmp_path / "d-front.md", "---\ntitle: x: y\n---\n")
    write(tmp_path / "e-broken.json", '{"title": "x",')
    write(tmp_path / "f-date.md", "---\ntitle: Ngày sai\ndate: 31/02/2022\n---\nA\n")
    write(tmp_path / "g-good.json", '{"title": "Bài JSON", "date": "2022-11-04"}')
    result = bantin("normalize", tmp_path, "--json")
    assert result.exit_code == 1
    assert [r["title"] for r in json.loads(result.stdout)] == ["Bài tốt", "Bài JSON"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 5
    expected = [("b-empty.md", "empty"), ("c-binary.md", "binary"),
                ("d-front.md:2", "not valid YAML"), ("e-broken.json:1", "not valid JSON"),
                ("f-date.md:3", "February 2022 has 28 days")]
    for line, (where, words) in zip(errors, expected, strict=True):
        assert line.startswith(f"error: {tmp_path / where.split(':')[0]}")
        assert where in line and words in line
    assert "Traceback" not in result.output


def test_folders_skip_images_and_unknown_files_but_named_files_do_not(bantin, tmp_path):
    write(tmp_path / "a.md", GOOD)
    write(tmp_path / "notes.docx.bak", "x")
    write(tmp_path / "photo.jpg", b"\xff\xd8\xff")
    write(tmp_path / ".hidden.md", "")
    assert bantin("normalize", tmp_path).exit_code == 0
    result = bantin("normalize", tmp_path / "a.md", tmp_path / "notes.docx.bak")
    assert result.exit_code == 1
    assert "notes.docx.bak: no reader for '.bak' files; known source extensions:" in (
        result.stderr)


def test_missing_image_is_a_warning_and_strict_makes_it_fail(bantin, tmp_path):
    write(tmp_path / "a.md", GOOD + "\n![ảnh](missing.jpg)\nChú thích (Ảnh: Lan)\n")
    result = bantin("normalize", tmp_path, "--json")
    assert result.exit_code == 0
    figure = json.loads(result.stdout)[0]["blocks"][1]
    assert (figure["src"], figure["caption"], figure["credit"]) == (None, "Chú thích", "Lan")
    assert "warning:" in result.stderr and "missing.jpg not found" in result.stderr
    strict = bantin("normalize", tmp_path, "--json", "--strict")
    assert strict.exit_code == 1 and "--strict" in strict.stderr


def test_quiet_silences_warnings_but_not_errors(bantin, tmp_path):
    write(tmp_path / "a.md", GOOD + "\n![ảnh](missing.jpg)\n")
    write(tmp_path / "b.md", "")
    result = bantin("normalize", tmp_path, "-q")
    assert "warning:" not in result.stderr and "error:" in result.stderr


def test_duplicate_slugs_get_numbers_in_path_order(bantin, tmp_path):
    for name in ("b.md", "a.md", "c.json"):
        text = GOOD if name.endswith(".md") else '{"title": "Bài tốt"}'
        write(tmp_path / name, text)
    result = bantin("normalize", tmp_path, "--json")
    slugs = {r["source"].rsplit("/", 1)[-1]: r["slug"] for r in json.loads(result.stdout)}
    assert slugs == {"a.md": "bai-tot", "b.md": "bai-tot-2", "c.json": "bai-tot-3"}
    assert "a.md" in result.stderr and "b.md" in result.stderr


def test_out_writes_markdown_and_images_that_read_back_the_same(bantin, tmp_path):
    out = tmp_path / "out"
    first = bantin("normalize", INPUT, "--out", out)
    assert first.exit_code == 0, first.stderr
    written = sorted(out.glob("*.md"))
    assert len(written) >= 12
    images = sorted(p.relative_to(out).as_posix() for p in out.glob("*/*.jpg"))
    assert images, "sample images are copied beside the written articles"
    original = json.loads(bantin("normalize", INPUT, "--json").stdout)
    again = json.loads(bantin("normalize", out, "--json").stdout)
    for record in original + again:
        record.pop("source")
        record.pop("encoding")  # the written copy is UTF-8 whatever the source was
        for block in record["blocks"]:
            block["src"] = block["src"] and block["src"].rsplit("/", 1)[-1]
    assert sorted(again, key=lambda r: r["slug"]) == sorted(original, key=lambda r: r["slug"])


def test_project_option_and_default_input(bantin, tmp_path):
    write(tmp_path / "proj" / "input" / "a.md", GOOD)
    result = bantin("normalize", "--project", tmp_path / "proj")
    assert result.exit_code == 0 and "bai-tot" in result.stdout
    other = bantin("normalize", cwd=tmp_path / "proj")
    assert other.exit_code == 0 and "bai-tot" in other.stdout


def test_config_errors_are_one_line_each_and_nothing_runs(bantin, tmp_path):
    write(tmp_path / "input" / "a.md", GOOD)
    write(tmp_path / "bantin.toml", "[normalize]\ntone_marks = 'x'\n[build]\njobs = -2\n")
    result = bantin("normalize", "--project", tmp_path)
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and all(e.startswith("error: ") for e in errors)
    assert str(tmp_path / "bantin.toml") in errors[0]


def test_tone_marks_setting_is_applied(bantin, tmp_path):
    write(tmp_path / "input" / "a.md", "---\ntitle: Hòa bình và thủy lợi\n---\nKhỏe.\n")
    write(tmp_path / "bantin.toml", "[normalize]\ntone_marks = 'new'\n")
    record = json.loads(bantin("normalize", "--project", tmp_path, "--json").stdout)[0]
    assert record["title"] == "Hoà bình và thuỷ lợi"
    assert record["blocks"][0]["text"] == "Khoẻ."


def test_nonexistent_path_is_one_clear_error(bantin, tmp_path):
    result = bantin("normalize", tmp_path / "nope")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'nope'}: no such file or folder;" \
        " check the path"


def test_empty_folder_is_an_error(bantin, tmp_path):
    (tmp_path / "empty").mkdir()
    result = bantin("normalize", tmp_path / "empty")
    assert result.exit_code == 1 and "no sources found" in result.stderr


@pytest.mark.parametrize("name", ["2022-11-xx.md"])
def test_source_paths_in_json_are_as_given(bantin, tmp_path, name):
    shutil.copy(INPUT / "images" / "hoi-truong-ky-hop.jpg", tmp_path / "h.jpg")
    write(tmp_path / name, GOOD + "\n![a](h.jpg)\nẢnh\n")
    record = json.loads(bantin("normalize", tmp_path / name, "--json").stdout)[0]
    assert record["source"] == (tmp_path / name).as_posix()
    assert record["blocks"][1]["src"] == "h.jpg"


def test_report_lists_what_was_dropped_found_and_changed(bantin):
    from conftest import SEED

    result = bantin("normalize", SEED, "--report")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{SEED} → cac-ban-hdnd-tinh-tich-cuc")
    dropped = [line for line in lines if " dropped " in line]
    assert len(dropped) == 3 and any("Tăng cỡ chữ Giảm cỡ chữ" in d for d in dropped)
    assert any("line 10" in line and "photo caption (2 lines joined)" in line for line in lines)
    assert any("found    byline (a last line of names): Thu Cúc" in line for line in lines)
    assert any(line.strip().startswith("changed  use en dash") for line in lines)
    assert "5 paragraphs" in lines[-1] and "2 figures" in lines[-1]


def test_report_goes_to_stderr_beside_json(bantin):
    from conftest import SEED

    result = bantin("normalize", SEED, "--report", "--json")
    assert json.loads(result.stdout)[0]["byline"] == "Thu Cúc"
    assert "dropped" in result.stderr
