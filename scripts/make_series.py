"""Write a SERIES of three consecutive programs (2021, 2022, 2023) of a made-up municipality, with its truth.

Takes:   tests/fixtures/kuzeykent-2022/expected.json (the synthetic Kuzeykent program in the guide's forms) and
         scripts/make_form_variants.py (which typesets it in several layouts of the guide's forms) or, for a layout
         named `units:<variant>`, scripts/make_unit_table_variants.py (the other family, the unit tables, which
         print no indicator or activity numbers, no idare performance or activity cost tables; the reader numbers
         indicators in printed order, which is the plan's `seq`).
Returns: <out>/<slug>-<year>.pdf for each year, and <out>/truth.json: for every indicator, performance target and
         activity, where it is printed in each year (ph_code, seq, name) and, for each target year, the status it
         must get (met, partly_met, missed, not_reported, dropped, no_target, not_judged, pending) with the values.

The municipality is SYNTHETIC (default "Güneykent", slug `guneykent`): no such municipality exists; every PDF says
so on its cover and in its title. The drift real series have is planned here, by a seeded random generator,
and written into the truth from the plan itself (never from any matcher):
  - 2022: a few indicators dropped, some reworded, some cards' indicators printed in reverse order (so the
    `<ph_code>#<n>` codes point at other indicators), new indicators added, estimates of 2021 printed (some
    later revised in 2023), activities reworded;
  - 2023: a new strategic plan re-codes every performance target (aim numbers rotated: PH1.1.1 -> PH2.1.1,
    so old codes now name other targets), more indicators dropped (mostly ones whose 2021 target was missed),
    reworded and added; the 2021 actuals are printed: each 2021 target met, partly met or missed by plan.
Status rules the plan follows (and a reader can check by hand): for a higher-is-better indicator, met when the
actual reaches the target, partly met when it reaches at least half of it, else missed; for lower-is-better,
met at or below the target, partly met up to 1.5 x the target, else missed; no status for neutral ones
(`not_judged`) or a target that is not a number (`no_target`); `not_reported` when the 2023 program prints no
number for 2021; `dropped` when the indicator is not printed in 2023; `pending` for targets of 2022 and 2023 (the
program that reports them is not in the series). Directions are the project's rules (`data/indicator_direction.yml`)
applied to the 2021 program's printed name and unit.

Usage:   python scripts/make_series.py --out DIR [--layouts grid-portrait grid-portrait grid-portrait]
             [--slug guneykent] [--name Güneykent] [--seed 27]
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import sys
from dataclasses import replace
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_form_variants as forms  # noqa: E402
import make_unit_table_variants as units  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
YEARS = (2021, 2022, 2023)
NEW_INDICATORS = [
    ("Kurulan akıllı kavşak sayısı", "Adet"), ("Dijital başvuru oranı", "Yüzde"), ("Düzenlenen farkındalık etkinliği sayısı", "Adet/Yıl"),
    ("Yenilenen kaldırım uzunluğu", "Km"), ("Bisiklet yolu uzunluğu", "Km"), ("Mobil uygulama kullanıcı sayısı", "Kişi"),
    ("Geri dönüşüme kazandırılan atık miktarı", "Ton"), ("Enerji verimliliği projesi sayısı", "Adet"), ("Açılan kreş sayısı", "Adet"),
    ("Ağaçlandırılan alan", "Hektar"), ("E-belediye işlem sayısı", "Adet/Yıl"),
]
REWORDS = [
    (re.compile(r"^Yapılan (.+)$"), lambda m: m.group(1)[:1].upper() + m.group(1)[1:]),
    (re.compile(r"^(.+) sayısı$"), lambda m: f"{m.group(1)} adedi"),
    (re.compile(r"^(.+) oranı$"), lambda m: f"{m.group(1)} yüzdesi"),
    (re.compile(r"^(.+)$"), lambda m: f"{m.group(1)} (toplam)"),
]
NUMBER = re.compile(r"^(\d{1,3}(\.\d{3})*|\d+)(,\d+)?$")


def reword(name: str) -> str:
    """A realistic rewording: the first rule that applies (drop a leading `Yapılan`, `sayısı` -> `adedi`, ...)."""
    for pattern, fn in REWORDS:
        m = pattern.match(name)
        if m:
            return fn(m)
    return name


def parse(raw: str) -> tuple[Decimal, int] | None:
    """A printed Turkish number (`1.234`, `2,5`) and its decimals; None for `-`, empty or text."""
    raw = (raw or "").strip()
    if not NUMBER.match(raw):
        return None
    decimals = len(raw.split(",")[1]) if "," in raw else 0
    return Decimal(raw.replace(".", "").replace(",", ".")), decimals


def fmt(value: Decimal, decimals: int) -> str:
    """Printed the Turkish way: thousands with dots, decimals with a comma."""
    q = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_FLOOR)
    whole, _, frac = f"{q:f}".partition(".")
    neg = whole.startswith("-")
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return ("-" if neg else "") + ".".join(groups) + ("," + frac if frac else "")


def directions(base: dict, unit_printed: bool) -> dict[tuple[int, int], str]:
    """The project's direction rules applied to each base indicator as the 2021 program prints it."""
    import pandas as pd

    from analysis.analyse.ambition import classify_indicators, load_rules

    rules = load_rules(ROOT / "data" / "indicator_direction.yml")
    keys, rows = [], []
    for ti, t in enumerate(base["targets"]):
        for ii, ind in enumerate(t["indicators"]):
            keys.append((ti, ii))
            rows.append({"indicator_code": f"x#{ti}.{ii}", "name": ind["name"], "measure_unit": ind["unit"] if unit_printed else ""})
    cls = classify_indicators(pd.DataFrame(rows), rules, "series-generator")
    return dict(zip(keys, cls["direction"], strict=True))


