"""A site at 1,400 programs: the parts on every page do not grow with the programs (no build needed).

The sidebar lists provinces, not programs, once there are many programs (Turkey has 81 provinces); each
province has a page listing its programs; the search index keeps one short entry per program page; the
comparison page carries no row per program (its table is drawn in the browser from the CSV, its charts read
their points from JSON files beside it). Expected values are written out here by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import yaml

from analysis.core.catalog import Program, SourceFile
from analysis.core.paths import Paths
from analysis.pages import comparison
from analysis.site import provinces, search
from analysis.site.generated import sidebar_yaml

PROVINCES_81 = 81


def _program(i: int, province: str, kind: str = "district") -> Program:
    return Program(id=f"sentetik-{i:04d}-2021", municipality=f"Sentetik Belediye {i:04d}", short_name=f"Sentetik {i:04d}", kind=kind, province=province,
                   year=2021, title="2021 Yılı Performans Programı", layout="card", source_url="", source_note="", primary="text",
                   files=(SourceFile(path=Path(f"/nowhere/{i}.txt"), edition="text", sha256="0" * 64),))


def _provinces(n: int) -> list[str]:
    return [f"İl {k:02d}" for k in range(n)]


def test_province_file_names_are_ascii_and_distinct():
    assert provinces.slug("İstanbul") == "istanbul"
    assert provinces.slug("Şanlıurfa") == "sanliurfa"
    assert provinces.slug("Iğdır") == "igdir"
    assert provinces.slug("Çorum") == "corum"
    assert provinces.slug("Afyon Karahisar") == "afyon-karahisar"
    assert provinces.slug('<script>alert("x")</script>') == "script-alert-x-script"
    assert re.fullmatch(r"il-[0-9a-f]{10}", provinces.slug("index"))  # never a second index.html
    assert re.fullmatch(r"il-[0-9a-f]{10}", provinces.slug("ÆØÅ"))
    groups = provinces.by_province([_program(1, "İzmir"), _program(2, "Çorum"), _program(3, "Ankara"), _program(4, "Iğdır")])
    assert [g[0] for g in groups] == ["Ankara", "Çorum", "Iğdır", "İzmir"]  # Turkish order: Ç after C, I (dotless) before İ
    groups = provinces.by_province([_program(1, "A b"), _program(2, "A-b")])
    slugs = {g[0]: g[1] for g in groups}
    assert slugs["A b"] != slugs["A-b"] and {slugs["A b"][:3], slugs["A-b"][:3]} == {"a-b"}


def test_the_sidebar_has_the_same_size_at_1400_programs_as_at_100(tmp_path):
    p = Paths(tmp_path)
    names = _provinces(PROVINCES_81)
    small = [_program(i, names[i % PROVINCES_81]) for i in range(100)]
    large = [_program(i, names[i % PROVINCES_81]) for i in range(1400)]
    a, b = sidebar_yaml(p, small), sidebar_yaml(p, large)
    assert len(b) - len(a) < 81 * 3  # only the counts in brackets grow (e.g. "(1)" -> "(17)")
    doc = yaml.safe_load(b)["website"]["sidebar"]["contents"]
    assert doc[0] == {"href": "programs.qmd", "text": "Tüm iller (81)"}
    links = doc[1]["contents"]
    assert len(links) == 81 and links[0] == {"href": "report/iller/il-00.qmd", "text": "İl 00 (18)"}  # 1400 = 81 * 17 + 23
    assert "sentetik" not in b


def test_few_programs_keep_their_pages_in_the_sidebar(tmp_path):
    p = Paths(tmp_path)
    prog = _program(1, "Kocaeli")
    for name in ("index.ipynb", "budget.ipynb"):
        (p.report / prog.id).mkdir(parents=True, exist_ok=True)
        (p.report / prog.id / name).write_text("{}", encoding="utf-8")
    doc = yaml.safe_load(sidebar_yaml(p, [prog]))["website"]["sidebar"]["contents"]
    assert doc == [{"section": "Sentetik 0001 2021", "contents": [{"href": f"report/{prog.id}/index.ipynb", "text": "Genel bakış"},
                                                                  {"href": f"report/{prog.id}/budget.ipynb", "text": "Bütçe nereye gidiyor?"}]}]


def test_a_province_page_lists_its_programs_escaped(tmp_path):
    p = Paths(tmp_path)
    hostile = "Kötü [il](javascript:alert(1)) <b>"
    members = [_program(1, hostile), _program(2, hostile, kind="metropolitan")]
    for prog in members:
        folder = p.analysis / prog.id
        folder.mkdir(parents=True)
        pd.DataFrame([{"program": prog.id, "total_resource_need": "765000000.00", "performance_targets": "100", "indicators": "476", "activities": "175",
                       "reconciliation_mismatches": "89"}]).to_csv(folder / "overview.csv", index=False)
    page = provinces.province_page(p, hostile, members)
    front = yaml.safe_load(page.split("---")[1])
    assert front["title"] == "Kötü &#91;il&#93;(javascript&#58;alert(1)) &#60;b&#62;"
    assert "<b>" not in page and "[il]" not in page
    assert "1 büyükşehir, 1 ilçe" in page
    assert "[Sentetik 0001 2021](../../report/sentetik-0001-2021/index.ipynb)" in page
    assert "765,0 milyon TL" in page


def test_province_pages_are_written_only_for_many_programs(tmp_path):
    p = Paths(tmp_path)
    few = [_program(i, "Ankara") for i in range(8)]
    assert provinces.write_province_pages(p, few) == 0 and not list((p.report / "iller").glob("*"))
    many = [_program(i, ["Ankara", "İzmir", "Van"][i % 3]) for i in range(9)]
    for prog in many:
        (p.analysis / prog.id).mkdir(parents=True)
        pd.DataFrame([{"program": prog.id, "total_resource_need": "1", "performance_targets": "1", "indicators": "1", "activities": "1",
                       "reconciliation_mismatches": "0"}]).to_csv(p.analysis / prog.id / "overview.csv", index=False)
    assert provinces.write_province_pages(p, many) == 3
    assert sorted(f.name for f in (p.report / "iller").iterdir()) == ["ankara.qmd", "izmir.qmd", "van.qmd"]
    index = provinces.provinces_markdown(many)
    assert "| [Ankara](report/iller/ankara.qmd) | 3 | 3 ilçe |" in index


def test_the_search_index_keeps_one_short_entry_per_program_page():
    long = "söz " * 500
    entries = [
        {"objectID": "index.html", "href": "index.html", "title": "Ana sayfa", "section": "", "text": long},
        {"objectID": "report/a-2021/budget.html", "href": "report/a-2021/budget.html", "title": "A 2021: Bütçe", "section": "", "text": "Giriş metni."},
        {"objectID": "report/a-2021/budget.html#temalar", "href": "report/a-2021/budget.html#temalar", "title": "A 2021: Bütçe", "section": "Temalar", "text": long},
        {"objectID": "report/a-2021/budget.html#birimler", "href": "report/a-2021/budget.html#birimler", "title": "A 2021: Bütçe", "section": "Birimler", "text": long},
        {"objectID": "report/iller/van.html", "href": "report/iller/van.html", "title": "Van", "section": "", "text": "Van'daki programlar"},
        {"objectID": "report/comparison.html#x", "href": "report/comparison.html#x", "title": "Karşılaştırma", "section": "X", "text": long},
    ]
    out = search.bound_index(entries)
    assert [e["href"] for e in out] == ["index.html", "report/a-2021/budget.html", "report/iller/van.html", "report/comparison.html#x"]
    budget = out[1]
    assert budget["title"] == "A 2021: Bütçe" and budget["section"] == "Temalar · Birimler"
    assert budget["text"].startswith("Giriş metni. söz söz") and len(budget["text"]) == search.PROGRAM_TEXT
    assert out[0]["text"] == long and out[3]["text"] == long  # the site's own pages keep their text


def _comparison_tables(folder: Path, n: int) -> comparison.ComparisonPage:
    """Comparison tables for `n` programs (two policy areas each), as the compare stage writes them."""
    folder.mkdir(parents=True)
    ids = [f"sentetik-{i:04d}-2021" for i in range(n)]
    pd.DataFrame({"program": ids, "short_name": [f"Sentetik {i:04d}" for i in range(n)], "kind": ["district"] * n, "province": ["Van"] * n,
                  "year": ["2021"] * n, "total_resource_need": ["765000000.00"] * n, "transport_share_of_budget": ["0.1"] * n,
                  "share_improves": ["0.5"] * n, "comparable": ["40"] * n, "reconciliation_mismatches": ["3"] * n}).to_csv(folder / "program_summary.csv", index=False)
    rows = [{"program": pid, "policy_area": area, "label_tr": label, "share_of_budget": "0.25", "share": "0.3", "total": "191250000.00"}
            for pid in ids for area, label in (("transport", "Ulaşım"), ("health", "Sağlık"))]
    pd.DataFrame(rows).to_csv(folder / "budget_by_policy_area.csv", index=False)
    return comparison.ComparisonPage(folder, {pid: pid for pid in ids})


def test_the_comparison_page_does_not_grow_with_the_programs(tmp_path):
    """The table and the charts of 1,400 programs weigh what those of 20 weigh: the rows live in files beside the page."""
    sizes = {}
    for n in (20, 1400):
        page = _comparison_tables(tmp_path / str(n), n)
        sizes[n] = len(comparison.programs_table(page, ".."))
        written = comparison.write_chart_data(page, tmp_path / str(n))
        assert written == ["policy_area_points.json", "ambition_points.json"]
        points = pd.read_json(tmp_path / str(n) / "policy_area_points.json")
        assert len(points) == 2 * n and set(points["pay_metin"]) == {"%25,0"}
    assert sizes[1400] - sizes[20] < 20  # only the counts in the caption differ
    html = comparison.programs_table(page, "..")
    assert 'data-src="comparison-tables/program_summary.csv"' in html and 'href="comparison-tables/program_summary.csv" download' in html
    assert "sentetik-0001" not in html
    assert "toplam kaynak ihtiyacı" in html  # says what the shares are of, even before the script draws the table


def _render(root: Path, out: Path, fast: bool) -> dict[str, bytes]:
    from smalldocs.config import load
    from smalldocs.site import Site

    from analysis.site.fast_layout import linear_layout

    site = Site(load(root), quiet=True)
    site.out = out
    if fast:
        with linear_layout() as replaced:
            site.build()
        assert replaced  # the pinned smalldocs version (requirements.lock) is the one the replacement reproduces
    else:
        site.build()
    return {f.relative_to(out).as_posix(): f.read_bytes() for f in sorted(out.rglob("*.html"))}


def test_the_constant_time_layout_writes_the_same_pages(tmp_path):
    """smalldocs with its lookups made constant-time (`analysis.site.fast_layout`) writes every page byte for byte as without:
    pages in the sidebar (active, in an open section), pages beside them, and program-like pages in sibling folders."""
    root = tmp_path / "project"
    pages = {"index.qmd": "Ana", "programs.qmd": "Liste", "report/comparison.qmd": "Karşılaştırma", "report/iller/van.qmd": "Van",
             "report/iller/mus.qmd": "Muş", "report/a-2021/index.qmd": "A", "report/a-2021/budget.qmd": "A bütçe", "report/b-2021/index.qmd": "B"}
    for rel, title in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(f"---\ntitle: {title}\n---\n\nMetin [liste](/programs.qmd).\n", encoding="utf-8")
    config = {"project": {"type": "website", "output-dir": "_site"},
              "website": {"title": "T", "navbar": {"left": [{"href": "index.qmd", "text": "Ana"}, {"href": "report/comparison.qmd", "text": "K"}]},
                          "sidebar": {"style": "docked", "collapse-level": 1, "contents": [
                              {"href": "programs.qmd", "text": "Tüm iller"},
                              {"section": "İller", "contents": [{"href": "report/iller/van.qmd", "text": "Van"}, {"href": "report/iller/mus.qmd", "text": "Muş"}]},
                              {"href": "report/comparison.qmd", "text": "Karşılaştırma"}]}}}
    (root / "_quarto.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    fast = _render(root, tmp_path / "fast", fast=True)
    plain = _render(root, tmp_path / "plain", fast=False)
    assert sorted(fast) == sorted(plain) and len(fast) == len(pages)
    for rel in plain:
        assert fast[rel] == plain[rel], rel
    assert b'href="../iller/van.html"' in fast["report/b-2021/index.html"]
