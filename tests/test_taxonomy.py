"""The policy-area taxonomy: matching, precedence of rules, and that nothing unmapped disappears."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.analyse.common import NOT_STATED
from analysis.analyse.taxonomy import UNMAPPED, TaxonomyError, assign_policy_areas, load_taxonomy, parse_taxonomy, unmapped_items
from analysis.core.text import ascii_fold as fold
from analysis.core.text import name_key

ROOT = Path(__file__).resolve().parents[1]

DOC = {
    "policy_areas": [{"id": i, "tr": i.upper(), "en": i} for i in ("transport", "health", "social_support", "culture", "administration")],
    "programs": {
        "p": {
            "basis": "theme",
            "themes": {"Ulaşım Hizmetleri": "transport", "Sağlık ve Sosyal Hizmetler": "social_support"},
            "units": {"Kültür Dairesi": "culture", "Ulaşım Dairesi": "transport", "Eski Daire": "administration"},
            "ph_overrides": {"TO/PH.4.*": {"area": "health", "note": "health aim"}, "TO/PH.4.2.*": "social_support", "TO/PH.4.2.1": "culture", "XX/PH.9.*": "health"},
            "activity_overrides": [{"ph_code": "TO/PH.4.2.1", "seq": 2, "area": "administration", "note": "one line"}],
        }
    },
}


def frame(rows: list[tuple]) -> pd.DataFrame:
    """rows: (ph_code, seq, name, theme, unit_key, total, page)."""
    df = pd.DataFrame(rows, columns=["ph_code", "seq", "name", "theme", "unit_key", "total", "page"])
    df["total"] = pd.Series(list(df["total"]), dtype=object)
    return df


ROWS = frame(
    [
        ("KE/PH.1.1.1", 1, "Yol", "1.1. ULAŞIM HİZMETLERİ", "Ulaşım Dairesi", D("10.00"), 30),  # basis (theme), folded
        ("TO/PH.4.1.1", 1, "Tarama", "Sağlık ve Sosyal Hizmetler", "Sağlık Dairesi", D("5.00"), 71),  # pattern TO/PH.4.*
        ("TO/PH.4.2.1", 1, "Destek", "Sağlık ve Sosyal Hizmetler", "Sağlık Dairesi", D("3.00"), 72),  # exact code beats patterns
        ("TO/Ph.4.2.1", 2, "Ofis", "Sağlık ve Sosyal Hizmetler", "Sağlık Dairesi", D("2.00"), 72),  # activity override (and lower-case h)
        ("TO/PH.4.2.5", 1, "Aile", "Sağlık ve Sosyal Hizmetler", "Sağlık Dairesi", D("1.00"), 73),  # longer pattern wins
        ("TO/PH.1.1.1", 1, "Konser", "Kültür ve Turizm", "Kültür Dairesi", D("4.00"), 63),  # theme unmapped: unit fallback
        ("KU/PH.1.1.1", 1, "Anket", "", "Bilinmeyen Daire", D("7.50"), 90),  # nothing: unmapped, listed
    ]
)


@pytest.fixture
def tax():
    return parse_taxonomy(DOC)


def test_folding_ignores_case_turkish_i_diacritics_and_numbering():
    assert fold("İSTANBUL ışık") == fold("istanbul isik")
    assert fold("Şikâyet") == fold("sikayet")
    assert fold("Desteđi") == fold("Desteği")
    assert name_key("1.2.Sürdürülebilir  Çevre Hizmetleri") == name_key("SÜRDÜRÜLEBİLİR ÇEVRE HİZMETLERİ")
    assert name_key("2.3 Sağlık ve Sosyal Hizmetler") == name_key("Sağlık ve Sosyal Hizmetler")
    assert name_key("Ilçe ve Toplum Düzeni") == name_key("İlçe ve Toplum Düzeni")


def test_each_activity_gets_one_area_and_the_rule_that_decided(tax):
    out = assign_policy_areas(ROWS, tax, "p")
    assert list(out["policy_area"]) == ["transport", "health", "culture", "administration", "social_support", "culture", UNMAPPED]
    assert list(out["policy_area_rule"]) == [
        "theme:Ulaşım Hizmetleri",
        "ph_override:TO/PH.4.*",
        "ph_override:TO/PH.4.2.1",
        "activity_override:1",
        "ph_override:TO/PH.4.2.*",
        "unit (fallback):Kültür Dairesi",
        "unmapped",
    ]
    # what each mapping alone would say, for the sensitivity table
    assert list(out["area_by_theme"]) == ["transport", "social_support", "social_support", "social_support", "social_support", "", ""]
    assert list(out["area_by_unit"]) == ["transport", "", "", "", "", "culture", ""]


def test_unit_basis_puts_units_first(tax):
    doc = {**DOC, "programs": {"p": {**DOC["programs"]["p"], "basis": "unit", "ph_overrides": {}, "activity_overrides": []}}}
    out = assign_policy_areas(ROWS.iloc[[0, 5]], parse_taxonomy(doc), "p")
    assert list(out["policy_area_rule"]) == ["unit:Ulaşım Dairesi", "unit:Kültür Dairesi"]


def test_unmapped_items_are_listed_with_their_money_never_dropped(tax):
    out = assign_policy_areas(ROWS, tax, "p")
    assert out["total"].sum() == ROWS["total"].sum()  # no row lost
    u = unmapped_items(out, tax, "p")
    themes = u[u["item_type"] == "theme"].set_index("name")
    assert themes.loc["Kültür ve Turizm", "issue"] == "no_mapping"
    assert themes.loc["Kültür ve Turizm", "note"] == "its activities are covered by another rule"
    assert themes.loc[NOT_STATED, "issue"] == "not_printed" and themes.loc[NOT_STATED, "total"] == D("7.50")
    units = u[u["item_type"] == "unit"].set_index("name")
    assert set(units.index) == {"Sağlık Dairesi", "Bilinmeyen Daire"}
    assert units.loc["Bilinmeyen Daire", "note"] == "1 of its activities have no policy area"
    act = u[u["item_type"] == "activity"]
    assert list(act["name"]) == ["Anket"] and act["total"].iloc[0] == D("7.50") and act["pages"].iloc[0] == "90"


def test_mappings_that_match_nothing_are_listed(tax):
    out = assign_policy_areas(ROWS, tax, "p")
    u = unmapped_items(out, tax, "p")
    unused = u[u["issue"] == "unused_mapping"]
    assert set(zip(unused["item_type"], unused["name"], strict=True)) == {("unit_mapping", "Eski Daire"), ("ph_override", "XX/PH.9.*")}


def test_a_program_missing_from_the_file_is_reported(tax):
    out = assign_policy_areas(ROWS, tax, "other-2021")
    assert set(out["policy_area"]) == {UNMAPPED}
    u = unmapped_items(out, tax, "other-2021")
    assert u.iloc[0]["issue"] == "program_not_in_taxonomy" and u.iloc[0]["total"] == D("32.50")


def test_cards_without_activities_are_checked_too(tax):
    targets = pd.DataFrame([{"ph_code": "KE/PH.9.9.9", "unit": "Yeni Daire", "unit_canonical": "", "theme": "Yeni Tema"}])
    u = unmapped_items(assign_policy_areas(ROWS.iloc[:1], tax, "p"), tax, "p", targets)
    assert {"Yeni Daire", "Yeni Tema"} <= set(u["name"])


@pytest.mark.parametrize(
    "bad",
    [
        {"policy_areas": [{"id": "a"}], "programs": {"p": {"themes": {"T": "b"}}}},
        {"policy_areas": [{"id": "a"}], "programs": {"p": {"ph_overrides": {"X*": {"area": "zz"}}}}},
        {"policy_areas": [{"id": "a"}], "programs": {"p": {"basis": "aim"}}},
        {"policy_areas": [{"id": "a"}, {"id": "a"}]},
        {"policy_areas": [{"id": "a"}], "programs": {"p": {"activity_overrides": [{"ph_code": "X", "area": "a"}]}}},
    ],
)
def test_typos_in_the_file_fail_loudly(bad):
    with pytest.raises(TaxonomyError):
        parse_taxonomy(bad)


def test_missing_file_means_everything_unmapped(tmp_path):
    t = load_taxonomy(tmp_path / "none.yml")
    assert t.areas == [] and set(assign_policy_areas(ROWS, t, "p")["policy_area"]) == {UNMAPPED}


# --------------------------------------------------------------------------- the shipped file


@pytest.fixture(scope="module")
def shipped():
    return load_taxonomy(ROOT / "data" / "taxonomy.yml")


def test_shipped_taxonomy_has_about_a_dozen_labelled_areas(shipped):
    ids = shipped.area_ids
    assert 10 <= len(ids) <= 14
    assert {"transport", "environment", "urban_planning", "disaster", "public_order", "culture", "social_support", "youth_sports", "health", "administration", "it_smart_city", "rural"} <= set(ids)
    assert all(a.tr and a.en and a.description for a in shipped.areas)


def test_shipped_taxonomy_maps_every_kocaeli_service_area_and_department(shipped):
    m = shipped.mapping("kocaeli-2021")
    assert m.basis == "theme"
    for theme in ["1.1. Ulaşım Hizmetleri", "1.2.Sürdürülebilir Çevre Hizmetleri", "1.3.İmar ve Şehircilik Hizmetleri", "1.4. Kırsal ve Tarımsal Hizmetler",
                  "1.5.Afet Yönetimi Hizmetleri", "1.6.Kent ve Toplum Düzeni Hizmetleri", "2.1. Kültür ve Turizm Hizmetleri", "2.2. Gençlik, Spor ve Eğitim Hizmetleri",
                  "2.3 Sağlık ve Sosyal Hizmetler", "3.1. Kurumsal Yönetim Hizmetleri", "3.2. Akıllı Şehir Hizmetleri"]:  # fmt: skip
        assert m.theme_area(theme), theme
    assert m.ph_area("TO/PH.4.1.1")[1] == "health" and m.ph_area("TO/PH.5.1.1") is None


KUCUKCEKMECE_UNITS = """Bilgi İşlem; Çevre Koruma ve Kontrol; Destek Hizmetleri; Emlak ve İstimlak; Fen İşleri; Gençlik ve Spor Hizmetleri;
Hukuk İşleri; İmar ve Şehircilik; İnsan Kaynakları ve Eğitim; İşletme; Kadın ve Aile Hizmetleri; Kültür ve Sosyal İşler; Mali Hizmetler;
Özel Kalem; Park ve Bahçeler; Plan ve Proje; Ruhsat ve Denetim; Sosyal Yardım İşleri; Strateji Geliştirme; Teftiş Kurulu; Ulaşım Hizmetleri;
Veteriner Hizmetleri; Yapı Kontrol; Yazı İşleri; Zabıta"""


def test_shipped_taxonomy_maps_all_25_kucukcekmece_units_and_7_themes(shipped):
    m = shipped.mapping("kucukcekmece-2021")
    units = [u.strip() + " Müdürlüğü" for u in KUCUKCEKMECE_UNITS.replace("\n", " ").split(";")]
    assert len(units) == 25
    for u in units:
        assert m.unit_area(u.upper()), u  # folded: the document prints them in capitals on card pages
    for theme in ["Mekansal Gelişim", "Çevre Yönetimi", "Afet Yönetimi", "Ilçe ve Toplum Düzeni", "Kültür Hizmetleri", "Sosyal Destek Hizmetleri", "Kurumsal Gelişim ve Kapasite Yönetimi"]:
        assert m.theme_area(theme), theme
    assert m.ph_area("PH1.45.1")[1] == "transport"
    assert m.ph_area("PH8.32.4")[1] == "administration"


def test_shipped_overrides_carry_a_note(shipped):
    for prog in shipped.programs.values():
        assert all(note for _, note in prog.ph_overrides.values()), prog.program


def test_shipped_file_is_plain_yaml_with_review_instructions():
    text = (ROOT / "data" / "taxonomy.yml").read_text(encoding="utf-8")
    assert "HOW TO REVIEW" in text and "HOW TO OVERRIDE" in text
    assert yaml.safe_load(text)["programs"].keys() >= {"kocaeli-2021", "kucukcekmece-2021"}
