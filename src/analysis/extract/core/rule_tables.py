"""Tables ruled only horizontally, and label boxes: a designed page read from its words, rules and fills.

Takes a page as pdfplumber gives it (`extract_words(extra_attrs=["upright"])`, `page.rects`), gives:

- **rules with column cuts** (`merge_rules`): a designed table with no vertical lines still closes every row
  with a thin horizontal rule drawn as one segment per column; the segments at one height become one
  `CutRule`, and the points where one segment ends and the next begins (`cuts`) are the column bounds;
- **rows between rules** (`RulePage.rule_table`): under a header whose underline starts at the table's
  left edge, the header's cells column by column and every row between two consecutive rules of the
  table's extent, each cell with the words whose centre it contains and its box (column bounds × the
  rules above and below). Exact where column guessing from text alignment fails: right-aligned numbers,
  empty cells and names wrapping over several lines;
- **label boxes** (`RulePage.bands`, `RulePage.read_band`): filled rectangles side by side form a band; a
  band of three or four boxes whose first is narrow is a label row (label | code | text [| extra]), a
  band with one box wider than 0.6 of the page is a title bar.

Every word is taken at most once (`WordPool`): what is left after reading (`leftovers`) is what the page
prints outside every element, for the layout to report. Nothing here names a layout's words: which header
opens which table and what a label means is the layout's business.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.core.model import Box
from analysis.core.text import join_lines, norm
from analysis.extract.core.page import Centred, Shade, same_line_groups


@dataclass
class PlacedWord(Centred):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    used: bool = False


@dataclass
class CutRule:
    """A horizontal rule made of one or more touching segments (one per column)."""

    y: float
    x0: float
    x1: float
    cuts: list[float] = field(default_factory=list)
    """x positions where one segment ends and the next begins: the column boundaries."""


@dataclass
class RuleTable:
    """A table under one header: the column bounds from the header's underline, its header cells and rows."""

    header_top: float
    header_bottom: float
    bounds: list[float]
    rows: list[list[str]] = field(default_factory=list)
    header_cells: list[str] = field(default_factory=list)
    """The header's text column by column."""
    boxes: list[list[Box]] = field(default_factory=list)
    """The cells of `rows`: column bounds × the rules above and below the row."""


def text_lines(words: list[PlacedWord], tol: float = 2.0) -> list[list[PlacedWord]]:
    """Group words into text lines (same top within `tol`), each sorted left to right."""
    out: list[list[PlacedWord]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if out and abs(out[-1][0].top - w.top) <= tol:
            out[-1].append(w)
        else:
            out.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in out]


def pdf_join(lines: list[str]) -> str:
    """Re-join the lines of a PDF cell with single spaces (`norm` then closes wrapped hyphens)."""
    return join_lines([norm(x) for x in lines])


def words_text(words: list[PlacedWord]) -> str:
    """The words as one cell's text, line by line."""
    return pdf_join([" ".join(w.text for w in line) for line in text_lines(words)])


def inside(w: PlacedWord, x0: float, top: float, x1: float, bottom: float) -> bool:
    return x0 <= w.xc <= x1 and top <= w.yc <= bottom


def merge_rules(segments: list[tuple[float, float, float]]) -> list[CutRule]:
    """Join thin horizontal segments `(y, x0, x1)` at the same height into rules; segment ends become cuts.

    A rule may be drawn twice at the same height (a header underline over a row rule): the union of the
    segments is kept and their shared ends are counted once.
    """
    rules: list[CutRule] = []
    for group in same_line_groups(segments, 0.6, strict=True):
        y = group[0][0]
        runs: list[list[float]] = []  # [x0, x1, *inner cuts]
        for _, x0, x1 in sorted(group, key=lambda s: s[1]):
            if runs and x0 <= runs[-1][1] + 1.0:
                run = runs[-1]
                new_cut = x0 > run[0] + 1.0 and all(abs(x0 - c) > 1.0 for c in run[2:])
                if new_cut and (abs(x0 - run[1]) <= 1.0 or x0 < run[1] - 1.0):
                    run.append(x0)
                run[1] = max(run[1], x1)
            else:
                runs.append([x0, x1])
        for run in runs:
            rules.append(CutRule(y, run[0], run[1], sorted(run[2:])))
    return rules


def _rgb(colour: object) -> tuple[int, int, int]:
    """pdfplumber's fill colour (grey, RGB or CMYK, 0-1) as RGB 0-255; black when it is none of these."""
    v = [float(c) for c in colour if isinstance(c, (int, float))] if isinstance(colour, (tuple, list)) else []
    if len(v) == 1:
        v *= 3
    elif len(v) == 4:
        v = [(1 - c) * (1 - v[3]) for c in v[:3]]
    return (round(255 * v[0]), round(255 * v[1]), round(255 * v[2])) if len(v) == 3 else (0, 0, 0)


