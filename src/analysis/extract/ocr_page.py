"""One scanned page as the layout readers need it: words, ruling lines with their column cuts, filled boxes.

`read_scan_page(pdf, index)` renders a page without a text layer (300 dpi), finds its skew, rules and dark
fills (`analysis.extract.ocr`), reads its words (tesseract, Turkish model), and returns a `ScanPage` in PDF
points with a top-left origin: what `analysis.extract.ocr_layer` draws into a derived PDF page, so that the
same readers that read a text PDF (camelot lattice on vector rules, pdfplumber words and rules) read it.

What it adds to the raw OCR, so that the readers find what a text PDF gives them:

- **Numbers are read cell by cell.** Whole-page OCR loses or garbles small numbers (about one word in
  nine). Every table cell whose words are all number-like, or that holds print but no word while its
  column holds numbers, is re-read on its own with a digit whitelist (`ocr.ocr_cells`); that reading
  replaces the page's words in the cell. Cells come from the rules: a fully ruled grid's rectangles
  (`ocr.table_cells`, with the edges of dark header fills), or for tables ruled with horizontal lines
  only, rows between rules cut at the columns' white gutters (`unruled_tables`).
- **Repairs are unambiguous and recorded.** A cell reading that is not a number in the documents' format
  is repaired by `ocr.repair_number` only where one repair alone makes it one; the word keeps what was
  read (`read`) and what was changed (`note`). A reading that stays no number is kept as read and
  marked `uncertain`.
- **Columns of unruled tables.** A text PDF draws such a table's rules one segment per column; the card
  reader takes the columns from those segment ends (`Rule.cuts`). In a scan the segments join into one
  line, so the cuts come from the white gutters that most rows of the table share: a table is a run of
  rows between rules of the same extent whose print holds digits (a header row holds none and starts
  the next table), and a gutter counts when at least `GUTTER_SHARE` of the table's rows leave it white.
- **Fills.** Dark fills (title bars, label and code boxes) are split where their shade changes (a label
  box beside a code box scans as one dark area); a row of two or more dark boxes followed by words gets
  the light text box beside it (too light to be found in the scan). Dark fills inside a ruled table give
  their edges as rules, and the white lines that separate dark header cells are found on the inverted fill.

Cache: with `cache_dir`, a page's `ScanPage` is kept as JSON named by the sha256 of (the PDF's sha256, page,
dpi, tesseract version, the code of this module and of `ocr`), so a second run neither renders nor OCRs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from analysis.extract import ocr

Segment = ocr.Segment
DPI = 300
GUTTER_SHARE = 0.75
"""A white run is a column gutter of an unruled table when at least this share of its rows leave it white
(a long name crossing a gutter in one row in four does not remove it)."""
MAX_ROW = 60.0
"""Tallest row (points) between two rules of an unruled table; a taller gap is not a row."""
MIN_GUTTER = 4.0
"""Narrowest white run (points) taken for a column gutter."""
SHADE_STEP = 28
"""Grey levels by which two adjoining fills must differ to be told apart."""
DIGITS = str.maketrans("OolIS|B", "0011158")


@dataclass(frozen=True)
class LayerWord:
    """One word of the derived text layer (PDF points, top-left origin, deskewed frame = the page frame).

    `text` is what the layer carries; `read` what tesseract read when a repair changed it, `note` the
    repair or why the reading is uncertain; `numeric` for a table cell re-read as a number."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float
    numeric: bool = False
    read: str = ""
    note: str = ""
    uncertain: bool = False
    line: str = ""
    """The text line of a word read in a cell (`<cell>:<line>`); empty for words of the whole-page reading,
    which `ocr_layer.text_lines` groups into lines by their position."""


@dataclass(frozen=True)
class Rule:
    """A ruling line (x0, top, x1, bottom); `cuts`: x positions where a horizontal rule of an unruled table
    is drawn broken, one segment per column, as text PDFs draw them."""

    x0: float
    top: float
    x1: float
    bottom: float
    cuts: tuple[float, ...] = ()


