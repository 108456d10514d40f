"""From assembled cells to contract rows: the small steps every profile's code repeats.

- `money(cell)`, `number(cell)`: a printed cell parsed by `analysis.core.numbers` (Decimal, `-` and an
  empty or missing cell → None); a cell that is not a number is reported in the warnings, never guessed.
- `split_code(text)`: `PH7.1.1 2022 yılında …` → (`PH7.1.1`, `2022 yılında …`).
- `box(cell or row)`: where it is printed, as the contract's `Box`.
- `Totals`: adds `StatedTotal`s with their page and the printed cell's box (a printed `-` is 0.00: the
  forms print a zero total as a dash), and turns a summary table's named rows × value columns into
  stated totals in one call (`named_rows`).
- `match_in_order`: pair two ordered lists of (key, name) items that describe the same things (a Tablo 2
  or a Tablo 3 row and its Tablo 1 activity): same key and the same or the most similar name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal

from analysis.core.model import Box, ExtractedProgram, StatedTotal
from analysis.core.numbers import NotANumber, is_blank_or_dash, parse_money, parse_number
from analysis.core.text import word_key
from analysis.extract.common import similarity
from analysis.extract.core.assemble import Record, Table
from analysis.extract.core.cells import Cell, Row

ZERO = Decimal("0.00")
_CODE = re.compile(r"^([A-Za-zÇĞİÖŞÜçğıöşü]{1,4}\d+(?:\.\d+)*)\.?(?:\s+(.*))?$", re.DOTALL)


def split_code(text: str) -> tuple[str, str]:
    """(`PH7.1.1`, text) from `PH7.1.1 text`; ("", text) when the text does not start with a code."""
    m = _CODE.match(text.strip())
    if not m:
        return "", text.strip()
    return m.group(1), (m.group(2) or "").strip()


def _parse(parse: Callable[[str], Decimal | None], cell: Cell | str | None, warnings: list[str], where: str) -> Decimal | None:
    text = cell.text if isinstance(cell, Cell) else (cell or "")
    try:
        return parse(text)
    except NotANumber:
        warnings.append(f"{where}: not a number: {text!r}")
        return None


def money(cell: Cell | str | None, warnings: list[str], where: str) -> Decimal | None:
    return _parse(parse_money, cell, warnings, where)


def number(cell: Cell | str | None, warnings: list[str], where: str) -> Decimal | None:
    return _parse(parse_number, cell, warnings, where)


def box(where: Cell | Row | None) -> Box | None:
    """The box of a cell or row (PDF points, top-left origin, as pdfplumber measures), for the contract."""
    return None if where is None else Box(*where.box)


class Totals:
    """Stated totals of one program, each with its page and printed cell."""

    def __init__(self, result: ExtractedProgram):
        self.result = result

    def add(self, table: str, scope: str, measure: str, cell: Cell | None, page: int | None, note: str = "", percent: bool = False) -> None:
        if cell is None:
            return
        w = self.result.warnings
        value = (number if percent else money)(cell, w, f"{table} {scope} {measure}")
        if value is None and is_blank_or_dash(cell.text) and not percent:
            value = ZERO  # a printed dash in a money total: nothing, i.e. 0.00
        if value is None:
            return
        note = f"{note}; printed {cell.text!r}" if note else f"printed {cell.text!r}"
        self.result.stated_totals.append(StatedTotal(self.result.program, table, scope, measure, value, page, note, box(cell)))

    def named_rows(
        self, t: Table, table: str, scope_of: Callable[[str], str | None], measure_of: Callable[[str, str], str], roles: Sequence[str], percent: Sequence[str] = ()
    ) -> None:
        """Every value cell (`roles`) of every named row of `t` as a stated total; `scope_of(row key)` None skips
        a row. A named row whose money cell is left blank states 0.00 (the forms print an empty amount as
        `-`, `0,00` or nothing)."""
        for key, rec in t.named.items():
            scope = scope_of(key)
            if scope is None:
                continue
            label = next((c.text for r, c in rec.cells.items() if r not in roles), key)
            for role in roles:
                cell = rec.cells.get(role)
                if cell is None and role not in percent:
                    st = StatedTotal(self.result.program, table, scope, measure_of(key, role), ZERO, rec.page, f"{t.kind.title}: {label}; printed blank")
                    self.result.stated_totals.append(st)
                    continue
                self.add(table, scope, measure_of(key, role), cell, rec.page, f"{t.kind.title}: {label}", percent=role in percent)


def match_in_order(left: Sequence[tuple[str, str]], right: Sequence[tuple[str, str]], threshold: float = 0.8) -> dict[int, int]:
    """Pairs (index in `left` → index in `right`) of items with the same key and the same name (then the
    most similar unused name of that key, at least `threshold`), each right item used once, in order."""
    by_key: dict[str, list[int]] = {}
    for j, (key, _) in enumerate(right):
        by_key.setdefault(key, []).append(j)
    used: set[int] = set()
    pairs: dict[int, int] = {}
    for exact in (True, False):
        for i, (key, name) in enumerate(left):
            if i in pairs:
                continue
            free = [j for j in by_key.get(key, []) if j not in used]
            if exact:
                hit = next((j for j in free if word_key(right[j][1]) == word_key(name)), None)
            else:
                best = max(free, key=lambda j: similarity(right[j][1], name), default=None)
                hit = best if best is not None and similarity(right[best][1], name) >= threshold else None
            if hit is not None:
                pairs[i] = hit
                used.add(hit)
    return pairs


__all__ = ["split_code", "money", "number", "box", "Totals", "match_in_order", "Record"]
