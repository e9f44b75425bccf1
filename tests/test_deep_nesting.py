"""Hostile nesting: thousands of nested or unclosed tags cost linear time and lose no text.

Times are never compared with a clock figure: each shape is read at n and at
4n side by side, and the ratio must stay well under the 16 of quadratic work.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from conftest import write

from pipeline.errors import SourceError
from pipeline.model import Block, Figure, ListBlock
from pipeline.sources import ReadContext, reader_for

DEEP = "Đoạn văn nằm sâu nhất trong trang lồng nhau"
INTRO = "Đây là đoạn mở đầu của bài viết, dài hơn hai mươi lăm ký tự để được tính."


def page(fmt: str, inner: str) -> str:
    """An article in `fmt` (html or md) with `inner` HTML as its body."""
    if fmt == "html":
        return ("<html><head><meta charset='utf-8'><title>Trang lồng</title></head><body>"
                f"<h1>Trang lồng sâu nhiều tầng thẻ</h1><p>{INTRO}</p>{inner}</body></html>")
    return f"---\ntitle: Trang lồng\ndate: 2022-11-03\n---\n\n{INTRO}\n\n{inner}\n"


def texts(blocks: tuple[Block, ...] | list[Block]) -> str:
    """Every text of the blocks, joined."""
    found: list[str] = []
    for block in blocks:
        if isinstance(block, ListBlock):
            found.extend(block.items)
        elif isinstance(block, Figure):
            found.append(block.caption or "")
        else:
            found.append(getattr(block, "text", ""))
    return " ".join(found)


def read(path: Path):
    [raw] = reader_for(path).read(path, ReadContext(roots=(path.parent.resolve(),)))
    return raw


P = f"<p>{DEEP}</p>"
SHAPES: dict[str, Callable[[int], str]] = {
    "nested divs": lambda n: "<div>" * n + P + "</div>" * n,
    "nested b, span, i": lambda n: "<b><span><i>" * (n // 3) + P + "</i></span></b>" * (n // 3),
    "unclosed b with distinct classes, then paragraphs": lambda n: "".join(
        f"<b class='c{i}'>" for i in range(n)) + "<p>x</p>" * (n // 4) + P,
    "unclosed spans and divs": lambda n: "<div><span>" * (n // 2) + P,
    "nested lists": lambda n: "<ul><li>" * n + DEEP + "</li></ul>" * n,
    "nested tables": lambda n: "<table><tr><td>" * n + DEEP + "</td></tr></table>" * n,
    "nested u": lambda n: "<u>" * n + P + "</u>" * n,
    "siblings": lambda n: "<div><b>x</b><span>y</span></div>" * n + P,
}


def seconds(path: Path) -> float:
    started = time.perf_counter()
    read(path)
    return time.perf_counter() - started


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("shape", SHAPES)
def test_hostile_nesting_costs_linear_time_and_keeps_the_deepest_text(tmp_path, fmt, shape):
    n = 2000
    small = write(tmp_path / f"small.{fmt}", page(fmt, SHAPES[shape](n)))
    large = write(tmp_path / f"large.{fmt}", page(fmt, SHAPES[shape](4 * n)))
    read(small)  # warm up: imports, regex compilation
    pairs = [(seconds(small), seconds(large)) for _ in range(3)]
    ratio = min(b for _, b in pairs) / max(min(a for a, _ in pairs), 1e-4)
    assert ratio < 8, f"{shape} in .{fmt}: 4× the tags took {ratio:.1f}× the time"
    assert DEEP in texts(read(large).blocks), "the deepest text is still in the article"


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("depth", [100, 1000])
@pytest.mark.parametrize("kind", ["lists", "tables", "ordered lists"])
def test_text_nested_deep_in_tables_and_lists_is_kept_once(tmp_path, fmt, depth, kind, caplog):
    if kind == "tables":
        inner = "".join(f"<table><tr><td>Ô {i}" for i in range(depth)) + DEEP
        inner += "</td></tr></table>" * depth
    else:
        tag = "ol" if kind == "ordered lists" else "ul"
        inner = "".join(f"<{tag}><li>Mục {i}" for i in range(depth)) + DEEP
        inner += f"</li></{tag}>" * depth
    raw = read(write(tmp_path / f"a.{fmt}", page(fmt, inner)))
    text = texts(raw.blocks)
    assert text.count(DEEP) == 1, "the deepest text, once"
    assert text.count(f" {depth - 1}") >= 1 and text.count("Ô 0") + text.count("Mục 0") == 1


def nested_tables_docx(path: Path, depth: int) -> Path:
    """A Word file whose body is a table `depth` tables deep, text in every cell."""
    document = docx.Document()
    document.add_paragraph("Bảng lồng nhau trong tệp Word", style="Title")
    document.add_paragraph(INTRO)
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    for level in range(1, depth):
        cell.paragraphs[0].text = f"Ô {level}"
        cell = cell.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = DEEP
    document.save(str(path))
    return path


def test_a_docx_with_tables_100_deep_is_read_whole(tmp_path):
    raw = read(nested_tables_docx(tmp_path / "bang.docx", 100))
    text = texts(raw.blocks)
    assert text.count(DEEP) == 1 and "Ô 99" in text and "Ô 1 " in f"{text} "


def test_a_docx_with_tables_1000_deep_is_one_clear_error(tmp_path, caplog):
    path = nested_tables_docx(tmp_path / "bang.docx", 1000)
    with caplog.at_level(logging.WARNING), pytest.raises(SourceError) as error:
        read(path)
    message = str(error.value)
    assert str(path) in message and "nested" in message and "not a Word" not in message


def test_unnesting_keeps_pages_that_leave_tags_open_and_never_unwraps_scripts():
    from pipeline.sources.fragments import MAX_NESTING, fragment_blocks, unnest

    loose = "".join(f"<p>Đoạn {i}" for i in range(300)) + "<ul>" + "".join(
        f"<li>Mục {i}" for i in range(300)) + "</ul><table>" + "".join(
        f"<tr><td>Ô {i}<td>Ô {i}b" for i in range(300)) + "</table>"
    assert unnest(loose, MAX_NESTING) == loose, "HTML's own implied ends are followed"
    hostile = ("<div>" * 5000 + "<script>var SECRET = 1;</script><template>TEMPLATE</template>"
               '<svg><text>SVG</text></svg><b title="a>b">' + DEEP + "</b>" + "</div>" * 5000)
    text = texts(fragment_blocks(hostile))
    assert DEEP in text and "a>b" not in text
    assert not any(word in text for word in ("SECRET", "TEMPLATE", "SVG"))
