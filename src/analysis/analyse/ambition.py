"""How ambitious are the promised targets, and how good are the indicators? (indicator ambition and quality)

Each indicator of a performance program prints a few values: Kocaeli `2019` (actual), `2020*` (an *estimate*
of the whole year) and `2021 Yılı Hedefi` (target); Küçükçekmece `2019 YILI GERÇEKLEŞEN` (actual),
`2020 YILI İLK 6 AY GERÇEKLEŞEN` (a *partial* actual: the first six months) and `2021 YILI HEDEFLERİ`.
This module turns them into one row per indicator with every intermediate value, so a reader can follow each
flag back to the printed cells:

- **direction** (higher or lower is better, or neutral), from `data/indicator_direction.yml`: per-indicator
  overrides first, then keyword/unit rules in order, else the default (higher), flagged as default;
- **nature**: `percent` (bounded 0–100), `level` (durations, averages, per-capita, satisfaction...) or `flow`
  (counts and amounts that accumulate over the year). It decides whether a six-month value can stand next to
  an annual target: a level can, a flow cannot (six months of kilometres are not a year of kilometres);
- **baseline**: the last full-year actual (2019); where it is missing, the 2020 value if it is comparable
  (an estimate, or a partial value of a level/percent measure). 2020 is a pandemic year and partial or
  estimated, so 2019 is preferred even where 2020 is printed;
- **stretch** = direction-signed (target − reference) / |reference|, against the baseline, the 2019 actual
  and the last comparable value; undefined at a zero reference (counted, never divided);
- **gap closure** for percentages = (target − baseline) / (100 − baseline) for higher-is-better,
  (baseline − target) / baseline for lower-is-better; undefined at the bound (100, resp. 0) and counted;
- flags: target equal to the last value, target *worse than a level already reached* (for higher-is-better:
  below the best actual; a six-month count also counts as reached, since the year's count can only be larger),
  and the same against the 2020 estimate.

Missing prints are classified, never guessed: `dash` (`-`), `empty`, `non_numeric` (text such as `Yok`),
`zero`, `absent` (no column). Values are Decimal; stretch and gap closure are floats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from statistics import median
from typing import Any

import pandas as pd
import yaml

from analysis.analyse.common import NOT_STATED, box_text
from analysis.core.numbers import is_blank_or_dash
from analysis.core.text import ascii_fold

__all__ = [
    "AMBITION_COLUMNS",
    "DirectionRules",
    "Rule",
    "RulesError",
    "ambition_summary",
    "classify_indicators",
    "indicator_ambition",
    "indicator_quality",
    "load_rules",
    "parse_rules",
    "type_mix",
    "value_status",
]

DIRECTIONS = ("higher", "lower", "neutral")
NATURES = ("percent", "level", "flow")
SIGN = {"higher": 1, "lower": -1}

TYPE_GROUPS = {
    "cikti": "output",
    "sonuc": "outcome",
    "kalite": "quality",
    "verimlilik": "efficiency",
    "etkinlik": "effectiveness",
    "girdi": "input",
    "performans": "unspecified",
}
"""TÜRÜ as printed -> group. The Turkish guidance names input, output, outcome, efficiency and quality
indicators; `Performans` says nothing about which, so it is `unspecified`."""


class RulesError(ValueError):
    """`data/indicator_direction.yml` is malformed."""


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Rule:
    """One keyword/unit rule. Every condition given must hold (and none of the `not` ones)."""

    id: str
    value: str
    """The direction (or nature) this rule assigns."""
    name_contains_any: tuple[str, ...] = ()
    name_regex: str = ""
    name_not_contains: tuple[str, ...] = ()
    name_not_regex: str = ""
    unit_in: tuple[str, ...] = ()
    unit_regex: str = ""
    values_within: tuple[Decimal, Decimal] | None = None
    """Every printed number of the indicator lies in [lo, hi] (for percentages recognised by name)."""
    why: str = ""

    def matches(self, name: str, unit: str, values: list[Decimal] | None = None) -> bool:
        n, u = ascii_fold(name), ascii_fold(unit)
        if self.name_contains_any and not any(ascii_fold(k) in n for k in self.name_contains_any):
            return False
        if self.name_regex and not re.search(self.name_regex, n):
            return False
        if self.name_not_contains and any(ascii_fold(k) in n for k in self.name_not_contains):
            return False
        if self.name_not_regex and re.search(self.name_not_regex, n):
            return False
        if self.unit_in and u not in {ascii_fold(x) for x in self.unit_in}:
            return False
        if self.unit_regex and not re.search(self.unit_regex, u):
            return False
        if self.values_within is not None:
            lo, hi = self.values_within
            vals = values or []
            if not vals or not all(lo <= v <= hi for v in vals):
                return False
        return True


@dataclass
class DirectionRules:
    default_direction: str = "higher"
    direction_rules: list[Rule] = field(default_factory=list)
    direction_overrides: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    """(program, indicator_code) -> (direction, why)."""
    default_nature: str = "flow"
    nature_rules: list[Rule] = field(default_factory=list)
    nature_overrides: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    def direction(self, program: str, code: str, name: str, unit: str) -> tuple[str, str, bool]:
        """(direction, rule that decided, is_default)."""
        ov = self.direction_overrides.get((program, code))
        if ov:
            return ov[0], f"override:{program}/{code}", False
        for r in self.direction_rules:
            if r.matches(name, unit):
                return r.value, r.id, False
        return self.default_direction, "default", True

    def nature(self, program: str, code: str, name: str, unit: str, values: list[Decimal]) -> tuple[str, str]:
        ov = self.nature_overrides.get((program, code))
        if ov:
            return ov[0], f"override:{program}/{code}"
        for r in self.nature_rules:
            if r.matches(name, unit, values):
                return r.value, r.id
        return self.default_nature, "default"


def _tuple(v: Any) -> tuple[str, ...]:
    if v is None:
        return ()
    if isinstance(v, str):
        return (v,)
    return tuple(str(x) for x in v)


def _rule(d: dict[str, Any], key: str, allowed: tuple[str, ...], where: str) -> Rule:
    if not isinstance(d, dict) or "id" not in d or key not in d:
        raise RulesError(f"{where}: each rule needs `id` and `{key}`")
    if d[key] not in allowed:
        raise RulesError(f"{where} ({d['id']}): {key} must be one of {allowed}, not {d[key]!r}")
    for rx in ("name_regex", "name_not_regex", "unit_regex"):
        if d.get(rx):
            try:
                re.compile(d[rx])
            except re.error as exc:
                raise RulesError(f"{where} ({d['id']}): bad {rx}: {exc}") from exc
    within = d.get("values_within")
    return Rule(
        id=str(d["id"]),
        value=str(d[key]),
        name_contains_any=_tuple(d.get("name_contains_any")),
        name_regex=str(d.get("name_regex") or ""),
        name_not_contains=_tuple(d.get("name_not_contains")),
        name_not_regex=str(d.get("name_not_regex") or ""),
        unit_in=_tuple(d.get("unit_in")),
        unit_regex=str(d.get("unit_regex") or ""),
        values_within=(Decimal(str(within[0])), Decimal(str(within[1]))) if within else None,
        why=str(d.get("why", "")).strip(),
    )


def _overrides(items: Any, key: str, allowed: tuple[str, ...], where: str) -> dict[tuple[str, str], tuple[str, str]]:
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for i, o in enumerate(items or []):
        if not isinstance(o, dict) or not {"program", "indicator_code", key} <= set(o):
            raise RulesError(f"{where}[{i}]: needs program, indicator_code and {key}")
        if o[key] not in allowed:
            raise RulesError(f"{where}[{i}]: {key} must be one of {allowed}, not {o[key]!r}")
        out[(str(o["program"]), str(o["indicator_code"]))] = (str(o[key]), str(o.get("why", "")).strip())
    return out


def parse_rules(doc: dict[str, Any]) -> DirectionRules:
    """Build `DirectionRules` from the parsed YAML (see data/indicator_direction.yml for the format)."""
    doc = doc or {}
    d = doc.get("direction") or {}
    n = doc.get("nature") or {}
    default_dir = str(d.get("default", "higher"))
    default_nat = str(n.get("default", "flow"))
    if default_dir not in DIRECTIONS:
        raise RulesError(f"direction.default must be one of {DIRECTIONS}")
    if default_nat not in NATURES:
        raise RulesError(f"nature.default must be one of {NATURES}")
    rules = DirectionRules(
        default_direction=default_dir,
        direction_rules=[_rule(r, "direction", DIRECTIONS, f"direction.rules[{i}]") for i, r in enumerate(d.get("rules") or [])],
        direction_overrides=_overrides(d.get("overrides"), "direction", DIRECTIONS, "direction.overrides"),
        default_nature=default_nat,
        nature_rules=[_rule(r, "nature", NATURES, f"nature.rules[{i}]") for i, r in enumerate(n.get("rules") or [])],
        nature_overrides=_overrides(n.get("overrides"), "nature", NATURES, "nature.overrides"),
    )
    ids = [r.id for r in rules.direction_rules] + [r.id for r in rules.nature_rules]
    if len(ids) != len(set(ids)):
        raise RulesError("rule ids must be unique")
    return rules


def load_rules(path: Path) -> DirectionRules:
    """Read `data/indicator_direction.yml`; a missing file gives the defaults only (every direction `default`)."""
    path = Path(path)
    if not path.exists():
        return DirectionRules()
    try:
        return parse_rules(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except yaml.YAMLError as exc:
        raise RulesError(f"{path}: not valid YAML ({exc})") from exc


# --------------------------------------------------------------------------- values


def value_status(raw: Any, value: Any) -> str:
    """Classify one printed cell: `numeric`, `zero`, `dash` (`-`), `empty`, `non_numeric` or `absent` (no cell)."""
    if raw is None and value is None:
        return "absent"
    if isinstance(value, Decimal):
        return "zero" if value == 0 else "numeric"
    text = "" if raw is None or (isinstance(raw, float) and pd.isna(raw)) else str(raw).strip()
    if text == "":
        return "empty"
    if is_blank_or_dash(text):
        return "dash"
    return "non_numeric"


HAS_NUMBER = ("numeric", "zero")


@dataclass
class Cell:
    year: int | None = None
    role: str = ""
    raw: str | None = None
    value: Decimal | None = None
    page: int | None = None
    box: str = ""
    """Where the value is printed on `page` (`x0,top,x1,bottom`), empty when unknown."""

    @property
    def status(self) -> str:
        if self.role == "":
            return "absent"
        return value_status(self.raw, self.value)

    @property
    def has_number(self) -> bool:
        return self.status in HAS_NUMBER


def _values_by_indicator(indicators: pd.DataFrame, values: pd.DataFrame) -> list[list[Cell]]:
    """The value cells of each indicator row, in indicator order.

    Values are keyed by indicator_code only; where a code is printed twice (truncated codes such as
    `PG6.33.1.`), the k-th indicator with that code gets the k-th value of each (year, role).
    """
    occ: dict[str, int] = {}
    ind_keys = []
    for code in indicators["indicator_code"]:
        k = occ.get(code, 0)
        ind_keys.append((code, k))
        occ[code] = k + 1
    cells: dict[tuple[str, int], list[Cell]] = {}
    seen: dict[tuple[str, Any, str], int] = {}
    for r in values.itertuples(index=False):
        key = (r.indicator_code, r.year, r.role)
        k = seen.get(key, 0)
        seen[key] = k + 1
        value = r.value if isinstance(r.value, Decimal) else None
        page = int(r.page) if "page" in values.columns and pd.notna(r.page) else None
        raw = r.value_raw if isinstance(r.value_raw, str) else ("" if r.value_raw is None or pd.isna(r.value_raw) else str(r.value_raw))
        cells.setdefault((r.indicator_code, k), []).append(Cell(int(r.year) if pd.notna(r.year) else None, str(r.role), raw, value, page, box_text(r)))
    return [cells.get(k, []) for k in ind_keys]


# --------------------------------------------------------------------------- per indicator

AMBITION_COLUMNS = [
    "program", "ph_code", "indicator_code", "seq", "name", "kind", "indicator_type", "measure_unit", "unit", "theme",
    "direction", "direction_rule", "direction_is_default", "nature", "nature_rule",
    "actual_year", "actual_raw", "actual_value", "actual_status",
    "interim_year", "interim_role", "interim_raw", "interim_value", "interim_status", "interim_comparable",
    "target_year", "target_raw", "target_value", "target_status",
    "baseline_value", "baseline_source", "baseline_status", "last_value", "last_source",
    "change_vs_baseline", "target_vs_baseline", "stretch_vs_baseline", "stretch_vs_actual", "stretch_vs_last",
    "best_reached", "best_reached_source", "target_worse_than_reached", "best_prior", "target_worse_than_prior",
    "target_equals_last", "target_equals_baseline", "gap_closure", "gap_closure_status", "page", "card_seq",
    "actual_box", "interim_box", "target_box", "baseline_at_best", "held_at_best",
]  # fmt: skip

DAY_UNITS = ("gün", "day")
"""Measure units of durations counted in days: one day is the shortest such an indicator can report."""


def at_best(baseline: Decimal | None, direction: str, nature: str, measure_unit: Any) -> bool:
    """Whether the baseline already stands at the best value the indicator can take, so an equal target is a
    ceiling held, not a flat target: 100 % or more of a percentage where higher is better; 0 where lower is
    better; 1 day or less for a duration in days where lower is better."""
    if baseline is None:
        return False
    if direction == "higher" and nature == "percent":
        return baseline >= 100
    if direction == "lower":
        return baseline <= 0 or (baseline <= 1 and any(w in ascii_fold(measure_unit) for w in ("gun", "day")))
    return False


def _stretch(target: Decimal | None, ref: Decimal | None, sign: int | None) -> float | None:
    if target is None or ref is None or sign is None or ref == 0:
        return None
    return float((target - ref) * sign / abs(ref)) + 0.0  # + 0.0: no "-0" in the tables


def _worse(target: Decimal, ref: Decimal, direction: str) -> bool:
    return target < ref if direction == "higher" else target > ref


def _best(values: list[tuple[Decimal, str]], direction: str) -> tuple[Decimal, str] | None:
    if not values:
        return None
    return max(values, key=lambda t: t[0]) if direction == "higher" else min(values, key=lambda t: t[0])


def classify_indicators(indicators: pd.DataFrame, rules: DirectionRules, program: str, numbers: list[list[Decimal]] | None = None) -> pd.DataFrame:
    """Direction and nature of each indicator, with the rule that decided each (one row per indicator)."""
    rows = []
    for i, r in enumerate(indicators.itertuples(index=False)):
        name, unit, code = str(r.name or ""), str(getattr(r, "measure_unit", "") or ""), str(r.indicator_code)
        d, d_rule, d_default = rules.direction(program, code, name, unit)
        nat, nat_rule = rules.nature(program, code, name, unit, numbers[i] if numbers else [])
        rows.append({"indicator_code": code, "direction": d, "direction_rule": d_rule, "direction_is_default": d_default, "nature": nat, "nature_rule": nat_rule})
    return pd.DataFrame(rows, columns=["indicator_code", "direction", "direction_rule", "direction_is_default", "nature", "nature_rule"])


def _card_lookup(targets: pd.DataFrame) -> tuple[dict[int, Any], dict[str, Any]]:
    by_card, by_code = {}, {}
    if targets is None or targets.empty:
        return by_card, by_code
    for t in targets.itertuples(index=False):
        cs = getattr(t, "card_seq", None)
        if cs is not None and pd.notna(cs) and int(cs) > 0:
            by_card[int(cs)] = t
        by_code.setdefault(t.ph_code, t)
    return by_card, by_code


def _txt(v: Any) -> str:
    return "" if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)) else str(v).strip()


def indicator_ambition(indicators: pd.DataFrame, values: pd.DataFrame, targets: pd.DataFrame, rules: DirectionRules, program: str) -> pd.DataFrame:
    """One row per indicator: printed values, direction, nature, baseline, stretch, gap closure and flags.

    See the module docstring for the definitions; `AMBITION_COLUMNS` lists the columns.
    """
    if indicators is None or indicators.empty:
        return pd.DataFrame(columns=AMBITION_COLUMNS)
    inds = indicators.reset_index(drop=True)
    cells_per = _values_by_indicator(inds, values if values is not None else pd.DataFrame(columns=["indicator_code", "year", "role", "value_raw", "value", "page"]))
    numbers = [[c.value for c in cells if c.value is not None] for cells in cells_per]
    cls = classify_indicators(inds, rules, program, numbers)
    by_card, by_code = _card_lookup(targets)
    rows = [_ambition_row(r, cls.iloc[i], cells_per[i], _card_of(r, by_card, by_code), program) for i, r in enumerate(inds.itertuples(index=False))]
    return _typed_ambition(pd.DataFrame(rows, columns=AMBITION_COLUMNS))


def _typed_ambition(out: pd.DataFrame) -> pd.DataFrame:
    for col in ("seq", "actual_year", "interim_year", "target_year", "page", "card_seq"):
        out[col] = pd.array([None if v is None or pd.isna(v) else int(v) for v in out[col]], dtype="Int64")
    for col in ("target_worse_than_reached", "target_worse_than_prior", "target_equals_last", "target_equals_baseline", "interim_comparable", "baseline_at_best", "held_at_best"):
        out[col] = pd.array([None if v is None else bool(v) for v in out[col]], dtype="boolean")
    for col in ("stretch_vs_baseline", "stretch_vs_actual", "stretch_vs_last", "gap_closure"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    return out


def _card_of(r: Any, by_card: dict[int, Any], by_code: dict[str, Any]) -> Any:
    """The card an indicator belongs to: by its card_seq, else by its PH code."""
    cs = getattr(r, "card_seq", None)
    if cs is not None and pd.notna(cs) and int(cs) in by_card:
        return by_card[int(cs)]
    return by_code.get(r.ph_code)


def _columns_of(cells: list[Cell], nature: str) -> tuple[Cell, Cell, Cell, bool]:
    """The target cell (latest target), the latest actual before it, the interim value after that actual."""
    tcells = [x for x in cells if x.role == "target"]
    target = max(tcells, key=lambda x: x.year or 0) if tcells else Cell()
    ty = target.year
    before = [x for x in cells if x.role != "target" and (ty is None or x.year is None or x.year < ty)]
    actuals = [x for x in before if x.role == "actual"]
    actual = max(actuals, key=lambda x: x.year or 0) if actuals else Cell()
    interims = [x for x in before if x.role in ("estimate", "partial_actual") and (actual.year is None or (x.year or 0) > actual.year)]
    interim = max(interims, key=lambda x: x.year or 0) if interims else Cell()
    interim_comparable = interim.role == "estimate" or (interim.role == "partial_actual" and nature in ("percent", "level"))
    return target, actual, interim, interim_comparable


def _baseline(actual: Cell, interim: Cell, comparable: bool, nature: str) -> tuple[Decimal | None, str, str, Decimal | None, str]:
    """(baseline, its source, its status, last value comparable with an annual target, its source)."""
    if actual.has_number:
        baseline, b_src, b_status = actual.value, f"{actual.year} actual", actual.status
    elif interim.has_number and comparable:
        what = "estimate" if interim.role == "estimate" else f"partial actual, {nature} measure"
        baseline, b_src, b_status = interim.value, f"{interim.year} {what} ({actual.year or 'actual'} {actual.status})", interim.status
    else:
        baseline, b_src = None, ""
        b_status = "partial_not_comparable" if interim.has_number and not comparable and actual.status not in HAS_NUMBER else actual.status
    if interim.has_number and comparable:
        last, l_src = interim.value, f"{interim.year} {interim.role}"
    elif actual.has_number:
        last, l_src = actual.value, f"{actual.year} actual"
    else:
        last, l_src = None, ""
    return baseline, b_src, b_status, last, l_src


def _best_levels(actual: Cell, interim: Cell, sign: int | None, nature: str, direction: str) -> tuple[tuple[Decimal, str] | None, tuple[Decimal, str] | None]:
    """The best level already reached, and the best prior value including estimates."""
    reached: list[tuple[Decimal, str]] = []
    if actual.has_number:
        reached.append((actual.value, f"{actual.year} actual"))
    if interim.has_number and interim.role == "partial_actual" and sign is not None:
        if nature in ("percent", "level"):
            reached.append((interim.value, f"{interim.year} partial actual"))
        elif direction == "higher":
            reached.append((interim.value, f"{interim.year} partial actual (lower bound of the year)"))
    prior = list(reached)
    if interim.has_number and interim.role == "estimate":
        prior.append((interim.value, f"{interim.year} estimate"))
    if sign is None:
        return None, None
    return _best(reached, direction), _best(prior, direction)


def _verdict(sign: int | None, t_val: Decimal | None, baseline: Decimal | None) -> str:
    if sign is None:
        return "no_direction"
    if t_val is None:
        return "no_target"
    if baseline is None:
        return "no_baseline"
    diff = (t_val - baseline) * sign
    return "improves" if diff > 0 else ("equal" if diff == 0 else "worse")


def _gap_closure(nature: str, sign: int | None, baseline: Decimal | None, t_val: Decimal | None, direction: str) -> tuple[float | None, str]:
    """Gap closure for bounded percentages: the share of the distance to the bound that the target closes."""
    if nature != "percent":
        return None, "not_percent"
    if sign is None:
        return None, "no_direction"
    if baseline is None:
        return None, "no_baseline"
    if t_val is None:
        return None, "no_target"
    if not (0 <= baseline <= 100 and 0 <= t_val <= 100):
        return None, "out_of_range"
    headroom = (Decimal(100) - baseline) if direction == "higher" else baseline
    if headroom == 0:
        return None, "at_bound"
    return float((t_val - baseline) * sign / headroom) + 0.0, "ok"


def _ambition_row(r: Any, c: pd.Series, cells: list[Cell], card: Any, program: str) -> dict[str, Any]:
    """The ambition row of one indicator (`r`), given its direction/nature classification `c` and its cells."""
    direction, nature = c["direction"], c["nature"]
    sign = SIGN.get(direction)
    target, actual, interim, interim_comparable = _columns_of(cells, nature)
    t_val = target.value if target.has_number else None
    baseline, b_src, b_status, last, l_src = _baseline(actual, interim, interim_comparable, nature)
    best_r, best_p = _best_levels(actual, interim, sign, nature, direction)
    verdict = _verdict(sign, t_val, baseline)
    gap, gap_status = _gap_closure(nature, sign, baseline, t_val, direction)
    unit = (_txt(getattr(card, "unit_canonical", "")) or _txt(getattr(card, "unit", ""))) if card is not None else ""
    theme = _txt(getattr(card, "theme", "")) if card is not None else ""
    page = getattr(r, "page", None)
    cs = getattr(r, "card_seq", None)
    return {
        "program": program,
        "ph_code": r.ph_code,
        "indicator_code": r.indicator_code,
        "seq": r.seq,
        "name": r.name,
        "kind": _txt(getattr(r, "kind", "")),
        "indicator_type": _txt(getattr(r, "indicator_type", "")),
        "measure_unit": _txt(getattr(r, "measure_unit", "")),
        "unit": unit or NOT_STATED,
        "theme": theme or NOT_STATED,
        "direction": direction,
        "direction_rule": c["direction_rule"],
        "direction_is_default": bool(c["direction_is_default"]),
        "nature": nature,
        "nature_rule": c["nature_rule"],
        "actual_year": actual.year,
        "actual_raw": actual.raw,
        "actual_value": actual.value,
        "actual_status": actual.status,
        "interim_year": interim.year,
        "interim_role": interim.role,
        "interim_raw": interim.raw,
        "interim_value": interim.value,
        "interim_status": interim.status,
        "interim_comparable": bool(interim_comparable) if interim.role else None,
        "target_year": target.year,
        "target_raw": target.raw,
        "target_value": target.value,
        "target_status": target.status,
        "baseline_value": baseline,
        "baseline_source": b_src,
        "baseline_status": b_status,
        "last_value": last,
        "last_source": l_src,
        "change_vs_baseline": (t_val - baseline) if (t_val is not None and baseline is not None) else None,
        "target_vs_baseline": verdict,
        "stretch_vs_baseline": _stretch(t_val, baseline, sign),
        "stretch_vs_actual": _stretch(t_val, actual.value if actual.has_number else None, sign),
        "stretch_vs_last": _stretch(t_val, last, sign),
        "best_reached": best_r[0] if best_r else None,
        "best_reached_source": best_r[1] if best_r else "",
        "target_worse_than_reached": (_worse(t_val, best_r[0], direction) if (best_r and t_val is not None) else None),
        "best_prior": best_p[0] if best_p else None,
        "target_worse_than_prior": (_worse(t_val, best_p[0], direction) if (best_p and t_val is not None) else None),
        "target_equals_last": (t_val == last) if (t_val is not None and last is not None) else None,
        "target_equals_baseline": (t_val == baseline) if (t_val is not None and baseline is not None) else None,
        "gap_closure": gap,
        "gap_closure_status": gap_status,
        "page": int(page) if page is not None and pd.notna(page) else None,
        "card_seq": int(cs) if cs is not None and pd.notna(cs) else None,
        "actual_box": actual.box,
        "interim_box": interim.box,
        "target_box": target.box,
        "baseline_at_best": (best := at_best(baseline, direction, nature, getattr(r, "measure_unit", ""))),
        "held_at_best": best and verdict == "equal",
    }



# --------------------------------------------------------------------------- summaries


def _share(n: int, d: int) -> float | None:
    return (n / d) if d else None


def _median(values: pd.Series) -> float | None:
    v = [float(x) for x in values if x is not None and not pd.isna(x)]
    return float(median(v)) + 0.0 if v else None


SUMMARY_COLUMNS = [
    "indicators", "direction_higher", "direction_lower", "direction_neutral", "direction_default",
    "percent_indicators", "level_indicators", "flow_indicators",
    "baseline_numeric", "baseline_zero", "baseline_dash", "baseline_empty", "baseline_non_numeric", "baseline_absent",
    "baseline_partial_not_comparable", "baseline_from_interim",
    "target_missing", "target_dash", "target_empty", "target_non_numeric", "comparable",
    "improves", "equal", "worse", "share_improves", "share_equal", "share_worse",
    "reached_checked", "worse_than_reached", "share_worse_than_reached",
    "prior_checked", "worse_than_prior", "share_worse_than_prior",
    "last_checked", "equals_last", "share_equals_last",
    "stretch_defined", "median_stretch_vs_baseline", "median_stretch_vs_actual", "median_stretch_vs_last",
    "gap_closure_defined", "gap_closure_at_bound", "gap_closure_out_of_range", "median_gap_closure",
    "held_at_best", "open_comparable", "share_improves_open", "flat", "share_flat_open",
]  # fmt: skip


def _summary_row(df: pd.DataFrame) -> dict[str, Any]:
    n = len(df)
    directed = df[df["direction"] != "neutral"]
    comp = directed[directed["target_vs_baseline"].isin(["improves", "equal", "worse"])]
    bs = df["actual_status"]
    reached = df["target_worse_than_reached"].dropna()
    prior = df["target_worse_than_prior"].dropna()
    last = df["target_equals_last"].dropna()
    return {
        "indicators": n,
        "direction_higher": int((df["direction"] == "higher").sum()),
        "direction_lower": int((df["direction"] == "lower").sum()),
        "direction_neutral": int((df["direction"] == "neutral").sum()),
        "direction_default": int(df["direction_is_default"].astype(bool).sum()),
        "percent_indicators": int((df["nature"] == "percent").sum()),
        "level_indicators": int((df["nature"] == "level").sum()),
        "flow_indicators": int((df["nature"] == "flow").sum()),
        "baseline_numeric": int((bs == "numeric").sum()),
        "baseline_zero": int((bs == "zero").sum()),
        "baseline_dash": int((bs == "dash").sum()),
        "baseline_empty": int((bs == "empty").sum()),
        "baseline_non_numeric": int((bs == "non_numeric").sum()),
        "baseline_absent": int((bs == "absent").sum()),
        "baseline_partial_not_comparable": int((df["baseline_status"] == "partial_not_comparable").sum()),
        "baseline_from_interim": int(((~bs.isin(HAS_NUMBER)) & df["baseline_value"].notna()).sum()),
        "target_missing": int((~df["target_status"].isin(HAS_NUMBER)).sum()),
        "target_dash": int((df["target_status"] == "dash").sum()),
        "target_empty": int((df["target_status"] == "empty").sum()),
        "target_non_numeric": int((df["target_status"] == "non_numeric").sum()),
        "comparable": len(comp),
        "improves": int((comp["target_vs_baseline"] == "improves").sum()),
        "equal": int((comp["target_vs_baseline"] == "equal").sum()),
        "worse": int((comp["target_vs_baseline"] == "worse").sum()),
        "share_improves": _share(int((comp["target_vs_baseline"] == "improves").sum()), len(comp)),
        "share_equal": _share(int((comp["target_vs_baseline"] == "equal").sum()), len(comp)),
        "share_worse": _share(int((comp["target_vs_baseline"] == "worse").sum()), len(comp)),
        "reached_checked": len(reached),
        "worse_than_reached": int(reached.astype(bool).sum()),
        "share_worse_than_reached": _share(int(reached.astype(bool).sum()), len(reached)),
        "prior_checked": len(prior),
        "worse_than_prior": int(prior.astype(bool).sum()),
        "share_worse_than_prior": _share(int(prior.astype(bool).sum()), len(prior)),
        "last_checked": len(last),
        "equals_last": int(last.astype(bool).sum()),
        "share_equals_last": _share(int(last.astype(bool).sum()), len(last)),
        "stretch_defined": int(df["stretch_vs_baseline"].notna().sum()),
        "median_stretch_vs_baseline": _median(df["stretch_vs_baseline"]),
        "median_stretch_vs_actual": _median(df["stretch_vs_actual"]),
        "median_stretch_vs_last": _median(df["stretch_vs_last"]),
        "gap_closure_defined": int(df["gap_closure"].notna().sum()),
        "gap_closure_at_bound": int((df["gap_closure_status"] == "at_bound").sum()),
        "gap_closure_out_of_range": int((df["gap_closure_status"] == "out_of_range").sum()),
        "median_gap_closure": _median(df["gap_closure"]),
        **_open_shares(comp),
    }


def _open_shares(comp: pd.DataFrame) -> dict[str, Any]:
    """Ceilings told apart from flat targets: among the comparable indicators, those whose equal target only holds a
    baseline already at its best (`held_at_best`) are left out of `open_comparable`, the indicators that can still
    improve; `share_improves_open` and `share_flat_open` (equal targets that could have improved) are of those."""
    held = comp["held_at_best"].astype(bool) if "held_at_best" in comp and len(comp) else pd.Series(False, index=comp.index)
    open_ = comp[~held]
    improves = int((open_["target_vs_baseline"] == "improves").sum())
    flat = int((open_["target_vs_baseline"] == "equal").sum())
    return {"held_at_best": int(held.sum()), "open_comparable": len(open_), "share_improves_open": _share(improves, len(open_)),
            "flat": flat, "share_flat_open": _share(flat, len(open_))}


def ambition_summary(ambition: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Counts, shares and medians of `indicator_ambition`, overall (one row) or per group of `by`.

    Shares are of the indicators where the comparison is defined (`comparable`, `reached_checked`, ...), which
    the table also gives, so every share can be read with its denominator.
    """
    by = list(by or [])
    if ambition.empty:
        return pd.DataFrame([_summary_row(ambition)] if not by else [], columns=by + SUMMARY_COLUMNS)
    if not by:
        return pd.DataFrame([_summary_row(ambition)], columns=SUMMARY_COLUMNS)
    rows = []
    for key, sub in ambition.groupby(by, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(by, key, strict=True)), **_summary_row(sub)})
    return pd.DataFrame(rows, columns=by + SUMMARY_COLUMNS)


