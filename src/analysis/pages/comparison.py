"""The comparison page (`notebooks/90-comparison.ipynb`): all programs on the common policy-area taxonomy.

Built to stay readable (and of a bounded size) from 2 to 1,400 programs: no chart draws one bar per program per area, no list grows
one sentence per program. Instead:

- `programs_table`: one row per program (kind, province, year, total, transport share, ambition, number of
  contradictions), drawn in the browser from `comparison-tables/program_summary.csv` by a small local script
  (`assets/js/program-table.js`): sortable, filterable, a page of rows at a time; the page itself holds only
  the header, the filters and the CSV link (what a reader without the script gets), so it does not grow;
- `chart_policy_areas` / `chart_ambition`: strip plots, one dot per program, split by peer group; the reader
  picks a program in a drop-down and its dots are marked and labelled (a vega parameter, works offline); on
  the site they read their points from JSON files beside the page (`write_chart_data`, written by the
  comparison notebook stage), not from the page;
- `area_summary`, `ambition_summary`, `peer_groups`: sentences and small tables about the extremes and the
  medians within each peer group (district, metropolitan), whose size does not depend on the number of programs.

Every number is cited from the comparison tables (`data/analysis/_comparison/`, copied next to the page).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.core.catalog import load_catalog, project_root
from analysis.core.escape import html_text, md_text
from analysis.pages.charts import html_table
from analysis.pages.format import (
    as_float,
    cite,
    fmt_number,
    fmt_pct,
    fmt_tl,
    fmt_tl_short,
    read_csv,
    row_label,
    to_decimal,
)

KIND_LABELS = {"metropolitan": "büyükşehir", "district": "ilçe", "province": "il özel idaresi"}
GROUP_TITLES = {"metropolitan": "Büyükşehir belediyeleri", "district": "İlçe belediyeleri", "province": "İl özel idareleri"}
TABLE_SCRIPT = "assets/js/program-table.js"


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


@dataclass
class ComparisonPage:
    tables_dir: Path
    names: dict[str, str]
    href_prefix: str = "comparison-tables/"

    @classmethod
    def load(cls, root: Path | None = None) -> ComparisonPage:
        root = root or project_root()
        names = {p.id: f"{p.short_name} {p.year}" for p in load_catalog(root)}
        return cls(root / "data" / "analysis" / "_comparison", names)

    def table(self, name: str) -> pd.DataFrame:
        path = self.tables_dir / f"{name}.csv"
        return read_csv(path) if path.exists() else pd.DataFrame()

    def name(self, program: str) -> str:
        return self.names.get(program, program)

    def cite(self, table: str, column: str, row: int, kind: str = "number") -> str:
        df = self.table(table)
        value = df[column].iloc[row]
        display = {"tl": fmt_tl, "tl_short": fmt_tl_short, "pct": fmt_pct}.get(kind, fmt_number)(value)
        return cite(display, href=f"{self.href_prefix}{table}.csv", table=table, column=column, row=row, value=value, label=row_label(df, row))

    def link(self, program: str) -> str:
        return f'<a href="{html_text(program)}/index.html">{html_text(self.name(program))}</a>'


# --------------------------------------------------------------------------- the table of all programs

TABLE_COLUMNS = [
    # (column of program_summary, header, kind of value: text / tl_short / pct / number)
    ("program", "Program", "text"),
    ("kind", "Tür", "text"),
    ("province", "İl", "text"),
    ("year", "Yıl", "year"),
    ("total_resource_need", "Toplam kaynak ihtiyacı", "tl_short"),
    ("transport_share_of_budget", "Ulaşımın bütçedeki payı", "pct"),
    ("share_improves", "İddia", "pct"),
    ("reconciliation_mismatches", "Çelişki", "number"),
]
DELIVERY_COLUMN = ("delivery_rate", "Tutturulan hedef", "pct")
"""Shown only when some program's targets can be followed in its municipality's later programs (a series)."""


def programs_table(page: ComparisonPage, site_root: str | None) -> str:
    """Every program in one table, drawn in the browser from `comparison-tables/program_summary.csv` by a small
    local script (`assets/js/program-table.js`): sortable, filterable, shown a page of rows at a time.

    The page itself holds only the header, the filters and the link to the CSV, so its size does not grow with
    the programs (each row with its cited numbers was ~3.6 kB: 5 MB at 1,400 programs). Without the script
    (or opened from disk, where a browser will not let a page read a file) the CSV link is what is shown."""
    df = page.table("program_summary")
    if df.empty:
        return "<p><em>Henüz program yok.</em></p>"
    columns = TABLE_COLUMNS + ([DELIVERY_COLUMN] if "delivery_rate" in df.columns else [])
    head = []
    for i, (col, label, kind) in enumerate(columns):
        sort_type = "text" if kind == "text" else "num"
        head.append(f'<th scope="col" aria-sort="none" data-column="{html_text(col)}" data-kind="{html_text(kind)}">'
                    f'<button type="button" class="sort-button" data-col="{i}" data-type="{sort_type}">{html_text(label)}</button></th>')
    kinds = sorted(set(df["kind"]))
    provinces = sorted(set(df["province"]))
    options = lambda values, label: "".join(f'<option value="{html_text(v)}">{html_text(label(v))}</option>' for v in values)  # noqa: E731
    controls = (
        '<div class="program-table-controls" role="search">'
        '<label>Ara <input type="search" class="filter-text" placeholder="program ya da il"></label> '
        f'<label>Tür <select class="filter-kind"><option value="">hepsi</option>{options(kinds, kind_label)}</select></label> '
        f'<label>İl <select class="filter-province"><option value="">hepsi</option>{options(provinces, str)}</select></label> '
        '<span class="filter-count" aria-live="polite"></span></div>'
    )
    csv = f"{page.href_prefix}program_summary.csv"
    root = site_root or ".."
    return (
        f'<div class="program-table" data-src="{html_text(csv)}" data-rows-per-page="{ROWS_PER_PAGE}">{controls}'
        f'<p class="program-table-status">{len(df)} programın tablosu tarayıcıda, '
        f'<a href="{html_text(csv)}" download>program_summary.csv</a> dosyasından çizilir (her program için tüm ölçüler ve grup içindeki sıraları). '
        "Tablo görünmüyorsa dosyayı indirip bir hesap tablosunda açın.</p>"
        f'<div class="table-responsive"><table class="table table-sm data-table js-sortable"><caption>{len(df)} program; '
        "sütun başlığına tıklayınca sıralanır. Ulaşımın payı bütçenin tamamı (toplam kaynak ihtiyacı) içindedir; iddia, "
        "karşılaştırılabilir göstergeler içinde hedefi başlangıçtan iyi olanların payıdır.</caption>"
        f'<thead><tr>{"".join(head)}</tr></thead><tbody></tbody></table></div>'
        '<nav class="program-table-pages" aria-label="Tablonun sayfaları" hidden>'
        '<button type="button" class="page-prev">← önceki</button> <span class="page-where" aria-live="polite"></span> '
        '<button type="button" class="page-next">sonraki →</button></nav></div>'
        f'<script src="{html_text(root)}/{TABLE_SCRIPT}" defer></script>'
    )


ROWS_PER_PAGE = 50
"""How many programs the drawn table shows at a time (the pager moves through the rest)."""


# --------------------------------------------------------------------------- strip plots with a highlighted program


def _highlight_param(labels: list[str]) -> Any:
    import altair as alt

    return alt.param(name="vurgu", value=labels[0], bind=alt.binding_select(options=labels, name="Vurgulanan program: "))


def _strip(plot: pd.DataFrame, y: str, y_title: str | None, y_order: list[str], x_title: str | list[str], tooltip: list[Any], height: int,
           url: str | None = None) -> Any:
    """Dots per program (coloured by peer group, one row per `y` and group) and the chosen program marked and labelled.

    With `url` (the page on the site), the chart reads its points from that JSON file beside the page (written by
    `write_chart_data`) instead of carrying them: the page stays the same size whatever the number of programs."""
    import altair as alt

    from analysis.pages import charts

    labels = list(dict.fromkeys(plot["program"]))
    sel = _highlight_param(labels)
    groups = list(dict.fromkeys(plot["grup"]))
    source: Any = alt.UrlData(url=url, format=alt.DataFormat(type="json")) if url else plot
    base = alt.Chart(source).encode(
        x=alt.X("pay:Q", title=x_title, axis=alt.Axis(labelExpr=charts.TR_PERCENT_LABEL), scale=alt.Scale(padding=10)),
        y=alt.Y(f"{y}:N", sort=y_order, title=y_title),
        yOffset=alt.YOffset("grup:N", sort=groups),
    )
    dots = base.mark_circle(size=55, opacity=0.6).encode(
        color=alt.Color("grup:N", title="Grup", sort=groups, scale=alt.Scale(range=charts.PALETTE[: len(groups)]), legend=alt.Legend(orient="bottom")),
        tooltip=tooltip,
    )
    chosen = alt.datum.program == sel
    mark = base.mark_point(size=170, shape="diamond", filled=True, color="#111111").encode(tooltip=tooltip).transform_filter(chosen)
    label = base.mark_text(align="left", dx=9, fontSize=12, fontWeight="bold", color="#111111").encode(text=alt.Text("pay_metin:N")).transform_filter(chosen)
    return charts.theme(alt.layer(dots, mark, label).add_params(sel), height=height)


def policy_area_points(page: ComparisonPage) -> pd.DataFrame:
    """The policy-area chart's points: per program and policy area, its share of the whole budget and of the activities' money."""
    df = page.table("budget_by_policy_area")
    summary = page.table("program_summary")
    if df.empty or summary.empty:
        return pd.DataFrame()
    kinds = dict(zip(summary["program"], summary["kind"], strict=True))
    df = df[df["policy_area"] != "unmapped"]
    return pd.DataFrame({"program": [page.name(p) for p in df["program"]], "alan": df["label_tr"], "pay": as_float(df["share_of_budget"]),
                         "pay_faaliyet": as_float(df["share"]), "tutar": as_float(df["total"]), "grup": [kind_label(kinds.get(p, "")) for p in df["program"]],
                         "pay_metin": [fmt_pct(v) for v in df["share_of_budget"]], "pay_faaliyet_metin": [fmt_pct(v) for v in df["share"]],
                         "tutar_metin": [fmt_tl(v) for v in df["total"]]})


def ambition_points(page: ComparisonPage) -> pd.DataFrame:
    """The ambition chart's points: per program with comparable indicators, the share whose target improves on the baseline."""
    s = page.table("program_summary")
    if s.empty:
        return pd.DataFrame()
    s = s[s["share_improves"] != ""]
    return pd.DataFrame({"program": [page.name(p) for p in s["program"]], "pay": as_float(s["share_improves"]), "grup": [kind_label(k) for k in s["kind"]],
                         "n": as_float(s["comparable"]), "satir": "Tüm programlar", "pay_metin": [fmt_pct(v) for v in s["share_improves"]]})


