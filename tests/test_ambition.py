"""Indicator ambition and quality on small hand-made tables: lower-is-better, zero and `-` baselines,
percentages at 100, six-month partial values, and the direction rules file itself."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pandas as pd
import pytest

from analysis.analyse import ambition as amb
from analysis.core.numbers import NotANumber, parse_number

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = "ornek-2021"

ESTIMATE = [(2019, "actual"), (2020, "estimate"), (2021, "target")]
PARTIAL = [(2019, "actual"), (2020, "partial_actual"), (2021, "target")]


def _parse(raw: str) -> D | None:
    try:
        return parse_number(raw)
    except NotANumber:
        return None


def program(rows: list[tuple], columns: list[tuple[int, str]] = ESTIMATE):
    """rows: (name, measure_unit, (raw 2019, raw 2020, raw 2021), optional dict of extra indicator fields).

    Returns (indicators, indicator_values, performance_targets) as the loader types them."""
    inds, vals = [], []
    for i, row in enumerate(rows, 1):
        name, unit, raws = row[:3]
        extra = row[3] if len(row) > 3 else {}
        code = extra.get("indicator_code", f"KE/PH.1.1.1#{i}")
        inds.append({"program": PROGRAM, "ph_code": extra.get("ph_code", "KE/PH.1.1.1"), "indicator_code": code, "seq": i, "name": name,
                     "kind": extra.get("kind", ""), "indicator_type": extra.get("indicator_type", ""), "measure_unit": unit, "page": 30,
                     "indicator_code_raw": code, "card_seq": extra.get("card_seq", 1)})
        for (year, role), raw in zip(columns, raws, strict=True):
            if raw is None:  # the layout has no such column
                continue
            vals.append({"program": PROGRAM, "indicator_code": code, "year": year, "role": role, "value_raw": raw, "value": _parse(raw), "page": 30})
    ind = pd.DataFrame(inds, columns=["program", "ph_code", "indicator_code", "seq", "name", "kind", "indicator_type", "measure_unit", "page", "indicator_code_raw", "card_seq"]).astype({"seq": "Int64", "page": "Int64", "card_seq": "Int64"})
    val = pd.DataFrame(vals, columns=["program", "indicator_code", "year", "role", "value_raw", "value", "page"]).astype({"year": "Int64", "page": "Int64"})
    val["value"] = pd.Series(list(val["value"]), dtype=object)
    cards = pd.DataFrame(
        [
            {"program": PROGRAM, "ph_code": "KE/PH.1.1.1", "unit": "Ulaşım Dairesi Başkanlığı", "unit_canonical": "Ulaşım Dairesi Başkanlığı", "theme": "Ulaşım Hizmetleri", "page": 30, "card_seq": 1},
            {"program": PROGRAM, "ph_code": "KE/PH.1.1.2", "unit": "Fen İşleri Dairesi Başkanlığı", "unit_canonical": "Fen İşleri Dairesi Başkanlığı", "theme": "Ulaşım Hizmetleri", "page": 31, "card_seq": 2},
            {"program": PROGRAM, "ph_code": "KE/PH.1.1.3", "unit": "Fen İşleri Dairesi Başkanlığı", "unit_canonical": "Fen İşleri Dairesi Başkanlığı", "theme": "Ulaşım Hizmetleri", "page": 32, "card_seq": 3},
        ]
    ).astype({"page": "Int64", "card_seq": "Int64"})
    return ind, val, cards


def rules(text: str | None = None) -> amb.DirectionRules:
    if text is None:
        return amb.load_rules(ROOT / "data" / "indicator_direction.yml")
    import yaml

    return amb.parse_rules(yaml.safe_load(text))


SIMPLE = rules(
    """
direction:
  default: higher
  rules:
    - {id: duration, direction: lower, name_regex: '\\bsuresi\\b'}
    - {id: demand, direction: neutral, name_contains_any: [gelen talep sayısı]}
nature:
  default: flow
  rules:
    - {id: pct, nature: percent, unit_regex: '^yuzde'}
    - {id: lvl, nature: level, name_regex: '\\bsuresi\\b'}
