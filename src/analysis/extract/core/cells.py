"""A page's words and rules → rows of cells in reading order, ruled and unruled tables alike.

Every word is placed between the nearest horizontal rules above and below it **that run over it** (a
rule under a spanning header such as *Kaynak İhtiyacı (TL)* only separates the words above and below
it, not *Faaliyetler* beside it), and between the nearest vertical rules left and right of it that cross
its height. Words with the same four walls form one region:

- **ruled** (a vertical rule on both sides): the region is one cell; its box is the area between the
  four rules;
- **unruled** (horizontal rules only, or none at the sides): the region is split into cells by word
  positions: on each text line, a gap wider than `GAP` × the font size separates two cells, and pieces
  of consecutive lines whose extents overlap are one cell (a wrapped name) — unless they are printed on
  different backgrounds (`Page.background`): a cell has one background, so a coloured label row over a
  header of another colour stays a row of its own even with no rule between them. The box runs from
  the leftmost to the rightmost word, and between the horizontal rules.

Cells are grouped into **rows** by the rule under them: a cell spanning two rows (a header such as
*Faaliyetler* beside *Bütçe | Bütçe Dışı | Toplam*, a group label such as *Bütçe* beside the economic
codes) belongs to the row it ends with. Words with no rule above or below them (running text,
headings, page headers and footers) become **text rows** (`Row.ruled` False), one per line, split at the
same gaps. Rows are returned top to bottom, cells left to right. Nothing is interpreted here: which row
is a header, a label or a value is the profile's business (`analysis.extract.core.assemble`).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from analysis.extract.core.page import Page, Rule, Word

GAP = 0.8
"""Two words on one line further apart than this × the font size are in different cells."""
MIN_GAP = 3.5
SAME_ROW = 0.5
SAME_LINE_X = 1.0
"""Rules starting less than this (points) apart start at the same column edge."""
"""Rules under cells closer than this (points) are the same row's bottom."""


@dataclass(frozen=True)
class Cell:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    ruled: bool = False
    """True when vertical rules bound the cell: its box is the cell, not just its text."""

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class Row:
    cells: list[Cell]
    page: int
    top: float
    bottom: float
    ruled: bool = True
    """False for a line of running text (no rule above or below it)."""

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (min(c.x0 for c in self.cells), self.top, max(c.x1 for c in self.cells), self.bottom)


class _Rules:
    """Rules of one direction sorted by position, for finding the nearest one on either side quickly."""

    def __init__(self, rules: list[Rule]):
        self.rules = sorted(rules, key=lambda r: r.at)
        self.at = [r.at for r in self.rules]

    def nearest(self, along: float, across: float, before: bool) -> float | None:
        """The closest rule on one side of `across` (y for horizontal rules, x for vertical) covering `along`."""
        rule = self.nearest_rule(along, across, before)
        return None if rule is None else rule.at

    def snap(self, across: float, within: float = 1.0) -> float:
        """`across`, or the position of the nearest rule (of any extent) less than `within` points from it."""
        i = bisect.bisect_left(self.at, across)
        near = [self.at[k] for k in (i - 1, i) if 0 <= k < len(self.at) and abs(self.at[k] - across) < within]
        return min(near, key=lambda a: abs(a - across)) if near else across

    def nearest_rule(self, along: float, across: float, before: bool) -> Rule | None:
        i = bisect.bisect_left(self.at, across)
        indices = range(i - 1, -1, -1) if before else range(i, len(self.rules))
        for k in indices:
            r = self.rules[k]
            if r.at != across and r.covers(along):
                return r
        return None


def _open_end(above: float | None, below: float | None, word: Word, vrules: _Rules, hrules: _Rules) -> tuple[float | None, float | None]:
    """A cell left open at a page break (a merged cell continued on the next page has no rule under it, or
    none over it at the top of the next page) ends where the vertical rules on both its sides end: at the
    row rule there when one is less than a point away (a stroked rule's end is read up to a line width
    past the rule it stops at)."""
    if (above is None) == (below is None):
        return above, below
    left, right = vrules.nearest_rule(word.yc, word.xc, True), vrules.nearest_rule(word.yc, word.xc, False)
    if left is None or right is None:
        return above, (_beside_end(word, hrules) if below is None else below)
    if below is None:
        end = hrules.snap(min(left.end, right.end))
        return above, (end if end > word.bottom else None)
    start = hrules.snap(max(left.start, right.start))
    return (start if start < word.top else None), below


