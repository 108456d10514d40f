"""Budget measures on small hand-made tables: every number below is worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D

import pandas as pd
import pytest

from analysis.analyse import budget as bud
from analysis.analyse.common import NOT_STATED, page_list
from analysis.core.model import ECON_CODES

PROGRAM = "ornek-2021"


def targets(*cards: tuple) -> pd.DataFrame:
    """cards: (card_seq, ph_code, unit, theme, theme_group, aim_code, page)."""
    return pd.DataFrame(
        [
            {"program": PROGRAM, "ph_code": c[1], "unit": c[2], "unit_canonical": c[2], "theme": c[3], "theme_group": c[4], "aim_code": c[5], "aim_text": f"Amaç {c[5]}", "goal_code": "", "page": c[6], "card_seq": c[0]}
            for c in cards
        ]
    ).astype({"page": "Int64", "card_seq": "Int64"})


def activities(*rows: tuple) -> pd.DataFrame:
    """rows: (card_seq, ph_code, seq, name, unit, total, econ dict or None, page)."""
    out = []
    for card, code, seq, name, unit, total, econ, page in rows:
        r = {"program": PROGRAM, "ph_code": code, "seq": seq, "name": name, "unit": unit, "unit_canonical": unit, "budget": total, "off_budget": D("0.00"), "total": total, "page": page, "card_seq": card}
        for c in ECON_CODES:
            r[f"econ_{c}"] = (econ or {}).get(c)
        out.append(r)
    cols = ["program", "ph_code", "seq", "name", "unit", "unit_canonical", "budget", "off_budget", "total", "page", "card_seq", *[f"econ_{c}" for c in ECON_CODES]]
    df = pd.DataFrame(out, columns=cols)
    for col in ("budget", "off_budget", "total", *[f"econ_{c}" for c in ECON_CODES]):
        df[col] = pd.Series(list(df[col]), dtype=object).map(lambda v: v if isinstance(v, D) else None)
    return df.astype({"page": "Int64", "card_seq": "Int64", "seq": "Int64"})


CARDS = targets(
    (1, "KE/PH.1.1.1", "Ulaşım Dairesi Başkanlığı", "Ulaşım Hizmetleri", "Kentsel Dönüşüm", "KE.1", 30),
    (2, "KE/PH.1.1.2", "Fen İşleri Dairesi Başkanlığı", "Ulaşım Hizmetleri", "Kentsel Dönüşüm", "KE.1", 31),
    (3, "TO/PH.2.1.1", "Kültür ve Sosyal İşler Dairesi Başkanlığı", "Kültür ve Turizm Hizmetleri", "Toplumsal Dönüşüm", "TO.2", 40),
    (4, "TO/PH.2.1.2", "Kültür ve Sosyal İşler Dairesi Başkanlığı", "", "Toplumsal Dönüşüm", "TO.2", 41),
)
ACTS = activities(
    (1, "KE/PH.1.1.1", 1, "Kavşak projeleri", "Ulaşım Dairesi Başkanlığı", D("0.10"), {"03": D("0.10"), "05": D("0"), "06": D("0")}, 30),
    (1, "KE/PH.1.1.1", 2, "Yaya projeleri", "Ulaşım Dairesi Başkanlığı", D("0.20"), {"03": D("0.20"), "05": D("0"), "06": D("0")}, 30),
    (2, "KE/PH.1.1.2", 1, "Yol yapımı", "Fen İşleri Dairesi Başkanlığı", D("600.00"), {"03": D("100.00"), "06": D("500.00")}, 31),
    (2, "KE/PH.1.1.2", 2, "Yol projeleri", "Fen İşleri Dairesi Başkanlığı", D("0.00"), {"03": D("0.00"), "06": D("0.00")}, 32),
    (3, "TO/PH.2.1.1", 1, "Konserler", "Kültür ve Sosyal İşler Dairesi Başkanlığı", D("399.70"), None, 40),
    (3, "TO/PH.2.1.1", 2, "Festival", "Kültür ve Sosyal İşler Dairesi Başkanlığı", None, None, 40),
)


@pytest.fixture
def frame() -> pd.DataFrame:
    return bud.activity_frame(ACTS, CARDS)


def test_money_is_added_exactly_never_as_float():
    assert bud.money_sum([D("0.10"), D("0.20"), None, float("nan")]) == D("0.30")
    assert 0.1 + 0.2 != 0.3  # the reason


def test_activity_frame_joins_each_activity_to_its_card(frame):
    assert list(frame["theme"]) == ["Ulaşım Hizmetleri"] * 4 + ["Kültür ve Turizm Hizmetleri"] * 2
    assert list(frame["aim_code"][:2]) == ["KE.1", "KE.1"]
    assert frame["unit_key"].iloc[2] == "Fen İşleri Dairesi Başkanlığı"


def test_activity_frame_uses_card_seq_when_two_cards_share_a_code():
    cards = targets((1, "KU/PH.1.1.1", "A Dairesi", "Tema A", "", "", 1), (2, "KU/PH.1.1.1", "B Dairesi", "Tema B", "", "", 2))
    acts = activities((2, "KU/PH.1.1.1", 1, "x", "", D("5"), None, 2))
    f = bud.activity_frame(acts, cards)
    assert f["theme"].iloc[0] == "Tema B"
    assert f["unit_key"].iloc[0] == "B Dairesi"  # activity unit empty: the card's unit


def test_grouped_totals_sum_exactly_to_the_activities(frame):
    by_theme = bud.budget_by(frame, ["theme_group", "theme"])
    assert by_theme["total"].sum() == D("1000.00")  # 0.10 + 0.20 + 600 + 0 + 399.70 (+ one missing)
    assert bud.money_sum(by_theme["total"]) == bud.money_sum(ACTS["total"])
    first = by_theme.iloc[0]
    assert (first["theme"], first["total"], first["activities"], first["targets"]) == ("Ulaşım Hizmetleri", D("600.30"), 4, 2)
    assert first["share"] == pytest.approx(0.6003)
    assert first["zero_total_activities"] == 1
    assert first["pages"] == "30-32"
    culture = by_theme.iloc[1]
    assert culture["missing_total_activities"] == 1 and culture["total"] == D("399.70")
    assert list(by_theme["rank"]) == [1, 2]


def test_grouped_totals_keep_rows_without_a_theme():
    f = bud.activity_frame(activities((4, "TO/PH.2.1.2", 1, "x", "K", D("7"), None, 41)), CARDS)
    got = bud.budget_by(f, ["theme"])
    assert list(got["theme"]) == [NOT_STATED] and got["total"].iloc[0] == D("7")


def test_current_vs_capital_split_adds_up_to_the_total(frame):
    cls = bud.budget_by_econ_class(frame).set_index("econ_class")
    assert cls.loc["current", "amount"] == D("100.30")  # 03: 0.10 + 0.20 + 100
    assert cls.loc["capital", "amount"] == D("500.00")  # 06
    assert cls.loc["other", "amount"] == D("0")
    assert cls.loc["not_broken_down", "amount"] == D("399.70")  # Konserler prints no codes
    assert cls.loc["econ_differs_from_total", "amount"] == D("0")
    assert bud.money_sum(cls["amount"]) == D("1000.00")
    assert cls.loc["capital", "share"] == pytest.approx(0.5)


def test_econ_codes_that_disagree_with_the_total_are_shown_not_hidden():
    acts = activities((1, "KE/PH.1.1.1", 1, "x", "U", D("100"), {"03": D("30"), "06": D("60"), "07": D("5"), "09": D("1")}, 1))
    cls = bud.budget_by_econ_class(bud.activity_frame(acts, CARDS)).set_index("econ_class")
    assert cls.loc["current", "amount"] == D("30") and cls.loc["capital", "amount"] == D("65") and cls.loc["other", "amount"] == D("1")
    assert cls.loc["econ_differs_from_total", "amount"] == D("4")
    assert bud.money_sum(cls["amount"]) == D("100")


@pytest.mark.parametrize(("code", "kind"), [("01", "current"), ("05", "current"), ("06", "capital"), ("07", "capital"), ("08", "other"), ("09", "other")])
def test_economic_code_classes(code, kind):
    assert bud.ECON_CLASS[code] == kind


def test_budget_by_econ_reads_the_documents_own_table(frame):
    stated = pd.DataFrame(
        [
            {"program": PROGRAM, "table": "economic_code_table", "scope": "03", "measure": "total", "value": D("300"), "page": 114, "note": ""},
            {"program": PROGRAM, "table": "economic_code_table", "scope": "06", "measure": "total", "value": D("700"), "page": 114, "note": ""},
            {"program": PROGRAM, "table": "economic_code_table", "scope": "06", "measure": "performance_targets_total", "value": D("1"), "page": 114, "note": ""},
        ]
    )
    econ = bud.budget_by_econ(frame, stated).set_index("econ_code")
    assert econ.loc["03", "amount"] == D("100.30") and econ.loc["06", "amount"] == D("500.00")
    assert econ.loc["03", "activities_with_amount"] == 3
    assert econ.loc["06", "share_of_broken_down"] == pytest.approx(500 / 600.30)
    assert econ.loc["06", "share_of_activities_total"] == pytest.approx(0.5)
    assert econ.loc["06", "stated_amount"] == D("700") and econ.loc["06", "stated_share"] == pytest.approx(0.7)
    assert econ.loc["06", "stated_page"] == 114
    assert econ.loc["01", "stated_amount"] is None


def test_hhi_by_hand():
    assert bud.hhi([D(50), D(30), D(20)]) == pytest.approx(0.25 + 0.09 + 0.04)
    assert bud.hhi([D(1)] * 4) == pytest.approx(0.25)
    assert bud.hhi([D(10), D(0), None]) == pytest.approx(1.0)
    assert bud.hhi([D(0)]) is None and bud.hhi([]) is None


def test_top10_share_by_hand():
    amounts = [D(100), D(50)] + [D(10)] * 10  # total 250; top 10 = 100 + 50 + 8*10 = 230
    c = bud.concentration(amounts, 10)
    assert c["total"] == D(250)
    assert c["top10_total"] == D(230)
    assert c["top10_share"] == pytest.approx(0.92)
    assert c["top1_share"] == pytest.approx(0.4)
    assert c["items_for_half"] == 2  # 100 + 50 = 150 >= 125
    assert c["items_for_80pct"] == 7  # 150 + 5*10 = 200 = 80 %
    hhi = (100 / 250) ** 2 + (50 / 250) ** 2 + 10 * (10 / 250) ** 2
    assert c["hhi"] == pytest.approx(hhi) and c["effective_number"] == pytest.approx(1 / hhi)
    assert c["hhi_points"] == pytest.approx(round(hhi * 10000, 1))


def test_concentration_summary_counts_zero_and_missing(frame):
    c = bud.concentration_summary(frame).iloc[0]
    assert c["activities"] == 6 and c["activities_with_money"] == 4
    assert c["zero_total_activities"] == 1 and c["missing_total_activities"] == 1
    assert c["total"] == D("1000.00")
    assert c["top1_share"] == pytest.approx(0.6)
    assert c["hhi"] == pytest.approx(0.6**2 + 0.3997**2 + 0.0001**2 + 0.0002**2)
    assert c["units"] == 3 and c["themes"] == 2


def test_top_activities_ranks_by_money_then_document_order():
    acts = activities(*[(1, "KE/PH.1.1.1", i, f"a{i}", "U", D(v), None, i) for i, v in enumerate([5, 9, 9, 1, 0], 1)])
    top = bud.top_activities(bud.activity_frame(acts, CARDS), 3)
    assert list(top["name"]) == ["a2", "a3", "a1"]  # the two 9s keep document order
    assert list(top["rank"]) == [1, 2, 3]
    assert top["cumulative_share"].iloc[-1] == pytest.approx(23 / 24)
    assert list(top["page"]) == [2, 3, 1]


def test_zero_budget_activities_lists_zero_and_missing(frame):
    z = bud.zero_budget_activities(frame)
    assert list(z["name"]) == ["Yol projeleri", "Festival"]
    assert list(z["reason"]) == ["zero", "missing_total"]
    assert list(z["page"]) == [32, 40]


def test_budget_per_target_and_per_indicator(frame):
    indicators = pd.DataFrame(
        [
            {"ph_code": "KE/PH.1.1.1", "card_seq": 1, "kind": "performance", "indicator_code": "a"},
            {"ph_code": "KE/PH.1.1.1", "card_seq": 1, "kind": "monitoring", "indicator_code": "b"},
            {"ph_code": "KE/PH.1.1.1", "card_seq": 1, "kind": "performance", "indicator_code": "c"},
            {"ph_code": "KE/PH.1.1.2", "card_seq": 2, "kind": "", "indicator_code": "d"},
        ]
    )
    pt = bud.budget_per_target(frame, CARDS, indicators).set_index("ph_code")
    assert pt.loc["KE/PH.1.1.1", "total"] == D("0.30")
    assert pt.loc["KE/PH.1.1.1", "budget_per_indicator"] == D("0.10")  # 0.30 / 3
    assert pt.loc["KE/PH.1.1.1", "performance_indicators"] == 2
    assert pt.loc["KE/PH.1.1.2", "budget_per_indicator"] == D("600.00")
    assert pt.loc["TO/PH.2.1.1", "budget_per_indicator"] is None  # no indicators: no division
    assert pt.loc["TO/PH.2.1.2", "activities"] == 0 and pt.loc["TO/PH.2.1.2", "total"] == D("0")  # a card without activities is listed
    assert bud.money_sum(pt["total"]) == D("1000.00")


def test_per_rounds_to_the_kurus():
    assert bud.per(D("10.00"), 3) == D("3.33")
    assert bud.per(D("10.00"), 0) is None


def test_page_list():
    assert page_list([31, 29, 30, 45, None, 30]) == "29-31; 45"
    assert page_list([]) == ""


def test_empty_activities_give_empty_tables():
    empty = activities()
    f = bud.activity_frame(empty, CARDS)
    assert bud.budget_by(f, ["theme"]).empty
    assert bud.concentration_summary(f).iloc[0]["activities"] == 0
    assert bud.money_sum(bud.budget_by_econ_class(f)["amount"]) == 0
