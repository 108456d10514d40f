"""Row pages: every analysis table as a page whose rows can be linked, so any number is citable to its row.

A cited number (`analysis.pages.format.cite`) links to `tables/<table>.html#satir-N`: this module writes
that page beside each table's CSV in the rendered site (`report/<program>/tables/`,
`report/comparison-tables/`). Each row has a stable anchor (`satir-1` is the CSV's first data row, as the
number's tooltip says), the linked row is highlighted (CSS `:target`, no script), values are shown in
Turkish format (exact values: the CSV, linked at the top). Works offline: plain HTML, no script.
Takes the rendered site folder; writes the pages; returns how many.
"""

from __future__ import annotations

import html
from csv import reader
from pathlib import Path

import pandas as pd

from analysis.core.io import atomic_write_text
from analysis.pages.charts import cell_text

__all__ = ["row_page", "rows_page", "write_row_pages"]

STYLE = (
    "body{font-family:system-ui,sans-serif;margin:1rem;color:#222}table{border-collapse:collapse;font-size:.85rem}"
    "th,td{border:1px solid #ccc;padding:.2rem .4rem;vertical-align:top;text-align:left}td.num{text-align:right;white-space:nowrap}"
    "thead th{position:sticky;top:0;background:#f3f3f3}tr:target{background:#fff3b0;outline:3px solid #d55e00}"
    "tr:target td:first-child::before{content:'▶ '}.wrap{overflow-x:auto}"
)


ENGLISH_TWINS = {"note": "note_tr", "label_en": "label_tr"}
"""English columns left out of a (Turkish) row page where the table has their Turkish twin; the CSV keeps both."""


def row_page(df: pd.DataFrame, table: str, where: str, back: str) -> str:
    """One table as a page: a caption, the CSV link, and every row with its anchor `satir-N` (N from 1)."""
    return rows_page(list(df.columns), [list(r) for r in df.itertuples(index=False)], table, where, back)


def _cell(value: str, column: str) -> str:
    """One cell's `<td>` (made once per distinct value of a column: tables repeat their values a lot)."""
    shown = cell_text(value, column)
    return f'<td class="{"num" if shown != value else "txt"}">{html.escape(shown)}</td>'


def rows_page(columns: list[str], records: list[list[str]], table: str, where: str, back: str) -> str:
    """`row_page` for a table as read from its CSV: its header and its rows as text."""
    left_out = [c for c, tr in ENGLISH_TWINS.items() if c in columns and tr in columns]
    keep = [i for i, c in enumerate(columns) if c not in left_out]
    kept = [columns[i] for i in keep]
    head = "".join(f"<th scope=\"col\"><code>{html.escape(c)}</code></th>" for c in kept)
    memos: list[dict[str, str]] = [{} for _ in keep]  # per column: value -> its <td>
    rows = []
    width = len(columns)
    records = [r + [""] * (width - len(r)) for r in records if r]  # as pandas reads a CSV: blank lines skipped, short rows filled
    columns_kept = list(zip(keep, kept, memos, strict=True))
    for i, r in enumerate(records, start=1):
        cells = []
        for k, c, memo in columns_kept:
            v = r[k]
            td = memo.get(v)
            if td is None:
                td = memo[v] = _cell(v, c)
            cells.append(td)
        rows.append(f'<tr id="satir-{i}"><th scope="row">{i}</th>{"".join(cells)}</tr>')
    title = f"{table}.csv · {where}"
    return (
        f'<!DOCTYPE html><html lang="tr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{html.escape(title)}</title><link rel="icon" href="{html.escape(back)}assets/favicon.svg"><style>{STYLE}</style></head><body><main>'
        f"<h1>{html.escape(title)}</h1>"
        f'<p>Bu sayfa <a href="{html.escape(table)}.csv" download>{html.escape(table)}.csv</a> tablosunun satırlarıdır: sitedeki bir sayıya '
        f"tıklayınca geldiği satır işaretli açılır. Sayılar Türkçe biçimde gösterilir; kesin değerler CSV dosyasındadır"
        + (f" (İngilizce {', '.join(f'<code>{html.escape(c)}</code>' for c in left_out)} sütunu da orada)" if left_out else "") + ". "
        f'Sütunların anlamı <a href="{html.escape(back)}data.html#veri-sözlüğü">veri sözlüğünde</a>.</p>'
        f'<div class="wrap"><table class="csv-rows"><thead><tr><th scope="col">Satır</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        f"</main></body></html>"
    )


def write_row_pages(site: Path, names: dict[str, str]) -> int:
    """A row page beside every table CSV of the rendered site; `names` maps program ids to display names."""
    n = 0
    folders = [(f, names.get(f.parent.name, f.parent.name), "../../../") for f in sorted((site / "report").glob("*/tables"))]
    folders.append((site / "report" / "comparison-tables", "programların karşılaştırması", "../../"))
    for folder, where, back in folders:
        for csv in sorted(folder.glob("*.csv")) if folder.exists() else []:
            with open(csv, encoding="utf-8", newline="") as f:
                records = list(reader(f))
            if not records:
                continue
            atomic_write_text(csv.with_suffix(".html"), rows_page(records[0], records[1:], csv.stem, where, back))
            n += 1
    return n
