"""A text edition whose tables are TAB-separated lines → rows of cells, the core's page source for text editions.

Some municipalities' text editions (Kocaeli's `.md`, exported from the same Word file as the PDF) write every
table row as one line of TAB-separated cells and every other paragraph as a plain line; a blank line ends a
table (and marks the original's page breaks). `text_rows(text)` turns such a text into the same `Row`s of
`Cell`s that `analysis.extract.core.cells.page_rows` makes from a PDF page, so that what reads rows (the
profile's assembly, a layout's row parser) reads both editions alike:

- a TAB line is a **ruled** row (`Row.ruled` True); its cells are its TAB-separated pieces. An empty piece
  is an empty grid cell: like a page, where an empty cell has no words and so no `Cell`, it gives none,
  unless `keep_empty` (a reader that counts grid positions); a line of empty pieces then gives no row. A cell's box is its place in the grid, `UNIT` points a step:
  column `i` spans x `i`…`i+1`, line `n` of the text spans y `n`…`n+1` (× `UNIT`), so a cell lies under the
  header cell of the same column and of no other (`analysis.extract.core.assemble` places cells by their
  centre, within half a point) and the rows keep their order;
- any other non-blank line is a **text row** (`Row.ruled` False) of one cell: a heading, a paragraph;
- blank lines give no row; they show as a gap in `Row.top` (a new table starts after one).

A text edition has no pages: every row has page `NO_PAGE` (0); its boxes are places in the text, not on
a page, and are never published as boxes. `clean` is applied to every cell's text (a layout's own
cleaning, e.g. inline markup); by default the text is kept as written.
"""

from __future__ import annotations

from collections.abc import Callable

from analysis.extract.core.cells import Cell, Row

NO_PAGE = 0
"""The page of every row of a text edition (it has none)."""
UNIT = 10.0
"""Width of a grid column and height of a text line, in the points the core's rows are measured in."""


def _keep(text: str) -> str:
    return text


def text_rows(text: str, clean: Callable[[str], str] = _keep, keep_empty: bool = False) -> list[Row]:
    """The rows of a text edition, in reading order (see the module docstring).

    >>> [(r.ruled, r.texts) for r in text_rows("# Başlık\\nA\\tB\\n1\\t\\n\\nson")]
    [(False, ['# Başlık']), (True, ['A', 'B']), (True, ['1']), (False, ['son'])]
    >>> [r.texts for r in text_rows("1\\t\\n\\t", keep_empty=True)]
    [['1', ''], ['', '']]
    """
    rows: list[Row] = []
    for n, raw in enumerate(text.splitlines()):
        top, bottom = n * UNIT, (n + 1) * UNIT
        if "\t" in raw:
            cells = [Cell(clean(piece), i * UNIT, top, (i + 1) * UNIT, bottom, ruled=True) for i, piece in enumerate(raw.split("\t"))]
            cells = cells if keep_empty else [c for c in cells if c.text]
            if cells:
                rows.append(Row(cells, NO_PAGE, top, bottom, ruled=True))
        elif raw.strip():
            rows.append(Row([Cell(clean(raw), 0.0, top, UNIT, bottom)], NO_PAGE, top, bottom, ruled=False))
    return rows

