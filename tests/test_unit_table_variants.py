"""The unit-table family (birim tabloları) read exactly in every way scripts/make_unit_table_variants.py prints it.

Takes the made-up truth (tests/fixtures/unit-table-variants/truth.json: units, performance targets, indicators with
their printed values, activities with their amounts, the two planted contradictions) and the variants generated from
it once per test module into a temporary folder. Each variant is read with `analysis.extract.extract_file` and
compared with what the truth and the variant's axes say (derived here, not taken from the generator or the reader):
layout, counts, every performance target with its unit, aim and goal codes and texts, every indicator with its
measure unit and every value with its year and role (from the header words: actual, estimate, target), every
activity amount, and exactly the planted mismatches (check and scope). The generator must be deterministic.
Nothing is written into the checkout.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from analysis.extract import extract_file

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts/make_unit_table_variants.py"
TRUTH = json.loads((ROOT / "tests/fixtures/unit-table-variants/truth.json").read_text(encoding="utf-8"))
VARIANTS = ["grid-sans-landscape", "serif-portrait-long", "activities-first-dash", "aim-goal-texts", "separate-aim-goal-horizontal",
            "shading-no-repeat", "redated-2025", "portrait-activities-first-repeat", "dash-every-empty-cell", "numbered-birim-toplami",
            "horizontal-texts-long-nokurus"]
ROLES = {"actual": -2, "estimate": -1, "target": 0}
"""Each value's role and its year relative to the plan year: the headers print Gerçekleşen / Gerçekleşme (an actual),
Tahmini / Tahmin (the year-end estimate) and Hedefi / Hedef (the plan year's target)."""


def redate(text: str, shift: int) -> str:
    return re.sub(r"\b(20[12]\d)\b", lambda m: str(int(m.group(1)) + shift), text) if shift else text


def number(raw: str) -> Decimal | None:
    """A Turkish printed number (dot thousands, comma decimals); blank is no figure."""
    return Decimal(raw.replace(".", "").replace(",", ".")) if raw else None


@pytest.fixture(scope="module")
def variants_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("unit-variants")
    result = subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def read(variants_dir):
    @functools.cache
    def read(name: str):
        manifest = json.loads((variants_dir / f"{name}.json").read_text(encoding="utf-8"))
        return extract_file(variants_dir / f"{name}.pdf"), manifest["axes"], manifest

    return read


# ---------------------------------------------------------------------------------------------------------------
# What the truth says each variant holds.


def targets() -> list[tuple[str, dict]]:
    return [(u["name"], t) for u in TRUTH["units"] for t in u["targets"]]


def texts() -> dict[str, str]:
    return {g["code"]: g["text"] for a in TRUTH["aims"] for g in [a, *a["goals"]]}


def expected_mismatches() -> Counter:
    """The two planted contradictions and what they carry into, as (check, scope) with one row per amount column."""
    excess, swap = TRUTH["planted"]["unit_total_excess"]["unit"], TRUTH["planted"]["summary_swapped_digits"]["unit"]
    out: Counter = Counter()
    for measure in ("budget", "total"):  # both print the wrong Bütçe İçi and therefore the wrong Toplam; Bütçe Dışı is right
        out[("unit_total", excess)] += 1                  # TOPLAM row vs the unit's activity rows
        out[("unit_summary_vs_unit_table", excess)] += 1  # the summary (which follows the rows) vs that TOPLAM row
        out[("unit_summary_vs_unit_table", swap)] += 1    # the swapped summary row vs the unit's TOPLAM row
        out[("unit_summary_total", "program")] += 1       # GENEL TOPLAM (follows the rows) vs the printed unit rows
    return out


def test_truth_is_consistent():
    """The planted contradictions are really there: the swapped row differs, and the counts are what the tests use."""
    assert TRUTH["synthetic"] is True
    swap = TRUTH["planted"]["summary_swapped_digits"]
    unit = next(u for u in TRUTH["units"] if u["name"] == swap["unit"])
    budget = str(sum(a["budget"] for t in unit["targets"] for a in t["activities"]))
    i, j = swap["positions"]
    assert budget[i] != budget[j]
    all_targets = targets()
    assert (len(TRUTH["units"]), len(all_targets)) == (5, 20)
    assert sum(len(t["indicators"]) for _, t in all_targets) == 54 and sum(len(t["activities"]) for _, t in all_targets) == 53
    assert sum(TRUTH["economic_codes"].values()) == sum(a["budget"] for _, t in all_targets for a in t["activities"])
    assert sum(expected_mismatches().values()) == 8


# ---------------------------------------------------------------------------------------------------------------
# The variants, read by the project's reader.


def test_generator_lists_its_variants():
    listed = subprocess.run([sys.executable, str(SCRIPT), "--list"], capture_output=True, text=True, cwd=ROOT).stdout
    assert [line.split(":")[0] for line in listed.splitlines()] == VARIANTS


@pytest.mark.parametrize("name", VARIANTS)
def test_layout_counts_and_no_warnings(read, name):
    r, axes, manifest = read(name)
    assert manifest["synthetic"] is True and manifest["blocks_broken_across_pages"], "every variant breaks a block across pages"
    assert r.layout == "unit_tables"
    all_targets = targets()
    assert (len(r.performance_targets), len(r.indicators), len(r.activities)) == (
        len(all_targets), sum(len(t["indicators"]) for _, t in all_targets), sum(len(t["activities"]) for _, t in all_targets))
    assert r.warnings == []


@pytest.mark.parametrize("name", VARIANTS)
def test_performance_targets(read, name):
    r, axes, _ = read(name)
    shift, names = axes["plan_year"] - TRUTH["plan_year"], texts()
    want = [(t["ph_code"], redate(t["text"], shift), unit, t["aim"], names[t["aim"]], t["goal"], names[t["goal"]]) for unit, t in targets()]
    got = [(p.ph_code, p.ph_text, p.unit, p.aim_code, p.aim_text, p.goal_code, p.goal_text) for p in r.performance_targets]
    assert got == want


@pytest.mark.parametrize("name", VARIANTS)
def test_indicators_and_values(read, name):
    r, axes, _ = read(name)
    shift, plan, empty = axes["plan_year"] - TRUTH["plan_year"], axes["plan_year"], axes["empty"]
    want = [(t["ph_code"], i, redate(ind["name"], shift), ind["unit"]) for _, t in targets() for i, ind in enumerate(t["indicators"], 1)]
    assert [(x.ph_code, x.seq, x.name, x.measure_unit) for x in r.indicators] == want
    values = {(f"{t['ph_code']}#{i}", plan + ROLES[role]): (role, raw or empty, number(raw))
              for _, t in targets() for i, ind in enumerate(t["indicators"], 1) for role, raw in ind["values"].items()}
    got = {(v.indicator_code, v.year): (v.role, v.value_raw, v.value) for v in r.indicator_values}
    assert got == values


@pytest.mark.parametrize("name", VARIANTS)
def test_activities(read, name):
    r, axes, _ = read(name)
    shift = axes["plan_year"] - TRUTH["plan_year"]
    want = [(t["ph_code"], i, redate(a["name"], shift), unit, Decimal(a["budget"]), Decimal(a["off_budget"]), Decimal(a["budget"] + a["off_budget"]))
            for unit, t in targets() for i, a in enumerate(t["activities"], 1)]
    assert [(a.ph_code, a.seq, a.name, a.unit, a.budget, a.off_budget, a.total) for a in r.activities] == want


@pytest.mark.parametrize("name", VARIANTS)
def test_exactly_the_planted_mismatches(read, name):
    r, _, _ = read(name)
    found = Counter((x.check, x.scope) for x in r.reconciliation if x.status == "mismatch")
    assert found == expected_mismatches()
    assert [x for x in r.reconciliation if x.status == "missing"] == []
    checked = {x.check for x in r.reconciliation if x.status == "ok"}
    assert {"text_counts_ph_count", "text_counts_indicators_count", "text_counts_activities_count", "text_counts_units_count",
            "text_counts_aims_count", "text_counts_goals_count", "text_total", "econ_total", "econ_share", "unit_total"} <= checked


@pytest.mark.parametrize("name", VARIANTS)
def test_printed_axes(variants_dir, read, name):
    """What the variant says it prints, seen with pdfplumber (not the project's reader): orientation, header wording,
    a block broken across pages with its merged cells printed once or again, the header row repeated or not."""
    _, axes, manifest = read(name)
    with pdfplumber.open(variants_dir / f"{name}.pdf") as pdf:
        pages = [(p.width > p.height, re.sub(r"\s+", " ", p.extract_text() or "")) for p in pdf.pages]
    assert all(wide == (axes["orientation"] == "landscape") for wide, _ in pages)
    flat = " ".join(text for _, text in pages)
    plan = axes["plan_year"]
    tokens = Counter(flat.split())
    long_words, short_words = ["Gerçekleşme", "Ölçü", "Tahmin"], ["Gerçekleşen", "Tahmini", "Projeler"]
    shown, absent = (long_words, short_words) if axes["wording"] == "long" else (short_words, long_words)
    assert all(tokens[w] for w in shown) and not any(tokens[w] for w in absent), (shown, absent)
    assert str(plan) in flat and (str(plan + 1) not in flat.split())
    broken = manifest["blocks_broken_across_pages"][0]
    on_pages = sum(re.search(rf"\b{re.escape(broken)}\b", text) is not None for _, text in pages)
    assert on_pages == (2 if axes["split"] == "repeat" else 1)
    headers = tokens[str(plan - 2)] - 1  # the first year column's header; once more in the sentence on page 2
    units = len(TRUTH["units"])
    assert headers > units if axes["repeat_header"] else headers == units


def test_generator_is_deterministic(variants_dir, tmp_path):
    again = ["grid-sans-landscape", "portrait-activities-first-repeat", "redated-2025"]
    result = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path), "--only", *again], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    for name in again:
        for ext in ("pdf", "json"):
            first = hashlib.sha256((variants_dir / f"{name}.{ext}").read_bytes()).hexdigest()
            second = hashlib.sha256((tmp_path / f"{name}.{ext}").read_bytes()).hexdigest()
            assert first == second, f"{name}.{ext} differs between two runs"


