"""Plain-language names for the reconciliation checks, in Turkish and English, the sentence for a mismatch, and
what each side of a check is (for the captions of its crops and the legend of a text difference)."""

from __future__ import annotations

import re

from analysis.core.text import tr_lower, tr_upper

CHECK_LABELS = {
    # check id prefix -> (Turkish, English); the longest matching prefix wins
    # grid layout (Kocaeli)
    "card_total": ("Kartın Genel Toplam satırı, faaliyet satırlarının toplamıyla", "A card's Genel Toplam row vs the sum of its activity rows"),
    "card_econ": ("Kartın Genel Toplam satırında bir ekonomik kod sütunu, faaliyet satırlarıyla", "One economic-code column of a card's Genel Toplam vs its activity rows"),
    "activity_total": ("Bir faaliyetin toplamı, ekonomik kod kırılımıyla", "An activity's total vs its economic-code parts"),
    "department_vs_cards": ("Daire tablosunun Genel Toplam satırı, kartlarla", "The department table's Genel Toplam vs the cards"),
    "department": ("Daire tablosundaki bir birimin satırı, o birimin kartlarıyla", "A department's row in the department table vs its cards"),
    "admin_activity_vs_card": ("İdare düzeyindeki faaliyet tablosunun bir satırı, kartındaki faaliyetle", "A row of the administration-level activity table vs the card's activity"),
    "admin_vs_cards": ("İdare Performans Tablosunun toplamı, kartlarla", "The İdare Performans Tablosu's total vs the cards"),
    "admin_activities_share": ("Faaliyetler tablosunda yazan pay, tutarlardan hesaplanan payla", "A share printed in the activities table vs the share computed from the amounts"),
    "admin_genel_toplam": ("İdare Performans Tablosunun Genel Toplam satırı, kapanış satırlarıyla", "The İdare Performans Tablosu's Genel Toplam vs its closing rows"),
    "admin_performance_targets_total": ("Performans Hedefleri Maliyet Toplamı, satırlarıyla", "Performans Hedefleri Maliyet Toplamı vs its rows"),
    "admin_row_total": ("İdare Performans Tablosunda bir satırın bütçe içi + bütçe dışı, toplamıyla", "A row's in-budget + off-budget vs its total in the İdare Performans Tablosu"),
    "admin_subtotal_share": ("İdare Performans Tablosunda bir ara toplamın yazılı payı", "A subtotal's printed share in the İdare Performans Tablosu"),
    "admin_subtotal": ("İdare Performans Tablosunda tema / hizmet alanı ara toplamı, satırlarıyla", "A theme / service-area subtotal vs its rows in the İdare Performans Tablosu"),
    "admin_table_sum": ("Faaliyetler tablosunun TOPLAM satırı, satırlarıyla", "The activities table's TOPLAM row vs its rows"),
    "econ_table": ("Toplam Kaynak İhtiyacı Tablosu, kartlarla", "The economic-code table vs the cards"),
    "text_counts": ("Metinde yazan sayı, tablolardaki satırlarla", "A count stated in the text vs the rows"),
    # card layout (Küçükçekmece)
    "activity_row_sum": ("Kart faaliyetinde bütçe + bütçe dışı, toplamla", "A card activity's budget + off-budget vs its total"),
    "activity_vs_unit_summary": ("Kart faaliyeti, birimin kaynak ihtiyacı tablosundaki satırla", "A card activity vs its row in the unit's resource table"),
    "activity_name_vs_unit_summary": ("Faaliyet adı, birimin kaynak ihtiyacı tablosundaki adla", "An activity's name vs its name in the unit's resource table"),
    "activity_name_vs_admin_table": ("Faaliyet adı, idarenin faaliyetler tablosundaki adla", "An activity's name vs its name in the administration's activity table"),
    "unit_summary_row_sum": ("Birim kaynak tablosunda bir satırın ekonomik kodları, satır toplamıyla", "A row's economic codes in a unit resource table vs the row total"),
    "unit_summary_column_sum": ("Birim kaynak tablosunun TOPLAM satırı, sütun toplamıyla", "A unit resource table's TOPLAM row vs its column"),
    "unit_summary_vs_unit_totals_table": ("Birim kaynak tablosu, müdürlüklerin toplam tablosuyla", "A unit resource table vs the units' totals table"),
    "unit_cards_vs_unit_totals_table": ("Birimin kartları, müdürlüklerin toplam tablosuyla", "A unit's cards vs the units' totals table"),
    "unit_cards_vs_unit_summary_total": ("Birimin kartları, birim kaynak tablosunun TOPLAM satırıyla", "A unit's cards vs its resource table's TOPLAM"),
    "unit_totals_share": ("Müdürlüklerin toplam tablosunda yazan pay, tutarlardan hesaplananla", "A share in the units' totals table vs the amounts"),
    "unit_totals_table_sum": ("Müdürlüklerin toplam tablosunun TOPLAM satırı, satırlarıyla", "The units' totals table's TOPLAM vs its rows"),
    "economic_code_table": ("Ekonomik kod tablosunun kendi toplamları", "The economic-code table's own sums"),
    "economic_code_vs_unit_summaries": ("Ekonomik kod tablosu, birim kaynak tablolarıyla", "The economic-code table vs the unit resource tables"),
    "economic_code_vs_activities": ("Ekonomik kod tablosu, faaliyetlerin kod tutarlarıyla", "The economic-code table vs the activities' code amounts"),
    "program_total": ("Belgenin toplam kaynak ihtiyacı, başka bir tablodaki toplamla", "The document's total resource need vs another table's total"),
    "relationship_vs_card": ("Amaç-hedef ilişkilendirme tablosu, kartla", "The aim-target relationship table vs the card"),
    "aim_section_vs_card": ("Amaçlara göre bölümdeki hedef, kartla", "A target in the aim-organised section vs the card"),
    "aim_section_indicator_value": ("Amaçlara göre bölümdeki gösterge değeri, karttaki değerle", "An indicator value in the aim-organised section vs the card"),
    "aim_section_indicator_code": ("Amaçlara göre bölümdeki gösterge kodu, karttaki kodla", "An indicator code in the aim-organised section vs the card"),
    "aim_section_indicator_text": ("Amaçlara göre bölümdeki gösterge adı, karttaki adla", "An indicator name in the aim-organised section vs the card"),
    "theme_list_vs_card": ("Tema, amaç ve hedef listesi, kartla", "The theme/aim/target list vs the card"),
}

