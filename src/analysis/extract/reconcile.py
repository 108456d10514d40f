"""Checks of the totals a document states against the rows extracted from it.

A mismatch is a finding about the document, never a reason to change rows. Layout modules decide
*which* checks make sense for their document; the helpers here make every check look the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from analysis.core.model import ReconciliationResult


def pages_str(*pages: Iterable[int | None] | int | None) -> str:
    """`30; 100` from any mix of page numbers and iterables of them (None skipped)."""
    found: set[int] = set()
    for p in pages:
        if p is None:
            continue
        if isinstance(p, int):
            found.add(p)
        else:
            found.update(x for x in p if x is not None)
    return "; ".join(str(p) for p in sorted(found))


def compare(
    program: str,
    check: str,
    scope: str,
    stated: Decimal | None,
    computed: Decimal | None,
    pages: str = "",
    note: str = "",
    tolerance: Decimal = Decimal("0"),
) -> ReconciliationResult:
    """One check. `missing` when either side is absent, `mismatch` when they differ by more than `tolerance`.

    The tolerance is for documents that print rounded percentages; money checks use 0.
    """
    if stated is None or computed is None:
        status = "missing"
    elif abs(computed - stated) <= tolerance:
        status = "ok"
    else:
        status = "mismatch"
    return ReconciliationResult(program, check, scope, stated, computed, status, pages, note)


def sum_money(values: Iterable[Decimal | None]) -> Decimal:
    total = Decimal("0.00")
    for v in values:
        if v is not None:
            total += v
    return total


