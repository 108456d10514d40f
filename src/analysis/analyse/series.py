"""A municipality's programs read as a series: what each program promised, and what became of it.

Every program prints, per indicator, the actual of two years before, an estimate (or a partial actual) of the
year before and the target of its plan year. So the program of year N+2 reports the actual of the target set
in year N, and N+1 gives its first estimate. This module lines them up.

Takes: the programs of one municipality (catalog entries sharing a `series_key`, at least two years), each with
its analysis table `indicator_ambition.csv` (names, units, direction, and the years and roles read from the
printed headers) and its package's `performance_targets.csv` and `activities.csv`.
Returns the series tables (all with a `series` column; see `SERIES_TABLES`):
- `series_matches`: every pair of programs one or two years apart, every indicator, performance target and
  activity: matched (with `method` code/name and `score`), ambiguous (with its candidates) or unmatched;
- `series_delivery`: per indicator and target year: the target (program N), the first estimate (the program
  whose interim column is that year) and the reported actual (the program whose actual column is that year),
  each with its program, code and page, and a status:
  `met` / `partly_met` / `missed` (direction from `data/indicator_direction.yml`: for higher-is-better, met
  when actual >= target, partly met when actual >= target / 2; for lower-is-better, met when actual <= target,
  partly met when actual <= 1.5 x target), `not_reported` (matched, but no number printed), `dropped` (the
  indicator is not in a later program), `unresolved` (an ambiguous match on the way: listed, never guessed),
  `not_judged` (neutral direction), `no_target` (the target is not a number), `pending` (the program that
  reports the actual is not in the series yet);
- `series_delivery_summary`: counts per status and the delivery rate (met / judged, judged = met + partly met +
  missed), for the series, per target program, per policy area and per responsible unit;
- `series_activity_budgets`: matched activities, the amount planned in N and planned again in N+1;
- `series_programs`: per program of a series, the years of its columns (actual, interim and its role, target);
- `series_index`: one row per series: its programs and years, and its headline counts.
Years are the ones read from each program's headers (the most common year of each role), never assumed offsets.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.analyse.matching import Item, Matching, match
from analysis.core.catalog import series_groups as groups

if TYPE_CHECKING:
    from analysis.core.catalog import Program

STATUSES = ("met", "partly_met", "missed", "not_reported", "dropped", "unresolved", "not_judged", "no_target", "pending")
JUDGED = ("met", "partly_met", "missed")
KINDS = ("indicator", "performance_target", "activity")
MATCH_COLUMNS = ["series", "item", "from_program", "from_year", "to_program", "to_year", "outcome", "from_code", "from_name",
                 "to_code", "to_name", "method", "score", "candidates"]
DELIVERY_COLUMNS = [
    "series", "program", "target_year", "ph_code", "indicator_code", "name", "measure_unit", "unit", "policy_area", "direction",
    "target_raw", "target_value", "target_page", "estimate_program", "estimate_code", "estimate_role", "estimate_raw", "estimate_value",
    "estimate_page", "actual_program", "actual_code", "actual_raw", "actual_value", "actual_page", "revision", "gap", "status",
    "status_note", "dropped_in", "dropped_after_shortfall", "match_methods", "match_score",
]  # fmt: skip
SUMMARY_COLUMNS = ["series", "dimension", "group", "indicators", *STATUSES, "judged", "delivery_rate"]
BUDGET_COLUMNS = ["series", "from_program", "to_program", "from_code", "from_name", "to_code", "to_name", "method", "score",
                  "planned", "planned_again", "change"]
PROGRAM_COLUMNS = ["series", "program", "year", "actual_year", "interim_year", "interim_role", "target_year", "indicators",
                   "performance_targets", "activities"]
INDEX_COLUMNS = ["series", "municipality", "programs", "years", "indicators_due", "judged", "met", "partly_met", "missed",
                 "dropped", "delivery_rate"]
SERIES_TABLES = ("series_index", "series_programs", "series_matches", "series_delivery", "series_delivery_summary", "series_activity_budgets")


@dataclass
class Member:
    """One program of a series: its tables and the years of its columns' roles."""

    program: Program
    ambition: pd.DataFrame
    targets: pd.DataFrame
    activities: pd.DataFrame
    years: dict[str, int | None] = field(default_factory=dict)
    _items: dict[str, list[Item]] = field(default_factory=dict)
    _rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.program.id

    def row(self, x: int) -> dict[str, Any]:
        """The x-th indicator's row of `indicator_ambition` as a dict (rows read once: pandas' row access is slow)."""
        if not self._rows:
            self._rows = self.ambition.to_dict("records")
        return self._rows[x]

    def items(self, kind: str) -> list[Item]:
        if kind not in self._items:
            self._items[kind] = self._make_items(kind)
        return self._items[kind]

    def _make_items(self, kind: str) -> list[Item]:
        ctx = dict(zip(self.targets["ph_code"], self.targets["ph_text"], strict=False))
        if kind == "indicator":
            return [Item(r["indicator_code"], r["name"], r["measure_unit"], ctx.get(r["ph_code"], "")) for r in self.ambition.to_dict("records")]
        if kind == "performance_target":
            return [Item(r["ph_code"], r["ph_text"], r["unit"], r["goal_text"]) for r in self.targets.to_dict("records")]
        return [Item(f"{r['ph_code']}#{r['seq']}", r["name"], r["unit"], ctx.get(r["ph_code"], "")) for r in self.activities.to_dict("records")]


