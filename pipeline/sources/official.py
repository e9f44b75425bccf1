"""Vietnamese administrative documents: their parts recognised by layout.

Resolutions, decisions, announcements, reports and letters of state bodies
follow one layout (Decree 30/2020/NĐ-CP on document work, and Circular
01/2011/TT-BNV and its predecessors before it):

    HỘI ĐỒNG NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
     TỈNH BẮC KẠN                     Độc lập - Tự do - Hạnh phúc
    Số: 12/2022/NQ-HĐND            Bắc Kạn, ngày 10 tháng 12 năm 2022
                            NGHỊ QUYẾT
            Về việc thông qua …
    …body: Căn cứ …, Chương I, Điều 1. …
    Nơi nhận:                          TM. HỘI ĐỒNG NHÂN DÂN
    - Ủy ban Thường vụ Quốc hội;             CHỦ TỊCH
    - Lưu: VT.                           Phương Thị Thanh

The letterhead is a two-cell table in Word (older files set it with tabs,
or line by line); so is the closing block. A document is recognised by that
structure — the national motto in the letterhead, or a number line "Số:"
with a place-and-date line — never by its words alone, so a news article
quoting a resolution stays news.

`recognise(lines)` takes the document's lines, each with the column it
stands in (the table cell, or the tab stop), and says which are the
letterhead, the type and subject, the signature and the recipients; the
reader keeps the rest as the body.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from ..dates import DateProblem, find_date
from .base import Note


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a document as the reader laid it out."""

    text: str
    """The line's text, spaces folded."""
    piece: int
    """Which paragraph of the document it belongs to (several lines may share one)."""
    column: int = -1
    """0 in the left column of a table or tab stops, 1 in a right one, -1 across the page."""
    table: int | None = None
    """Which table the line stands in, if any."""
    bold: bool = False
    centered: bool = False
    joins: bool = False
    """The line goes on with the one before it in its column (a long addressee)."""
    row: int = 0
    """Which line of its paragraph it is (a paragraph broken with line breaks)."""


@dataclass(slots=True)
class Document:
    """What `recognise` found: the document's fields and which paragraphs held them."""

    document_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    place: str | None = None
    date: str | None = None
    """The document's date as written ("ngày 10 tháng 12 năm 2022"), None when blank."""
    title: str = ""
    signer: str | None = None
    signature: tuple[str, ...] = ()
    signature_at: int | None = None
    """The paragraph the signature block is printed in place of."""
    recipients: tuple[str, ...] = ()
    annexes: dict[int, str] = field(default_factory=dict)
    """Documents attached after the signature (a regulation issued with a decision), each
    under its own letterhead: the paragraph where each starts, and its title."""
    used: set[int] = field(default_factory=set)
    """Paragraphs taken whole by the letterhead, title, signature and recipients."""
    rows: set[tuple[int, int]] = field(default_factory=set)
    """(paragraph, line) of lines taken from paragraphs that go on with other text."""
    notes: list[Note] = field(default_factory=list)


_NUMBER = re.compile(r"^(?:(?:luật|pháp\s+lệnh|lệnh|nghị\s+quyết)\s+)?(?:số|so)\s*[:.]?\s*"
                     r"(?P<number>\S.*?)?\s*$", re.IGNORECASE)
""""Số: 12/2022/NQ-HĐND"; a law's "Luật số: 18/2003/QH11"."""
_NUMBER_SHAPE = re.compile(r"[/\-–]")
_PLACE_DATE = re.compile(
    r"^(?P<place>[^\W\d_][^,\d]{0,40}),\s*(?P<date>ng[àa]y\b.*)$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[\s\-–—_=*.~•·&+:]*(?:[oO0]{1,3}[\s\-–—_=*.~•·&+:]*)?$")
"""A rule under a letterhead line: "-----", "***", "===&===", "----oOo----", "___o0o___"."""
_SUBJECT_OPENING = re.compile(r"^(?:v/v|v\.v|về\s+việc)\b\.?\s*:?\s*", re.IGNORECASE)
_AUTHORITY = re.compile(
    r"^(?:t\.?\s?m|k\.?\s?t|t\.?\s?l|t\.?\s?u\.?\s?q|q|quyền)\s*[./]\s*\S", re.IGNORECASE)
