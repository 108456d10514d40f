"""Rows of cells, in reading order → the tables a profile describes, with every cell kept as printed.

One pass over the rows of the whole document (`assemble(rows, profile)`):

- a **label row** (first cell = one of the profile's label words, e.g. *Performans Hedefi*) sets the
  context: it labels the rest of its row; a `starts` label (*İdare Adı*) opens a new table;
- a **header row** is recognised by its vocabulary: each of its cells is matched against every block's
  column words, and the block whose `required` roles are all there, with the most cells matched, wins.
  That decides the table's **kind** (Tablo 1's indicator header, Tablo 2's *Ekonomik Kod | Bütçe Ödeneği*,
  …); each column's role comes from the synonym its header cell prints, a year column's year and role
  from `analysis.extract.core.years`. A row that is no header on its own may be the first of a header
  printed over two rows with a rule across and no merged cells (*Performans* over *Hedefi*, *Kaynak
  İhtiyacı* over *Bütçe | Toplam*): it is read together with the row right under it (`stack_header`)
  when that row is no header on its own either; a block's `subheader` reads the row right under its header
  as more columns (the economic codes `03 | 05 | 06` under a spanning *Ekonomik Kod*); a `stacked` block's
  header may be printed one label per line (read as one row over the cells of the first row under it);
- **data rows** under a header become `Record`s: each cell goes to the column whose header is above it
  (containing its centre, else the nearest), so an empty cell simply has no entry; a row printing one
  of the block's named-row words anywhere (*Genel Toplam*, `03 Mal ve Hizmet …`) is that named row;
  with `seq`, a row must start with its number; `carry_down` roles printed once per group are copied to
  the rows below;
- a table ends with its `closes` row, a new `starts` label, or a header of another kind. A table of the
  same kind that opens while the previous one is still open and repeats its labels is that table
  continued on the next page (Tablo 3 reprints *İdare Adı* and its header on every page); a page without
  repeated headers simply continues the open block.

Rows that fit nowhere inside an open table are kept (`Table.other_rows`), e.g. a spanning header
*Kaynak İhtiyacı (TL)* or Tablo 4's *2022 Yılı Tutar (TL)*; rows outside every table are ignored (front
matter, distractor tables such as the strategic plan's aim list match no header).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from analysis.extract.core.cells import Cell, Row
from analysis.extract.core.profile import Block, Profile, TableKind
from analysis.extract.core.years import header_roles, header_year

_SEQ = re.compile(r"^\d{1,3}\.?$")
UNKNOWN = "unknown_"
"""Prefix of the columns under header cells that name none of the block's roles."""
_NUMBERISH = re.compile(r"\d")
STACK_MAX = 12
"""The most labels of a header printed one label per line (`_Assembler.stacked`)."""


@dataclass(frozen=True)
class Column:
    key: str
    """The role (`budget`), or `year_<year>` for a year column."""
    header: Cell
    year: int | None = None
    year_role: str | None = None


@dataclass
class Record:
    cells: dict[str, Cell]
    row: Row
    seq: str = ""
    named: str = ""
    """The named row's key (`genel_toplam`, `econ_03`), empty for an ordinary data row."""
    carried: tuple[str, ...] = ()
    """Roles copied from a row above (`carry_down`)."""

    def text(self, role: str) -> str:
        cell = self.cells.get(role)
        return cell.text if cell is not None else ""

    @property
    def page(self) -> int:
        return self.row.page


@dataclass
class Table:
    kind: TableKind
    labels: dict[str, Cell] = field(default_factory=dict)
    label_pages: dict[str, int] = field(default_factory=dict)
    headers: dict[str, list[Column]] = field(default_factory=dict)
    records: dict[str, list[Record]] = field(default_factory=dict)
    named: dict[str, Record] = field(default_factory=dict)
    other_rows: list[Row] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    closed: bool = False
    context: dict[str, str] = field(default_factory=dict)
    """The profile's `context` values in force where the table opened (e.g. the unit heading above it)."""

    def seen(self, page: int) -> None:
        if page not in self.pages:
            self.pages.append(page)

    @property
    def page(self) -> int:
        return self.pages[0]


@dataclass
class Assembly:
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------- headers


