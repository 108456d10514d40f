"""The gap report `add` prints: what came out of a new program, and what did not.

Takes the extraction (`ExtractedProgram`), every layout's detection score, the page scan
(`analysis.intake.scan`) and the taxonomy; gives a `GapReport` whose `text()` is the report:

- **layout**: the chosen layout and every layout's score (how sure detection is);
- **counts**: targets, indicators and activities read, against every count the document states
  (`stated_totals` with scope `program` and measure `ph_count` / `indicators_count` / `activities_count`);
- **reconciliation**: one line, the number of checks `ok` / `mismatch` / `missing`;
- **unused table pages**: pages where the scan found a ruled or unruled table but no row of the package
  comes from that page and the layout's method record does not list it as read (front matter such as
  staff or vehicle tables shows up here too: that is expected, and the report says so);
- **years**: the years and roles of the indicator values, and whether the plan year is the catalog's year;
- **taxonomy**: themes and units no mapping of `data/taxonomy.yml` covers for this program, with a
  suggested area each (`analysis.intake.suggest`) as a block ready to paste;
- **next**: the command to run next.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.core.model import ExtractedProgram
from analysis.intake.scan import PageScan
from analysis.intake.suggest import Suggestion, suggest, taxonomy_block

COUNT_MEASURES = {"ph_count": "performance targets", "indicators_count": "indicators", "activities_count": "activities"}
_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")


def _pages_in(value: Any) -> set[int]:
    """Pages named in a method record: `"30-100,102"`, `[30, 31]` or a number."""
    if isinstance(value, bool):
        return set()
    if isinstance(value, int):
        return {value}
    if isinstance(value, (list, tuple, set)):
        return {v for item in value for v in _pages_in(item)}
    if isinstance(value, str):
        out: set[int] = set()
        for part in value.split(","):
            m = _RANGE.match(part)
            if m:
                a, b = int(m.group(1)), int(m.group(2) or m.group(1))
                out |= set(range(a, b + 1))
        return out
    return set()


def method_pages(method: Any) -> set[int]:
    """Every page a layout's method record lists under a `pages` key, except those of kind `other`."""
    found: set[int] = set()
    if isinstance(method, dict):
        for key, value in method.items():
            if key == "pages" and isinstance(value, dict):
                found |= {p for kind, pages in value.items() if kind != "other" for p in _pages_in(pages)}
            elif key == "pages":
                found |= _pages_in(value)
            else:
                found |= method_pages(value)
    elif isinstance(method, list):
        for item in method:
            found |= method_pages(item)
    return found


def used_pages(result: ExtractedProgram) -> set[int]:
    """Pages a reader used: every page a row of the package cites, and the pages its method record lists."""
    pages: set[int] = set()
    for rows in (result.performance_targets, result.indicators, result.indicator_values, result.activities, result.stated_totals):
        pages |= {r.page for r in rows if getattr(r, "page", None)}
    for rows in result.extra_tables.values():
        pages |= {int(r["page"]) for r in rows if str(r.get("page") or "").isdigit()}
    return pages | method_pages(result.method)


@dataclass
class GapReport:
    program: str
    layout: str
    scores: list[tuple[str, float]]
    counts: dict[str, int]
    stated: dict[str, list[tuple[str, int, int | None]]]
    """measure → (table, value, page) for every count the document states."""
    reconciliation: Counter
    unused_pages: list[tuple[int, str]]
    """(page, the first table's header) of pages with tables no reader used."""
    years: list[tuple[int, str, int]]
    year: int
    suggestions: list[Suggestion] = field(default_factory=list)
    basis: str = "unit"
    scanned: bool = True
    next_commands: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(self._lines()) + "\n"

    def _lines(self) -> list[str]:
        best = self.scores[0][1] if self.scores else 0.0
        others = ", ".join(f"{n} {s:.2f}" for n, s in self.scores[1:])
        margin = best - (self.scores[1][1] if len(self.scores) > 1 else 0.0)
        sure = "sure" if best >= 0.75 and margin >= 0.25 else "not sure: check the counts below"
        out = [f"Gap report for {self.program}", "",
               f"layout: {self.layout} (detection score {best:.2f}; others: {others or 'none'}; {sure})", "", "counts (read / stated by the document):"]
        for measure, label in COUNT_MEASURES.items():
            said = self.stated.get(measure) or []
            where = "; ".join(f"{v} in {t}" + (f" (p. {p})" if p else "") for t, v, p in said) or "not stated"
            flag = "" if not said or all(v == self.counts[measure] for _, v, _ in said) else "   <- differs"
            out.append(f"  {label:<20} {self.counts[measure]:>6}   stated: {where}{flag}")
        rec = self.reconciliation
        n = sum(rec.values())
        verdict = "ok" if n and not rec.get("mismatch") and not rec.get("missing") else ("mismatch" if rec.get("mismatch") else "missing" if n else "no checks")
        out += ["", f"reconciliation: {verdict} ({n} checks: {rec.get('ok', 0)} ok, {rec.get('mismatch', 0)} mismatch, {rec.get('missing', 0)} missing)"
                + ("; every mismatch is listed in reconciliation.csv and on the program's checks page" if rec.get("mismatch") else "")]
        out.append("")
        if not self.scanned:
            out.append("pages with tables no reader used: not scanned (the PDF's pages could not be read for tables)")
        elif self.unused_pages:
            out.append(f"pages with tables no reader used ({len(self.unused_pages)}; front matter such as staff or vehicle tables is expected here):")
            out += [f"  p. {page}: {header}" for page, header in self.unused_pages]
        else:
            out.append("pages with tables no reader used: none")
        years = ", ".join(f"{y} {role} ({n})" for y, role, n in self.years) or "none"
        out += ["", f"years of the indicator values: {years}"]
        targets = sorted({y for y, role, _ in self.years if role == "target"})
        if targets and self.year not in targets:
            out.append(f"  note: the document's target year is {', '.join(map(str, targets))}, the catalog says {self.year}: check --year")
        out.append("")
        if self.suggestions:
            out.append(f"themes and units data/taxonomy.yml does not map ({len(self.suggestions)}): paste the lines between the marks")
            out.append("under `shared:` in data/taxonomy.yml (units to `units:`, themes to `keywords:`), and check every area against the document:")
            out.append("# ---8<--- data/taxonomy.yml")
            out += taxonomy_block(self.program, self.suggestions, self.basis).splitlines()
            out.append("# --->8---")
        else:
            out.append("taxonomy: every theme and unit is mapped")
        out += ["", "next:"] + [f"  {c}" for c in self.next_commands]
        return out


