"""A site a journalist can quote: every share says of what, the edition read is named, contradictions say what kind.

Expected values come from the documents themselves, read by hand: Kocaeli 2021 prints its total resource
need 3.400.000.000 TL (p. 114 of the edition read) and, in its İdare Performans Tablosu, Ulaşım Hizmetleri
942.089.700 TL at 27,71 % of the budget (p. 101); its activities add up to 2.235.999.100 TL, so the same
942.089.700 TL is 42,1 % of the money tied to activities. Küçükçekmece 2021 ties its whole budget to activities.
"""

from __future__ import annotations

import re
from decimal import Decimal as D
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from analysis.analyse import shares


def visible_text(path: Path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style", "template"]):
        tag.decompose()
    main = soup.find("main") or soup
    return re.sub(r"\s+", " ", main.get_text(" "))


# --------------------------------------------------------------------------- the analysis: shares with their denominator


def test_share_of_budget_is_the_total_over_the_whole_budget():
    df = pd.DataFrame({"theme": ["A", "B"], "total": [D("30.00"), D("10.00")], "share": [0.75, 0.25]})
    out = shares.add_share_of_budget(df, D("200.00"))
    assert list(out.columns) == ["theme", "total", "share", "share_of_budget"]  # right after `share`
    assert list(out["share_of_budget"]) == [pytest.approx(0.15), pytest.approx(0.05)]
    assert shares.add_share_of_budget(df, None)["share_of_budget"].isna().all()  # no stated total: no share of it


def test_the_documents_printed_share_is_matched_to_its_theme_whatever_the_case():
    st = pd.DataFrame([
        {"table": "admin_performance_table", "scope": "ULAŞIM HİZMETLERİ", "measure": "share_pct", "value": D("27.71"), "page": 101,
         "x0": 1, "top": 2, "x1": 3, "bottom": 4},
        {"table": "admin_performance_table", "scope": "ULAŞIM HİZMETLERİ", "measure": "total", "value": D("942089700.00"), "page": 101,
         "x0": 1, "top": 2, "x1": 3, "bottom": 4},
        {"table": "card", "scope": "İMAR", "measure": "share_pct", "value": D("5.00"), "page": 3, "x0": 1, "top": 2, "x1": 3, "bottom": 4},
    ])
    printed = shares.printed_shares(st)
    df = pd.DataFrame({"theme": ["Ulaşım Hizmetleri", "İmar"], "total": [D("1"), D("2")], "share": [0.5, 0.5]})
    out = shares.add_stated_shares(df, "theme", printed)
    assert out["stated_share"].iloc[0] == pytest.approx(0.2771) and out["stated_share_page"].iloc[0] == 101
    assert pd.isna(out["stated_share"].iloc[1])  # only the admin performance table's shares are the document's shares of the budget


# --------------------------------------------------------------------------- the built site


def test_program_tables_carry_both_denominators_and_the_printed_share(built_project):
    theme = pd.read_csv(built_project / "data/analysis/kocaeli-2021/budget_by_theme.csv", dtype=str).set_index("theme")
    t = theme.loc["Ulaşım Hizmetleri"]
    assert D(t["total"]) == D("942089700.00")
    assert float(t["share"]) == pytest.approx(942089700 / 2235999100, abs=1e-6)
    assert float(t["share_of_budget"]) == pytest.approx(942089700 / 3400000000, abs=1e-6)
    assert (float(t["stated_share"]), t["stated_share_page"]) == (pytest.approx(0.2771), "101")


def test_home_page_gives_kocaelis_transport_share_of_its_whole_budget(built_site):
    text = visible_text(built_site / "index.html")
    block = text[text.index("Ulaşıma ne kadar ayrılıyor?"):text.index("Hedefleri en az iddialı programlar")]
    assert re.search(r"Kocaeli 2021 , bütçe içinde %27,7 \(faaliyetlere bağlanan para içinde %42,1 \)", block), block
    assert re.search(r"Küçükçekmece 2021 , bütçe içinde %9,7 \(faaliyetlere bağlanan para içinde %9,7 \)", block), block
    assert "paydası her zaman bütçenin tamamıdır" in block


def test_no_share_on_the_budget_and_comparison_pages_is_left_unnamed(built_site):
    for page in ("report/kocaeli-2021/budget.html", "report/kucukcekmece-2021/budget.html", "report/comparison.html", "index.html"):
        soup = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
        headers = [th.get_text(" ", strip=True) for th in soup.find_all("th")]
        assert not [h for h in headers if h in ("Pay", "Ortanca pay", "Ulaşımın payı")], (page, headers)
    text = visible_text(built_site / "report/kocaeli-2021/budget.html")
    assert "faaliyetlere bağlanan para içinde %42,1 ; bütçe içinde %27,7 ; belgenin kendi yazdığı pay %27,71 ( s. 101 )" in text
    comparison = visible_text(built_site / "report/comparison.html")
    assert "Kocaeli 2021 , bütçe içinde %27,7 ; faaliyetlere bağlanan para içinde %42,1" in comparison


# --------------------------------------------------------------------------- which edition was read


@pytest.mark.parametrize("program, url", [("kocaeli-2021", "https://www.kocaeli.bel.tr/"), ("kucukcekmece-2021", "https://www.kucukcekmece.bel.tr/")])
def test_each_overview_says_the_edition_read_and_links_the_original(built_site, program, url):
    soup = BeautifulSoup((built_site / f"report/{program}/index.html").read_text(encoding="utf-8"), "html.parser")
    text = re.sub(r"\s+", " ", soup.get_text(" "))
    assert "Okunan baskı: yeniden dizilmiş PDF baskısı." in text
    assert "sayfa numaraları (“s. 101”) bu baskının sayfalarıdır" in text
    assert soup.find("a", href=url) is not None
    assert soup.find("a", href=f"../../downloads/{program}.pdf") is not None


def test_the_data_page_lists_the_edition_of_every_program(built_site):
    text = visible_text(built_site / "data.html")
    block = text[text.index("Okunan baskılar Her programın"):]
    assert block.count("Okunan baskı: yeniden dizilmiş PDF baskısı.") == 2
    assert "Kocaeli 2021" in block and "Küçükçekmece 2021" in block



def test_the_shipped_catalog_says_its_pdfs_are_re_typeset_and_a_new_entry_defaults_to_the_published_pdf(project_root, tmp_path):
    from analysis.core.catalog import read_catalog

    assert {p.id: p.pdf_edition for p in read_catalog(project_root).programs} == {"kocaeli-2021": "retypeset", "kucukcekmece-2021": "retypeset"}
    (tmp_path / "data").mkdir()
    (tmp_path / "data/catalog.yml").write_text(
        "programs:\n  - {id: yeni-2022, municipality: Yeni, kind: district, province: X, year: 2022, layout: card,\n"
        "     files: [{path: data/raw/yeni-2022/y.pdf, edition: pdf, sha256: " + "a" * 64 + "}]}\n", encoding="utf-8")
    assert read_catalog(tmp_path).programs[0].pdf_edition == "published"
