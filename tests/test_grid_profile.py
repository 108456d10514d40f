"""The grid layout's vocabulary, declared in `analysis/extract/grid/grid.yml` and checked by the core's profile loader.

Expected values are the words Kocaeli 2021 prints (its text edition, data/raw/kocaeli-2021/kocaeli-2021.md),
written out here by hand: the card labels, the headers of the indicator and activity blocks, the summary
tables' headers and closing rows, and the sentence stating the counts.
"""

from __future__ import annotations

import re

from analysis.extract.core.profile import load_profile
from analysis.extract.grid.tables import ACT, ADMIN, DEPT, ECON, PLAN, PROFILE, Words, label_of

IND = Words("card", "indicators")


def test_grid_yml_is_a_valid_profile_and_declares_the_card_labels():
    profile = load_profile(PROFILE.source)  # the core's loader: fails with a message naming the file
    assert profile.name == "grid" and profile.starts == frozenset({"unit"})
    assert [label_of(t) for t in ("Sorumlu Birim Adı", "Stratejik Amaç", "Stratejik Hedef", "Performans Hedefi")] == ["unit", "aim", "goal", "ph"]
    assert label_of("Performans Göstergeleri") is None


def test_a_card_header_names_a_role_by_its_whole_cell_and_the_amount_column_by_part_of_it():
    assert [IND.role(t) for t in ("Sıra", "Performans Göstergeleri", "Ölçü Birimi", "2021 Yılı Hedefi")] == ["seq", "name", "measure_unit", None]
    # an indicator's name that only contains a header word names nothing
    assert IND.role("Sıra sayısı") is None and IND.role("Performans Göstergeleri sayısı") is None
    assert ACT.role("2021 Yılı Kaynak İhtiyacı (TL)") == "total" and ACT.role("2023 Yılı Kaynak İhtiyacı (TL)") == "total"
    assert ACT.roles(["Sıra", "Faaliyet ve Projeler", "2021 Yılı Kaynak İhtiyacı (TL)"]) == {"seq": 0, "name": 1, "total": 2}


def test_named_rows_economic_code_columns_and_closing_rows():
    econ = ACT.block.subheader["econ"]
    assert [m.group(1) for t in ("03 Mal ve Hizmet Alım Giderleri", "05 Cari Transferler", "06 Sermaye Giderleri") if (m := econ.match(t))] == ["03", "05", "06"]
    assert [ACT.named_row(t) for t in ("Genel Toplam (TL)", "1")] == ["genel_toplam", None]
    assert ECON.named_row("3- Mal ve Hizmet Alım Giderleri") == "econ_3" and ECON.named_row("Toplam Kaynak İhtiyacı") == ECON.closes
    assert [ADMIN.named_row(t) for t in ("Performans Hedefleri Maliyet Toplamı", "Genel Yönetim Giderleri",
                                          "Diğer İdarelere Transfer Edilecek Kaynaklar Toplamı", "Genel Toplam", "ULAŞIM HİZMETLERİ")] == [
        "performance_targets_total", "general_administration_total", "transfers_total", "total", None]
    assert [PLAN.named_row(t) for t in ("Stratejik Amaç 1", "STRATEJİK HEDEF 12", "Stratejik Amaç")] == ["aim", "goal", None]


def test_summary_table_headers():
    dept = ["Daire Adı", "Performans Hedefi Sayısı", "Faaliyet Sayısı", "Gösterge Sayısı", "2021 Yılı Kaynak İhtiyacı (TL)"]
    assert DEPT.roles(dept) == {"name": 0, "ph": 1, "act": 2, "ind": 3, "total": 4}
    admin = ["Performans Hedef Kodu", "Faaliyet Adı", "Sorumlu Birim", "Bütçe Dışı", "Bütçe İçi", "Toplam", "Bütçe İçindeki Payı (%)"]
    assert ADMIN.roles(admin) == {"code": 0, "name": 1, "off_budget": 3, "budget": 4, "total": 5, "share": 6}
    econ = ["Ekonomik Kod", "Performans Hedefleri Maliyet Toplamı", "Genel Yönetim Giderleri Toplamı", "Diğer İdarelere Transfer Edilecek Kaynaklar", "Genel Toplam"]
    assert ECON.roles(econ, start=1) == {"performance_targets_total": 1, "general_administration_total": 2, "transfers_total": 3, "total": 4}


def test_the_counts_sentence():
    (st,) = [s for s in PROFILE.statements if s.table == "text_counts"]
    text = ("2021 Mali Yılı Performans Programı'nda 99 performans hedefi, bu hedeflerin altında da 291 faaliyet/proje ve "
            "367 performans göstergesi yer almaktadır.")
    m = st.pattern.search(re.sub(r"\s+", " ", text))
    assert m is not None and dict(zip(st.measures, m.groups(), strict=True)) == {"ph_count": "99", "activities_count": "291", "indicators_count": "367"}