"""
)


def ambition(rows, columns=ESTIMATE, r=SIMPLE) -> pd.DataFrame:
    ind, val, cards = program(rows, columns)
    return amb.indicator_ambition(ind, val, cards, r, PROGRAM)


def one(rows, columns=ESTIMATE, r=SIMPLE) -> pd.Series:
    return ambition(rows, columns, r).iloc[0]


# --------------------------------------------------------------------------- print classification


@pytest.mark.parametrize(
    ("raw", "value", "status"),
    [("55", D(55), "numeric"), ("0", D(0), "zero"), ("0,00", D(0), "zero"), ("-", None, "dash"), ("–", None, "dash"), ("", None, "empty"), ("Yok", None, "non_numeric"), (None, None, "absent")],
)
def test_each_print_is_classified(raw, value, status):
    assert amb.value_status(raw, value) == status


# --------------------------------------------------------------------------- higher / lower


def test_higher_is_better_target_below_2019_is_worse_and_below_a_reached_level():
    r = one([("Projesi yapılan kavşak sayısı", "Adet", ("55", "60", "30"))])
    assert (r["direction"], r["direction_rule"], r["direction_is_default"]) == ("higher", "default", True)
    assert r["baseline_value"] == D(55) and r["baseline_source"] == "2019 actual"
    assert r["last_value"] == D(60) and r["last_source"] == "2020 estimate"
    assert r["target_vs_baseline"] == "worse"
    assert r["stretch_vs_baseline"] == pytest.approx(-25 / 55)
    assert r["stretch_vs_last"] == pytest.approx(-0.5)
    assert bool(r["target_worse_than_reached"]) and r["best_reached"] == D(55)
    assert bool(r["target_worse_than_prior"]) and r["best_prior"] == D(60)  # the estimate counts only here
    assert not bool(r["target_equals_last"])


def test_lower_is_better_improvement_is_a_fall():
    r = one([("Ortalama müdahale süresi", "Dakika", ("12", "10", "8"))])
    assert (r["direction"], r["direction_rule"]) == ("lower", "duration")
    assert r["target_vs_baseline"] == "improves"
    assert r["change_vs_baseline"] == D(-4)
    assert r["stretch_vs_baseline"] == pytest.approx(4 / 12)  # positive = better, whatever the direction
    assert r["stretch_vs_last"] == pytest.approx(0.2)
    assert not bool(r["target_worse_than_reached"])


def test_lower_is_better_target_above_the_best_reached_is_flagged():
    r = one([("Başvuru değerlendirme süresi", "Gün", ("3", "5", "4"))])
    assert r["target_vs_baseline"] == "worse" and r["stretch_vs_baseline"] == pytest.approx(-1 / 3)
    assert bool(r["target_worse_than_reached"]) and r["best_reached"] == D(3)  # min for lower-is-better


def test_neutral_indicators_get_no_verdict():
    r = one([("Paydaşlardan gelen talep sayısı", "Adet", ("100", "50", "80"))])
    assert (r["direction"], r["target_vs_baseline"]) == ("neutral", "no_direction")
    assert pd.isna(r["stretch_vs_baseline"]) and pd.isna(r["target_worse_than_reached"])


# --------------------------------------------------------------------------- zero, dash, empty, non-numeric


def test_zero_baseline_has_a_verdict_but_no_stretch():
    r = one([("Yapılan katı atık aktarma istasyonu sayısı", "Adet", ("0", "0", "1"))])
    assert r["actual_status"] == "zero" and r["baseline_value"] == D(0)
    assert r["target_vs_baseline"] == "improves"
    assert pd.isna(r["stretch_vs_baseline"]) and pd.isna(r["stretch_vs_last"])  # never divided by zero


def test_dash_baseline_falls_back_to_a_full_year_estimate_and_says_so():
    r = one([("Yapılan yol uzunluğu", "Km", ("-", "18", "20"))])
    assert r["actual_status"] == "dash"
    assert r["baseline_value"] == D(18) and r["baseline_source"] == "2020 estimate (2019 dash)"
    assert pd.isna(r["stretch_vs_actual"]) and r["stretch_vs_baseline"] == pytest.approx(2 / 18)
    assert pd.isna(r["target_worse_than_reached"])  # nothing was reached yet (an estimate is not an actual)
    assert r["best_prior"] == D(18) and not bool(r["target_worse_than_prior"])


def test_dash_everywhere_means_no_baseline_and_counts():
    a = ambition(
        [
            ("A sayısı", "Adet", ("-", "-", "5")),
            ("B sayısı", "Adet", ("", "3", "5")),
            ("C sayısı", "Adet", ("Yok", "-", "5")),
            ("D sayısı", "Adet", ("0", "1", "-")),
            ("E sayısı", "Adet", ("4", "4", "4")),
        ]
    )
    assert list(a["actual_status"]) == ["dash", "empty", "non_numeric", "zero", "numeric"]
    assert list(a["target_vs_baseline"]) == ["no_baseline", "improves", "no_baseline", "no_target", "equal"]
    s = amb.ambition_summary(a).iloc[0]
    assert (s["baseline_dash"], s["baseline_empty"], s["baseline_non_numeric"], s["baseline_zero"], s["baseline_numeric"]) == (1, 1, 1, 1, 1)
    assert s["baseline_from_interim"] == 1  # B: the 2020 estimate
    assert s["target_missing"] == 1 and s["target_dash"] == 1
    assert (s["comparable"], s["improves"], s["equal"], s["worse"]) == (2, 1, 1, 0)
    assert s["share_improves"] == pytest.approx(0.5)
    assert s["equals_last"] == 1 and s["last_checked"] == 2


# --------------------------------------------------------------------------- partial (six-month) values


def test_six_month_count_is_not_a_baseline_for_an_annual_target():
    r = one([("Verilen eğitim sayısı", "Adet", ("-", "4", "9"))], PARTIAL)
    assert r["nature"] == "flow" and r["interim_role"] == "partial_actual" and not bool(r["interim_comparable"])
    assert r["baseline_value"] is None and r["baseline_status"] == "partial_not_comparable"
    assert r["target_vs_baseline"] == "no_baseline"
    assert r["last_value"] is None


def test_partial_year_prefers_2019_as_baseline():
    r = one([("Verilen eğitim sayısı", "Adet", ("9", "4", "9"))], PARTIAL)
    assert r["baseline_value"] == D(9) and r["last_value"] == D(9) and r["last_source"] == "2019 actual"
    assert r["target_vs_baseline"] == "equal" and bool(r["target_equals_last"])


def test_six_month_count_above_the_annual_target_is_a_level_already_reached():
    r = one([("Denetlenen işyeri sayısı", "Adet", ("900", "3500", "1000"))], PARTIAL)
    assert r["target_vs_baseline"] == "improves"  # vs 2019
    assert bool(r["target_worse_than_reached"])  # but half a year already did 3 500
    assert r["best_reached_source"] == "2020 partial actual (lower bound of the year)"


def test_six_month_value_of_a_level_measure_is_comparable():
    r = one([("Başvuru değerlendirme süresi", "Gün", ("-", "6", "5"))], PARTIAL)
    assert r["nature"] == "level" and bool(r["interim_comparable"])
    assert r["baseline_value"] == D(6) and "partial actual, level measure" in r["baseline_source"]
    assert r["target_vs_baseline"] == "improves"


def test_six_month_count_of_a_lower_is_better_flow_is_not_a_reached_level():
    lower = rules(
        """
