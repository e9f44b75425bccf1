"""The build cache only ever saves time: a damaged, unwritable or lying cache costs a rebuild."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import write

ARTICLE = "---\ntitle: Bài thử bộ nhớ đệm\ndate: 2022-11-03\n---\n\nMột đoạn văn.\n"
PDF = Path("output/articles/bai-thu-bo-nho-dem/bai-thu-bo-nho-dem.large.pdf")


@pytest.fixture
def project(bantin, tmp_path) -> Path:
    write(tmp_path / "input" / "a.md", ARTICLE)
    write(tmp_path / "bantin.toml", "[build]\njobs = 1\n")
    assert build(bantin, tmp_path)["built"] == 4
    return tmp_path


def build(bantin, path: Path) -> dict:
    result = bantin("build", "--project", path, "--variant", "large", "--json")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    summary = json.loads(result.stdout)
    summary["stderr"] = result.stderr
    return summary


def test_a_zeroed_cache_file_is_set_aside_and_everything_rebuilt(bantin, project):
    cache = project / ".bantin-cache" / "cache.sqlite"
    for extra in ("cache.sqlite-wal", "cache.sqlite-shm"):
        (cache.parent / extra).unlink(missing_ok=True)
    cache.write_bytes(bytes(cache.stat().st_size or 4096))
    again = build(bantin, project)
    assert again["built"] == 4 and "the build cache failed" in again["stderr"]
    assert (cache.parent / "cache.sqlite.damaged").is_file()
    assert build(bantin, project)["cached"] == 4, "a fresh cache works again"


def test_damaged_bytes_in_the_cache_never_reach_output(bantin, project):
    pdf = project / PDF
    good = pdf.read_bytes()
    with sqlite3.connect(project / ".bantin-cache" / "cache.sqlite") as db:
        for key, data in db.execute("SELECT key, data FROM results").fetchall():
            flipped = bytes(data[:100]) + bytes([data[100] ^ 0xFF]) + bytes(data[101:])
            db.execute("UPDATE results SET data = ? WHERE key = ?", (flipped, key))
    pdf.unlink()  # the next build restores it from the cache, if it trusts the cache
    again = build(bantin, project)
    assert "does not match its SHA-256" in again["stderr"]
    assert hashlib.sha256(pdf.read_bytes()).digest() == hashlib.sha256(good).digest()


def test_an_unusable_cache_folder_only_costs_time(bantin, project, monkeypatch):
    def read_only(*args, **kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(sqlite3, "connect", read_only)
    again = build(bantin, project)
    assert again["built"] == 4 and again["failed"] == 0
    assert "the build cache failed to open" in again["stderr"]


def test_a_cache_folder_that_is_a_file_is_named_and_left_alone(bantin, tmp_path):
    write(tmp_path / "input" / "a.md", ARTICLE)
    blocker = write(tmp_path / ".bantin-cache", "not a folder")
    summary = build(bantin, tmp_path)
    assert summary["built"] == 4
    lines = [line for line in summary["stderr"].splitlines() if ".bantin-cache" in line]
    assert lines == [f"warning: {blocker}: is not a folder, so the build cache cannot be kept"
                     " there; everything is made anew and nothing of it is changed (move or"
                     " delete it to keep a cache)"], lines
    assert blocker.read_text() == "not a folder"