CHART_DATA = {"policy_area_points": policy_area_points, "ambition_points": ambition_points}
"""The charts' points, written as JSON beside the comparison tables (`<name>.json`) by the comparison notebook stage."""


def write_chart_data(page: ComparisonPage, folder: Path) -> list[str]:
    """Write each chart's points as a JSON list of records into `folder` (the page's `comparison-tables/`); the names written."""
    written = []
    for name, points in CHART_DATA.items():
        df = points(page)
        (folder / f"{name}.json").write_text(df.to_json(orient="records", force_ascii=False), encoding="utf-8")
        written.append(f"{name}.json")
    return written


def _points_url(page: ComparisonPage, name: str, site_root: str | None) -> str | None:
    """Where the page's chart reads its points (None in an interactive session: the chart carries them)."""
    return f"{page.href_prefix}{name}.json" if site_root is not None else None


def chart_policy_areas(page: ComparisonPage, site_root: str | None) -> Any:
    """Per policy area, one dot per program (its share of the whole budget); pick a program to mark it."""
    import altair as alt

    from analysis.pages import charts

    plot = policy_area_points(page)
    if plot.empty:
        return ""
    summary = page.table("program_summary")
    order = list(plot.groupby("alan")["pay"].median().sort_values(ascending=False).index)
    tooltip = [alt.Tooltip("program:N", title="Program"), alt.Tooltip("grup:N", title="Grup"), alt.Tooltip("alan:N", title="Alan"),
               alt.Tooltip("pay_metin:N", title="Bütçe içindeki pay"), alt.Tooltip("pay_faaliyet_metin:N", title="Faaliyetlere bağlanan para içindeki pay"),
               alt.Tooltip("tutar_metin:N", title="Tutar")]
    chart = _strip(plot, "alan", None, order, ["Bütçe (toplam kaynak", "ihtiyacı) içindeki pay"], tooltip, height=38 * len(order),
                   url=_points_url(page, "policy_area_points", site_root))
    peers = page.table("peer_groups")
    return charts.figure(
        chart,
        title="Politika alanlarına göre bütçe payları",
        alt_text=(f"Nokta grafiği: {len(summary)} programın her biri, her ortak politika alanında bir nokta (bütçesinin, yani toplam kaynak ihtiyacının içindeki payı), "
                  "büyükşehir ve ilçe belediyeleri ayrı sıralarda; seçilen program siyah elmasla ve payıyla gösterilir. Tablo: her grupta her alanın ortanca, en düşük ve en yüksek payı."),
        data=_named(peers, page, ("lowest_program", "highest_program")).assign(peer_group=[kind_label(k) for k in peers.get("peer_group", [])]),
        columns={"peer_group": "Grup", "label_tr": "Politika alanı", "programs": "Program", "median_share_of_budget": "Ortanca pay (bütçe içinde)",
                 "lowest_share_of_budget": "En düşük pay (bütçe içinde)", "lowest_program": "En düşük", "highest_share_of_budget": "En yüksek pay (bütçe içinde)",
                 "highest_program": "En yüksek"},
        csv=f"{page.href_prefix}budget_by_policy_area.csv",
        site_root=site_root,
        chart_id="chart-compare-policy-areas",
    )


