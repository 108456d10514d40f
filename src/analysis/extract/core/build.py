"""The generic builder: assembled tables → contract rows, from what the profile declares (no layout code).

`build(asm, result)` reads every table of the assembly (`analysis.extract.core.assemble`) through the
declarations of its blocks (`analysis.extract.core.profile.Block`):

- `records` (`indicators: [name role, unit role, year]`, `activities: [name role, budget, off_budget,
  total]`): each data row gives an indicator when a cell of the indicator roles is printed and an
  activity when a cell of the activity roles is (a `-` is nothing printed), so a row may give both (two
  parallel lists sharing rows) or one. The row's performance target is its `ph` cell (code and text,
  usually merged over the target's rows: `span`) or the table's `ph` label; its aim and goal the
  `aim_goal` cell (`A1 / H1.6`, or each code with its text: `A1 … / H1.1 …`) or the `aim` and `goal`
  cells or labels, their texts from a `lookup` list when the table prints only codes; its responsible
  unit the `unit` cell or label, else the table's context (the unit heading above it). Indicators are
  numbered `<ph_code>#<n>` in print order; a value under every year column of the header, blank cells
  included (`value` None). Activities: a blank *Bütçe Dışı* is 0.00, and so is a blank *Bütçe* beside a
  printed total; amounts are never computed.
- `states` (`table`, `values`, `percent`, `scope`, `named`): stated totals. Ordinary rows state their
  value cells under the text of the `scope` role (a unit's name); named rows under `named[key]`
  (`{unit}` = the table's context), a pattern row (`econ_03`) under its group (`03`). A blank money
  cell states 0.00; a percent column states `<role>_pct`.
- `lookup` (`code`, `text`): a list of codes and texts (the strategic plan's aims and goals).

Names of units printed in capitals in one place (a heading) and in mixed case in another (a summary
table) are merged on their Turkish-folded form and shown as printed in mixed case.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from analysis.core.model import ECON_CODES, Activity, ExtractedProgram, Indicator, IndicatorValue, PerformanceTarget, StatedTotal
from analysis.core.numbers import is_blank_or_dash
from analysis.extract.core.assemble import Assembly, Record, Table
from analysis.extract.core.cells import Cell
from analysis.extract.core.profile import Block, match_key
from analysis.extract.core.rows import box, match_in_order, money, number, split_code

ZERO = Decimal("0.00")
_AIM_GOAL = re.compile(r"\s*[/|–-]\s*|\s+")
_AIM_GOAL_WITH_TEXTS = re.compile(r"\s*[/|–-]\s*(?=[A-Za-zÇĞİÖŞÜçğıöşü]{1,4}\d+(?:\.\d+)*(?:\s|$))")
"""A separator followed by a code: where the goal starts in `A1 <aim text> / H1.1 <goal text>`."""


def aim_and_goal(text: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """The (code, text) of the aim and of the goal printed in one cell: codes only (`A1 / H1.6`, `A1 H1.6`) or
    each with its text (`A1 Güvenilir ulaşım … / H1.1 Toplu taşıma …`).

    >>> aim_and_goal("A1 / H1.6")
    (('A1', ''), ('H1.6', ''))
    >>> aim_and_goal("A2 Yeşil bir kent. / H2.1 E-belediye hizmetleri.")
    (('A2', 'Yeşil bir kent.'), ('H2.1', 'E-belediye hizmetleri.'))
    """
    parts = [p for p in _AIM_GOAL_WITH_TEXTS.split(text.strip()) if p.strip()]
    if len(parts) == 2:
        return split_code(parts[0]), split_code(parts[1])
    parts = [p for p in _AIM_GOAL.split(text.strip()) if p]
    return (parts[0] if parts else "", ""), (parts[1] if len(parts) > 1 else "", "")


def _title_tr(text: str) -> str:
    """`FEN İŞLERİ MÜDÜRLÜĞÜ` → `Fen İşleri Müdürlüğü` (Turkish casing; `ve` stays lower case)."""
    words = []
    for w in text.replace("I", "ı").replace("İ", "i").lower().split():
        words.append(w if w in ("ve", "ile") else (w[0].replace("i", "İ").upper() + w[1:]))
    return " ".join(words)


class Names:
    """One spelling per name: the first mixed-case spelling seen of each folded form."""

    def __init__(self) -> None:
        self.best: dict[str, str] = {}

    def see(self, text: str) -> None:
        text = " ".join(text.split())
        if not text:
            return
        key = match_key(text)
        if key not in self.best or (self.best[key].isupper() and not text.isupper()):
            self.best[key] = text

    def __call__(self, text: str) -> str:
        text = " ".join(text.split())
        found = self.best.get(match_key(text), text)
        return _title_tr(found) if found.isupper() else found


def _fill(template: str, values: dict[str, str]) -> str:
    """`{unit}` → the table's unit; empty when a named value is unknown."""
    try:
        return template.format(**values)
    except KeyError:
        return ""


