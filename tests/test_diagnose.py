"""`python -m analysis diagnose`: a document no layout reads gets the closest layout and what it missed.

The document is made here (`intake_docs.grid_like_without_indicator_header`): a ruled table with the grid
layout's labels (`Sorumlu Birim Adı`, `Performans Hedefi`), activity header and `Genel Toplam (TL)`, but an
indicator block headed `Sıra | Ölçüt | Birim | 2021 | 2022 | 2023`: what is missing is known by
construction. One cell prints `<script>alert(1)</script>`: the reports must show it as text.
"""

from __future__ import annotations

import os
import subprocess
import sys

from .intake_docs import grid_like_without_indicator_header, plain_text_pdf


def run(args: list[str], cwd) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "analysis", "diagnose", *args], cwd=cwd, capture_output=True, text=True, env=env)


def test_diagnose_names_the_closest_layout_and_the_missing_indicator_header(tmp_path):
    pdf = grid_like_without_indicator_header(tmp_path / "new.pdf")
    out = tmp_path / "diag"
    result = run([str(pdf), "--out", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "closest layout: grid" in text
    line = next(ln for ln in text.splitlines() if "no indicator header" in ln)
    assert "Performans Göstergeleri" in line  # what it needs
    assert "the closest header row is on p. 1: Sıra | Ölçüt | Birim | 2021 | 2022 | 2023" in line
    assert "(lacks: Performans Göstergeleri / Performans Göstergesi)" in line
    assert "performance-target labels" not in text.split("closest layout")[1]  # found: not listed as missing
    html = (out / "report.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in md
    assert (out / "pages" / "p0001.png").stat().st_size > 1000
    assert 'id="p1"' in html and "ruled" in html


def test_diagnose_of_a_page_without_tables_and_of_a_non_pdf(tmp_path):
    result = run([str(plain_text_pdf(tmp_path / "plain.pdf")), "--out", str(tmp_path / "d")], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 pages (0 without text), 0 tables" in result.stdout
    assert "no row of any table shows any of its words" in result.stdout
    bad = tmp_path / "notes.txt"
    bad.write_text("hello", encoding="utf-8")
    result = run([str(bad), "--out", str(tmp_path / "e")], tmp_path)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert result.returncode != 0 and len(lines) == 1 and "not a PDF file" in lines[0]
    assert not (tmp_path / "e").exists()
