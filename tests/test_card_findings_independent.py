"""The expected findings of the card layout are reproducible from an independent derivation.

`tests/card_expected_findings.csv` (what `test_extract_card.py::test_nothing_else_mismatches` compares the
extractor with) is written by `tests/independent/card_findings.py`, which reads the Küçükçekmece 2021 PDF
with pdfplumber, cross-checks every indicator value against the text edition and never imports `analysis`.
These tests re-run it into tmp_path and require the committed file byte for byte. Regenerate with
`python tests/independent/card_findings.py --out tests/card_expected_findings.csv`; rows that were also
checked by eye are listed in `tests/independent/HAND_CHECKED.md`.
"""

from __future__ import annotations

import ast
import csv
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "independent" / "card_findings.py"
EXPECTED = HERE / "card_expected_findings.csv"

# run the script as its own program and fail if anything of the `analysis` package got imported
RUNNER = """
import runpy, sys
sys.argv = [sys.argv[1], "--out", sys.argv[2]]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except SystemExit as e:
    if e.code:
        raise
leaked = sorted(m for m in sys.modules if m == "analysis" or m.startswith("analysis."))
assert not leaked, f"the derivation imported {leaked}"
"""


@pytest.mark.slow
def test_the_derivation_reproduces_the_committed_expected_findings(tmp_path):
    out = tmp_path / "card_findings.csv"
    result = subprocess.run([sys.executable, "-c", RUNNER, str(SCRIPT), str(out)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert out.read_text(encoding="utf-8") == EXPECTED.read_text(encoding="utf-8")


def test_the_derivation_does_not_import_the_extractor():
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "analysis" not in imported and "src" not in imported


def test_the_committed_findings_have_the_reconciliation_columns():
    with EXPECTED.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["check", "scope", "status", "stated", "computed", "difference", "pages"]
    assert {r["status"] for r in rows} == {"mismatch", "missing"}
    assert all(r["pages"] for r in rows)
