"""Column codes a table does not print, inferred from totals printed elsewhere: a summary table's header.

Takes the TOTAL rows of several summary tables whose value columns carry codes (economic codes `01` …
`09`) that could not be read (a text edition prints no header; a vertical header is shattered), and the
totals per code printed in another table (the economic-code table). Gives the assignment of codes to
columns under which the per-code sums of all the tables' TOTAL rows equal the printed per-code totals
exactly, when there is exactly one; the caller reports the case where there is none or more than one.

Rule, from the document alone: a table's value columns are codes in ascending order (as every printed
header has them), so a table of `n` columns takes `n` of the codes, left to right. The search runs from the
highest code down: at each code, the set of tables whose rightmost unassigned column takes that code must
add up exactly to the code's total. A column of 0,00 could sit under any code: it is given the lowest code
possible (zero columns are never chosen for a code; they fall to the codes left when a table has as many
columns left as codes).

`infer_column_codes(totals, code_totals, codes)` → the solutions found (at most two: enough to tell a
unique one); `unique_column_codes` → the one solution, or None. Where the header is printed (a rotated
`01.PERSONEL GİDERLERİ` read as one cell), `printed_column_codes(rows, pattern)` reads the codes from it.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
ZERO = Decimal("0.00")


def _subsets(opts: list[K], value: Mapping[K, Decimal], need: Decimal) -> Iterable[list[K]]:
    """Every subset of `opts` (sorted largest value first) whose values add up to `need` exactly."""
    suffix = [ZERO] * (len(opts) + 1)
    for k in range(len(opts) - 1, -1, -1):
        suffix[k] = suffix[k + 1] + value[opts[k]]

    def rec(k: int, left: Decimal, chosen: list[K]) -> Iterable[list[K]]:
        if left == ZERO:
            yield list(chosen)
            return
        if k >= len(opts) or left < ZERO or suffix[k] < left:
            return
        chosen.append(opts[k])
        yield from rec(k + 1, left - value[opts[k]], chosen)
        chosen.pop()
        yield from rec(k + 1, left, chosen)

    if need >= ZERO:
        yield from rec(0, need, [])


def infer_column_codes(totals: Mapping[K, Sequence[Decimal]], code_totals: Mapping[str, Decimal], codes: Sequence[str], limit: int = 2) -> list[dict[K, list[str]]]:
    """Assignments of `codes` (ascending) to the value columns of each table, up to `limit` of them.

    `totals`: per table, its TOTAL row's value columns (left to right, without the row total);
    `code_totals`: the amount each code must sum to over all tables; `codes`: the candidate codes in
    ascending order (codes whose printed total is zero are usually left out by the caller).
    """
    solutions: list[dict[K, list[str]]] = []
    tables = list(totals)

    def search(ci: int, ptr: dict[K, int], got: dict[K, list[str]]) -> None:
        if len(solutions) >= limit:
            return
        if ci < 0:
            if all(p == 0 for p in ptr.values()):
                solutions.append({u: list(v) for u, v in got.items()})
            return
        code = codes[ci]
        live = [u for u in tables if ptr[u] > 0]
        if any(ptr[u] > ci + 1 for u in live):
            return  # more columns left than codes left
        forced = [u for u in live if ptr[u] == ci + 1]  # as many columns left as codes: this one is needed
        value = {u: totals[u][ptr[u] - 1] for u in live}
        need = code_totals.get(code, ZERO) - sum((value[u] for u in forced), ZERO)
        opts = sorted((u for u in live if u not in forced and value[u] != ZERO), key=lambda u: -value[u])
        for extra in _subsets(opts, value, need):
            chosen = forced + extra
            nptr = dict(ptr)
            for u in chosen:
                nptr[u] -= 1
                got[u].insert(0, code)
            search(ci - 1, nptr, got)
            for u in chosen:
                got[u].pop(0)

    search(len(codes) - 1, {u: len(totals[u]) for u in tables}, {u: [] for u in tables})
    return solutions


def unique_column_codes(totals: Mapping[K, Sequence[Decimal]], code_totals: Mapping[str, Decimal], codes: Sequence[str]) -> dict[K, list[str]] | None:
    """The one assignment of `infer_column_codes`, or None when there is none or more than one."""
    found = infer_column_codes(totals, code_totals, codes)
    return found[0] if len(found) == 1 else None


def printed_column_codes(rows: Sequence[Sequence[str]], pattern: re.Pattern[str], first: int = 3) -> tuple[list[str] | None, int]:
    """The codes a table's header prints over its value columns, and where its body starts.

    Among the first `first` rows, a row some of whose cells after the first match `pattern` is a header
    row; the last such row gives the codes (group 1 of each matching cell, left to right) and the body
    starts under it. (None, 0) when no row prints a code: the codes are then to be inferred.
    """
    columns: list[str] | None = None
    body_start = 0
    for i, row in enumerate(rows[:first]):
        codes = [pattern.match(c) for c in row[1:]]
        if any(codes):
            columns = [m.group(1) for m in codes if m]
            body_start = i + 1
    return columns, body_start


__all__ = ["infer_column_codes", "unique_column_codes", "printed_column_codes"]
