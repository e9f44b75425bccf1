"""Score bantin's reading of real Vietnamese Word documents (tests/real/, see DOCUMENTS.md).

Each document (a `.doc`, `.docx` or `.rtf` exactly as found) sits beside a
`<name>.doctruth.toml` holding its provenance and the truth written by reading
it: the document type, number, issuer, title, date and signer, the pictures
it draws, phrases that must and must not reach the body, and at least twenty
sentences of the body checked by hand. (The truth files are not named
`.truth.toml` because tests/realscore.py takes every such file for a news
item with a byline, lead and paragraph count.)

A reading is compared with the truth as the JSON record `bantin` exports
(`pipeline.export.article_record`), so the score sees what a user's `--json`
sees. The word accuracy of a document is 1 − (word edit distance ÷ words in
the truth), each truth sentence aligned to its best-matching window of the
body's words and the distances summed over the sentences.

Used by tests/test_real_documents.py and bench/real_documents.py.
"""

from __future__ import annotations

import logging
import re
import shutil
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.config import parse_config
from pipeline.corpus import load
from pipeline.export import article_record

REAL = Path(__file__).resolve().parent / "real"
TRUTH_SUFFIX = ".doctruth.toml"
WORD_FORMS = (".doc", ".docx", ".rtf")
LEGACY_FORMS = (".doc", ".rtf")
"""Forms bantin reads only through LibreOffice (`soffice`)."""
FIELDS = ("title", "date", "document_number", "issuer", "signer", "document_type",
          "figures", "must", "must_not", "words")
CRITICAL = ("read", "title", "date", "must", "must_not", "invented figures")
WORD_ACCURACY_FLOOR = 0.995
"""Word accuracy a document needs to count as read right."""


@dataclass(frozen=True, slots=True)
class Document:
    """One Word document of the corpus and the truth written for it."""

    source: Path
    truth: dict[str, Any]
    provenance: dict[str, str]

    @property
    def name(self) -> str:
        return self.source.relative_to(REAL).as_posix()

    @property
    def legacy_font(self) -> str | None:
        """"TCVN3" or "VNI" when the text is set in a legacy font, else None."""
        fonts = self.provenance.get("fonts", "")
        for family in ("TCVN3", "VNI"):
            if fonts.startswith(family):
                return family
        return None


@dataclass(slots=True)
class DocScore:
    """How one document was read: each field right or wrong, and why."""

    document: Document
    right: dict[str, bool] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)
    word_accuracy: float = 0.0
    u_horn_lost: int = 0
    """How many ư/Ư of the truth sentences are missing from their matched windows."""

    @property
    def fully_right(self) -> bool:
        return all(self.right.get(name, False) for name in FIELDS) and self.right.get(
            "invented figures", False)

    @property
    def critical(self) -> list[str]:
        return [name for name in CRITICAL if self.right.get(name) is False]

    def wrong(self, name: str, why: str) -> None:
        self.right[name] = False
        self.why[name] = why