"""On whose behalf a signer signs: "TM.", "KT.", "TL.", "TUQ.", "Q." ("KT/" in old files)."""
_OFFICES = re.compile(
    r"^(?:phó\s+)?(?:chủ\s+tịch|giám\s+đốc|bộ\s+trưởng|thứ\s+trưởng|thủ\s+tướng|trưởng\s+ban"
    r"|trưởng\s+phòng|chánh\s+văn\s+phòng|chánh\s+án|viện\s+trưởng|bí\s+thư|tổng\s+giám\s+đốc"
    r"|hiệu\s+trưởng|cục\s+trưởng|vụ\s+trưởng|tổng\s+cục\s+trưởng|chủ\s+nhiệm|tổng\s+thư\s+ký"
    r"|trưởng\s+đoàn|chánh\s+thanh\s+tra|thống\s+đốc|tổng\s+kiểm\s+toán|người\s+ký"
    r"|thường\s+trực|chủ\s+tọa|thư\s+ký|tổng\s+thanh\s+tra|thanh\s+tra|trưởng"
    r"|phó\s+trưởng|quyền)\b", re.IGNORECASE)
_RECIPIENTS = re.compile(r"^n[ơo]i\s+(?:nh[ậa]n|g[ửu]i)\s*(?::\s*|[.;]?\s*$)", re.IGNORECASE)
"""The "Nơi nhận:" label (older documents say "Nơi gửi:"); alone on its line it needs no
colon; "Nơi nhận xác định …" in running text is not one."""
_ITEM_MARK = re.compile(r"^[-–—+•·*]\s*")
_SIGNED = re.compile(r"^\(?\s*(?:đã\s+ký|ký(?:\s+tên)?(?:\s*,\s*|\s+và\s+)?(?:đóng\s+dấu|ghi"
                     r"\s+rõ\s+họ\s+tên)?|chữ\s+ký.*|\[?\s*đã\s+ký\s*\]?)\s*\)?\s*\.?$",
                     re.IGNORECASE)
_BODY_NAME = re.compile(
    r"^(?:sở|ban|bql|phòng|cục|tổng\s+cục|chi\s+cục|vụ|viện|học\s+viện|trường|đại\s+học"
    r"|trung\s+tâm|văn\s+phòng|thanh\s+tra|thường\s+trực|hội\s+đồng|[ủu]ỷ?\s*ban|ubnd|hđnd|bộ|kho\s+bạc"
    r"|tòa\s+án|toà\s+án|công\s+đoàn|đảng\s+ủy|đảng\s+uỷ|huyện\s+ủy|tỉnh\s+ủy|thành\s+ủy"
    r"|công\s+ty|tập\s+đoàn|đoàn|mặt\s+trận|liên\s+đoàn|tổng\s+liên\s+đoàn|bệnh\s+viện"
    r"|chính\s+phủ|quốc\s+hội|thủ\s+tướng|ngân\s+hàng|công\s+an|bộ\s+chỉ\s+huy|hội"
    r"|báo|đài|nhà\s+xuất\s+bản|cđ|lđlđ|ubmttq)\b", re.IGNORECASE)
"""Words that open the name of a body: in a letterhead, a line that starts with one names a
new body (the issuer under its parent); any other line goes on with the name above it
("HỘI ĐỒNG NHÂN DÂN" / "TỈNH BẮC KẠN")."""
_TYPES = (
    "nghị quyết liên tịch", "thông tư liên tịch", "nghị quyết", "nghị định", "quyết định",
    "chỉ thị", "quy chế", "quy định", "thông cáo", "thông báo", "hướng dẫn", "chương trình",
    "kế hoạch", "phương án", "đề án", "dự án", "báo cáo", "biên bản", "tờ trình", "hợp đồng",
    "công điện", "bản ghi nhớ", "bản thỏa thuận", "bản thoả thuận", "giấy ủy quyền",
    "giấy uỷ quyền", "giấy mời", "giấy giới thiệu", "giấy nghỉ phép", "phiếu gửi",
    "phiếu chuyển", "phiếu báo", "thư công", "thông tư", "luật", "pháp lệnh", "lệnh",
    "công văn", "điều lệ", "kết luận", "quy trình", "văn bản", "dự thảo",
)
"""Document types of Decree 30/2020 and of the laws on legal documents, longest first
where one begins another."""
_HEADING = re.compile(
    r"^(?P<kind>chương|mục|phần|phụ\s+lục)\s+(?P<number>[IVXLCDM]+|\d+|[A-Z])\b\.?", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?P<head>Điều\s+\d+[a-zđ]?(?:\s*[.:]|$))(?:\s*(?P<rest>\S.*))?$")