def _mode(values: pd.Series) -> int | None:
    found = Counter(int(v) for v in values if str(v).strip() not in ("", "nan", "<NA>"))
    return found.most_common(1)[0][0] if found else None


def _mode_text(values: pd.Series) -> str:
    found = Counter(str(v) for v in values if str(v).strip())
    return found.most_common(1)[0][0] if found else ""


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def load_member(program: Program, analysis_dir: Path, extracted_dir: Path) -> Member:
    """One program's tables for the series (OSError / pandas errors when a table is missing or unreadable)."""
    amb = _read(analysis_dir / program.id / "indicator_ambition.csv")
    m = Member(program, amb, _read(extracted_dir / program.id / "performance_targets.csv"), _read(extracted_dir / program.id / "activities.csv"))
    m.years = {"actual": _mode(amb["actual_year"]), "interim": _mode(amb["interim_year"]), "target": _mode(amb["target_year"])}
    return m


def _number(text: Any) -> Decimal | None:
    try:
        return Decimal(str(text)) if str(text).strip() not in ("", "nan") else None
    except InvalidOperation:
        return None


def status(direction: str, target: Decimal, actual: Decimal) -> str:
    """met / partly_met / missed of a reported actual against its target (see the module docstring)."""
    if direction == "lower":
        if actual <= target:
            return "met"
        return "partly_met" if target > 0 and actual <= target * Decimal("1.5") else "missed"
    if actual >= target:
        return "met"
    return "partly_met" if target > 0 and actual * 2 >= target else "missed"


def gap(direction: str, target: Decimal | None, actual: Decimal | None) -> float | None:
    """(actual - target) / |target|, signed so that below zero is short of the target; None at a zero target."""
    if target is None or actual is None or target == 0 or direction not in ("higher", "lower"):
        return None
    g = float((actual - target) / abs(target))
    return g if direction == "higher" else -g


# --------------------------------------------------------------------------- matching the programs pairwise

Matchings = dict[tuple[int, int, str], Matching]


def matchings(members: list[Member]) -> Matchings:
    """Every kind of item matched between each program and the next two (a program may skip a year)."""
    out: Matchings = {}
    for i in range(len(members)):
        for j in range(i + 1, min(i + 3, len(members))):
            for kind in KINDS:
                out[(i, j, kind)] = match(members[i].items(kind), members[j].items(kind))
    return out