def _named(df: pd.DataFrame, page: ComparisonPage, columns: tuple[str, ...]) -> pd.DataFrame:
    """`df` with program ids in `columns` replaced by their names, and shares as floats (for the text alternative)."""
    out = df.copy()
    for c in columns:
        if c in out:
            out[c] = [page.name(v) for v in out[c]]
    for c in out.columns:
        if c.endswith("share") or c.endswith("share_of_budget"):
            out[c] = [fmt_pct(v) if v != "" else "–" for v in out[c]]
    return out


def chart_ambition(page: ComparisonPage, site_root: str | None) -> Any:
    """One dot per program: the share of its comparable indicators whose 2021 target improves on the baseline."""
    import altair as alt

    from analysis.pages import charts

    plot = ambition_points(page)
    if page.table("program_summary").empty:
        return ""
    if plot.empty:
        return charts.note("Karşılaştırılabilir gösterge yok.")
    tooltip = [alt.Tooltip("program:N", title="Program"), alt.Tooltip("grup:N", title="Grup"), alt.Tooltip("pay_metin:N", title="Hedefi iyileşen göstergelerin payı"),
               alt.Tooltip("n:Q", title="Karşılaştırılabilir gösterge")]
    chart = _strip(plot, "satir", None, ["Tüm programlar"], ["Hedefi başlangıç değerinden", "iyi olan göstergelerin payı"], tooltip, height=90,
                   url=_points_url(page, "ambition_points", site_root))
    groups = page.table("peer_group_summary")
    return charts.figure(
        chart,
        title="Hedefler ne kadar iddialı?",
        alt_text=(f"Nokta grafiği: {len(plot)} programın her biri bir nokta; 2021 hedefi başlangıç değerinden iyi olan göstergelerin payı, "
                  "büyükşehir ve ilçe belediyeleri ayrı sıralarda. Tablo: grupların ortancaları."),
        data=_named(groups, page, ()).assign(peer_group=[GROUP_TITLES.get(k, k) for k in groups.get("peer_group", [])]),
        columns={"peer_group": "Grup", "programs": "Program", "median_share_improves": "Ortanca: hedefi iyileşen payı",
                 "median_transport_share_of_budget": "Ortanca: ulaşımın bütçedeki payı", "median_reconciliation_mismatches": "Ortanca: çelişki"},
        csv=f"{page.href_prefix}program_summary.csv",
        site_root=site_root,
        chart_id="chart-compare-ambition",
    )


