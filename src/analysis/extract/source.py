"""Opening a source file safely: what kind of file it is, whether a PDF can be read, how a text edition is encoded.

Documents come from municipalities' websites and from students' pull requests, so anything may arrive.
Every check here ends, when the file cannot be used, in one `ExtractionError` sentence naming the file
(never a traceback), and the checks are cheap and come first:

- the first bytes tell a PDF from a ZIP archive, an image or an HTML page (a failed download saved as
  `.pdf`): a 100 MB file of junk is refused after reading 4 KB, never loaded;
- a PDF must end with `%%EOF` (a download cut off half-way is refused before pdfium reads it); one that
  needs a password to open is refused; one with only an owner password (no copying, no printing) is read,
  from a temporary copy without the restrictions, because the table readers (camelot) refuse it otherwise;
- a text edition's encoding comes from its byte-order mark (UTF-8, UTF-16, UTF-32), else strict UTF-8,
  else charset-normalizer chooses among the Turkish code pages (Windows-1254, ISO-8859-9); binary data,
  a file that is mostly UTF-8 with broken bytes, or one whose encoding charset-normalizer cannot tell,
  is refused.

`read_pdf_pages(path)` gives a PDF's page texts, `read_text(path)` a text edition's text, and
`readable_copy(doc)` the document the layouts should read.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.extract.base import Document, ExtractionError
from analysis.extract.pages import PageReaderDied, map_pages

HEAD_BYTES = 4096
PDF_HEADER_WITHIN = 1024
"""PDF readers accept the `%PDF-` header anywhere in the first 1024 bytes."""
PDF_EOF_WITHIN = 2048
"""How far from its end a complete PDF has its last `%%EOF` (readers allow trailing bytes after it)."""
MAX_TEXT_BYTES = 50 * 2**20
"""A text edition of a few hundred pages is well under 1 MB; anything beyond this is not one."""
TURKISH_CODE_PAGES = ["cp1254", "iso8859_9"]
"""The single-byte encodings a Turkish text edition may come in (Windows-1254 and ISO-8859-9 differ only
in 0x80-0x9F, where ISO-8859-9 has control characters)."""

BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),  # before UTF-16: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
]
SIGNATURES = [
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx or zipped download?)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program (ELF)"),
]
HTML_START = re.compile(rb"\A(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE | re.DOTALL)
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _head(path: Path, n: int = HEAD_BYTES) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(n)
    except OSError as exc:
        raise ExtractionError(f"{path}: cannot be read ({exc.strerror})") from exc


def _tail(path: Path, size: int, n: int = PDF_EOF_WITHIN) -> bytes:
    with path.open("rb") as fh:
        fh.seek(max(0, size - n))
        return fh.read(n)


def describe(head: bytes) -> str | None:
    """What a file that is neither a PDF nor text is, from its first bytes ("a ZIP archive", "an HTML page")."""
    for signature, what in SIGNATURES:
        if head.startswith(signature):
            return what
    if HTML_START.match(head.lstrip(codecs.BOM_UTF8)):
        return "an HTML page (a failed download?)"
    return None


def check_file(path: Path) -> tuple[int, bytes]:
    """The file's size and first bytes, after refusing a missing path, a folder or an empty file."""
    if not path.exists():
        raise ExtractionError(f"{path}: no such file")
    if not path.is_file():
        raise ExtractionError(f"{path}: not a file" + (" (a folder)" if path.is_dir() else ""))
    size = path.stat().st_size
    if size == 0:
        raise ExtractionError(f"{path}: empty file (0 bytes)")
    return size, _head(path)


def is_pdf(head: bytes) -> bool:
    return b"%PDF-" in head[:PDF_HEADER_WITHIN]


# --------------------------------------------------------------------------- PDF


def check_pdf(path: Path, size: int, head: bytes) -> None:
    """Refuse a file named .pdf that is not one, or a PDF that was cut off, from its first and last bytes."""
    if not is_pdf(head):
        what = describe(head)
        raise ExtractionError(f"{path}: named .pdf but is {what}, not a PDF" if what else f"{path}: named .pdf but is not a PDF file (no %PDF- header)")
    if b"%%EOF" not in _tail(path, size):
        raise ExtractionError(f"{path}: the PDF is truncated (no %%EOF at its end; was the download cut off?)")


def _open_pdf(path: Path):  # -> pypdfium2.PdfDocument
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except Exception as exc:  # pypdfium2 raises PdfiumError with a terse code
        reason = str(exc)
        if "password" in reason.lower():
            raise ExtractionError(f"{path}: the PDF is protected by a password and cannot be opened without it; ask the publisher for a copy without one") from exc
        detail = reason.split("(PDFium: ", 1)[-1].rstrip(").") if "PDFium:" in reason else type(exc).__name__
        raise ExtractionError(f"{path}: not a readable PDF ({detail})") from exc


