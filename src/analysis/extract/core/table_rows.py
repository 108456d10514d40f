"""A ruled table's body rows and its total row, as a layout declares them in YAML.

A summary table printed over one or more pages repeats its header, may print rows too short to be data
(a title spanning the table) and closes with a total row. Per table kind:

    end_tables:
      unit_totals: {cells: 3, skip: [MÜDÜRLÜK ADI], total: {label: TOPLAM}}
      admin_activities: {cells: 4, skip: [PERFORMANS HEDEFİ FAALİYET], total: {label: TOPLAM, cells: [0, null, -2, -1]}}
      economic_codes: {cells: 5, skip: [İDARE ADI, EKONOMİK KOD]}

`cells`: a row with fewer cells is skipped, and a row keeps its first `cells` cells; `skip`: a row whose text
(cells joined) starts with one of these phrases is a header; `total.label`: a row whose first cell is this
is the total row (`total.cells`: which of its cells it keeps, by position, `null` for an empty cell; by
default its first `cells`). Phrases are compared upper-cased with İ and I merged (`dotless_key`).

`load_table_rows(spec, where)` → {kind: `TableRows`}; `TableRows.read(rows, boxes)` → (is the total row,
cells, their boxes) for every row kept, in order.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from analysis.core.model import Box
from analysis.core.text import dotless_key


@dataclass(frozen=True)
class TableRows:
    cells: int
    skip: tuple[str, ...] = ()
    total: str = ""
    total_cells: tuple[int | None, ...] | None = None

    def read(self, rows: Sequence[list[str]], boxes: Sequence[list[Box]]) -> Iterator[tuple[bool, list[str], list[Box | None]]]:
        for row, b in zip(rows, boxes, strict=True):
            if len(row) < self.cells or any(dotless_key(" ".join(row)).startswith(s) for s in self.skip):
                continue
            if self.total and dotless_key(row[0]) == self.total:
                if self.total_cells is not None:
                    pick = self.total_cells
                    yield True, ["" if i is None else row[i] for i in pick], [None if i is None else b[i] for i in pick]
                    continue
                yield True, row[: self.cells], list(b[: self.cells])
                continue
            yield False, row[: self.cells], list(b[: self.cells])


def _table(spec: Any, where: str) -> TableRows:
    if not isinstance(spec, dict) or not isinstance(spec.get("cells"), int) or not isinstance(spec.get("skip", []), list):
        raise ValueError(f"{where}: expected {{cells: <count>, skip: [phrases], total: {{label, cells}}}}")
    total = spec.get("total") or {}
    if not isinstance(total, dict) or (total and not isinstance(total.get("label"), str)):
        raise ValueError(f"{where}.total: expected {{label: <first cell>, cells: [positions]}}")
    picks = total.get("cells")
    if picks is not None and (not isinstance(picks, list) or not all(p is None or isinstance(p, int) for p in picks)):
        raise ValueError(f"{where}.total.cells: expected a list of cell positions (null for an empty cell)")
    return TableRows(spec["cells"], tuple(dotless_key(s) for s in spec.get("skip", [])), dotless_key(total.get("label", "")),
                     None if picks is None else tuple(picks))


def load_table_rows(spec: Any, where: str) -> dict[str, TableRows]:
    """{table kind: how its rows are read}, from the layout's YAML (see the module docstring)."""
    if not isinstance(spec, dict):
        raise ValueError(f"{where}: expected table kind → {{cells, skip, total}}")
    return {kind: _table(s, f"{where}.{kind}") for kind, s in spec.items()}


__all__ = ["TableRows", "load_table_rows"]
