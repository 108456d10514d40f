"""Every analysis table of a program, and the tables that compare programs (the analyse stage's entry points).

`program_tables(data, config_dir)` computes the budget, taxonomy, ambition and quality measures of one
program (see `analysis.analyse.budget`, `.taxonomy`, `.ambition`) and returns them keyed by a short
file-safe name; the analyse stage writes each as `data/analysis/<program>/<name>.csv`, and the site, the
notebooks and the downloads all read those same files. Every table starts with `program`; rows that come
from the document carry `page` (or `pages`) so each number can be found in the PDF.

`comparison_tables(analysis_dirs)` reads those CSVs back for several programs and puts them side by side.

Configuration (both in `config_dir`, normally `data/`): `taxonomy.yml` (policy areas) and
`indicator_direction.yml` (direction and nature rules). A missing file leaves everything unmapped / default,
which the tables then show; a malformed file is an error.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.analyse import ambition as amb
from analysis.analyse import budget as bud
from analysis.analyse import peers, shares
from analysis.analyse.common import CENT, money_sum, per, share
from analysis.analyse.taxonomy import (
    UNMAPPED,
    Taxonomy,
    assign_policy_areas,
    load_taxonomy,
    rule_summary,
    unmapped_items,
)
from analysis.core.text import name_key

if TYPE_CHECKING:
    from analysis.analyse.data import ProgramData

__all__ = ["comparison_tables", "program_tables"]

TAXONOMY_FILE = "taxonomy.yml"
RULES_FILE = "indicator_direction.yml"
TOP_UNITS = 5
"""budget_vs_ambition compares the units with the most money (this many) with the rest."""


def _with_program(df: pd.DataFrame, program: str) -> pd.DataFrame:
    out = df.copy()
    if "program" in out.columns:
        out = out.drop(columns="program")
    out.insert(0, "program", pd.Series([program] * len(out), index=out.index, dtype=object))
    return out


def _num(v: Any) -> Decimal | None:
    """A key-figure value as an exact Decimal (floats rounded to 6 significant digits)."""
    if v is None or v is pd.NA:
        return None
    if isinstance(v, Decimal):
        return v
    if isinstance(v, bool):
        return Decimal(int(v))
    if isinstance(v, int):
        return Decimal(v)
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    if pd.isna(f):
        return None
    return Decimal(format(f, ".6g"))


def _spearman(x: list[float], y: list[float]) -> float | None:
    """Spearman rank correlation (average ranks for ties); None for fewer than 3 pairs or no variation."""
    if len(x) < 3:
        return None
    rx, ry = pd.Series(x).rank(), pd.Series(y).rank()
    if rx.std() == 0 or ry.std() == 0:
        return None
    return float(((rx - rx.mean()) * (ry - ry.mean())).sum() / ((((rx - rx.mean()) ** 2).sum() * ((ry - ry.mean()) ** 2).sum()) ** 0.5))


# --------------------------------------------------------------------------- one program


def card_policy_areas(targets: pd.DataFrame, taxonomy: Taxonomy, program: str) -> pd.DataFrame:
    """The policy area of each performance-target card by its own words (target text, theme, unit), for cards without money."""
    if targets is None or targets.empty:
        return pd.DataFrame(columns=["ph_code", "card_seq", "policy_area", "policy_area_rule"])
    unit = targets["unit_canonical"].where(targets["unit_canonical"].fillna("") != "", targets["unit"]) if "unit_canonical" in targets.columns else targets["unit"]
    frame = pd.DataFrame(
        {
            "ph_code": targets["ph_code"].fillna(""),
            "card_seq": targets["card_seq"] if "card_seq" in targets.columns else pd.array([None] * len(targets), dtype="Int64"),
            "seq": pd.array([None] * len(targets), dtype="Int64"),
            "name": "",
            "ph_text": targets["ph_text"].fillna("") if "ph_text" in targets.columns else "",
            "theme": targets["theme"].fillna("") if "theme" in targets.columns else "",
            "unit_key": unit.fillna(""),
        }
    )
    out = assign_policy_areas(frame, taxonomy, program)
    return out[["ph_code", "card_seq", "policy_area", "policy_area_rule"]]


def money_areas(frame: pd.DataFrame) -> dict[int, str]:
    """card_seq -> the policy area holding most of the card's activity money (a card's indicators measure that money).

    Ties (and cards whose activities have no money) go to the area of the card's first activity.
    """
    sums: dict[int, dict[str, Decimal]] = {}
    for r in frame.itertuples(index=False):
        if pd.isna(r.card_seq):
            continue
        areas = sums.setdefault(int(r.card_seq), {})
        areas[r.policy_area] = areas.get(r.policy_area, Decimal(0)) + (r.total if isinstance(r.total, Decimal) else Decimal(0))
    return {card: max(areas, key=lambda a: areas[a]) for card, areas in sums.items()}  # max keeps the first of equals


def _indicator_areas(ambition: pd.DataFrame, cards: pd.DataFrame, by_money: dict[int, str] | None = None) -> pd.Series:
    by_card = {int(r.card_seq): r.policy_area for r in cards.itertuples(index=False) if pd.notna(r.card_seq)}
    by_card.update(by_money or {})
    by_code: dict[str, str] = {}
    for r in cards.itertuples(index=False):
        by_code.setdefault(r.ph_code, r.policy_area)
    areas = []
    for r in ambition.itertuples(index=False):
        a = by_card.get(int(r.card_seq)) if pd.notna(r.card_seq) else None
        areas.append(a or by_code.get(r.ph_code, UNMAPPED))
    return pd.Series(areas, index=ambition.index, dtype=object)


REVIEW_COLUMNS = ["ph_code", "seq", "name", "unit", "theme", "total", "policy_area", "cofog", "policy_area_basis", "policy_area_rule",
                  "policy_area_evidence", "page"]


def review_list(frame: pd.DataFrame) -> pd.DataFrame:
    """The low-confidence decisions (the deciding source contradicted by all others, or the unit alone), largest money first."""
    if frame.empty or "policy_area_confidence" not in frame.columns:
        return pd.DataFrame(columns=REVIEW_COLUMNS)
    low = frame[frame["policy_area_confidence"] == "low"]
    low = low.assign(_t=low["total"].map(lambda v: float(v) if isinstance(v, Decimal) else 0.0))
    cols = ["unit_key" if c == "unit" else c for c in REVIEW_COLUMNS]
    out = low.sort_values(["_t", "doc_order"], ascending=[False, True], kind="stable")[cols].rename(columns={"unit_key": "unit"})
    return out.reset_index(drop=True)


def budget_by_policy_area(frame: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Money per shared policy area, every area of the taxonomy listed (0 where none), `unmapped` last if any."""
    got = bud.budget_by(frame, ["policy_area"]) if not frame.empty else pd.DataFrame(columns=["policy_area", *bud.GROUP_COLUMNS])
    labels = taxonomy.labels()
    rows = []
    for a in taxonomy.areas:
        hit = got[got["policy_area"] == a.id]
        if len(hit):
            rows.append(hit.iloc[0].to_dict())
        else:
            rows.append({"policy_area": a.id, "activities": 0, "targets": 0, "budget": Decimal("0"), "off_budget": Decimal("0"), "total": Decimal("0"),
                         "share": 0.0 if not frame.empty else None, "zero_total_activities": 0, "missing_total_activities": 0, "pages": "", "rank": None})
    known = set(taxonomy.area_ids)
    for r in got.itertuples(index=False):
        if r.policy_area not in known:
            rows.append(r._asdict())
    out = pd.DataFrame(rows, columns=["policy_area", *bud.GROUP_COLUMNS])
    out = out.merge(labels[["policy_area", "label_tr", "label_en"]], on="policy_area", how="left")
    out["label_tr"] = out["label_tr"].fillna("Eşleştirilmemiş").where(out["policy_area"] != UNMAPPED, "Eşleştirilmemiş")
    out["label_en"] = out["label_en"].fillna("Unmapped").where(out["policy_area"] != UNMAPPED, "Unmapped")
    out["_t"] = out["total"].map(lambda v: float(v) if isinstance(v, Decimal) else 0.0)
    out = out.sort_values(["_t", "policy_area"], ascending=[False, True], kind="stable").drop(columns="_t").reset_index(drop=True)
    out["rank"] = pd.array([int(x) for x in out["total"].map(float).rank(method="min", ascending=False)], dtype="Int64")
    return out[["policy_area", "label_tr", "label_en", *bud.GROUP_COLUMNS]]


