"""The guide's standard forms (`guide_forms.yml`): the little the profile cannot say, as code.

`build(asm, result)` turns the assembled Tablo 1-4 (`analysis.extract.core.assemble`) into contract rows:

- **Tablo 1** → a performance target (PH code and text, aim, goal; `unit` = the responsible unit Tablo 2
  names for its activities), its indicators (`<ph_code>#<n>`, values under the header's years and roles)
  and activities (Bütçe, Bütçe Dışı — `-` is 0.00 —, Toplam). Its *Genel Toplam* → stated totals
  `performance_target_table` / ph_code / `budget`, `off_budget`, `total`.
- **Tablo 2** → found for its Tablo 1 activity by PH code and activity name: the activity's `econ_01` …
  `econ_09` (`-` and a blank cell: empty; `0,00`: 0.00) and `unit`; its totals → `activity_cost_table` /
  `<ph_code>#<seq>` / `budget_total`, `off_budget_doner_sermaye`, `off_budget_diger_yurt_ici`,
  `off_budget_yurt_disi`, `off_budget_total`, `total`.
- **Tablo 3** → each row found for its Tablo 1 activity by the PH code carried down and the name:
  `admin_performance_table` / `<ph_code>#<seq>` / `budget`, `off_budget`, `total`, `share_pct`; the closing
  rows under their own key (`performance_targets_total`, …; *Genel Toplam*: `program`).
- **Tablo 4** → `economic_code_table` / `01` … `09`, `budget_total`, `off_budget_*`, `off_budget_total`,
  `program` / `performance_targets_total`, `general_administration_total`, `transfers_total`, `total`; the
  program row's Toplam is `total_resource_need`, the document's grand total.
A Tablo 2 or 3 row that finds no Tablo 1 activity keeps a scope naming its table and page, so its checks
come out `missing`.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from analysis.core.model import ECON_CODES, Activity, ExtractedProgram, Indicator, IndicatorValue, PerformanceTarget
from analysis.extract.core.assemble import Assembly, Table
from analysis.extract.core.rows import Totals, box, match_in_order, money, number, split_code

ZERO = Decimal("0.00")


def key(a: Activity) -> str:
    return f"{a.ph_code}#{a.seq}"


def _target(t: Table, card_seq: int, result: ExtractedProgram, totals: Totals) -> None:
    w, program = result.warnings, result.program
    label = {k: v.text for k, v in t.labels.items()}
    ph_code, ph_text = split_code(label.get("ph", ""))
    ph_code = ph_code or f"card-{card_seq}"
    aim_code, aim_text = split_code(label.get("aim", ""))
    goal_code, goal_text = split_code(label.get("goal", ""))
    pt = PerformanceTarget(program, ph_code, ph_text, "", aim_code, aim_text, goal_code, goal_text, page=t.page, ph_code_raw=ph_code, card_seq=card_seq)
    result.performance_targets.append(pt)
    years = [c for c in t.headers.get("indicators", []) if c.year is not None]
    for n, rec in enumerate(t.records.get("indicators", []), 1):
        code = f"{ph_code}#{rec.seq or n}"
        ind = Indicator(program, ph_code, code, int(rec.seq or n), rec.text("name"), measure_unit=rec.text("measure_unit"), page=rec.page, indicator_code_raw=rec.seq, card_seq=card_seq)
        result.indicators.append(ind)
        for col in years:
            cell = rec.cells.get(col.key)
            raw = cell.text if cell is not None else ""
            result.indicator_values.append(IndicatorValue(program, code, col.year, col.year_role or "actual", raw, number(raw, w, f"{code} {col.year}"), rec.page, box(cell)))
    for n, rec in enumerate(t.records.get("activities", []), 1):
        where = f"{ph_code} activity {rec.seq or n}"
        off = money(rec.cells.get("off_budget"), w, where)
        result.activities.append(Activity(program, ph_code, int(rec.seq or n), rec.text("name"), "", money(rec.cells.get("budget"), w, where), off if off is not None else ZERO,
                                          money(rec.cells.get("total"), w, where), page=rec.page, card_seq=card_seq, bbox=box(rec.row)))
    total = t.named.get("genel_toplam")
    if total is None:
        w.append(f"Tablo 1 {ph_code} (page {t.page}): no Genel Toplam row")
        return
    for role in ("budget", "off_budget", "total"):
        totals.add("performance_target_table", ph_code, role, total.cells.get(role), total.page, "Tablo 1 Genel Toplam")


def _costs(tables: list[Table], result: ExtractedProgram, totals: Totals) -> None:
    """Tablo 2: economic codes and unit onto the Tablo 1 activity; totals as stated totals."""
    acts, w = result.activities, result.warnings
    left = [(split_code(t.labels["ph"].text if "ph" in t.labels else "")[0], t.labels["activity"].text if "activity" in t.labels else "") for t in tables]
    pairs = match_in_order(left, [(a.ph_code, a.name) for a in acts])
    for i, t in enumerate(tables):
        act = acts[pairs[i]] if i in pairs else None
        scope = key(act) if act is not None else f"Tablo 2 p. {t.page}: {left[i][0]} {left[i][1]}"
        if act is None:
            w.append(f"Tablo 2 on page {t.page} ({left[i][0]} {left[i][1]!r}) matches no Tablo 1 activity")
        else:
            act.unit = act.unit_canonical = t.labels["unit"].text if "unit" in t.labels else ""
            act.econ = {c: money(r.cells.get("amount"), w, f"{scope} econ {c}") if (r := t.named.get(f"econ_{c}")) else None for c in ECON_CODES}
        totals.named_rows(t, "activity_cost_table", lambda k, s=scope: None if k.startswith("econ_") else s, lambda k, _r: k, ["amount"])


def _admin(tables: list[Table], result: ExtractedProgram, totals: Totals) -> None:
    """Tablo 3: each row under its activity's key; closing rows under their own."""
    acts, roles = result.activities, ("budget", "off_budget", "total", "share")
    for t in tables:
        recs = t.records.get("rows", [])
        left = [(split_code(r.text("ph"))[0] or r.text("ph"), r.text("name")) for r in recs]
        pairs = match_in_order(left, [(a.ph_code, a.name) for a in acts])
        for i, rec in enumerate(recs):
            scope = key(acts[pairs[i]]) if i in pairs else f"Tablo 3 p. {rec.page}: {left[i][0]} {left[i][1]}"
            for role in roles:
                totals.add("admin_performance_table", scope, "share_pct" if role == "share" else role, rec.cells.get(role), rec.page, "Tablo 3", percent=role == "share")
        totals.named_rows(t, "admin_performance_table", lambda k: "program" if k == "total" else k, lambda _k, r: "share_pct" if r == "share" else r, roles, percent=["share"])


