"""The catalog is checked field by field when it is read: a bad entry is one clear problem naming the entry and
the field, the good entries are still programs, and no id or file path can lead outside the project."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from analysis.core.catalog import CatalogError, Program, get_program, read_catalog
from analysis.core.paths import UnsafeProgramPath, is_program_id, program_dir

GOOD = {
    "id": "good-2021",
    "municipality": "İyi Belediyesi",
    "short_name": "İyi",
    "kind": "district",
    "province": "Ankara",
    "year": 2021,
    "title": "2021 Performans Programı",
    "layout": "grid",
    "source_url": "https://www.example.bel.tr/",
    "primary": "text",
    "files": [{"path": "data/raw/good-2021/good-2021.md", "edition": "text", "sha256": "a" * 64}],
}


def entry(**changes) -> dict:
    """A copy of a valid entry with some fields changed (None removes a field)."""
    e = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if value is None:
            e.pop(key, None)
        else:
            e[key] = value
    return e


def project(tmp_path: Path, entries: list) -> Path:
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "catalog.yml").write_text(yaml.safe_dump({"programs": entries}, allow_unicode=True), encoding="utf-8")
    return tmp_path


def one_problem(tmp_path: Path, bad: dict) -> str:
    """The catalog's only problem when `bad` stands second, after a good entry that must stay a program."""
    catalog = read_catalog(project(tmp_path, [GOOD, bad]))
    assert [p.id for p in catalog.programs] == ["good-2021"]
    assert len(catalog.problems) == 1, catalog.problems
    problem = catalog.problems[0]
    assert problem.entry == 2
    text = str(problem)
    assert "\n" not in text and text.startswith("data/catalog.yml: program #2")
    return text


def test_the_shipped_catalog_is_valid(project_root):
    catalog = read_catalog(project_root)
    assert catalog.problems == []
    assert {p.id for p in catalog.programs} == {"kocaeli-2021", "kucukcekmece-2021"}


@pytest.mark.parametrize(
    ("bad_id", "says"),
    [
        ("../../outside/evil-2021", "not <slug>-<year>"),
        ("/tmp/evil-2021", "not <slug>-<year>"),
        ("Evil-2021", "not <slug>-<year>"),
        ("evil_2021", "not <slug>-<year>"),
        ("evil-2021\n", "not <slug>-<year>"),
        ("evil--x-2021", "not <slug>-<year>"),
        ("evil-21", "not <slug>-<year>"),
        ("çankaya-2021", "not <slug>-<year>"),
        ("<script>alert(1)</script>-2021", "not <slug>-<year>"),
        (2021, "not <slug>-<year>"),
        ("evil-2022", "does not end in its year 2021"),
    ],
)
def test_an_id_that_is_not_slug_year_is_refused(tmp_path, bad_id, says):
    text = one_problem(tmp_path, entry(id=bad_id, files=[{"path": "data/raw/evil-2021/e.md", "edition": "text", "sha256": "b" * 64}]))
    assert "id: " in text and says in text


def test_a_duplicate_id_is_refused_and_the_first_entry_kept(tmp_path):
    text = one_problem(tmp_path, entry(municipality="Başka"))
    assert "id: 'good-2021' is already used by program #1" in text


@pytest.mark.parametrize(
    ("year", "says"),
    [(1850, "outside 1990–2100"), (3000, "outside 1990–2100"), ("2021", "not a whole number"), (2021.5, "not a whole number"), (True, "not a whole number")],
)
def test_year_is_a_whole_number_in_a_sane_range(tmp_path, year, says):
    bad = entry(id="bad-2021", year=year, files=[{"path": "data/raw/bad-2021/b.md", "edition": "text", "sha256": "b" * 64}])
    text = one_problem(tmp_path, bad)
    assert "year: " in text and says in text


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://example.org/", "//example.org/x", "https://", "https://exa mple.org/"])
def test_source_url_is_http_or_https_only(tmp_path, url):
    bad = entry(id="bad-2021", source_url=url, files=[{"path": "data/raw/bad-2021/b.md", "edition": "text", "sha256": "b" * 64}])
    assert "source_url: " in one_problem(tmp_path, bad)


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("data/raw/good-2021/../../../../etc/passwd", "not a relative path inside data/raw/bad-2021/"),
        ("/etc/passwd", "not a relative path inside"),
        ("data/raw/good-2021/good-2021.md", "not a relative path inside data/raw/bad-2021/"),
        ("data/raw/bad-2021", "not a relative path inside"),
        ("data\\raw\\bad-2021\\b.md", "not a relative path inside"),
        ("", "not a file path"),
    ],
)
def test_file_paths_stay_inside_the_programs_raw_folder(tmp_path, path, says):
    bad = entry(id="bad-2021", files=[{"path": path, "edition": "text", "sha256": "b" * 64}], primary="text")
    text = one_problem(tmp_path, bad)
    assert "files[1].path: " in text and says in text