_ROMAN_HEADING = re.compile(r"^(?:[IVX]{1,5})\s*[.)/-]\s*\S")


_MOTTO_KEYS = ("conghoaxahoichunghiavietnam", "doclaptudohanhphuc", "dangcongsanvietnam")


def _letter_key(text: str) -> str:
    """The line's letters without marks, case or spacing: "Cộng hoà xã hội…" and "CỘNG HÒA
    XÃ HỘI…" (the tone mark placed either way) are the same line."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if "a" <= c <= "z")


def is_motto(text: str) -> bool:
    """The national motto's two lines (also on one line, and with a rule such as
    "----oOo----" under it), or the Party's name that stands in their place."""
    key = _letter_key(text)
    if key == _MOTTO_KEYS[0] + _MOTTO_KEYS[1]:
        return True
    return any(key.startswith(motto) and set(key[len(motto):]) <= {"o"} for motto in _MOTTO_KEYS)


def is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def reading_case(text: str) -> str:
    """`NGHỊ QUYẾT` → `Nghị quyết`: a type line as it reads in running text."""
    text = " ".join(text.split())
    return text[:1].upper() + text[1:].lower() if is_capitals(text) else text


def _document_type(text: str) -> str | None:
    """The known type a type line starts with, in reading case ("Quyết định")."""
    low = " ".join(text.lower().split())
    low = low.removeprefix("bản ") if low.startswith("bản quy") else low  # "Bản quy định"
    for kind in _TYPES:
        if low == kind or low.startswith(kind + " "):
            return kind[:1].upper() + kind[1:]
    return None


def recognise(lines: list[Line]) -> Document | None:
    """The document's parts, or None when the lines are not laid out as one."""
    head = [line for line in lines[:40] if line.text]
    motto = [line for line in head[:25] if is_motto(line.text)]
    numbers = [line for line in head[:25] if _number(line.text) is not None]
    dates = [line for line in head[:30] if _PLACE_DATE.match(line.text)
             and _date_of(line.text) is not False]
    typed = [line for line in head[:15] if is_capitals(line.text) and _document_type(line.text)
             and len(line.text.split()) <= 12]
    if not motto and not (numbers and (dates or (typed and typed[0].piece > numbers[0].piece))
                          ) and not (dates and typed and typed[0].piece > dates[0].piece):
        return _headed(lines)
    document = Document()
    for line in motto:
        document.used.add(line.piece)
        document.notes.append(Note(action="dropped", what="national motto (letterhead)",
                                   text=line.text))
    last_header = max(line.piece for line in (*motto, *numbers[:1], *dates[:1]))
    header_lines = [line for line in head if line.piece <= last_header]
    # A letterhead in a table: every paragraph of that table is letterhead.
    tables = {line.table for line in (*motto, *numbers[:1], *dates[:1]) if line.table is not None}
    for line in lines:  # the rest of the letterhead's table, up to a type line in it
        if line.table in tables and line.piece > last_header and line.text:
            if is_capitals(line.text) and _document_type(line.text):
                break  # "QUYẾT ĐỊNH" in a row of its own under the letterhead
            header_lines.append(line)
    if tables:
        last_header = max(last_header, *(line.piece for line in header_lines))
    _letterhead(document, header_lines, numbers[:1], dates[:1], motto)
    body = [line for line in lines if line.piece > last_header and line.text]
    _title(document, body)
    _closing(document, lines)
    _annexes(document, lines)
    return document