# --------------------------------------------------------------------------- sentences that do not grow with the programs


def _extremes(s: pd.DataFrame, column: str) -> tuple[int, int] | None:
    """Row numbers of the lowest and the highest value of `column` (ties: first in the table)."""
    vals = [(to_decimal(v), i) for i, v in zip(s.index, s[column], strict=True) if v != ""]
    if not vals:
        return None
    low = min(vals, key=lambda t: (t[0], t[1]))[1]
    high = min(vals, key=lambda t: (-t[0], t[1]))[1]
    return low, high


def how_shares_are_decided(page: ComparisonPage, site_root: str | None) -> str:
    """Why the shares are comparable: one set of rules for every program, purpose first, each area tied to COFOG."""
    root = site_root or "."
    return (
        "**Paylar nasıl belirlendi.** Her programın her faaliyeti **aynı kurallarla**, parasının ne için harcandığına göre "
        "tek bir politika alanına konur (BM'nin devlet fonksiyonları sınıflandırması COFOG'daki gibi): önce faaliyetin adı, sonra "
        "performans hedefinin metni, sonra tema, en son harcamayı yapan birim. Aynı belge hangi adla eklenirse eklensin aynı payları "
        "alır; programa özgü kayıt yalnız belgenin kendi hatasının gerekçeli düzeltmesi olabilir. Her alanın COFOG bölümü ya da grubu: "
        f"[politika alanı – COFOG eşleştirmesi]({root}/methodology.html#cofog) "
        f"([CSV]({root}/downloads/cofog_crosswalk.csv)). Her kararın dayanağı ve güveni programın bütçe sayfasındadır; "
        "düşük güvenli kararlar orada gözden geçirilmek üzere listelenir." + _decision_shares(page)
    )


