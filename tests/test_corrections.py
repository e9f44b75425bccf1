"""Corrections kept beside a source (`<source>.fix.toml`) and a period's arrangement
(`input/digests/<period>.toml`), through the real CLI: applied by every command, listed by
--report, the source never touched, outputs keeping their names and identifiers."""

from __future__ import annotations

import json
import re
import tomllib
import zipfile
from pathlib import Path

from conftest import write

ARTICLE = "---\ntitle: {title}\ndate: {date}\nsection: {section}\n---\n\n{body}\n"


def project(tmp_path: Path) -> Path:
    for name, title, date, section in (
            ("a.md", "Giám sát y tế cơ sở", "2022-11-03", "Giám sát"),
            ("b.md", "Kỳ họp chuyên đề", "2022-11-10", "Kỳ họp"),
            ("c.md", "Tiếp xúc cử tri Ba Bể", "2022-11-20", "Tiếp xúc cử tri")):
        write(tmp_path / "input" / name, ARTICLE.format(
            title=title, date=date, section=section, body=f"Nội dung bài {title.lower()}."))
    write(tmp_path / "bantin.toml", "[variants.standard]\n[build]\njobs = 2\n")
    return tmp_path


def records(bantin, path: Path) -> dict[str, dict]:
    result = bantin("normalize", path / "input", "--json")
    assert result.exit_code == 0, result.stderr
    return {Path(r["source"]).name: r for r in json.loads(result.stdout)}


def test_a_correction_changes_the_fields_but_not_the_source_nor_the_slug(bantin, tmp_path):
    path = project(tmp_path)
    source = path / "input" / "a.md"
    before = source.read_bytes()
    slug = records(bantin, path)["a.md"]["slug"]
    write(path / "input" / "a.md.fix.toml",
          '# Sửa lỗi\ntitle = "Ban Văn hóa – Xã hội giám sát y tế cơ sở"\ndate = 2022-11-05\n'
          'section = "Hoạt động HĐND"\ntags = ["y tế", "giám sát"]\n')
    record = records(bantin, path)["a.md"]
    assert record["title"] == "Ban Văn hóa – Xã hội giám sát y tế cơ sở"
    assert (record["date"], record["section"], record["tags"]) == (
        "2022-11-05", "Hoạt động HĐND", ["y tế", "giám sát"])
    assert record["slug"] == slug  # outputs do not move
    assert source.read_bytes() == before
    report = bantin("normalize", path / "input" / "a.md", "--report")
    assert "corrected title (a.md.fix.toml): «Giám sát y tế cơ sở» → «Ban Văn hóa" in (
        report.stdout + report.stderr)


def test_the_built_article_keeps_its_paths_and_identifier_and_shows_the_correction(
        bantin, tmp_path):
    path = project(tmp_path)
    assert bantin("build", "--project", path, "-q").exit_code == 0
    epubs = sorted((path / "output" / "articles").rglob("*.epub"))
    names = [p.relative_to(path / "output").as_posix() for p in epubs]

    def identifier(epub: Path) -> str:
        with zipfile.ZipFile(epub) as archive:
            opf = archive.read("EPUB/content.opf").decode("utf-8")
        return re.search(r"<dc:identifier[^>]*>([^<]+)<", opf)[1]

    first = {p.name: identifier(p) for p in epubs}
    write(path / "input" / "b.md.fix.toml", 'title = "Kỳ họp chuyên đề lần thứ hai"\n'
          "date = 2022-11-11\n")
    result = bantin("build", "--project", path, "--json")
    assert result.exit_code == 0, result.stderr
    after = sorted((path / "output" / "articles").rglob("*.epub"))
    assert [p.relative_to(path / "output").as_posix() for p in after] == names
    assert {p.name: identifier(p) for p in after} == first
    corrected = next(p for p in after if p.name.startswith("ky-hop"))
    with zipfile.ZipFile(corrected) as archive:
        assert "Kỳ họp chuyên đề lần thứ hai" in archive.read(
            "EPUB/content.opf").decode("utf-8")
    manifest = json.loads((path / "output" / "manifest.json").read_text(encoding="utf-8"))
    assert any("input/b.md.fix.toml" in json.dumps(entry["inputs"])
               for entry in manifest["outputs"] if "ky-hop" in entry["path"])


