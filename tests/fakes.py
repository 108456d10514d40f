"""A small, hand-made program for tests that exercise the pipeline without reading a real PDF."""

from __future__ import annotations

from decimal import Decimal as D

from analysis.core.model import Activity, ExtractedProgram, Indicator, IndicatorValue, PerformanceTarget, ReconciliationResult, StatedTotal


def fake_program(program: str = "ornek-2021") -> ExtractedProgram:
    """Two units, three cards, a lower-is-better indicator, a `-` baseline, a zero-budget activity, one mismatch."""
    ep = ExtractedProgram(program, f"data/raw/{program}/{program}.pdf", "0" * 64, "pdf", "grid")
    cards = [
        ("KE/PH.1.1.1", "Ulaşım Dairesi Başkanlığı", "Ulaşım Hizmetleri", "Kentsel Dönüşüm", 30),
        ("KE/PH.1.1.2", "Fen İşleri Dairesi Başkanlığı", "Ulaşım Hizmetleri", "Kentsel Dönüşüm", 31),
        ("TO/PH.2.1.1", "Kültür ve Sosyal İşler Dairesi Başkanlığı", "Kültür ve Turizm Hizmetleri", "Toplumsal Dönüşüm", 40),
    ]
    for n, (code, unit, theme, group, page) in enumerate(cards, 1):
        ep.performance_targets.append(
            PerformanceTarget(program, code, f"Hedef {n}", unit, "KE.1", "Amaç", "KE.1.1", "Hedef", theme, page, theme_group=group, unit_canonical=unit, ph_code_raw=code, card_seq=n)
        )
    inds = [
        ("KE/PH.1.1.1", 1, "Projesi yapılan kavşak sayısı", "Adet", ("55", "60", "30")),
        ("KE/PH.1.1.1", 2, "Ortalama müdahale süresi", "Dakika", ("12", "10", "8")),
        ("KE/PH.1.1.2", 1, "Yapılan yol uzunluğu", "Km", ("-", "18", "20")),
        ("TO/PH.2.1.1", 1, "Memnuniyet oranı", "Yüzde", ("%100", "95", "100")),
    ]
    card_of = {c[0]: i for i, c in enumerate(cards, 1)}
    for code, seq, name, unit, vals in inds:
        icode = f"{code}#{seq}"
        page = cards[card_of[code] - 1][4]
        ep.indicators.append(Indicator(program, code, icode, seq, name, "", "", unit, page, icode, card_of[code]))
        from analysis.core.numbers import parse_number

        for (year, role), raw in zip([(2019, "actual"), (2020, "estimate"), (2021, "target")], vals, strict=True):
            ep.indicator_values.append(IndicatorValue(program, icode, year, role, raw, parse_number(raw), page))
    acts = [
        ("KE/PH.1.1.1", 1, "Kavşak projeleri", "Ulaşım Dairesi Başkanlığı", D("640000.00"), {"03": D("640000.00"), "05": D("0.00"), "06": D("0.00")}),
        ("KE/PH.1.1.2", 1, "Yol yapımı", "Fen İşleri Dairesi Başkanlığı", D("172300000.00"), {"03": D("0.00"), "05": D("0.00"), "06": D("172300000.00")}),
        ("KE/PH.1.1.2", 2, "Yol projeleri", "Fen İşleri Dairesi Başkanlığı", D("0.00"), {"03": D("0.00"), "05": D("0.00"), "06": D("0.00")}),
        ("TO/PH.2.1.1", 1, "Konserler", "Kültür ve Sosyal İşler Dairesi Başkanlığı", D("5000000.50"), {"03": D("5000000.50"), "05": D("0.00"), "06": D("0.00")}),
    ]
    for code, seq, name, unit, total, econ in acts:
        page = cards[card_of[code] - 1][4]
        ep.activities.append(Activity(program, code, seq, name, unit, total, D("0.00"), total, econ, page, card_of[code], unit))
    ep.stated_totals += [
        StatedTotal(program, "economic_code_table", "program", "total_resource_need", D("200000000.00"), 114),
        StatedTotal(program, "card", "KE/PH.1.1.2", "total", D("172300000.00"), 31),
    ]
    ep.reconciliation += [
        ReconciliationResult(program, "card_total_vs_activities", "KE/PH.1.1.2", D("172300000.00"), D("172300000.00"), "ok", "31"),
        ReconciliationResult(program, "program_total_vs_activities", "program", D("200000000.00"), D("177940000.50"), "mismatch", "30; 31; 40; 114", "Activities add up to less than the stated total."),
    ]
    ep.method = {"fake": {"tool": "hand-made"}}
    return ep