# ---------------------------------------------------------------------------------------------------------------
# The pieces of the core the variants needed, on hand-made inputs.


def _word(text: str, x0: float, top: float, size: float = 8.0):
    from analysis.extract.core.page import Word

    return Word(text, x0, top, x0 + 4.0 * len(text), top + size, size)


def test_a_merged_cell_open_at_a_page_break_ends_at_the_row_rule_its_vertical_rules_overshoot():
    from analysis.extract.core.cells import page_rows
    from analysis.extract.core.page import Page, Rule

    # a merged cell (x 10-60) over two rows (10-30, 30-50): no rule under it, its vertical rules read 0.5 pt too long
    words = [_word("PH1.1.1", 12, 12), _word("a", 62, 12), _word("b", 62, 32)]
    page = Page(1, 600, 800, words=words, hrules=[Rule(10, 10, 120), Rule(30, 60, 120), Rule(50, 60, 120)],
                vrules=[Rule(10, 10, 50.5), Rule(60, 10, 50.5), Rule(120, 10, 50.5)])
    rows = page_rows(page)
    assert [r.texts for r in rows] == [["a"], ["PH1.1.1", "b"]]


def test_without_vertical_rules_a_merged_cell_open_at_a_page_break_ends_with_the_rows_beside_it():
    from analysis.extract.core.cells import page_rows
    from analysis.extract.core.page import Page, Rule

    words = [_word("PH1.1.1", 12, 12), _word("a", 82, 12), _word("b", 82, 32)]
    page = Page(1, 600, 800, words=words, hrules=[Rule(10, 10, 120), Rule(30, 70, 120), Rule(50, 70, 120)])
    rows = page_rows(page)
    assert [r.texts for r in rows] == [["a"], ["PH1.1.1", "b"]]
    # text under a table, with no rules beside it, stays running text
    page = Page(1, 600, 800, words=[_word("Not", 12, 60)], hrules=[Rule(50, 10, 120)])
    assert [(r.ruled, r.texts) for r in page_rows(page)] == [(False, ["Not"])]