def match_rows(key: str, members: list[Member], found: Matchings) -> list[dict[str, Any]]:
    """One row per matched pair, ambiguous item and unmatched item (both sides)."""
    rows: list[dict[str, Any]] = []
    for (i, j, kind), m in found.items():
        a, b = members[i].items(kind), members[j].items(kind)
        head = {"series": key, "item": kind, "from_program": members[i].id, "from_year": members[i].program.year,
                "to_program": members[j].id, "to_year": members[j].program.year}
        for p in m.pairs:
            rows.append({**head, "outcome": "matched", "from_code": a[p.a].code, "from_name": a[p.a].name, "to_code": b[p.b].code,
                         "to_name": b[p.b].name, "method": p.method, "score": p.score, "candidates": ""})
        for x, close in m.ambiguous_a.items():
            rows.append({**head, "outcome": "ambiguous", "from_code": a[x].code, "from_name": a[x].name, "to_code": "", "to_name": "", "method": "",
                         "score": round(close[0][1], 1), "candidates": " | ".join(f"{b[k].code} ({s:.0f})" for k, s in close)})
        for y, close in m.ambiguous_b.items():
            rows.append({**head, "outcome": "ambiguous", "from_code": "", "from_name": "", "to_code": b[y].code, "to_name": b[y].name, "method": "",
                         "score": round(close[0][1], 1), "candidates": " | ".join(f"{a[k].code} ({s:.0f})" for k, s in close)})
        for x in m.unmatched_a:
            rows.append({**head, "outcome": "unmatched_from", "from_code": a[x].code, "from_name": a[x].name, "to_code": "", "to_name": "",
                         "method": "", "score": None, "candidates": ""})
        for y in m.unmatched_b:
            rows.append({**head, "outcome": "unmatched_to", "from_code": "", "from_name": "", "to_code": b[y].code, "to_name": b[y].name,
                         "method": "", "score": None, "candidates": ""})
    return rows


@dataclass(frozen=True)
class Step:
    """Following one indicator from a program to a later one: `matched` (with its row and how), `ambiguous`,
    `unmatched` or `unknown` (the pair was not compared)."""

    outcome: str
    row: int | None = None
    methods: tuple[str, ...] = ()
    score: float | None = None


def step(found: Matchings, i: int, j: int, x: int) -> Step:
    m = found.get((i, j, "indicator"))
    if m is None:
        return Step("unknown")
    for p in m.pairs:
        if p.a == x:
            return Step("matched", p.b, (p.method,), p.score)
    return Step("ambiguous") if x in m.ambiguous_a else Step("unmatched")


def follow(found: Matchings, i: int, x: int, q: int | None, r: int) -> Step:
    """Indicator x of program i in program r: through program q (the one between) and directly; the two ways
    must agree. `unmatched` means the indicator is not in program r (or already not in q)."""
    direct = step(found, i, r, x)
    via = Step("unknown")
    if q is not None and q != r:
        first = step(found, i, q, x)
        if first.outcome == "matched":
            second = step(found, q, r, first.row)  # type: ignore[arg-type]
            via = Step(second.outcome, second.row, first.methods + second.methods,
                       min(first.score or 100, second.score or 100)) if second.outcome == "matched" else second
        else:
            via = first
    ways = [s for s in (direct, via) if s.outcome == "matched"]
    if len(ways) == 2 and ways[0].row != ways[1].row:
        return Step("ambiguous")
    if ways:
        return ways[-1] if via.outcome == "matched" else ways[0]
    if "ambiguous" in (direct.outcome, via.outcome):
        return Step("ambiguous")
    return Step("unmatched")


# --------------------------------------------------------------------------- promised, estimated, reported


def _role_program(members: list[Member], role: str, year: int | None, after: int) -> int | None:
    """The first program after `after` whose `role` column is `year` (by the years read from its headers)."""
    if year is None:
        return None
    return next((k for k in range(after + 1, len(members)) if members[k].years.get(role) == year), None)


def _page(row: dict[str, Any]) -> int | None:
    v = str(row.get("page") or "").strip()
    return int(float(v)) if v else None