def _page_texts(path: Path, pages: list[int]) -> list[str]:
    """The text of each of `pages` (1-based): pdfium's text page, read whole (`page_objects.page_texts`; read
    outside the pool, the pages stay loaded for the table readers)."""
    from analysis.extract.page_objects import page_texts
    from analysis.extract.pages import in_pool

    try:
        return page_texts(str(path), pages, keep=not in_pool())
    except Exception as exc:  # a page pdfium cannot parse
        raise ExtractionError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})") from exc


def read_pdf_pages(path: Path) -> tuple[str, ...]:
    """The text of every page (index 0 = page 1); an `ExtractionError` for a PDF that cannot be read.

    Long documents are read on every core (`analysis.extract.pages.map_pages`), in page order.
    """
    pdf = _open_pdf(path)
    try:
        n_pages = len(pdf)
    finally:
        pdf.close()
    if n_pages == 0:
        raise ExtractionError(f"{path}: the PDF has no pages")
    try:
        return tuple(map_pages(_page_texts, path, list(range(1, n_pages + 1))))
    except PageReaderDied as exc:  # a crash in pdfium on this document: it fails alone
        raise ExtractionError(f"{path}: {exc}") from exc


def is_encrypted(path: Path) -> bool:
    """Whether the PDF carries encryption (it opened without a password, so only an owner password is set)."""
    import pypdfium2.raw as pdfium_c

    pdf = _open_pdf(path)
    try:
        return pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1
    finally:
        pdf.close()


@contextmanager
def readable_copy(doc: Document) -> Iterator[Document]:
    """`doc`, or for a PDF with an owner password only, the same document read from a temporary unrestricted copy.

    pdfium and pdfplumber read such a PDF, but camelot refuses it ("text extraction is not allowed"). The
    copy lives in a temporary folder, never beside the raw file, and is removed when the block ends.
    """
    if doc.edition != "pdf" or not is_encrypted(doc.path):
        yield doc
        return
    import pypdfium2.raw as pdfium_c

    with tempfile.TemporaryDirectory(prefix="performans-pdf-") as tmp:
        copy = Path(tmp) / doc.path.name
        pdf = _open_pdf(doc.path)
        try:
            pdf.save(copy, flags=pdfium_c.FPDF_REMOVE_SECURITY)
        finally:
            pdf.close()
        yield dataclasses.replace(doc, path=copy)


# --------------------------------------------------------------------------- text editions


def _mostly_utf8(data: bytes) -> bool:
    """True when most non-ASCII bytes form UTF-8 sequences: a UTF-8 file with some broken bytes, not a code page."""
    high = sum(b >= 0x80 for b in data)
    in_sequences = sum(len(m) for m in UTF8_SEQUENCE.findall(data))
    return high > 0 and in_sequences >= high / 2


def decode_text(path: Path, data: bytes) -> str:
    """The text of a text edition, in whichever of the accepted encodings it is; refused when that cannot be told."""
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ExtractionError(f"{path}: starts with a {name} byte-order mark but is not {name} text (bad bytes at {exc.start})") from exc
    if b"\x00" in data:
        raise ExtractionError(f"{path}: binary data, not a text edition (it holds NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            raise ExtractionError(
                f"{path}: cannot tell its encoding: mostly UTF-8, but with bytes that are not (first at byte {exc.start}); save it again as UTF-8"
            ) from exc
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=TURKISH_CODE_PAGES).best()
    if best is None:
        raise ExtractionError(
            f"{path}: cannot tell its encoding (it is not UTF-8, UTF-16 or Turkish Windows-1254/ISO-8859-9 text, or not text at all); save it as UTF-8"
        )
    return str(best)


def read_text(path: Path, size: int, head: bytes) -> str:
    """A text edition's text; refused early when it is too big, another kind of file, or not decodable."""
    if size > MAX_TEXT_BYTES:
        raise ExtractionError(f"{path}: {size / 2**20:.0f} MB is too large for a text edition (at most {MAX_TEXT_BYTES // 2**20} MB)")
    what = describe(head)
    if what:
        raise ExtractionError(f"{path}: is {what}, not a text edition")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"{path}: cannot be read ({exc.strerror})") from exc
    text = decode_text(path, data)
    controls = sum(1 for c in text if c < " " and c not in "\t\n\r\f")
    if controls > max(10, len(text) // 1000):
        raise ExtractionError(f"{path}: binary data, not a text edition ({controls} control characters)")
    return text
