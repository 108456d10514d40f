"""`python -m analysis profile check PROFILE.yml PDF`: what a profile yields on a document, page by page.

For a student writing a profile (docs/new-layout.md). Takes a profile file and a PDF; reads the PDF with
the profile exactly as `extract` would (`ProfileLayout.read`) and reports:

- per page: the tables recognised there (kind and block), each header cell with the column role it was
  matched to (or `?` when it matched none), the records read, the named rows (totals), and the rows
  left over inside a table (read but not understood: a missing synonym, a wrong `required`);
- for the whole document: tables per kind, counts (targets, indicators, activities, stated totals), each
  declared check's results (ok / mismatch / missing), the lost tables and the warnings.

`write_html(report, folder)` writes `report.html` with each page that holds a table drawn as an image
(pypdfium2) and the recognised cells boxed on it: header cells blue with their role, record cells green,
named rows purple, label rows orange, rows left over red. Nothing is written into the project.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from analysis.core.model import ExtractedProgram
from analysis.extract import open_document, profile_layout
from analysis.extract.core.assemble import UNKNOWN, Assembly, Column, Table
from analysis.extract.core.profile import Profile, load_profile

COLOURS = {"header": "#1f5fbf", "record": "#2e8b57", "named": "#8e44ad", "label": "#e67e22", "leftover": "#c0392b"}
MAX_DRAWN_PAGES = 40
SCALE = 1.2


@dataclass
class PageReport:
    page: int
    tables: list[str] = field(default_factory=list)
    headers: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    """(kind / block, [(printed header text, role or '?')])"""
    records: Counter = field(default_factory=Counter)
    named: list[str] = field(default_factory=list)
    leftover: list[str] = field(default_factory=list)
    boxes: list[tuple[str, tuple[float, float, float, float], str]] = field(default_factory=list)
    """(what, box, label) to draw."""


@dataclass
class ProfileCheck:
    profile: Profile
    pdf: Path
    pages: dict[int, PageReport]
    result: ExtractedProgram
    assembly: Assembly

    def lines(self) -> list[str]:
        """The report as text, one line each (the command prints it)."""
        r = self.result
        out = [f"profile {self.profile.name} ({self.profile.source}) on {self.pdf.name}"]
        for n in sorted(self.pages):
            p = self.pages[n]
            out.append(f"p. {n}: " + "; ".join(p.tables))
            for where, cells in p.headers:
                out.append(f"    header of {where}: " + " | ".join(f"{text!r} -> {role}" for text, role in cells))
            if p.records:
                out.append("    records: " + ", ".join(f"{k}: {v}" for k, v in sorted(p.records.items())))
            if p.named:
                out.append("    named rows: " + ", ".join(p.named))
            for text in p.leftover[:5]:
                out.append(f"    left over: {text[:110]}")
        kinds = Counter(t.kind.name for t in self.assembly.tables)
        out.append("tables: " + ", ".join(f"{k.name} {kinds.get(k.name, 0)}" for k in self.profile.kinds))
        out.append(f"rows: {len(r.performance_targets)} performance targets, {len(r.indicators)} indicators ({len(r.indicator_values)} values), "
                   f"{len(r.activities)} activities, {len(r.stated_totals)} stated totals")
        by_check: dict[str, Counter] = defaultdict(Counter)
        for x in r.reconciliation:
            by_check[x.check][x.status] += 1
        for check in dict.fromkeys(c["check"] for c in self.profile.checks):
            counts = by_check.get(check, Counter())
            flag = "  <- nothing compared" if not counts else ("  <- missing" if counts.get("missing") else "")
            out.append(f"check {check}: " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "no printed value found") + flag)
        out += [f"warning: {w}" for w in r.warnings]
        if not any(st.scope == "program" and st.measure == "total_resource_need" for st in r.stated_totals):
            out.append("warning: no stated total_resource_need: the data contract needs the document's grand total (scope program); "
                       "name it with `rename: {<row>.<column>: total_resource_need}` in the `states` of the table that prints it")
        return out


def _page(pages: dict[int, PageReport], n: int) -> PageReport:
    return pages.setdefault(n, PageReport(n))


def _role(c: Column) -> str:
    """How a header cell was read: its role, a year with its role, or `?` (no column of the block)."""
    if c.key.startswith(UNKNOWN):
        return "?"
    return f"{c.key} ({c.year_role})" if c.year else c.key


def _table_pages(t: Table, pages: dict[int, PageReport]) -> None:
    where = f"{t.kind.title}"
    for n in t.pages:
        if where not in _page(pages, n).tables:
            _page(pages, n).tables.append(where)
    for key, cell in t.labels.items():
        p = _page(pages, t.label_pages.get(key, t.page))
        p.boxes.append(("label", cell.box, key))
    for block, columns in t.headers.items():  # the header as first read (repeated headers are the same)
        page = t.page
        _page(pages, page).headers.append((f"{t.kind.name}/{block}", [(c.header.text, _role(c)) for c in columns]))
        for c in columns:
            _page(pages, page).boxes.append(("header", c.header.box, c.key))
    for block, records in t.records.items():
        for rec in records:
            p = _page(pages, rec.page)
            p.records[f"{t.kind.name}/{block}"] += 1
            for role, cell in rec.cells.items():
                if role not in rec.carried:
                    p.boxes.append(("record", cell.box, role))
    for key, rec in t.named.items():
        p = _page(pages, rec.page)
        p.named.append(key)
        p.boxes.append(("named", rec.row.box, key))
    for row in t.other_rows:
        p = _page(pages, row.page)
        p.leftover.append(" | ".join(row.texts))
        p.boxes.append(("leftover", row.box, "?"))


def check_profile(profile_path: Path | str, pdf: Path | str, progress=None) -> ProfileCheck:
    """Read `pdf` with the profile at `profile_path` and collect what it yields (see the module docstring)."""
    profile = load_profile(profile_path)
    layout = profile_layout(profile)
    doc = open_document(pdf)
    asm, result = layout.read(doc, Path(pdf).stem, progress)
    pages: dict[int, PageReport] = {}
    for t in asm.tables:
        _table_pages(t, pages)
    return ProfileCheck(profile, Path(pdf), pages, result, asm)


def _drawn(pdf: Path, report: PageReport) -> str:
    """One page as a PNG (base64) with the report's boxes drawn on it."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    doc = pdfium.PdfDocument(str(pdf))
    try:
        image = doc[report.page - 1].render(scale=SCALE).to_pil().convert("RGB")
    finally:
        doc.close()
    draw = ImageDraw.Draw(image)
    for what, (x0, top, x1, bottom), label in report.boxes:
        box = [x0 * SCALE, top * SCALE, x1 * SCALE, bottom * SCALE]
        draw.rectangle(box, outline=COLOURS[what], width=2)
        if what in ("header", "named", "label"):
            draw.text((box[0] + 2, max(box[1] - 11, 0)), label, fill=COLOURS[what])
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def write_html(report: ProfileCheck, folder: Path | str) -> Path:
    """`folder/report.html`: the text report, then each page with a table drawn (at most `MAX_DRAWN_PAGES`)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    legend = " · ".join(f'<span style="color:{c}">■</span> {html.escape(k)}' for k, c in COLOURS.items())
    parts = [f"<!doctype html><html lang='en'><meta charset='utf-8'><title>profile check: {html.escape(report.profile.name)}</title>",
             "<style>body{font-family:sans-serif;max-width:1100px;margin:auto}pre{white-space:pre-wrap}img{max-width:100%;border:1px solid #ccc}</style>",
             f"<h1>Profile {html.escape(report.profile.name)} on {html.escape(report.pdf.name)}</h1>",
             f"<p>{legend}</p><pre>{html.escape(chr(10).join(report.lines()))}</pre>"]
    for n in sorted(report.pages)[:MAX_DRAWN_PAGES]:
        p = report.pages[n]
        parts.append(f"<h2 id='p{n}'>Page {n}: {html.escape('; '.join(p.tables))}</h2>")
        parts.append(f"<img alt='page {n} with the recognised cells boxed' src='data:image/png;base64,{_drawn(report.pdf, p)}'>")
    out = folder / "report.html"
    tmp = out.with_name(".report.html.tmp")
    tmp.write_text("\n".join(parts) + "</html>\n", encoding="utf-8")
    tmp.replace(out)
    return out