def actual_for(status: str, direction: str, target: Decimal) -> Decimal:
    """The 2021 actual that gives `status` against `target` under the rules in the module docstring."""
    if direction == "lower":
        return {"met": target, "partly_met": (target * Decimal("1.25")).to_integral_value("ROUND_CEILING"),
                "missed": target * 2 + 1}[status]
    return {"met": target, "partly_met": (target * Decimal("0.75")).to_integral_value(ROUND_FLOOR),
            "missed": (target * Decimal("0.2")).to_integral_value(ROUND_FLOOR)}[status]


def feasible(direction: str, target: Decimal) -> list[str]:
    """Statuses an integer actual can reach against this target (a target of 1 cannot be half met)."""
    if direction == "lower":
        return ["met", "missed"] + (["partly_met"] if target >= 4 else [])
    return ["met"] + (["missed"] if target >= 2 else []) + (["partly_met"] if target >= 4 else [])


class Plan:
    """The drift of one series, decided once by a seeded generator: fates, wordings, values and statuses."""

    def __init__(self, base: dict, seed: int, unit_printed: bool):
        self.base, self.rng = base, random.Random(seed)
        self.direction = directions(base, unit_printed)
        self.aims = sorted({int(t["aim_code"].lstrip("A")) for t in base["targets"]})
        self.indicators: list[dict] = []
        self.activities: list[dict] = []
        self._plan_indicators()
        self._plan_activities()
        self.reversed_cards = set(self.rng.sample(range(len(base["targets"])), 5))
        self.added = {2022: self._new(2022, 6), 2023: self._new(2023, 5)}

    def recode(self, code: str, year: int) -> str:
        """2023's new strategic plan: aim n becomes aim n+1 (the last becomes 1) in every code."""
        if year < 2023:
            return code
        last = self.aims[-1]
        return re.sub(r"^(PH|A|H)(\d+)", lambda m: f"{m.group(1)}{int(m.group(2)) % last + 1}", code)

    def _plan_indicators(self) -> None:
        rng = self.rng
        for ti, t in enumerate(self.base["targets"]):
            for ii, ind in enumerate(t["indicators"]):
                direction = self.direction[(ti, ii)]
                target = parse(ind["values"]["2022"])
                p = {"id": f"G{len(self.indicators) + 1:03d}", "ti": ti, "ii": ii, "unit": ind["unit"], "direction": direction,
                     "names": {2021: ind["name"]}, "present": {2021: True, 2022: True, 2023: True}, "revised": rng.random() < 0.15}
                p["names"][2022] = reword(ind["name"]) if rng.random() < 0.12 else ind["name"]
                p["names"][2023] = reword(p["names"][2022]) if rng.random() < 0.12 and p["names"][2022] == ind["name"] else p["names"][2022]
                if target is None:
                    p["status"] = "no_target"
                elif direction == "neutral":
                    p["status"] = "not_judged"
                elif rng.random() < 0.1:
                    p["status"] = "not_reported"
                else:
                    p["status"] = rng.choice(feasible(direction, target[0]) + ["met"])
                if rng.random() < 0.03:
                    p["present"][2022] = p["present"][2023] = False
                elif rng.random() < (0.4 if p["status"] == "missed" else 0.03):
                    p["present"][2023] = False
                if not p["present"][2023] and p["status"] not in ("no_target",):
                    p["status"] = "dropped"
                self.indicators.append(p)

    def _plan_activities(self) -> None:
        for ti, t in enumerate(self.base["targets"]):
            for ai, act in enumerate(t["activities"]):
                names = {2021: act["name"]}
                names[2022] = act["name"] + " Çalışmaları" if self.rng.random() < 0.08 else act["name"]
                names[2023] = names[2022]
                self.activities.append({"id": f"F{len(self.activities) + 1:03d}", "ti": ti, "ai": ai, "names": names, "budget": act["budget"]})

    def _new(self, year: int, n: int) -> list[dict]:
        picks = NEW_INDICATORS[:6] if year == 2022 else NEW_INDICATORS[6:]
        cards = self.rng.sample(range(len(self.base["targets"])), n)
        return [{"id": f"N{year}-{k + 1}", "ti": ti, "name": name, "unit": unit} for k, ((name, unit), ti) in enumerate(zip(picks, cards, strict=False))]

    # ------------------------------------------------------------------ values printed in each program
    def values(self, p: dict, year: int) -> dict[str, str]:
        """The three cells (keyed by the base document's years 2020/2021/2022, shifted when printed)."""
        base = self.base["targets"][p["ti"]]["indicators"][p["ii"]]["values"]
        t21 = parse(base["2022"])
        if year == 2021:
            return dict(base)
        t22 = fmt(t21[0] + (t21[0] / 10).to_integral_value(ROUND_FLOOR), t21[1]) if t21 else base["2022"]
        a21 = self.actual_2021(p)
        if year == 2022:
            e21 = a21
            if p["revised"] and t21 and p["status"] in ("met", "partly_met", "missed", "not_judged"):
                e21 = fmt(parse(a21)[0] + 1 + parse(a21)[0] / 10, t21[1]) if parse(a21) else a21
            return {"2020": base["2021"], "2021": e21 if e21 != "" else "-", "2022": t22}
        return {"2020": a21, "2021": t22, "2022": t22}

    def actual_2021(self, p: dict) -> str:
        t21 = parse(self.base["targets"][p["ti"]]["indicators"][p["ii"]]["values"]["2022"])
        if t21 is None or p["status"] == "not_reported":
            return "-"
        if p["status"] in ("met", "partly_met", "missed"):
            return fmt(actual_for(p["status"], p["direction"], t21[0]), t21[1])
        if p["status"] == "dropped":
            return fmt((t21[0] * Decimal("0.2")).to_integral_value(ROUND_FLOOR), t21[1])  # what the 2022 estimate shows: far below
        return fmt(t21[0], t21[1])

    def document(self, year: int, name: str) -> dict:
        """The base document as the program of `year` prints it (a copy of expected.json, changed by plan)."""
        e = copy.deepcopy(self.base)
        e["municipality_name"] = name
        upper = name.replace("i", "İ").upper() + " BELEDİYESİ"
        by_card: dict[int, list[dict]] = {}
        for p in self.indicators:
            if p["present"][year]:
                by_card.setdefault(p["ti"], []).append({"name": p["names"][year], "unit": p["unit"], "values": self.values(p, year), "plan": p["id"]})
        for n in self.added.get(year, []) + (self.added[2022] if year == 2023 else []):
            by_card.setdefault(n["ti"], []).append({"name": n["name"], "unit": n["unit"], "values": {"2020": "-", "2021": "10", "2022": "12"}, "plan": n["id"]})
        acts = {(a["ti"], a["ai"]): a for a in self.activities}
        for ti, t in enumerate(e["targets"]):
            inds = by_card.get(ti, [])
            if year >= 2022 and ti in self.reversed_cards:
                inds = inds[::-1]
            t["indicators"] = [{**i, "seq": str(k + 1)} for k, i in enumerate(inds)]
            for ai, act in enumerate(t["activities"]):
                act["name"] = acts[(ti, ai)]["names"][year]
            t["idare"] = upper
            for key in ("ph_code", "aim_code", "goal_code"):
                t[key] = self.recode(t[key], year)
        for row in e["idare_performance"]["rows"]:
            for key in ("ph_code", "aim_code", "goal_code"):
                row[key] = self.recode(row[key], year) if row[key] else row[key]
        e["idare_performance"]["idare"] = upper
        renamed = {a["names"][2021]: a["names"][year] for a in self.activities}
        for row in e["idare_performance"]["rows"]:
            row["activity"] = renamed.get(row["activity"], row["activity"])
        for c in e["activity_costs"]:
            c["activity"] = renamed.get(c["activity"], c["activity"])
            c["idare"] = upper
            for key in ("ph_code", "aim_code", "goal_code"):
                c[key] = self.recode(c[key], year) if c.get(key) else c.get(key)
        for table in e["front_matter"]["tables"][4:6]:
            for row in table["rows"][1:]:
                row[0] = self.recode(row[0], year) if row and row[0] else row[0]
        e["stated_counts"]["indicators"] = sum(len(t["indicators"]) for t in e["targets"])
        return e

    # ------------------------------------------------------------------ the truth
    def truth(self, slug: str, name: str, layouts: dict[int, str]) -> dict:
        """Where each indicator, target and activity is printed in each year, and each target year's status."""
        docs = {y: self.document(y, name) for y in YEARS}
        where: dict[str, dict[str, dict]] = {}
        for y, e in docs.items():
            for t in e["targets"]:
                for i in t["indicators"]:
                    where.setdefault(i["plan"], {})[str(y)] = {"ph_code": t["ph_code"], "seq": int(i["seq"]), "name": i["name"], "unit": i["unit"]}
        indicators = []
        for p in self.indicators:
            statuses = {"2021": {"status": p["status"], "target_raw": self.base["targets"][p["ti"]]["indicators"][p["ii"]]["values"]["2022"],
                                 "estimate_raw": self.values(p, 2022)["2021"] if p["present"][2022] else None,
                                 "actual_raw": self.values(p, 2023)["2020"] if p["present"][2023] else None},
                        "2022": {"status": "pending" if p["present"][2022] else None}, "2023": {"status": "pending" if p["present"][2023] else None}}
            indicators.append({"id": p["id"], "direction": p["direction"], "printed": where.get(p["id"], {}), "statuses": statuses})
        for n in self.added[2022] + self.added[2023]:
            indicators.append({"id": n["id"], "direction": None, "printed": where.get(n["id"], {}), "statuses": {}})
        targets = [{"id": f"P{ti + 1:03d}", "printed": {str(y): {"ph_code": docs[y]["targets"][ti]["ph_code"], "text": docs[y]["targets"][ti]["ph_text"]} for y in YEARS}}
                   for ti in range(len(self.base["targets"]))]
        activities = [{"id": a["id"], "printed": {str(y): {"ph_code": docs[y]["targets"][a["ti"]]["ph_code"], "seq": a["ai"] + 1, "name": a["names"][y]} for y in YEARS},
                       "budget": a["budget"]} for a in self.activities]
        return {"synthetic": True, "note": "A made-up municipality for tests: no such municipality exists.", "municipality": name, "slug": slug,
                "programs": {f"{slug}-{y}": {"year": y, "layout": layouts[y]} for y in YEARS},
                "indicators": indicators, "performance_targets": targets, "activities": activities}


