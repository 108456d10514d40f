"""Sentences that hold for every program: prose that depends on a number is chosen by the number (issue 14).

Each case is a small hand-made program (tests/fakes.py) at a boundary: the activities cover all of the
document's total, less, more; no contradiction at all; no indicator whose target can be compared. Its
analysis tables are computed by the real analyse stage, and the page functions the notebooks call build
the page text from them. What each page must (and must not) say is written here by hand.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal as D
from pathlib import Path

import pytest

from analysis.analyse.tables import write_program_tables
from analysis.core.catalog import Program
from analysis.core.model import ExtractedProgram, StatedTotal
from analysis.core.package import write_package
from analysis.pages import budget, checks, indicators, overview
from analysis.pages.base import ProgramPage

from .conftest import ROOT
from .fakes import fake_program

ACTIVITIES_TOTAL = D("177940000.50")  # the fake program's four activities: 640.000 + 172.300.000 + 0 + 5.000.000,50


def _catalog_entry(program: str) -> Program:
    return Program(program, "Örnek Belediyesi", "Örnek", "district", "Örnek", 2021, "2021 Performans Programı", "grid", "https://example.org/", "", "pdf")


def _pages(tmp_path: Path, ep: ExtractedProgram) -> ProgramPage:
    """The analysis tables of `ep`, computed by the analyse stage, as the notebooks see them."""
    package = write_package(ep, tmp_path / "extracted" / ep.program)
    out = tmp_path / "analysis" / ep.program
    out.mkdir(parents=True, exist_ok=True)
    prog = _catalog_entry(ep.program)
    write_program_tables(prog, package, ROOT / "data", out)
    return ProgramPage(prog, out)


def _with_total(ep: ExtractedProgram, total: D) -> ExtractedProgram:
    ep.stated_totals = [s if s.measure != "total_resource_need" else dataclasses.replace(s, value=total) for s in ep.stated_totals]
    return ep


def _text(html_text: str) -> str:
    """What a reader reads: tags and Markdown emphasis removed."""
    return re.sub(r"<[^>]+>", "", html_text).replace("**", "")


@pytest.fixture
def fake(tmp_path):
    def make(ep: ExtractedProgram) -> ProgramPage:
        return _pages(tmp_path, ep)

    return make


def test_activities_covering_all_of_the_total_are_said_to_cover_all_of_it(fake):
    page = fake(_with_total(fake_program(), ACTIVITIES_TOTAL))
    text = _text(budget.summary(page, ".."))
    assert "belgedeki toplamın tamamı" in text and "%100,0" in text
    assert "yalnızca bir kısmı" not in text and "Geri kalanı" not in text and "hiçbir faaliyete bağlanmamış" not in text


def test_activities_covering_part_of_the_total_are_said_to_cover_a_part(fake):
    page = fake(_with_total(fake_program(), D("200000000.00")))
    text = _text(budget.summary(page, ".."))
    assert "yalnızca bir kısmı" in text and "%89,0" in text  # 177.940.000,50 / 200.000.000 = 0,8897
    assert "tamamı" not in text


def test_activities_above_the_total_are_said_to_exceed_it(fake):
    page = fake(_with_total(fake_program(), D("150000000.00")))
    text = _text(budget.summary(page, ".."))
    assert "toplamdan fazla" in text
    assert "yalnızca bir kısmı" not in text and "tamamı" not in text


def test_a_program_without_a_stated_total_is_not_compared_with_one(fake):
    ep = fake_program()
    ep.stated_totals = [s for s in ep.stated_totals if s.measure != "total_resource_need"]
    ep.stated_totals.append(StatedTotal(ep.program, "economic_code_table", "program", "total_resource_need", D("0.00"), 114))
    text = _text(budget.summary(fake(ep), ".."))
    assert "karşılaştırılamıyor" in text and "yalnızca bir kısmı" not in text and "tamamı" not in text


def test_no_contradiction_is_said_plainly(fake):
    ep = fake_program()
    ep.reconciliation = [r for r in ep.reconciliation if r.status != "mismatch"]
    page = fake(ep)
    assert "tutarsızlık bulundu" not in _text(overview.summary(page, ".."))
    assert "hepsi tutuyor" in _text(overview.summary(page, ".."))
    found = _text(checks.findings(page, ".."))
    assert "bütün toplamları satırlarıyla tutuyor" in found and "tutmuyor" not in found


def test_contradictions_are_counted_when_there_are_some(fake):
    page = fake(fake_program())  # one mismatch
    assert "1 tutarsızlık bulundu" in _text(overview.summary(page, ".."))
    assert "hepsi tutuyor" not in _text(overview.summary(page, ".."))


def test_no_comparable_indicator_gives_no_share_and_no_ranking(fake):
    ep = fake_program()
    for v in ep.indicator_values:
        if v.role != "target":
            v.value_raw, v.value = "-", None
    page = fake(ep)
    text = _text(indicators.summary(page))
    assert "hiçbirinin 2021 hedefi bir başlangıç değeriyle karşılaştırılamıyor" in text
    assert "payı –" not in text and "–" not in text.replace("(karşılaştırılabilen: 0)", "")
    assert "Yeterli karşılaştırılabilir gösterge yok" in str(indicators.chart_ambition(page, ".."))
    assert indicators.least_ambitious(page) == ""
    assert "karşılaştırılamıyor" in indicators.budget_vs_ambition_text(page)


def test_comparable_indicators_are_summarised_with_their_shares(fake):
    page = fake(fake_program())
    text = _text(indicators.summary(page))
    assert "karşılaştırılamıyor" not in text and "hedefi başlangıçtan daha iyi olanların payı %" in text


def test_zero_budget_sentence_follows_the_count(fake):
    ep = fake_program()
    assert "faaliyetin kaynak ihtiyacı 0 TL yazılmış" in _text(budget.concentration(fake(ep)))  # "Yol projeleri" is 0 TL
    ep.activities = [a for a in ep.activities if a.total != 0]
    assert "Kaynak ihtiyacı 0 TL yazılan faaliyet yok" in _text(budget.concentration(fake(ep)))
