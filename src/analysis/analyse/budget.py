"""Where the money goes: budget distribution measures over a program's activities.

Every measure starts from the activities table (one row per activity/project, with its 2021 resource need
`total` as printed) and adds up `decimal.Decimal` amounts exactly: a table grouped by theme, unit, aim or
policy area always sums to the same kuruş as the activities themselves. Shares and ratios are floats (for
display); money columns stay Decimal.

What the activities cover differs between documents: Kocaeli's activities add up to the *performance target
cost* (2,24 billion TL of a 3,4 billion TL budget: personnel, interest and reserves sit in `Genel Yönetim
Giderleri` outside any activity), while Küçükçekmece books its whole 765 million TL, personnel included, to
unit activities. `coverage` figures (activities total / the document's stated total) say which case applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import pandas as pd

from analysis.analyse.common import (
    NOT_STATED,
    ZERO,
    box_text,
    money_sum,
    page_list,
    per,
    share,
)
from analysis.core.model import ECON_CODES, ECON_NAMES

__all__ = [
    "ECON_CLASS",
    "activity_frame",
    "budget_by",
    "budget_by_econ",
    "budget_by_econ_class",
    "budget_per_target",
    "concentration",
    "concentration_summary",
    "hhi",
    "top_activities",
    "zero_budget_activities",
]

ECON_CLASS = {
    "01": "current", "02": "current", "03": "current", "04": "current", "05": "current",
    "06": "capital", "07": "capital",
    "08": "other", "09": "other",
}  # fmt: skip
"""First-level economic codes by kind of spending: 01–05 current (cari), 06–07 capital (sermaye),
08 lending (borç verme) and 09 reserves (yedek ödenekler) other."""

ECON_CLASS_LABELS = {
    "current": "Cari giderler (01–05)",
    "capital": "Sermaye giderleri (06–07)",
    "other": "Borç verme ve yedek ödenek (08–09)",
    "not_broken_down": "Ekonomik kod kırılımı verilmemiş",
    "econ_differs_from_total": "Ekonomik kod toplamı ile faaliyet toplamı farkı",
}


def _text(v: Any) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return ""
    return str(v).strip()


# --------------------------------------------------------------------------- the activity frame


def activity_frame(activities: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Activities joined with their card's theme, aim and unit: the base of every budget measure.

    The card is found by `card_seq` (two cards may share a PH code) and, failing that, by `ph_code`.
    `unit_key` is the activity's `unit_canonical`, else its `unit`, else the card's unit, else `(belirtilmemiş)`.
    `theme` is the card's theme or `(belirtilmemiş)`; `ph_text` is the card's target text (what the money is for,
    read by the policy-area classifier). `doc_order` keeps the document's order for tie-breaks.
    """
    acts = activities.copy().reset_index(drop=True)
    for col in ("program", "ph_code", "name", "unit", "unit_canonical"):
        if col not in acts.columns:
            acts[col] = ""
    for col in ("budget", "off_budget", "total", *[f"econ_{c}" for c in ECON_CODES]):
        if col not in acts.columns:
            acts[col] = pd.Series([None] * len(acts), dtype=object)
    for col in ("seq", "card_seq", "page"):
        if col not in acts.columns:
            acts[col] = pd.array([None] * len(acts), dtype="Int64")

    t = targets.copy() if targets is not None else pd.DataFrame()
    for col in ("ph_code", "ph_text", "unit", "unit_canonical", "theme", "theme_group", "aim_code", "aim_text", "goal_code"):
        if col not in t.columns:
            t[col] = ""
    if "card_seq" not in t.columns:
        t["card_seq"] = pd.array([None] * len(t), dtype="Int64")
    by_card = {int(r.card_seq): r for r in t.itertuples(index=False) if pd.notna(r.card_seq) and int(r.card_seq) > 0}
    by_code: dict[str, Any] = {}
    for r in t.itertuples(index=False):
        by_code.setdefault(_text(r.ph_code), r)

    rows = []
    for i, a in enumerate(acts.itertuples(index=False)):
        card = None
        if pd.notna(a.card_seq) and int(a.card_seq) in by_card:
            card = by_card[int(a.card_seq)]
        if card is None:
            card = by_code.get(_text(a.ph_code))
        card_unit = (_text(card.unit_canonical) or _text(card.unit)) if card is not None else ""
        unit_key = _text(a.unit_canonical) or _text(a.unit) or card_unit or NOT_STATED
        rows.append(
            {
                "theme": (_text(card.theme) if card is not None else "") or NOT_STATED,
                "theme_group": _text(card.theme_group) if card is not None else "",
                "aim_code": _text(card.aim_code) if card is not None else "",
                "aim_text": _text(card.aim_text) if card is not None else "",
                "goal_code": _text(card.goal_code) if card is not None else "",
                "ph_text": _text(card.ph_text) if card is not None else "",
                "unit_key": unit_key,
                "doc_order": i,
            }
        )
    extra = pd.DataFrame(rows, index=acts.index, columns=["theme", "theme_group", "aim_code", "aim_text", "goal_code", "ph_text", "unit_key", "doc_order"])
    out = pd.concat([acts, extra], axis=1)
    out["ph_code"] = out["ph_code"].map(_text)
    out["name"] = out["name"].map(_text)
    return out