UNIT_PREFIX = "units:"
"""A layout named `units:<variant>` prints that year in the unit-table family (make_unit_table_variants.py)."""


def family(layout: str) -> str:
    """The catalog's layout family of a series layout name: `unit_tables` or `guide_forms`."""
    return "unit_tables" if layout.startswith(UNIT_PREFIX) else "guide_forms"


def _amount(raw: str) -> int:
    got = parse(raw)
    return int(got[0]) if got else 0


def unit_table_truth(doc: dict, name: str, year: int) -> dict:
    """The program of `year` (a `Plan.document`) as make_unit_table_variants.py content: one unit (the municipality's
    own idare, as the forms print it), its targets in order with their indicators (actual / estimate / target) and
    activities (budget / off-budget in whole lira). What the family cannot print is left out: the indicators' `seq`
    numbers (the reader numbers them in printed order, as the forms' `#n` codes), the idare performance table and
    the activity cost tables; no contradiction is planted."""
    aims: dict[str, dict] = {}
    targets = []
    for t in doc["targets"]:
        aim = aims.setdefault(t["aim_code"], {"code": t["aim_code"], "text": t["aim_text"], "goals": []})
        if t["goal_code"] not in [g["code"] for g in aim["goals"]]:
            aim["goals"].append({"code": t["goal_code"], "text": t["goal_text"]})
        targets.append({"ph_code": t["ph_code"], "text": t["ph_text"], "aim": t["aim_code"], "goal": t["goal_code"],
                        "indicators": [{"name": i["name"], "unit": i["unit"],
                                        "values": {k: ("" if i["values"][y] == "-" else i["values"][y]) for k, y in (("actual", "2020"), ("estimate", "2021"), ("target", "2022"))}}
                                       for i in t["indicators"]],
                        "activities": [{"name": a["name"], "budget": _amount(a["budget"]), "off_budget": _amount(a["off_budget"])} for a in t["activities"]]})
    budget = sum(a["budget"] for t in targets for a in t["activities"])
    return {"synthetic": True, "about": "Synthetic series program (scripts/make_series.py); no such municipality exists.",
            "municipality": f"{name} Belediyesi", "plan_year": int(doc["years"]["target"]), "aims": list(aims.values()),
            "units": [{"name": "Strateji Geliştirme Müdürlüğü", "manager": "Sentetik KİŞİ", "targets": targets}], "economic_codes": {"03": budget},
            "planted": {"unit_total_excess": {"unit": "", "amount": 0}, "summary_swapped_digits": {"unit": "", "positions": [0, 0]}}}


