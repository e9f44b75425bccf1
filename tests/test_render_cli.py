"""`bantin render` and `bantin build` as a user runs them, and the rendering allow-list."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest
from conftest import INPUT, SEED, write

from pipeline.render.fetcher import ResourceRefused, SafeFetcher

GOOD = "---\ntitle: Bài thử nghiệm\ndate: 2022-11-03\n---\n\nĐoạn một của bài thử nghiệm.\n"


def test_render_writes_the_contract_names(bantin, tmp_path):
    result = bantin("render", SEED, "--variant", "large", "--format", "pdf", "--format",
                    "html", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    slug = "cac-ban-hdnd-tinh-tich-cuc-chu-dong-trong-cong-tac-phoi-hop"
    made = sorted(p.relative_to(tmp_path / "out").as_posix()
                  for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert made == [f"{slug}/{slug}.large.html", f"{slug}/{slug}.large.pdf"]
    html = (tmp_path / "out" / slug / f"{slug}.large.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in html and "Thu Cúc" in html


def test_render_every_variant_by_default_and_html_stands_alone(bantin, tmp_path):
    source = INPUT / "2022-11-16-tiep-xuc-cu-tri-ba-be.md"
    result = bantin("render", source, "--format", "html", "--out", tmp_path)
    assert result.exit_code == 0, result.stderr
    pages = sorted(tmp_path.rglob("*.html"))
    assert [p.name.split(".")[1] for p in pages] == ["large", "standard", "xlarge"]
    assert 'src="data:image/jpeg;base64,' in pages[0].read_text(encoding="utf-8")


def test_unknown_variant_is_a_config_error(bantin, tmp_path):
    result = bantin("render", SEED, "--variant", "huge", "--out", tmp_path)
    assert result.exit_code == 1
    assert "no variant named 'huge'; configured: standard, large, xlarge" in result.stderr


def test_build_renders_every_article_and_a_bad_one_does_not_stop_it(bantin, tmp_path):
    write(tmp_path / "input" / "a.md", GOOD)
    write(tmp_path / "input" / "b.md", "---\ntitle: x: y\n---\n")
    write(tmp_path / "bantin.toml", "[variants.contrast]\nextends = 'large'\n"
                                    "foreground = '#ffff00'\nbackground = '#000000'\n"
                                    "weight = 'semibold'\n")
    result = bantin("build", "--project", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.count("error:") == 1 and "b.md:2" in result.stderr
    out = tmp_path / "output" / "articles" / "bai-thu-nghiem"
    assert sorted(p.name for p in out.iterdir()) == ["bai-thu-nghiem.contrast.pdf",
        "bai-thu-nghiem.epub"] + [f"bai-thu-nghiem.{v}.pdf" for v in ("large", "standard",
                                                                         "xlarge")]
    with pikepdf.open(out / "bai-thu-nghiem.contrast.pdf") as pdf:
        fonts = {str(f.BaseFont) for f in pdf.pages[0].Resources.Font.values()}
    assert any("Sans-Semi-Bold" in f for f in fonts), fonts
    assert not any(f.endswith("+Bantin-Sans") for f in fonts), "nothing in the regular weight"


def test_build_without_input_folder_is_one_clear_error(bantin, tmp_path):
    result = bantin("build", "--project", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {tmp_path}: there is no input/ folder here")




def test_a_hostile_layout_cannot_reach_the_network_or_other_files(bantin, tmp_path,
                                                                  counting_server):
    port, hits = counting_server
    canary = tmp_path / "canary.txt"
    canary.write_text("CANARY-SECRET-TEXT")
    project = tmp_path / "project"
    write(project / "input" / "a.md", GOOD)
    shutil.copytree(Path(__file__).resolve().parent.parent / "layouts", project / "layouts")
    css = project / "layouts" / "print.css"
    css.write_text(css.read_text(encoding="utf-8") + f"""
@import url("http://127.0.0.1:{port}/import.css");
body {{ background-image: url("http://127.0.0.1:{port}/bg.png"); }}
h1::after {{ content: url("file://{canary}"); }}
p::before {{ content: url("http://169.254.169.254/latest/meta-data"); }}
.masthead {{ background: url("file:///dev/urandom"); }}
""", encoding="utf-8")
    result = bantin("build", "--project", project, "--variant", "standard")
    assert result.exit_code == 0, result.stderr
    assert hits == [], "no request reached the local server"
    assert "refused to load" in result.stderr
    pdf = next((project / "output").rglob("*.pdf")).read_bytes()
    assert b"CANARY" not in pdf


@pytest.mark.parametrize(("url", "words"), [
    ("http://127.0.0.1:9/x.png", "nothing is fetched from the network"),
    ("https://example.org/x.png", "nothing is fetched from the network"),
    ("ftp://example.org/x", "nothing is fetched from the network"),
    ("file:///etc/passwd", "outside the folders"),
    ("file://otherhost/share/x.png", "another host"),
    ("bantin-font:../../etc/passwd", "no such font"),
])
def test_fetcher_refuses(tmp_path, url, words):
    fetcher = SafeFetcher([tmp_path], [tmp_path / "fonts"])
    with pytest.raises(ResourceRefused, match=words):
        fetcher.fetch(url)


def test_fetcher_serves_allowed_files_within_the_size_cap(tmp_path):
    (tmp_path / "a.png").write_bytes(b"\x89PNG" + b"0" * 100)
    fetcher = SafeFetcher([tmp_path], [], max_bytes=50)
    with pytest.raises(ResourceRefused, match="larger than"):
        fetcher.fetch((tmp_path / "a.png").as_uri())
    assert SafeFetcher([tmp_path], []).fetch((tmp_path / "a.png").as_uri()).read()[:4] == (
        b"\x89PNG")
    assert SafeFetcher([], []).fetch("data:text/plain,hello").read() == b"hello"


def test_archival_pdf_variant(bantin, tmp_path):
    write(tmp_path / "input" / "a.md", GOOD)
    write(tmp_path / "bantin.toml", '[pdf]\nvariant = "pdf/a-3a"\n')
    result = bantin("build", "--project", tmp_path, "--variant", "large")
    assert result.exit_code == 0, result.stderr
    pdf = tmp_path / "output" / "articles" / "bai-thu-nghiem" / "bai-thu-nghiem.large.pdf"
    with pikepdf.open(pdf) as document:
        metadata = document.open_metadata()
        assert (metadata.get("pdfaid:part"), metadata.get("pdfaid:conformance")) == ("3", "A")
        assert "/OutputIntents" in document.Root and "/StructTreeRoot" in document.Root
