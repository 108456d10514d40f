"""Two opt-in readings of the core's assembly (`analysis.extract.core.assemble`) for narrow Word exports, as
Kocaeli's text edition prints one card: a block's header printed one label per line (`stacked`), and a label
printed alone with its text on the next row (`labels_value_below`). Hand-made TAB rows, expected records
written out by hand.
"""

from __future__ import annotations

import dataclasses

from analysis.extract.core.assemble import assemble
from analysis.extract.core.profile import Block, Profile, TableKind, match_key
from analysis.extract.core.tab_text import text_rows

BLOCK = Block("inds", {"seq": frozenset({"sira"}), "name": frozenset({match_key("Performans Göstergeleri")}), "measure_unit": frozenset({match_key("Ölçü Birimi")}),
                       "year": frozenset()}, ("seq", "name", "measure_unit", "year"), seq=True, years=True, stacked=True)
PROFILE = Profile(name="t", description="", code="t", markers=(), labels={"aim": frozenset({match_key("Stratejik Amaç")}), "ph": frozenset({match_key("Performans Hedefi")})},
                  starts=frozenset({"aim"}), kinds=(TableKind("card", "Kart", (BLOCK,)),), value_below=True)

STACKED = ("Stratejik Amaç\t\t\t\t\t\nKE.3 Şehrin dokusu\t\t\t\t\t\nPerformans Hedefi\tPH.3.7.1 Hafriyat\t\t\t\t\n"
           "Sıra\t\t\t\t\t\nPerformans Göstergeleri\t\t\t\t\t\nÖlçü Birimi\t\t\t\t\t\n2019\t\t\t\t\t\n2020*\t\t\t\t\t\n2021 Yılı Hedefi\t\t\t\t\t\n"
           "1\tKaçak hafriyat denetimi\tYüzde/Yıl\t100\t100\t100\n2\tDöküm sahası\tAdet\t12\t14\t16\n")


def test_a_header_printed_one_label_per_line_is_read_as_one_row():
    asm = assemble(text_rows(STACKED), PROFILE)
    (t,) = asm.tables
    assert [(c.key, c.year_role) for c in t.headers["inds"]] == [("seq", None), ("name", None), ("measure_unit", None),
                                                                  ("year_2019", "actual"), ("year_2020", "estimate"), ("year_2021", "target")]
    assert [(r.seq, {k: c.text for k, c in r.cells.items()}) for r in t.records["inds"]] == [
        ("1", {"name": "Kaçak hafriyat denetimi", "measure_unit": "Yüzde/Yıl", "year_2019": "100", "year_2020": "100", "year_2021": "100"}),
        ("2", {"name": "Döküm sahası", "measure_unit": "Adet", "year_2019": "12", "year_2020": "14", "year_2021": "16"}),
    ]
    assert any("one label per line" in w for w in asm.warnings)


def test_a_label_printed_alone_takes_the_row_under_it():
    (t,) = assemble(text_rows(STACKED), PROFILE).tables
    assert {k: v.text for k, v in t.labels.items()} == {"aim": "KE.3 Şehrin dokusu", "ph": "PH.3.7.1 Hafriyat"}


def test_both_readings_are_opt_in():
    plain = dataclasses.replace(PROFILE, value_below=False, kinds=(TableKind("card", "Kart", (dataclasses.replace(BLOCK, stacked=False),)),))
    assert assemble(text_rows(STACKED), plain).tables == []  # no header row: no table at all