def _resources(t: Table, totals: Totals) -> None:
    """Tablo 4: every row × column."""
    def scope(k: str) -> str:
        return k[5:] if k.startswith("econ_") else "program" if k == "total" else k

    columns = ("performance_targets_total", "general_administration_total", "transfers_total", "total")
    totals.named_rows(t, "economic_code_table", scope, lambda k, r: "total_resource_need" if (k, r) == ("total", "total") else r, columns)


def build(asm: Assembly, result: ExtractedProgram) -> None:
    """Fill `result` from the assembled forms (see the module docstring)."""
    totals = Totals(result)
    kinds: dict[str, list[Table]] = defaultdict(list)
    for t in asm.tables:
        kinds[t.kind.name].append(t)
    for card_seq, t in enumerate(kinds["performance_target"], 1):
        _target(t, card_seq, result, totals)
    codes = defaultdict(list)
    for pt in result.performance_targets:
        codes[pt.ph_code].append(pt.page)
    result.warnings.extend(f"PH code {c} is printed on {len(p)} Tablo 1s (pages {p})" for c, p in codes.items() if len(p) > 1)
    _costs(kinds["activity_cost"], result, totals)
    units: dict[str, list[str]] = defaultdict(list)
    for a in result.activities:
        if a.unit and a.unit not in units[a.ph_code]:
            units[a.ph_code].append(a.unit)
    for pt in result.performance_targets:
        pt.unit = pt.unit_canonical = "; ".join(units.get(pt.ph_code, []))
    _admin(kinds["admin_performance"], result, totals)
    for t in kinds["total_resources"]:
        _resources(t, totals)
    result.method["tables_found"] = {k: [t.page for t in v] for k, v in kinds.items()}