def read_header(cells: list[Cell], block: Block) -> list[Column] | None:
    """The block's columns if `cells` are its header row (every required role present), else None."""
    named = {block.role_of(c.text) for c in cells}
    if not all(r in named for r in block.required if r != "year"):
        return None  # (quickly: every row of the document is tried as every block's header)
    columns: list[Column] = []
    years = [c for c in cells if block.years and block.role_of(c.text) is None and header_year(c.text)]
    read_years = dict(zip((id(c) for c in years), header_roles([c.text for c in years]), strict=True))
    for c in cells:
        role = block.role_of(c.text)
        if role is not None:
            columns.append(Column(role, c))
        elif id(c) in read_years and read_years[id(c)] is not None:
            year, year_role = read_years[id(c)]
            columns.append(Column(f"year_{year}", c, year, year_role))
    roles = {("year" if c.year is not None else c.key) for c in columns}
    if len(columns) < 2 or not all(r in roles for r in block.required):
        return None
    # a header cell naming no column of the block still owns the cells under it (a `S.No` column the profile
    # does not declare must not push its numbers into the next column); those cells are kept under `UNKNOWN_*`
    known = {id(c.header) for c in columns}
    columns += [Column(f"{UNKNOWN}{i}", c) for i, c in enumerate(cells) if id(c) not in known and c.text.strip() and c.ruled]
    return columns


def cells_under(upper: Row, lower: Row) -> list[list[Cell]]:
    """For each cell of `upper`, the cells of `lower` under it (overlapping by more than a point)."""
    return [[c for c in lower.cells if min(u.x1, c.x1) - max(u.x0, c.x0) > 1.0] for u in upper.cells]


def stack_header(upper: Row, lower: Row, block: Block, under_each: list[list[Cell]] | None = None) -> list[Cell]:
    """The cells of a header printed over two adjacent rows (`upper` right above `lower`, no merged cells) as
    one header row for `block`: a cell of `upper` and the only cell of `lower` under it are one header cell
    when their joined text names a column of the block (*Performans* over *Hedefi*); every other cell stays
    as printed (a spanning *Kaynak İhtiyacı (TL)* over *Bütçe | Toplam* names no column, `read_header`
    leaves it out, and the cells under it name theirs). Returns the cells left to right. `under_each`:
    `cells_under(upper, lower)`, when the caller stacks the same rows for several blocks."""
    cells: list[Cell] = []
    used: set[int] = set()
    for u, under in zip(upper.cells, under_each or cells_under(upper, lower), strict=True):
        if len(under) == 1 and id(under[0]) not in used and block.role_of(f"{u.text} {under[0].text}") is not None:
            c = under[0]
            used.add(id(c))
            cells.append(Cell(f"{u.text} {c.text}", min(u.x0, c.x0), u.top, max(u.x1, c.x1), c.bottom, u.ruled and c.ruled))
        else:
            cells.append(u)
    return sorted(cells + [c for c in lower.cells if id(c) not in used], key=lambda c: c.x0)


def _adjacent(upper: Row, lower: Row | None) -> bool:
    """`lower` is the ruled row right under the ruled row `upper`, on the same page."""
    return lower is not None and upper.ruled and lower.ruled and lower.page == upper.page and abs(lower.top - upper.bottom) <= 1.0


def column_of(cell: Cell, columns: list[Column]) -> Column:
    """The column of a cell by its header alone: the header containing its centre, else the nearest."""
    inside = [c for c in columns if c.header.x0 - 0.5 <= cell.xc <= c.header.x1 + 0.5]
    if inside:
        return min(inside, key=lambda c: c.header.x1 - c.header.x0)

    def distance(c: Column) -> tuple[float, float]:
        gap = max(c.header.x0 - cell.x1, cell.x0 - c.header.x1, 0.0)
        return gap, abs(c.header.xc - cell.xc)

    return min(columns, key=distance)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


