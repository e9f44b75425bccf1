"""Properties of normalization over arbitrary text (hypothesis)."""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from dataclasses import fields, replace
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipeline.errors import BantinError
from pipeline.export import article_markdown
from pipeline.model import Article, Figure, Heading, ListBlock, Paragraph, Quote
from pipeline.normalize import normalize
from pipeline.sources.base import RawSource, ReadContext
from pipeline.sources.decode import decode
from pipeline.sources.json import JsonReader
from pipeline.sources.markdown import MarkdownReader

VIETNAMESE = ("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrst"
              "uùúủũụưừứửữựvxyỳýỷỹỵ")
ALPHABET = VIETNAMESE + VIETNAMESE.upper() + " 0123456789.,;:!?…-–—/()\"'“”*_#[]<>&\\`"
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

vietnamese = st.text(alphabet=ALPHABET, max_size=60)
anything = st.text(max_size=60)  # every code point, surrogates and controls included
text = st.one_of(vietnamese, anything, st.builds(lambda a, b: a + b, vietnamese, anything))
maybe = st.none() | text
blocks = st.lists(st.one_of(
    st.builds(Paragraph, text=text),
    st.builds(Heading, text=text, level=st.integers(2, 6)),
    st.builds(Quote, text=text),
    st.builds(ListBlock, items=st.lists(text, max_size=4).map(tuple), ordered=st.booleans()),
    st.builds(Figure, src=st.none(), alt=maybe, caption=maybe, credit=maybe),
), max_size=6)
metadata = st.fixed_dictionaries(
    {"title": text.filter(lambda t: any(c.isalnum() for c in t))},
    optional={"lead": text, "byline": text, "section": text,
              "tags": st.lists(text, max_size=3), "slug": text},
)
SOURCE = Path("x.md")
# BANTIN_EXAMPLES=3000 for a deeper search than the default run.
EXAMPLES = int(os.environ.get("BANTIN_EXAMPLES", "300"))


def raw_source(meta, body) -> RawSource:
    return RawSource(path=SOURCE, encoding="utf-8", metadata=meta, blocks=tuple(body))


def texts_of(article: Article):
    yield from (article.title, article.lead, article.byline, article.section)
    yield from article.tags + article.authors
    for block in article.blocks:
        for spec in fields(block):
            value = getattr(block, spec.name)
            yield from value if isinstance(value, tuple) else [value]


def normalized(meta, body) -> Article:
    try:
        return normalize(raw_source(meta, body))
    except BantinError:
        assume(False)
        raise


def as_metadata(article: Article) -> dict:
    meta = {"title": article.title, "slug": article.slug, "tags": list(article.tags)}
    for key in ("lead", "byline", "section"):
        if getattr(article, key) is not None:
            meta[key] = getattr(article, key)
    if article.authors:
        meta["authors"] = list(article.authors)
    return meta


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
@given(metadata, blocks)
def test_normalization_is_idempotent(meta, body):
    once = normalized(meta, body)
    twice = normalize(raw_source(as_metadata(once), once.blocks))
    assert twice == once


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
@given(metadata, blocks)
def test_normalized_text_is_nfc_xml_valid_single_line(meta, body):
    article = normalized(meta, body)
    for value in texts_of(article):
        if isinstance(value, str):
            assert unicodedata.is_normalized("NFC", value)
            assert not XML_FORBIDDEN.search(value)
            assert "\n" not in value and value == value.strip()
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", article.slug) and len(article.slug) <= 60


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
@given(metadata, blocks)
def test_canonical_markdown_reads_back_as_the_same_article(meta, body):
    article = normalized(meta, body)
    [raw] = MarkdownReader().parse(article_markdown(article), encoding="utf-8", path=SOURCE,
                                   context=ReadContext())
    again = normalize(raw)
    assert again == article


@settings(max_examples=EXAMPLES)
@given(st.text(max_size=400) | st.builds(lambda a: "---\n" + a, st.text(max_size=200)))
def test_markdown_reader_raises_only_our_errors(source):
    try:
        for raw in MarkdownReader().parse(source, encoding="utf-8", path=SOURCE,
                                          context=ReadContext()):
            normalize(raw)
    except BantinError:
        pass


@settings(max_examples=EXAMPLES)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | text,
                    lambda children: st.lists(children, max_size=4)
                    | st.dictionaries(st.sampled_from(
                        ["title", "date", "lead", "byline", "tags", "blocks", "kind", "text",
                         "items", "level", "src", "caption", "body", "slug", "authors"]),
                        children, max_size=5), max_leaves=20))
def test_json_reader_raises_only_our_errors(value):
    import json

    try:
        source = json.dumps(value)
    except ValueError:
        return
    try:
        for raw in JsonReader().parse(source, encoding="utf-8", path=Path("x.json"),
                                      context=ReadContext()):
            normalize(raw)
    except BantinError:
        pass


@settings(max_examples=EXAMPLES)
@given(st.binary(max_size=300))
def test_decoding_any_bytes_raises_only_our_errors(data):
    with contextlib.suppress(BantinError):
        decode(data, SOURCE)


def test_content_hash_ignores_the_file_but_not_the_words():
    a = normalize(raw_source({"title": "Tiêu đề"}, [Paragraph(text="Một")]))
    b = normalize(replace(raw_source({"title": "Tiêu đề"}, [Paragraph(text="Một")]),
                          path=Path("elsewhere/y.json"), encoding="windows-1258"))
    c = normalize(raw_source({"title": "Tiêu đề"}, [Paragraph(text="Hai")]))
    assert a.content_hash == b.content_hash != c.content_hash
    assert re.fullmatch(r"[0-9a-f]{64}", a.content_hash)
