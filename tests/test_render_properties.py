"""Arbitrary text and bytes all the way to PDF and EPUB: only our errors, files that open.

Most examples are readable articles by construction — Markdown with a title and a date in
its front matter, JSON objects of schemas/article.schema.json — with arbitrary text inside:
they must render. The rest are arbitrary bytes and text, which may end in one of our
errors instead. A real share of the examples must reach the renderers, so the property
cannot hold by refusing everything.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import zipfile
from collections import Counter

import jsonschema
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
EXAMPLES = int(os.environ.get("BANTIN_RENDER_EXAMPLES", "30"))
SUFFIXES = [".md", ".json", ".txt", ".html"]
SCHEMA = jsonschema.Draft202012Validator(json.loads(
    (ROOT / "schemas" / "article.schema.json").read_text(encoding="utf-8")))


def has_alnum(value: object) -> bool:
    return any(c.isalnum() for c in str(value))


# Every code point, lone surrogates and control characters included.
anything = st.text(st.characters() | st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
                   max_size=80)
days = st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31))

# Markdown: a YAML title (printable, so YAML takes it) and date, then any body text short
# of many control characters (a file full of them is refused as binary, rightly).
yaml_titles = st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), min_size=1,
                      max_size=60).filter(has_alnum)
bodies = st.text(st.characters(exclude_categories=("Cc",)) | st.sampled_from("\t\n\r")
                 | st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=300)
markdown_articles = st.builds(
    lambda title, day, body: (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
                              f"date: {day.isoformat()}\n---\n\n{body}\n")
    .encode("utf-8", "surrogatepass"),
    yaml_titles, days, bodies)

# JSON: article objects the schema accepts, every text field arbitrary (escaped by json).
optional_text = st.none() | anything | st.integers() | st.floats(allow_nan=False,
                                                                  allow_infinity=False)
text_list = st.none() | anything | st.lists(anything | st.integers(), max_size=3)
blocks = st.lists(st.one_of(
    st.fixed_dictionaries({"kind": st.sampled_from(["paragraph", "quote"]), "text": anything}),
    # The schema also allows "level": null, which the JSON reader refuses; not generated.
    st.fixed_dictionaries({"kind": st.just("heading"), "text": anything},
                          optional={"level": st.integers(1, 6)}),
    st.fixed_dictionaries({"kind": st.just("list"), "items": st.lists(anything, max_size=4)},
                          optional={"ordered": st.none() | st.booleans()}),
    st.fixed_dictionaries({"kind": st.just("figure")},
                          optional={"alt": st.none() | anything,
                                    "caption": st.none() | anything,
                                    "credit": st.none() | anything}),
), max_size=6)
metadata = {"lead": optional_text, "byline": optional_text, "section": optional_text,
            "authors": text_list, "tags": text_list, "slug": optional_text,
            "language": st.sampled_from([None, "vi", "vi-VN", "en"])}
titles = anything.filter(has_alnum) | st.integers()
json_objects = st.one_of(
    st.fixed_dictionaries({"title": titles, "date": days.map(str), "blocks": blocks},
                          optional=metadata),
    st.fixed_dictionaries({"title": titles, "date": days.map(str), "body": anything},
                          optional=metadata),
)
json_articles = (json_objects | st.lists(json_objects, min_size=1, max_size=2)).map(
    lambda value: json.dumps(value).encode())

readable = (markdown_articles.map(lambda data: (".md", data, True))
            | json_articles.map(lambda data: (".json", data, True)))
arbitrary = st.tuples(st.sampled_from(SUFFIXES), st.one_of(
    st.binary(max_size=600),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.builds(lambda title, body: f"---\ntitle: {title!r}\ndate: 2022-11-01\n---\n\n{body}"
              .encode("utf-8", "surrogatepass"), st.text(min_size=1, max_size=40),
              st.text(max_size=300)),
), st.just(False))
sources = readable | arbitrary  # (suffix, bytes, readable by construction)


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


def test_any_source_gives_our_errors_or_valid_outputs(tmp_path_factory):
    """Every readable article renders to a PDF that opens and an EPUB whose XML parses;
    arbitrary bytes give such files too, or one of our errors; and at least a third of the
    examples reach the renderers."""
    folder = tmp_path_factory.mktemp("src")
    seen: Counter[str] = Counter()

    @settings(max_examples=EXAMPLES, deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(sources)
    def one_source(source: tuple[str, bytes, bool]) -> None:
        suffix, data, is_readable = source
        if suffix == ".json" and is_readable:
            SCHEMA.validate(json.loads(data))  # readable by construction: the schema agrees
        path = folder / f"article{suffix}"
        path.write_bytes(data)
        try:
            articles = [normalize(raw) for raw in reader_for(path).read(path, ReadContext())]
        except BantinError as error:
            assert not is_readable, f"a readable article was refused: {error}"
            seen["refused"] += 1
            return
        for article in articles[:1 if is_readable else 2]:  # a list's others are alike
            check_outputs(article)
        seen["rendered"] += 1

    one_source()
    total = seen["rendered"] + seen["refused"]
    assert total and seen["rendered"] * 3 >= total, (
        f"only {seen['rendered']} of {total} examples reached the renderers")
