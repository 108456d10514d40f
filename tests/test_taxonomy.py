"""The policy-area taxonomy: matching, precedence of rules, and that nothing unmapped disappears."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.analyse.common import NOT_STATED, money_sum
from analysis.analyse.taxonomy import UNMAPPED, TaxonomyError, assign_policy_areas, load_taxonomy, parse_taxonomy, rule_summary, unit_stem, unmapped_items
from analysis.core.text import ascii_fold as fold
from analysis.core.text import name_key, tr_upper

ROOT = Path(__file__).resolve().parents[1]

DOC = {
    "policy_areas": [{"id": i, "tr": i.upper(), "en": i} for i in ("transport", "health", "social_support", "culture", "administration")],
    "shared": {
        "unit_suffixes": ["Dairesi", "Müdürlüğü"],
        "generic_words": ["Hizmetleri"],
        "units": [{"area": "transport", "names": ["Ulaşım"]}, {"area": "culture", "names": ["Kültür"], "note": "culture unit"}],
        "keywords": [{"area": "transport", "words": ["ulaşım"]}, {"area": "social_support", "words": ["sosyal"]}],
        "purpose": [{"area": "health", "words": ["tarama", "sağlık"], "note": "health work"}, {"area": "transport", "words": ["yol"]}],
    },
    "programs": {
        "p": {"corrections": [{"ph_code": "TO/PH.4.2.1", "seq": 2, "area": "administration", "note": "printed under the wrong card"},
                              {"ph_code": "XX/PH.9.9", "seq": 1, "area": "health", "note": "a correction that matches nothing"}]},
    },
}


def frame(rows: list[tuple]) -> pd.DataFrame:
    """rows: (ph_code, seq, name, ph_text, theme, unit_key, total, page)."""
    df = pd.DataFrame(rows, columns=["ph_code", "seq", "name", "ph_text", "theme", "unit_key", "total", "page"])
    df["total"] = pd.Series(list(df["total"]), dtype=object)
    return df


ROWS = frame(
    [
        ("KE/PH.1.1.1", 1, "Yol", "", "1.1. ULAŞIM HİZMETLERİ", "Ulaşım Dairesi", D("10.00"), 30),  # name, theme, unit agree
        ("TO/PH.4.1.1", 1, "Tarama", "", "Sağlık ve Sosyal Hizmetler", "Sağlık Dairesi", D("5.00"), 71),  # name beats the theme
        ("TO/PH.4.2.1", 1, "Destek", "Halk sağlığı", "Sağlık ve Sosyal Hizmetler", "Sağlık Dairesi", D("3.00"), 72),  # target beats the theme
        ("TO/Ph.4.2.1", 2, "Ofis", "", "Sağlık ve Sosyal Hizmetler", "Sağlık Dairesi", D("2.00"), 72),  # a logged correction (lower-case h)
        ("TO/PH.4.2.5", 1, "Aile", "", "Sağlık ve Sosyal Hizmetler", "Kültür Dairesi", D("1.00"), 73),  # theme beats the unit
        ("TO/PH.1.1.1", 1, "Konser", "", "Kültür ve Turizm", "Kültür Dairesi", D("4.00"), 63),  # only the unit speaks
        ("KU/PH.1.1.1", 1, "Anket", "", "", "Bilinmeyen Daire", D("7.50"), 90),  # nothing: unmapped, listed
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


def test_each_activity_gets_one_area_decided_by_purpose_first(tax):
    out = assign_policy_areas(ROWS, tax, "p")
    assert list(out["policy_area"]) == ["transport", "health", "health", "administration", "social_support", "culture", UNMAPPED]
    assert list(out["policy_area_basis"]) == ["name", "name", "target", "correction", "theme", "unit", "none"]
    assert list(out["policy_area_rule"]) == [
        "purpose_name:yol",
        "purpose_name:tarama",
        "purpose_target:sağlık",
        "correction:1",
        "shared_theme_keyword:sosyal",
        "shared_unit:Kültür",
        "unmapped",
    ]
    assert list(out["policy_area_source"]) == ["shared", "shared", "shared", "override", "shared", "shared", "unmapped"]
    # agreement of the sources: three agree / name against the theme / target against the theme / checked by hand /
    # the theme against the unit / the unit alone / nothing
    assert list(out["policy_area_confidence"]) == ["high", "low", "low", "high", "low", "low", ""]
    assert out["policy_area_evidence"].iloc[0] == "name=transport; theme=transport; unit=transport"
    # what each mapping alone would say, for the sensitivity table
    assert list(out["area_by_theme"]) == ["transport", "social_support", "social_support", "social_support", "social_support", "", ""]
    assert list(out["area_by_unit"]) == ["transport", "", "", "", "culture", "culture", ""]


def test_the_program_id_changes_nothing_but_its_logged_corrections(tax):
    mine, other = assign_policy_areas(ROWS, tax, "p"), assign_policy_areas(ROWS, tax, "another-id-2021")
    differs = [i for i in range(len(ROWS)) if mine["policy_area"].iloc[i] != other["policy_area"].iloc[i]]
    assert differs == [3] and other["policy_area"].iloc[3] == "social_support"


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


def test_corrections_that_match_nothing_are_listed(tax):
    out = assign_policy_areas(ROWS, tax, "p")
    u = unmapped_items(out, tax, "p")
    unused = u[u["issue"] == "unused_mapping"]
    assert list(zip(unused["item_type"], unused["name"], strict=True)) == [("activity_override", "XX/PH.9.9 1")]


def test_a_program_missing_from_the_file_gets_the_shared_rules_alone(tax):
    out = assign_policy_areas(ROWS, tax, "other-2021")
    assert UNMAPPED in set(out["policy_area"]) and "override" not in set(out["policy_area_source"])
    u = unmapped_items(out, tax, "other-2021")
    assert "program_not_in_taxonomy" not in set(u["issue"])
    assert money_sum(u.loc[u["item_type"] == "activity", "total"]) == D("7.50")  # every unmapped lira listed


def test_cards_without_activities_are_checked_too(tax):
    targets = pd.DataFrame([{"ph_code": "KE/PH.9.9.9", "unit": "Yeni Daire", "unit_canonical": "", "theme": "Yeni Tema"}])
    u = unmapped_items(assign_policy_areas(ROWS.iloc[:1], tax, "p"), tax, "p", targets)
    assert {"Yeni Daire", "Yeni Tema"} <= set(u["name"])


@pytest.mark.parametrize(
    "bad",
    [
        {"policy_areas": [{"id": "a"}], "programs": {"p": {"themes": {"T": "a"}}}},  # a program may not classify its own way
        {"policy_areas": [{"id": "a"}], "programs": {"p": {"corrections": [{"ph_code": "X", "seq": 1, "area": "zz", "note": "n"}]}}},
        {"policy_areas": [{"id": "a"}], "programs": {"p": {"basis": "theme"}}},
        {"policy_areas": [{"id": "a"}, {"id": "a"}]},
        {"policy_areas": [{"id": "a"}], "programs": {"p": {"corrections": [{"ph_code": "X", "area": "a", "note": "n"}]}}},
        {"policy_areas": [{"id": "a"}], "shared": {"purpose": [{"area": "zz", "words": ["yol"]}]}},
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


KOCAELI_SERVICE_AREAS = {  # read from the document: each service area is already a policy area
    "1.1. Ulaşım Hizmetleri": "transport", "1.2.Sürdürülebilir Çevre Hizmetleri": "environment",
    "1.3.İmar ve Şehircilik Hizmetleri": "urban_planning", "1.4. Kırsal ve Tarımsal Hizmetler": "rural",
    "1.5.Afet Yönetimi Hizmetleri": "disaster", "1.6.Kent ve Toplum Düzeni Hizmetleri": "public_order",
    "2.1. Kültür ve Turizm Hizmetleri": "culture", "2.2. Gençlik, Spor ve Eğitim Hizmetleri": "youth_sports",
    "2.3 Sağlık ve Sosyal Hizmetler": "social_support", "3.1. Kurumsal Yönetim Hizmetleri": "administration",
    "3.2. Akıllı Şehir Hizmetleri": "it_smart_city",
}  # fmt: skip


def test_shared_keywords_map_every_kocaeli_service_area(shipped):
    for theme, area in KOCAELI_SERVICE_AREAS.items():
        rule = shipped.theme_rule("kocaeli-2021", theme)
        assert rule is not None and rule.source == "shared" and rule.area == area, theme
        assert shipped.theme_rule("a-program-never-seen", theme).area == area, theme


# Küçükçekmece's 25 units, and the area each one's name says (by hand, from the norm-staff regulation's duties)
KUCUKCEKMECE_UNITS = {
    "Bilgi İşlem": "it_smart_city", "Çevre Koruma ve Kontrol": "environment", "Destek Hizmetleri": "administration",
    "Emlak ve İstimlak": "urban_planning", "Fen İşleri": "transport", "Gençlik ve Spor Hizmetleri": "youth_sports",
    "Hukuk İşleri": "administration", "İmar ve Şehircilik": "urban_planning", "İnsan Kaynakları ve Eğitim": "administration",
    "İşletme": "administration", "Kadın ve Aile Hizmetleri": "social_support", "Kültür ve Sosyal İşler": "culture",
    "Mali Hizmetler": "administration", "Özel Kalem": "administration", "Park ve Bahçeler": "environment",
    "Plan ve Proje": "urban_planning", "Ruhsat ve Denetim": "public_order", "Sosyal Yardım İşleri": "social_support",
    "Strateji Geliştirme": "administration", "Teftiş Kurulu": "administration", "Ulaşım Hizmetleri": "transport",
    "Veteriner Hizmetleri": "health", "Yapı Kontrol": "urban_planning", "Yazı İşleri": "administration", "Zabıta": "public_order",
}  # fmt: skip


def test_shared_rules_map_all_25_kucukcekmece_units_and_7_themes(shipped):
    assert len(KUCUKCEKMECE_UNITS) == 25
    for unit, area in KUCUKCEKMECE_UNITS.items():
        # folded: the document prints them in capitals on card pages
        assert shipped.shared.unit_rule(tr_upper(unit + " Müdürlüğü")).area == area, unit
    # no program maps a unit its own way any more: the same answer under any id
    assert shipped.unit_rule("kucukcekmece-2021", "FEN İŞLERİ MÜDÜRLÜĞÜ").area == "transport"
    themes = {"Mekansal Gelişim": "urban_planning", "Çevre Yönetimi": "environment", "Afet Yönetimi": "disaster", "Ilçe ve Toplum Düzeni": "public_order",
              "Kültür Hizmetleri": "culture", "Sosyal Destek Hizmetleri": "social_support", "Kurumsal Gelişim ve Kapasite Yönetimi": "administration"}
    for theme, area in themes.items():
        assert shipped.theme_rule("kucukcekmece-2021", theme).area == area, theme


# The standard unit names of Turkish municipalities (norm-staff regulation) and the area each one's duties belong to.
STANDARD_UNITS = {
    "Fen İşleri": "transport", "Zabıta": "public_order", "Park ve Bahçeler": "environment", "İtfaiye": "disaster",
    "Kültür ve Sosyal İşler": "culture", "Destek Hizmetleri": "administration", "İmar ve Şehircilik": "urban_planning",
    "Temizlik İşleri": "environment", "Çevre Koruma ve Kontrol": "environment", "Ulaşım Hizmetleri": "transport",
    "Mali Hizmetler": "administration", "İnsan Kaynakları ve Eğitim": "administration", "Bilgi İşlem": "it_smart_city",
    "Hukuk İşleri": "administration", "Yazı İşleri": "administration", "Strateji Geliştirme": "administration",
    "Sosyal Destek Hizmetleri": "social_support", "Kentsel Dönüşüm": "urban_planning", "Emlak ve İstimlak": "urban_planning",
    "Veteriner İşleri": "health", "Sağlık İşleri": "health", "Plan ve Proje": "urban_planning", "Yapı Kontrol": "urban_planning",
    "Ruhsat ve Denetim": "public_order", "Afet İşleri": "disaster", "Gençlik ve Spor": "youth_sports",
    "Kadın ve Aile Hizmetleri": "social_support", "Basın Yayın ve Halkla İlişkiler": "administration", "Özel Kalem": "administration",
    "Teftiş Kurulu": "administration", "İklim Değişikliği ve Sıfır Atık": "environment", "Muhtarlık İşleri": "administration",
    "Dış İlişkiler": "administration", "Rehberlik ve Teftiş": "administration", "Park Bahçe": "environment",
    "Su ve Kanalizasyon": "environment", "Toplu Taşıma": "transport", "Trafik": "transport",
}  # fmt: skip


@pytest.mark.parametrize("form", ["{} Müdürlüğü", "{} Dairesi Başkanlığı", "{} Daire Başkanlığı", "Örnekköy Belediyesi {} Müdürlüğü",
                                  "T.C. Örnek Büyükşehir Belediyesi {} Dairesi Başkanlığı", "UPPER {} Müdürlüğü", "{}"])
def test_every_standard_unit_name_maps_in_every_form(shipped, form):
    for name, area in STANDARD_UNITS.items():
        printed = tr_upper(form[6:].format(name)) if form.startswith("UPPER ") else form.format(name)
        rule = shipped.unit_rule("a-program-never-seen", printed)
        assert rule is not None and (rule.area, rule.source) == (area, "shared"), printed


def test_program_entries_are_only_logged_corrections_with_a_note(shipped):
    """A program's section may hold corrections of the document's own errors, never another way to classify."""
    for prog in shipped.programs.values():
        assert not (prog.basis or prog.themes or prog.units or prog.ph_overrides), prog.program
        assert all(o.get("note") for o in prog.activity_overrides), prog.program


def test_shipped_file_is_plain_yaml_with_review_instructions():
    text = (ROOT / "data" / "taxonomy.yml").read_text(encoding="utf-8")
    assert "HOW TO REVIEW" in text and "HOW TO OVERRIDE" in text
    doc = yaml.safe_load(text)
    assert doc["programs"].keys() >= {"kocaeli-2021", "kucukcekmece-2021"}
    assert doc["shared"]["units"] and doc["shared"]["keywords"]


# --------------------------------------------------------------------------- shared rules, on a small file

SHARED_DOC = {
    "policy_areas": DOC["policy_areas"],
    "shared": {
        "unit_suffixes": ["Müdürlüğü", "Dairesi Başkanlığı"],
        "generic_words": ["Hizmetleri", "İşleri"],
        "units": [{"area": "transport", "names": ["Ulaşım Hizmetleri"], "note": "roads"}, {"area": "culture", "names": ["Kültür"], "note": "arts"}],
        "keywords": [{"area": "culture", "words": ["kültür"]}, {"area": "social_support", "words": ["sosyal"]}, {"area": "health", "words": ["sağlık"]}],
    },
    "programs": {"p": {"corrections": [{"ph_code": "A4", "seq": 1, "area": "social_support", "note": "runs the soup kitchen"}]}},
}


def test_unit_stems_drop_the_municipality_the_suffix_and_one_generic_word():
    suffixes, generic = ("dairesi baskanligi", "mudurlugu"), ("hizmetleri", "isleri")
    for printed in ["Ulaşım Hizmetleri Müdürlüğü", "ULAŞIM DAİRESİ BAŞKANLIĞI", "Konak Belediyesi Ulaşım Müdürlüğü", "1.2. Ulaşım Hizmetleri"]:
        assert unit_stem(printed, suffixes, generic) == "ulasim", printed
    assert unit_stem("Kültür ve Sosyal İşler Müdürlüğü", suffixes, ("isler",)) == "kultur ve sosyal"
    assert unit_stem("Müdürlüğü", suffixes, generic) == "mudurlugu"  # a bare suffix is left alone


def test_shared_rules_apply_to_a_program_with_no_entry_and_say_so():
    tax = parse_taxonomy(SHARED_DOC)
    rows = frame([
        ("A1", 1, "Yol", "", "Sosyal Destek", "Ulaşım Müdürlüğü", D("10.00"), 1),  # the theme beats the unit's standard name
        ("A2", 1, "Konser", "", "Kültür ve Sosyal Yaşam", "Yeni Bir Birim", D("4.00"), 2),  # theme keyword, first group wins
        ("A3", 1, "Tarama", "", "", "Halk Sağlığı Müdürlüğü", D("3.00"), 3),  # no standard name: keyword on the unit
        ("A4", 1, "Dans", "", "", "Kültür Müdürlüğü", D("2.00"), 4),  # standard name (a correction only for `p`)
        ("A5", 1, "?", "", "Başka", "Başka Birim", D("1.00"), 5),
    ])  # fmt: skip
    new = assign_policy_areas(rows, tax, "never-seen-2021")
    assert list(new["policy_area"]) == ["social_support", "culture", "health", "culture", UNMAPPED]
    assert list(new["policy_area_rule"]) == ["shared_theme_keyword:sosyal", "shared_theme_keyword:kültür", "shared_unit_keyword:sağlık",
                                             "shared_unit:Kültür", "unmapped"]  # fmt: skip
    assert list(new["policy_area_source"]) == ["shared"] * 4 + ["unmapped"]
    assert list(new["policy_area_confidence"]) == ["low", "medium", "low", "low", ""]
    assert list(assign_policy_areas(rows, tax, "p")["policy_area_rule"])[3] == "correction:1"
    summary = rule_summary(assign_policy_areas(rows, tax, "p"), tax, "p")
    assert list(summary["policy_area_source"]) == ["override", "shared", "shared", "shared", "unmapped"]
    assert summary["note"].iloc[0] == "runs the soup kitchen"
    assert rule_summary(new, tax, "never-seen-2021").set_index("policy_area_rule").loc["shared_unit:Kültür", "note"] == "arts"
    assert money_sum(summary["total"]) == D("20.00")


@pytest.mark.parametrize(
    "shared",
    [
        {"units": [{"area": "transport", "names": ["Fen İşleri"]}, {"area": "culture", "names": ["Fen İşleri Müdürlüğü"]}]},  # one stem, two areas
        {"units": [{"area": "nowhere", "names": ["Fen"]}]},
        {"keywords": [{"area": "nowhere", "words": ["yol"]}]},
        {"units": [{"names": ["Fen"]}]},
        {"basis": "aim"},
    ],
)
def test_mistakes_in_the_shared_rules_fail_loudly(shared):
    with pytest.raises(TaxonomyError):
        parse_taxonomy({"policy_areas": DOC["policy_areas"], "shared": {"unit_suffixes": ["Müdürlüğü"], "generic_words": ["İşleri"], **shared}})