MAX_DECISION_LINES = 12
"""Up to this many programs, the comparison page names each one's share of money decided by name and with low confidence."""


def _decision_shares(page: ComparisonPage) -> str:
    """Per program: the money whose area the activity's own name decided, and the money decided with low confidence."""
    kf = page.table("key_figures")
    if kf.empty or "measure" not in kf.columns:
        return ""
    programs = list(dict.fromkeys(kf["program"]))
    if len(programs) > MAX_DECISION_LINES:  # many programs: each budget page says it
        return ""
    parts = []
    for program in programs:
        rows = {m: i for i, (p, m) in enumerate(zip(kf["program"], kf["measure"], strict=True)) if p == program}
        if "policy_area_basis_name_share" in rows and "policy_area_low_confidence_share" in rows:
            parts.append(f"{page.link(program)}: adıyla {page.cite('key_figures', 'value', rows['policy_area_basis_name_share'], 'pct')}, "
                         f"düşük güvenle {page.cite('key_figures', 'value', rows['policy_area_low_confidence_share'], 'pct')}")
    if not parts:
        return ""
    return " Alanı faaliyetin kendi adıyla ve düşük güvenle belirlenen paranın payı: " + "; ".join(parts) + "."


def area_summary(page: ComparisonPage, column: str = "transport_share_of_budget", what: str = "ulaşıma") -> str:
    """Per peer group: which program gives the largest and the smallest share of its whole budget to an area, and the group's median."""
    s = page.table("program_summary")
    if s.empty:
        return ""
    groups = page.table("peer_group_summary")
    lines = []
    for group, members in s.groupby("kind", sort=True):
        ext = _extremes(members, column)
        if ext is None:
            continue
        low, high = ext
        g = groups.index[groups["peer_group"] == group].tolist()
        median = f" Ortanca: {page.cite('peer_group_summary', 'median_transport_share_of_budget', g[0], 'pct')}." if g and column == "transport_share_of_budget" else ""
        act = "transport_share" if column == "transport_share_of_budget" else ""

        def pair(i: int, column: str = column, act: str = act) -> str:
            """`bütçe içinde %27,7; faaliyetlere bağlanan para içinde %42,1`."""
            budget = f"bütçe içinde {page.cite('program_summary', column, i, 'pct')}"
            return budget + (f"; faaliyetlere bağlanan para içinde {page.cite('program_summary', act, i, 'pct')}" if act and s.loc[i, act] != "" else "")

        title = GROUP_TITLES.get(group, md_text(group))
        if len(members) == 1:
            lines.append(f"- **{title}** (1 program): {page.link(s.loc[high, 'program'])}, {pair(high)}.")
            continue
        if s.loc[low, column] == s.loc[high, column]:
            lines.append(f"- **{title}** ({len(members)} program): hepsinde {pair(high)}.")
            continue
        lines.append(
            f"- **{title}** ({len(members)} program): {what} en büyük payı {page.link(s.loc[high, 'program'])} ayırıyor "
            f"({pair(high)}), en küçüğünü {page.link(s.loc[low, 'program'])} ({pair(low)}).{median}"
        )
    return "\n".join(lines)


