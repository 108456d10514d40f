"""Purpose first: how the evidence about one activity becomes its policy area, a basis and a confidence.

Takes the evidence the taxonomy's shared rules found for one activity, in a fixed order of sources:

1. `name`   - the activity's own name (what the money buys: "Yol bakım onarım", "Aşevi hizmetleri");
2. `target` - the text of its performance target (PH), what the activity is for;
3. `theme`  - the document's theme (hizmet alanı / TEMA), a grouping chosen by the municipality;
4. `unit`   - the unit that spends the money (where the builder sits, not what it builds).

Returns a `Decision`: the area of the first source that says anything (as COFOG classifies by function, not
by the spending unit), the source that decided (`basis`), the rule, and a `confidence`:

- `high`   - at least two sources agree and none disagrees, or three or more agree;
- `medium` - two or more agree but another disagrees; or a name or target rule alone, nothing against it;
  or the theme alone, nothing against it;
- `low`    - the deciding source is contradicted by every other source that speaks, or only the unit speaks
  (listed for review on the budget page).

A logged correction of the document's own error (data/taxonomy.yml `programs: <id>: corrections:`) decides
before all evidence, with basis `correction` and confidence `high` (a person checked it). Nothing here reads
files or names: the callers pass plain (source, area, rule label) triples, so the order is testable alone.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CONFIDENCES", "EVIDENCE_ORDER", "Decision", "Evidence", "decide", "evidence_text"]

EVIDENCE_ORDER = ("name", "target", "theme", "unit")
"""Sources of evidence, most direct first: the first that names an area decides."""

CONFIDENCES = ("high", "medium", "low")


@dataclass(frozen=True)
class Evidence:
    """One source's verdict: `source` (one of EVIDENCE_ORDER), `area` and the `rule` that matched (a label)."""

    source: str
    area: str
    rule: str


@dataclass(frozen=True)
class Decision:
    area: str
    basis: str
    """`correction`, a source of EVIDENCE_ORDER, or `none` (nothing matched)."""
    rule: str
    confidence: str
    """`high`, `medium`, `low`; empty when nothing matched."""
    conflict: bool
    """Some source named another area than the one decided."""


def _confidence(basis: str, agree: int, disagree: int) -> str:
    if agree >= 3 or (agree >= 2 and disagree == 0):
        return "high"
    if agree >= 2:
        return "medium"
    if disagree:
        return "low"
    return "medium" if basis in ("name", "target", "theme") else "low"


def decide(evidence: list[Evidence], correction: Evidence | None = None, unmapped: str = "unmapped") -> Decision:
    """The decision for one activity from its evidence (any order; sorted by EVIDENCE_ORDER here)."""
    if correction is not None:
        return Decision(correction.area, "correction", correction.rule, "high", any(e.area != correction.area for e in evidence))
    ordered = sorted((e for e in evidence if e.source in EVIDENCE_ORDER), key=lambda e: EVIDENCE_ORDER.index(e.source))
    if not ordered:
        return Decision(unmapped, "none", "unmapped", "", False)
    first = ordered[0]
    agree = sum(1 for e in ordered if e.area == first.area)
    disagree = len(ordered) - agree
    return Decision(first.area, first.source, first.rule, _confidence(first.source, agree, disagree), disagree > 0)


def evidence_text(evidence: list[Evidence]) -> str:
    """`name=transport; target=transport; unit=urban_planning`, in EVIDENCE_ORDER (what each source said)."""
    by_source = {e.source: e.area for e in evidence}
    return "; ".join(f"{s}={by_source[s]}" for s in EVIDENCE_ORDER if s in by_source)