@dataclass
class ScanPage:
    """What one scanned page holds, for the derived text layer and for marking OCR values."""

    index: int
    width: float
    height: float
    angle: float
    dpi: int
    words: list[LayerWord] = field(default_factory=list)
    horizontal: list[Rule] = field(default_factory=list)
    vertical: list[Rule] = field(default_factory=list)
    fills: list[Segment] = field(default_factory=list)
    cells: list[Segment] = field(default_factory=list)
    """The table cells found (ruled and unruled), for reference and tests."""

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict) -> ScanPage:
        def rules(items: list[dict]) -> list[Rule]:
            return [Rule(**{**r, "cuts": tuple(r["cuts"])}) for r in items]

        return cls(d["index"], d["width"], d["height"], d["angle"], d["dpi"], [LayerWord(**w) for w in d["words"]],
                   rules(d["horizontal"]), rules(d["vertical"]), [tuple(f) for f in d["fills"]], [tuple(c) for c in d["cells"]])


# ----------------------------------------------------------------------------------------------- fills


def split_fills(a: np.ndarray, scale: float, boxes: list[tuple[Segment, float]], min_size: float = 10.0) -> list[Segment]:
    """Dark fills split where their shade changes along x (a label box beside a code box of another
    colour scans as one dark area). `a` is the deskewed page. The strongest steps of the column-median
    grey (over 2 pt either side) come first; pieces narrower than `min_size` points are not made."""
    out: list[Segment] = []
    min_px, d = int(min_size * scale), max(1, int(2 * scale))
    for (x0, top, x1, bottom), _grey in boxes:
        y0, y1 = int((top + 2) * scale), int((bottom - 2) * scale)
        region = a[y0:max(y1, y0 + 1), int(x0 * scale):int(x1 * scale)]
        if region.size == 0 or region.shape[1] <= 2 * d:
            out.append((x0, top, x1, bottom))
            continue
        profile = np.percentile(region, 20, axis=0)  # the fill, not the (white) letters printed on it
        step = np.abs(profile[2 * d:] - profile[:-2 * d])
        cuts: list[int] = []
        for i in np.argsort(-step):
            if step[i] <= SHADE_STEP:
                break
            x = int(i) + d
            if min_px <= x <= len(profile) - min_px and all(abs(x - c) >= min_px for c in cuts):
                cuts.append(x)
        bounds = [0, *sorted(cuts), len(profile)]
        out += [(x0 + b0 / scale, top, x0 + b1 / scale, bottom) for b0, b1 in zip(bounds, bounds[1:])]
    return out


def light_boxes(fills: list[Segment], words: list[ocr.OcrWord], right: float) -> list[Segment]:
    """The light text box beside each row of two or more adjoining dark boxes (label | code | text):
    from the row's right end to `right` (the page's content edge), where words are printed there."""
    rows: list[list[Segment]] = []
    for f in sorted(fills, key=lambda f: (round(f[1]), f[0])):
        if rows and abs(rows[-1][0][1] - f[1]) < 2 and abs(rows[-1][0][3] - f[3]) < 2 and abs(rows[-1][-1][2] - f[0]) < 2:
            rows[-1].append(f)
        else:
            rows.append([f])
    out = []
    for row in rows:
        top, bottom, end = min(f[1] for f in row), max(f[3] for f in row), row[-1][2]
        if len(row) < 2 or right - end < 20:
            continue
        if any(end < (w.x0 + w.x1) / 2 < right and top < (w.top + w.bottom) / 2 < bottom for w in words):
            out.append((end, top, right, bottom))
    return out


def rules_inside_fills(a: np.ndarray, scale: float, fills: list[Segment]) -> tuple[list[Segment], list[Segment]]:
    """White lines separating dark header cells: found as rules on the inverted fill (text does not
    survive the rule morphology; only strokes of `ocr.RULE_MIN_LENGTH` or more do)."""
    if not fills:
        return [], []
    inverted = np.full_like(a, 255)
    for x0, top, x1, bottom in fills:
        ys, xs = slice(int(top * scale) + 2, int(bottom * scale) - 2), slice(int(x0 * scale) + 2, int(x1 * scale) - 2)
        inverted[ys, xs] = 255 - a[ys, xs]
    rules = ocr.detect_rules(inverted, scale, deskew_first=False)
    return rules.horizontal, rules.vertical


# ------------------------------------------------------------------------------------------- tables


def _crossed(rule: Segment, vertical: list[Segment], tol: float = 2.5) -> bool:
    """True when a vertical rule meets this horizontal rule (a ruled grid's line)."""
    y = (rule[1] + rule[3]) / 2
    return any(rule[0] - tol <= (v[0] + v[2]) / 2 <= rule[2] + tol and v[1] - tol <= y <= v[3] + tol for v in vertical)