def test_aim_and_goal_codes_with_or_without_their_texts():
    from analysis.extract.core.build import aim_and_goal

    assert aim_and_goal("A1 / H1.6") == (("A1", ""), ("H1.6", ""))
    assert aim_and_goal("A1 H1.6") == (("A1", ""), ("H1.6", ""))
    assert aim_and_goal("A5 Dijital belediyecilik. / H5.1 E-belediye hizmetleri - yaygın.") == (
        ("A5", "Dijital belediyecilik."), ("H5.1", "E-belediye hizmetleri - yaygın."))


def test_unruled_texts_under_a_wide_centred_header_belong_to_it():
    from analysis.extract.core.assemble import Column, ColumnMap
    from analysis.extract.core.cells import Cell

    columns = [Column("code", Cell("Kod", 36, 0, 53, 10)), Column("text", Cell("Stratejik Amaç / Stratejik Hedef", 370, 0, 505, 10))]
    cells = [Cell("A1", 32, 12, 43, 20), Cell("Güvenilir bir ulaşım ağı kurmak.", 66, 12, 280, 20), Cell("H1.1", 32, 22, 50, 30)]
    where = ColumnMap(columns, cells)
    assert [where(c).key for c in cells] == ["code", "text", "code"]


# ---------------------------------------------------------------------------------------------------------------
# A profile written from scratch (YAML only, no shipped profile) for one generated variant reads it exactly.

