"""The derived PDF of a scanned document: every scanned page replaced by a page the layout readers can read.

`write_derived_pdf(source, pages, out)` copies the PDF `source` into `out`, replacing each page listed in
`pages` ({0-based index: `ScanPage`}) by a new page of the same size that carries:

- the page's words as **invisible text** (render mode 3) in DejaVu Sans (every Turkish glyph), each word
  stretched (horizontal scaling) over the box tesseract gave it, a space after each so that pdfplumber
  and pdfium split words as in a text PDF. Words are grouped into text lines (their vertical centres
  agree) and every word of a line gets the line's top and bottom: tesseract's boxes are tight around the
  ink (`ve` is lower than `Bilgi`), while the readers group a line's words by their common top;
- the **ruling lines** as thin filled rectangles (0.75 pt, what both source PDFs draw and what camelot's
  vector engine takes for lines), a rule with `cuts` drawn as one segment per column;
- the **filled boxes** (title bars, label boxes) as filled rectangles.

Pages with a text layer are copied unchanged (pypdfium2 page import), so a mixed document keeps its text
pages as they are. The output depends only on its input (reportlab's invariant mode): the same scan gives
the same bytes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from analysis.extract.ocr_page import LayerWord, ScanPage

FONT_NAME = "OcrLayerDejaVuSans"
FONT_FILE = Path(__file__).with_name("fonts") / "DejaVuSans.ttf"
RULE_THICKNESS = 0.75
MIN_SIZE = 3.0
"""Smallest font size written (points): a lone `-` or `,` has a box a point high."""


def _font() -> tuple[str, float]:
    """Register the layer's font once; its name and its descent (a share of the font size, negative)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_FILE)))
    return FONT_NAME, pdfmetrics.getFont(FONT_NAME).face.descent / 1000


def text_lines(words: list[LayerWord]) -> list[list[LayerWord]]:
    """Words grouped into printed lines, top to bottom, words left to right.

    A word read in a cell comes with its line (`LayerWord.line`, from tesseract's reading of the cell):
    such lines are kept as they are, so the lines of neighbouring cells never mix (centred headings put
    them half a line apart). The other words (the whole-page reading) join the line whose vertical
    centre (the median of its words') is nearest, within a third of the page's typical word height, and
    that has no word overlapping them horizontally. The tolerance is fixed per page, so a word box that
    spans two lines (tesseract gives some) does not pull lines together."""
    keyed: dict[str, list[LayerWord]] = {}
    for w in words:
        if w.line:
            keyed.setdefault(w.line, []).append(w)
    loose = [w for w in words if not w.line]
    heights = sorted(w.bottom - w.top for w in loose if len(w.text) >= 2) or [6.0]
    tol = 0.33 * heights[len(heights) // 2]
    lines: list[tuple[float, list[LayerWord]]] = []  # (centre, words)
    for w in sorted(loose, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        cy = (w.top + w.bottom) / 2
        near = [i for i, (lcy, lw) in enumerate(lines) if abs(lcy - cy) <= tol and not any(o.x0 < w.x1 and w.x0 < o.x1 for o in lw)]
        if not near:
            lines.append((cy, [w]))
            continue
        i = min(near, key=lambda i: abs(lines[i][0] - cy))
        lw = lines[i][1] + [w]
        centres = sorted((o.top + o.bottom) / 2 for o in lw)
        lines[i] = (centres[len(centres) // 2], lw)
    lines += [(sorted((o.top + o.bottom) / 2 for o in lw)[len(lw) // 2], lw) for lw in keyed.values()]
    return [sorted(lw, key=lambda w: w.x0) for _, lw in sorted(lines, key=lambda t: (t[0], t[1][0].x0))]


def line_box(line: list[LayerWord]) -> tuple[float, float]:
    """Top and bottom given to every word of a line: the medians of its words' (robust to a word box
    that spans two lines or a lone comma)."""
    tops, bottoms = sorted(w.top for w in line), sorted(w.bottom for w in line)
    return tops[len(tops) // 2], bottoms[len(bottoms) // 2]


def draw_page(canvas, page: ScanPage) -> None:
    """One derived page: fills, rules, then the invisible words (see the module docstring)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font, descent = _font()
    height = page.height
    canvas.setPageSize((page.width, height))
    canvas.setFillColorRGB(0.55, 0.55, 0.55)  # colours as RGB tuples, as the source PDFs give them
    for x0, top, x1, bottom in page.fills:
        canvas.rect(x0, height - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
    canvas.setFillColorRGB(0.3, 0.3, 0.3)
    t = RULE_THICKNESS
    for r in page.horizontal:
        y = (r.top + r.bottom) / 2
        ends = [r.x0, *[c for c in r.cuts if r.x0 < c < r.x1], r.x1]
        for a, b in zip(ends, ends[1:]):
            canvas.rect(a, height - y - t / 2, b - a, t, stroke=0, fill=1)
    for r in page.vertical:
        x = (r.x0 + r.x1) / 2
        canvas.rect(x - t / 2, height - r.bottom, t, r.bottom - r.top, stroke=0, fill=1)
    text = canvas.beginText()
    text.setTextRenderMode(3)  # invisible: the page shows nothing, the readers read everything
    for line in text_lines(page.words):
        top, bottom = line_box(line)
        size = max(bottom - top, MIN_SIZE)
        baseline = bottom + descent * size  # the font's box runs from baseline + descent to baseline + ascent
        for w in line:
            natural = stringWidth(w.text, font, size)
            text.setFont(font, size)
            text.setHorizScale(100.0 * max(w.x1 - w.x0, 0.5) / natural if natural > 0 else 100.0)
            text.setTextOrigin(w.x0, height - baseline)
            text.textOut(w.text)
            text.setHorizScale(100.0)
            text.textOut(" ")
    canvas.drawText(text)
    canvas.showPage()


def write_derived_pdf(source: Path, pages: dict[int, ScanPage], out: Path) -> Path:
    """`source` with each page in `pages` replaced by its derived page; written to `out`."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen.canvas import Canvas

    order = sorted(pages)
    with tempfile.TemporaryDirectory(prefix="ocr-layer-") as tmp:
        layer_path = Path(tmp) / "layer.pdf"
        canvas = Canvas(str(layer_path), invariant=1, pageCompression=1)
        for index in order:
            draw_page(canvas, pages[index])
        canvas.save()
        src, layer, doc = pdfium.PdfDocument(str(source)), pdfium.PdfDocument(str(layer_path)), pdfium.PdfDocument.new()
        try:
            run: list[int] = []
            for index in range(len(src)):
                if index in pages:
                    if run:
                        doc.import_pages(src, run)
                        run = []
                    doc.import_pages(layer, [order.index(index)])
                else:
                    run.append(index)
            if run:
                doc.import_pages(src, run)
            doc.save(str(out))
        finally:
            doc.close()
            layer.close()
            src.close()
    return out
