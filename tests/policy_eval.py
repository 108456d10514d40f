"""The hand-labelled evaluation set of policy areas, and the agreement of the classifier with it.

`tests/fixtures/policy_areas/<program>.csv` holds, for every activity of the two shipped programs, the policy
area a person chose by reading the activity's name and its performance target's text (`area`), and why
(`reason`, with the COFOG code it stands for). The labels were written by judgement, before the shared
purpose rules of data/taxonomy.yml existed, and are never copied from the classifier's output.

- `load_labels(program)`: the labels (ph_code, seq, name, area, reason);
- `agreement(frame, labels)`: share of money and of activities where the classifier agrees, and every
  disagreement (largest money first);
- `report()`: the agreement of both shipped programs as Markdown (run `python -m tests.policy_eval`, after a
  build, to print it from data/extracted/).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

LABELS = Path(__file__).parent / "fixtures" / "policy_areas"
SHIPPED = ("kocaeli-2021", "kucukcekmece-2021")


def load_labels(program: str) -> pd.DataFrame:
    return pd.read_csv(LABELS / f"{program}.csv", dtype=str, keep_default_na=False)


@dataclass
class Agreement:
    activities: int
    agree_count: float
    agree_money: float
    disagreements: pd.DataFrame
    """ph_code, seq, name, total, label, assigned, basis, rule, evidence; largest money first."""

    def lines(self) -> list[str]:
        out = [f"{self.activities} activities; agreement {self.agree_money:.1%} of money, {self.agree_count:.1%} of activities"]
        for r in self.disagreements.itertuples(index=False):
            out.append(f"- {r.ph_code} #{r.seq} {r.name} ({r.total} TL): labelled {r.label}, assigned {r.assigned} "
                       f"by {r.basis} ({r.rule}; {r.evidence})")
        return out


def _money(v: object) -> Decimal:
    return v if isinstance(v, Decimal) else Decimal(0)


def agreement(frame: pd.DataFrame, labels: pd.DataFrame) -> Agreement:
    """Compare `assign_policy_areas` output with the labels, joined on (ph_code, seq); unlabelled rows are ignored."""
    f = frame.copy()
    f["seq"] = f["seq"].map(lambda v: str(int(v)) if pd.notna(v) else "")
    m = labels.merge(f, on=["ph_code", "seq"], how="inner", suffixes=("", "_doc"))
    money = m["total"].map(_money)
    ok = m["area"] == m["policy_area"]
    grand = sum(money, Decimal(0))
    agree_money = float(sum(money[ok], Decimal(0)) / grand) if grand else 1.0
    bad = m[~ok].assign(_t=money[~ok].map(float)).sort_values("_t", ascending=False)
    dis = pd.DataFrame({"ph_code": bad["ph_code"], "seq": bad["seq"], "name": bad["name"], "total": bad["total"], "label": bad["area"],
                        "assigned": bad["policy_area"], "basis": bad["policy_area_basis"], "rule": bad["policy_area_rule"],
                        "evidence": bad["policy_area_evidence"]}).reset_index(drop=True)
    return Agreement(len(m), float(ok.mean()) if len(m) else 1.0, agree_money, dis)


def report(root: Path = Path(__file__).resolve().parents[1]) -> str:
    from analysis.analyse import budget as bud
    from analysis.analyse.data import load_program
    from analysis.analyse.taxonomy import assign_policy_areas, load_taxonomy

    tax = load_taxonomy(root / "data" / "taxonomy.yml")
    parts = ["# Policy areas: agreement with the hand-labelled evaluation set", ""]
    for program in SHIPPED:
        data = load_program(root / "data" / "extracted" / program, program)
        frame = assign_policy_areas(bud.activity_frame(data.activities, data.performance_targets), tax, program)
        parts += [f"## {program}", "", *agreement(frame, load_labels(program)).lines(), ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(report())