def _print(plan: Plan, layout: str, year: int, slug: str, name: str, out: Path, shift: int) -> None:
    """One year's PDF in `layout` (a make_form_variants.py variant, or `units:` + a make_unit_table_variants.py one)."""
    if family(layout) == "unit_tables":
        variant = {v.name: v for v in units.VARIANTS}[layout[len(UNIT_PREFIX):]]
        doc = plan.document(year, name)
        units.build(replace(variant, name=f"{slug}-{year}", plan_year=year), unit_table_truth(doc, name, year), out)
        return
    variant = replace({v.name: v for v in forms.VARIANTS}[layout], name=f"{slug}-{year}", year_shift=shift)
    forms.build(plan.document(year, name), variant, out)
    (out / f"{slug}-{year}.json").unlink()  # the layout manifest describes the base document, not this one


def _as_printed(truth: dict, chosen: dict[int, str]) -> None:
    """The 2021 targets' raw values as each program prints them: a unit-table variant that leaves an empty value
    blank prints `-` as an empty cell (target from 2021, first estimate from 2022, actual from 2023)."""
    blank = {y for y, layout in chosen.items()
             if family(layout) == "unit_tables" and {v.name: v for v in units.VARIANTS}[layout[len(UNIT_PREFIX):]].empty == ""}
    for ind in truth["indicators"]:
        got = ind["statuses"].get("2021", {})
        for key, year in (("target_raw", 2021), ("estimate_raw", 2022), ("actual_raw", 2023)):
            if year in blank and got.get(key) == "-":
                got[key] = ""


