"""Grid layout, text edition: the markdown-like text (TAB-separated table rows) → the row/line stream.

The text edition writes every table row as one line of TAB-separated cells, separates tables (and the
original's page breaks) with blank lines, and carries some inline markup (`<b>`, `<sup>2</sup>`, `**`,
`#` headings). Here every TAB line becomes a `Row` (a new physical table after each blank line) and every
other non-blank line a `Line`; cells are cleaned with `tables.cell_text`. There are no pages: `page`
is None throughout.
"""

from __future__ import annotations

from analysis.extract.grid.tables import Item, Line, Row, cell_text


def read_text(text: str) -> list[Item]:
    items: list[Item] = []
    table = 0
    in_table = False
    for raw in text.splitlines():
        if "\t" in raw:
            if not in_table:
                table += 1
                in_table = True
            items.append(Row([cell_text(c) for c in raw.split("\t")], None, table))
            continue
        in_table = False
        if raw.strip():
            items.append(Line(cell_text(raw), None))
    return items