def _inside(w: ocr.OcrWord | LayerWord, box: Segment) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _runs(white: np.ndarray, min_px: int) -> list[tuple[int, int]]:
    """(start, end) pixel runs of `white` at least `min_px` long that touch neither end (margins)."""
    out, start = [], None
    for i, w in enumerate([*white, False]):
        if w and start is None:
            start = i
        elif not w and start is not None:
            if i - start >= min_px and start > 0 and i < len(white):
                out.append((start, i))
            start = None
    return out


def table_columns(a: np.ndarray, scale: float, rows: list[Segment], header: Segment | None) -> list[float]:
    """Column bounds (left edge, cuts, right edge) of an unruled table from its rows and its header band.

    Body gutters: white runs that at least `GUTTER_SHARE` of the rows leave white. Header gutters: the
    white runs between the header's words. Each header gutter gives one cut: where the body gutter that
    overlaps it most meets it (or its own middle: a column empty in every row is still a column). A
    body gutter under header print (a heading over two columns) gives a cut only where the columns on
    both sides hold print in at least half of the rows (a short name's trailing white is no column)."""
    left, right = rows[0][0], rows[0][2]
    profiles = [ocr.ink_columns(a, scale, r) for r in rows]
    width = min(len(p) for p in profiles)
    inked = np.array([p[:width] for p in profiles])
    min_px = int(MIN_GUTTER * scale)
    body = _runs(np.mean(~inked, axis=0) >= GUTTER_SHARE - 1e-9, min_px)
    head = _runs(~ocr.ink_columns(a, scale, header)[:width], min_px) if header is not None else []
    cuts: list[float] = []
    for h0, h1 in head:
        overlaps = [(min(h1, b1) - max(h0, b0), max(h0, b0), min(h1, b1)) for b0, b1 in body if min(h1, b1) > max(h0, b0)]
        _, c0, c1 = max(overlaps) if overlaps else (0, h0, h1)
        cuts.append((c0 + c1) / 2)
    under_print = [b for b in body if not any(min(h1, b[1]) > max(h0, b[0]) for h0, h1 in head)]
    bounds = sorted([0, *cuts, width])
    for b0, b1 in under_print:
        lo = max(x for x in bounds if x <= b0)
        hi = min(x for x in bounds if x >= b1)
        if min(np.mean(inked[:, int(lo):b0].any(axis=1)), np.mean(inked[:, b1:int(hi)].any(axis=1))) >= 0.5:
            cuts.append((b0 + b1) / 2)
    return [left, *sorted(left + c / scale for c in cuts), right]


def _header_band(first: Segment, above: list[Segment], max_height: float = 40.0) -> Segment | None:
    """The band above a table's first rule where its column headings are printed: up to `max_height`
    points, stopped by the nearest rule or fill above that overlaps the table."""
    stop = max([s[3] for s in above if s[3] <= first[1] - 1 and min(s[2], first[2]) - max(s[0], first[0]) > 5] + [first[1] - max_height])
    return (first[0], stop, first[2], first[1]) if first[1] - stop >= 6 else None


def unruled_tables(a: np.ndarray, scale: float, horizontal: list[Segment], words: list[ocr.OcrWord],
                   obstacles: list[Segment]) -> tuple[list[Rule], list[Segment], list[Segment]]:
    """Tables ruled with horizontal lines only: their rules with column cuts, their cells, and their header
    cells (the header band above the first rule cut at the same columns: read one by one, a heading's
    small words survive, `İLK 6 AY` is not read `İLK GAY` as on the whole page).

    Rules of the same extent (ends within 2 pt) are one group; consecutive rules closer than `MAX_ROW`
    close a row. A row with no word of two digits or more in its print (a column header) ends a table,
    so a header printed between two tables of one group starts the next. Columns: `table_columns`, with
    the header band above the table's first rule (bounded by `obstacles`: other rules and fills)."""
    groups: list[list[Segment]] = []
    for rule in sorted(horizontal, key=lambda r: (r[1], r[0])):
        for group in groups:
            if abs(group[0][0] - rule[0]) < 2 and abs(group[0][2] - rule[2]) < 2:
                group.append(rule)
                break
        else:
            groups.append([rule])
    rules: list[Rule] = []
    cells: list[Segment] = []
    headers: list[Segment] = []
    for group in groups:
        tables: list[list[Segment]] = [[group[0]]]
        for upper, lower in zip(group, group[1:]):
            box = (min(upper[0], lower[0]), upper[3], max(upper[2], lower[2]), lower[1])
            digits = any(sum(c.isdigit() for c in w.text) >= 2 for w in words if _inside(w, box))
            if 6 <= box[3] - box[1] <= MAX_ROW and digits:
                tables[-1].append(lower)
            else:
                tables.append([lower])
        for table in tables:
            if len(table) < 2:
                rules.append(Rule(*table[0]))
                continue
            left, right = min(r[0] for r in table), max(r[2] for r in table)
            rows = [(left, u[3], right, d[1]) for u, d in zip(table, table[1:])]
            header = _header_band((left, table[0][1], right, table[0][3]), [*horizontal, *obstacles])
            bounds = table_columns(a, scale, rows, header)
            rules += [Rule(*r, tuple(bounds[1:-1])) for r in table]
            cells += [(c0, r[1], c1, r[3]) for r in rows for c0, c1 in zip(bounds, bounds[1:])]
            if header is not None:
                headers += [(c0, header[1], c1, header[3]) for c0, c1 in zip(bounds, bounds[1:])]
    return rules, cells, headers