def ambition_summary(page: ComparisonPage) -> str:
    """Per peer group: the most and the least ambitious program, and the group's median."""
    s = page.table("program_summary")
    if s.empty:
        return ""
    groups = page.table("peer_group_summary")
    lines = []
    for group, members in s.groupby("kind", sort=True):
        ext = _extremes(members, "share_improves")
        if ext is None:
            continue
        low, high = ext
        g = groups.index[groups["peer_group"] == group].tolist()
        median = f" Grubun ortancası {page.cite('peer_group_summary', 'median_share_improves', g[0], 'pct')}." if g else ""
        if len(members) == 1 or s.loc[low, "share_improves"] == s.loc[high, "share_improves"]:
            who = page.link(s.loc[high, "program"]) if len(members) == 1 else f"{len(members)} programın hepsi"
            lines.append(f"- **{GROUP_TITLES.get(group, md_text(group))}** ({len(members)} program): {who}, "
                         f"hedefi başlangıçtan iyi olan göstergelerin payı {page.cite('program_summary', 'share_improves', high, 'pct')}.")
            continue
        lines.append(
            f"- **{GROUP_TITLES.get(group, md_text(group))}**: hedeflerinin en büyük payını başlangıç değerinin üstüne koyan "
            f"{page.link(s.loc[high, 'program'])} ({page.cite('program_summary', 'share_improves', high, 'pct')}), en küçük payını "
            f"{page.link(s.loc[low, 'program'])} ({page.cite('program_summary', 'share_improves', low, 'pct')}).{median}"
        )
    return "\n".join(lines)


def peer_groups(page: ComparisonPage) -> str:
    """Per peer group, a small table: each policy area's median share, and who spends least and most on it."""
    df = page.table("peer_groups")
    if df.empty:
        return ""
    parts = []
    for group, sub in df.groupby("peer_group", sort=True):
        show = _named(sub, page, ("lowest_program", "highest_program"))
        show["lowest"] = [f"{p} ({v})" for p, v in zip(show["lowest_program"], show["lowest_share_of_budget"], strict=True)]
        show["highest"] = [f"{p} ({v})" for p, v in zip(show["highest_program"], show["highest_share_of_budget"], strict=True)]
        title = f"{GROUP_TITLES.get(group, group)} ({sub['programs'].iloc[0]} program)"
        if sub["programs"].iloc[0] == "1":
            columns = {"label_tr": "Politika alanı", "median_share_of_budget": f"{show['lowest_program'].iloc[0]}: bütçe içindeki pay"}
        else:
            columns = {"label_tr": "Politika alanı", "median_share_of_budget": "Ortanca pay (bütçe içinde)", "lowest": "En düşük (bütçe içinde)", "highest": "En yüksek (bütçe içinde)"}
        parts.append(html_table(show, columns, caption=title))
    return "".join(parts) + f'<p><a href="{page.href_prefix}peer_groups.csv" download>peer_groups.csv</a></p>'


MAX_INLINE_ROWS = 60
"""Up to this many programs, the indicator quality table is on the page (folded); beyond, it is linked."""


def quality_table(page: ComparisonPage) -> str:
    """Indicator quality per program, folded (one row per program)."""
    df = page.table("indicator_quality")
    if df.empty:
        return ""
    if len(df) > MAX_INLINE_ROWS:  # many programs: the table is the file (and its row page), not a part of this page
        return (f'<p>Gösterge kalitesi, program program: <a href="{page.href_prefix}indicator_quality.csv" download>indicator_quality.csv</a> '
                f'({len(df)} satır; <a href="{page.href_prefix}indicator_quality.html">satırlarıyla sayfa</a>). Her programın kendi değerleri '
                "“Hedefler ne kadar iddialı?” sayfasındadır.</p>")
    show = df.copy()
    show["program"] = show["program"].map(page.name)
    for c in ("share_with_actual", "share_with_baseline", "share_equals_last", "share_output", "share_outcome"):
        show[c] = [fmt_pct(v) if v != "" else "belirtilmemiş" for v in show[c]]
    show["indicators_per_target_mean"] = [to_decimal(v) for v in show["indicators_per_target_mean"]]
    table = html_table(
        show,
        {"program": "Program", "indicators_per_target_mean": "Hedef başına gösterge", "share_with_actual": "2019 değeri olan", "share_with_baseline": "Geçmiş değeri olan",
         "share_equals_last": "Hedefi son değere eşit", "share_output": "Çıktı göstergesi", "share_outcome": "Sonuç göstergesi"},
        caption="Gösterge kalitesi",
    )  # fmt: skip
    return (f"<details><summary>Gösterge kalitesi, program program ({len(df)} satır)</summary>{table}</details>"
            f'<p><a href="{page.href_prefix}indicator_quality.csv" download>indicator_quality.csv</a></p>')