# --------------------------------------------------------------------------- grouped totals

GROUP_COLUMNS = ["activities", "targets", "budget", "off_budget", "total", "share", "zero_total_activities", "missing_total_activities", "pages", "rank"]


def budget_by(frame: pd.DataFrame, keys: Sequence[str], labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Money per group of `keys`: exact Decimal sums of budget, off-budget and total, with shares.

    Columns: the keys, then `activities` (rows), `targets` (distinct PH cards), `budget`, `off_budget`,
    `total` (Decimal), `share` (of the activities' total, float), `zero_total_activities` (printed 0),
    `missing_total_activities` (no total printed), `pages` (where the rows are printed), `rank` (1 = most
    money; ties share a rank). Rows are sorted by total, largest first. `labels` adds a text column per key
    (e.g. aim_text for aim_code): {key: label_column}, taking the first value in document order.
    """
    keys = list(keys)
    cols = keys + (list(labels.values()) if labels else []) + GROUP_COLUMNS
    if frame.empty:
        return pd.DataFrame(columns=cols)
    grand = money_sum(frame["total"])
    rows = []
    for key_values, sub in frame.groupby(keys, sort=False, dropna=False):
        key_values = key_values if isinstance(key_values, tuple) else (key_values,)
        row: dict[str, Any] = dict(zip(keys, key_values, strict=True))
        for k, lab in (labels or {}).items():
            row[lab] = next((_text(v) for v in sub[lab] if _text(v)), "")
        total = money_sum(sub["total"])
        has_cards = "card_seq" in sub.columns and sub["card_seq"].notna().all()
        targets = sub["card_seq"].nunique() if has_cards else sub["ph_code"].nunique()
        row.update(
            {
                "activities": len(sub),
                "targets": int(targets),
                "budget": money_sum(sub["budget"]),
                "off_budget": money_sum(sub["off_budget"]),
                "total": total,
                "share": share(total, grand),
                "zero_total_activities": int(sum(1 for v in sub["total"] if isinstance(v, Decimal) and v == 0)),
                "missing_total_activities": int(sum(1 for v in sub["total"] if not isinstance(v, Decimal))),
                "pages": page_list(sub["page"]),
            }
        )
        rows.append(row)
    out = pd.DataFrame(rows)
    out = out.sort_values("total", key=lambda s: s.map(float), ascending=False, kind="stable").reset_index(drop=True)
    out["rank"] = out["total"].map(float).rank(method="min", ascending=False).astype(int)
    return out[cols]


ECON_COLUMNS = ["econ_code", "econ_name", "econ_class", "amount", "activities_with_amount", "share_of_broken_down", "share_of_activities_total", "stated_amount", "stated_share", "stated_page"]


def stated_econ(stated_totals: pd.DataFrame) -> dict[str, tuple[Decimal, int | None]]:
    """The document's own program-wide totals per economic code (its Toplam Kaynak İhtiyacı table), if extracted.

    Accepts `measure` = `econ_06` with `scope` = `program`, or `scope` = an economic code (`06`, `econ_06`) with
    `measure` = `total`. Returns {code: (amount, page)}.
    """
    out: dict[str, tuple[Decimal, int | None]] = {}
    if stated_totals is None or stated_totals.empty:
        return out
    import re

    for r in stated_totals.itertuples(index=False):
        code = None
        scope, measure = _text(r.scope), _text(r.measure)
        m = re.fullmatch(r"econ_(\d{2})", measure)
        if m and scope == "program":
            code = m.group(1)
        else:
            m = re.fullmatch(r"(?:econ_)?0?(\d)", scope)
            if m and measure in ("total", "amount", "budget_total"):
                code = f"0{m.group(1)}"
        if code and code in ECON_CODES and isinstance(r.value, Decimal) and code not in out:
            page = int(r.page) if pd.notna(r.page) else None
            out[code] = (r.value, page)
    return out


def budget_by_econ(frame: pd.DataFrame, stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Money per first-level economic code (01–09), from the activities that print a breakdown.

    `amount` sums `econ_XX` over activities (Decimal); `share_of_broken_down` divides by the sum over all codes;
    `share_of_activities_total` by the total of all activities (so the shares are honest about coverage).
    `stated_*` give the document's own program-wide table (all spending, including general administration) where
    the extractor found it, so both views sit side by side.
    """
    stated = stated_econ(stated_totals) if stated_totals is not None else {}
    stated_total = money_sum(v for v, _ in stated.values()) if stated else None
    grand = money_sum(frame["total"]) if not frame.empty else ZERO
    amounts = {c: money_sum(frame[f"econ_{c}"]) if f"econ_{c}" in frame.columns else ZERO for c in ECON_CODES}
    broken = money_sum(amounts.values())
    rows = []
    for c in ECON_CODES:
        col = frame[f"econ_{c}"] if f"econ_{c}" in frame.columns else pd.Series(dtype=object)
        st = stated.get(c)
        rows.append(
            {
                "econ_code": c,
                "econ_name": ECON_NAMES[c],
                "econ_class": ECON_CLASS[c],
                "amount": amounts[c],
                "activities_with_amount": int(sum(1 for v in col if isinstance(v, Decimal) and v != 0)),
                "share_of_broken_down": share(amounts[c], broken),
                "share_of_activities_total": share(amounts[c], grand),
                "stated_amount": st[0] if st else None,
                "stated_share": share(st[0], stated_total) if st else None,
                "stated_page": st[1] if st else None,
            }
        )
    out = pd.DataFrame(rows, columns=ECON_COLUMNS)
    out["stated_page"] = pd.array(out["stated_page"].tolist(), dtype="Int64")
    return out


def has_econ(row: Any) -> bool:
    return any(isinstance(getattr(row, f"econ_{c}", None), Decimal) for c in ECON_CODES)


ECON_CLASS_COLUMNS = ["econ_class", "label", "amount", "share", "activities", "stated_amount", "stated_share"]


def budget_by_econ_class(frame: pd.DataFrame, stated_totals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Current vs capital vs other spending; the rows add up exactly to the activities' total.

    - `current` / `capital` / `other`: econ 01–05 / 06–07 / 08–09 summed over activities with a breakdown;
    - `not_broken_down`: totals of activities that print no economic codes (Küçükçekmece cards whose unit
      summary gives none), so nothing is silently shifted into a class;
    - `econ_differs_from_total`: for activities with a breakdown, their total minus the sum of their codes
      (zero when the document is consistent; a finding about the document otherwise).
    `share` is of the activities' total. `stated_*`: the same split of the document's program-wide table.
    """
    stated = stated_econ(stated_totals) if stated_totals is not None else {}
    stated_total = money_sum(v for v, _ in stated.values()) if stated else None
    grand = money_sum(frame["total"]) if not frame.empty else ZERO
    sums = {k: ZERO for k in ("current", "capital", "other", "not_broken_down", "econ_differs_from_total")}
    counts = {k: 0 for k in sums}
    for r in frame.itertuples(index=False):
        total = r.total if isinstance(r.total, Decimal) else None
        if has_econ(r):
            row_codes = ZERO
            seen = set()
            for c in ECON_CODES:
                v = getattr(r, f"econ_{c}", None)
                if isinstance(v, Decimal):
                    sums[ECON_CLASS[c]] += v
                    row_codes += v
                    if v != 0:
                        seen.add(ECON_CLASS[c])
            for k in seen:
                counts[k] += 1
            if total is not None and total != row_codes:
                sums["econ_differs_from_total"] += total - row_codes
                counts["econ_differs_from_total"] += 1
        elif total is not None:
            sums["not_broken_down"] += total
            counts["not_broken_down"] += 1
    rows = []
    for k in sums:
        st = money_sum(v for c, (v, _) in stated.items() if ECON_CLASS[c] == k) if stated and k in ("current", "capital", "other") else None
        rows.append({"econ_class": k, "label": ECON_CLASS_LABELS[k], "amount": sums[k], "share": share(sums[k], grand), "activities": counts[k],
                     "stated_amount": st, "stated_share": share(st, stated_total) if st is not None else None})
    return pd.DataFrame(rows, columns=ECON_CLASS_COLUMNS)


# --------------------------------------------------------------------------- concentration


def hhi(amounts: Iterable[Any]) -> float | None:
    """Herfindahl–Hirschman index of the amounts: Σ (a_i / Σa)², from 1/n (even) to 1 (one item has all).

    Computed exactly in Decimal, returned as a float. None when the total is zero or nothing is given.
    Negative or missing amounts are ignored (callers count them).

    >>> hhi([Decimal(50), Decimal(50)])
    0.5
    """
    vals = [v for v in amounts if isinstance(v, Decimal) and v > 0]
    total = sum(vals, ZERO)
    if not vals or total == 0:
        return None
    return float(sum((v * v for v in vals), ZERO) / (total * total))


def concentration(amounts: Sequence[Any], top_n: int = 10) -> dict[str, Any]:
    """Concentration of a list of amounts: top-n share, HHI, effective number, items holding half / 80 %."""
    vals = sorted((v for v in amounts if isinstance(v, Decimal) and v > 0), reverse=True)
    total = sum(vals, ZERO)
    h = hhi(vals)
    out: dict[str, Any] = {
        "items": len(amounts),
        "items_with_money": len(vals),
        "total": total,
        f"top{top_n}_total": sum(vals[:top_n], ZERO),
        f"top{top_n}_share": share(sum(vals[:top_n], ZERO), total),
        "top1_share": share(vals[0], total) if vals else None,
        "hhi": h,
        "hhi_points": round(h * 10000, 1) if h is not None else None,
        "effective_number": (1 / h) if h else None,
    }
    for label, frac in (("items_for_half", Decimal("0.5")), ("items_for_80pct", Decimal("0.8"))):
        running, n = ZERO, 0
        for v in vals:
            if total and running >= frac * total:
                break
            running += v
            n += 1
        out[label] = n if vals else None
    return out


CONCENTRATION_COLUMNS = [
    "activities", "activities_with_money", "zero_total_activities", "missing_total_activities", "total",
    "top10_total", "top10_share", "top1_share", "hhi", "hhi_points", "effective_number",
    "activities_for_half", "activities_for_80pct", "hhi_units", "units", "hhi_themes", "themes", "hhi_policy_areas",
]  # fmt: skip


def concentration_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row: how concentrated the money is across activities (and across units, themes, policy areas).

    HHI over activities uses each activity's share of the activities' total; `hhi_points` is the same on the
    0–10 000 scale used in competition policy; `effective_number` = 1 / HHI (how many equal-sized activities
    would give the same concentration). Activities with a printed 0 or no total are counted, not included.
    """
    if frame.empty:
        return pd.DataFrame([{c: (0 if c in ("activities", "activities_with_money", "zero_total_activities", "missing_total_activities") else None) for c in CONCENTRATION_COLUMNS}], columns=CONCENTRATION_COLUMNS)
    c = concentration(list(frame["total"]), 10)

    def group_hhi(col: str) -> tuple[float | None, int]:
        if col not in frame.columns:
            return None, 0
        sums = [money_sum(s["total"]) for _, s in frame.groupby(col, sort=False, dropna=False)]
        return hhi(sums), len(sums)

    hu, nu = group_hhi("unit_key")
    ht, nt = group_hhi("theme")
    hp, _ = group_hhi("policy_area")
    row = {
        "activities": len(frame),
        "activities_with_money": c["items_with_money"],
        "zero_total_activities": int(sum(1 for v in frame["total"] if isinstance(v, Decimal) and v == 0)),
        "missing_total_activities": int(sum(1 for v in frame["total"] if not isinstance(v, Decimal))),
        "total": c["total"],
        "top10_total": c["top10_total"],
        "top10_share": c["top10_share"],
        "top1_share": c["top1_share"],
        "hhi": c["hhi"],
        "hhi_points": c["hhi_points"],
        "effective_number": c["effective_number"],
        "activities_for_half": c["items_for_half"],
        "activities_for_80pct": c["items_for_80pct"],
        "hhi_units": hu,
        "units": nu,
        "hhi_themes": ht,
        "themes": nt,
        "hhi_policy_areas": hp,
    }
    return pd.DataFrame([row], columns=CONCENTRATION_COLUMNS)


TOP_COLUMNS = ["rank", "ph_code", "seq", "name", "unit", "theme", "policy_area", "total", "share", "cumulative_share", "page", "box"]


def _order_by_money(frame: pd.DataFrame) -> pd.DataFrame:
    f = frame.copy()
    f["_t"] = [float(v) if isinstance(v, Decimal) else float("-inf") for v in f["total"]]
    return f.sort_values(["_t", "doc_order"], ascending=[False, True], kind="stable").drop(columns="_t")


def top_activities(frame: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The `n` activities with the most money (ties broken by document order), with share and cumulative share."""
    if frame.empty:
        return pd.DataFrame(columns=TOP_COLUMNS)
    grand = money_sum(frame["total"])
    top = _order_by_money(frame[[isinstance(v, Decimal) for v in frame["total"]]]).head(n).reset_index(drop=True)
    running = ZERO
    rows = []
    for i, r in enumerate(top.itertuples(index=False), 1):
        running += r.total
        rows.append({"rank": i, "ph_code": r.ph_code, "seq": r.seq, "name": r.name, "unit": r.unit_key, "theme": r.theme,
                     "policy_area": getattr(r, "policy_area", ""), "total": r.total, "share": share(r.total, grand),
                     "cumulative_share": share(running, grand), "page": r.page, "box": box_text(r)})
    out = pd.DataFrame(rows, columns=TOP_COLUMNS)
    out["page"] = pd.array(out["page"].tolist(), dtype="Int64")
    out["seq"] = pd.array(out["seq"].tolist(), dtype="Int64")
    return out


ZERO_COLUMNS = ["ph_code", "seq", "name", "unit", "theme", "policy_area", "reason", "budget", "off_budget", "total", "page", "box"]


def zero_budget_activities(frame: pd.DataFrame) -> pd.DataFrame:
    """Activities printed with a total of 0 (`reason` = `zero`) or with no total at all (`missing_total`).

    A zero-budget activity is a promise without money in this document (it may be funded elsewhere, e.g. by an
    affiliate or by another unit's line): worth asking about, not proof of anything.
    """
    rows = []
    for r in frame.itertuples(index=False):
        if isinstance(r.total, Decimal) and r.total != 0:
            continue
        rows.append({"ph_code": r.ph_code, "seq": r.seq, "name": r.name, "unit": r.unit_key, "theme": r.theme,
                     "policy_area": getattr(r, "policy_area", ""), "reason": "zero" if isinstance(r.total, Decimal) else "missing_total",
                     "budget": r.budget, "off_budget": r.off_budget, "total": r.total, "page": r.page, "box": box_text(r)})
    out = pd.DataFrame(rows, columns=ZERO_COLUMNS)
    out["page"] = pd.array(out["page"].tolist(), dtype="Int64")
    out["seq"] = pd.array(out["seq"].tolist(), dtype="Int64")
    return out


PER_TARGET_COLUMNS = [
    "ph_code", "card_seq", "unit", "theme", "policy_area", "activities", "zero_total_activities", "total", "share",
    "indicators", "performance_indicators", "budget_per_indicator", "page",
]  # fmt: skip


def budget_per_target(frame: pd.DataFrame, targets: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Money per performance target (card) and per indicator of that card.

    One row per card of `performance_targets` (so cards without an activity table appear with 0 activities
    and a total of 0), with `budget_per_indicator` = total / indicators (money, rounded to the kuruş; empty for
    cards without indicators). `policy_area` is the area of the card's money (the most common area of its
    activities, empty for cards without activities).
    """
    if targets is None or targets.empty:
        return pd.DataFrame(columns=PER_TARGET_COLUMNS)
    grand = money_sum(frame["total"]) if not frame.empty else ZERO
    use_card = "card_seq" in targets.columns and targets["card_seq"].notna().all() and "card_seq" in frame.columns
    ind = indicators if indicators is not None else pd.DataFrame(columns=["ph_code", "card_seq", "kind"])
    ind_use_card = use_card and "card_seq" in ind.columns and ind["card_seq"].notna().all() and len(ind) > 0
    rows = []
    for t in targets.itertuples(index=False):
        if use_card:
            acts = frame[frame["card_seq"] == t.card_seq]
        else:
            acts = frame[frame["ph_code"] == t.ph_code]
        inds = ind[ind["card_seq"] == t.card_seq] if ind_use_card else ind[ind["ph_code"] == t.ph_code]
        total = money_sum(acts["total"])
        n_ind = len(inds)
        areas = acts["policy_area"].value_counts() if "policy_area" in acts.columns and len(acts) else pd.Series(dtype=int)
        rows.append(
            {
                "ph_code": t.ph_code,
                "card_seq": getattr(t, "card_seq", None),
                "unit": _text(getattr(t, "unit_canonical", "")) or _text(t.unit) or NOT_STATED,
                "theme": _text(getattr(t, "theme", "")) or NOT_STATED,
                "policy_area": areas.index[0] if len(areas) else "",
                "activities": len(acts),
                "zero_total_activities": int(sum(1 for v in acts["total"] if isinstance(v, Decimal) and v == 0)),
                "total": total,
                "share": share(total, grand),
                "indicators": n_ind,
                "performance_indicators": int((inds["kind"] == "performance").sum()) if "kind" in inds.columns else 0,
                "budget_per_indicator": per(total, n_ind),
                "page": getattr(t, "page", None),
            }
        )
    out = pd.DataFrame(rows, columns=PER_TARGET_COLUMNS)
    out["page"] = pd.array([None if pd.isna(v) else int(v) for v in out["page"]], dtype="Int64")
    out["card_seq"] = pd.array([None if pd.isna(v) else int(v) for v in out["card_seq"]], dtype="Int64")
    return out
