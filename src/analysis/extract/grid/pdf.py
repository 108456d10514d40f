"""Grid layout, PDF edition: ruled tables with camelot, headings from the text layer → the row/line stream.

Tables: camelot-py `lattice` with `engine="vector"`: the grid is read straight from the PDF's vector
ruling lines, without rendering the page (about 0.1 s a page). Every table of these documents is fully
ruled, so the same settings serve the performance cards, the section-B plan tables and the three summary
tables; camelot puts the text of a spanning cell into its top-left grid cell and keeps the line breaks of
wrapped cells as `\\n` (cleaned by `tables.cell_text`). All pages are read (in chunks, on all cores, each
page once with pdfium and camelot's lattice parser run on that: `analysis.extract.pages`); which tables
matter is decided from their content (label and header rows), not from page numbers.

Running text (theme and service-area headings, the paragraph with the stated counts) comes from the
PDF text layer via pypdfium2, read from the same text page as the tables' glyphs, in the same pass
(`pages.ruled_tables_and_lines`): each text line is placed by the position of its first character, lines
inside a table's bounding box are dropped (camelot has them), and tables and lines are merged in reading
order (top to bottom on each page).
"""

from __future__ import annotations

from pathlib import Path

from analysis.core.model import Box
from analysis.core.progress import ProgressCallback
from analysis.extract.base import ExtractionError
from analysis.extract.common import cell_boxes
from analysis.extract.core.cells import Cell, Row
from analysis.extract.grid.tables import Item, cell_text
from analysis.extract.page_objects import PAGE_READER
from analysis.extract.pages import ruled_tables_and_lines

CAMELOT_SETTINGS = {"flavor": "lattice", "engine": "vector"}


def _row(texts: list[str], boxes: list[Box], page: int) -> Row:
    """One row of a camelot table as the core's row: every grid cell with its text (cleaned) and its box."""
    cells = [Cell(cell_text(t), b.x0, b.top, b.x1, b.bottom, ruled=True) for t, b in zip(texts, boxes, strict=True)]
    return Row(cells, page, min(b.top for b in boxes), max(b.bottom for b in boxes))


def read_pdf(path: Path, n_pages: int, progress: ProgressCallback | None = None) -> tuple[list[Item], dict]:
    """The row/line stream of a grid-layout PDF, and the method record for datapackage.json."""
    import camelot
    import pypdfium2 as pdfium

    tables_by_page: dict[int, list] = {}
    try:  # every page, on all cores; pages that draw no line are left out (`analysis.extract.pages`)
        found, lines_by_page = ruled_tables_and_lines(path, list(range(1, n_pages + 1)), progress, **CAMELOT_SETTINGS)
    except Exception as exc:
        raise ExtractionError(f"{path}: camelot could not read its pages ({type(exc).__name__}: {exc})") from exc
    for t in found:
        tables_by_page.setdefault(int(t.page), []).append(t)

    items: list[Item] = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            pno = index + 1
            height = pdf.get_page_size(index)[1]
            boxes = []
            placed: list[tuple[float, int, Item | list[Item]]] = []
            for t in sorted(tables_by_page.get(pno, []), key=lambda t: -t.rows[0][0]):
                top, bottom = t.rows[0][0], t.rows[-1][1]
                left, right = t.cols[0][0], t.cols[-1][1]
                boxes.append((left - 2, bottom - 2, right + 2, top + 2))
                rows = [_row(r, b, pno) for r, b in zip(t.df.values.tolist(), cell_boxes(t, height), strict=True)]
                placed.append((top, 1, rows))
            for y, text in lines_by_page.get(pno, []):
                if any(b[1] <= y <= b[3] for b in boxes):
                    continue
                placed.append((y, 0, Row([Cell(cell_text(text), 0.0, height - y, 0.0, height - y)], pno, height - y, height - y, ruled=False)))
            for _y, _kind, what in sorted(placed, key=lambda p: (-p[0], p[1])):
                if isinstance(what, list):
                    items.extend(what)
                else:
                    items.append(what)
    finally:
        pdf.close()
    method = {
        "table_tool": {
            "tool": "camelot-py",
            "version": getattr(camelot, "__version__", ""),
            **CAMELOT_SETTINGS,
            "pages_read": f"1-{n_pages}",
            "note": "every page read with the same settings (no rendering); tables kept by their label/header rows, not by page",
            "page_reader": PAGE_READER,
        },
        "running_text": {
            "tool": "pypdfium2",
            "use": "theme/service-area headings and the paragraph stating the counts; text lines inside table boxes dropped; placed by the y of their first character",
        },
    }
    return items, method