# Checks whose two sides are both printed values (not a printed total against a sum of rows):
# how to name each side in a sentence.
CHECK_SIDES = {
    "aim_section_indicator_value": (("amaçlara göre bölümde", "kartta"), ("the aim-organised section prints", "the card prints")),
    "admin_activity_vs_card": (("idare düzeyindeki tabloda", "kartta"), ("the administration-level table prints", "the card prints")),
    "activity_vs_unit_summary": (("birimin kaynak tablosunda", "kartta"), ("the unit's resource table prints", "the card prints")),
}

# Checks of two printed strings: where side a and side b are printed (text_a, text_b), in Turkish and English.
TEXT_SIDES = {
    "activity_name_vs_unit_summary": (("kartta", "birimin kaynak ihtiyacı tablosunda"), ("the card", "the unit's resource table")),
    "activity_name_vs_admin_table": (("kartta", "idarenin faaliyetler tablosunda"), ("the card", "the administration's activity table")),
    "relationship_vs_card": (("kartta", "amaç-hedef ilişkilendirme tablosunda"), ("the card", "the aim-target relationship table")),
    "theme_list_vs_card": (("kartta", "tema, amaç ve hedef listelerinde"), ("the card", "the theme/aim/target lists")),
    "theme_list_vs_aim_section": (("tema, amaç ve hedef listesinde", "amaçlara göre bölümde"), ("the theme/aim/target list", "the aim-organised section")),
    "aim_section": (("kartta", "amaçlara göre bölümde"), ("the card", "the aim-organised section")),
}


