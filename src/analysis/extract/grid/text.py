"""Grid layout, text edition: the TAB-separated text → the core's rows of cells (`analysis.extract.core.tab_text`).

The text edition writes every table row as one line of TAB-separated cells, separates tables (and the
original's page breaks) with blank lines, and carries some inline markup (`<b>`, `<sup>2</sup>`, `**`,
`#` headings). The core's text page source makes every TAB line a ruled row (its empty grid cells kept: the
grid parser counts columns) and every other non-blank line a text row, cleaned with `tables.cell_text`.
There are no pages and no boxes.
"""

from __future__ import annotations

from analysis.extract.core.tab_text import text_rows
from analysis.extract.grid.tables import Item, cell_text


def read_text(text: str) -> list[Item]:
    return text_rows(text, cell_text, keep_empty=True)
