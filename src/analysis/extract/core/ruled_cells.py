"""Ruled tables as rows of printed cells with their boxes: camelot's lattice tables, ready for a layout's rows.

`ruled_cells(path, pages, copy_text)` → `(page, rows, boxes)` for every ruled table on `pages`, in page order
(tables of one page in camelot's order): each cell's lines re-joined with single spaces (`pdf_join`), each
cell's box in the data contract's top-left origin, a merged cell's box over its whole span
(`analysis.extract.common.cell_boxes`). `copy_text` is camelot's (`["v"]` copies a merged cell's text down
into every row it spans). `row_box(boxes)` is the box around a row's cells.

The tables are read on all cores, as one `camelot.read_pdf` call would give them (`analysis.extract.pages`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis.core.model import Box
from analysis.extract.common import cell_boxes
from analysis.extract.core.rule_tables import pdf_join

CAMELOT_SETTINGS: dict[str, Any] = {"flavor": "lattice", "engine": "vector"}
"""camelot 2.0 lattice with the render-free vector engine: ruled lines straight from the PDF's drawing
operators (about 0.1-0.3 s a page), vertical header text read by pdfminer."""


def ruled_cells(path: Path, pages: list[int], copy_text: list[str] | None = None) -> list[tuple[int, list[list[str]], list[list[Box]]]]:
    """(page, rows of cells as printed, the cells' boxes) of every ruled table on `pages`, in page order."""
    import pypdfium2 as pdfium

    from analysis.extract.pages import ruled_tables

    if not pages:
        return []
    kwargs: dict[str, Any] = dict(CAMELOT_SETTINGS)
    if copy_text:
        kwargs["copy_text"] = copy_text
    tables = ruled_tables(path, pages, **kwargs)
    doc = pdfium.PdfDocument(str(path))
    try:
        heights = {p: doc.get_page_size(p - 1)[1] for p in pages}
    finally:
        doc.close()
    out = []
    for t in tables:
        page = int(t.page)
        out.append((page, [[pdf_join(str(c).split("\n")) for c in row] for row in t.df.values.tolist()], cell_boxes(t, heights[page])))
    out.sort(key=lambda x: x[0])  # stable: tables of one page keep their order
    return out


def row_box(boxes: list[Box] | list[Box | None]) -> Box | None:
    """The box around a row's cells (None when no cell has one)."""
    found = [b for b in boxes if b is not None]
    if not found:
        return None
    box = found[0]
    for b in found[1:]:
        box = box.union(b)
    return box


__all__ = ["CAMELOT_SETTINGS", "ruled_cells", "row_box"]
