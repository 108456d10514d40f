"""The data dictionary's parts beyond the contract: the `programs` table, every analysis table, the licence.

The contract tables are described by the packages' own `datapackage.json` (`analysis.site.generated`).
The analysis tables (`data/analysis/<program>/*.csv`, also in `downloads/programs.duckdb`) are listed
here from the tables themselves (`analysis.site.database.analysis_tables`: their columns and SQL types,
so a new column is never missing), with a sentence per table and per column from TABLE_DOCS and
COLUMN_DOCS. Takes the paths and programs; returns Markdown (Turkish).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from analysis.core.escape import md_text
from analysis.site.database import COMPARISON_PREFIX, analysis_tables, column_type

if TYPE_CHECKING:
    from analysis.core.catalog import Program
    from analysis.core.paths import Paths

__all__ = ["CONTRACT_TR", "analysis_dictionary_markdown", "contract_description", "licence_markdown", "programs_table_markdown"]

TYPE_WORDS = {"DECIMAL(18,2)": "para (TL, kesin)", "BIGINT": "tam sayı", "DOUBLE": "sayı", "VARCHAR": "metin"}

TABLE_DOCS = {
    "overview": "Programın tek satırlık özeti: kim, ne zaman, ne kadar, kaç hedef, gösterge, faaliyet ve denetim.",
    "units": "Sorumlu birim başına hedef, gösterge ve faaliyet sayısı ile faaliyetlerin toplamı.",
    "budget_by_theme": "Belgenin kendi temalarına göre faaliyet bütçesi; payı iki paydayla ve belgenin kendi yazdığı pay.",
    "budget_by_theme_group": "Tema gruplarına göre faaliyet bütçesi (belgede tema grubu varsa).",
    "budget_by_aim": "Stratejik amaçlara göre faaliyet bütçesi.",
    "budget_by_unit": "Birimlere göre faaliyet bütçesi.",
    "budget_by_econ": "Birinci düzey ekonomik kodlara göre tutarlar: faaliyetlerde ve belgenin ekonomik kod tablosunda.",
    "budget_by_econ_class": "Cari ve sermaye giderleri: faaliyetlerde ve bütün bütçede.",
    "budget_by_policy_area": "Ortak politika alanlarına göre faaliyet bütçesi (programlar arası karşılaştırmanın temeli).",
    "activity_policy_areas": "Her faaliyetin politika alanı ve onu belirleyen kural.",
    "policy_area_rules": "Politika alanını belirleyen her kural, bağladığı faaliyet ve para.",
    "policy_area_sensitivity": "Tema ile ve birim ile eşleştirmenin politika alanı paylarını nasıl değiştirdiği.",
    "budget_concentration": "Faaliyetler arasında paranın yoğunlaşması (en büyük 10 faaliyet, Herfindahl-Hirschman endeksi).",
    "top_activities": "En büyük 10 faaliyet.",
    "zero_budget_activities": "Kaynak ihtiyacı 0 TL yazılan ya da hiç yazılmayan faaliyetler (`reason`).",
    "budget_per_target": "Performans hedefi başına faaliyet bütçesi ve gösterge başına tutar.",
    "taxonomy_unmapped": "Hiçbir politika alanı kuralının eşleştirmediği temalar ve birimler.",
    "indicator_ambition": "Her göstergenin hedefi, başlangıç değeri, yönü ve hedefin başlangıca göre durumu.",
    "indicator_direction_summary": "Göstergelerin yönü (yüksek mi iyi, düşük mü) ve hangi kuralla belirlendiği.",
    "ambition_summary": "Hedeflerin iddiası, bütün program için.",
    "ambition_by_unit": "Hedeflerin iddiası, birim birim.",
    "ambition_by_theme": "Hedeflerin iddiası, tema tema.",
    "ambition_by_policy_area": "Hedeflerin iddiası, politika alanı alanı.",
    "indicator_quality": "Göstergelerin nitelikleri: hedef başına sayı, türleri, geçmiş değeri olanlar.",
    "indicator_type_mix": "Gösterge türlerinin dağılımı (çıktı, sonuç, kalite, verimlilik, girdi).",
    "budget_vs_ambition": "Bütçesi büyük ve küçük birimlerin/temaların hedef iddiası.",
    "key_figures": "Sayfalarda geçen başlıca ölçüler, bir satırda bir ölçü.",
    "contradictions": "Belgenin kendi içindeki her çelişki: türü, yazım hatası mı, aynı nedeni paylaşan denetimler (`reconciliation` satırına `row` ile bağlı).",
    "contradiction_kinds": "Çelişkilerin türlerine göre sayısı, neden sayısı, yazım hataları ve en büyük fark.",
    "ocr_values": "Taranmış sayfalardan OCR ile okunan her değer, güveni ve notu.",
    "comparison_program_summary": "Program başına bir satır: başlıca ölçüler ve benzer belediyeler içindeki sırası.",
    "comparison_budget_by_policy_area": "Program × politika alanı: tutar, faaliyetlere bağlanan para içindeki ve bütçe içindeki pay.",
    "comparison_policy_area_shares": "Politika alanlarının bütçe (toplam kaynak ihtiyacı) içindeki payları, her program bir sütun.",
    "comparison_peer_groups": "Benzer belediyeler grubu × politika alanı: bütçe içindeki payın ortancası, en düşüğü ve en yükseği.",
    "comparison_peer_group_summary": "Benzer belediyeler grubu başına ortancalar.",
    "comparison_budget_summary": "Program başına bütçe ölçüleri.",
    "comparison_programs": "Programların `overview` satırları alt alta.",
    "series_index": "Birden çok yılın programı olan her belediye (seri) için bir satır: programları, yılları, hedeflerin durumları ve tutturma oranı.",
    "series_programs": "Serinin her programı ve sütunlarının başlıktan okunan yılları (gerçekleşme, tahmin ya da kısmi gerçekleşme, hedef).",
    "series_matches": "Aynı belediyenin bir ya da iki yıl arayla iki programı arasında her gösterge, performans hedefi ve faaliyet: eşleşti "
                      "(`method`: `code` ya da `name`, `score` 0–100), belirsiz (`candidates`) ya da karşılığı yok.",
    "series_delivery": "Her gösterge ve hedef yılı için: hedef (N programı), ilk tahmin (N+1), gerçekleşen (N+2), sayfalarıyla, ve durumu (`status`).",
    "series_delivery_summary": "Durumlara göre gösterge sayıları ve tutturma oranı: seri, hedefi koyan program, politika alanı ve birim başına.",
    "series_activity_budgets": "İki ardışık programda eşleşen faaliyetler: N'de planlanan ve N+1'de yeniden planlanan tutar.",
}

COLUMN_DOCS = {
    "program": "Programın kimliği (`<belediye>-<yıl>`, data/catalog.yml).",
    "total": "Tutar (TL): faaliyetlerin toplam kaynak ihtiyacı (bütçe içi + bütçe dışı).",
    "budget": "Bütçe içi tutar (TL).",
    "off_budget": "Bütçe dışı tutar (TL).",
    "share": "Pay, 0–1 arası: **faaliyetlere bağlanan paranın** (faaliyetlerin toplamının) içindeki pay.",
    "share_of_budget": "Pay, 0–1 arası: **bütçenin tamamı** (belgenin yazdığı toplam kaynak ihtiyacı) içindeki pay. Programlar arasında yalnızca bu pay karşılaştırılır.",
    "stated_share": "Belgenin kendi yazdığı pay (0–1; belgede yüzde olarak basılı), bütçe içinde.",
    "stated_share_page": "Belgenin kendi payını yazdığı sayfa (okunan baskının sayfası).",
    "stated_share_box": "O payın sayfadaki kutusu (`x0,top,x1,bottom`, PDF noktası).",
    "activities": "Faaliyet sayısı.",
    "targets": "Performans hedefi sayısı.",
    "indicators": "Gösterge sayısı.",
    "pages": "Satırların basılı olduğu sayfalar (okunan baskının).",
    "page": "Satırın basılı olduğu sayfa (okunan baskının).",
    "box": "Satırın sayfadaki kutusu (`x0,top,x1,bottom`, PDF noktası).",
    "rank": "Sıra (1 = en çok para).",
    "zero_total_activities": "Kaynak ihtiyacı 0 yazılan faaliyet sayısı.",
    "missing_total_activities": "Kaynak ihtiyacı yazılmamış faaliyet sayısı.",
    "policy_area": "Ortak politika alanının kimliği (data/taxonomy.yml).",
    "label_tr": "Türkçe adı.",
    "label_en": "İngilizce adı.",
    "unit": "Sorumlu birim.",
    "theme": "Belgenin kendi teması / hizmet alanı.",
    "comparable": "Hedefi başlangıç değeriyle karşılaştırılabilen gösterge sayısı.",
    "share_improves": "Karşılaştırılabilir göstergeler içinde hedefi başlangıçtan iyi olanların payı (0–1).",
    "kind": "Tür (tabloya göre: gösterge türü, çelişki türü ya da belediye türü).",
    "row": "`reconciliation` tablosundaki satır numarası (0'dan).",
    "misprint": "İki sayı yalnızca basamak kaymasıyla ya da basamak sırasıyla ayrılıyorsa doğru (yazım hatası).",
    "cause": "Aynı farkı gösteren denetimlerin ortak neden numarası.",
    "cause_rows": "Aynı nedeni paylaşan denetim sayısı.",
    "transport_share": "Ulaşımın faaliyetlere bağlanan para içindeki payı (0–1).",
    "transport_share_of_budget": "Ulaşımın bütçe (toplam kaynak ihtiyacı) içindeki payı (0–1).",
    "total_resource_need": "Belgenin yazdığı toplam kaynak ihtiyacı (TL).",
    "reconciliation_mismatches": "Tutmayan denetim sayısı (her türden).",
    "money_mismatches": "Tutmayan para toplamı sayısı.",
    "series": "Belediyenin anahtarı (`kocaeli`): aynı anahtarlı farklı yılların programları bir seridir.",
    "status": "Hedefin durumu: `met`, `partly_met`, `missed`, `not_reported`, `dropped`, `unresolved`, `not_judged`, `no_target`, `pending` (yöntem sayfasında).",
    "delivery_rate": "Tutturma oranı (0–1): gerçekleşen / (gerçekleşen + kısmen + gerçekleşmeyen).",
    "delivery_judged": "Gerçekleşmesi raporlanmış ve sayısal hedefli gösterge sayısı (gerçekleşen + kısmen + gerçekleşmeyen).",
    "method": "Eşleşmenin yolu: `code` (aynı kod, benzer ad) ya da `name` (ad, ölçü birimi, hedef metni); OCR tablolarında okuma yöntemi.",
    "score": "Eşleşmenin puanı (0–100, rapidfuzz benzerliği).",
    "gap": "(gerçekleşen − hedef) / |hedef|, sıfırın altı hedefin gerisinde kalmak demek (yöne göre işaretli).",
    "revision": "Gerçekleşen − ilk tahmin: tahminin sonradan ne kadar düzeltildiği.",
}


_BOX = "sayfadaki kutunun {edge} kenarı, PDF noktası olarak sayfanın sol üst köşesinden (pdfplumber'ın ölçtüğü gibi); metin baskısında boş."
_OCR = {
    "method": "Nasıl okundu: `text` (PDF'in metin katmanı ya da metin baskısı) veya `ocr` (taranmış sayfa, OCR ile).",
    "ocr_confidence": "`ocr` için tesseract'ın güveni (0-100), sözcüklerinin en düşüğü; okumanın yeri bulunamadıysa boş.",
    "ocr_note": "`ocr` için OCR onarımının neyi değiştirdiği (okunanla birlikte) ya da okumanın neden belirsiz olduğu (`OCR-uncertain: ...`).",
}
CONTRACT_TR = {
    "program": "Programın kimliği, `<belediye>-<yıl>`.",
    "page": "Okunan baskının sayfası (1'den); metin baskısında boş.",
    "card_seq": "Kartın belgedeki sırası (1'den).",
    "x0": "Sol kenar: " + _BOX.format(edge="sol"), "top": "Üst kenar: " + _BOX.format(edge="üst"),
    "x1": "Sağ kenar: " + _BOX.format(edge="sağ"), "bottom": "Alt kenar: " + _BOX.format(edge="alt"),
    **_OCR,
    "performance_targets.ph_code": "Performans hedefinin kodu, basıldığı gibi, düzgünleştirilmiş (`KE/PH.1.1.1`, `PH9.62.1`).",
    "performance_targets.ph_text": "Performans hedefinin metni.",
    "performance_targets.unit": "Sorumlu birim (Müdürlük / Daire Başkanlığı), basıldığı gibi.",
    "performance_targets.aim_code": "Stratejik amacın kodu.", "performance_targets.aim_text": "Stratejik amacın metni.",
    "performance_targets.goal_code": "Stratejik hedefin kodu.", "performance_targets.goal_text": "Stratejik hedefin metni.",
    "performance_targets.theme": "Belgenin kendi teması / hizmet alanı.",
    "performance_targets.theme_group": "Belgede varsa temanın üstündeki grup (Kocaeli: `Kentsel Dönüşüm`).",
    "unit_canonical": "Aynı birimin yazım farkları birleştirilmiş adı (gruplamak için).",
    "performance_targets.ph_code_raw": "Kod, düzgünleştirilmeden, tam basıldığı gibi.",
    "performance_targets.note": "Okuyucunun bu kartta fark ettiği (ör. amaç hücresinde hedef yazıyor).",
    "indicators.ph_code": "Göstergenin bağlı olduğu kart.", "activities.ph_code": "Faaliyetin bağlı olduğu kart.",
    "indicators.indicator_code": "Basıldığı gibi (`PG9.62.1.1`); düzen yalnızca sıra numarası veriyorsa `<ph_code>#<n>`.",
    "indicators.seq": "Kart içindeki sırası (1'den).", "activities.seq": "Kart içindeki sırası (1'den).",
    "indicators.name": "Göstergenin adı.",
    "indicators.kind": "`performance` (PG, performans göstergesi) ya da `monitoring` (İG, izleme göstergesi); düzen söylemiyorsa boş.",
    "indicators.indicator_type": "Çıktı, Sonuç, Kalite, Verimlilik… basıldığı gibi; yoksa boş.",
    "indicators.measure_unit": "Ölçü birimi, basıldığı gibi.",
    "indicators.indicator_code_raw": "Kod, tam basıldığı gibi (belgede kesik olabilir).",
    "indicator_values.indicator_code": "Hangi gösterge.", "indicator_values.year": "Sütunun yılı (2019, 2020, 2021).",
    "indicator_values.role": "`actual` (gerçekleşen), `partial_actual` (ilk altı ay gerçekleşen), `estimate` (tahmin) ya da `target` (hedef).",
    "indicator_values.value_raw": "Hücre, basıldığı gibi.", "indicator_values.value": "Sayı olarak; basılan bir sayı değilse boş.",
    "activities.name": "Faaliyetin / projenin adı.", "activities.unit": "Sorumlu birim.",
    "activities.budget": "Bütçe içi tutar (TL).", "activities.off_budget": "Bütçe dışı tutar (TL); belgede yoksa 0.00.",
    "activities.total": "Toplam, basıldığı gibi (TL).",
    **{f"activities.econ_0{i}": f"Birinci düzey ekonomik kod 0{i} altındaki tutar (TL), belge veriyorsa." for i in range(1, 10)},
    "stated_totals.table": "Toplamı belgenin hangi tablosu yazıyor.",
    "stated_totals.scope": "Toplamın neyin toplamı olduğu: bir hedef kodu, birim, tema, ekonomik kod ya da `program`.",
    "stated_totals.measure": "`total`, `budget`, `econ_06`, `activities_count`…",
    "stated_totals.value": "Yazılan değer (para ölçülerinde TL, `*_count` ölçülerinde adet).",
    "stated_totals.note": "Okunan şey, okurun bulmasına yardım edecek biçimde.",
    "reconciliation.check": "Hangi karşılaştırma.", "reconciliation.scope": "Neyin karşılaştırıldığı (hedef kodu, birim, tema, `program`).",
    "reconciliation.stated": "Belgenin yazdığı.", "reconciliation.computed": "Okunan satırların toplamı.",
    "reconciliation.difference": "computed − stated.", "reconciliation.status": "`ok` (tutuyor), `mismatch` (tutmuyor) ya da `missing` (karşılığı yok).",
    "reconciliation.pages": "İlgili sayfalar, ör. `30; 100`.", "reconciliation.note": "Açıklama (İngilizce).",
    "reconciliation.note_tr": "Açıklama (Türkçe; Türkçe sayfalarda bu gösterilir).",
    "reconciliation.text_a": "Metin karşılaştırmalarında (adlar, kodlar) ilk tablonun yazdığı, basıldığı gibi.",
    "reconciliation.text_b": "Metin karşılaştırmalarında öteki tablonun yazdığı, basıldığı gibi.",
    "reconciliation.boxes_a": "a tarafının (yazılan değer ya da `text_a`) basıldığı yer: `sayfa:x0,top,x1,bottom` (PDF noktası), birden çoksa `; ` ile.",
    "reconciliation.boxes_b": "b tarafının (karşılaştırılan: başka bir basılı değer, `text_b` ya da toplanan satırlar) basıldığı yer, aynı biçimde.",
}
"""The contract columns described in Turkish for the data page (`table.column`, or `column` for every table)."""


def contract_description(table: str, column: str, english: str) -> str:
    """The Turkish description of a contract column (the English one, marked, where none is written yet)."""
    return CONTRACT_TR.get(f"{table}.{column}") or CONTRACT_TR.get(column) or f"(İngilizce) {english}"


def programs_table_markdown() -> str:
    """The `programs` table of programs.duckdb (written by the check stage)."""
    rows = [("program", "metin", "Programın kimliği."), ("municipality", "metin", "Belediyenin resmî adı."), ("kind", "metin", "`metropolitan`, `district` ya da `province`."),
            ("province", "metin", "İl."), ("year", "tam sayı", "Programın bütçe yılı."), ("layout", "metin", "Belgenin düzeni (okuyucunun kullandığı)."),
            ("source_url", "metin", "Belediyenin belgeleri yayımladığı adres."), ("extracted", "mantıksal", "Belge okundu mu (okunamayan program da listelenir).")]
    lines = ["### `programs`\n", "Katalogdaki her program (DuckDB ve `programs.parquet`).\n", "| Sütun | Tür | Açıklama |", "|---|---|---|"]
    return "\n".join([*lines, *(f"| `{n}` | {t} | {d} |" for n, t, d in rows), ""])


def analysis_dictionary_markdown(p: Paths, programs: list[Program]) -> str:
    """Every analysis table with its rows, columns, types and what they mean."""
    tables = analysis_tables(p, programs)
    if not tables:
        return ""
    parts = ["### Analiz tabloları\n",
             "Sitedeki her sayı bu tablolardan gelir: `data/analysis/<program>/<tablo>.csv`, sitede `report/<program>/tables/`, "
             "indirilen `programs.duckdb` içinde bütün programlar alt alta (karşılaştırma tabloları `comparison_` önekiyle). "
             "Paylar 0–1 arası sayıdır; hangi bütünün payı olduğunu sütun adı söyler: `share` faaliyetlere bağlanan para içinde, "
             "`share_of_budget` bütçenin tamamı içinde, `stated_share` belgenin kendi yazdığı.\n"]
    for name, df in tables.items():
        doc = TABLE_DOCS.get(name, TABLE_DOCS.get(name.removeprefix(COMPARISON_PREFIX), ""))
        parts += [f"#### `{name}`\n", f"{doc} {len(df)} satır.\n".lstrip(), "| Sütun | Tür | Açıklama |", "|---|---|---|"]
        for col in df.columns:
            parts.append(f"| `{md_text(col)}` | {TYPE_WORDS[column_type(df[col])]} | {COLUMN_DOCS.get(col, '')} |")
        parts.append("")
    return "\n".join(parts) + "\n"


def licence_markdown(p: Paths, programs: list[Program]) -> str:
    """The licence of the data (from the packages' datapackage.json) and of the code."""
    names = set()
    for prog in programs:
        dp = p.extracted / prog.id / "datapackage.json"
        if dp.exists():
            for lic in json.loads(dp.read_text(encoding="utf-8")).get("licenses", []):
                names.add((lic.get("title") or lic.get("name", ""), lic.get("path", "")))
    data = "; ".join(f"[{md_text(t)}]({u})" if u.startswith("https://") else md_text(t) for t, u in sorted(names)) or "belirtilmemiş"
    return ("### Lisans\n\n"
            f"Veri paketleri, analiz tabloları ve DuckDB/Parquet dosyaları: {data} (kaynak gösterilerek serbestçe kullanılabilir; "
            "kaynak: belediyenin performans programı ve bu site). Kaynak belgeler belediyelerin kamuya açık belgeleridir. "
            "Yazılım: MIT lisansı.\n")
