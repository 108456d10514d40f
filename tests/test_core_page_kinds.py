"""Page kinds declared in YAML (`analysis.extract.core.page_kinds`), and the card layout's own (`card.yml`).

The page texts are hand-made, each holding the words the kind is told by in the document (titles and
column headers quoted from Küçükçekmece 2021's pages), spelled as a PDF text layer or a text edition
prints them (with or without the dot on İ).
"""

from __future__ import annotations

import pytest

from analysis.extract.card.pdf import PAGE_KINDS, classify_page
from analysis.extract.core.page_kinds import load_page_kinds

KINDS = load_page_kinds(
    {
        "summary": [{"all": ["EKONOMİK KODLAR"]}, {"distinct": {"pattern": r"\b0[1-9]\.(PERSONEL|SGK|MAL)", "at_least": 2}}],
        "codes": [{"all": ["GENEL TOPLAM"], "any": ["İDARE ADI", "EKONOMİK KOD"]}],
    },
    "test",
)


def test_all_any_and_first_match_wins():
    assert KINDS.classify("İdare Adı ... Genel Toplam") == "codes"
    assert KINDS.classify("Genel Toplam") == "other"  # `any` not met
    # both kinds match: the first declared wins
    assert KINDS.classify("EKONOMIK KODLAR\nGENEL TOPLAM İDARE ADI") == "summary"


def test_distinct_counts_different_matches_only():
    assert KINDS.classify("01.PERSONEL 01.PERSONEL") == "other"
    assert KINDS.classify("01.PERSONEL 02.SGK") == "summary"


def test_phrases_compare_with_dotted_and_dotless_i_merged_and_whitespace_collapsed():
    assert KINDS.classify("idare   adı\n genel toplam") == "codes"


@pytest.mark.parametrize("spec", [{}, {"other": [{"all": ["X"]}]}, {"a": []}, {"a": [{"none": ["X"]}]}, {"a": [{"distinct": {"pattern": "("}}]}, {"a": [{"all": "X"}]}])
def test_bad_declarations_fail_naming_the_place(spec):
    with pytest.raises(ValueError, match=r"^where"):
        load_page_kinds(spec, "where")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("AMAÇ, HEDEF VE PERFORMANS HEDEFLERİNİN İLİŞKİLENDİRİLMESİ\nKOD AMAÇ KOD HEDEF", "relationship"),
        ("BİLGİ İŞLEM MÜDÜRLÜĞÜ TOPLAM KAYNAK İHTİYACI VE FAALİYET MALİYETLERİ\nEKONOMİK KODLAR", "unit_summary"),
        ("FAALİYETLER 01.PERSONEL GİDERLERİ 03.MAL VE HİZMET ALIM GİDERLERİ", "unit_summary"),  # an OCR'd summary
        ("MÜDÜRLÜKLERİN TOPLAM KAYNAK İHTİYACI TABLOSU\nMÜDÜRLÜK ADI MALİ KAYNAK", "unit_totals"),
        ("İDARENİN TOPLAM KAYNAK İHTİYACI TABLOSU\nİDARE ADI ... GENEL TOPLAM", "economic_codes"),
        ("PERFORMANS HEDEFİ FAALİYET / PROJE MALİ KAYNAK", "admin_activities"),
        ("PERFORMANS GÖSTERGESİ TÜRÜ ÖLÇÜ BİRİMİ 2019 YILI GERÇEKLEŞEN 2021 YILI HEDEFLENEN", "aim_section"),
        ("PERFORMANS GÖSTERGESİ TÜRÜ ÖLÇÜ BİRİMİ 2019 YILI GERÇEKLEŞEN 2021 YILI HEDEFLERI", "card"),
        ("FAALİYET VE PROJELER BÜTÇE BÜTÇE DIŞI TOPLAM", "card"),  # a card continued: its activities only
        ("Tema Amaç No Amaçlar Hedef No Hedefler", "theme_list"),
        ("2021 PERFORMANS PROGRAMI\nSunuş", "other"),
    ],
)
def test_card_page_kinds(text, kind):
    assert classify_page(text) == kind


def test_card_page_kinds_in_their_order():
    assert PAGE_KINDS == ("relationship", "unit_summary", "unit_totals", "economic_codes", "admin_activities", "aim_section", "card", "theme_list")