def _beside_end(word: Word, hrules: _Rules) -> float | None:
    """Without vertical rules, a merged cell left open at a page break ends with the row rules printed beside
    it (rules below the word that start right of it, at the same x: the rows of the other columns), at the
    lowest of them; None when there are none (text under a table)."""
    beside = [r for r in hrules.rules if r.at > word.bottom and r.start > word.x1]
    if not beside:
        return None
    first = min(beside, key=lambda r: r.at)
    return max(r.at for r in beside if abs(r.start - first.start) < SAME_LINE_X)


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into text lines (top to bottom), each left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.yc, w.x0)):
        if lines and abs(lines[-1][0].yc - w.yc) <= 0.4 * max(w.size, 1.0):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _pieces(line: list[Word]) -> list[list[Word]]:
    """One text line split at wide gaps."""
    out: list[list[Word]] = [[line[0]]]
    for prev, w in zip(line, line[1:]):
        if w.x0 - prev.x1 > max(MIN_GAP, GAP * max(w.size, prev.size)):
            out.append([w])
        else:
            out[-1].append(w)
    return out


def _join(words: list[Word]) -> str:
    """The text of a cell: its lines joined with one space; after a word-final hyphen (`e-` / `Belediye`) with none."""
    text = ""
    for line in _lines(words):
        part = " ".join(w.text for w in line)
        last = text.rsplit(" ", 1)[-1]
        if text and not (last.endswith("-") and len(last) > 1):
            text += " "
        text += part
    return text


def _clusters(words: list[Word], background: Callable[[float, float], object] = lambda x, y: None) -> list[list[Word]]:
    """Unruled region → cells: line pieces merged with overlapping pieces of the neighbouring lines printed on
    the same background (`background(x, y)`: the colour under a point, see `Page.background`)."""
    pieces = [p for line in _lines(words) for p in _pieces(line)]
    grounds = [background(p[0].xc, p[0].yc) for p in pieces]
    parent = list(range(len(pieces)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    spans = [(min(w.x0 for w in p), max(w.x1 for w in p), min(w.top for w in p), max(w.bottom for w in p)) for p in pieces]
    for i in range(len(pieces)):
        for j in range(i + 1, len(pieces)):
            a, b = spans[i], spans[j]
            overlap = min(a[1], b[1]) - max(a[0], b[0])
            near = b[2] - a[3] < 0.8 * max(w.size for w in pieces[j]) and a[2] - b[3] < 0.8 * max(w.size for w in pieces[j])
            if overlap > 0 and near and grounds[i] == grounds[j]:
                parent[find(j)] = find(i)
    groups: dict[int, list[Word]] = defaultdict(list)
    for i, p in enumerate(pieces):
        groups[find(i)].extend(p)
    return list(groups.values())


def _same_bottoms(cells_by_bottom: dict[float, list[tuple[float, Cell]]]) -> dict[float, list[tuple[float, Cell]]]:
    """Cells ending on rules less than `SAME_ROW` apart end the same row (a merged cell's bottom rule is often
    a separate stroke, a fraction of a point off the row's)."""
    merged: dict[float, list[tuple[float, Cell]]] = {}
    last: float | None = None
    for below in sorted(cells_by_bottom):
        if last is not None and below - last < SAME_ROW:
            merged[last].extend(cells_by_bottom[below])
            continue
        merged[below] = list(cells_by_bottom[below])
        last = below
    return merged


def page_rows(page: Page) -> list[Row]:
    """The rows of one page, top to bottom (see the module docstring)."""
    regions: dict[tuple, list[Word]] = defaultdict(list)
    loose: list[Word] = []
    hrules, vrules = _Rules(page.hrules), _Rules(page.vrules)
    for w in page.words:
        above, below = _open_end(hrules.nearest(w.xc, w.yc, True), hrules.nearest(w.xc, w.yc, False), w, vrules, hrules)
        if above is None or below is None:
            loose.append(w)
            continue
        left = vrules.nearest(w.yc, w.xc, True)
        right = vrules.nearest(w.yc, w.xc, False)
        regions[(round(above, 1), round(below, 1), left, right)].append(w)
    cells_by_bottom: dict[float, list[tuple[float, Cell]]] = defaultdict(list)
    for (above, below, left, right), words in regions.items():
        ruled = left is not None and right is not None
        if ruled:
            groups = [words]
            boxes = [(left, right)]
        else:
            x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
            local = Page(page.number, page.width, page.height, shades=[s for s in page.shades if s.x0 <= x1 and s.x1 >= x0 and s.top <= below and s.bottom >= above])
            groups = _clusters(words, local.background)
            boxes = [(min(w.x0 for w in g), max(w.x1 for w in g)) for g in groups]
        for g, (x0, x1) in zip(groups, boxes, strict=True):
            cells_by_bottom[below].append((above, Cell(_join(g), x0, above, x1, below, ruled)))
    rows = []
    for below, cells in _same_bottoms(cells_by_bottom).items():
        top = max(a for a, _ in cells)
        rows.append(Row(sorted((c for _, c in cells), key=lambda c: c.x0), page.number, top, below))
    for line in _lines(loose):
        cells = [Cell(" ".join(w.text for w in p), p[0].x0, min(w.top for w in p), p[-1].x1, max(w.bottom for w in p)) for p in _pieces(line)]
        rows.append(Row(cells, page.number, min(c.top for c in cells), max(c.bottom for c in cells), ruled=False))
    rows.sort(key=lambda r: (r.top, r.bottom))
    return rows
