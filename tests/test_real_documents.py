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

_UNREAD = "not read: .doc/.rtf need the LibreOffice conversion"
_U_HORN = "ư lost (soft hyphen)"
NOT_YET: dict[str, str] = {
    # name → what is still wrong (bench/real_documents.py --items has the detail)
    "angiang.gov.vn/qd-522-2002-ub.doc": _UNREAD,
    "baria-vungtau.gov.vn/qd-quy-che-chi-tieu-2007.doc": _UNREAD,
    "binhduong.gov.vn/tt-13-2001-btc.doc": _UNREAD,
    "binhphuoc.gov.vn/qd-991-2008-ubnd.doc": _UNREAD,
    "camau.gov.vn/quy-dinh-doi-kiem-tra-814.doc": _UNREAD,
    "cantho.gov.vn/qd-256-2004-ub.doc": _UNREAD,
    "hpbaotho/ct-09-2009-ubnd-binhduong.doc": _UNREAD,
    "hpbaotho/kh-dao-tao-qlvb-phutho.doc": _UNREAD,
    "hpbaotho/qd-09-2010-ubnd-cantho.doc": _UNREAD,
    "hpbaotho/qd-15-2010-ubnd-hanoi.doc": _UNREAD,
    "hpbaotho/qd-93-2007-ttg.doc": _UNREAD,
    "hpbaotho/tt-01-2010-ttcp.doc": _UNREAD,
    "hpbaotho/tt-01-2011-bnv.doc": _UNREAD,
    "hpbaotho/tt-2442-2007-ttcp.doc": _UNREAD,
    "mard.gov.vn/nd-114-2003-cp.doc": _UNREAD,
    "mof.gov.vn/nd-26-2001-cp.rtf": _UNREAD,
    "mof.gov.vn/nd-28-2003-cp.doc": _UNREAD,
    "mof.gov.vn/qd-12-2001-btc.doc": _UNREAD,
    "mof.gov.vn/qd-144-2002-btc.doc": _UNREAD,
    "mof.gov.vn/tt-08-2001-btc.rtf": _UNREAD,
    "mof.gov.vn/tt-13-2001-btc.rtf": _UNREAD,
    "mof.gov.vn/tt-172-1998-btc.rtf": _UNREAD,
    "mof.gov.vn/tt-99-1998-btc.rtf": _UNREAD,
    "tuanhud/cv-172-2013-cdgdvn.doc": _UNREAD,
    "tuanhud/tb-03-2014-uit.doc": _UNREAD,
}
U_HORN_NOT_YET: dict[str, str] = {
    # TCVN3 documents whose ư (stored as a soft hyphen U+00AD) is lost today
    "angiang.gov.vn/qd-522-2002-ub.doc": _U_HORN,
    "binhduong.gov.vn/tt-13-2001-btc.doc": _U_HORN,
    "cantho.gov.vn/qd-256-2004-ub.doc": _U_HORN,
    "mard.gov.vn/nd-114-2003-cp.doc": _U_HORN,
    "mof.gov.vn/nd-26-2001-cp.rtf": _U_HORN,
    "mof.gov.vn/nd-28-2003-cp.doc": _U_HORN,
    "mof.gov.vn/qd-12-2001-btc.doc": _U_HORN,
    "mof.gov.vn/qd-144-2002-btc.doc": _U_HORN,
    "mof.gov.vn/tt-08-2001-btc.rtf": _U_HORN,
    "mof.gov.vn/tt-13-2001-btc.rtf": _U_HORN,
    "mof.gov.vn/tt-172-1998-btc.rtf": _U_HORN,
    "mof.gov.vn/tt-99-1998-btc.rtf": _U_HORN,
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
