"""What each page of a PDF holds, before any layout reads it: text or scan, and its tables.

`scan_pdf(path)` returns one `PageScan` per page: whether the page has a text layer, how many characters,
and its tables with their first rows:

- **ruled** tables: pdfplumber's `find_tables` on the page's drawn lines (cells between rules);
- **unruled** tables: runs of at least three text lines that each split into three or more cells at wide
  gaps (≥ 12 pt), with a number in at least one of the lines, outside the ruled tables. Designed layouts
  (cards without vertical rules) and tables typeset with tabs are found this way.

The gap report (`analysis.intake.gaps`) uses the scan to name the pages whose tables no reader used; the
diagnosis (`analysis.intake.diagnose`) shows each table's header row. Nothing is interpreted here: the
cells are the printed text, cleaned of line breaks.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.core.progress import ProgressCallback
from analysis.core.text import clean_cell

CELL_GAP = 12.0
"""A horizontal gap between words (points) wider than this separates two cells of an unruled row."""
LINE_TOLERANCE = 3.0
MIN_UNRULED_LINES = 3
MIN_CELLS = 3
KEEP_ROWS = 80
"""Rows kept per table: a header row may sit below label rows (a target table's indicator block)."""

_NUMBER = re.compile(r"^[-+%]?\d[\d.,]*%?$")


@dataclass
class PageTable:
    """One table found on a page: ruled or not, where, and its first rows as printed."""

    page: int
    ruled: bool
    box: tuple[float, float, float, float]
    """(x0, top, x1, bottom) in points from the page's top-left corner."""
    n_rows: int
    n_cols: int
    rows: list[list[str]] = field(default_factory=list)

    @property
    def header(self) -> list[str]:
        """The first row that prints any text (the table's header as far as the page shows one)."""
        for row in self.rows:
            if any(c for c in row):
                return row
        return []


@dataclass
class PageScan:
    page: int
    chars: int
    tables: list[PageTable] = field(default_factory=list)
    text: str = ""

    @property
    def kind(self) -> str:
        """`text` (a text layer), `scan` (no text: an image, or empty)."""
        return "text" if self.chars else "scan"


def _ruled_tables(page, number: int) -> list[PageTable]:
    out = []
    for t in page.find_tables():
        rows = t.extract() or []
        n_cols = max((len(r) for r in rows), default=0)
        if len(rows) < 2 or n_cols < 2:
            continue
        kept = [[clean_cell(c) for c in r] for r in rows[:KEEP_ROWS]]
        out.append(PageTable(number, True, tuple(round(v, 2) for v in t.bbox), len(rows), n_cols, kept))
    return out


def _lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) <= LINE_TOLERANCE:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _cells(line: list[dict]) -> list[tuple[float, float, str]]:
    cells: list[list[dict]] = []
    for w in line:
        if cells and w["x0"] - cells[-1][-1]["x1"] <= CELL_GAP:
            cells[-1].append(w)
        else:
            cells.append([w])
    return [(c[0]["x0"], c[-1]["x1"], " ".join(w["text"] for w in c)) for c in cells]


def _inside(word: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1 for x0, top, x1, bottom in boxes)


def _unruled_tables(words: list[dict], ruled: list[PageTable], number: int) -> list[PageTable]:
    free = [w for w in words if not _inside(w, [t.box for t in ruled])]
    out: list[PageTable] = []
    run: list[tuple[list[dict], list[tuple[float, float, str]]]] = []

    def close() -> None:
        if len(run) >= MIN_UNRULED_LINES and any(_NUMBER.match(c[2]) for _, cells in run for c in cells):
            ws = [w for line, _ in run for w in line]
            box = (min(w["x0"] for w in ws), min(w["top"] for w in ws), max(w["x1"] for w in ws), max(w["bottom"] for w in ws))
            rows = [[clean_cell(c[2]) for c in cells] for _, cells in run[:KEEP_ROWS]]
            out.append(PageTable(number, False, tuple(round(v, 2) for v in box), len(run), max(len(c) for _, c in run), rows))
        run.clear()

    previous_bottom = None
    for line in _lines(free):
        cells = _cells(line)
        top = min(w["top"] for w in line)
        height = max(w["bottom"] - w["top"] for w in line)
        far = previous_bottom is not None and top - previous_bottom > 2.5 * max(height, 1.0)
        if len(cells) >= MIN_CELLS and not far:
            run.append((line, cells))
        else:
            close()
            if len(cells) >= MIN_CELLS:
                run.append((line, cells))
        previous_bottom = max(w["bottom"] for w in line)
    close()
    return out


def scan_pdf(path: Path | str, progress: ProgressCallback | None = None, pages: list[int] | None = None,
             skip: set[int] | frozenset[int] = frozenset()) -> list[PageScan]:
    """Scan every page (or the 1-based `pages`) of a PDF for text and tables, leaving out the pages in `skip`
    (the gap report skips the pages the extraction already used: it only asks about the others)."""
    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings of the PDF's own making, not ours
    scans: list[PageScan] = []
    with pdfplumber.open(str(path)) as pdf:
        total = len(pdf.pages)
        wanted = [n for n in (pages or range(1, total + 1)) if n not in skip]
        for n in wanted:
            page = pdf.pages[n - 1]
            words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
            scan = PageScan(n, len(page.chars), text=" ".join(w["text"] for w in words))
            if words:
                ruled = _ruled_tables(page, n)
                scan.tables = ruled + _unruled_tables(words, ruled, n)
            scans.append(scan)
            page.flush_cache()
            if progress:
                progress(len(scans), len(wanted), f"page {n}")
    return scans
