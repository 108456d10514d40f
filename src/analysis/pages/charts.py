"""Altair charts for the site: Turkish number format, no internet, data and a text alternative beside each.

Altair's default HTML output loads vega from a CDN, which fails offline. Here a chart is embedded with
vega-embed from one JavaScript bundle served by the site itself (`assets/js/vega-bundle.js`, written by
vl-convert, see `write_vega_bundle`). Each chart comes as an accessible <figure>: the chart, a caption,
a link to the CSV it was drawn from, and the same data as an HTML table inside <details> (the text
alternative for screen readers and for readers who want the exact numbers).

No script is written into the page: the chart's specification (which holds document text: unit and
theme names) goes into an inert `<script type="application/json">` block, escaped so no `</script>` in
it can end the block (`analysis.core.escape.script_json`), and the site's own `assets/js/charts.js`
draws it. So the pages' Content-Security-Policy can allow the site's script files only.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.core.escape import html_text, script_json
from analysis.core.numbers import format_tr

if TYPE_CHECKING:  # Altair loads in 2–10 s: only the notebooks, which draw, import it; the site stage does not
    import altair as alt

BUNDLE_PATH = Path("assets/js/vega-bundle.js")
DRAW_PATH = Path("assets/js/charts.js")
"""The site's script that draws every chart of a page from its JSON block (a static file in the repository)."""
BUNDLE_EXPORTS = "window.vegaEmbed=vegaEmbed;window.vega=vega;window.vegaLite=vegaLite;"

TR_FORMAT_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " TL"]}
TR_TIME_LOCALE = {
    "dateTime": "%e %B %Y %A %X",
    "date": "%d.%m.%Y",
    "time": "%H:%M:%S",
    "periods": ["ÖÖ", "ÖS"],
    "days": ["Pazar", "Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi"],
    "shortDays": ["Paz", "Pzt", "Sal", "Çar", "Per", "Cum", "Cmt"],
    "months": ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık"],
    "shortMonths": ["Oca", "Şub", "Mar", "Nis", "May", "Haz", "Tem", "Ağu", "Eyl", "Eki", "Kas", "Ara"],
}

TR_PERCENT_LABEL = "'%' + format(datum.value * 100, ',.0f')"
"""A percent axis label the Turkish way, `%42` (d3's `%` format writes `42%`); `format` uses the page's Turkish locale."""

# Colour-blind-safe, sufficient contrast on white (Okabe-Ito, darkened where needed).
PALETTE = ["#0b5394", "#d55e00", "#009e73", "#cc79a7", "#8c6d00", "#56b4e9", "#6a3d9a", "#666666", "#b22222", "#2f4f4f", "#e69f00", "#1b7837"]

_embedded_bundle = False


def write_vega_bundle(site_root: Path) -> Path:
    """Write vega + vega-lite + vega-embed as one script into the site sources (offline, from vl-convert).

    Making the bundle takes seconds; a dot-file beside it records what it was made from (the vl-convert
    version and the exports) and the sha256 of the bundle written, and an unchanged record with a bundle of
    that hash means the bundle on disk is already the right one (a truncated or edited bundle is made again).
    The bundle is written aside and renamed into place, then the record.
    """
    from importlib.metadata import version

    from analysis.core.io import atomic_write_text, sha256_file

    target = site_root / BUNDLE_PATH
    record = target.with_name(f".{target.name}.made-by")
    made_by = f"vl-convert-python {version('vl-convert-python')}\n{BUNDLE_EXPORTS}\n"
    if target.exists() and record.exists() and record.read_text(encoding="utf-8") == f"{made_by}{sha256_file(target)}\n":
        return target
    import vl_convert as vlc

    bundle = vlc.javascript_bundle(BUNDLE_EXPORTS)
    if not target.exists() or target.read_text(encoding="utf-8") != bundle:
        atomic_write_text(target, bundle)
    atomic_write_text(record, f"{made_by}{sha256_file(target)}\n")
    return target