def side_names(check: str, lang: str = "tr", capital: bool = True) -> tuple[str, str]:
    """What side a and side b of a check are, as captions: `Kartta` / `Birimin kaynak ihtiyacı tablosunda`,
    or for a printed total against rows `Belgede yazan` / `Karşılaştırılan satırlar` (`capital=False`: as
    they read inside a sentence)."""
    k = 0 if lang == "tr" else 1
    text = next((v for key, v in TEXT_SIDES.items() if check.startswith(key)), None)
    if text:
        a, b = text[k]
    else:
        sides = next((v for key, v in CHECK_SIDES.items() if check.startswith(key)), None)
        if sides:
            a, b = sides[k]
            if lang != "tr":
                a, b = a.removesuffix(" prints"), b.removesuffix(" prints")
        else:
            a, b = ("belgede yazan", "karşılaştırılan satırlar") if lang == "tr" else ("printed in the document", "what it is compared with")
    if not capital:
        return a, b
    return tr_upper(a[:1]) + a[1:], tr_upper(b[:1]) + b[1:]


def mismatch_sentence(check: str, stated: str, computed: str, difference: str, lang: str = "tr") -> str:
    """`belge X diyor, satırlar Y ediyor (fark Z)`, or for two printed values `A'da X, B'de Y yazıyor`."""
    sides = next((v for k, v in CHECK_SIDES.items() if check.startswith(k)), None)
    if sides:
        a, b = sides[0 if lang == "tr" else 1]
        if lang == "tr":
            return f"{a} {stated}, {b} {computed} yazıyor (fark {difference})"
        return f"{a} {stated}, {b} {computed} (difference {difference})"
    if lang == "tr":
        return f"belge {stated} diyor, satırlar {computed} ediyor (fark {difference})"
    return f"the document says {stated}, its rows add up to {computed} (difference {difference})"

def check_label(check: str, lang: str = "tr") -> str:
    """A plain-language name for a reconciliation check id (the id itself when unknown)."""
    best = max((k for k in CHECK_LABELS if check.startswith(k)), key=len, default=None)
    return CHECK_LABELS[best][0 if lang == "tr" else 1] if best else check

STATUS_TR = {"ok": "tutuyor", "mismatch": "tutmuyor", "missing": "karşılığı yok"}


SCOPE_WORDS_TR = {
    "activities_total": "faaliyetlerin toplamı", "transfers_to_other_administrations": "diğer idarelere transferler", "general_total": "genel toplam",
    "performance_targets_total": "performans hedefleri toplamı", "general_administration_total": "genel yönetim giderleri toplamı",
    "transfers_total": "transferler toplamı", "total_resource_need": "toplam kaynak ihtiyacı", "budget_total": "bütçe içi toplam",
    "off_budget_doner_sermaye": "bütçe dışı: döner sermaye", "off_budget_diger_yurt_ici": "bütçe dışı: diğer yurt içi",
    "off_budget_yurt_disi": "bütçe dışı: yurt dışı", "off_budget_total": "bütçe dışı toplam", "off_budget": "bütçe dışı", "budget": "bütçe içi",
    "total": "toplam", "row": "satır", "card": "kart",
}
"""The extractors' scope words (`Bilgi İşlem Müdürlüğü econ_01`, `row 172: …`), as a Turkish page shows them."""
_SCOPE_WORD = re.compile(r"\b(econ_(\d{2})|" + "|".join(sorted(map(re.escape, SCOPE_WORDS_TR), key=len, reverse=True)) + r")\b")
_CHECK_REF = re.compile(r"\b([a-z]+(?:_[a-z0-9]+)+)\b( \S+?)?(?=;|\.?\s|\.?$)")


def scope_text(scope: str, lang: str = "tr") -> str:
    """A check's scope for a Turkish page: `Bilgi İşlem Müdürlüğü econ_01` -> `Bilgi İşlem Müdürlüğü ekonomik kod 01`."""
    if lang != "tr":
        return scope
    return _SCOPE_WORD.sub(lambda m: f"ekonomik kod {m.group(2)}" if m.group(2) else SCOPE_WORDS_TR[m.group(1)], scope)


def note_with_labels(note: str, lang: str = "tr") -> str:
    """A note naming other checks by id (`Aynı fark şu bulguda da var: card_total TO/PH.2.1.1`) with their plain names instead."""
    def name(m: re.Match) -> str:
        label = check_label(m.group(1), lang)
        if label == m.group(1):
            return m.group(0)
        return f"{tr_lower(label[:1]) + label[1:] if lang == 'tr' else label}{f' ({m.group(2).strip()})' if m.group(2) else ''}"

    return _CHECK_REF.sub(name, note)
