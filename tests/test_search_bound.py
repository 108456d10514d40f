"""The search index at many programs: one entry per program, and no entry's text without bound.

Expected values are written out by hand from the entries given (the renderer writes one entry per section).
"""

from __future__ import annotations

import json

from analysis.site import search


def _entries(n: int) -> list[dict]:
    pages = [("index.html", "Genel bakış"), ("budget.html", "Bütçe nereye gidiyor?"), ("checks.html", "Belgenin kendi rakamları tutuyor mu?")]
    out = [{"objectID": "data.html#okunan-baskılar", "href": "data.html#okunan-baskılar", "title": "Veri", "section": "Okunan baskılar", "text": "baskı " * 5000}]
    for i in range(n):
        for name, title in pages:
            href = f"report/sentetik-{i:04d}-2021/{name}"
            out.append({"objectID": href, "href": href, "title": f"Sentetik {i:04d} 2021: {title}", "section": "", "text": f"{title} metni {i}. " * 30})
    return out


def test_few_programs_keep_one_entry_per_page(tmp_path):
    (tmp_path / "search.json").write_text(json.dumps(_entries(8)), encoding="utf-8")
    assert search.bound_search_index(tmp_path) == (25, 25)


def test_many_programs_keep_one_entry_each_naming_its_pages(tmp_path):
    (tmp_path / "search.json").write_text(json.dumps(_entries(9)), encoding="utf-8")
    assert search.bound_search_index(tmp_path) == (28, 10)
    out = json.loads((tmp_path / "search.json").read_text(encoding="utf-8"))
    one = next(e for e in out if e["href"] == "report/sentetik-0003-2021/index.html")
    assert one["title"] == "Sentetik 0003 2021: Genel bakış"
    assert one["section"] == "Genel bakış · Bütçe nereye gidiyor? · Belgenin kendi rakamları tutuyor mu?"
    assert one["text"].startswith("Genel bakış metni 3.") and len(one["text"]) == search.PROGRAM_TEXT
    data = next(e for e in out if e["href"] == "data.html#okunan-baskılar")
    assert len(data["text"]) == search.SITE_TEXT


def test_the_index_at_1400_programs_is_a_fifth_of_one_entry_per_page(tmp_path):
    entries = [e for e in _entries(1400) if e["href"].startswith("report/")]
    per_page = len(json.dumps(search.bound_index(entries), ensure_ascii=False).encode())
    (tmp_path / "search.json").write_text(json.dumps(entries), encoding="utf-8")
    search.bound_search_index(tmp_path)
    per_program = (tmp_path / "search.json").stat().st_size
    assert per_program * 2 < per_page
