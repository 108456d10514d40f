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


def test_the_department_and_economic_code_tables_are_read_by_the_core_assembly():
    """Both summary tables, written as the text edition prints them (TAB-separated rows; values from Kocaeli's p. 100
    and p. 114, abridged), go through the core's assembly (`grid.cards.read_cards`) into the grid's rows."""
    from analysis.extract.core.tab_text import text_rows
    from analysis.extract.grid.cards import read_cards
    from analysis.extract.grid.tables import Parsed, cell_text, read_summaries

    text = "\n".join([
        "Sorumlu Birim Adı\tBilgi İşlem Dairesi Başkanlığı",  # a card first: the front matter before it is not read
        "Performans Hedefi\tKU/PH.3.1.1 Bilgi sistemlerini geliştirmek.",
        "Sıra\tFaaliyet ve Projeler\t2021 Yılı Kaynak İhtiyacı (TL)",
        "1\tYazılım\t17.299.700",
        "Genel Toplam (TL)\t\t17.299.700",
        "",
        "Dairelere Göre Faaliyet Sayısı ve 2021 Yılı Kaynak İhtiyacı",
        "Daire Adı\tPerformans Hedefi Sayısı\tFaaliyet Sayısı\tGösterge Sayısı\t2021 Yılı Kaynak İhtiyacı (TL)",
        "Bilgi İşlem Dairesi Başkanlığı\t4\t16\t19\t17.299.700",
        "Zabıta Dairesi Başkanlığı\t2\t6\t9\t1.618.500",
        "Genel Toplam\t6\t22\t28\t18.918.200",
        "",
        "Personel tablosu",
        "Ekonomik Kod\tPerformans Hedefleri Maliyet Toplamı\tGenel Yönetim Giderleri Toplamı\tDiğer İdarelere Transfer Edilecek Kaynaklar Toplamı\tGenel Toplam",
        "1- Personel Giderleri\t0,00 ₺\t339.844.036,00 ₺\t0,00 ₺\t339.844.036,00 ₺",
        "8- Borç Verme\t0,00 ₺\t0,00 ₺\t11.000,00 ₺\t11.000,00 ₺",
        "Toplam Kaynak İhtiyacı\t0,00 ₺\t339.844.036,00 ₺\t11.000,00 ₺\t339.855.036,00 ₺",
    ])
    cards, _roles, summaries = read_cards(text_rows(text, cell_text, keep_empty=True))
    assert len(cards) == 1 and cards[0].total_raw == "17.299.700" and [t.kind.name for t in summaries] == ["department_summary", "economic_code_table"]
    out = Parsed()
    read_summaries(out, summaries)
    assert [(d.name, d.ph_count_raw, d.activities_count_raw, d.indicators_count_raw, d.total_raw, d.is_total) for d in out.departments] == [
        ("Bilgi İşlem Dairesi Başkanlığı", "4", "16", "19", "17.299.700", False),
        ("Zabıta Dairesi Başkanlığı", "2", "6", "9", "1.618.500", False),
        ("Genel Toplam", "6", "22", "28", "18.918.200", True),
    ]
    assert [(e.code, e.label, e.is_total) for e in out.econ] == [("01", "Personel Giderleri", False), ("08", "Borç Verme", False), ("", "Toplam Kaynak İhtiyacı", True)]
    assert out.econ[1].values_raw == {"performance_targets_total": "0,00 ₺", "general_administration_total": "0,00 ₺", "transfers_total": "11.000,00 ₺", "total": "11.000,00 ₺"}
    assert out.econ_columns["transfers_total"] == "Diğer İdarelere Transfer Edilecek Kaynaklar Toplamı"
    assert all(b is None for d in out.departments for b in d.boxes.values())  # a text edition's rows have no boxes