def test_a_bad_corrections_file_is_one_line_and_the_rest_builds(bantin, tmp_path):
    path = project(tmp_path)
    write(path / "input" / "c.md.fix.toml", 'titel = "Sai tên khóa"\n')
    result = bantin("build", "--project", path)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "c.md.fix.toml" in errors[0] and "'titel'" in errors[0]
    assert "Traceback" not in result.stderr
    built = {p.parent.name for p in (path / "output" / "articles").rglob("*.epub")}
    assert len(built) == 2  # a and b


def test_a_periods_arrangement_orders_and_moves_articles(bantin, tmp_path):
    from pipeline.collate import collate
    from pipeline.config import load_config
    from pipeline.corpus import load
    from pipeline.periods import parse_period

    path = project(tmp_path)
    slugs = {name: record["slug"] for name, record in records(bantin, path).items()}
    write(path / "input" / "digests" / "2022-11.toml",
          f'section_order = ["Tiếp xúc cử tri"]\norder = ["{slugs["b.md"]}"]\n'
          f'[sections]\n"{slugs["a.md"]}" = "Kỳ họp"\n"khong-co" = "Kỳ họp"\n')
    config = load_config(path)
    corpus = load([path / "input"], config, isolated=False)
    digest = collate(corpus.articles, parse_period("2022-11"), config)
    assert [(name, [a.slug for a in articles]) for name, articles in digest.sections] == [
        ("Tiếp xúc cử tri", [slugs["c.md"]]), ("Kỳ họp", [slugs["b.md"], slugs["a.md"]])]
    result = bantin("build", "--project", path)  # the scan reads neither .toml as an article
    assert result.exit_code == 0, result.stderr
    assert "khong-co" in result.stderr  # a slug that names no article: one warning


def test_a_broken_arrangement_costs_only_its_digest(bantin, tmp_path):
    path = project(tmp_path)
    write(path / "input" / "digests" / "2022-11.toml", "order = [1, 2]\n")
    result = bantin("build", "--project", path)
    assert result.exit_code == 1
    assert "digests/2022-11.toml" in result.stderr and "Traceback" not in result.stderr
    assert len(list((path / "output" / "articles").rglob("*.epub"))) == 3


def test_corrections_saved_by_the_desk_read_back_and_keep_the_first_slug_and_date(
        bantin, tmp_path):
    from pipeline.config import load_config
    from pipeline.corpus import load
    from pipeline.normalize import corrections

    path = project(tmp_path)

    def article(name: str):
        corpus = load([path / "input"], load_config(path), isolated=False)
        return next(a for a in corpus.articles if a.source.name == name)

    first = article("a.md")
    tricky = 'Giám sát "y tế" cơ sở\\ tại \tBạch Thông'
    corrections.save(first, {"title": tricky, "tags": ["y tế", 'nói "có"']})
    corrections.save(article("a.md"), {"date": "2022-12-01"})  # a second one keeps the first
    saved = corrections.load(path / "input" / "a.md")
    assert saved is not None
    assert saved.values == {"title": tricky, "tags": ["y tế", 'nói "có"'],
                            "date": "2022-12-01"}
    assert saved.kept_slug == first.slug and str(saved.kept_date) == "2022-11-03"
    again = records(bantin, path)["a.md"]
    # Normalized like any title (curly quotes, one space); the slug is the first one.
    assert (again["title"], again["date"], again["slug"]) == (
        "Giám sát “y tế” cơ sở\\ tại Bạch Thông", "2022-12-01", first.slug)
    assert (path / "input" / "a.md").read_text(encoding="utf-8").startswith("---\ntitle: Giám")


def test_an_arrangement_saved_by_the_desk_keeps_earlier_moves(bantin, tmp_path):
    from pipeline.collate import Arrangement, save_arrangement
    from pipeline.periods import parse_period

    path = project(tmp_path)
    folder, period = path / "input" / "digests", parse_period("2022-11")
    slugs = {Path(n).stem: r["slug"] for n, r in records(bantin, path).items()}
    save_arrangement(folder, period, Arrangement(sections={slugs["a"]: 'Tin "nổi bật"'}))
    save_arrangement(folder, period, Arrangement(
        section_order=("Kỳ họp", 'Tin "nổi bật"'), order=(slugs["b"], slugs["a"])))
    data = tomllib.loads((folder / "2022-11.toml").read_text(encoding="utf-8"))
    assert data == {"section_order": ["Kỳ họp", 'Tin "nổi bật"'],
                    "order": [slugs["b"], slugs["a"]], "sections": {slugs["a"]: 'Tin "nổi bật"'}}
    result = bantin("--help")
    assert result.exit_code == 0