# -------------------------------------------------------------------------------------------- numbers


def numberish(text: str) -> bool:
    """A whole-page word that may be a number (letters read for digits included) or a lone dash, and not
    a code: `13.243.82` and `1O0` are, `16.12.1.5` (more than one dot group that is not three digits) is not."""
    t = text.strip("()[]{}'\"`!:;")  # stray marks the page reading adds around a number
    if t in ("-", "–", "—", "_"):
        return True
    t = t.translate(DIGITS).replace(";", ",").replace(":", ".")
    if not re.fullmatch(r"[-%]?\d[\d.,]*%?", t):
        return False
    groups = t.split(",")[0].split(".")[1:]
    return sum(len(g) != 3 for g in groups) <= 1


SIGN_READINGS = "$#&₺€tbe()"
"""What the Turkish model makes of a `₺` printed after an amount (it has no such glyph): `$`, `#`, `&`,
`t`, `(te)`, `(b)`; stray `*`, quotes and degree signs around them go with them."""


def _amount_words(inside: list[ocr.OcrWord]) -> bool:
    """Whether a cell's whole-page words are an amount or a number: all number-like once a unit sign
    read after them is left out (`339.844.036,00 ₺` read `339.844.036,00 $` or `0,00t`), or a long run
    of digits with a stray mark (`>3.371.932,00`: six digits or more, no letter that is not a digit
    misread, not a dotted code). `ocr.ocr_cells` reads the sign as a digit but leaves it out where the page shows it is one.
    `2020*` (a heading) stays text: a trailing `*` alone is no unit sign."""
    text = " ".join(w.text for w in sorted(inside, key=lambda w: w.x0))
    stripped = re.sub(r"[\s$#&₺€()*\"'°tbe]+$", "", text)
    if not any(c in "$#&₺€tb" for c in text[len(stripped):]):
        stripped = text
    if stripped and all(numberish(t) for t in stripped.split()):
        return True
    letters = sum(c.isalpha() and c not in "OolISB" for c in stripped)
    return sum(c.isdigit() for c in stripped) >= 6 and letters == 0 and not _code_shaped(stripped)


def _code_shaped(text: str) -> bool:
    """A dotted code (`166.12.1.3`, an indicator code whose `İG` was read as digits): two or more dot
    groups that are not thousands groups; an amount's groups have three digits each."""
    return any(sum(len(g) != 3 for g in token.split(",")[0].split(".")[1:]) > 1 for token in re.findall(r"[\d.,]+", text))


def numeric_cells(cells: list[Segment], words: list[ocr.OcrWord]) -> list[Segment]:
    """Cells to re-read as numbers: those whose words are all number-like (`_amount_words`), and those
    without words that overlap a number cell's column by half their width or more (a small number the
    page reading lost)."""
    numbers, empty = [], []
    for c in [c for c in cells if not _tall(c)]:  # sideways headings are text
        inside = [w for w in words if _inside(w, c)]
        if inside and _amount_words(inside):
            numbers.append(c)
        elif not inside:
            empty.append(c)
    lost = [c for c in empty if any(min(c[2], n[2]) - max(c[0], n[0]) >= 0.5 * (c[2] - c[0]) for n in numbers)]
    return sorted(numbers + lost, key=lambda c: (c[1], c[0]))


