"""Real Vietnamese Word documents (tests/real/, DOCUMENTS.md): what reads right must stay right.

Every `.doc`, `.docx` and `.rtf` with a `.doctruth.toml` beside it is read as a
build reads it and scored against the truth written by reading the document
(tests/docscore.py). A document in `NOT_YET` is expected to fail the floors
(strict: once a change makes it pass, the test says so and it must leave the
list); every other document must have its title and date right, a word
accuracy of at least 99.5 %, no invented figure and no `must` phrase lost.
"""

from __future__ import annotations

import pytest
from docscore import (
    LEGACY_FORMS,
    WORD_ACCURACY_FLOOR,
    DocScore,
    Document,
    documents,
    read,
    score,
    soffice,
)

NOT_YET: dict[str, str] = {
    # name → what still keeps it under the floors (bench/real_documents.py has the detail).
    # None today; below the floors but not counted by them: the pictures of embedded Excel
    # sheets (OLE objects) in baria-vungtau…/qd-quy-che-chi-tieu-2007 and mof…/qd-144-2002.
}
U_HORN_NOT_YET: dict[str, str] = {
    # TCVN3 documents whose ư (stored as a soft hyphen U+00AD) is lost today: none
}

DOCUMENTS = documents()
_SCORES: dict[str, DocScore] = {}


def scored(document: Document) -> DocScore:
    if document.name not in _SCORES:
        _SCORES[document.name] = score(document, read(document))
    return _SCORES[document.name]


def _needs_soffice(document: Document) -> None:
    if document.source.suffix.lower() in LEGACY_FORMS and soffice() is None:
        pytest.skip(f"{document.name}: reading a {document.source.suffix} needs LibreOffice"
                    " (soffice), which is not installed")


def meets_floors(result: DocScore) -> bool:
    return (result.right.get("title", False) and result.right.get("date", False)
            and result.word_accuracy >= WORD_ACCURACY_FLOOR
            and result.right.get("invented figures", False) and result.right.get("must", False))


def test_the_corpus_is_there_and_every_truth_is_complete():
    assert len(DOCUMENTS) >= 25
    assert len({d.provenance["site"] for d in DOCUMENTS}) >= 5
    assert len({d.provenance["found_in"].split("@")[0] for d in DOCUMENTS}) >= 3
    for document in DOCUMENTS:
        truth, source = document.truth, document.provenance
        assert set(truth) >= {"document_type", "document_number", "issuer", "title", "date",
                              "signer", "figures", "must", "must_not", "sentences"}, document.name
        assert source.get("found_in", "").startswith("github:") and source.get("licence"), \
            document.name
        assert source.get("form") in ("Word .docx", "Word 97 .doc", "RTF"), document.name
        assert 4 <= len(truth["must"]) <= 6, document.name
        assert len(truth["sentences"]) >= 20 or truth.get("sentences_note"), document.name
    names = {d.name for d in DOCUMENTS}
    assert set(NOT_YET) <= names and set(U_HORN_NOT_YET) <= names, "a NOT_YET names no document"
    assert all(_tcvn3(d) for d in DOCUMENTS if d.name in U_HORN_NOT_YET)


def _tcvn3(document: Document) -> bool:
    return document.legacy_font == "TCVN3"


@pytest.mark.parametrize("document", [pytest.param(d, id=d.name) for d in DOCUMENTS])
def test_each_document_reads_right(document):
    _needs_soffice(document)
    result = scored(document)
    if document.name in NOT_YET:
        assert not meets_floors(result), (
            f"{document.name} now meets the floors: take it out of NOT_YET")
    else:
        assert meets_floors(result), result.why


@pytest.mark.parametrize("document", [pytest.param(d, id=d.name) for d in DOCUMENTS if _tcvn3(d)])
def test_no_u_horn_of_a_tcvn3_document_is_lost(document):
    """TCVN3 stores ư as byte 0xAD, which Word files carry as a soft hyphen (U+00AD):
    a reader that drops soft hyphens loses every ư. Count them sentence by sentence."""
    _needs_soffice(document)
    result = scored(document)
    if document.name in U_HORN_NOT_YET:
        assert result.u_horn_lost > 0, (
            f"{document.name} keeps every ư now: take it out of U_HORN_NOT_YET")
    else:
        assert result.u_horn_lost == 0, f"{result.u_horn_lost} ư lost"