_NUMBERED_TYPE = re.compile(r"\bsố\s*:?\s*(?P<number>[\w.-]+\s*/\s*[\w./-]*[\w-])",
                            re.IGNORECASE)


_ATTACHED_TO = re.compile(r"kèm\s+theo", re.IGNORECASE)
"""An annex's "(Ban hành kèm theo Quyết định số …)": that number is another document's."""


def _headed(lines: list[Line]) -> Document | None:
    """A document reproduced without its letterhead, under a heading that names its type
    and number ("Nghị định của Chính phủ số 114/2003/NĐ-CP / ngày 10/10/2003 về …")."""
    head = [line for line in lines[:12] if line.text][:6]
    for index, line in enumerate(head):
        number = next((found for following in head[index:index + 4]
                       if not _ATTACHED_TO.search(following.text)
                       and (found := _NUMBERED_TYPE.search(following.text))), None)
        alone = index == 0 and is_capitals(line.text) and len(line.text.split()) <= 4
        if not (_document_type(line.text) and (number or alone) and (
                line.centered or line.bold)):
            continue
        # A type line on top ("LUẬT" over "THUẾ TIÊU THỤ ĐẶC BIỆT") is a document too.
        document = Document(number=number["number"] if number else None)
        issuer = [h for h in head[:index] if (h.centered or h.bold) and _BODY_NAME.match(h.text)]
        if issuer and len(issuer[-1].text) <= 80:
            document.issuer = issuer[-1].text.upper()
            document.used.update(h.piece for h in issuer)
            document.notes.append(Note(action="found", what="issuer (heading)",
                                       text=issuer[-1].text))
        _title(document, [h for h in lines if h.piece >= line.piece and h.text])
        day = None
        if number is not None:
            after_number = document.title[document.title.lower().find(
                number["number"].lower()):]
            try:
                day = find_date(after_number)
            except DateProblem:
                day = None
        if day is not None:  # "… số 13/2001/TT-BTC ngày 8 tháng 3 năm 2001 …"
            document.date = day.isoformat()
        if document.title:
            _closing(document, lines)
            return document
    return None


def _annexes(document: Document, lines: list[Line]) -> None:
    """Documents attached after the main one, each under a letterhead of its own: the
    letterhead goes (motto, issuer, number, date, rules), the type and subject become the
    attached document's title."""
    start = max(document.used, default=-1)
    index = 0
    rest = [line for line in lines if line.piece > start and line.text]
    while index < len(rest):
        line = rest[index]
        if not is_motto(line.text):
            index += 1
            continue
        pieces = {line.piece}
        table = line.table
        near = [other for other in rest if (table is not None and other.table == table) or (
            table is None and abs(other.piece - line.piece) <= 3 and other.piece <= line.piece
            + 3)]
        for other in near:
            if (other.table == table and table is not None) or is_motto(other.text) or (
                    _SEPARATOR.match(other.text) or _number(other.text) is not None
                    or _PLACE_DATE.match(other.text) or (
                        is_capitals(other.text) and other.piece <= line.piece)):
                pieces.add(other.piece)
        last = max(pieces)
        annex = Document()
        _title(annex, [other for other in rest if other.piece > last])
        if annex.title:
            document.annexes[min(pieces)] = annex.title
            pieces |= annex.used
            document.rows |= annex.rows
            document.notes.append(Note(action="found", what="attached document (own letterhead)",
                                       text=annex.title))
        document.used |= pieces
        document.notes.append(Note(action="dropped", what="attached document's letterhead",
                                   text=line.text))
        index = next((i for i, other in enumerate(rest) if other.piece > max(pieces)),
                     len(rest))


def _number(text: str) -> str | None:
    """The number and symbol of a "Số: 12/2022/NQ-HĐND" line ("" when left blank)."""
    match = _NUMBER.match(" ".join(text.split()))
    if match is None or len(text) > 70:
        return None
    number = match["number"] or ""
    if number and not _NUMBER_SHAPE.search(number):
        return None
    if not number and not text.strip().endswith(":"):
        return None
    return number