def policy_area_sensitivity(frame: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Money per policy area three ways: theme mapping alone, unit mapping alone, and as assigned."""
    cols = ["policy_area", "label_tr", "by_theme_mapping", "by_unit_mapping", "assigned", "share_by_theme_mapping", "share_by_unit_mapping", "share_assigned"]
    if frame.empty:
        return pd.DataFrame(columns=cols)
    grand = money_sum(frame["total"])
    ids = [*taxonomy.area_ids, UNMAPPED]
    rows = []
    for a in ids:
        bt = money_sum(frame.loc[frame["area_by_theme"].replace("", UNMAPPED) == a, "total"])
        bu = money_sum(frame.loc[frame["area_by_unit"].replace("", UNMAPPED) == a, "total"])
        asg = money_sum(frame.loc[frame["policy_area"] == a, "total"])
        area = taxonomy.area(a)
        rows.append({"policy_area": a, "label_tr": area.tr if area else "Eşleştirilmemiş", "by_theme_mapping": bt, "by_unit_mapping": bu, "assigned": asg,
                     "share_by_theme_mapping": share(bt, grand), "share_by_unit_mapping": share(bu, grand), "share_assigned": share(asg, grand)})
    return pd.DataFrame(rows, columns=cols)


BVA_COLUMNS = [
    "dimension", "name", "total", "share", "budget_rank", "budget_group", "indicators", "comparable", "share_improves",
    "share_equal", "share_worse", "reached_checked", "share_worse_than_reached", "share_equals_last",
    "median_stretch_vs_baseline", "median_gap_closure",
]  # fmt: skip


def budget_vs_ambition(frame: pd.DataFrame, ambition: pd.DataFrame, top_n: int = TOP_UNITS) -> pd.DataFrame:
    """For each theme, unit and policy area: its money next to the ambition of its indicators.

    `budget_group` marks the `top_n` groups with the most money (`top`) against the rest (`rest`) within each
    dimension. Money comes from activities, indicators from the cards; both are matched by folded names.
    """
    rows = []
    for dim, bcol, acol in (("theme", "theme", "theme"), ("unit", "unit_key", "unit"), ("policy_area", "policy_area", "policy_area")):
        if bcol not in frame.columns and acol not in ambition.columns:
            continue
        money = bud.budget_by(frame, [bcol]) if not frame.empty and bcol in frame.columns else pd.DataFrame(columns=[bcol, *bud.GROUP_COLUMNS])
        amb_groups = {name_key(k): (k, sub) for k, sub in ambition.groupby(acol, sort=False)} if not ambition.empty and acol in ambition.columns else {}
        seen = set()
        for r in money.itertuples(index=False):
            key = name_key(getattr(r, bcol))
            seen.add(key)
            sub = amb_groups.get(key, (None, ambition.iloc[0:0]))[1]
            rows.append(_bva_row(dim, getattr(r, bcol), r.total, r.share, r.rank, sub, top_n))
        for key, (k, sub) in amb_groups.items():
            if key not in seen:
                rows.append(_bva_row(dim, k, Decimal("0"), 0.0 if not frame.empty else None, None, sub, top_n))
    return pd.DataFrame(rows, columns=BVA_COLUMNS)


def _bva_row(dim: str, name: str, total: Decimal, share: float | None, rank: Any, sub: pd.DataFrame, top_n: int) -> dict[str, Any]:
    if len(sub):
        s = amb._summary_row(sub)
    else:
        s = {k: None for k in amb.SUMMARY_COLUMNS}
        s.update({"indicators": 0, "comparable": 0, "reached_checked": 0})
    return {
        "dimension": dim, "name": name, "total": total, "share": share, "budget_rank": rank,
        "budget_group": "top" if rank is not None and not pd.isna(rank) and int(rank) <= top_n and total and total > 0 else "rest",
        "indicators": s["indicators"], "comparable": s["comparable"], "share_improves": s["share_improves"], "share_equal": s["share_equal"],
        "share_worse": s["share_worse"], "reached_checked": s["reached_checked"], "share_worse_than_reached": s["share_worse_than_reached"],
        "share_equals_last": s["share_equals_last"], "median_stretch_vs_baseline": s["median_stretch_vs_baseline"], "median_gap_closure": s["median_gap_closure"],
    }  # fmt: skip


def direction_summary(ambition: pd.DataFrame) -> pd.DataFrame:
    """Indicators per direction and deciding rule (how much rests on rules, overrides and the default)."""
    cols = ["direction", "direction_rule", "direction_is_default", "indicators", "share", "example"]
    if ambition.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for (d, rule), sub in ambition.groupby(["direction", "direction_rule"], sort=True):
        rows.append({"direction": d, "direction_rule": rule, "direction_is_default": bool(sub["direction_is_default"].iloc[0]), "indicators": len(sub),
                     "share": len(sub) / len(ambition), "example": str(sub["name"].iloc[0])[:120]})
    return pd.DataFrame(rows, columns=cols).sort_values(["indicators", "direction_rule"], ascending=[False, True]).reset_index(drop=True)


KEY_COLUMNS = ["program", "measure", "label", "value", "unit", "source_table", "note"]


def _decision_figures(add: Any, acts: pd.DataFrame, activities_total: Any) -> None:
    """Key figures of how the areas were decided: the money each basis decided, and the low-confidence money and count."""
    for basis, label in (("name", "Alanı faaliyetin adıyla belirlenen paranın payı"), ("target", "Alanı performans hedefinin metniyle belirlenen paranın payı"),
                         ("theme", "Alanı temayla belirlenen paranın payı"), ("unit", "Alanı yalnız birimle belirlenen paranın payı"),
                         ("correction", "Alanı kayıtlı bir düzeltmeyle belirlenen paranın payı")):
        sub = acts[acts["policy_area_basis"] == basis] if len(acts) else acts
        add(f"policy_area_basis_{basis}_share", label, share(money_sum(sub["total"]), activities_total) if len(acts) else None, "share", "activity_policy_areas")
    low = acts[acts["policy_area_confidence"] == "low"] if len(acts) else acts
    add("policy_area_low_confidence_share", "Alanı düşük güvenle belirlenen (gözden geçirilecek) paranın payı",
        share(money_sum(low["total"]), activities_total) if len(acts) else None, "share", "policy_area_review")
    add("policy_area_low_confidence_count", "Alanı düşük güvenle belirlenen faaliyet", len(low), "count", "policy_area_review")


def key_figures(program: str, data: ProgramData, t: dict[str, pd.DataFrame], taxonomy: Taxonomy) -> pd.DataFrame:
    """The headline numbers a journalist would quote, one per row, each naming the table it comes from."""
    rows: list[dict[str, Any]] = []

    def add(measure: str, label: str, value: Any, unit: str, source: str, note: str = "") -> None:
        rows.append({"program": program, "measure": measure, "label": label, "value": _num(value), "unit": unit, "source_table": source, "note": note})

    acts = data.activities
    activities_total = money_sum(acts["total"]) if "total" in acts.columns else Decimal("0")
    stated = data.total_resource_need
    page = data.total_resource_need_page
    add("total_resource_need", "Belgede yazan toplam kaynak ihtiyacı", stated, "TL", "stated_totals", f"sayfa {page}" if page else "")
    add("activities_total", "Faaliyetlerin toplamı", activities_total, "TL", "budget_by_unit", "faaliyet satırlarının toplamı")
    add("activities_coverage", "Faaliyetlerin belgedeki toplama oranı", share(activities_total, stated), "share", "budget_by_unit",
        "1'den küçükse kalan para (personel, faiz, yedek ödenek vb.) hiçbir faaliyete bağlanmamıştır")
    add("performance_targets", "Performans hedefi sayısı", len(data.performance_targets), "count", "budget_per_target")
    add("indicators", "Gösterge sayısı", len(data.indicators), "count", "indicator_ambition")
    add("activities", "Faaliyet sayısı", len(acts), "count", "top_activities")
    add("units", "Birim sayısı", len(t["budget_by_unit"]), "count", "budget_by_unit")
    add("reconciliation_mismatches", "Belgenin kendi toplamlarıyla uyuşmayan kontroller", int((data.reconciliation["status"] == "mismatch").sum()) if "status" in data.reconciliation.columns else 0,
        "count", "reconciliation", "belgenin iç tutarsızlıkları; satırlar düzeltilmez")

    pa = t["budget_by_policy_area"]
    pa_money = pa[[isinstance(v, Decimal) and v > 0 and a != UNMAPPED for v, a in zip(pa["total"], pa["policy_area"], strict=True)]] if len(pa) else pa
    for i, r in enumerate(pa_money.head(3).itertuples(index=False), 1):
        add(f"policy_area_{i}", f"En çok kaynak ayrılan {i}. politika alanı: {r.label_tr}", r.share, "share", "budget_by_policy_area", f"{r.policy_area}; {r.total:,.2f} TL".replace(",", " "))
    unm = pa[pa["policy_area"] == UNMAPPED]
    add("unmapped_total", "Politika alanı eşleştirilmemiş tutar", unm["total"].iloc[0] if len(unm) else Decimal("0"), "TL", "taxonomy_unmapped")
    rules = t["policy_area_rules"]
    for source, label in (("shared", "Ortak kurallarla alanı belirlenen paranın payı"), ("override", "Kayıtlı düzeltmelerle alanı belirlenen paranın payı"),
                          ("unmapped", "Politika alanı eşleştirilmemiş paranın payı")):
        sub = rules[rules["policy_area_source"] == source] if len(rules) else rules
        add(f"policy_area_{source}_share", label, share(money_sum(sub["total"]), activities_total) if len(rules) else None, "share", "policy_area_rules")

    _decision_figures(add, t["activity_policy_areas"], activities_total)

    th = t["budget_by_theme"]
    if len(th):
        add("top_theme_share", f"En büyük tema: {th['theme'].iloc[0]}", th["share"].iloc[0], "share", "budget_by_theme")
    un = t["budget_by_unit"]
    if len(un):
        add("top_unit_share", f"En büyük birim: {un['unit'].iloc[0]}", un["share"].iloc[0], "share", "budget_by_unit")

    c = t["budget_concentration"].iloc[0]
    add("top10_share", "En büyük 10 faaliyetin payı", c["top10_share"], "share", "budget_concentration")
    add("top1_share", "En büyük faaliyetin payı", c["top1_share"], "share", "top_activities")
    add("hhi_activities", "Faaliyetler arası yoğunlaşma (HHI, 0–1)", c["hhi"], "index", "budget_concentration")
    add("effective_number_activities", "Eşdeğer faaliyet sayısı (1/HHI)", c["effective_number"], "count", "budget_concentration")
    add("activities_for_half", "Paranın yarısını alan faaliyet sayısı", c["activities_for_half"], "count", "budget_concentration")
    add("hhi_units", "Birimler arası yoğunlaşma (HHI, 0–1)", c["hhi_units"], "index", "budget_concentration")
    n_acts = len(acts)
    zero = t["zero_budget_activities"]
    n_zero = int((zero["reason"] == "zero").sum()) if len(zero) else 0
    add("zero_budget_activities", "Kaynak ihtiyacı 0 yazılan faaliyet sayısı", n_zero, "count", "zero_budget_activities")
    add("zero_budget_share", "Kaynak ihtiyacı 0 yazılan faaliyetlerin oranı", (n_zero / n_acts) if n_acts else None, "share", "zero_budget_activities")
    add("missing_total_activities", "Tutarı yazılmamış faaliyet sayısı", int((zero["reason"] == "missing_total").sum()) if len(zero) else 0, "count", "zero_budget_activities")

    ec = t["budget_by_econ_class"].set_index("econ_class")
    for k, label in (("current", "Cari giderlerin payı (01–05)"), ("capital", "Sermaye giderlerinin payı (06–07)"), ("not_broken_down", "Ekonomik kodu verilmemiş tutarın payı")):
        add(f"{k}_share", label, ec.loc[k, "share"] if k in ec.index else None, "share", "budget_by_econ_class", "faaliyet toplamı içinde")
    if "capital" in ec.index and ec.loc["capital", "stated_share"] is not None and not pd.isna(ec.loc["capital", "stated_share"]):
        add("capital_share_whole_budget", "Sermaye giderlerinin tüm bütçedeki payı (belgenin tablosu)", ec.loc["capital", "stated_share"], "share", "budget_by_econ_class", "genel yönetim giderleri dahil")

    pt = t["budget_per_target"]
    n_ind = len(data.indicators)
    add("targets_without_activities", "Faaliyeti olmayan performans hedefi", int((pt["activities"] == 0).sum()) if len(pt) else 0, "count", "budget_per_target")
    add("median_budget_per_target", "Performans hedefi başına ortanca tutar", _median_money(pt["total"]) if len(pt) else None, "TL", "budget_per_target")
    add("budget_per_indicator", "Gösterge başına ortalama tutar", per(activities_total, n_ind), "TL", "budget_per_target", "faaliyet toplamı / gösterge sayısı")

    s = t["ambition_summary"].iloc[0]
    for k, label, unit in (
        ("direction_higher", "Yüksek olması iyi sayılan gösterge", "count"),
        ("direction_lower", "Düşük olması iyi sayılan gösterge", "count"),
        ("direction_neutral", "Yönü olmayan gösterge (talep, iş yükü)", "count"),
        ("direction_default", "Yönü kuralla değil varsayılanla belirlenen gösterge", "count"),
        ("comparable", "Hedefi başlangıç değeriyle karşılaştırılabilen gösterge", "count"),
        ("share_improves", "Hedefi başlangıç değerinden iyi olan göstergelerin payı", "share"),
        ("share_equal", "Hedefi başlangıç değerine eşit olan göstergelerin payı", "share"),
        ("share_worse", "Hedefi başlangıç değerinden kötü olan göstergelerin payı", "share"),
        ("share_worse_than_reached", "Hedefi daha önce ulaşılmış düzeyin gerisinde kalan göstergelerin payı", "share"),
        ("worse_than_reached", "Hedefi daha önce ulaşılmış düzeyin gerisinde kalan gösterge", "count"),
        ("share_equals_last", "Hedefi son değere eşit olan göstergelerin payı", "share"),
        ("median_stretch_vs_baseline", "Ortanca hedef artışı (başlangıca göre, yön işaretli)", "ratio"),
        ("median_gap_closure", "Yüzde göstergelerinde ortanca açık kapatma oranı", "ratio"),
        ("gap_closure_at_bound", "Başlangıcı zaten %100 (veya 0) olan yüzde göstergesi", "count"),
        ("baseline_dash", "2019 değeri '-' olan gösterge", "count"),
        ("baseline_zero", "2019 değeri 0 olan gösterge", "count"),
        ("baseline_empty", "2019 hücresi boş olan gösterge", "count"),
        ("baseline_non_numeric", "2019 değeri sayı olmayan gösterge", "count"),
        ("baseline_partial_not_comparable", "Yalnız 6 aylık değeri olan akış göstergesi (başlangıç yok)", "count"),
        ("target_missing", "Hedefi sayı olarak yazılmamış gösterge", "count"),
    ):
        add(k, label, s[k], unit, "ambition_summary")

    q = t["indicator_quality"].iloc[0]
    for k, label in (("indicators_per_target_mean", "Performans hedefi başına gösterge (ortalama)"), ("share_output", "Çıktı göstergelerinin payı"),
                     ("share_outcome", "Sonuç göstergelerinin payı"), ("share_with_actual", "2019 gerçekleşmesi yazılan göstergelerin payı"),
                     ("share_performance_kind", "Performans göstergesi (PG) payı")):
        add(k, label, q[k], "count" if k.startswith("indicators_per") else "share", "indicator_quality")

    bva = t["budget_vs_ambition"]
    units = bva[bva["dimension"] == "unit"] if len(bva) else bva
    if len(units):
        for grp, label in (("top", f"Bütçesi en büyük {TOP_UNITS} birimde hedefi iyileşen göstergelerin payı"), ("rest", "Diğer birimlerde hedefi iyileşen göstergelerin payı")):
            sub = units[units["budget_group"] == grp]
            comp = sub["comparable"].fillna(0).astype(int).sum()
            imp = sum(int(round(float(a) * int(b))) for a, b in zip(sub["share_improves"], sub["comparable"], strict=True) if a is not None and not pd.isna(a) and b)
            add(f"share_improves_{grp}_units", label, (imp / comp) if comp else None, "share", "budget_vs_ambition", f"{comp} karşılaştırılabilir gösterge")
        ok = units[(units["comparable"].fillna(0).astype(int) >= 5) & units["share_improves"].notna()]
        rho = _spearman([float(v) for v in ok["total"]], [float(v) for v in ok["share_improves"]])
        add("spearman_budget_vs_improves", "Birim bütçesi ile hedefi iyileşen gösterge payı arasındaki sıra korelasyonu", rho, "index", "budget_vs_ambition",
            f"{len(ok)} birim (en az 5 karşılaştırılabilir gösterge); küçük örnek, nedensellik değil")
    n_un = t["taxonomy_unmapped"]
    add("taxonomy_unmapped_items", "Taksonomide eşleşmeyen kayıt", len(n_un[n_un["issue"] != "unused_mapping"]) if len(n_un) else 0, "count", "taxonomy_unmapped")
    return pd.DataFrame(rows, columns=KEY_COLUMNS)


def _median_money(values: pd.Series) -> Decimal | None:
    vals = sorted(v for v in values if isinstance(v, Decimal))
    if not vals:
        return None
    n = len(vals)
    mid = vals[n // 2] if n % 2 else (vals[n // 2 - 1] + vals[n // 2]) / 2
    return mid.quantize(CENT)


def program_tables(data: ProgramData, config_dir: Path) -> dict[str, pd.DataFrame]:
    """Every analysis table of one program, keyed by file-safe name (written as <name>.csv)."""
    config_dir = Path(config_dir)
    taxonomy = load_taxonomy(config_dir / TAXONOMY_FILE)
    rules = amb.load_rules(config_dir / RULES_FILE)
    program = data.program
    targets = data.performance_targets

    # --- money
    frame = bud.activity_frame(data.activities, targets)
    frame = assign_policy_areas(frame, taxonomy, program)
    t: dict[str, pd.DataFrame] = {}
    t["activity_policy_areas"] = frame[["ph_code", "seq", "name", "unit_key", "theme", "total", "policy_area", "cofog", "policy_area_basis",
                                        "policy_area_confidence", "policy_area_rule", "policy_area_source", "policy_area_evidence",
                                        "area_by_theme", "area_by_unit", "page"]].rename(columns={"unit_key": "unit"})
    t["policy_area_review"] = review_list(frame)
    t["policy_area_cofog"] = taxonomy.crosswalk_table()
    t["policy_area_rules"] = rule_summary(frame, taxonomy, program)
    t["budget_by_theme"] = bud.budget_by(frame, ["theme_group", "theme"])
    if frame["theme_group"].fillna("").ne("").any() if len(frame) else False:
        t["budget_by_theme_group"] = bud.budget_by(frame, ["theme_group"])
    t["budget_by_aim"] = bud.budget_by(frame, ["aim_code"], labels={"aim_code": "aim_text"})
    t["budget_by_unit"] = bud.budget_by(frame, ["unit_key"]).rename(columns={"unit_key": "unit"})
    t["budget_by_econ"] = bud.budget_by_econ(frame, data.stated_totals)
    t["budget_by_econ_class"] = bud.budget_by_econ_class(frame, data.stated_totals)
    t["budget_by_policy_area"] = budget_by_policy_area(frame, taxonomy)
    t["policy_area_sensitivity"] = policy_area_sensitivity(frame, taxonomy)
    t["budget_concentration"] = bud.concentration_summary(frame)
    t["top_activities"] = bud.top_activities(frame, 10)
    t["zero_budget_activities"] = bud.zero_budget_activities(frame)
    t["budget_per_target"] = bud.budget_per_target(frame, targets, data.indicators)
    t["taxonomy_unmapped"] = unmapped_items(frame, taxonomy, program, targets)

    # --- indicators
    ambition = amb.indicator_ambition(data.indicators, data.indicator_values, targets, rules, program)
    cards = card_policy_areas(targets, taxonomy, program)
    areas = _indicator_areas(ambition, cards, money_areas(frame)) if len(ambition) else pd.Series(dtype=object)
    ambition.insert(ambition.columns.get_loc("theme") + 1, "policy_area", areas)
    t["indicator_ambition"] = ambition
    t["indicator_direction_summary"] = direction_summary(ambition)
    t["ambition_summary"] = amb.ambition_summary(ambition)
    t["ambition_by_unit"] = amb.ambition_summary(ambition, ["unit"])
    t["ambition_by_theme"] = amb.ambition_summary(ambition, ["theme"])
    t["ambition_by_policy_area"] = amb.ambition_summary(ambition, ["policy_area"])
    t["indicator_quality"] = amb.indicator_quality(ambition, targets, data.indicators)
    t["indicator_type_mix"] = amb.type_mix(ambition)
    t["budget_vs_ambition"] = budget_vs_ambition(frame, ambition)
    t["key_figures"] = key_figures(program, data, t, taxonomy)
    t.update(_with_budget_shares(t, data))
    return {name: _with_program(df, program) for name, df in t.items()}


def _with_budget_shares(t: dict[str, pd.DataFrame], data: ProgramData) -> dict[str, pd.DataFrame]:
    """The money tables with `share_of_budget` (of the whole budget), the theme tables also with the document's printed share."""
    printed = shares.printed_shares(data.stated_totals)
    out = {}
    for name, key in (("budget_by_theme", "theme"), ("budget_by_theme_group", "theme_group"), ("budget_by_unit", ""), ("budget_by_policy_area", "")):
        if name in t:
            df = shares.add_share_of_budget(t[name], data.total_resource_need)
            out[name] = shares.add_stated_shares(df, key, printed) if key else df
    return out


# --------------------------------------------------------------------------- across programs


def _read(folder: Path, name: str) -> pd.DataFrame | None:
    f = Path(folder) / f"{name}.csv"
    if not f.exists():
        return None
    return pd.read_csv(f, dtype=str, keep_default_na=False)


def _dec(text: Any) -> Decimal | None:
    if text is None or text == "" or (isinstance(text, float) and pd.isna(text)):
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


def _flt(text: Any) -> float | None:
    d = _dec(text)
    return float(d) if d is not None else None


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [f for f in frames if f is not None]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["program"])