def delivery_row(key: str, members: list[Member], found: Matchings, i: int, x: int) -> dict[str, Any]:
    """One indicator of program i and its target year: promised, first estimate, reported actual, status."""
    m, r = members[i], members[i].row(x)
    year = _number(r.get("target_year"))
    year_i = int(year) if year is not None else None
    q, a = _role_program(members, "interim", year_i, i), _role_program(members, "actual", year_i, i)
    target, direction = _number(r.get("target_value")), r.get("direction") or ""
    out: dict[str, Any] = {c: None for c in DELIVERY_COLUMNS}
    out.update(series=key, program=m.id, target_year=year_i, ph_code=r["ph_code"], indicator_code=r["indicator_code"], name=r["name"],
               measure_unit=r.get("measure_unit", ""), unit=r.get("unit", ""), policy_area=r.get("policy_area", ""), direction=direction,
               target_raw=r.get("target_raw", ""), target_value=target, target_page=_page(r), dropped_after_shortfall=False)
    est = step(found, i, q, x) if q is not None else Step("unknown")
    if est.outcome == "matched":
        e = members[q].row(est.row)  # type: ignore[index, arg-type]
        out.update(estimate_program=members[q].id, estimate_code=e["indicator_code"], estimate_role=e.get("interim_role", ""),  # type: ignore[index]
                   estimate_raw=e.get("interim_raw", ""), estimate_value=_number(e.get("interim_value")), estimate_page=_page(e))
    if target is None:
        return {**out, "status": "no_target", "status_note": "the target is not a number"}
    if a is None:
        return {**out, "status": "pending", "status_note": f"no program of the series prints the {year_i} actual yet"}
    got = follow(found, i, x, q, a)
    out["match_methods"], out["match_score"] = "+".join(got.methods), got.score
    if got.outcome != "matched":
        gone = members[q].id if q is not None and est.outcome == "unmatched" else members[a].id
        return _not_followed(out, got, gone, direction, target)
    act = members[a].row(got.row)  # type: ignore[arg-type]
    actual = _number(act.get("actual_value")) if str(act.get("actual_year")) == str(year_i) else None
    out.update(actual_program=members[a].id, actual_code=act["indicator_code"], actual_raw=act.get("actual_raw", ""), actual_value=actual,
               actual_page=_page(act))
    if actual is not None and out["estimate_value"] is not None:
        out["revision"] = actual - out["estimate_value"]
    if direction not in ("higher", "lower"):
        return {**out, "status": "not_judged", "status_note": f"direction {direction or 'unknown'}: no better way"}
    if actual is None:
        return {**out, "status": "not_reported", "status_note": f"{members[a].id} prints no number for {year_i}"}
    return {**out, "status": status(direction, target, actual), "gap": gap(direction, target, actual), "status_note": ""}


def _not_followed(out: dict[str, Any], got: Step, reporting: str, direction: str, target: Decimal) -> dict[str, Any]:
    if got.outcome == "ambiguous":
        return {**out, "status": "unresolved", "status_note": f"more than one candidate in {reporting}; see the matches"}
    estimate = out["estimate_value"]
    short = estimate is not None and direction in ("higher", "lower") and status(direction, target, estimate) != "met"
    return {**out, "status": "dropped", "status_note": f"not printed in {reporting}", "dropped_in": reporting, "dropped_after_shortfall": short,
            "gap": gap(direction, target, estimate) if short else None}


def delivery(key: str, members: list[Member], found: Matchings) -> pd.DataFrame:
    rows = [delivery_row(key, members, found, i, x) for i, m in enumerate(members) for x in range(len(m.ambition))]
    return pd.DataFrame(rows, columns=DELIVERY_COLUMNS)


def _counts(df: pd.DataFrame) -> dict[str, Any]:
    c = {s: int((df["status"] == s).sum()) for s in STATUSES}
    judged = sum(c[s] for s in JUDGED)
    return {"indicators": len(df), **c, "judged": judged, "delivery_rate": c["met"] / judged if judged else None}


def summary(key: str, table: pd.DataFrame) -> pd.DataFrame:
    """Counts per status and the delivery rate: whole series, per target program, per policy area, per unit."""
    rows = [{"series": key, "dimension": "series", "group": key, **_counts(table)}]
    for dim, col in (("program", "program"), ("policy_area", "policy_area"), ("unit", "unit")):
        for value, sub in table.groupby(col, sort=True):
            rows.append({"series": key, "dimension": dim, "group": value, **_counts(sub)})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def _money(text: Any) -> Decimal | None:
    d = _number(text)
    return d.quantize(Decimal("0.01")) if d is not None else None


