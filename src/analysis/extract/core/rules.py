"""Declared reconciliation: a profile's `checks`, evaluated against the rows and stated totals of a program.

Each check compares printed values (`stated`: stated totals picked by table / scope / measure, or a
field of contract rows) with what they must equal (`computed`): a sum of contract rows, a sum of other
printed values, a count, or a percentage (the grammar is in the profile's comments and in
`analysis.extract.core.profile`). One `ReconciliationResult` per printed value: `ok`, `mismatch` (a
finding about the document: its amounts, its pages), or `missing` (nothing to compare with). Rows are
never changed.

Every result carries its note in English and Turkish (`what` / `against` and `what_tr` / `against_tr` of
the check) and where both sides are printed (`boxes_a`: the printed value; `boxes_b`: the rows or printed
values it is compared with).

Opt-in keys of a check (for layouts whose checks were written before this grammar, whose notes must stay as
they were): `note: fixed` writes `what` / `what_tr` as the whole note (formatted with `{scope}`, `{measure}`,
`{count}` = how many rows or printed values the computed side adds up) instead of the printed / computed
sentence; `boxes: per_page` merges each side's boxes into one per page; `absent: {stated: row}` gives one
`missing` row for the selector's `scope` when nothing is printed, `absent: {computed: skip | zero}` leaves
out a value with nothing to compare with, or compares it with 0.00.

Row by row (`each`): a group `{each: <stated selector>, checks: [...]}` runs its checks once per printed row
the selector picks (its scopes, in printed order, each once), in the declared order, each check's `stated`
selector narrowed to that row's `scope`: the results keep the order of a reader that compared a printed row
with everything it must equal before moving to the next row (further comparisons of the same printed value,
or of the same printed row). `skip_row: both_zero` leaves out a row whose first check finds 0 printed and 0
computed (and the row's further checks with it). `by: value` goes printed value by printed value instead (several rows of one
scope, e.g. the `program` totals of a table, each with the checks whose `stated` measure it is). Keys a check of such a layout may add: `tolerance` (a
decimal string: the difference allowed, for rounded percentages), `scope_fill` (a regular expression whose
named groups, matched on the scope, are filled into a fixed note beside `{scope}`; `note_fill` the same, matched
on the printed value's own note), `absent: {computed:
missing}` (nothing to compare with gives a `missing` row noted `what_missing` / `what_missing_tr`; with `zero_if:
performance_targets.unit_canonical`, a scope that has such a row is compared with 0.00 instead), `requires:
performance_targets.unit_canonical` (only scopes with such a row are checked), `scope_as` (the scope
written in the result, with `{scope}` and `{measure}`: `budget {measure}`), in a
`share_of`, `rounding: half_even`, and in a `sum`, `boxes: nonzero` (only rows with a non-zero value give
boxes; every row still gives its page).

`explained_by`: a mismatch of an aggregate check with the same amount (in absolute value) as a
mismatch of one of the named checks gets a note pointing to it, as the grid layout's `explain` does:
both stay, since both are true disagreements of the document with itself.
"""

from __future__ import annotations

import fnmatch
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Any

from analysis.core.model import ECON_CODES, ExtractedProgram, ReconciliationResult, Region, StatedTotal
from analysis.core.numbers import format_tr
from analysis.extract.reconcile import compare, pages_str, per_page


@dataclass
class Side:
    """One side of a check: a value (None = nothing to compare), and where it is printed."""

    value: Decimal | None
    pages: list[int] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    count: int = 0
    note: str = ""


def _regions(items) -> list[Region]:
    """(page, box) of every row or stated total that has both."""
    return [(x.page, x.bbox) for x in items if x.page and getattr(x, "bbox", None) is not None]


