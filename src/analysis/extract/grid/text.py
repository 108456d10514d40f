"""Grid layout, text edition: the TAB-separated text (`analysis.extract.core.tab_text`) → the row/line stream.

The text edition writes every table row as one line of TAB-separated cells, separates tables (and the
original's page breaks) with blank lines, and carries some inline markup (`<b>`, `<sup>2</sup>`, `**`,
`#` headings). The core's text page source (`tab_text.text_rows`) makes its rows of cells, cleaned with
`tables.cell_text`; here every ruled row becomes a `Row` (a new physical table after each blank or text
line) and every text row a `Line`. There are no pages (`page` None) and no boxes.
"""

from __future__ import annotations

from analysis.extract.core.tab_text import tables, text_rows
from analysis.extract.grid.tables import Item, Line, Row, cell_text


def read_text(text: str) -> list[Item]:
    rows = text_rows(text, cell_text, keep_empty=True)
    table_of = {id(r): n for n, t in enumerate(tables(rows), start=1) for r in t}
    return [Row(r.texts, None, table_of[id(r)]) if r.ruled else Line(r.cells[0].text, None) for r in rows]
