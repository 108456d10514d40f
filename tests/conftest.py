"""Shared fixtures: the project root, the built projects, a local web server, generated documents, the scanned set.

`make test` runs the suite on all cores with pytest-xdist (`-n auto --dist loadfile`: every test file runs whole
on one worker, the slow files first, see `SLOW_FILES`). What costs minutes is made **once per run** and shared by
all workers (`made_once`: the first worker to ask makes it under a file lock, the others wait for it):

- `built_project` / `built_site` / `site_url`: the shipped project built exactly as `make report` builds it.
- `many_built_project` / `many_site` / `many_site_url`: twelve programs (`tests/many.py`), built.
- `redated`, `variants_dir`, `scan_set`: generated documents (re-dated copies, form variants, scans).
- `kocaeli_pdf_run`, `kucukcekmece_pdf_run`: the shipped PDFs extracted (`pdf_run_once`).

They are shared: **never write into them**. A test that must change a built project copies it first:
`copy_built(built_project, tmp_path / "project")` (a copy of a built project is cheap and its build cache is valid,
so a build in the copy re-runs only what the test changed). To make something else once per run, write a
session fixture that calls `made_once(tmp_path_factory, "name", make)` with `make(folder)` writing into `folder`.

A test that uses a built project, a browser or the scanned set is marked `slow` automatically (`SLOW_FIXTURES`);
`make check` runs the others (the fast inner loop), `make test` everything.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

# tests never write into the checkout: hypothesis keeps its example database and caches in the temp folder
set_hypothesis_home_dir(os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY") or os.path.join(tempfile.gettempdir(), "performans-hypothesis"))

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


SLOW_FIXTURES = frozenset({"built_project", "built_site", "site_url", "many_built_project", "many_site", "many_site_url", "page", "browser", "scan_set"})
"""A test that uses one of these is marked `slow` (`make check` leaves it out; `make test` runs it)."""

SLOW_FILES = (
    "test_many_site.py", "test_browser.py", "test_series.py", "test_add.py", "test_hostile_site.py", "test_build_safety.py",
    "test_cluster.py", "test_ocr_extract.py", "test_bad_input.py", "test_framing_browser.py", "test_framing.py", "test_ocr.py",
    "test_series_browser.py", "test_card_findings_independent.py", "test_form_variants.py", "test_unit_table_variants.py",
    "test_extract_forms.py", "test_variants_real.py", "test_years.py",
)
"""The test files that take longest, longest first. They run first so that, with a file per worker at a time
(`--dist loadfile --no-loadscope-reorder`), the short files fill the end of the run on both workers. A file
not named here runs after them, in the usual order; an outdated list costs time, never a check."""


def pytest_itemcollected(item: pytest.Item) -> None:
    if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
        item.add_marker(pytest.mark.slow)


@pytest.hookimpl(trylast=True)  # after pytest's own reordering by fixtures
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slowest files first (a stable sort: the order within a file is kept)."""
    rank = {name: i for i, name in enumerate(SLOW_FILES)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(autouse=True, scope="module")
def _page_pool_ends_with_its_module() -> Iterator[None]:
    """No page-reading process outlives the test module that started it.

    The pool's processes are forked and hold every file open in this process when they start, pipes to
    the browser driver of the browser tests included: left running, they keep that pipe open and the
    driver's shutdown at the end of the session waits for ever (`analysis.extract.pages.shutdown_pool`).
    """
    yield
    from analysis.extract import pages

    pages.shutdown_pool()


# What a copy of the project needs: the tracked files, plus earlier build outputs so the build cache can skip
# the stages whose inputs did not change (a fresh clone has none, and builds everything).
_NOT_COPIED = {".git", ".venv", ".pytest_cache", ".hypothesis", "tests", "__pycache__", ".ipynb_checkpoints", "artifacts"}


def copy_project(target: Path) -> Path:
    """A copy of the project (documents, catalog, notebooks, site sources and any earlier outputs) at `target`."""
    shutil.copytree(ROOT, target, ignore=lambda folder, names: [n for n in names if n in _NOT_COPIED or n.startswith("._site")], symlinks=True)
    return target


def copy_built(built: Path, target: Path) -> Path:
    """A copy of a built project (outputs and build records included) at `target`, for a test that changes it."""
    shutil.copytree(built, target, symlinks=True)
    return target


# ------------------------------------------------------------------------------------- made once per test run

def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This run's temporary folder, the same for every pytest-xdist worker (each worker's own basetemp is inside it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """`<run folder>/<name>`, made by `make(folder)` once per test run however many workers ask for it.

    The first worker to ask makes it while holding a file lock; the others wait for the lock and use the folder.
    A failure is kept beside it: every later request fails with the same message instead of making it again.
    """
    shared = run_folder(tmp_path_factory)
    folder, done, failed = shared / name, shared / f"{name}.done", shared / f"{name}.failed"
    with open(shared / f"{name}.lock", "a") as lock:
        fcntl.lockf(lock, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail(failed.read_text(encoding="utf-8"), pytrace=False)
        if not done.exists():
            try:
                make(folder)
            except Exception as exc:
                failed.write_text(f"{name} (made once for the whole run) failed: {exc}", encoding="utf-8")
                raise
            done.touch()
    return folder


def build_in(root: Path, what: str) -> None:
    """`python -m analysis build` in `root` as a user runs it; fails the test with the end of its stderr."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    env.pop("PERFORMANS_ROOT", None)
    result = subprocess.run([sys.executable, "-m", "analysis", "build"], cwd=root, capture_output=True, text=True, env=env)
    assert result.returncode == 0, f"`python -m analysis build` of {what} failed:\n{result.stderr[-4000:]}"


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """A temporary copy of the project with the whole site built in it, exactly as `make report` builds it.

    Built once per run (shared by the workers; never write into it, copy it with `copy_built`).
    Tests never write into the working checkout: `make test` and `make report` can run side by side.
    """

    def make(folder: Path) -> None:
        root = copy_project(folder)
        build_in(root, "the project")
        assert (root / "_site" / "index.html").exists()

    return made_once(tmp_path_factory, "built-project", make)


@pytest.fixture(scope="session")
def built_site(built_project: Path) -> Path:
    return built_project / "_site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a random free port) while the block runs; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Serve _site/ for the browser tests."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    """pytest-playwright: drive Debian's chromium (Playwright cannot download its own browser here)."""
    return {
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    }


def cli_extract(path: Path, out: Path) -> dict:
    """Run `python -m analysis extract <path> --out <out>` in-process, as a user would, keeping the program object.

    Returns the ExtractedProgram, the written package folder and the progress calls made.
    """
    from typer.testing import CliRunner

    from analysis import cli

    captured: dict = {}
    original = cli.extract_file_cli

    def capture(file, program, progress):
        calls = []

        def counting(done, total, what=""):
            calls.append((done, total))
            progress(done, total, what)

        captured["program"] = original(file, program, counting)
        captured["progress"] = calls
        return captured["program"]

    cli.extract_file_cli = capture
    try:
        result = CliRunner().invoke(cli.app, ["extract", str(path), "--out", str(out)])
    finally:
        cli.extract_file_cli = original
    assert result.exit_code == 0, result.output
    return {"program": captured["program"], "out": out, "progress": captured["progress"]}


def pdf_run_once(tmp_path_factory: pytest.TempPathFactory, program: str) -> dict:
    """`cli_extract` of a shipped program's PDF edition, once per test run however many workers ask (`made_once`).

    The run (the program object, the package folder, the progress calls) is kept beside the package as a pickle:
    each worker reads its own copy of the object, as if it had extracted the PDF itself; the package folder is shared
    (never write into it).
    """

    def make(folder: Path) -> None:
        folder.mkdir()
        run = cli_extract(ROOT / f"data/raw/{program}/{program}.pdf", folder / program)
        (folder / "run.pickle").write_bytes(pickle.dumps(run))

    return pickle.loads((made_once(tmp_path_factory, f"{program}-pdf", make) / "run.pickle").read_bytes())


@pytest.fixture(scope="session")
def kocaeli_pdf_run(tmp_path_factory) -> dict:
    """Kocaeli's PDF edition extracted once per test run (several test files read it)."""
    return pdf_run_once(tmp_path_factory, "kocaeli-2021")


@pytest.fixture(scope="session")
def kucukcekmece_pdf_run(tmp_path_factory) -> dict:
    """Küçükçekmece's PDF edition extracted once per test run."""
    return pdf_run_once(tmp_path_factory, "kucukcekmece-2021")


def site_pages(site: Path) -> list[Path]:
    """Every HTML page of the built site (not the libraries' files)."""
    return sorted(p for p in site.rglob("*.html") if "site_libs" not in p.parts)


# ------------------------------------------------------------------------------------------ generated documents
# Made once per test session into a temporary folder (never into the checkout) and shared by the test files
# that check the documents themselves and the ones that extract them.

REDATE_SHIFT = 2


@pytest.fixture(scope="session")
def redated(tmp_path_factory) -> dict[str, Path]:
    """Re-dated copies (+2 years) of both real programs, both editions (scripts/make_redated.py)."""
    raw = ROOT / "data" / "raw"
    sources = [raw / "kocaeli-2021/kocaeli-2021.pdf", raw / "kucukcekmece-2021/kucukcekmece-2021.pdf",
               raw / "kocaeli-2021/kocaeli-2021.md", raw / "kucukcekmece-2021/kucukcekmece-2021.txt"]

    def make(out: Path) -> None:
        out.mkdir()
        cmd = [sys.executable, str(ROOT / "scripts" / "make_redated.py"), "--shift", str(REDATE_SHIFT), "--out", str(out), *map(str, sources)]
        result = subprocess.run(cmd, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-3000:]
        for f in files.values():
            assert f.exists(), f"{f.name} not written; output: {result.stdout}"

    out = run_folder(tmp_path_factory) / "redated"
    files = {
        "kocaeli_pdf": out / "kocaeli-2023.pdf",
        "kucuk_pdf": out / "kucukcekmece-2023.pdf",
        "kocaeli_md": out / "kocaeli-2023.md",
        "kucuk_txt": out / "kucukcekmece-2023.txt",
    }
    made_once(tmp_path_factory, "redated", make)
    for f in files.values():
        assert Path(str(f) + ".redate.json").exists()
    return files


@pytest.fixture(scope="session")
def variants_dir(tmp_path_factory) -> Path:
    """The twelve re-typeset variants of the synthetic Kuzeykent example (scripts/make_form_variants.py)."""

    def make(out: Path) -> None:
        out.mkdir()
        result = subprocess.run([sys.executable, str(ROOT / "scripts/make_form_variants.py"), "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0, result.stderr[-3000:]
        print(result.stdout)  # seconds per variant (shown with -s)

    return made_once(tmp_path_factory, "form-variants", make)


MANY = 12
"""Programs in the many-program site (the shipped two plus copies of their text editions, see tests/many.py)."""


@pytest.fixture(scope="session")
def many_built_project(tmp_path_factory) -> Path:
    """A temporary project with twelve programs (text editions under new ids), built once per run (never write into it)."""
    from .many import make_project

    def make(root: Path) -> None:
        make_project(root, MANY)
        build_in(root, f"{MANY} programs")

    return made_once(tmp_path_factory, "many-project", make)


@pytest.fixture(scope="session")
def many_site(many_built_project: Path) -> Path:
    return many_built_project / "_site"


@pytest.fixture(scope="session")
def many_site_url(many_site: Path) -> Iterator[str]:
    """Serve the twelve-program _site/ for the browser tests."""
    with serve(many_site) as url:
        yield url


@pytest.fixture(scope="session")
def tesseract() -> None:
    """OCR can run (Debian's tesseract-ocr + tesseract-ocr-tur, `scripts/ensure-ocr.sh`); else what to install."""
    from analysis.extract import ocr

    problem = ocr.tesseract_available()
    assert problem is None, problem


@pytest.fixture(scope="session")
def scan_set(tmp_path_factory) -> tuple[Path, dict]:
    """The scanned test set (`scripts/make_scanned_set.py`, seed 2021) in a temporary folder, and its manifest."""

    def make(out: Path) -> None:
        out.mkdir()
        done = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_scanned_set.py"), "--out", str(out), "--seed", "2021"],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]

    out = made_once(tmp_path_factory, "scans", make)
    return out, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- a synthetic municipality's series (issue 27)

SERIES_MIXED_LAYOUTS = ["grid-landscape-labelled", "designed-split-landscape", "thin-interleaved-lira"]
"""The same series printed in three other layouts of the guide's forms (the 2022 one prints no Ölçü Birimi)."""


def _run_stages(root: Path, *commands: str) -> str:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    env.pop("PERFORMANS_ROOT", None)
    out = []
    for command in commands:
        result = subprocess.run([sys.executable, "-m", "analysis", command], cwd=root, capture_output=True, text=True, env=env)
        assert result.returncode == 0, f"`python -m analysis {command}` failed:\n{result.stderr[-4000:]}"
        out.append(result.stdout + result.stderr)
    return "\n".join(out)


def _series_made_once(tmp_path_factory, name: str, layouts: list[str], *commands: str) -> tuple[Path, dict]:
    """A series project made once per run (`made_once`), with the generator's truth kept beside it as JSON."""
    from tests.series_project import make_series_project

    def make(folder: Path) -> None:
        folder.mkdir(parents=True)
        truth = make_series_project(folder / "project", layouts)
        (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
        _run_stages(folder / "project", *commands)

    folder = made_once(tmp_path_factory, name, make)
    return folder / "project", json.loads((folder / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def series_built(tmp_path_factory) -> tuple[Path, dict]:
    """Güneykent 2021-2023 (synthetic; scripts/make_series.py) in the guide's grid layout, the whole site built."""
    return _series_made_once(tmp_path_factory, "series", ["grid-portrait"] * 3, "build")


@pytest.fixture(scope="session")
def series_mixed(tmp_path_factory) -> tuple[Path, dict]:
    """The same series in three other layouts, analysed (no notebooks, no site)."""
    return _series_made_once(tmp_path_factory, "series-mixed", SERIES_MIXED_LAYOUTS, "extract-all", "check", "analyse")


SERIES_UNITS_LAYOUTS = ["units:grid-sans-landscape", "units:activities-first-dash", "units:shading-no-repeat"]
"""The same series printed in the other layout family, the unit tables (make_unit_table_variants.py), three ways."""
SERIES_SWITCH_LAYOUTS = ["grid-portrait", "units:activities-first-dash", "grid-landscape-labelled"]
"""A municipality that changes its layout family between years: forms in 2021, unit tables in 2022, forms in 2023."""


@pytest.fixture(scope="session")
def series_units(tmp_path_factory) -> tuple[Path, dict]:
    """The same series in the unit-table family every year, analysed (no notebooks, no site)."""
    return _series_made_once(tmp_path_factory, "series-units", SERIES_UNITS_LAYOUTS, "extract-all", "check", "analyse")


@pytest.fixture(scope="session")
def series_switch(tmp_path_factory) -> tuple[Path, dict]:
    """The same series, the 2022 program in the unit tables and the others in the forms, analysed."""
    return _series_made_once(tmp_path_factory, "series-switch", SERIES_SWITCH_LAYOUTS, "extract-all", "check", "analyse")