def _date_of(text: str) -> object:
    """The date of a place-and-date line; None when left blank to be filled in; False when
    the line is not one."""
    match = _PLACE_DATE.match(" ".join(text.split()))
    if match is None or len(text) > 90:
        return False
    try:
        return find_date(match["date"])
    except DateProblem:
        return None


def _letterhead(document: Document, header: list[Line], numbers: list[Line],
                dates: list[Line], motto: list[Line]) -> None:
    """Issuer, number, place and date, and a letter's "V/v" subject, from the letterhead."""
    taken = {id(line) for line in (*motto, *numbers, *dates)}
    if numbers:
        document.number = _number(numbers[0].text) or None
        document.used.add(numbers[0].piece)
        document.notes.append(Note(action="found", what="document number", text=numbers[0].text))
    if dates:
        match = _PLACE_DATE.match(" ".join(dates[0].text.split()))
        assert match is not None  # how `dates` were chosen
        document.place = match["place"].strip()
        document.date = date_words(dates[0].text)
        document.used.add(dates[0].piece)
        document.notes.append(Note(action="found", what="place and date", text=dates[0].text))
    # The issuer stands above the number, in the left column (or the first lines).
    first_number = numbers[0] if numbers else None
    issuer: list[str] = []
    subject: list[str] = []
    for line in header:
        if id(line) in taken or _SEPARATOR.match(line.text):
            document.used.add(line.piece)
            continue
        if (line.column == 1 and not _BODY_NAME.match(line.text)) or is_motto(line.text):
            document.used.add(line.piece)  # a letterhead line indented to centre it may
            continue                       # read as the right column: a body's name is not
        if first_number is not None and (line.piece > first_number.piece or (
                line.piece == first_number.piece and line is not first_number
                and lines_after(header, first_number, line))):
            if _SUBJECT_OPENING.match(line.text) or subject:
                subject.append(line.text)
                document.used.add(line.piece)
            continue
        if is_capitals(line.text) and len(line.text) <= 80:
            issuer.append(line.text)
            document.used.add(line.piece)
    if issuer:
        names: list[str] = []
        for part in issuer:
            if names and (not _BODY_NAME.match(part) or names[-1].endswith(("-", "&"))):
                names[-1] = f"{names[-1]} {part}"
            else:
                names.append(part)
        document.issuer = names[-1]
        document.notes.append(Note(action="found", what="issuer (letterhead)",
                                   text=" / ".join(issuer)))
    if subject:
        document.document_type = "Công văn"
        document.title = "Công văn " + _subject_text(" ".join(subject))
        document.notes.append(Note(action="found", what="title (letter's subject, V/v)",
                                   text=" ".join(subject)))


def lines_after(header: list[Line], first: Line, line: Line) -> bool:
    """True when `line` comes after `first` in `header` (lines of one paragraph)."""
    return header.index(line) > header.index(first)


def _subject_text(subject: str) -> str:
    """A subject as it reads after the type: "V/v …" spelled out, first word lowercased
    unless it is a name ("Về việc thông qua" → "về việc thông qua")."""
    subject = " ".join(subject.split())
    subject = _SUBJECT_OPENING.sub("về việc ", subject) if _SUBJECT_OPENING.match(
        subject) else subject
    first, _, rest = subject.partition(" ")
    if first[:1].isupper() and first[1:].islower() and not rest[:1].isupper():
        subject = first.lower() + (" " + rest if rest else "")
    return subject.strip()


