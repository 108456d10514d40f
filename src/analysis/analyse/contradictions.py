"""What kind each of a document's contradictions is, which ones share one cause, and which are misprints.

The reconciliation (`reconciliation.csv`, written by the extractors and never changed here) lists every
check of a document against itself. Its failed rows are of very different kinds: a money total that does
not add up, a count of activities that is one short, an indicator value printed differently in two tables,
a code or a name printed differently, a sentence with a spelling slip, a row present in one table and
missing from another. "Totals that do not add up" is said of money only. This module takes the
reconciliation table and returns:

- `contradictions`: one row per failed check (`mismatch` or `missing`), with its `row` in reconciliation.csv,
  its `kind` (KINDS), `misprint` (the two numbers differ by a power of ten or by the order of their
  digits: one was mistyped), and its `cause`: failed checks that one gap explains share a cause (money
  and counts: the same difference in the same subject; codes: the same two tables); `cause_rows` counts them;
- `contradiction_kinds`: per kind, how many rows, how many causes, how many misprints, the largest
  difference and the row of the example a page should show (the largest that is not a misprint).

Kinds are decided from the check's name and from the notes' documented form (`<what> differs: …`,
`analysis.extract.reconcile`), so a new layout's checks are classified without a list of their names.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd

__all__ = ["KINDS", "classify", "contradiction_kinds", "is_misprint", "kind_of"]

KINDS: dict[str, tuple[str, str]] = {
    "money_total": ("Para toplamları", "Money totals"),
    "count": ("Sayılar (faaliyet, gösterge, hedef sayısı)", "Counts (activities, indicators, targets)"),
    "indicator_value": ("Gösterge değerleri", "Indicator values"),
    "code_name": ("Kodlar ve adlar", "Codes and names"),
    "text": ("Metin farkları", "Text differences"),
    "missing_row": ("Eksik satırlar (bir tabloda olup ötekinde olmayan)", "Missing rows (in one table, not in the other)"),
}
"""Every kind, in the order pages list them: (Turkish label, English label)."""

_COUNT = re.compile(r"_(activities|indicators|ph)_count$|_count$")
_WHAT = re.compile(r"^(?P<what>.{1,80}?) differs:")
COLUMNS = ["row", "check", "scope", "status", "kind", "misprint", "cause", "cause_rows", "stated", "computed", "difference", "abs_difference", "pages", "note_tr", "note"]


def _dec(text: Any) -> Decimal | None:
    if text is None or str(text).strip() == "":
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


def kind_of(r: dict[str, Any]) -> str:
    """The kind of one failed check (a key of KINDS)."""
    check = str(r.get("check", ""))
    if r.get("status") == "missing":
        return "missing_row"
    if "indicator_value" in check:
        return "indicator_value"
    if "indicator_code" in check:
        return "code_name"
    if _COUNT.search(check):
        return "count"
    if r.get("text_a") or r.get("text_b"):
        m = _WHAT.match(str(r.get("note", "")))
        what = m.group("what").lower() if m else ""
        return "code_name" if (" code" in what or " name" in what or what.startswith(("code", "name"))) else "text"
    if _dec(r.get("stated")) is not None and _dec(r.get("computed")) is not None:
        return "money_total"
    return "text"


def is_misprint(stated: Any, computed: Any) -> bool:
    """Two numbers of which one was mistyped: they differ by a factor of 10, 100, 1000… or only in the order of their digits."""
    a, b = _dec(stated), _dec(computed)
    if a is None or b is None or a == b or a == 0 or b == 0:
        return False
    big, small = max(abs(a), abs(b)), min(abs(a), abs(b))
    ratio = big / small
    if ratio == ratio.to_integral_value() and ratio >= 10 and str(int(ratio)).strip("0") == "1":
        return True
    digits = lambda d: sorted(c for c in f"{abs(d):f}".rstrip("0").rstrip(".") if c.isdigit())  # noqa: E731
    return digits(a) == digits(b)


def _cause_key(r: dict[str, Any], kind: str, misprint: bool) -> tuple:
    """Failed checks with the same key are explained by one gap."""
    if misprint:
        return ("misprint", r["row"])
    diff = _dec(r.get("difference"))
    if kind == "money_total" and diff is not None:
        return (kind, abs(diff))
    if kind == "count" and diff is not None:
        m = _COUNT.search(str(r.get("check", "")))
        return (kind, m.group(1) if m and m.group(1) else "", abs(diff))
    if kind == "code_name" and "indicator_code" in str(r.get("check", "")):
        return (kind, r.get("check"), r.get("pages"))
    return ("own", r["row"])


def classify(reconciliation: pd.DataFrame) -> pd.DataFrame:
    """`contradictions`: every failed check with its kind, misprint flag and cause (see the module docstring)."""
    if reconciliation.empty or "status" not in reconciliation:
        return pd.DataFrame(columns=COLUMNS)
    rows = []
    for i, r in enumerate(reconciliation.to_dict("records")):
        if r.get("status") not in ("mismatch", "missing"):
            continue
        r = {**r, "row": i}
        kind = kind_of(r)
        misprint = kind in ("money_total", "indicator_value") and is_misprint(r.get("stated"), r.get("computed"))
        diff = _dec(r.get("difference"))
        rows.append({**{c: r.get(c, "") for c in COLUMNS}, "row": i, "kind": kind, "misprint": misprint,
                     "abs_difference": abs(diff) if diff is not None else None, "_key": _cause_key(r, kind, misprint)})
    out = pd.DataFrame(rows, columns=[*COLUMNS, "_key"])
    if out.empty:
        return out.drop(columns="_key")
    order = {key: n + 1 for n, key in enumerate(dict.fromkeys(out["_key"]))}
    out["cause"] = [order[k] for k in out["_key"]]
    out["cause_rows"] = out.groupby("cause")["row"].transform("count").astype(int)
    return out.drop(columns="_key")[COLUMNS]


def contradiction_kinds(classified: pd.DataFrame) -> pd.DataFrame:
    """Per kind (all kinds listed, 0 where none): rows, causes, misprints, the largest difference and the example row."""
    out = []
    for kind, (tr, en) in KINDS.items():
        sub = classified[classified["kind"] == kind] if len(classified) else classified
        diffs = [(d, -int(r)) for d, r, m in zip(sub.get("abs_difference", []), sub.get("row", []), sub.get("misprint", []), strict=True)
                 if isinstance(d, Decimal) and not m]
        example = -max(diffs)[1] if diffs else (int(sub["row"].iloc[0]) if len(sub) else None)
        out.append({"kind": kind, "label_tr": tr, "label_en": en, "rows": len(sub), "causes": int(sub["cause"].nunique()) if len(sub) else 0,
                    "misprints": int(sub["misprint"].sum()) if len(sub) else 0, "largest_difference": max(diffs)[0] if diffs else None,
                    "example_row": example})
    df = pd.DataFrame(out)
    df["example_row"] = pd.array(df["example_row"].tolist(), dtype="Int64")
    return df
