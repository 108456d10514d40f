"""A diagnosis (`analysis.intake.diagnose`) written out: `report.md` and `report.html` with page thumbnails.

Both say the same: the summary (closest layout, what it missed), every layout's detection score, markers and
table kinds with their pages, and per page: text or scan, each table (ruled or not, rows × columns) with its
header row. The HTML adds a thumbnail of every page (pypdfium2, 0.25 scale, PNG files in `pages/`).

Every string that comes from the document (cells, header rows, file name) is escaped for where it goes:
`html.escape` in HTML (text and attributes), and Markdown's active characters backslash-escaped in
Markdown, so a hostile PDF cannot inject markup or script into the report.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from analysis.core.io import atomic_directory
from analysis.intake.diagnose import Diagnosis

THUMB_SCALE = 0.25
_MD_ACTIVE = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def md(text: str) -> str:
    """Document text made inert in Markdown (and its HTML): active characters escaped, line breaks flattened."""
    return _MD_ACTIVE.sub(r"\\\1", " ".join(str(text).split()))


def h(text: object) -> str:
    return html.escape(str(text), quote=True)


def _header(cells: list[str]) -> str:
    return " | ".join(c for c in cells if c)


def markdown(d: Diagnosis) -> str:
    out = [f"# Diagnosis of {md(d.path.name)}", "", "```", d.summary().replace("```", "'''"), "```", "", "## Layouts", ""]
    for r in d.layouts:
        out += [f"### {md(r.layout)}: detection {r.score:.2f}", ""]
        out.append(f"- markers in the text: {', '.join(md(m) for m in r.markers_found) or 'none'}; missing: {', '.join(md(m) for m in r.markers_missing) or 'none'}")
        for k in r.kinds:
            out.append(f"- {md(k.kind.name)}: " + (f"pages {', '.join(map(str, k.pages))}" if k.found else md(k.missed())))
        for kind, pages in r.page_kinds.items():
            if kind.startswith("page: "):
                out.append(f"- {md(kind)}: pages {', '.join(map(str, pages))}")
        out.append("")
    out += ["## Pages", ""]
    for s in d.scans:
        out.append(f"### Page {s.page}: {s.kind}, {len(s.tables)} table(s)")
        for t in s.tables:
            out.append(f"- {'ruled' if t.ruled else 'unruled'} table, {t.n_rows} × {t.n_cols}: header: {md(_header(t.header)[:200])}")
        out.append("")
    return "\n".join(out)


def _thumbs(path: Path, folder: Path, pages: int) -> list[str]:
    import pypdfium2 as pdfium

    names = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(min(pages, len(pdf))):
            name = f"p{i + 1:04d}.png"
            image = pdf[i].render(scale=THUMB_SCALE).to_pil()
            image.save(folder / name)
            names.append(name)
    finally:
        pdf.close()
    return names


def html_report(d: Diagnosis, thumbs: list[str]) -> str:
    css = ("body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}"
           ".page{display:flex;gap:1rem;border-top:1px solid #ccc;padding:.5rem 0}.page img{width:150px;border:1px solid #999}"
           "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem;font-size:.9rem}.miss{color:#a00}")
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self'; style-src 'unsafe-inline'\">",
           f"<title>Diagnosis of {h(d.path.name)}</title><style>{css}</style></head><body>",
           f"<h1>Diagnosis of {h(d.path.name)}</h1>", f"<pre>{h(d.summary())}</pre>", "<h2>Layouts</h2>"]
    for r in d.layouts:
        out.append(f"<h3>{h(r.layout)}: detection {r.score:.2f}</h3><ul>")
        out.append(f"<li>markers in the text: {h(', '.join(r.markers_found) or 'none')}; missing: {h(', '.join(r.markers_missing) or 'none')}</li>")
        for k in r.kinds:
            body = f"pages {h(', '.join(map(str, k.pages)))}" if k.found else f'<span class="miss">{h(k.missed())}</span>'
            out.append(f"<li>{h(k.kind.name)}: {body}</li>")
        for kind, pages in r.page_kinds.items():
            if kind.startswith("page: "):
                out.append(f"<li>{h(kind)}: pages {h(', '.join(map(str, pages)))}</li>")
        out.append("</ul>")
    out.append("<h2>Pages</h2>")
    for s, thumb in zip(d.scans, thumbs + [""] * len(d.scans), strict=False):
        img = f'<img src="pages/{h(thumb)}" alt="page {s.page}">' if thumb else ""
        rows = "".join(f"<tr><td>{'ruled' if t.ruled else 'unruled'}</td><td>{t.n_rows} × {t.n_cols}</td><td>{h(_header(t.header))}</td></tr>" for t in s.tables)
        table = f"<table><tr><th>table</th><th>size</th><th>header row</th></tr>{rows}</table>" if rows else "<p>no table</p>"
        out.append(f'<div class="page" id="p{s.page}">{img}<div><h3>Page {s.page}: {h(s.kind)}</h3>{table}</div></div>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_report(d: Diagnosis, out_dir: Path) -> Path:
    """Write report.md, report.html and pages/*.png into `out_dir` (replaced atomically); returns the HTML's path."""
    out_dir = Path(out_dir)
    with atomic_directory(out_dir) as tmp:
        (tmp / "pages").mkdir()
        try:
            thumbs = _thumbs(d.path, tmp / "pages", len(d.scans))
        except Exception:  # a PDF pdfium cannot render: the report goes without pictures
            thumbs = []
        (tmp / "report.md").write_text(markdown(d) + "\n", encoding="utf-8")
        (tmp / "report.html").write_text(html_report(d, thumbs), encoding="utf-8")
    return out_dir / "report.html"