def _title(document: Document, body: list[Line]) -> None:
    """The type line and the subject under it; title = type + subject."""
    index = 0
    while index < len(body) and _SEPARATOR.match(body[index].text):
        document.used.add(body[index].piece)
        index += 1
    if document.title:  # a letter: its subject was in the letterhead
        return
    if index >= len(body):
        return
    line = body[index]
    known = _document_type(line.text)
    if not known or not is_capitals(line.text):  # "QUỐC HỘI / Khoá XI …" over "LUẬT"
        ahead = next((i for i in range(index + 1, min(index + 6, len(body)))
                      if is_capitals(body[i].text) and len(body[i].text.split()) <= 4
                      and _document_type(body[i].text)), None)
        if ahead is not None:
            index, line = ahead, body[ahead]
            known = _document_type(line.text)
    if not ((is_capitals(line.text) and len(line.text.split()) <= 12 and (
            known or line.centered or line.bold)) or (
            known and (line.centered or line.bold) and len(line.text.split()) <= 25)):
        return
    document.document_type = known or reading_case(line.text)
    document.notes.append(Note(action="found", what="document type", text=line.text))
    subject: list[Line] = []
    for following in body[index + 1:index + 9]:
        text = following.text
        if _SEPARATOR.match(text):
            document.used.add(following.piece)
            break
        type_alone = bool(_document_type(text)) and len(text.split()) <= 4
        caps_subject = (not subject and not _BODY_NAME.match(text) and not _OFFICES.match(
            text) and not type_alone) or bool(subject and is_capitals(
            subject[-1].text) and not subject[-1].text.endswith((".", ":", ";")))
        if (is_capitals(text) and not _SUBJECT_OPENING.match(text) and not caps_subject) or (
                text.lower().startswith(
                ("căn cứ", "kính gửi", "kính gởi", "điều ", "chương ", "phần "))) or len(
                text) > 400:
            break
        if following.text.startswith("(") or (subject and subject[-1].text.endswith(".")):
            break  # "(Ban hành kèm theo Quyết định số …)": the body's first line
        if subject and not (following.centered == subject[-1].centered and (
                following.bold == subject[-1].bold or following.piece == subject[-1].piece
                or following.text[:1].islower())):
            break
        if not subject and not (following.centered or following.bold
                                or _SUBJECT_OPENING.match(text)):
            break
        subject.append(following)
    type_text = reading_case(line.text)
    _take(document, [line, *subject], body)
    if subject:
        document.title = f"{type_text} {_subject_text(' '.join(s.text for s in subject))}"
        document.notes.append(Note(action="found", what="subject (title after the type)",
                                   text=" ".join(s.text for s in subject)))
    else:
        document.title = type_text


def _take(document: Document, taken: list[Line], lines: list[Line]) -> None:
    """Mark `taken` as used: whole paragraphs when all their lines are taken, else the lines."""
    rows = {(line.piece, line.row) for line in taken}
    for piece in {line.piece for line in taken}:
        if all((line.piece, line.row) in rows for line in lines if line.piece == piece):
            document.used.add(piece)
        else:
            document.rows |= {row for row in rows if row[0] == piece}


def _closing(document: Document, lines: list[Line]) -> None:
    """The signature block and the "Nơi nhận" list at the end of the body."""
    start = max(document.used, default=-1)
    after = [line for line in lines if line.piece > start and line.text]
    label = next((line for line in after if _RECIPIENTS.match(line.text)), None)
    signature: list[Line] = []
    recipients: list[Line] = []
    if label is not None:
        # Two columns: the recipients on the left, the signature on the right.
        if label.table is not None:
            group = [line for line in after if line.table == label.table]
        else:
            group = _tabbed(after[after.index(label):])
        recipients = [line for line in group if line.column <= 0]
        signature = [line for line in group if line.column == 1]
        if label.table is None:
            above = _signature_above(after, label)
            group = above + group
            signature = above + signature
        for line in group:
            document.used.add(line.piece)
        if not signature:  # a signature in paragraphs just before a table of recipients
            signature = _signature_before(after, label)
    else:
        signature = _signature_at_end(after) or _signature_table(after)
        for line in after:
            if signature and line.table is not None and line.table == signature[0].table:
                document.used.add(line.piece)
    if recipients:
        first = _RECIPIENTS.sub("", recipients[0].text).strip()
        items = [first] if first else []
        for line in recipients[1:]:
            if line.joins and items:
                items[-1] = f"{items[-1]} {line.text}"
            else:
                items.append(line.text)
        document.recipients = tuple(item for item in (_ITEM_MARK.sub("", i).strip()
                                                      for i in items) if item)
        document.notes.append(Note(action="found", what="recipients (Nơi nhận)",
                                   text=" | ".join(line.text for line in recipients)))
    signature = _up_to_name(signature)
    if signature:
        document.signature = tuple(line.text for line in signature)
        document.signature_at = min(line.piece for line in signature)
        for line in signature:
            document.used.add(line.piece)
        names = [name for line in signature if (name := signer_name(line.text))]
        document.signer = names[-1] if names else None
        document.notes.append(Note(action="found", what="signature block",
                                   text=" | ".join(document.signature)))