def _first_header(scan: PageScan) -> str:
    for t in scan.tables:
        cells = [c for c in t.header if c]
        if cells:
            text = " | ".join(cells)
            return text if len(text) <= 100 else text[:99] + "…"
    return "(a table without header text)"


def unused_table_pages(result: ExtractedProgram, scans: list[PageScan]) -> list[tuple[int, str]]:
    used = used_pages(result)
    return [(s.page, _first_header(s)) for s in scans if s.tables and s.page not in used]


def taxonomy_gaps(result: ExtractedProgram, taxonomy_path: Path) -> tuple[list[Suggestion], str]:
    """Themes and units of `result` no mapping covers, each with a suggestion; and the suggested basis."""
    import tempfile

    from analysis.analyse import budget
    from analysis.analyse.data import load_program
    from analysis.analyse.taxonomy import assign_policy_areas, load_taxonomy, unmapped_items
    from analysis.core.package import write_package

    taxonomy = load_taxonomy(taxonomy_path)
    with tempfile.TemporaryDirectory(prefix="gaps-") as tmp:
        data = load_program(write_package(result, Path(tmp) / result.program), result.program)
    frame = assign_policy_areas(budget.activity_frame(data.activities, data.performance_targets), taxonomy, result.program)
    items = unmapped_items(frame, taxonomy, result.program, data.performance_targets)
    wanted = items[(items["item_type"].isin(["theme", "unit"])) & (items["issue"] == "no_mapping")]
    suggestions = [suggest(str(r.name), str(r.item_type), taxonomy, result.program) for r in wanted.itertuples(index=False)]
    same = Counter(s.how.removeprefix("same name in ") for s in suggestions if s.how.startswith("same name in "))
    basis = "unit"
    if same:
        mapping = taxonomy.mapping(same.most_common(1)[0][0])
        basis = mapping.basis if mapping and mapping.basis else basis  # a program without `basis` uses the shared one
    return suggestions, basis


def gap_report(result: ExtractedProgram, scores: list[tuple[str, float]], scans: list[PageScan] | None, taxonomy_path: Path, year: int,
               next_commands: list[str]) -> GapReport:
    counts = {"ph_count": len(result.performance_targets), "indicators_count": len(result.indicators), "activities_count": len(result.activities)}
    stated: dict[str, list[tuple[str, int, int | None]]] = {}
    for s in result.stated_totals:
        if s.scope == "program" and s.measure in COUNT_MEASURES and s.value is not None:
            stated.setdefault(s.measure, []).append((s.table.replace("_", " "), int(s.value), s.page))
    years = Counter((v.year, v.role) for v in result.indicator_values)
    suggestions, basis = taxonomy_gaps(result, taxonomy_path)
    return GapReport(
        program=result.program,
        layout=result.layout,
        scores=scores,
        counts=counts,
        stated=stated,
        reconciliation=Counter(r.status for r in result.reconciliation),
        unused_pages=unused_table_pages(result, scans) if scans is not None else [],
        years=[(y, role, n) for (y, role), n in sorted(years.items())],
        year=year,
        suggestions=suggestions,
        basis=basis,
        scanned=scans is not None,
        next_commands=next_commands,
    )