direction: {default: higher, rules: [{id: kaza, direction: lower, name_regex: 'kaza'}]}
nature: {default: flow}
"""
    )
    r = one([("Trafik kaza sayısı", "Adet", ("100", "40", "90"))], PARTIAL, lower)
    assert r["best_reached"] == D(100)  # six months of accidents say nothing about the year's minimum
    assert not bool(r["target_worse_than_reached"])


# --------------------------------------------------------------------------- percentages


def test_gap_closure_for_percentages():
    a = ambition(
        [
            ("Memnuniyet oranı", "Yüzde", ("80", "85", "90")),
            ("Bakım oranı", "Yüzde", ("100", "100", "100")),
            ("Cevap oranı", "Yüzde", ("100", "95", "98")),
            ("Hata süresi", "Yüzde", ("20", "15", "10")),
            ("Sıfır oranı süresi", "Yüzde", ("0", "0", "0")),
            ("Taşan oranı", "Yüzde", ("120", "100", "130")),
            ("Adet sayısı", "Adet", ("1", "2", "3")),
        ]
    )
    assert a["gap_closure"].iloc[0] == pytest.approx(0.5)  # (90-80)/(100-80)
    assert a["gap_closure_status"].iloc[1] == "at_bound" and pd.isna(a["gap_closure"].iloc[1])  # 100 -> 100: undefined
    assert a["gap_closure_status"].iloc[2] == "at_bound"  # 100 -> 98 is "worse", but there was no gap to close
    assert a["target_vs_baseline"].iloc[2] == "worse" and bool(a["target_worse_than_reached"].iloc[2])
    assert a["gap_closure"].iloc[3] == pytest.approx(0.5)  # lower is better: (20-10)/20
    assert a["gap_closure_status"].iloc[4] == "at_bound"  # lower is better at 0
    assert a["gap_closure_status"].iloc[5] == "out_of_range"
    assert a["gap_closure_status"].iloc[6] == "not_percent"
    s = amb.ambition_summary(a).iloc[0]
    assert (s["gap_closure_defined"], s["gap_closure_at_bound"], s["gap_closure_out_of_range"]) == (2, 3, 1)
    assert s["median_gap_closure"] == pytest.approx(0.5)


def test_percent_at_100_with_a_lower_target_is_worse_not_undefined():
    r = one([("Yüzde yüz oranı", "Yüzde", ("100", "100", "90"))])
    assert r["target_vs_baseline"] == "worse" and r["stretch_vs_baseline"] == pytest.approx(-0.1)


# --------------------------------------------------------------------------- codes printed twice, missing columns


def test_a_code_printed_twice_keeps_each_rows_values():
    a = ambition(
        [
            ("Aşevi memnuniyet oranı", "Yüzde", ("-", "-", "70"), {"indicator_code": "PG6.33.1."}),
            ("Maaş bağlanma süresi", "Gün", ("-", "8", "30"), {"indicator_code": "PG6.33.1."}),
        ],
        PARTIAL,
    )
    assert list(a["target_value"]) == [D(70), D(30)]
    assert list(a["interim_value"]) == [None, D(8)]


def test_an_indicator_without_values_is_absent_not_zero():
    r = one([("Yeni gösterge sayısı", "Adet", (None, None, None))])
    assert r["actual_status"] == "absent" and r["target_status"] == "absent" and r["target_vs_baseline"] == "no_target"


# --------------------------------------------------------------------------- summaries and quality


def test_summary_by_group_and_denominators():
    ind, val, cards = program(
        [
            ("A sayısı", "Adet", ("1", "1", "2"), {"ph_code": "KE/PH.1.1.1", "card_seq": 1}),
            ("B sayısı", "Adet", ("5", "5", "4"), {"ph_code": "KE/PH.1.1.2", "card_seq": 2}),
            ("C sayısı", "Adet", ("5", "5", "5"), {"ph_code": "KE/PH.1.1.2", "card_seq": 2}),
        ]
    )
    a = amb.indicator_ambition(ind, val, cards, SIMPLE, PROGRAM)
    by = amb.ambition_summary(a, ["unit"]).set_index("unit")
    assert by.loc["Fen İşleri Dairesi Başkanlığı", "indicators"] == 2
    assert by.loc["Fen İşleri Dairesi Başkanlığı", "share_worse"] == pytest.approx(0.5)
    assert by.loc["Ulaşım Dairesi Başkanlığı", "share_improves"] == pytest.approx(1.0)
    assert by.loc["Fen İşleri Dairesi Başkanlığı", "median_stretch_vs_baseline"] == pytest.approx(-0.1)  # median(-0.2, 0)


def test_quality_type_mix_and_indicators_per_target():
    ind, val, cards = program(
        [
            ("A sayısı", "Adet", ("1", "1", "2"), {"indicator_type": "Çıktı", "kind": "performance", "card_seq": 1}),
            ("B oranı", "Yüzde", ("-", "5", "5"), {"indicator_type": "Sonuç", "kind": "monitoring", "card_seq": 1}),
            ("C sayısı", "Adet", ("5", "5", "5"), {"indicator_type": "Çıktı", "kind": "performance", "card_seq": 2, "ph_code": "KE/PH.1.1.2"}),
            ("D sayısı", "Adet", ("5", "5", "6"), {"indicator_type": "", "kind": "performance", "card_seq": 2, "ph_code": "KE/PH.1.1.2"}),
        ],
        PARTIAL,
    )
    a = amb.indicator_ambition(ind, val, cards, SIMPLE, PROGRAM)
    q = amb.indicator_quality(a, cards, ind).iloc[0]
    assert (q["indicators"], q["targets"], q["targets_without_indicators"]) == (4, 3, 1)
    assert q["indicators_per_target_mean"] == pytest.approx(4 / 3) and q["indicators_per_target_median"] == 2
    assert q["type_stated"] == 3 and q["share_output"] == pytest.approx(2 / 3) and q["share_outcome"] == pytest.approx(1 / 3)
    assert q["share_performance_kind"] == pytest.approx(0.75)
    assert q["share_with_actual"] == pytest.approx(0.75)
    assert q["share_with_baseline"] == pytest.approx(1.0)  # B's six-month percentage is comparable
    assert q["share_equals_last"] == pytest.approx(2 / 4)  # B (5 = 5) and C (5 = 5)
    mix = amb.type_mix(a).set_index("indicator_type")
    assert mix.loc["Çıktı", "indicators"] == 2 and mix.loc["Çıktı", "type_group"] == "output"
    assert mix.loc["(belirtilmemiş)", "type_group"] == "not_stated"


@pytest.mark.parametrize(("printed", "group"), [("Çıktı", "output"), ("ÇIKTI", "output"), ("Sonuç", "outcome"), ("Kalite", "quality"), ("Verimlilik", "efficiency"), ("Girdi", "input"), ("Etkinlik", "effectiveness"), ("Performans", "unspecified"), ("", "not_stated")])
def test_type_groups(printed, group):
    assert amb.type_group(printed) == group


def test_empty_program_gives_empty_tables():
    ind, val, cards = program([])
    a = amb.indicator_ambition(ind, val, cards, SIMPLE, PROGRAM)
    assert a.empty and list(a.columns) == amb.AMBITION_COLUMNS
    assert amb.ambition_summary(a).iloc[0]["indicators"] == 0


# --------------------------------------------------------------------------- rules


def test_override_beats_rules_and_default_is_flagged():
    r = rules(
        """
