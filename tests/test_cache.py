"""The build cache follows the code: editing any module a page imports re-runs the notebooks, and only then.

The modules a notebook imports are found here *independently of the cache's own import reading*: each
notebook's import cell is run in a fresh interpreter and `sys.modules` lists what was actually loaded. The
cache (which reads imports from the source) must count every one of them as the notebooks' code.
Everything happens in temporary copies; the working checkout is never touched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import dag
from analysis.core.catalog import load_catalog
from analysis.core.paths import Paths
from analysis.pipeline import Build, catalog_entry

from .conftest import ROOT, copy_project

SRC = ROOT / "src" / "analysis"


def notebook_import_lines(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return [line for line in code.splitlines() if line.startswith(("import analysis", "from analysis"))]


def loaded_modules(import_lines: list[str]) -> set[str]:
    """The `analysis` modules Python actually loads for these import lines (run in a fresh interpreter)."""
    probe = "\n".join(import_lines) + "\nimport sys\nprint('\\n'.join(m for m in sys.modules if m == 'analysis' or m.startswith('analysis.')))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return set(out.split())


def module_path(package_dir: Path, module: str) -> Path:
    base = package_dir.joinpath(*module.split(".")[1:])
    return base / "__init__.py" if (base / "__init__.py").exists() else base.with_suffix(".py")


@pytest.fixture(scope="module")
def notebook_modules() -> set[str]:
    found: set[str] = set()
    for nb in sorted(ROOT.glob(dag.PROGRAM_NOTEBOOKS)):
        found |= loaded_modules(notebook_import_lines(nb))
    return found


def notebooks_key(package_dir: Path) -> str:
    p = Paths(ROOT)
    program = load_catalog(ROOT)[0]
    b = Build(p, programs=[program], package_dir=package_dir)
    return b.key(dag.BY_NAME["notebooks"], program, params={"program": catalog_entry(b, program)})


def test_the_notebooks_import_the_page_modules(notebook_modules):
    assert {"analysis.pages.budget", "analysis.pages.indicators", "analysis.pages.checks", "analysis.pages.overview"} <= notebook_modules


def test_editing_any_module_a_notebook_imports_changes_the_notebooks_key(tmp_path, notebook_modules):
    copy = Path(shutil.copytree(SRC, tmp_path / "analysis", ignore=shutil.ignore_patterns("__pycache__")))
    before = notebooks_key(copy)
    assert before == notebooks_key(SRC), "a copy of the same code must give the same key"
    for module in sorted(notebook_modules):
        path = module_path(copy, module)
        original = path.read_text(encoding="utf-8")
        path.write_text(original + "\n# edited\n", encoding="utf-8")
        assert notebooks_key(copy) != before, f"editing {module} does not re-run the notebooks"
        path.write_text(original, encoding="utf-8")
    assert notebooks_key(copy) == before


def test_editing_a_module_no_notebook_uses_keeps_the_notebooks_up_to_date(tmp_path, notebook_modules):
    copy = Path(shutil.copytree(SRC, tmp_path / "analysis", ignore=shutil.ignore_patterns("__pycache__")))
    before = notebooks_key(copy)
    unrelated = "analysis.extract.grid.pdf"
    assert unrelated not in notebook_modules
    path = module_path(copy, unrelated)
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert notebooks_key(copy) == before


@pytest.mark.slow
def test_after_editing_a_page_module_the_notebooks_stage_runs_again(tmp_path, built_project):
    """End to end, as a user would: edit `pages/budget.py` in a copy, run the stage, see it run, then see it rest."""
    project = copy_project(tmp_path / "project")
    for generated in ("data", "report"):  # the built outputs of the session's build
        shutil.rmtree(project / generated)
        shutil.copytree(built_project / generated, project / generated, symlinks=True)
    src = tmp_path / "src"
    shutil.copytree(SRC, src / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(src), "PYTHONWARNINGS": "ignore"}
    env.pop("PERFORMANS_ROOT", None)

    def run_notebooks() -> str:
        result = subprocess.run([sys.executable, "-m", "analysis", "notebooks"], cwd=project, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stderr

    assert "notebooks kocaeli-2021: up to date" in run_notebooks()
    budget = src / "analysis" / "pages" / "budget.py"
    budget.write_text(budget.read_text(encoding="utf-8") + "\n# a reader's edit\n", encoding="utf-8")
    ran = run_notebooks()
    n = len(list((ROOT / "notebooks").glob("[1-8]*.ipynb")))  # one page per program notebook template
    assert f"notebooks kocaeli-2021: {n} notebooks" in ran and f"notebooks kucukcekmece-2021: {n} notebooks" in ran, ran
    assert "notebooks kocaeli-2021: up to date" in run_notebooks()


def test_editing_a_layout_profile_re_runs_extraction_only(tmp_path, notebook_modules):
    """A profile (extract/profiles/*.yml) is read at run time: it is code of the extract stage, not of the notebooks."""
    from analysis.core import cache

    copy = Path(shutil.copytree(SRC, tmp_path / "analysis", ignore=shutil.ignore_patterns("__pycache__")))
    extract_code = dag.BY_NAME["extract"].code
    before, notebooks_before = cache.code_fingerprint(extract_code, copy), notebooks_key(copy)
    profile = copy / "extract" / "profiles" / "guide_forms.yml"
    profile.write_text(profile.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert cache.code_fingerprint(extract_code, copy) != before
    assert notebooks_key(copy) == notebooks_before


# --------------------------------------------------------------------------- build records: outputs are checked, not trusted


def _stage_with_outputs(root: Path) -> tuple[Path, list[str]]:
    """A made-up stage run in `root`: a folder output with two files, a file output, a glob output."""
    (root / "out").mkdir()
    (root / "out" / "a.csv").write_text("x,y\n1,2\n", encoding="utf-8")
    (root / "out" / "sub").mkdir()
    (root / "out" / "sub" / "b.csv").write_text("z\n3\n", encoding="utf-8")
    (root / "page.html").write_text("<p>sayfa</p>\n", encoding="utf-8")
    (root / "_gen.md").write_text("# üretildi\n", encoding="utf-8")
    (root / "in.txt").write_text("girdi\n", encoding="utf-8")
    return root / "out" / ".build-key", ["out/", "page.html", "_*"]


def _key(root: Path):
    from analysis.core import cache

    return cache.make_key("demo", inputs=[root / "in.txt"], base=root, code=["analysis.core.io"])


def test_a_stage_is_fresh_only_while_every_output_it_wrote_is_there_unchanged(tmp_path):
    from analysis.core import cache

    record, outputs = _stage_with_outputs(tmp_path)
    key = _key(tmp_path)
    assert not cache.check(record, key, tmp_path, outputs).fresh, "nothing recorded yet"
    cache.stamp(record, key, tmp_path, outputs)
    assert cache.check(record, key, tmp_path, outputs).fresh
    written = json.loads(record.read_text(encoding="utf-8"))["outputs"]
    assert set(written) == {"out/a.csv", "out/sub/b.csv", "page.html", "_gen.md"}, "every output file is recorded (the record itself is not)"

    (tmp_path / "out" / "sub" / "b.csv").unlink()
    found = cache.check(record, key, tmp_path, outputs)
    assert not found.fresh and found.why() == "out/sub/b.csv missing"


@pytest.mark.parametrize(
    "damage, expected",
    [
        (lambda root: (root / "out" / "a.csv").write_bytes(b"x,y\n"), "out/a.csv changed since it was made"),  # truncated
        (lambda root: (root / "out" / "a.csv").write_bytes(b"x,y\n9,2\n"), "out/a.csv changed since it was made"),  # same size
        (lambda root: (root / "page.html").unlink(), "page.html missing"),
        (lambda root: (root / "_gen.md").write_text("# el ile\n", encoding="utf-8"), "_gen.md changed since it was made"),
        (lambda root: (root / "out" / "extra.csv").write_text("q\n", encoding="utf-8"), "out/extra.csv not made by the build"),
    ],
)
def test_a_damaged_output_makes_its_stage_stale_and_says_which(tmp_path, damage, expected):
    from analysis.core import cache

    record, outputs = _stage_with_outputs(tmp_path)
    key = _key(tmp_path)
    cache.stamp(record, key, tmp_path, outputs)
    size = (tmp_path / "out" / "a.csv").stat().st_size
    damage(tmp_path)
    found = cache.check(record, key, tmp_path, outputs)
    assert (found.fresh, found.why()) == (False, expected)
    if "same size" in expected:
        assert (tmp_path / "out" / "a.csv").stat().st_size == size


def test_a_file_beside_a_glob_output_is_not_the_stages_and_dot_files_are_never_outputs(tmp_path):
    from analysis.core import cache

    record, outputs = _stage_with_outputs(tmp_path)
    key = _key(tmp_path)
    cache.stamp(record, key, tmp_path, outputs)
    (tmp_path / "_another.md").write_text("başka\n", encoding="utf-8")  # `_*` is not a folder the stage replaces whole
    (tmp_path / "out" / ".cache-of-something").write_text("1\n", encoding="utf-8")
    assert cache.check(record, key, tmp_path, outputs).fresh


def test_a_changed_input_is_named_and_an_old_record_is_never_trusted(tmp_path):
    from analysis.core import cache

    record, outputs = _stage_with_outputs(tmp_path)
    key = _key(tmp_path)
    cache.stamp(record, key, tmp_path, outputs)
    (tmp_path / "in.txt").write_text("başka girdi\n", encoding="utf-8")
    found = cache.check(record, _key(tmp_path), tmp_path, outputs)
    assert (found.fresh, found.why()) == (False, "input changed: in.txt")
    record.write_text(key.digest + "\n")  # the record of an earlier version: the key alone
    found = cache.check(record, key, tmp_path, outputs)
    assert (found.fresh, found.why()) == (False, "build record of an older version")


def test_required_outputs_must_exist_whatever_the_record_says(tmp_path):
    from analysis.core import cache

    record, outputs = _stage_with_outputs(tmp_path)
    key = _key(tmp_path)
    cache.stamp(record, key, tmp_path, outputs)
    found = cache.check(record, key, tmp_path, outputs, required=["out/c.csv"])
    assert (found.fresh, found.why()) == (False, "out/c.csv never made")
