"""Arbitrary text and bytes all the way to PDF and EPUB: only our errors, files that open."""

from __future__ import annotations

import io
import zipfile

import pikepdf
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.config import parse_config
from pipeline.errors import BantinError
from pipeline.normalize import normalize
from pipeline.render import EpubRenderer, PdfRenderer, RenderContext
from pipeline.sources import ReadContext, reader_for

CONFIG = parse_config({}, project=ROOT)
CONTEXT = RenderContext(config=CONFIG, roots=(ROOT.resolve(),))
EXAMPLES = int(__import__("os").environ.get("BANTIN_RENDER_EXAMPLES", "30"))
SUFFIXES = [".md", ".json", ".txt", ".html"]
sources = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.builds(lambda title, body: f"---\ntitle: {title!r}\ndate: 2022-11-01\n---\n\n{body}"
              .encode("utf-8", "surrogatepass"), st.text(min_size=1, max_size=40),
              st.text(max_size=300)),
)


def check_outputs(article) -> None:
    pdf = PdfRenderer().render(article, "large", CONTEXT)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) >= 1
    epub = EpubRenderer().render(article, "large", CONTEXT)
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        assert archive.read("mimetype") == b"application/epub+zip"
        for name in archive.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx", ".xml")):
                etree.fromstring(archive.read(name))  # every XML member parses


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SUFFIXES), sources)
def test_any_source_gives_our_errors_or_valid_outputs(tmp_path_factory, suffix, data):
    path = tmp_path_factory.mktemp("src") / f"article{suffix}"
    path.write_bytes(data)
    try:
        raws = reader_for(path).read(path, ReadContext())
        articles = [normalize(raw) for raw in raws]
    except BantinError:
        return
    for article in articles[:2]:
        check_outputs(article)