def cell_word(reading: ocr.OcrWord, line: str = "") -> LayerWord:
    """A cell read as a number, as a layer word: repaired where the format allows one repair only (the
    reading kept in `read`), marked uncertain where it stays no number."""
    box = (reading.x0, reading.top, reading.x1, reading.bottom, reading.conf)
    text, note = ocr.repair_number(reading.text)
    if note:
        return LayerWord(text, *box, numeric=True, read=reading.text, note=note, line=line)
    if not ocr.is_turkish_number(text):
        why = f"read {reading.text!r}, not a number in the document's format"
        return LayerWord(text, *box, numeric=True, note=why, uncertain=True, line=line)
    return LayerWord(text, *box, numeric=True, line=line)


# ------------------------------------------------------------------------------------------- the page


def is_noise(w: ocr.OcrWord) -> bool:
    """A whole-page "word" that is a speck, the edge of a fill or a scrap of a picture, not print."""
    height, width = w.bottom - w.top, w.x1 - w.x0
    return height < 2.5 or width < 1.2 or (w.conf < 35 and len(w.text) <= 2 and not w.text.isdigit())


def _replace(layer: list[LayerWord], cells: list[Segment], readings: list[ocr.OcrWord], numeric: bool, tag: str) -> list[LayerWord]:
    """The layer with the words of each read cell replaced by the cell's reading (cells read empty keep theirs)."""
    for i, (cell, r) in enumerate(zip(cells, readings)):
        if r.text:
            key = f"{tag}{i}"
            word = cell_word(r, key) if numeric else LayerWord(r.text, r.x0, r.top, r.x1, r.bottom, r.conf, line=key)
            layer = [w for w in layer if not _inside(w, cell)] + [word]
    return layer


def _grid(a: np.ndarray, scale: float, rules: ocr.Rules, fills: list[Segment]) -> tuple[list[Segment], list[Segment], list[Segment]]:
    """A fully ruled table's lines, with the dark header fills it meets turned into their edges and the white
    lines between dark header cells (rules drawn along a dark fill do not show in a scan): (horizontal,
    vertical, the fills used so)."""
    in_grid = [f for f in fills if rules.vertical and any(_crossed((f[0], y, f[2], y), rules.vertical) for y in (f[1], f[3]))]
    edges_h, edges_v = ocr.box_edges(in_grid)
    inner_h, inner_v = rules_inside_fills(a, scale, in_grid)
    ruled_h = [h for h in rules.horizontal if _crossed(h, rules.vertical)]
    return (ocr.merge_segments([*ruled_h, *edges_h, *inner_h], True),
            ocr.merge_segments([*rules.vertical, *edges_v, *inner_v], False), in_grid)


def _within(w: ocr.OcrWord | LayerWord, box: Segment, slack: float = 1.0) -> bool:
    return w.x0 >= box[0] - slack and w.x1 <= box[2] + slack and w.top >= box[1] - slack and w.bottom <= box[3] + slack


def _tall(cell: Segment) -> bool:
    """A cell whose heading is printed sideways (economic-code columns): tall and narrow."""
    return cell[3] - cell[1] >= 40 and cell[3] - cell[1] >= 1.5 * (cell[2] - cell[0])