def _fmt(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "–"
    decimals = 0 if value == value.to_integral_value() else 2
    text = format_tr(value, decimals)
    return {"count": text, "%": f"{text} %"}.get(unit, f"{text} TL")


class _Engine:
    def __init__(self, result: ExtractedProgram):
        self.result = result
        self.stated: dict[str, list[StatedTotal]] = defaultdict(list)
        for st in result.stated_totals:
            self.stated[st.table].append(st)
        self.activity_keys = {f"{a.ph_code}#{a.seq}" for a in result.activities}

    # -- printed values ----------------------------------------------------------------------------

    def pick(self, sel: dict[str, Any]) -> Iterator[tuple[str, str, Side, int | None]]:
        """(scope, measure, value with its place, page) of every printed value a `stated` selector names."""
        if "rows" in sel:
            for a in getattr(self.result, sel["rows"]):
                yield f"{a.ph_code}#{a.seq}", sel["field"], Side(getattr(a, sel["field"]), [a.page] if a.page else [], _regions([a])), a.page
            return
        measures = sel.get("measure", "*")
        measures = [measures] if isinstance(measures, str) else list(measures)
        for st in self.stated[sel["table"]]:
            if not any(fnmatch.fnmatchcase(st.measure, m) for m in measures):
                continue
            if "scope" in sel and st.scope != sel["scope"]:
                continue
            scopes = sel.get("scopes")
            if scopes == "activities" and st.scope not in self.activity_keys:
                continue
            if isinstance(scopes, list) and st.scope not in scopes:
                continue
            if st.scope in sel.get("exclude", ()):
                continue
            yield st.scope, st.measure, Side(st.value, [st.page] if st.page else [], _regions([st]), note=st.note), st.page

    def sum_stated(self, spec: dict[str, Any], scope: str, measure: str) -> Side:
        fill = {"scope": scope, "measure": measure}
        measures = set(str(spec.get("measure", "{measure}")).format(**fill).split("+"))
        scopes = spec.get("scopes")
        if "scope" in spec:
            wanted = {str(spec["scope"]).format(**fill)}
        elif scopes == "activities":
            wanted = self.activity_keys
        elif isinstance(scopes, str):  # every other scope of the table matching the pattern ('*': the rows a total row adds up)
            wanted = {st.scope for st in self.stated[spec["table"]] if fnmatch.fnmatchcase(st.scope, scopes)} - {scope}
        else:
            wanted = set(scopes) if isinstance(scopes, list) else {scope}
        found = [st for st in self.stated[spec["table"]] if st.measure in measures and st.scope in wanted]
        if not found:
            return Side(None)
        return Side(sum((st.value for st in found), Decimal(0)), [st.page for st in found if st.page], _regions(found), len(found))

    # -- computed values ---------------------------------------------------------------------------

    def computed(self, spec: dict[str, Any], scope: str, measure: str) -> Side:
        if "sum" in spec:
            table, _, fields = spec["sum"].partition(".")
            names: list[str] = []
            for f in fields.split("+"):
                f = f.removeprefix(f"{table}.").format(scope=scope, measure=measure)
                names += [f"econ_{c}" for c in ECON_CODES] if f == "econ_*" else [f]
            by = spec.get("by", "all")
            rows = [r for r in getattr(self.result, table) if by == "all" or (f"{r.ph_code}#{r.seq}" if by == "key" else getattr(r, by)) == scope]
            if not rows:
                return Side(None)
            total, boxed = Decimal(0), []
            for r in rows:
                values = [r.econ.get(n[5:]) if n.startswith("econ_") and hasattr(r, "econ") else getattr(r, n, None) for n in names]
                total += sum((v for v in values if v is not None), Decimal(0))
                if spec.get("boxes") != "nonzero" or any(values):
                    boxed.append(r)
            return Side(total, [r.page for r in rows if r.page], _regions(boxed), len(rows))
        if "stated" in spec:
            return self.sum_stated(spec["stated"], scope, measure)
        if "count" in spec:
            return Side(Decimal(len(getattr(self.result, spec["count"]))))
        if "distinct" in spec:
            table, _, name = spec["distinct"].partition(".")
            return Side(Decimal(len({getattr(r, name) for r in getattr(self.result, table) if getattr(r, name)})))
        if "share_of" in spec:
            whole = self.sum_stated(spec["share_of"], scope, measure)
            part = self.sum_stated(spec["value"], scope, measure)
            if whole.value in (None, 0) or part.value is None:
                return Side(None)
            q = Decimal(1).scaleb(-int(spec.get("round", 2)))
            rounding = ROUND_HALF_EVEN if spec.get("rounding") == "half_even" else ROUND_HALF_UP
            return Side((part.value / whole.value * 100).quantize(q, rounding=rounding), whole.pages + part.pages, part.regions + whole.regions)
        raise ValueError(f"unknown computed source: {spec}")

    def has_row(self, field_of: str, scope: str) -> bool:
        """Whether a row of the contract table has `scope` in the field (`performance_targets.unit_canonical`)."""
        table, _, name = field_of.partition(".")
        return any(getattr(r, name, None) == scope for r in getattr(self.result, table, []))

    # -- one check ---------------------------------------------------------------------------------

    def run(self, check: dict[str, Any]) -> list[ReconciliationResult]:
        out = []
        unit = check.get("unit", "TL")
        for scope, measure, printed, page in _or_absent(self.pick(check["stated"]), check):
            if "requires" in check and not self.has_row(check["requires"], scope):
                continue
            other = self.computed(check["computed"], scope, measure)
            if other.value is None and check.get("absent", {}).get("computed") == "skip":
                continue
            if other.value is None and check.get("absent", {}).get("computed") == "zero":
                other = Side(Decimal("0.00"))
            if other.value is None and check.get("absent", {}).get("computed") == "missing":
                if not self.has_row(check["absent"].get("zero_if", "."), scope):
                    out.append(_missing(self.result.program, check, scope, measure, printed, page))
                    continue
                other = Side(Decimal("0.00"))
            what = check.get("what", check["check"])
            shown = f"{scope}{'' if measure in what or check['stated'].get('field') else ', ' + measure}"
            r = compare(self.result.program, check["check"], str(check.get("scope_as", "{scope}")).format(scope=scope, measure=measure), printed.value, other.value, pages_str(page, other.pages), tolerance=Decimal(str(check.get("tolerance", 0))))
            r.note = _note(what, shown, printed.value, page, check.get("against", "computed"), other.value, unit)
            r.note_tr = _note(check.get("what_tr", what), shown, printed.value, page, check.get("against_tr", check.get("against", "")), other.value, unit, tr=True)
            r.boxes_a, r.boxes_b = printed.regions, other.regions
            if check.get("note") == "fixed":
                r.note, r.note_tr = fixed_notes(check, scope, measure, other.count, printed_note=printed.note)
            if check.get("boxes") == "per_page":
                r.boxes_a, r.boxes_b = per_page(r.boxes_a), per_page(r.boxes_b)
            out.append(r)
        if check["stated"].get("every") == "activities":  # an activity the table does not print at all
            seen = {r.scope for r in out}
            for a in self.result.activities:
                scope = f"{a.ph_code}#{a.seq}"
                if scope not in seen:
                    r = ReconciliationResult(self.result.program, check["check"], scope, None, a.total, "missing", pages_str(a.page))
                    r.note = f"{check.get('what', check['check'])} [{scope}]: not printed for the activity {a.name!r} (p. {a.page or '–'})."
                    r.note_tr = f"{check.get('what_tr', check.get('what', ''))} [{scope}]: {a.name!r} faaliyeti için basılmamış (s. {a.page or '–'})."
                    r.boxes_b = _regions([a])
                    out.append(r)
        return out


def _or_absent(picked: Iterator[tuple[str, str, Side, int | None]], check: dict[str, Any]) -> Iterator[tuple[str, str, Side, int | None]]:
    """The printed values a check picks; with `absent: {stated: row}`, one unprinted value for its `scope` when none is."""
    found = False
    for item in picked:
        found = True
        yield item
    sel = check["stated"]
    if not found and check.get("absent", {}).get("stated") == "row" and "scope" in sel:
        yield sel["scope"], str(sel.get("measure", "")), Side(None), None


def fixed_notes(check: dict[str, Any], scope: str, measure: str, count: int, keys: tuple[str, str] = ("what", "what_tr"), printed_note: str = "") -> tuple[str, str]:
    """A `note: fixed` check's notes: its `what` and `what_tr` as written (English, Turkish), with `{scope}`,
    `{measure}`, `{count}` (how many rows or printed values the computed side adds up) and the named groups of
    its `scope_fill` pattern (matched on the scope) and `note_fill` pattern (on the printed value's note) filled in."""
    fill: dict[str, Any] = {"scope": scope, "measure": measure, "count": count}
    for key, text in (("scope_fill", scope), ("note_fill", printed_note)):
        found = re.match(check[key], text) if key in check else None
        fill.update(found.groupdict() if found else {})
    what = str(check.get(keys[0], check["check"]))
    return what.format(**fill), str(check.get(keys[1], what)).format(**fill)


def _missing(program: str, check: dict[str, Any], scope: str, measure: str, printed: Side, page: int | None) -> ReconciliationResult:
    """`absent: {computed: missing}`: a printed value with nothing to compare it with, noted `what_missing`."""
    r = ReconciliationResult(program, check["check"], scope, printed.value, None, "missing", pages_str(page))
    r.note, r.note_tr = fixed_notes(check, scope, measure, 0, ("what_missing", "what_missing_tr"))
    r.boxes_a = per_page(printed.regions) if check.get("boxes") == "per_page" else printed.regions
    return r


def _note(what: str, scope: str, stated: Decimal | None, page: int | None, against: str, computed: Decimal | None, unit: str, tr: bool = False) -> str:
    """`<what> [<scope>]: printed X (p. N); <against>: Y (±Z).` in English, or the same in Turkish."""
    if tr:
        text = f"{what} [{scope}]: belgede {_fmt(stated, unit)} yazıyor (s. {page or '–'}); {against}: {_fmt(computed, unit)}"
        diff = "fark"
    else:
        text = f"{what} [{scope}]: printed {_fmt(stated, unit)} (p. {page or '–'}); {against}: {_fmt(computed, unit)}"
        diff = ""
    if stated is not None and computed is not None and stated != computed:
        d = computed - stated
        text += f" ({diff + ' ' if diff else ''}{'+' if d > 0 else '−'}{_fmt(abs(d), unit)})"
    return text + "."


def _each_row(engine: _Engine, group: dict[str, Any]) -> list[ReconciliationResult]:
    """A row-by-row group: for each scope its `each` selector picks (printed order, each once), its checks in
    the declared order with `stated` narrowed to that scope (`by: value`: for each printed value, the checks
    whose `stated` measures match it, narrowed to its scope and measure); `skip_row: both_zero` drops a row
    whose first check compares a printed 0 with a computed 0."""
    by_value = group.get("by") == "value"
    rows = list(dict.fromkeys((scope, measure if by_value else "") for scope, measure, _, _ in engine.pick(group["each"])))
    out: list[ReconciliationResult] = []
    for scope, measure in rows:
        row: list[ReconciliationResult] = []
        for check in group["checks"]:
            measures = check["stated"].get("measure", "*")
            if by_value and not any(fnmatch.fnmatchcase(measure, m) for m in ([measures] if isinstance(measures, str) else measures)):
                continue
            narrowed = {"scope": scope, **({"measure": measure} if by_value else {})}
            row += engine.run({**check, "stated": {**check["stated"], **narrowed}})
        first = [r for r in row if r.check == group["checks"][0]["check"]]
        if group.get("skip_row") == "both_zero" and first and all(r.stated == 0 and r.computed == 0 for r in first):
            continue
        out += row
    return out


def run_checks(checks: list[dict[str, Any]], result: ExtractedProgram) -> list[ReconciliationResult]:
    """Every declared check, in the declared order; then the `explained_by` notes."""
    engine = _Engine(result)
    out: list[ReconciliationResult] = []
    by_check: dict[str, list[ReconciliationResult]] = defaultdict(list)
    for check in checks:
        for r in _each_row(engine, check) if "each" in check else engine.run(check):
            out.append(r)
            by_check[r.check].append(r)
    explained: dict[str, list[str]] = defaultdict(list)
    for check in (c for group in checks for c in group.get("checks", [group])):
        explained[check["check"]] += [n for n in check.get("explained_by", []) if n not in explained[check["check"]]]
    for name, cause_names in explained.items():
        for r in by_check[name]:
            if r.status != "mismatch" or r.difference is None:
                continue
            causes = [x for c in cause_names for x in by_check[c] if x.status == "mismatch" and x.difference is not None and abs(x.difference) == abs(r.difference)]
            if causes:
                named = "; ".join(f"{x.check} {x.scope} (p. {x.pages})" for x in causes)
                r.note += f" The same amount as {named}: that row's difference, carried into this sum."
                named_tr = "; ".join(f"{x.check} {x.scope} (s. {x.pages})" for x in causes)
                r.note_tr += f" Aynı tutar {named_tr} farkıdır: o satırdaki fark bu toplama taşınmıştır."
    return out