VARIANT_PROFILE = """\
name: yesilova_long
description: Unit tables with the long wording (Performans Göstergesi, Ölçü Birimi, Faaliyet / Proje, Bütçe (TL)).
detect: {markers: [Performans Göstergesi, Faaliyet / Proje]}
context:
  unit: '((?:[A-ZÇĞİÖŞÜ]+\\s+)+MÜDÜRLÜĞÜ)'
tables:
  units:
    title: Birim tabloları
    blocks:
      rows:
        required: [ph, indicator, activity]
        span: [aim_goal, ph]
        columns:
          aim_goal: [Amaç / Hedef]
          ph: [Performans Hedefi]
          indicator: [Performans Göstergesi]
          measure_unit: [Ölçü Birimi]
          year: years
          activity: [Faaliyet / Proje]
          budget: [Bütçe]
          off_budget: [Bütçe Dışı Kaynak]
          total: [Toplam Kaynak İhtiyacı]
        rows: {toplam: [TOPLAM]}
        closes: toplam
        records:
          indicators: [indicator, measure_unit, year]
          activities: [activity, budget, off_budget, total]
        states: {table: unit_table, named: {toplam: '{unit}'}, values: [budget, off_budget, total]}
  summary:
    title: Birimlere göre
    blocks:
      rows:
        required: [unit, total]
        columns: {number: [S.No], unit: [Harcama Birimi], budget: [Bütçe], off_budget: [Bütçe Dışı], total: [Toplam]}
        rows: {genel_toplam: [GENEL TOPLAM]}
        closes: genel_toplam
        states: {table: by_unit, scope: unit, named: {genel_toplam: program}, values: [budget, off_budget, total]}
  goals:
    title: Amaçlar ve hedefler
    blocks:
      rows:
        required: [code, text]
        columns: {code: [Kod], text: [Stratejik Amaç / Stratejik Hedef]}
        lookup: {code: code, text: text}
checks:
  - {check: unit_total, stated: {table: unit_table, measure: [budget, off_budget, total]}, computed: {sum: 'activities.{measure}', by: unit}}
  - {check: by_unit, stated: {table: by_unit, measure: [budget, off_budget, total], exclude: [program]}, computed: {stated: {table: unit_table, measure: '{measure}'}}}
  - {check: by_unit_total, stated: {table: by_unit, scope: program, measure: [budget, off_budget, total]}, computed: {stated: {table: by_unit, measure: '{measure}', scopes: '*'}}}
"""


def test_a_profile_written_for_a_variant_reads_it_exactly(variants_dir, tmp_path):
    from analysis.extract import layouts_for

    (tmp_path / "yesilova_long.yml").write_text(VARIANT_PROFILE, encoding="utf-8")
    r = extract_file(variants_dir / "serif-portrait-long.pdf", layouts=layouts_for(tmp_path), prefer="yesilova_long")
    assert r.layout == "yesilova_long" and r.lost_table_lines() == []
    names = texts()
    assert [(p.ph_code, p.ph_text, p.unit, p.aim_code, p.aim_text, p.goal_code, p.goal_text) for p in r.performance_targets] == [
        (t["ph_code"], t["text"], unit, t["aim"], names[t["aim"]], t["goal"], names[t["goal"]]) for unit, t in targets()]
    assert [(a.ph_code, a.name, a.unit, a.budget, a.off_budget, a.total) for a in r.activities] == [
        (t["ph_code"], a["name"], unit, Decimal(a["budget"]), Decimal(a["off_budget"]), Decimal(a["budget"] + a["off_budget"])) for unit, t in targets() for a in t["activities"]]
    plan = TRUTH["plan_year"]
    assert {(v.indicator_code, v.year): (v.role, v.value) for v in r.indicator_values} == {
        (f"{t['ph_code']}#{i}", plan + ROLES[role]): (role, number(raw)) for _, t in targets() for i, ind in enumerate(t["indicators"], 1) for role, raw in ind["values"].items()}
    excess, swap = TRUTH["planted"]["unit_total_excess"]["unit"], TRUTH["planted"]["summary_swapped_digits"]["unit"]
    assert Counter((x.check, x.scope) for x in r.reconciliation if x.status == "mismatch") == Counter(
        {("unit_total", excess): 2, ("by_unit", excess): 2, ("by_unit", swap): 2, ("by_unit_total", "program"): 2})
    assert not [x for x in r.reconciliation if x.status == "missing"]