# --------------------------------------------------------------------------- quality

QUALITY_COLUMNS = [
    "indicators", "targets", "targets_without_indicators", "indicators_per_target_mean", "indicators_per_target_median",
    "indicators_per_target_min", "indicators_per_target_max", "type_stated", "share_output", "share_outcome",
    "share_quality", "share_efficiency", "share_input", "share_unspecified_type", "kind_stated", "share_performance_kind",
    "share_monitoring_kind", "share_with_actual", "share_with_baseline", "share_target_missing", "share_equals_last",
    "share_percent", "share_direction_default", "duplicate_indicator_codes",
]  # fmt: skip


def type_group(indicator_type: Any) -> str:
    key = ascii_fold(indicator_type)
    return TYPE_GROUPS.get(key, "not_stated" if not key else "other")


def type_mix(ambition: pd.DataFrame) -> pd.DataFrame:
    """Indicators per printed type (TÜRÜ) and type group, with shares and the PG/İG split of each."""
    cols = ["indicator_type", "type_group", "indicators", "share", "performance_kind", "monitoring_kind"]
    if ambition.empty:
        return pd.DataFrame(columns=cols)
    df = ambition.assign(_t=ambition["indicator_type"].map(lambda v: _txt(v) or NOT_STATED))
    rows = []
    for t, sub in df.groupby("_t", sort=False):
        rows.append({"indicator_type": t, "type_group": type_group("" if t == NOT_STATED else t), "indicators": len(sub), "share": len(sub) / len(df),
                     "performance_kind": int((sub["kind"] == "performance").sum()), "monitoring_kind": int((sub["kind"] == "monitoring").sum())})
    return pd.DataFrame(rows, columns=cols).sort_values(["indicators", "indicator_type"], ascending=[False, True]).reset_index(drop=True)