def _union(cells: list[Cell]):
    return box(Cell("", min(c.x0 for c in cells), min(c.top for c in cells), max(c.x1 for c in cells), max(c.bottom for c in cells))) if cells else None


class _Builder:
    def __init__(self, asm: Assembly, result: ExtractedProgram):
        self.asm, self.result, self.w = asm, result, result.warnings
        self.lookup: dict[str, str] = {}
        self.names = Names()
        self.targets: dict[tuple[int, str], PerformanceTarget] = {}
        self.counts: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: {"indicators": 0, "activities": 0})
        self.block_lists: dict[str, tuple[str, ...]] = {}
        self.matched: dict[int, str] = {}
        """id(table or record) → the key (`PH1.1.1#2`) of the activity it was matched to, or the text naming it."""

    # -- reading -------------------------------------------------------------------------------------

    def prepare(self) -> None:
        """Lookup lists and every spelling of a unit name, before any row is built."""
        for t in self.asm.tables:
            for key in ("unit",):
                if key in t.context:
                    self.names.see(t.context[key])
                if key in t.labels:
                    self.names.see(t.labels[key].text)
            for block in t.kind.blocks:
                for rec in t.records.get(block.name, []):
                    if block.lookup:
                        code = split_code(rec.text(block.lookup["code"]))[0] or rec.text(block.lookup["code"]).strip()
                        self.lookup.setdefault(code, rec.text(block.lookup["text"]))
                    for role in ("unit", block.states.get("scope", "")):
                        if role and rec.text(role):
                            self.names.see(rec.text(role))

    def value(self, t: Table, rec: Record, role: str) -> str:
        """A role's text: the row's cell, else the table's label, else the table's context."""
        if rec.text(role):
            return rec.text(role)
        if role in t.labels:
            return t.labels[role].text
        return t.context.get(role, "")

    def target(self, t: Table, rec: Record) -> PerformanceTarget | None:
        ph_code, ph_text = split_code(self.value(t, rec, "ph"))
        if not ph_code:
            return None
        key = (id(t), ph_code)
        if key in self.targets:
            return self.targets[key]
        aim, goal = split_code(self.value(t, rec, "aim")), split_code(self.value(t, rec, "goal"))
        if rec.text("aim_goal"):
            aim, goal = aim_and_goal(rec.text("aim_goal"))
        unit = self.names(self.value(t, rec, "unit"))
        page = rec.page if rec.text("ph") else t.page  # a target named by its table's label is where the table starts
        pt = PerformanceTarget(self.result.program, ph_code, ph_text, unit, aim[0], aim[1] or self.lookup.get(aim[0], ""), goal[0],
                               goal[1] or self.lookup.get(goal[0], ""), page=page, unit_canonical=unit, ph_code_raw=ph_code, card_seq=len(self.targets) + 1)
        if any(p.ph_code == ph_code for p in self.targets.values()):
            self.w.append(f"PH code {ph_code} is printed in two tables (page {rec.page})")
        self.targets[key] = pt
        self.result.performance_targets.append(pt)
        return pt

    def indicator(self, t: Table, block: Block, rec: Record, pt: PerformanceTarget, roles: tuple[str, ...]) -> None:
        n = self.counts[(id(t), pt.ph_code)]["indicators"] = self.counts[(id(t), pt.ph_code)]["indicators"] + 1
        n = int(rec.seq) if rec.seq.isdigit() else n  # the printed number, where the block has one (`seq`)
        code = f"{pt.ph_code}#{n}"
        name_role, unit_role = roles[0], next((r for r in roles[1:] if r != "year"), "")
        self.result.indicators.append(Indicator(self.result.program, pt.ph_code, code, n, rec.text(name_role), measure_unit=rec.text(unit_role) if unit_role else "",
                                                page=rec.page, indicator_code_raw=rec.seq, card_seq=pt.card_seq))
        for col in t.headers.get(block.name, []):
            if col.year is None:
                continue
            cell = rec.cells.get(col.key)
            raw = cell.text if cell is not None else ""
            self.result.indicator_values.append(IndicatorValue(self.result.program, code, col.year, col.year_role or "actual", raw, number(raw, self.w, f"{code} {col.year}"),
                                                               rec.page, box(cell)))

    def activity(self, t: Table, rec: Record, pt: PerformanceTarget, roles: tuple[str, ...]) -> None:
        n = self.counts[(id(t), pt.ph_code)]["activities"] = self.counts[(id(t), pt.ph_code)]["activities"] + 1
        n = int(rec.seq) if rec.seq.isdigit() else n
        where = f"{pt.ph_code} activity {n}"
        total = money(rec.cells.get("total"), self.w, where)
        budget = money(rec.cells.get("budget"), self.w, where)
        off = money(rec.cells.get("off_budget"), self.w, where)
        if budget is None and total is not None and is_blank_or_dash(rec.text("budget")):
            budget = ZERO
        # the activity's own cells where the row is shared with an indicator, else the whole row
        where_printed = _union([rec.cells[r] for r in roles if r in rec.cells]) if len(self.block_lists) > 1 else box(rec.row)
        self.result.activities.append(Activity(self.result.program, pt.ph_code, n, rec.text(roles[0]), pt.unit, budget, off if off is not None else ZERO, total,
                                               page=rec.page, card_seq=pt.card_seq, unit_canonical=pt.unit, bbox=where_printed))

    def records(self, t: Table, block: Block) -> None:
        self.block_lists = block.records
        for rec in t.records.get(block.name, []):
            pt = self.target(t, rec)
            # a list gives a record when one of its cells prints something: a row printing `-` beside a missing
            # indicator (or activity) gives none
            wanted = {k: roles for k, roles in block.records.items() if any(not is_blank_or_dash(rec.text(r)) for r in roles if r != "year")
                      or (k == "indicators" and "year" in roles and any(not is_blank_or_dash(rec.text(c.key)) for c in t.headers.get(block.name, []) if c.year))}
            if pt is None:
                if wanted:
                    self.w.append(f"page {rec.page}: a row of {t.kind.title} has no performance target: {' | '.join(rec.row.texts)[:100]}")
                continue
            if "indicators" in wanted:
                self.indicator(t, block, rec, pt, wanted["indicators"])
            if "activities" in wanted:
                self.activity(t, rec, pt, wanted["activities"])

    # -- stated totals -------------------------------------------------------------------------------

    def state(self, t: Table, block: Block, rec: Record, scope: str, note: str, row: str = "") -> None:
        """Each value cell of one row as a stated total. A named row's blank money cell states 0.00 (so does a
        printed `-`); an ordinary row's missing cell states nothing; a percent cell left blank states nothing."""
        spec = block.states
        for role in [*spec.get("values", []), *spec.get("percent", [])]:
            if not any(c.key == role for c in t.headers.get(block.name, [])) and role not in rec.cells:
                continue  # the table does not print this column
            percent = role in spec.get("percent", [])
            cell = rec.cells.get(role)
            measure = row if spec.get("measure") == "row" and row else f"{role}_pct" if percent else role
            measure = (spec.get("rename") or {}).get(f"{row}.{role}", measure)
            if cell is None or is_blank_or_dash(cell.text):
                if not percent and (row or cell is not None or spec.get("blank_is_zero", True)):
                    printed = "blank" if cell is None else repr(cell.text)
                    self.result.stated_totals.append(StatedTotal(self.result.program, spec["table"], scope, measure, ZERO, rec.page, f"{note}; printed {printed}" if note else f"printed {printed}", box(cell)))
                continue
            value = (number if percent else money)(cell, self.w, f"{spec['table']} {scope} {measure}")
            if value is not None:
                self.result.stated_totals.append(StatedTotal(self.result.program, spec["table"], scope, measure, value, rec.page, f"{note}; printed {cell.text!r}" if note else f"printed {cell.text!r}", box(cell)))

    def values(self, t: Table) -> dict[str, str]:
        """What a scope template may name: the context (`{unit}`), the labels' codes (`{ph}`), the match (`{match}`)."""
        out = {k: self.names(v) for k, v in t.context.items()}
        out.update({k: split_code(c.text)[0] or c.text for k, c in t.labels.items()})
        if id(t) in self.matched:
            out["match"] = self.matched[id(t)]
        return out

    def states(self, t: Table, block: Block) -> None:
        spec = block.states
        if spec.get("scope"):
            for rec in t.records.get(block.name, []):
                by_match = spec["scope"] == "match"
                scope = self.matched.get(id(rec), "") if by_match else self.names(rec.text(spec["scope"]))
                if scope:
                    self.state(t, block, rec, scope, _short(t.kind.title) if by_match else f"{t.kind.title}: {scope}")
        patterns = {r.key for r in block.rows if r.pattern is not None}
        for key, rec in t.named.items():
            base, _, group = key.rpartition("_")
            if key in spec.get("skip", ()) or base in spec.get("skip", ()):
                continue
            if key in (spec.get("named") or {}) or (base not in patterns and spec.get("named_scope")):
                template = str((spec.get("named") or {}).get(key, spec.get("named_scope")))
                scope = _fill(template, self.values(t))
                if not scope:
                    self.w.append(f"page {rec.page}: {t.kind.title}: the {key} row's scope {template!r} is not known here (no heading above the table?)")
                    continue
            elif base in patterns:
                scope = group
            else:
                scope = key
            label = next((c.text for r, c in rec.cells.items() if r not in spec.get("values", []) and r not in spec.get("percent", [])), key)
            self.state(t, block, rec, scope, f"{t.kind.title}: {label}", row=key)


    # -- rows of one table that describe rows of another ----------------------------------------------

    def match(self, tables: list[Table], block: Block) -> None:
        """Pair the block's rows (or, when its rows are all totals, its tables by their labels) with the
        activities they describe: same code, then the same or the most similar name, in order."""
        code_role, name_role = block.match.get("code", "ph"), block.match.get("name", "name")
        acts = self.result.activities
        right = [(a.ph_code, a.name) for a in acts]
        if not any(t.records.get(block.name) for t in tables):  # one activity per table, named by its labels
            left = [(split_code(t.labels[code_role].text)[0] if code_role in t.labels else "", t.labels[name_role].text if name_role in t.labels else "") for t in tables]
            pairs = match_in_order(left, right)
            for i, t in enumerate(tables):
                if i in pairs:
                    self.matched[id(t)] = f"{acts[pairs[i]].ph_code}#{acts[pairs[i]].seq}"
                    self.fill(t, block, acts[pairs[i]])
                else:
                    self.matched[id(t)] = f"{_short(t.kind.title)} p. {t.page}: {left[i][0]} {left[i][1]}"
                    self.w.append(f"{_short(t.kind.title)} on page {t.page} ({left[i][0]} {left[i][1]!r}) matches no activity")
            return
        for t in tables:
            recs = t.records.get(block.name, [])
            left = [(split_code(r.text(code_role))[0] or r.text(code_role), r.text(name_role)) for r in recs]
            pairs = match_in_order(left, right)
            for i, rec in enumerate(recs):
                a = acts[pairs[i]] if i in pairs else None
                self.matched[id(rec)] = f"{a.ph_code}#{a.seq}" if a else f"{_short(t.kind.title)} p. {rec.page}: {left[i][0]} {left[i][1]}"

    def fill(self, t: Table, block: Block, act: Activity) -> None:
        """What a matched table adds to its activity: the responsible unit (`unit: role`), the amounts by
        economic code (`econ: role`, read from the rows named `econ_01` … `econ_09`)."""
        spec = block.fill
        if "unit" in spec and spec["unit"] in t.labels:
            act.unit = act.unit_canonical = t.labels[spec["unit"]].text
        if "econ" in spec:
            act.econ = {c: money(r.cells.get(spec["econ"]), self.w, f"{act.ph_code}#{act.seq} econ {c}") if (r := t.named.get(f"econ_{c}")) else None for c in ECON_CODES}

    def units_from_activities(self) -> None:
        """A target whose table names no unit takes the units of its activities (the guide's Tablo 2 names them)."""
        units: dict[str, list[str]] = defaultdict(list)
        for a in self.result.activities:
            if a.unit and a.unit not in units[a.ph_code]:
                units[a.ph_code].append(a.unit)
        for pt in self.result.performance_targets:
            if not pt.unit:
                pt.unit = pt.unit_canonical = "; ".join(units.get(pt.ph_code, []))


def _short(title: str) -> str:
    """`Tablo 2 – Faaliyet Maliyetleri Tablosu` → `Tablo 2` (a title without a dash stays whole)."""
    return title.split(" – ")[0]


def build(asm: Assembly, result: ExtractedProgram) -> None:
    """Fill `result` from the assembled tables, as their blocks declare (see the module docstring): first the
    rows (targets, indicators, activities), then the tables that describe those rows (`match`, `fill`), then
    the stated totals."""
    b = _Builder(asm, result)
    b.prepare()
    blocks = [(t, block) for t in asm.tables for block in t.kind.blocks]
    for t, block in blocks:
        if block.records:
            b.records(t, block)
    by_kind: dict[str, list[Table]] = defaultdict(list)
    for t in asm.tables:
        by_kind[t.kind.name].append(t)
    for tables in by_kind.values():  # kinds in the order they first appear
        for block in tables[0].kind.blocks:
            if block.match:
                b.match(tables, block)
    b.units_from_activities()
    for t, block in blocks:
        if block.states:
            b.states(t, block)
    result.method["tables_found"] = {kind: [t.page for t in tables] for kind, tables in by_kind.items()}