direction:
  default: higher
  rules: [{id: duration, direction: lower, name_regex: 'suresi'}]
  overrides: [{program: p, indicator_code: X1, direction: higher, why: test}]
"""
    )
    assert r.direction("p", "X1", "Eğitim süresi", "Saat") == ("higher", "override:p/X1", False)
    assert r.direction("q", "X1", "Eğitim süresi", "Saat") == ("lower", "duration", False)
    assert r.direction("p", "X2", "Ağaç sayısı", "Adet") == ("higher", "default", True)


def test_rule_conditions_fold_turkish_and_all_must_hold():
    rule = amb.Rule("x", "lower", name_contains_any=("ŞİKAYET",), name_not_contains=("oranı",), unit_in=("Adet",))
    assert rule.matches("Gelen şikâyet sayısı", "ADET")
    assert not rule.matches("Şikayet cevaplama oranı", "Adet")
    assert not rule.matches("Gelen şikayet sayısı", "Kişi")
    within = amb.Rule("p", "percent", name_regex=r"\borani\b", values_within=(D(0), D(100)))
    assert within.matches("Güncelleme oranı", "Adet", [D(90), D("99.5")])
    assert not within.matches("Güncelleme oranı", "Adet", [D(90), D(120)])
    assert not within.matches("Güncelleme oranı", "Adet", [])


@pytest.mark.parametrize(
    "text",
    [
        "direction: {default: sideways}",
        "direction: {rules: [{id: a, direction: up}]}",
        "direction: {rules: [{direction: lower}]}",
        "direction: {rules: [{id: a, direction: lower, name_regex: '('}]}",
        "direction: {overrides: [{program: p, direction: lower}]}",
        "nature: {rules: [{id: a, nature: liquid}]}",
        "direction: {rules: [{id: a, direction: lower}]}\nnature: {rules: [{id: a, nature: flow}]}",
    ],
)
def test_malformed_rules_are_refused(text):
    with pytest.raises(amb.RulesError):
        rules(text)


def test_missing_rules_file_means_default_for_everyone(tmp_path):
    r = amb.load_rules(tmp_path / "nope.yml")
    assert r.direction("p", "x", "Müdahale süresi", "Dakika") == ("higher", "default", True)


# the shipped rules file, on names printed in the two documents
SHIPPED = [
    ("Orman yangınlarına müdahale süresi", "Dakika/Yıl", "lower", "duration"),
    ("Şehirdeki itfai olay ihbarı ile müdahale başlangıcı arasında geçen süre", "Dakika/Yıl", "lower", "duration"),
    ("Kurum arşivinde süresi dolan ve Cumhurbaşkanlığı Devlet Arşivleri Genel Müdürlüğü'ne gönderilecek evrakların dijital ortama aktarılma oranı", "Yüzde/Yıl", "higher", "rate_of_doing"),
    ("Ruhsatta belirtilen süre aralığında bitirilen kazı oranı", "Yüzde/Yıl", "higher", "rate_of_doing"),
    ("Askı süresince gelen plan itirazlarına ve uygulama imar planlarına açılan iptal davalarına ilişkin değerlendirmelerimizi içeren teknik rapor sayısı", "Adet", "higher", "output_quantity"),
    ("Meydana gelen iş kazası oranı", "Yüzde", "lower", "losses_accidents_cancellations"),
    ("Kaybedilen dava oranı", "Yüzde", "lower", "losses_accidents_cancellations"),
    ("KİK'e firmalarca yapılan itirazlar sonucu KİK tarafından iptal edilen ihalelerin oranı", "Yüzde/Yıl", "lower", "losses_accidents_cancellations"),
    ("Ulusal medyada (etkin web siteleri de dahil) belediye ile ilgili haberlerin olumluluk oranı", "Yüzde/Yıl", "higher", "satisfaction_success"),
    ("Anne Şehir Programı kapsamında düzenli spor yapan katılımcıların obezite oranının düşürülme yüzdesi", "Yüzde/Yıl", "higher", "reduction_achieved"),
    ("Aile Hizmetleri kapsamında aile içi şiddetin azaltılma oranı", "Yüzde/Yıl", "higher", "reduction_achieved"),
    ("Toplanan katı atık tonu başına atık toplama maliyeti", "TL", "lower", "cost"),
    ("Paydaşlardan gelen istek ve şikayetlerin sayısı", "Adet", "neutral", "incoming_demand_count"),
    ("Evlenmek için yapılan başvuru sayısı", "Adet", "neutral", "incoming_demand_count"),
    ("Gelen genel evrak sayısı", "Adet", "neutral", "incoming_demand_count"),
    ("Asker yardımı için müracaat eden muhtaç aile sayısı", "Adet", "neutral", "incoming_demand_count"),
    ("Gündüz Bakımevi (kreş) hizmetinden faydalanmak için müracaat eden çocuk sayısının kabul edilme oranı", "Yüzde", "higher", "rate_of_doing"),
    ("Meslek edindirme kursuna katılmak için müracaat eden kadınların eğitimden duydukları memnuniyet", "Yüzde", "higher", "satisfaction_success"),
    ("Paydaşlardan gelen istek ve şikayetlerin cevaplanma oranı", "Yüzde", "higher", "rate_of_doing"),
    ("Paydaşlardan gelen istek ve şikayetlerin cevaplanma süresi", "Gün", "lower", "duration"),
    ("Düzenli depolamaya tabi tutulan katı atık miktarı", "Ton", "lower", "landfill_and_consumption"),
    ("Geri dönüşüme gönderilen ambalaj atığı miktarı (ton)", "Ton", "higher", "output_quantity"),
    ("Vatandaş memnuniyet oranı", "Yüzde", "higher", "satisfaction_success"),
    ("Dikilen fidan sayısı", "Adet", "higher", "output_quantity"),
]


@pytest.mark.parametrize(("name", "unit", "direction", "rule"), SHIPPED)
def test_shipped_direction_rules(name, unit, direction, rule):
    assert rules().direction("x", "y", name, unit)[:2] == (direction, rule)


@pytest.mark.parametrize(
    ("name", "unit", "values", "nature"),
    [
        ("Toplu taşımada raylı sistemlerin payı", "Yüzde", [D(7), D(9), D(10)], "percent"),
        ("Bilgi güvenliği güncelleme oranı", "Adet", [D(90), D(99), D(94)], "percent"),  # a rate printed in Adet
        ("Kurumsal veri depolama alanı kullanım oranı", "Adet", [D(50), D(150)], "level"),  # not within 0-100
        ("Ecrimisil gelirlerinin belediye bütçesi içerisindeki payı", "Binde", [D("5.85")], "level"),
        ("İç serviste donanım sorunlarının giderilme süresi", "Saat", [D(2)], "level"),
        ("Kişi başına düşen yeşil alan miktarı", "M²", [D("12.17")], "level"),
        ("Kuruma ve şehre yönelik yapılan memnuniyet anketleri sayısı", "Adet", [D(4)], "flow"),
        ("Dikilen fidan sayısı", "Adet", [D(237388)], "flow"),
    ],
)
def test_shipped_nature_rules(name, unit, values, nature):
    assert rules().nature("x", "y", name, unit, values)[0] == nature


def test_shipped_overrides_name_real_programs():
    r = rules()
    assert r.direction_overrides, "the shipped file has per-indicator overrides"
    assert {p for p, _ in r.direction_overrides} <= {"kocaeli-2021", "kucukcekmece-2021"}
    assert all(why for _, why in r.direction_overrides.values())