def soffice() -> str | None:
    """The LibreOffice binary bantin needs for `.doc`/`.rtf`, or None when not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def documents(root: Path = REAL) -> list[Document]:
    """Every Word document with a truth file, in path order."""
    found = []
    for truth_file in sorted(root.rglob(f"*{TRUTH_SUFFIX}")):
        stem = truth_file.name.removesuffix(TRUTH_SUFFIX)
        sources = [p for p in truth_file.parent.glob(f"{stem}.*")
                   if p.suffix.lower() in WORD_FORMS and p.name == stem + p.suffix]
        if len(sources) != 1:
            raise AssertionError(f"{truth_file}: expected one Word file beside it, found {sources}")
        data = tomllib.loads(truth_file.read_text(encoding="utf-8"))
        found.append(Document(source=sources[0], truth=data["truth"], provenance=data["source"]))
    return found


def fold(text: str | None) -> str:
    """Text as compared: NFC, typography folded to plain marks, whitespace folded."""
    text = unicodedata.normalize("NFC", text or "").translate(_TYPOGRAPHY)
    return " ".join(text.replace("…", "...").split())


_TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-",
                             "—": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " "})


def read(document: Document) -> dict[str, Any] | str:
    """The document's first article as bantin's JSON record, or why it could not be read."""
    config = parse_config({}, project=document.source.parent)
    logging.disable(logging.WARNING)  # a reader's warnings are not the score
    try:
        corpus = load([document.source], config, isolated=False)
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    finally:
        logging.disable(logging.NOTSET)
    if corpus.errors:
        return str(corpus.errors[0])
    if not corpus.articles:
        return "no article"
    return article_record(corpus.articles[0])


def block_texts(record: dict[str, Any]) -> Iterator[str]:
    """Every text of the body in order: paragraphs, headings, list items, captions."""
    if record.get("lead"):
        yield str(record["lead"])
    for block in record.get("blocks") or ():
        if block.get("kind") == "figure":
            yield from (str(block[k]) for k in ("caption", "credit", "alt") if block.get(k))
        elif block.get("items"):
            yield from (str(item) for item in block["items"])
        elif block.get("text"):
            yield str(block["text"])


_SPACED_MARK = re.compile(r"\s+([:;!?,.”\"»)])|([(“«])\s+")
_GLUED_MARK = re.compile(r"([,;:])(?=[^\W\d_])")
_LIST_MARKS = frozenset({"-", "+", "•", "*"})


def words(text: str) -> list[str]:
    """The words compared: NFC, typography folded as `fold` does (bantin's typography pass
    sets a spaced hyphen as an en dash and straight quotes as curly ones, and removes the
    space typed before a colon: deliberate, documented normalization, not misreading), and
    without lone list marks ("- " opening an addressee, whose mark the recipients block
    does not keep); case-insensitive, as a capitals font (.VnTimeH) draws capitals its
    bytes do not carry."""
    text = _SPACED_MARK.sub(lambda m: m[1] or m[2], fold(text))
    text = _GLUED_MARK.sub(r"\1 ", text)
    return [word.casefold() for word in text.split() if word not in _LIST_MARKS]


def best_window(sentence: list[str], body: list[str]) -> tuple[int, int, int]:
    """(distance, start, end) of the window of `body` closest to `sentence` in word edits.

    Semi-global alignment: the window may start and end anywhere in the body.
    Only stretches around occurrences of the sentence's words are searched,
    so a long document costs little; with no word in common the distance is
    the sentence's length.
    """
    n = len(sentence)
    if n == 0:
        return 0, 0, 0
    wanted = set(sentence)
    hits = [i for i, token in enumerate(body) if token in wanted]
    if not hits:
        return n, 0, 0
    spans: list[tuple[int, int]] = []
    for i in hits:  # merge the stretches around each hit
        low, high = max(0, i - 2 * n), min(len(body), i + 2 * n)
        if spans and low <= spans[-1][1]:
            spans[-1] = (spans[-1][0], high)
        else:
            spans.append((low, high))
    best = (n, 0, 0)
    for low, high in spans:
        best = min(best, _align(sentence, body, low, high))
    return best


def _align(sentence: list[str], body: list[str], low: int, high: int) -> tuple[int, int, int]:
    n = len(sentence)
    # column over the sentence for the body prefix ending at j: (cost, start of the window)
    cost = list(range(n + 1))
    start = [low] * (n + 1)
    best = (cost[n], low, low)
    for j in range(low, high):
        token = body[j]
        new_cost = [0] * (n + 1)
        new_start = [j + 1] * (n + 1)
        for i in range(1, n + 1):
            sub = cost[i - 1] + (sentence[i - 1] != token)
            ins = cost[i] + 1           # body word not in the sentence
            dele = new_cost[i - 1] + 1  # sentence word missing from the body
            if sub <= ins and sub <= dele:
                new_cost[i], new_start[i] = sub, start[i - 1]
            elif ins <= dele:
                new_cost[i], new_start[i] = ins, start[i]
            else:
                new_cost[i], new_start[i] = dele, new_start[i - 1]
        cost, start = new_cost, new_start
        if cost[n] < best[0]:
            best = (cost[n], start[n], j + 1)
    return best


def score(document: Document, record: dict[str, Any] | str) -> DocScore:
    """Each field of `record` (a JSON article record, or why none) against the truth."""
    result = DocScore(document)
    truth = document.truth
    if isinstance(record, str):
        for name in FIELDS:
            result.wrong(name, "not read")
        result.wrong("invented figures", "not read")
        result.wrong("read", record)
        result.u_horn_lost = sum(_u_horn(s) for s in truth["sentences"])
        return result
    result.right["read"] = True
    _same(result, "title", truth["title"], record.get("title"), casefold=True)
    _same(result, "date", truth["date"], record.get("date"))
    _same(result, "document_number", truth["document_number"], record.get("document_number"))
    _same(result, "issuer", truth["issuer"], record.get("issuer"), casefold=True)
    _same(result, "signer", truth["signer"], record.get("signer"), casefold=True)
    _same(result, "document_type", truth["document_type"], record.get("document_type"),
          casefold=True)
    figures = sum(block.get("kind") == "figure" for block in record.get("blocks") or ())
    expected = int(truth["figures"])
    result.right["figures"] = figures == expected
    result.right["invented figures"] = figures <= expected
    if figures != expected:
        result.why["figures"] = f"{figures}, expected {expected}"
    texts = list(block_texts(record))
    body = fold("\n".join(texts))
    flat = " ".join(words(body))
    lost = [p for p in truth["must"] if " ".join(words(p)) not in flat]
    result.right["must"] = not lost
    if lost:
        result.why["must"] = "lost: " + " | ".join(lost)
    everything = fold("\n".join([str(record.get("title") or ""), str(record.get("byline") or ""),
                                 *texts]))
    kept = [p for p in truth["must_not"] if fold(p) in everything]
    result.right["must_not"] = not kept
    if kept:
        result.why["must_not"] = "kept: " + " | ".join(kept)
    body_words = words(" ".join(texts))
    total = errors = 0
    worst: tuple[int, str] = (0, "")
    for sentence in truth["sentences"]:
        tokens = words(sentence)
        distance, low, high = best_window(tokens, body_words)
        total += len(tokens)
        errors += distance
        worst = max(worst, (distance, sentence))
        window = " ".join(body_words[low:high])
        result.u_horn_lost += max(0, _u_horn(sentence) - _u_horn(window))
    result.word_accuracy = 1 - errors / total if total else 1.0
    result.right["words"] = result.word_accuracy >= WORD_ACCURACY_FLOOR
    if not result.right["words"]:
        result.why["words"] = (f"{result.word_accuracy:.3f}; worst sentence ({worst[0]} edits):"
                               f" {worst[1][:80]!r}")
    return result


def _u_horn(text: str) -> int:
    text = unicodedata.normalize("NFC", text)
    return text.count("ư") + text.count("Ư")


def _same(result: DocScore, name: str, expected: object, got: object, *,
          casefold: bool = False) -> None:
    want, have = fold(str(expected or "")), fold(str(got or ""))
    if casefold:
        want, have = want.casefold(), have.casefold()
    result.right[name] = want == have
    if want != have:
        result.why[name] = f"{fold(str(got or ''))[:90]!r}, expected {fold(str(expected))[:90]!r}"


def score_all(root: Path = REAL) -> list[DocScore]:
    return [score(document, read(document)) for document in documents(root)]