class ColumnMap:
    """Which column each data cell of one block is printed in.

    Ruled cells span their whole column, so the header above them tells (`column_of`). Unruled cells
    span only their text (a short name left-aligned under a centred *Faaliyetler* may sit nearer the
    *Performans Hedefi* header than its own): there the block's columns are found from the data, as the
    stretches of x that the header cells and the ordinary rows' cells cover, separated by gaps no cell
    covers; each stretch belongs to the header it overlaps most, and a stretch under no header (short
    texts left-aligned under a wide centred header) to the nearest header no other stretch of data is
    under (else the nearest).
    """

    def __init__(self, columns: list[Column], cells: list[Cell]):
        self.columns = columns
        self.stretches: list[tuple[float, float, Column]] = []
        if all(c.ruled for c in cells) and all(c.header.ruled for c in columns):
            return
        spans = sorted([(c.header.x0, c.header.x1) for c in columns] + [(c.x0, c.x1) for c in cells])
        merged: list[list[float]] = []
        for a, b in spans:
            if merged and a <= merged[-1][1] + 1.0:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        alone: list[tuple[float, float]] = []
        for a, b in merged:
            over = [(_overlap(a, b, c.header.x0, c.header.x1), c) for c in columns]
            best = max(over, key=lambda o: o[0])
            if best[0] > 0:
                self.stretches.append((a, b, best[1]))
            else:
                alone.append((a, b))
        taken = {id(col) for a, b, col in self.stretches if any(_overlap(a, b, c.x0, c.x1) > 0 for c in cells)}
        for a, b in alone:
            # under no header (short texts left-aligned under a wide centred header): the nearest header that no
            # other stretch is under, else the nearest
            free = [c for c in columns if id(c) not in taken]
            column = column_of(Cell("", a, 0, b, 0), free or columns)
            taken.add(id(column))
            self.stretches.append((a, b, column))

    def __call__(self, cell: Cell) -> Column:
        if not self.stretches or cell.ruled:
            return column_of(cell, self.columns)
        best = max(self.stretches, key=lambda s: _overlap(s[0], s[1], cell.x0, cell.x1))
        return best[2] if _overlap(best[0], best[1], cell.x0, cell.x1) > 0 else column_of(cell, self.columns)


# ------------------------------------------------------------------------------------------- assembler