def theme(chart: alt.Chart | alt.LayerChart, width: int | str = "container", height: int = 320) -> Any:
    """House style: readable fonts, no border, colour-blind-safe palette, responsive width.

    Made to read at 390 px as at 1280 px: quantitative axes show few labels, drop any that would overlap and
    keep the first and last inside the plot; legends stand below the chart, one entry per line, never cut;
    long category labels are wrapped beforehand (`wrap`, shown with `WRAPPED_LABEL`)."""
    return (
        chart.properties(width=width, height=height)
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=12, titleFontSize=12, labelLimit=0, titleLimit=0)
        .configure_axisQuantitative(labelOverlap="greedy", labelFlush=True, tickCount=4)
        .configure_legend(labelFontSize=12, titleFontSize=12, labelLimit=0, titleLimit=0, orient="bottom", direction="vertical")
        .configure_range(category=PALETTE)
    )


WRAPPED_LABEL = "split(datum.label, '\\n')"
"""An axis label expression drawing a label wrapped by `wrap` on several lines."""
WRAP_AT = 26


def wrap(text: Any, width: int = WRAP_AT) -> str:
    """A long category label (a unit's name) on lines of at most `width` characters, joined by newlines."""
    import textwrap

    return "\n".join(textwrap.wrap(str(text), width=width, break_long_words=False)) or str(text)


def money_axis(title: str = "Tutar (milyon TL)") -> Any:
    """A TL axis labelled in millions (`1.200`), so its labels stay short enough for a phone."""
    import altair as alt

    return alt.Axis(title=title, labelExpr="format(datum.value / 1000000, ',.0f')")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


_MACHINE_NUMBER = re.compile(r"-?(?:\d+\.\d+|\d{5,})")
"""A number as a CSV holds it (`942089700.00`, `0.421328`, `12500`): shown in Turkish format, never as is."""


def is_share_column(column: str) -> bool:
    """Columns holding a share 0..1 (`share`, `share_of_budget`, `stated_share`, `median_share_improves`…)."""
    return column == "share" or column.endswith("_share") or "share_" in column and not column.endswith(("_page", "_box"))


def cell_text(value: Any, column: str = "") -> str:
    if isinstance(value, str) and _MACHINE_NUMBER.fullmatch(value.strip()):
        d = Decimal(value.strip())
        if is_share_column(column):
            return f"%{format_tr(d * 100, 1)}"
        return format_tr(d, 0 if d == d.to_integral_value() else 2)
    if isinstance(value, float) and is_share_column(column) and not pd.isna(value):
        return f"%{format_tr(Decimal(str(value)) * 100, 1)}"
    if isinstance(value, Decimal):
        return format_tr(value, 0 if value == value.to_integral_value() else 2)
    if isinstance(value, float):
        if pd.isna(value):
            return "–"
        return format_tr(Decimal(str(round(value, 2))), 0 if float(value).is_integer() else 2)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_tr(value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    return str(value)


def html_table(df: pd.DataFrame, columns: dict[str, str] | None = None, caption: str = "", max_rows: int = 200, raw: frozenset[str] | set[str] = frozenset()) -> str:
    """A plain, accessible HTML table with Turkish number formatting (for text alternatives and pages).

    Columns named in `raw` hold trusted HTML built by this package (e.g. PDF page links) and are not escaped.
    """
    columns = columns or {c: c for c in df.columns}
    head = "".join(f'<th scope="col">{html.escape(label)}</th>' for label in columns.values())
    rows = []
    for _, r in df.head(max_rows).iterrows():
        cells = []
        mark = ocr_mark(r) if "method" in df.columns else ""
        for c in columns:
            v = r[c]
            if c in raw:
                cells.append(f'<td class="txt">{v}</td>')
                continue
            numeric = isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)
            shown = cell_text(v, c)
            number_like = numeric or bool(re.fullmatch(r"-?[\d.,]+", shown.strip()))  # tables read from CSV hold text
            cells.append(f'<td class="{"num" if numeric else "txt"}">{html.escape(shown)}{mark if number_like else ""}</td>')
        rows.append(('<tr class="ocr-read">' if mark else "<tr>") + "".join(cells) + "</tr>")
    more = f'<p class="small">İlk {max_rows} satır gösteriliyor; tamamı CSV dosyasında.</p>' if len(df) > max_rows else ""
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f'<div class="table-responsive"><table class="table table-sm data-table">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>{more}'


