"""Shares with their denominator said: of the money tied to activities, of the whole budget, and as printed.

A program's activities do not always carry its whole budget: Kocaeli 2021 ties 65,8 % of its 3,4 billion TL
to activities (staff and general administration are tied to none), Küçükçekmece 2021 ties all of it. So a
share "of the activities' money" (`share`, from `analysis.analyse.budget.budget_by`) cannot be compared
across programs, and "Kocaeli puts 42 % of its budget into transport" would be wrong. This module adds:

- `share_of_budget`: the group's total over the document's own total resource need (the whole budget).
  This is the one denominator used whenever programs are put side by side;
- `stated_share`, `stated_share_page`, `stated_share_box`: the share the document itself prints for the
  same theme (Kocaeli's İdare Performans Tablosu, "Bütçe İçindeki Payı (%)", e.g. 27,71 for Ulaşım on
  p. 101), as a fraction 0..1, so a page can show the document's figure beside ours.

Takes analysis tables (pandas, money as Decimal) and the package's `stated_totals`; returns the same tables
with the columns added. Pure functions, no I/O.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from analysis.analyse.common import box_text, share
from analysis.core.text import norm, tr_upper

__all__ = ["PRINTED_SHARE_TABLE", "add_share_of_budget", "add_stated_shares", "printed_shares"]

PRINTED_SHARE_TABLE = "admin_performance_table"
"""The stated_totals table whose `share_pct` rows are the document's own "share in the budget" per theme."""


def _key(text: Any) -> str:
    return tr_upper(norm(str(text or "")))


def add_share_of_budget(df: pd.DataFrame, whole_budget: Decimal | None) -> pd.DataFrame:
    """`df` with `share_of_budget` (its `total` over the whole budget, float) placed right after `share`."""
    out = df.copy()
    values = [share(v if isinstance(v, Decimal) else None, whole_budget) for v in out["total"]] if "total" in out else []
    at = out.columns.get_loc("share") + 1 if "share" in out.columns else len(out.columns)
    out.insert(at, "share_of_budget", pd.array(values, dtype="Float64") if values else pd.array([], dtype="Float64"))
    return out


def printed_shares(stated_totals: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """The document's printed share per scope (theme or theme group, upper-cased): {key: {share, page, box}}."""
    if stated_totals is None or stated_totals.empty or "table" not in stated_totals:
        return {}
    rows = stated_totals[(stated_totals["table"] == PRINTED_SHARE_TABLE) & (stated_totals["measure"] == "share_pct")]
    found: dict[str, dict[str, Any]] = {}
    for r in rows.to_dict("records"):
        value = r.get("value")
        if not isinstance(value, Decimal):
            try:
                value = Decimal(str(value))
            except ArithmeticError:
                continue
        found.setdefault(_key(r.get("scope")), {"share": float(value / 100), "page": r.get("page"), "box": box_text(r)})
    return found


def add_stated_shares(df: pd.DataFrame, key: str, printed: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """`df` with the document's printed share of each row's `key` (theme / theme group): share (0..1), page, box."""
    out = df.copy()
    hits = [printed.get(_key(v)) for v in out[key]] if key in out else []
    out["stated_share"] = pd.array([h["share"] if h else None for h in hits], dtype="Float64")
    out["stated_share_page"] = pd.array([h["page"] if h else None for h in hits], dtype="Int64")
    out["stated_share_box"] = [h["box"] if h else "" for h in hits]
    return out