def activity_budgets(key: str, members: list[Member], found: Matchings) -> pd.DataFrame:
    """Matched activities of consecutive programs: the amount planned in N and planned again in N+1 (totals)."""
    rows = []
    for i in range(len(members) - 1):
        m = found.get((i, i + 1, "activity"))
        a, b = members[i].activities.to_dict("records"), members[i + 1].activities.to_dict("records")
        for p in m.pairs if m else []:
            planned, again = _money(a[p.a].get("total")), _money(b[p.b].get("total"))
            rows.append({"series": key, "from_program": members[i].id, "to_program": members[i + 1].id,
                         "from_code": f"{a[p.a]['ph_code']}#{a[p.a]['seq']}", "from_name": a[p.a]["name"],
                         "to_code": f"{b[p.b]['ph_code']}#{b[p.b]['seq']}", "to_name": b[p.b]["name"], "method": p.method, "score": p.score,
                         "planned": planned, "planned_again": again,
                         "change": again - planned if planned is not None and again is not None else None})
    return pd.DataFrame(rows, columns=BUDGET_COLUMNS)


# --------------------------------------------------------------------------- the stage's entry


def one_series(key: str, members: list[Member]) -> dict[str, pd.DataFrame]:
    found = matchings(members)
    table = delivery(key, members, found)
    counts = _counts(table[table["status"] != "pending"])
    index = {"series": key, "municipality": members[-1].program.municipality, "programs": " ".join(m.id for m in members),
             "years": " ".join(str(m.program.year) for m in members), "indicators_due": counts["indicators"],
             **{k: counts[k] for k in ("judged", "met", "partly_met", "missed", "dropped", "delivery_rate")}}
    programs = [{"series": key, "program": m.id, "year": m.program.year, "actual_year": m.years["actual"], "interim_year": m.years["interim"],
                 "interim_role": _mode_text(m.ambition["interim_role"]), "target_year": m.years["target"], "indicators": len(m.ambition),
                 "performance_targets": len(m.targets), "activities": len(m.activities)} for m in members]
    return {"series_index": pd.DataFrame([index], columns=INDEX_COLUMNS), "series_programs": pd.DataFrame(programs, columns=PROGRAM_COLUMNS),
            "series_matches": pd.DataFrame(match_rows(key, members, found), columns=MATCH_COLUMNS),
            "series_delivery": table, "series_delivery_summary": summary(key, table),
            "series_activity_budgets": activity_budgets(key, members, found)}


EMPTY = {"series_index": INDEX_COLUMNS, "series_programs": PROGRAM_COLUMNS, "series_matches": MATCH_COLUMNS, "series_delivery": DELIVERY_COLUMNS,
         "series_delivery_summary": SUMMARY_COLUMNS, "series_activity_budgets": BUDGET_COLUMNS}


def series_tables(programs: list[Program], analysis_dir: Path, extracted_dir: Path) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Every series of these programs as the tables of `SERIES_TABLES`, and one line per problem.

    A program whose tables cannot be read is left out of its series (which goes on with the others, if two
    years remain); a series that fails is left out of the tables; each is said in one line.
    """
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in SERIES_TABLES}
    problems: list[str] = []
    for key, progs in groups(programs).items():
        members = []
        for p in progs:
            try:
                members.append(load_member(p, analysis_dir, extracted_dir))
            except (OSError, KeyError, ValueError, pd.errors.ParserError) as exc:
                problems.append(f"series {key}: {p.id} left out: {type(exc).__name__}: {exc}")
        if len({m.program.year for m in members}) < 2:
            continue
        try:
            for name, df in one_series(key, members).items():
                parts[name].append(df)
        except Exception as exc:  # one series failing must not stop the others
            problems.append(f"series {key}: {type(exc).__name__}: {exc}")
    tables = {name: pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=EMPTY[name]) for name, frames in parts.items()}
    return tables, problems

