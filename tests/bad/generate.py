"""The bad-input corpus's large and machine-specific files, made at test time.

Small cases are committed beside this file; these are generated because
they are big (a 10 MB article, a 10,000-row table, a 100-megapixel
picture) or need this run's values (the counting server's port, the
canary files' paths outside the project).
"""

from __future__ import annotations

import io
import os
import random
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
CANARY_TEXT = "CANARY-7f3a9c-SECRET-TEXT"
CANARY_MARK = b"CANARY-7f3a9c-IMAGE"


def canaries(folder: Path) -> tuple[Path, Path]:
    """A text file and a JPEG (its comment holds a marker) that must never be read."""
    folder.mkdir(parents=True, exist_ok=True)
    text = folder / "canary.txt"
    text.write_text(CANARY_TEXT + "\n", encoding="utf-8")
    image = folder / "canary.jpg"
    Image.new("RGB", (40, 30), (200, 30, 30)).save(image, "JPEG", comment=CANARY_MARK)
    return text, image


def all_bytes(path: Path) -> list[bytes]:
    """A file's bytes and, for a PDF, every decoded stream and attachment; for an EPUB,
    every member: where a canary's bytes could hide. A file that cannot be opened gives
    its own bytes and a note (its damage is reported elsewhere)."""
    import pikepdf  # the tests' dependency; generating the corpus does not need it

    data = path.read_bytes()
    pieces = [data]
    try:
        if data.startswith(b"%PDF"):
            with pikepdf.open(io.BytesIO(data)) as pdf:
                for obj in pdf.objects:
                    if isinstance(obj, pikepdf.Stream):
                        try:
                            pieces.append(obj.read_bytes())
                        except pikepdf.PdfError:
                            pieces.append(obj.read_raw_bytes())
                for name in pdf.attachments:
                    pieces.append(pdf.attachments[name].get_file().read_bytes())
        elif data.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                pieces += [archive.read(n) for n in archive.namelist()]
    except Exception as exc:
        pieces.append(f"unreadable: {exc}".encode())
    return pieces


def generate(input_dir: Path, port: int, canary_text: Path, canary_image: Path) -> None:
    """Copy the committed cases into `input_dir` and add the generated ones."""
    for case in sorted(HERE.iterdir()):
        if case.suffix in (".py", ".template") or case.name in ("README.md", "__pycache__"):
            continue
        shutil.copy(case, input_dir / case.name)
    values = {"PORT": port, "CANARY_TEXT": canary_text, "CANARY_IMAGE": canary_image}
    for template in sorted(HERE.glob("*.template")):
        text = template.read_text(encoding="utf-8").format(**values)
        (input_dir / template.stem).write_text(text, encoding="utf-8")
    (input_dir / "outside-link.jpg").symlink_to(canary_image)
    rng = random.Random(7)
    (input_dir / "binary.md").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    paragraph = ("Đại biểu HĐND tỉnh thảo luận kỹ các nội dung trình kỳ họp, đề nghị làm rõ"
                 " nguồn lực thực hiện và trách nhiệm của các cơ quan liên quan. ") * 8
    body = "\n\n".join(paragraph for _ in range(10_000_000 // len(paragraph.encode()) + 1))
    (input_dir / "big.md").write_text(
        f"---\ntitle: Bài dài mười megabyte\ndate: 2021-01-15\n---\n\n{body}\n",
        encoding="utf-8")
    rows = "".join(f"<tr><td>{n}</td><td>Xã số {n} thuộc huyện miền núi phía Bắc</td>"
                   f"<td>{n * 7 % 1000} hộ dân được hỗ trợ nước sạch</td></tr>"
                   for n in range(10_000))
    (input_dir / "table.html").write_text(
        "<html><head><meta charset='utf-8'><title>Bảng mười nghìn dòng</title></head><body>"
        "<h1>Bảng mười nghìn dòng số liệu các xã</h1><p class='date'>15/02/2021</p>"
        f"<table>{rows}</table></body></html>", encoding="utf-8")
    Image.new("1", (10_000, 10_000)).save(input_dir / "huge.png")
    (input_dir / "huge-image.md").write_text(
        "---\ntitle: Ảnh một trăm megapixel\ndate: 2022-11-14\n---\n\nThân bài.\n\n"
        "![Ảnh rất lớn](huge.png)\nChú thích ảnh rất lớn\n", encoding="utf-8")
    special_files(input_dir)


GOOD_ARTICLE = "---\ntitle: {title}\ndate: 2022-11-20\n---\n\nThân bài.\n{extra}"


def special_files(input_dir: Path) -> None:
    """What a file system or another program can put in input/ (review: issue 14, 2–3)."""
    os.mkfifo(input_dir / "pipe.md")  # reading it would never end
    (input_dir / "passwd.md").symlink_to("/etc/passwd")
    (input_dir / "loop").symlink_to(input_dir, target_is_directory=True)
    odd = os.fsencode(input_dir) + b"/t\xean-kh\xf4ng-ph\xe1i-utf8.md"
    Path(os.fsdecode(odd)).write_text(GOOD_ARTICLE.format(title="Tên tệp lạ", extra=""),
                                      encoding="utf-8")
    (input_dir / "forged\nerror: fake.md").write_text(GOOD_ARTICLE.format(
        title="Tên tệp có xuống dòng", extra="\n![Ảnh](khong-co.jpg)\nChú thích\n"),
        encoding="utf-8")
    (input_dir / "vong-a.md").symlink_to("vong-b.md")  # a loop of links
    (input_dir / "vong-b.md").symlink_to("vong-a.md")
    folder = Path(os.fsdecode(os.fsencode(input_dir) + b"/th\xff-m\xfcc"))  # not UTF-8
    folder.mkdir()
    (folder / "anh.png").write_bytes(png_header(60, 40))
    (folder / "tin.md").write_text(GOOD_ARTICLE.format(
        title="Tin trong thư mục tên lạ", extra="\n![Ảnh](anh.png)\nChú thích\n"),
        encoding="utf-8")
    (input_dir / "khong-lo.png").write_bytes(png_header(30_000, 30_000))
    (input_dir / "anh-khong-lo.md").write_text(GOOD_ARTICLE.format(
        title="Ảnh chín trăm megapixel", extra="\n![Ảnh](khong-lo.png)\nChú thích ảnh\n"),
        encoding="utf-8")
    (input_dir / "notes").mkdir()  # an editors' note needs no date: no warning for it
    (input_dir / "notes" / "2022-11.md").write_text(
        "---\ntitle: Lời ban biên tập\n---\n\nThư của ban biên tập gửi bạn đọc.\n",
        encoding="utf-8")
    (input_dir / "deep.json").write_text("[" * 1000 + "]" * 1000, encoding="utf-8")
    with zipfile.ZipFile(input_dir / "broken-xml.docx", "w") as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxml'
            'formats.org/officeDocument/2006/relationships/officeDocument" Target="word/'
            'document.xml"/></Relationships>'))
        archive.writestr("word/document.xml", "<w:document><w:body><w:p>not closed")
    # 120 MB of zeros packs into 120 KB: a Word file must not be unpacked blindly.
    with zipfile.ZipFile(input_dir / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/image1.png", bytes(120_000_000))


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header gives this size, and one row of data: what a picture's size is
    judged from (30000×30000 would take 112 MB to draw for real)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = zlib.compress(b"\0" + bytes((width + 7) // 8))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", row)