def ocr_mark(row: Any) -> str:
    """The mark after each number of a row read by OCR from a scanned page (`method` = `ocr`): a small
    `OCR` badge whose title gives tesseract's confidence and the row's OCR note (escaped); empty otherwise."""
    if str(row.get("method", "")) != "ocr":
        return ""
    conf, note = row.get("ocr_confidence"), row.get("ocr_note")
    title = "OCR ile okundu" + (f" (güven {cell_text(conf)})" if conf is not None and str(conf) not in ("", "nan", "<NA>", "None") else "")
    if isinstance(note, str) and note.strip():
        title += f": {note}"
    uncertain = isinstance(note, str) and "OCR-uncertain" in note
    return f' <span class="ocr-mark{" ocr-uncertain" if uncertain else ""}" title="{html_text(title)}">OCR{"?" if uncertain else ""}</span>'


def note(text: str) -> Figure:
    """A short sentence where a chart would stand (no data for it), shown as text, never as raw Markdown or a quoted string."""
    return Figure(f'<p class="chart-note"><em>{html.escape(text)}</em></p>', {})


class Figure:
    """A chart ready for the page: `_repr_html_` gives the embedded, accessible figure."""

    def __init__(self, html_text: str, spec: dict):
        self.html = html_text
        self.spec = spec

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:  # the notebook keeps a text form too: without a memory address, it is the same every run
        return "<Figure>"

    def __str__(self) -> str:
        return self.html


def figure(
    chart: Any,
    *,
    title: str,
    alt_text: str,
    data: pd.DataFrame,
    csv: str,
    columns: dict[str, str] | None = None,
    site_root: str | None,
    chart_id: str | None = None,
) -> Any:
    """Embed `chart` as an accessible figure with its data (`csv`, relative to the page) and a text alternative.

    `site_root` is the relative path from the page to the site root (e.g. `../..`); None means an
    interactive session (JupyterLab), where the chart is returned as is for Altair's own renderer.
    """
    global _embedded_bundle
    if site_root is None:
        return chart
    spec = chart.to_dict()
    cid = chart_id or f"chart-{_slug(title)}"
    script = ""
    if not _embedded_bundle:
        root = html_text(site_root)
        script = f'<script src="{root}/{BUNDLE_PATH.as_posix()}"></script><script src="{root}/{DRAW_PATH.as_posix()}" defer></script>'
        _embedded_bundle = True
    options = {"actions": False, "renderer": "svg", "formatLocale": TR_FORMAT_LOCALE, "timeFormatLocale": TR_TIME_LOCALE}
    data_block = f'<script type="application/json" class="vega-spec" data-for="{html_text(cid)}">{script_json({"spec": spec, "options": options, "alt": alt_text})}</script>'
    body = (
        f'<figure class="chart-figure" aria-labelledby="{html_text(cid)}-cap">'
        f"{script}"
        f'<div id="{html_text(cid)}" class="vega-chart" style="width:100%"></div>'
        f"{data_block}"
        f'<figcaption id="{html_text(cid)}-cap"><strong>{html.escape(title)}</strong>. {html.escape(alt_text)} '
        f'<a href="{html.escape(csv)}" download>Verileri indir (CSV)</a></figcaption>'
        f"<details><summary>Grafiğin verileri (tablo)</summary>{html_table(data, columns)}</details>"
        f"</figure>"
    )
    return Figure(body, spec)