def _up_to_name(signature: list[Line]) -> list[Line]:
    """A signature block ends with the signer's name: lines after it are something else
    (an appendix's letterhead typed in the same columns)."""
    for index, line in enumerate(signature):
        if signer_name(line.text) and any(
                _AUTHORITY.match(s.text) or _OFFICES.match(s.text) for s in signature[:index]):
            return signature[:index + 1]
    return signature


def _signature_above(after: list[Line], label: Line) -> list[Line]:
    """Signature lines set just above a "Nơi nhận" line typed in columns: the office
    ("TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG") is often printed before the columns start."""
    index = after.index(label)
    block: list[Line] = []
    for line in reversed(after[max(0, index - 8):index]):
        if line.piece == label.piece:
            continue
        if not _signature_line(line.text) or len(line.text) > 80:
            break
        block.insert(0, replace(line, column=1))
    while block and not (_AUTHORITY.match(block[0].text) or _OFFICES.match(block[0].text)):
        block.pop(0)  # the block starts with whom the signer signs for, or the office
    return block


def _tabbed(lines: list[Line]) -> list[Line]:
    """A closing block typed in two columns with tabs, from its "Nơi nhận" line: left
    and right parts of its lines, and the lines across that carry on either column (an
    addressee "- …;" or a signature line), up to the first that does neither."""
    found: list[Line] = []
    for line in lines:
        if not found and line.column < 0:  # the "Nơi nhận:" line itself, across the page
            found.append(replace(line, column=0))
        elif line.column >= 0 or _ITEM_MARK.match(line.text):
            found.append(line)
        elif found and line.text[:1].islower():  # an addressee carried onto the next line
            found.append(replace(line, column=0, joins=True))
        elif _signature_line(line.text):
            found.append(replace(line, column=1))
        else:
            break
    return found


def _signature_line(text: str) -> bool:
    return bool(_AUTHORITY.match(text) or (_OFFICES.match(text) and is_capitals(text))
                or _SIGNED.match(text) or signer_name(text))


def _signature_before(after: list[Line], label: Line) -> list[Line]:
    """A signature block set in the paragraphs just above "Nơi nhận"."""
    index = after.index(label)
    block: list[Line] = []
    for line in reversed(after[max(0, index - 8):index]):
        if line.table is not None and line.table == label.table:
            continue
        block.insert(0, line)
        if _AUTHORITY.match(line.text) or _OFFICES.match(line.text):
            if not any(_looks_like_name(b.text) for b in block):
                return []
            # take the authority lines above it too ("TM. ỦY BAN NHÂN DÂN" over "CHỦ TỊCH")
            above = after[max(0, index - 8):after.index(line)]
            for extra in reversed(above):
                if _AUTHORITY.match(extra.text):
                    block.insert(0, extra)
                else:
                    break
            return block if len(block) <= 8 else []
        if len(line.text) > 60 or (line.text.endswith((".", ":", ";")) and not _SIGNED.match(
                line.text)):
            return []
    return []


def _signature_table(after: list[Line]) -> list[Line]:
    """A signature set in the right cell of a table of its own, with no "Nơi nhận" beside it:
    an office or an authority line, then a name."""
    tables = sorted({line.table for line in after if line.table is not None and line.column == 1
                     and (_AUTHORITY.match(line.text) or (_OFFICES.match(line.text)
                                                         and is_capitals(line.text)))})
    for table in reversed(tables):  # the last: a guide's examples come before its own
        cells = [line for line in after if line.table == table]
        right = [line for line in cells if line.column == 1]
        if any(signer_name(line.text) for line in right) and all(
                len(line.text) <= 80 for line in cells):
            return right
    return []


