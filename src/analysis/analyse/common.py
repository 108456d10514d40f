"""Small helpers every measure uses: exact money sums, shares, per-item amounts, page lists, group labels.

Money is `decimal.Decimal` and is summed exactly; shares are floats (they are displayed, never added back
into money). Kept apart from the measures so that budget, taxonomy and ambition can all use them without
importing one another.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import pandas as pd

ZERO = Decimal("0")
CENT = Decimal("0.01")

NOT_STATED = "(belirtilmemiş)"
"""Group label for rows whose theme or unit the document leaves empty."""


def money_sum(values: Iterable[Any]) -> Decimal:
    """Exact sum of the Decimal values (None / NaN skipped)."""
    total = ZERO
    for v in values:
        if isinstance(v, Decimal):
            total += v
    return total


def share(part: Decimal | None, whole: Decimal | None) -> float | None:
    """part / whole as a float, None when either is missing or the whole is zero."""
    if part is None or whole is None or not isinstance(part, Decimal) or not isinstance(whole, Decimal) or whole == 0:
        return None
    return float(part / whole)


def per(amount: Decimal | None, n: int | None) -> Decimal | None:
    """amount / n as money rounded to the kuruş; None when n is 0 or missing."""
    if amount is None or not n:
        return None
    return (amount / Decimal(n)).quantize(CENT, rounding=ROUND_HALF_EVEN)


def box_text(row: Any) -> str:
    """Where a contract row is printed on its page, as one cell: `x0,top,x1,bottom` (empty when unknown).

    Reads the row's `x0, top, x1, bottom` (attributes or keys; Decimals, strings or empty), e.g. so that a
    page can show the crop of an activity listed in an analysis table.
    """
    get = row.get if isinstance(row, dict) else (lambda k, d=None: getattr(row, k, d))
    vals = [get(k, None) for k in ("x0", "top", "x1", "bottom")]
    if any(v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)) or str(v) == "" for v in vals):
        return ""
    return ",".join(f"{Decimal(str(v)):.2f}" for v in vals)


def page_list(pages: Iterable[Any]) -> str:
    """Sorted distinct pages as compact ranges: `29-31; 45`. Empty when no page is known.

    >>> page_list([31, 29, 30, 45, None, 30])
    '29-31; 45'
    """
    nums = sorted({int(p) for p in pages if p is not None and not (isinstance(p, float) and pd.isna(p)) and p is not pd.NA})
    parts: list[str] = []
    start = prev = None
    for p in nums:
        if start is None:
            start = prev = p
        elif p == prev + 1:
            prev = p
        else:
            parts.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = p
    if start is not None:
        parts.append(f"{start}" if start == prev else f"{start}-{prev}")
    return "; ".join(parts)