def _read_text_cells(layer: list[LayerWord], normalised: np.ndarray, scale: float, cells: list[Segment], words: list[ocr.OcrWord],
                     lang: str) -> list[LayerWord]:
    """Text cells read one by one replace the page's words in them; a cell that a page word crosses (text
    printed over a cell line) keeps the page's words. A tall cell is also read turned both ways (headings
    printed sideways); the turned reading is kept when it is clearly more confident."""
    heights = sorted(w.bottom - w.top for w in words) or [0.0]
    normal = [w for w in words if w.bottom - w.top <= 1.5 * heights[len(heights) // 2]]  # not a box over two lines

    def overlaps(w: ocr.OcrWord, c: Segment) -> bool:
        return min(w.x1, c[2]) - max(w.x0, c[0]) > 1 and min(w.bottom, c[3]) - max(w.top, c[1]) > 1

    crossed = {c for c in cells if any(overlaps(w, c) and not _within(w, c) for w in normal)}
    flat = [c for c in cells if c not in crossed]
    readings = dict(zip(flat, ocr.ocr_text_cells(normalised, scale, flat, lang=lang)))
    tall = [c for c in flat if _tall(c)]
    for cell, side in zip(tall, ocr.ocr_sideways_cells(normalised, scale, tall, lang=lang)):
        upright = [w for line in readings[cell] for w in line]
        conf = sum(w.conf * len(w.text) for w in upright) / max(1, sum(len(w.text) for w in upright))
        if side.text and side.conf > conf + 10:  # printed sideways: one line across the middle of the cell,
            cx, cy, half = (cell[0] + cell[2]) / 2, (cell[1] + cell[3]) / 2, 0.3 * (cell[2] - cell[0])
            readings[cell] = [[ocr.OcrWord(side.text, cx - half, cy - 3, cx + half, cy + 3, side.conf)]]  # clear of its neighbours
    for i, (cell, lines) in enumerate(readings.items()):
        if lines:  # a cell read on its own keeps small marks the sparse page reading loses
            layer = [w for w in layer if not _inside(w, cell)]
            layer += [LayerWord(w.text, w.x0, w.top, w.x1, w.bottom, w.conf, line=f"t{i}:{j}") for j, line in enumerate(lines) for w in line]
    return layer


def build_page(image, scale: float, index: int, width: float, height: float, dpi: int, lang: str = ocr.LANG) -> ScanPage:
    """Everything `ScanPage` holds, from a rendered page (see the module docstring for the steps)."""
    rules = ocr.detect_rules(image, scale)
    a = ocr.deskew(image, rules.angle)
    dark = ocr.detect_boxes(a, scale)
    grid_h, grid_v, in_grid = _grid(a, scale, rules, [box for box, _grey in dark])
    fills = split_fills(a, scale, [d for d in dark if d[0] not in in_grid])  # label | code boxes told apart
    erase = ocr.Rules([*rules.horizontal, *grid_h], [*rules.vertical, *grid_v], rules.angle)
    words = [w for w in ocr.ocr_words(a, scale, lang=lang, erase=erase) if not is_noise(w)]
    grid_cells = ocr.table_cells(grid_h, grid_v) if grid_v else []
    free_h = [h for h in rules.horizontal if not _crossed(h, rules.vertical)]
    card_rules, card_cells, header_cells = unruled_tables(a, scale, free_h, words, fills)
    boxes = list(fills)
    labels = list(boxes)  # title bars, label and code boxes: white print on a dark fill
    right = max([r[2] for r in rules.horizontal] + [f[2] for f in fills], default=width)
    boxes += light_boxes(boxes, words, right)
    cells = grid_cells + card_cells
    layer = [LayerWord(w.text, w.x0, w.top, w.x1, w.bottom, w.conf) for w in words]
    normalised = ocr.erase_rules(ocr.normalise_page(a, scale), scale, erase)  # dark fills inverted, rules gone
    if labels:
        layer = _replace(layer, labels, ocr.ocr_cells(normalised, scale, labels, False, lang=lang), False, "b")
    todo = numeric_cells(cells, words)
    if todo:
        layer = _replace(layer, todo, ocr.ocr_cells(a, scale, todo, True, lang=lang), True, "n")
    layer = _read_text_cells(layer, normalised, scale, [c for c in cells if c not in todo] + header_cells, words, lang)
    return ScanPage(index, width, height, rules.angle, dpi, sorted(layer, key=lambda w: (w.top, w.x0)),
                    [Rule(*h) for h in grid_h] + card_rules, [Rule(*v) for v in grid_v], boxes, cells)


# ------------------------------------------------------------------------------------------- cached


def _code_hash() -> str:
    digest = hashlib.sha256()
    for module in (ocr.__file__, __file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()[:16]


def page_key(pdf_sha256: str, index: int, dpi: int) -> str:
    """The cache name of one page's record: what was read, how, and by which code."""
    parts = ["scan-page", pdf_sha256, str(index), str(dpi), ocr.tesseract_version(), _code_hash()]
    return hashlib.sha256(":".join(parts).encode()).hexdigest()


def read_scan_page(pdf_path: str | Path, index: int, pdf_sha256: str, *, dpi: int = DPI, cache_dir: str | Path | None = None) -> ScanPage:
    """`build_page` for page `index` (0-based) of a PDF, through the cache when `cache_dir` is given."""
    path = Path(cache_dir) / f"{page_key(pdf_sha256, index, dpi)}.json" if cache_dir is not None else None
    if path is not None and path.exists():
        try:
            return ScanPage.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a damaged entry is read again
    image, scale = ocr.render_page(pdf_path, index, dpi)
    width, height = ocr._page_size(pdf_path, index)
    page = build_page(image, scale, index, width, height, dpi)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(page.to_json(), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    return page
