"""A PDF page as words and rules: the raw material of every table, read with pypdfium2 (no rendering).

`read_pages(path)` opens the PDF once and yields one `Page` per page:

- `words`: runs of printed characters (split at spaces and at gaps wider than a fifth of the font size),
  each with its box and font size;
- `hrules` / `vrules`: the page's horizontal and vertical ruling lines. Every straight, axis-parallel
  stroke of a path is one (a line, a stroked rectangle's sides), and so is a filled rectangle thinner
  than `THIN` points (Word and many PDF writers draw rules that way). A filled box is shading, not a
  rule: writers such as reportlab shade a header row in one piece, straight under its merged cells.
  Segments at the same height that touch are merged into one rule.
- `shades`: the filled boxes (a cell's or a band's background), with their fill colour, in the order they
  are painted: where there is no rule, a change of background still parts two cells (a coloured label
  row over a differently coloured header, with no rule between them).

Coordinates are PDF points from the page's **top-left** corner, as pdfplumber measures them (`top` <
`bottom`), so a box can be cut from the page with `pdfplumber`'s `page.crop((x0, top, x1, bottom))`.
Paths inside form XObjects are followed with their matrices. Curves are not rules.

Why pypdfium2 rather than pdfplumber here: pdfplumber interprets every page in Python (about 0.1 s a
page); pdfium does the same in C (about 0.02 s a page for words and rules together).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

THIN = 2.5
"""A filled rectangle thinner than this (points) is a rule, not a box."""
SAME_LINE = 1.0
"""Segments closer than this (points) across their direction are the same rule."""


class Centred:
    """The centre of anything with `x0`, `x1`, `top`, `bottom` (a word, a cell): where a word is placed."""

    __slots__ = ()
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Word(Centred):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass(frozen=True)
class Rule:
    """A ruling line: horizontal (`at` = y, from `start` to `end` in x) or vertical (`at` = x, `start`/`end` in y)."""

    at: float
    start: float
    end: float

    def covers(self, value: float, slack: float = 1.0) -> bool:
        return self.start - slack <= value <= self.end + slack


@dataclass(frozen=True)
class Shade:
    """A filled box (top-left origin like everything here) and its fill colour (r, g, b, 0-255)."""

    x0: float
    top: float
    x1: float
    bottom: float
    colour: tuple[int, int, int]

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    hrules: list[Rule] = field(default_factory=list)
    vrules: list[Rule] = field(default_factory=list)
    shades: list[Shade] = field(default_factory=list)

    def background(self, x: float, y: float) -> tuple[int, int, int] | None:
        """The colour painted last under the point (x, y); None where nothing (or white) is."""
        for shade in reversed(self.shades):
            if shade.contains(x, y):
                return None if min(shade.colour) >= 250 else shade.colour
        return None


# ------------------------------------------------------------------------------------------------- words


def _words(textpage, top_of_page: float, left_of_page: float) -> list[Word]:
    """Words from pdfium's characters, in the order the page's content prints them."""
    import pypdfium2.raw as raw

    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # characters outside the BMP: ask char by char
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(count))
    rect = raw.FS_RECTF()
    words: list[Word] = []
    run: list[int] = []
    boxes: list[tuple[float, float, float, float]] = []
    size = 0.0

    def flush() -> None:
        if run:
            chars = "".join("-" if text[i] == "\ufffe" else text[i] for i in run)
            words.append(Word(chars, min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes), size))
            run.clear()
            boxes.clear()

    for i, ch in enumerate(text):
        if ch.isspace() or ch == "\x00":
            flush()
            continue
        raw.FPDFText_GetLooseCharBox(textpage.raw, i, rect)
        box = (rect.left - left_of_page, top_of_page - rect.top, rect.right - left_of_page, top_of_page - rect.bottom)
        if run:
            prev = boxes[-1]
            if abs(box[1] - prev[1]) > 0.5 * size or box[0] - prev[2] > 0.2 * size or box[0] < prev[0] - 0.5:
                flush()
        if not run:
            size = raw.FPDFText_GetFontSize(textpage.raw, i) or (box[3] - box[1])
        run.append(i)
        boxes.append(box)
    flush()
    return words


# ------------------------------------------------------------------------------------------------- rules


IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix applying `inner`, then `outer`."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(obj_raw) -> tuple[float, ...]:
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj_raw, ctypes.byref(m)):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _fill_colour(obj_raw) -> tuple[int, int, int]:
    import pypdfium2.raw as raw

    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not raw.FPDFPageObj_GetFillColor(obj_raw, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return (0, 0, 0)
    return (r.value, g.value, b.value)


def _path_segments(obj_raw, matrix: tuple[float, ...], outer: tuple[float, ...], out: list[tuple]) -> None:
    """Axis-parallel pieces of one path object, in page coordinates (y up): ('h', y, x0, x1) / ('v', x, y0, y1);
    a filled rectangle also as ('fill', x0, y0, x1, y1, colour)."""
    import pypdfium2.raw as raw

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj_raw, ctypes.byref(fill), ctypes.byref(stroke))
    if not fill.value and not stroke.value:
        return  # an invisible path (e.g. a clip)
    n = raw.FPDFPath_CountSegments(obj_raw)
    a, b, c, d, _e, _f = matrix
    if n <= 5 and abs(b) < 1e-9 and abs(c) < 1e-9:
        # a line or a rectangle in an unrotated matrix: its bounds say everything (the common case, fast)
        left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        raw.FPDFPageObj_GetBounds(obj_raw, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
        x0, y0 = _apply(outer, left.value, bottom.value)
        x1, y1 = _apply(outer, right.value, top.value)
        x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        w, h = x1 - x0, y1 - y0
        if h < THIN and w >= THIN:
            out.append(("h", (y0 + y1) / 2, x0, x1))
            return
        if w < THIN and h >= THIN:
            out.append(("v", (x0 + x1) / 2, y0, y1))
            return
        if n >= 4 and w >= THIN and h >= THIN:
            if fill.value:
                out.append(("fill", x0, y0, x1, y1, _fill_colour(obj_raw)))
            if stroke.value:  # a stroked rectangle: its four sides are rules
                out.extend((("h", y0, x0, x1), ("h", y1, x0, x1), ("v", x0, y0, y1), ("v", x1, y0, y1)))
            return  # a filled box is shading, not a rule: shading often runs under merged cells
    points: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(n):
        seg = raw.FPDFPath_GetPathSegment(obj_raw, i)
        kind = raw.FPDFPathSegment_GetType(seg)
        raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        p = _apply(matrix, x.value, y.value)
        if kind == raw.FPDF_SEGMENT_MOVETO or not points:
            points.append([p])
        elif kind == raw.FPDF_SEGMENT_LINETO:
            points[-1].append(p)
        else:  # a curve ends this straight run
            points.append([p])
        if raw.FPDFPathSegment_GetClose(seg) and len(points[-1]) > 1:
            points[-1].append(points[-1][0])
    for run in points:
        xs, ys = [p[0] for p in run], [p[1] for p in run]
        if not stroke.value:  # filled only: a thin rectangle is a rule, anything else shading
            w, h = max(xs) - min(xs), max(ys) - min(ys)
            if h < THIN and w >= THIN:
                out.append(("h", (max(ys) + min(ys)) / 2, min(xs), max(xs)))
            elif w < THIN and h >= THIN:
                out.append(("v", (max(xs) + min(xs)) / 2, min(ys), max(ys)))
            continue
        for (x0, y0), (x1, y1) in zip(run, run[1:]):
            if abs(y1 - y0) < 0.5 and abs(x1 - x0) >= 0.5:
                out.append(("h", (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
            elif abs(x1 - x0) < 0.5 and abs(y1 - y0) >= 0.5:
                out.append(("v", (x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _collect(container_raw, count, get, matrix: tuple[float, ...] | None, out: list, depth: int = 0) -> None:
    import pypdfium2.raw as raw

    for i in range(count(container_raw)):
        obj = get(container_raw, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM) or (kind == raw.FPDF_PAGEOBJ_FORM and depth >= 8):
            continue  # text and images draw no rules
        own = _matrix(obj)
        m = own if matrix is None else _compose(own, matrix)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            _path_segments(obj, m, matrix or IDENTITY, out)
        else:
            _collect(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, m, out, depth + 1)


def same_line_groups(segments: list[tuple[float, float, float]], tol: float = SAME_LINE, *, strict: bool = False) -> list[list[tuple[float, float, float]]]:
    """(at, start, end) segments, sorted, in groups on one line: `at` within `tol` of the group's first
    (`< tol` when `strict`, else `<= tol`)."""
    groups: list[list[tuple[float, float, float]]] = []
    for seg in sorted(segments):
        gap = seg[0] - groups[-1][0][0] if groups else tol + 1.0
        if gap < tol or (gap == tol and not strict):
            groups[-1].append(seg)
        else:
            groups.append([seg])
    return groups


def _merge(segments: list[tuple[float, float, float]]) -> list[Rule]:
    """(at, start, end) segments → rules: the same `at` within SAME_LINE, touching intervals joined."""
    rules: list[Rule] = []
    for group in same_line_groups(segments):
        at = sum(s[0] for s in group) / len(group)
        run_start, run_end = None, None
        for _, s, e in sorted(group, key=lambda s: s[1]):
            if run_start is not None and s <= run_end + SAME_LINE:
                run_end = max(run_end, e)
                continue
            if run_start is not None:
                rules.append(Rule(at, run_start, run_end))
            run_start, run_end = s, e
        if run_start is not None:
            rules.append(Rule(at, run_start, run_end))
    return rules


def _rules(page, top_of_page: float, left_of_page: float) -> tuple[list[Rule], list[Rule], list[Shade]]:
    """The page's horizontal and vertical rules and its filled boxes (see the module docstring)."""
    import pypdfium2.raw as raw

    pieces: list[tuple] = []
    _collect(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, None, pieces)
    h = [(top_of_page - at, a - left_of_page, b - left_of_page) for k, at, a, b in (p for p in pieces if p[0] == "h")]
    v = [(at - left_of_page, top_of_page - b, top_of_page - a) for k, at, a, b in (p for p in pieces if p[0] == "v")]
    shades = [Shade(x0 - left_of_page, top_of_page - y1, x1 - left_of_page, top_of_page - y0, colour) for _, x0, y0, x1, y1, colour in (p for p in pieces if p[0] == "fill")]
    return _merge(h), _merge(v), shades


# ------------------------------------------------------------------------------------------------ driver


def read_pages(path: Path | str, numbers: list[int] | None = None) -> Iterator[Page]:
    """Every page (or the 1-based `numbers`) of the PDF at `path`, opened once, in order."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for number in numbers or range(1, len(pdf) + 1):
            page = pdf[number - 1]
            try:
                left, bottom, right, top = page.get_mediabox()
                textpage = page.get_textpage()
                try:
                    words = _words(textpage, top, left)
                finally:
                    textpage.close()
                hrules, vrules, shades = _rules(page, top, left)
                yield Page(number, right - left, top - bottom, words, hrules, vrules, shades)
            finally:
                page.close()
    finally:
        pdf.close()