class WordPool:
    """A page's upright words, rules with cuts and filled boxes; each word is taken at most once."""

    def __init__(self, words: list[dict], rects: list[dict], width: float, height: float):
        self.width, self.height = float(width), float(height)
        self.words = [
            PlacedWord(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]))
            for w in words
            if w.get("upright", True)
        ]
        self.fills: list[Shade] = []  # filled boxes: label boxes, title bars, a row's shading
        segments = []
        for r in rects:
            h = float(r["bottom"]) - float(r["top"])
            w = float(r["x1"]) - float(r["x0"])
            if h < 2.0 and w > 5:
                segments.append((float(r["top"]), float(r["x0"]), float(r["x1"])))
            elif h >= 8 and w < self.width * 0.98:
                self.fills.append(Shade(float(r["x0"]), float(r["top"]), float(r["x1"]), float(r["bottom"]), _rgb(r.get("non_stroking_color"))))
        self.rules = merge_rules(segments)

    def take(self, x0: float, top: float, x1: float, bottom: float) -> list[PlacedWord]:
        got = [w for w in self.words if not w.used and inside(w, x0, top, x1, bottom)]
        for w in got:
            w.used = True
        return got

    def free_lines(self) -> list[list[PlacedWord]]:
        """The text lines of the words not taken yet."""
        return text_lines([w for w in self.words if not w.used])

    def leftovers(self) -> list[PlacedWord]:
        return [w for w in self.words if not w.used]

    # -- tables ruled only horizontally ----------------------------------------------------------

    def header_rule(self, top: float, left: float) -> CutRule | None:
        """The header's underline: the first rule with cuts below `top` that starts at the table's left edge."""
        under = [r for r in self.rules if r.cuts and r.y > top and r.x0 <= left + 1]
        return min(under, key=lambda r: r.y) if under else None

    def read_table(self, t: RuleTable, below: float) -> list[PlacedWord]:
        """Fill `t` (found by `header_rule`) with its header cells and its rows down to `below` (the next
        table's underline, or the page's bottom); returns the header's words."""
        full = [r for r in self.rules if r.cuts]  # row rules are drawn per column: at least one cut
        head_top = t.header_top - 30
        prev_bottom = max([r.y for r in full if r.y < t.header_top and abs(r.x0 - t.bounds[0]) < 2] + [0.0])
        head_top = max(head_top, prev_bottom)
        header_words = self.take(t.bounds[0] - 2, head_top, t.bounds[-1] + 2, t.header_bottom)
        t.header_cells = [words_text([w for w in header_words if c0 <= w.xc <= c1]) for c0, c1 in zip(t.bounds, t.bounds[1:])]
        t.header_top = min([w.top for w in header_words] + [t.header_top])
        row_rules = [r.y for r in full if t.header_bottom < r.y < below and abs(r.x0 - t.bounds[0]) < 2 and abs(r.x1 - t.bounds[-1]) < 2]
        edges = [t.header_bottom, *sorted(row_rules)]
        for a, b in zip(edges, edges[1:]):
            cells, boxes = [], []
            for c0, c1 in zip(t.bounds, t.bounds[1:]):
                cells.append(words_text(self.take(c0, a, c1, b)))
                boxes.append(Box(c0, a, c1, b))
            if any(cells):
                t.rows.append(cells)
                t.boxes.append(boxes)
        return header_words

    # -- label boxes and title bars ---------------------------------------------------------------

    def bands(self) -> list[tuple[float, list[Shade]]]:
        """Filled boxes grouped into horizontal bands (label | code | text [| extra]), top to bottom."""
        bands: list[tuple[float, list[Shade]]] = []
        for b in sorted(self.fills, key=lambda b: (round(b.top), b.x0)):
            if bands and abs(bands[-1][0] - b.top) < 2.0:
                bands[-1][1].append(b)
            else:
                bands.append((b.top, [b]))
        return bands

    def read_band(self, top: float, band: list[Shade]) -> tuple[str, tuple] | None:
        """A band's words: `("label", (label, code, text, extra, boxes))`, `("title", text)`, or None (a
        table's row shading, already read, or a band that is neither)."""
        band.sort(key=lambda b: b.x0)
        bottom = max(b.bottom for b in band)
        left, right = min(b.x0 for b in band), max(b.x1 for b in band)
        if not any(not w.used and inside(w, left, top - 1, right, bottom + 1) for w in self.words):
            return None
        widest = max(band, key=lambda b: b.x1 - b.x0)
        if len(band) >= 3 and band[0].x1 - band[0].x0 < self.width * 0.3:
            parts = [words_text(self.take(b.x0, top - 1, b.x1, bottom + 1)) for b in band[:4]]
            label, code, text = parts[:3]
            extra = parts[3] if len(parts) >= 4 else ""
            boxes = {name: Box(b.x0, b.top, b.x1, b.bottom) for name, b in zip(("code", "text", "extra"), band[1:4])}
            return "label", (label, code, text, extra, boxes)
        if widest.x1 - widest.x0 > self.width * 0.6:
            return "title", (words_text(self.take(widest.x0, top - 1, widest.x1, bottom + 1)),)
        return None


__all__ = ["PlacedWord", "CutRule", "RuleTable", "WordPool", "merge_rules", "text_lines", "pdf_join", "words_text", "inside"]