class _Assembler:
    def __init__(self, profile: Profile):
        self.profile = profile
        self.out = Assembly()
        self.table: Table | None = None  # the open table (its kind decided)
        self.pending: dict[str, tuple[Cell, int]] = {}  # labels read before the next table's header
        self.block: Block | None = None
        self.columns: list[Column] = []
        self.last: dict[str, Cell] = {}  # carry_down values of the block
        self.buffer: list[tuple[Row, list[Cell], str | None, str]] = []  # data rows of the open block
        self.pending_rows: list[Row] = []  # rows between the pending labels and the next header
        self.context: dict[str, str] = {}  # the profile's context values read so far
        self.under_header = False  # the next row is the first under a header (a `subheader` row?)
        self.label_above: tuple[str, Row] | None = None  # a label printed alone, its value on the next row
        self.no_header: Row | None = None  # the row last found to be no header on its own

    def read_context(self, row: Row) -> None:
        """A row of text matching one of the profile's `context` patterns sets that value; a new value
        (the next unit's heading) ends the open table."""
        text = " ".join(row.texts)
        for key, pattern in self.profile.context.items():
            m = pattern.search(text)
            if m and " ".join(m.group(1).split()) != self.context.get(key):
                self.context[key] = " ".join(m.group(1).split())
                if self.table is not None and not self.table.closed:
                    self.finish()
                    self.table.closed = True
                    self.block = None

    def row(self, row: Row, below: Row | None = None) -> bool:
        """Read one row (`below`: the next row of the document, None at the end); True when `below` was read
        with it (the second row of a header printed over two rows)."""
        if not row.cells:
            return False
        if self.profile.context and (self.table is None or self.table.closed or not any(c.ruled for c in row.cells)):
            self.read_context(row)  # headings: text rows, or rows outside a ruled grid
        if not row.ruled:
            return False
        if row is not self.no_header and self.header(row):
            return False
        if _adjacent(row, below) and below.cells and self.not_header(below) and self.header(row, below):
            assert self.table is not None
            self.table.other_rows.append(row)
            return True
        label = self.profile.label_of(row.cells[0].text)
        above, self.label_above = self.label_above, None
        if label is not None and len(row.cells) >= 2:
            self.label(label, row)
            return False
        if label is not None and self.profile.value_below:
            self.label_above = (label, row)
            self.label(label, row)
            return False
        if above is not None:
            self.label(above[0], Row([above[1].cells[0], *row.cells], row.page, row.top, row.bottom))
            return False
        if self.table is not None and self.block is not None and not self.table.closed:
            self.data(row)
        elif self.pending:
            self.pending_rows.append(row)  # between a table's labels and its header (a spanning header)
        return False

    def stacked(self, rows: list[Row], i: int) -> int:
        """A header printed one label per line from `rows[i]` on (a block's `stacked`): the run of one-cell rows
        whose cells each name a column (or a year) is read as one header row, label k over the k-th cell of the
        first row under it that has as many. The number of rows read (0: none)."""
        run: list[Cell] = []
        for row in rows[i:i + STACK_MAX]:
            if not (row.ruled and len(row.cells) == 1 and self._names_column(row.cells[0].text)):
                break
            run.append(row.cells[0])
        under = next((r for r in rows[i + len(run):i + len(run) + 3] if len(r.cells) >= len(run)), None)
        if len(run) < 2 or under is None:
            return 0
        cells = [Cell(label.text, c.x0, label.top, c.x1, label.bottom, c.ruled) for label, c in zip(run, under.cells)]
        header = Row(cells, rows[i].page, run[0].top, run[-1].bottom)
        best = self.best_header(header)
        if best is None or not best[3].stacked or not self.header(header):
            return 0
        self.out.warnings.append(f"page {header.page}: {best[2].title}: header printed one label per line; columns taken in printed order")
        return len(run)

    def _names_column(self, text: str) -> bool:
        return any(b.stacked and (b.role_of(text) is not None or (b.years and header_year(text) is not None)) for k in self.profile.kinds for b in k.blocks)

    def not_header(self, row: Row) -> bool:
        """`row` is no header on its own (whatever table is open: kept for when `row` is read next)."""
        if self.best_header(row) is None:
            self.no_header = row
            return True
        return False

    def label(self, key: str, row: Row) -> None:
        if len(row.cells) < 2:  # printed alone: its value comes with the next row (`Profile.value_below`)
            if key in self.profile.starts:
                self.pending, self.pending_rows = {}, []
            return
        value = Cell(" ".join(c.text for c in row.cells[1:]), row.cells[1].x0, row.top, row.cells[-1].x1, row.bottom)
        if key in self.profile.starts:
            self.pending, self.pending_rows = {}, []
        self.pending[key] = (value, row.page)

    def best_header(self, row: Row, below: Row | None = None) -> tuple[int, int, TableKind, Block, list[Column]] | None:
        """The block whose header `row` is (with `below`: the header printed over the two rows, see
        `stack_header`) as (columns, open kind, kind, block, columns), the most columns winning; None if none."""
        best: tuple[int, int, TableKind, Block, list[Column]] | None = None
        under_each = None if below is None else cells_under(row, below)
        for kind in self.profile.kinds:
            for block in kind.blocks:
                columns = read_header(row.cells if below is None else stack_header(row, below, block, under_each), block)
                if columns is None:
                    continue
                current = int(self.table is not None and self.table.kind is kind and not self.table.closed)
                score = (sum(not c.key.startswith(UNKNOWN) for c in columns), current)
                if best is None or score > best[:2]:
                    best = (*score, kind, block, columns)
        return best

    def header(self, row: Row, below: Row | None = None) -> bool:
        """Open (or continue) the table whose header `row` is (with `below`, see `best_header`); False when it is none."""
        best = self.best_header(row, below)
        if best is None:
            return False
        _, _, kind, block, columns = best
        self.finish()
        self.open(kind, row.page)
        assert self.table is not None
        if self.block is not block:
            self.last = {}
        self.block, self.columns = block, columns
        self.under_header = bool(block.subheader)
        self.table.headers.setdefault(block.name, columns)
        self.table.records.setdefault(block.name, [])
        self.table.seen(row.page)
        return True

    def open(self, kind: TableKind, page: int) -> None:
        """Make `self.table` the table the next header belongs to: the open one continued, or a new one."""
        t = self.table
        pending, rows = self.pending, self.pending_rows
        self.pending, self.pending_rows = {}, []
        if t is not None and not t.closed and t.kind is kind:
            same = all(t.labels[k].text == v.text for k, (v, _) in pending.items() if k in t.labels)
            if same:
                for k, (v, p) in pending.items():
                    t.labels.setdefault(k, v)
                    t.label_pages.setdefault(k, p)
                t.other_rows.extend(rows)
                return
        t = Table(kind, other_rows=rows, context=dict(self.context))
        for k, (v, p) in pending.items():
            t.labels[k], t.label_pages[k] = v, p
            t.seen(p)
        t.seen(page)
        self.out.tables.append(t)
        self.table, self.block = t, None

    def data(self, row: Row) -> None:
        """A row under the open block: kept until the block ends (its columns may depend on all its rows)."""
        t, block = self.table, self.block
        assert t is not None and block is not None
        t.seen(row.page)
        if self.under_header:
            self.under_header = False
            if self.subheader(row, block):
                return
        cells = list(row.cells)
        named = next((k for c in cells if (k := block.named_row(c.text)) is not None), None)
        seq = ""
        if named is None and block.seq:
            if not _SEQ.match(cells[0].text):
                self.other(row)
                return
            seq = cells.pop(0).text.rstrip(".")
        self.buffer.append((row, cells, named, seq))
        if named is not None and named == block.closes:
            t.closed = True
            self.finish()

    def subheader(self, row: Row, block: Block) -> bool:
        """The row right under the header naming more columns (`Block.subheader`: `03 | 05 | 06` under *Ekonomik
        Kod*): each matching cell becomes the column `<key>_<code>`, in place of the header spanning them; True
        if the row was one."""
        found = [Column(f"{key}_{m.group(1)}", c) for c in row.cells for key, pattern in block.subheader.items() if (m := pattern.match(c.text.strip()))]
        if not found:
            return False
        assert self.table is not None
        # the spanning header over them (Ekonomik Kod) names no column of its own any more
        kept = [c for c in self.columns if not any(c.header.x0 - 0.5 <= f.header.xc <= c.header.x1 + 0.5 for f in found)]
        if self.table.headers.get(block.name) is self.columns:
            self.table.headers[block.name] = kept + found
        self.columns = kept + found
        return True

    def finish(self) -> None:
        """Turn the buffered rows of the open block into records."""
        t, block, rows = self.table, self.block, self.buffer
        self.buffer = []
        if t is None or block is None or not rows:
            return
        needed = len([r for r in block.required if r not in block.filled and r != "year"])
        plain = [c for _row, cells, named, _seq in rows if named is None and len(cells) >= needed for c in cells]
        where = ColumnMap(self.columns, plain)
        entries: list[tuple[Row, dict[str, Cell], str | None, str]] = []
        for row, cells, named, seq in rows:
            by_role: dict[str, list[Cell]] = {}
            for c in cells:
                by_role.setdefault(where(c).key, []).append(c)
            joined = {k: _merge(v) for k, v in by_role.items()}
            if named is None and not block.seq and not _is_record(joined, block):
                self.other(row)
                continue
            entries.append((row, joined, named, seq))
        _fill_spans(entries, block.span)
        for row, joined, named, seq in entries:
            carried = []
            if named is None:
                for role in block.filled:
                    if role in joined:
                        self.last[role] = joined[role]
                    elif role in self.last:
                        joined[role] = self.last[role]
                        carried.append(role)
            record = Record(joined, row, seq, named or "", tuple(carried))
            if named is not None:
                t.named.setdefault(named, record)
            else:
                t.records[block.name].append(record)
        if t.closed:
            self.block = None

    def other(self, row: Row) -> None:
        assert self.table is not None
        self.table.other_rows.append(row)
        if any(_NUMBERISH.search(c.text) and header_year(c.text) is None for c in row.cells):
            self.out.warnings.append(f"page {row.page}: a row of {self.table.kind.title} was not understood: {' | '.join(row.texts)[:120]}")