def indicator_quality(ambition: pd.DataFrame, targets: pd.DataFrame, indicators: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row of indicator-quality measures.

    - indicators per target (mean, median, min, max, targets with none);
    - type mix: share output / outcome / quality / efficiency / input / unspecified of the indicators whose type
      is printed (`type_stated` says how many; Kocaeli prints none);
    - kind: share of performance (PG) vs monitoring (İG) indicators where the document says (`kind_stated`);
    - share with an actual (a number printed for the last full year), with a baseline (by the baseline rule),
      with a missing target, with a target equal to the last value, of percentages, of default directions;
    - indicator codes printed more than once.
    """
    n = len(ambition)
    n_targets = len(targets) if targets is not None else 0
    if targets is not None and n_targets:
        use_card = "card_seq" in targets.columns and targets["card_seq"].notna().all() and ambition["card_seq"].notna().all()
        keys = list(targets["card_seq"]) if use_card else list(targets["ph_code"])
        counts = ambition["card_seq"].value_counts() if use_card else ambition["ph_code"].value_counts()
        per = [int(counts.get(k, 0)) for k in keys]
    else:
        per = []
    typed = ambition[ambition["indicator_type"].map(lambda v: _txt(v) != "")] if n else ambition
    groups = typed["indicator_type"].map(type_group) if len(typed) else pd.Series(dtype=object)
    kinded = ambition[ambition["kind"].isin(["performance", "monitoring"])] if n else ambition
    last = ambition["target_equals_last"].dropna() if n else pd.Series(dtype=bool)
    dup = 0
    if indicators is not None and len(indicators):
        vc = indicators["indicator_code"].value_counts()
        dup = int((vc > 1).sum())
    row = {
        "indicators": n,
        "targets": n_targets,
        "targets_without_indicators": sum(1 for x in per if x == 0),
        "indicators_per_target_mean": (sum(per) / len(per)) if per else None,
        "indicators_per_target_median": float(median(per)) if per else None,
        "indicators_per_target_min": min(per) if per else None,
        "indicators_per_target_max": max(per) if per else None,
        "type_stated": len(typed),
        "share_output": _share(int((groups == "output").sum()), len(typed)),
        "share_outcome": _share(int((groups == "outcome").sum()), len(typed)),
        "share_quality": _share(int((groups == "quality").sum()), len(typed)),
        "share_efficiency": _share(int((groups == "efficiency").sum()), len(typed)),
        "share_input": _share(int((groups == "input").sum()), len(typed)),
        "share_unspecified_type": _share(int((groups == "unspecified").sum()), len(typed)),
        "kind_stated": len(kinded),
        "share_performance_kind": _share(int((kinded["kind"] == "performance").sum()), len(kinded)),
        "share_monitoring_kind": _share(int((kinded["kind"] == "monitoring").sum()), len(kinded)),
        "share_with_actual": _share(int(ambition["actual_status"].isin(HAS_NUMBER).sum()), n) if n else None,
        "share_with_baseline": _share(int(ambition["baseline_value"].notna().sum()), n) if n else None,
        "share_target_missing": _share(int((~ambition["target_status"].isin(HAS_NUMBER)).sum()), n) if n else None,
        "share_equals_last": _share(int(last.astype(bool).sum()), len(last)),
        "share_percent": _share(int((ambition["nature"] == "percent").sum()), n) if n else None,
        "share_direction_default": _share(int(ambition["direction_is_default"].astype(bool).sum()), n) if n else None,
        "duplicate_indicator_codes": dup,
    }
    return pd.DataFrame([row], columns=QUALITY_COLUMNS)