def write_series(out: Path, layouts: list[str], slug: str = "guneykent", name: str = "Güneykent", seed: int = 27,
                 expected: Path = forms.DEFAULT_EXPECTED) -> dict:
    """Write the three PDFs and truth.json into `out`; return the truth."""
    text = expected.read_text(encoding="utf-8")  # the base document's own town, named in its texts, becomes this one
    base = json.loads(text.replace("KUZEYKENT", name.replace("i", "İ").upper()).replace("Kuzeykent", name))
    chosen = dict(zip(YEARS, layouts, strict=True))
    first = chosen[2021]  # the unit-table family always prints a unit column
    plan = Plan(base, seed, unit_printed=True if family(first) == "unit_tables" else {v.name: v for v in forms.VARIANTS}[first].unit_column)
    out.mkdir(parents=True, exist_ok=True)
    for y in YEARS:
        _print(plan, chosen[y], y, slug, name, out, y - base["years"]["target"])
    truth = plan.truth(slug, name, chosen)
    _as_printed(truth, chosen)
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--layouts", nargs=3, default=["grid-portrait"] * 3, metavar="VARIANT", help="make_form_variants.py variants for 2021, 2022, 2023")
    parser.add_argument("--slug", default="guneykent")
    parser.add_argument("--name", default="Güneykent")
    parser.add_argument("--seed", type=int, default=27)
    args = parser.parse_args(argv)
    truth = write_series(args.out, args.layouts, args.slug, args.name, args.seed)
    print(f"{args.slug}: {len(truth['indicators'])} indicators planned -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