def _is_record(joined: dict[str, Cell], block: Block) -> bool:
    """A data row of the block: every required role printed (or given by a row above); a block of parallel
    record lists needs only one list's first role (an indicator, or an activity, or both)."""
    if block.records:
        return any(roles[0] in joined for roles in block.records.values())
    return all(r in joined or r in block.filled for r in block.required if r != "year")


def _fill_spans(entries: list[tuple[Row, dict[str, Cell], str | None, str]], roles: tuple[str, ...]) -> None:
    """A cell merged over several rows is read with the row it ends with (cells are grouped by the rule
    under them): give it to every row above on its page that it covers."""
    for i, (row, joined, _named, _seq) in enumerate(entries):
        for role in roles:
            cell = joined.get(role)
            if cell is None or cell.top >= row.top - 1.0:
                continue
            for above, cells, named, _ in entries[:i]:
                if named is None and above.page == row.page and above.top >= cell.top - 1.0 and above.bottom <= cell.bottom + 1.0:
                    cells.setdefault(role, cell)


def _merge(cells: list[Cell]) -> Cell:
    if len(cells) == 1:
        return cells[0]
    return Cell(" ".join(c.text for c in cells), min(c.x0 for c in cells), min(c.top for c in cells), max(c.x1 for c in cells), max(c.bottom for c in cells))


def assemble(rows: Iterable[Row], profile: Profile) -> Assembly:
    """The profile's tables in `rows` (every page's rows, in reading order)."""
    asm = _Assembler(profile)
    rows = list(rows)
    stacking = any(b.stacked for k in profile.kinds for b in k.blocks)
    skip = 0
    for i, row in enumerate(rows):
        if skip:
            skip -= 1
        elif stacking and (n := asm.stacked(rows, i)):
            skip = n - 1
        else:
            skip = int(asm.row(row, rows[i + 1] if i + 1 < len(rows) else None))
    asm.finish()
    for t in asm.out.tables:
        if not t.closed and any(b.closes for b in t.kind.blocks):
            asm.out.warnings.append(f"{t.kind.title} from page {t.page}: its closing row was not found")
    return asm.out
