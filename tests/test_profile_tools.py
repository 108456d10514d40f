"""Profiles a student writes: `profile check`, `profile new`, and a project's own profiles in data/profiles/.

The document is the synthetic ortakent-2023 (its README gives what it prints); the profiles are written here
as YAML text, not taken from the package's code.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.extract import extract_file, layouts_for
from analysis.extract.core.profile import ProfileError

ROOT = Path(__file__).resolve().parents[1]
ORTAKENT = ROOT / "tests/fixtures/ortakent-2023/ortakent-2023.pdf"

# The profile of docs/new-layout.md, written there from scratch for the unit tables of ortakent-2023: only the unit
# tables and the summary by unit, with the header words as printed (README: "Amaç / Hedef | Performans Hedefi |
# Gösterge | Birim | 2021 Gerçekleşen | 2022 Tahmini | 2023 Hedefi | Faaliyet ve Projeler | Bütçe İçi (TL) | …").
GUIDE = ROOT / "docs/new-layout.md"
STUDENT_PROFILE = re.search(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL).group(1)


@pytest.fixture(scope="module")
def project_profiles(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("project") / "data" / "profiles"
    folder.mkdir(parents=True)
    (folder / "my_layout.yml").write_text(STUDENT_PROFILE, encoding="utf-8")
    return folder


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def test_a_yaml_only_profile_of_the_project_reads_the_document_exactly(project_profiles):
    layouts = layouts_for(project_profiles)
    r = extract_file(ORTAKENT, "ortakent-2023", layouts=layouts, prefer="my_layout")
    assert r.layout == "my_layout"
    # README / page 6: 56 performance targets, 173 indicators, 145 activities in 12 units
    assert (len(r.performance_targets), len(r.indicators), len(r.activities)) == (56, 173, 145)
    assert len({a.unit for a in r.activities}) == 12
    assert sum(a.total for a in r.activities) == 362092376
    # the two planted contradictions as this profile's checks see them (README: 90.000 and 63.000 TL)
    bad = sorted((x.check, x.scope, x.computed - x.stated) for x in r.reconciliation if x.status == "mismatch")
    assert bad == sorted([("unit_total", "Yapı Kontrol Müdürlüğü", -90000)] * 2 + [("by_unit_vs_unit_table", "Yapı Kontrol Müdürlüğü", 90000)] * 2
                         + [("by_unit_vs_unit_table", "Mali Hizmetler Müdürlüğü", -63000)] * 2)
    assert r.method["profile"] == "data/profiles/my_layout.yml (the project's own)"
    assert [(s.table, s.value) for s in r.stated_totals if (s.scope, s.measure) == ("program", "total_resource_need")] == [("by_unit", 362092376)]


def test_a_project_profile_may_not_take_a_shipped_name(tmp_path):
    (tmp_path / "x.yml").write_text(STUDENT_PROFILE.replace("name: my_layout", "name: unit_tables"), encoding="utf-8")
    with pytest.raises(ProfileError, match=r"x\.yml: the name 'unit_tables' is taken"):
        layouts_for(tmp_path)


def test_a_project_profile_may_not_ask_for_code(tmp_path):
    (tmp_path / "x.yml").write_text("code: my_module\n" + STUDENT_PROFILE, encoding="utf-8")
    with pytest.raises(ProfileError, match=r"x\.yml: code 'my_module' is not a builder"):
        layouts_for(tmp_path)


def test_profile_check_reports_pages_headers_and_checks_and_draws_them(project_profiles, tmp_path):
    out = tmp_path / "check"
    res = _run("profile", "check", str(project_profiles / "my_layout.yml"), str(ORTAKENT), "--out", str(out), cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-2000:]
    text = res.stdout
    assert "p. 9: Performans Hedefleri ve Faaliyetler Tablosu" in text
    assert "'2021 Gerçekleşen' -> year_2021 (actual)" in text and "'2022 Tahmini' -> year_2022 (estimate)" in text
    assert "p. 33: Birimlere Göre Kaynak Dağılımı" in text
    assert "rows: 56 performance targets, 173 indicators (519 values), 145 activities" in text
    assert "check unit_total: mismatch 2, ok 34" in text
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == len({line.split(":")[0] for line in text.splitlines() if line.startswith("p. ")})
    assert "<h2 id='p33'>" in html


def test_profile_check_names_rows_left_over_and_lost_tables(tmp_path):
    # activities not declared as records: rows that print only an activity are left over (p. 9: the fifth row of
    # PH1.1.1 prints only an activity, and the block's merged cells end with it)
    no_activities = tmp_path / "no_activities.yml"
    no_activities.write_text(STUDENT_PROFILE.replace("          activities: [activity, budget, off_budget, total]\n", ""), encoding="utf-8")
    res = _run("profile", "check", str(no_activities), str(ORTAKENT), cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "    left over: A1 / H1.1 | PH1.1.1 2023 yılında, hizmet kalitesini" in res.stdout
    # a header word that the document does not print: the unit tables are not recognised, and that is said
    wrong_word = tmp_path / "wrong_word.yml"
    wrong_word.write_text(STUDENT_PROFILE.replace("ph: [Performans Hedefi]", "ph: [Performans Hedefleri Listesi]"), encoding="utf-8")
    res = _run("profile", "check", str(wrong_word), str(ORTAKENT), cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "check unit_total: no printed value found  <- nothing compared" in res.stdout
    assert "warning: lost table: Performans Hedefleri ve Faaliyetler Tablosu (pages 9, 11, 13" in res.stdout


def test_profile_check_of_a_broken_profile_is_one_line(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("name: x\ntables:\n  t:\n    blocks:\n      b:\n        required: [nothing]\n        columns: {name: [Ad]}\n", encoding="utf-8")
    res = _run("profile", "check", str(bad), str(ORTAKENT), cwd=tmp_path)
    assert res.returncode == 2
    assert res.stderr.strip().count("\n") == 0 and "bad.yml: tables.t.blocks.b.required" in res.stderr


def test_profile_new_drafts_from_the_closest_profile_with_findings(tmp_path):
    out = tmp_path / "draft.yml"
    res = _run("profile", "new", str(ORTAKENT), "--out", str(out), "--name", "my_layout", cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Draft made by `python -m analysis profile new` from the shipped profile 'unit_tables'")
    assert "# unit_summary (Birimlere Göre Kaynak Dağılımı): recognised on pages 33" in text
    assert "\nname: my_layout\n" in text
    # the draft is a working profile of the project's own: it reads the document
    layouts = layouts_for(tmp_path)
    r = extract_file(ORTAKENT, "ortakent-2023", layouts=layouts, prefer="my_layout")
    assert (len(r.performance_targets), len(r.indicators), len(r.activities)) == (56, 173, 145)
    again = _run("profile", "new", str(ORTAKENT), "--out", str(out), cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_a_catalog_entry_naming_a_project_profile_is_read_with_it(tmp_path):
    """The pipeline: `data/profiles/my_layout.yml` and an entry with `layout: my_layout` → the package says my_layout."""
    import hashlib
    import shutil

    root = tmp_path / "project"
    (root / "data" / "raw" / "ortakent-2023").mkdir(parents=True)
    (root / "data" / "profiles").mkdir()
    shutil.copy(ORTAKENT, root / "data/raw/ortakent-2023/ortakent-2023.pdf")
    (root / "data/profiles/my_layout.yml").write_text(STUDENT_PROFILE, encoding="utf-8")
    sha = hashlib.sha256(ORTAKENT.read_bytes()).hexdigest()
    (root / "data/catalog.yml").write_text(
        "programs:\n  - id: ortakent-2023\n    municipality: Ortakent Belediyesi\n    kind: district\n    province: Test\n    year: 2023\n"
        "    layout: my_layout\n    primary: pdf\n    files:\n      - path: data/raw/ortakent-2023/ortakent-2023.pdf\n        edition: pdf\n"
        f"        sha256: {sha}\n", encoding="utf-8")
    res = _run("extract-all", cwd=root)
    assert res.returncode == 0, res.stderr[-2000:]
    package = json.loads((root / "data/extracted/ortakent-2023/datapackage.json").read_text(encoding="utf-8"))
    assert package["x-extraction"]["layout"] == "my_layout"