def comparison_tables(analysis_dirs: dict[str, Path]) -> dict[str, pd.DataFrame]:
    """Cross-program tables built from each program's CSVs; a program lacking a table is simply absent from it.

    - `budget_by_policy_area`: program × policy area, money (exact), `share` of the money the program ties to
      activities and `share_of_budget`, of its whole budget (the document's total resource need);
    - `policy_area_shares`: the shares of the whole budget wide, one column per program (side by side: across
      programs only the whole budget is one denominator, since programs tie different parts of it to activities);
    - `budget_summary`: per program, total, coverage, concentration, zero-budget and current/capital shares;
    - `program_summary`, `peer_groups`, `peer_group_summary`: one row per program with its ranks in its peer
      group, and each peer group's medians (see `analysis.analyse.peers`);
    - `ambition_summary`, `ambition_by_policy_area`, `indicator_quality`, `indicator_type_mix`,
      `indicator_direction_summary`, `key_figures`: the per-program tables stacked.
    """
    out: dict[str, pd.DataFrame] = {}
    pa_rows = []
    for prog, folder in analysis_dirs.items():
        df = _read(folder, "budget_by_policy_area")
        if df is None or df.empty:
            continue
        ov = _read(folder, "overview")
        whole = _dec(ov["total_resource_need"].iloc[0]) if ov is not None and len(ov) and "total_resource_need" in ov else None
        for r in df.to_dict("records"):
            total = _dec(r.get("total"))
            pa_rows.append({"program": prog, "policy_area": r.get("policy_area", ""), "label_tr": r.get("label_tr", ""), "label_en": r.get("label_en", ""),
                            "activities": int(r["activities"]) if r.get("activities") else 0, "total": total, "share": _flt(r.get("share")),
                            "share_of_budget": share(total, whole), "rank": int(r["rank"]) if r.get("rank") else None})
    pa = pd.DataFrame(pa_rows, columns=["program", "policy_area", "label_tr", "label_en", "activities", "total", "share", "share_of_budget", "rank"])
    out["budget_by_policy_area"] = pa
    if len(pa):
        wide = pa.pivot_table(index=["policy_area", "label_tr", "label_en"], columns="program", values="share_of_budget", aggfunc="first", sort=False, dropna=False).reset_index()
        wide.columns.name = None
        out["policy_area_shares"] = wide
    else:
        out["policy_area_shares"] = pd.DataFrame(columns=["policy_area", "label_tr", "label_en"])

    summary_rows = []
    for prog, folder in analysis_dirs.items():
        kf = _read(folder, "key_figures")
        if kf is None:
            continue
        vals = dict(zip(kf["measure"], kf["value"], strict=False))
        summary_rows.append(
            {
                "program": prog,
                "total_resource_need": _dec(vals.get("total_resource_need")),
                "activities_total": _dec(vals.get("activities_total")),
                "activities_coverage": _flt(vals.get("activities_coverage")),
                "activities": _flt(vals.get("activities")),
                "performance_targets": _flt(vals.get("performance_targets")),
                "indicators": _flt(vals.get("indicators")),
                "top10_share": _flt(vals.get("top10_share")),
                "hhi_activities": _flt(vals.get("hhi_activities")),
                "effective_number_activities": _flt(vals.get("effective_number_activities")),
                "zero_budget_activities": _flt(vals.get("zero_budget_activities")),
                "zero_budget_share": _flt(vals.get("zero_budget_share")),
                "current_share": _flt(vals.get("current_share")),
                "capital_share": _flt(vals.get("capital_share")),
                "not_broken_down_share": _flt(vals.get("not_broken_down_share")),
                "share_improves": _flt(vals.get("share_improves")),
                "share_worse_than_reached": _flt(vals.get("share_worse_than_reached")),
                "share_equals_last": _flt(vals.get("share_equals_last")),
                "median_stretch_vs_baseline": _flt(vals.get("median_stretch_vs_baseline")),
            }
        )
    out["budget_summary"] = pd.DataFrame(summary_rows)
    out["program_summary"] = peers.program_summary(analysis_dirs)
    out.update(peers.peer_tables(out["program_summary"], pa))
    for name in ("ambition_summary", "ambition_by_policy_area", "indicator_quality", "indicator_type_mix", "indicator_direction_summary", "key_figures"):
        out[name] = _concat([_read(folder, name) for folder in analysis_dirs.values()])
    return out