def test_a_symbolic_link_out_of_the_raw_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("x")
    raw = tmp_path / "data" / "raw" / "bad-2021"
    raw.mkdir(parents=True)
    (raw / "link.md").symlink_to(outside / "secret.md")
    (tmp_path / "data" / "raw" / "dir-2021").symlink_to(outside, target_is_directory=True)
    text = one_problem(tmp_path, entry(id="bad-2021", files=[{"path": "data/raw/bad-2021/link.md", "edition": "text", "sha256": "b" * 64}]))
    assert "leads outside data/raw/bad-2021/" in text
    text = one_problem(tmp_path, entry(id="dir-2021", files=[{"path": "data/raw/dir-2021/secret.md", "edition": "text", "sha256": "b" * 64}]))
    assert "leads outside data/raw/dir-2021/" in text


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"primery": "text"}, "", "unknown field 'primery'"),
        ({"municipality": None}, "", "lacks municipality"),
        ({"municipality": ["a", "b"]}, "municipality", "must be text"),
        ({"short_name": "İyi\x1b[31m"}, "short_name", "control characters"),
        ({"primary": "pdf"}, "primary", "is not the edition of one of its files"),
        ({"pdf_edition": "scanned"}, "pdf_edition", "is not one of published, retypeset"),
        ({"files": []}, "files", "must be a list"),
        ({"files": [{"path": "data/raw/bad-2021/b.md", "edition": "word", "sha256": "b" * 64}]}, "files[1].edition", "is not one of pdf, text"),
        ({"files": [{"path": "data/raw/bad-2021/b.md", "edition": "text", "sha256": "xyz"}]}, "files[1].sha256", "is not a sha256"),
        ({"files": [{"path": "data/raw/bad-2021/b.md", "edition": "text", "sha256": "b" * 64, "mode": "755"}]}, "files[1]", "unknown key 'mode'"),
        (
            {"files": [{"path": f"data/raw/bad-2021/{n}.md", "edition": "text", "sha256": "b" * 64} for n in "ab"]},
            "files",
            "two files with edition 'text'",
        ),
    ],
)
def test_every_field_is_checked_and_named(tmp_path, changes, field, says):
    base = {"id": "bad-2021", "files": [{"path": "data/raw/bad-2021/b.md", "edition": "text", "sha256": "b" * 64}]}
    text = one_problem(tmp_path, entry(**{**base, **changes}))
    assert says in text
    if field:
        assert f"{field}: " in text


def test_an_entry_that_is_not_a_mapping_is_one_problem(tmp_path):
    assert "must be a mapping" in one_problem(tmp_path, "just a string")


def test_unknown_top_level_keys_are_reported(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "catalog.yml").write_text(yaml.safe_dump({"programs": [GOOD], "programmes": []}), encoding="utf-8")
    catalog = read_catalog(tmp_path)
    assert [p.id for p in catalog.programs] == ["good-2021"]
    assert "unknown top-level key 'programmes'" in str(catalog.problems[0])


@pytest.mark.parametrize("text", ["programs:\n  - id: [unclosed\n", "programs: {id: x", "\tprograms: []\n", "- just\n- a list\n"])
def test_invalid_yaml_is_one_error_naming_the_catalog(tmp_path, text):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "catalog.yml").write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        read_catalog(tmp_path)
    message = str(err.value)
    assert "catalog.yml" in message and "\n" not in message


def test_a_bad_entry_cannot_be_asked_for_by_id(tmp_path):
    root = project(tmp_path, [GOOD, entry(id="bad-2021", year=1700, files=[{"path": "data/raw/bad-2021/b.md", "edition": "text", "sha256": "b" * 64}])])
    assert get_program("good-2021", root).short_name == "İyi"
    with pytest.raises(CatalogError, match="year: 1700 is outside"):
        get_program("bad-2021", root)
    with pytest.raises(CatalogError, match="not in the catalog"):
        get_program("../../etc-2021", root)


def test_no_program_object_can_hold_an_id_that_leaves_its_folder():
    with pytest.raises(CatalogError):
        Program("../../outside/evil-2021", "m", "s", "k", "p", 2021, "t", "grid", "", "", "pdf")


@pytest.mark.parametrize("bad", ["../x-2021", "x-2021/..", "..", "", "x-2021\n", "a/b-2021", "X-2021", "x-2021\x00"])
def test_program_dir_refuses_anything_but_an_id(tmp_path, bad):
    assert not is_program_id(bad)
    with pytest.raises(UnsafeProgramPath):
        program_dir(tmp_path, bad)


def test_program_dir_refuses_a_symbolic_link_out_of_its_folder(tmp_path):
    base = tmp_path / "data" / "extracted"
    base.mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (base / "evil-2021").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    with pytest.raises(UnsafeProgramPath, match="leads outside"):
        program_dir(base, "evil-2021")
    assert program_dir(base, "good-2021") == base / "good-2021"