def _signature_at_end(after: list[Line]) -> list[Line]:
    """A signature block closing the document: authority or office lines, then a name."""
    tail = after[-8:]
    for start, line in enumerate(tail):
        if (_AUTHORITY.match(line.text) or (_OFFICES.match(line.text) and is_capitals(
                line.text))) and len(line.text) <= 80:
            block = tail[start:]
            if any(_looks_like_name(b.text) for b in block) and all(
                    len(b.text) <= 80 for b in block):
                return block
            return []
    return []


_SIGNED_AROUND = re.compile(r"^\(?\s*đã\s+ký\s*\)?\s*[-–—:]?\s*|\s*[-–—,]?\s*\(?\s*đã\s+ký"
                            r"\s*\)?\s*\.?$", re.IGNORECASE)


def signer_name(text: str) -> str | None:
    """The signer's name on a line, without an "(Đã ký)" note beside it; None if the line
    is not a name."""
    name = _SIGNED_AROUND.sub("", text.strip()).strip()
    return name if _looks_like_name(name) else None


def _looks_like_name(text: str) -> bool:
    """A signer's name: two to six capitalised words, no digits, not an office."""
    text = text.strip()
    words = text.split()
    if not 2 <= len(words) <= 6 or any(c.isdigit() for c in text) or _SIGNED.match(text):
        return False
    if _AUTHORITY.match(text) or _OFFICES.match(text) or text.endswith((":", ";", ",")):
        return False
    return all(word[:1].isupper() for word in words) and not any(
        word.lower() in {"ủy", "uỷ", "ban", "hội", "đồng", "nhân", "dân", "tỉnh", "sở", "bộ",
                         "phòng", "chính", "phủ", "trưởng", "tịch", "giám",
                         "đốc", "lập", "tự", "do", "hạnh", "phúc", "biểu",
                         "ngày", "tháng", "năm", "trang", "số"} for word in words)


def heading_of(text: str) -> tuple[str, str | None] | None:
    """(heading, rest) for a line that opens a part of a document: "Chương I", "Mục 1",
    "Điều 5. Trách nhiệm thi hành" (the whole line), or "Điều 1. Thông qua … như sau:"
    ("Điều 1.", the sentence after it as a paragraph); None otherwise. Their levels depend
    on which parts the document has (the reader's `_part_levels`)."""
    text = " ".join(text.split())
    if _HEADING.match(text):
        if len(text.split()) <= 16 and not text.endswith((";", ",")):
            return text, None
        return None
    if match := _ARTICLE.match(text):
        rest = match["rest"]
        if rest is not None and rest[:1].islower():
            return None  # "Điều 5 được sửa đổi như sau:": the article is what is spoken of
        if rest is None or (len(rest.split()) <= 14 and not rest.endswith((".", ":", ";", ","))):
            return text, None
        return match["head"].strip(), rest
    return None


def part_kind(text: str) -> str | None:
    """"chương", "mục" or "điều" for a line opening such a part (Phần and Phụ lục count as
    Chương); None for any other line."""
    text = " ".join(text.split())
    if match := _HEADING.match(text):
        kind = match["kind"].lower()
        return "mục" if kind == "mục" else "chương"
    return "điều" if _ARTICLE.match(text) else None


def date_words(line: str) -> str | None:
    """The date part of a place-and-date line ("ngày 10 tháng 12 năm 2022"), None when the
    line is not one or its day is left blank."""
    match = _PLACE_DATE.match(" ".join(line.split()))
    if match is None or _date_of(line) in (None, False):
        return None
    return match["date"]


def roman_heading(text: str) -> bool:
    """A part of a report or plan: "I. MỤC ĐÍCH, YÊU CẦU", in capitals."""
    return bool(_ROMAN_HEADING.match(text)) and is_capitals(text) and len(text.split()) <= 16


__all__ = ["Document", "Line", "heading_of", "is_motto", "reading_case", "recognise",
           "roman_heading"]
