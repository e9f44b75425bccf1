"""Reading results kept by source hash (`pipeline/reads.py`): an unchanged source is not read
again, anything it was read from changing reads it again, and a kept result is only data."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest
from conftest import INPUT

from pipeline import corpus
from pipeline.config import load_config
from pipeline.reads import READS, ReadCache, reading_key

PICTURED = "2022-11-04-giam-sat-y-te-co-so-bach-thong.md"
PICTURE = "tram-y-te-bach-thong.jpg"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "input" / "images").mkdir(parents=True)
    for name in (PICTURED, "2022-11-21-giam-sat-cau-treo-ngan-son.json",
                 "000_e7e2aa4e76f9f475.txt"):
        shutil.copy2(INPUT / name, tmp_path / "input" / name)
    shutil.copy2(INPUT / "images" / PICTURE, tmp_path / "input" / "images" / PICTURE)
    return tmp_path


_REAL = corpus._read_recording


def _counting(task):
    """`_read_recording` leaving a line in the file $BANTIN_TEST_READS (it runs in a worker
    process: pickled by name, so it lives at the top of this module)."""
    with Path(os.environ["BANTIN_TEST_READS"]).open("a", encoding="utf-8") as out:
        out.write(task.path.name + "\n")
    return _REAL(task)


def read(project: Path, monkeypatch, log: Path, caplog) -> tuple[dict, list[str], list[str]]:
    """Load the project in worker processes; (articles by source name, files read, warnings)."""
    monkeypatch.setattr(corpus, "_read_recording", _counting)
    monkeypatch.setenv("BANTIN_TEST_READS", str(log))
    log.write_text("")
    caplog.clear()
    loaded = corpus.load([project / "input"], load_config(project))
    articles = {a.source.name: a for a in loaded.articles}
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    return articles, sorted(log.read_text().split()), warnings


def test_an_unchanged_source_is_not_read_again_and_gives_the_same_article(
        project, monkeypatch, tmp_path, caplog):
    log = tmp_path / "reads.log"
    first, read_first, warned_first = read(project, monkeypatch, log, caplog)
    assert len(read_first) == 3
    again, read_again, warned_again = read(project, monkeypatch, log, caplog)
    assert read_again == []  # every result came from the cache
    assert again == first
    assert warned_again == warned_first  # a kept source warns as it did when it was read
    # An edited source, a new correction file: that source alone is read again.
    source = project / "input" / "2022-11-21-giam-sat-cau-treo-ngan-son.json"
    record = json.loads(source.read_text(encoding="utf-8"))
    record["title"] = "Tiêu đề đã sửa"
    source.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    (project / "input" / (PICTURED + ".fix.toml")).write_text('section = "Tin ảnh"\n')
    edited, read_edited, _ = read(project, monkeypatch, log, caplog)
    assert read_edited == [PICTURED, "2022-11-21-giam-sat-cau-treo-ngan-son.json"]
    assert edited["2022-11-21-giam-sat-cau-treo-ngan-son.json"].title == "Tiêu đề đã sửa"
    assert edited[PICTURED].section == "Tin ảnh"


def test_a_picture_that_goes_away_reads_its_article_again(project, monkeypatch, tmp_path,
                                                          caplog):
    log = tmp_path / "reads.log"
    before, _, _ = read(project, monkeypatch, log, caplog)
    assert any(getattr(b, "src", None) for b in before[PICTURED].blocks)
    (project / "input" / "images" / PICTURE).unlink()
    after, read_after, warnings = read(project, monkeypatch, log, caplog)
    assert read_after == [PICTURED]
    assert not any(getattr(b, "src", None) for b in after[PICTURED].blocks)
    assert any(PICTURE in w and "not found" in w for w in warnings)


def test_a_kept_result_is_only_data_never_code(project, tmp_path):
    key = reading_key(project / "input" / PICTURED, ["x"])
    assert key is not None
    cache = ReadCache(project)
    marker = tmp_path / "ran"
    forged = pickle.dumps((os.system, ["touch " + str(marker)], []))
    assert cache._cache is not None
    cache._cache.put(key, b"\x80\x05" + forged[2:] if forged[:2] == b"\x80\x05" else forged)
    assert cache.get(key) is None and not marker.exists()
    cache.close()
    assert (project / ".bantin-cache" / READS).is_file()


def test_a_build_keeps_only_the_reading_results_its_sources_need(project, tmp_path):
    """Each edit leaves a result nobody will ask for again; the build forgets them, so the
    read cache follows the sources, not the history of their edits."""
    import sqlite3

    from pipeline.build import build

    def kept() -> int:
        with sqlite3.connect(project / ".bantin-cache" / READS) as db:
            return db.execute("SELECT COUNT(*) FROM results").fetchone()[0]

    config = load_config(project)
    build(config, variants=["standard"], workers=1)
    assert kept() == 3
    source = project / "input" / "2022-11-21-giam-sat-cau-treo-ngan-son.json"
    for title in ("Lần sửa thứ nhất", "Lần sửa thứ hai"):
        record = json.loads(source.read_text(encoding="utf-8"))
        record["title"] = title
        source.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        build(config, workers=1)
        assert kept() == 3
    (project / "input" / "000_e7e2aa4e76f9f475.txt").unlink()
    build(config, workers=1)
    assert kept() == 2
