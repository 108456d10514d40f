"""Two opt-in keys of a profile (`analysis.extract.core.profile`): a block's `partial` header words and a
statement's `follows` words (the box of each stated number).

Hand-made blocks and profile files (expected roles written out), and Kocaeli 2021's counts sentence on page 29
of its PDF edition, each box read back with pypdfium2.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from analysis.core.model import ExtractedProgram
from analysis.extract import open_document
from analysis.extract.core.layout import statements
from analysis.extract.core.profile import Block, ProfileError, load_profile, match_key

ROOT = Path(__file__).resolve().parents[1]
KOCAELI_PDF = ROOT / "data" / "raw" / "kocaeli-2021" / "kocaeli-2021.pdf"


def block(partial: tuple[str, ...] = ()) -> Block:
    columns = {"seq": frozenset({"sira"}), "name": frozenset({match_key("Faaliyet ve Projeler")}), "total": frozenset({match_key("Kaynak İhtiyacı")})}
    return Block("acts", columns, ("seq", "name"), partial=partial)


def test_a_partial_role_is_named_by_a_cell_containing_its_words():
    assert block().role_of("2023 Yılı Kaynak İhtiyacı (TL)") is None  # whole cells only, by default
    assert block(("total",)).role_of("2023 Yılı Kaynak İhtiyacı (TL)") == "total"
    assert block(("total",)).role_of("Kaynak İhtiyacı") == "total"
    # a cell naming another role exactly is that role's, even when it also contains a partial role's words
    both = Block("b", {"total": frozenset({"toplam"}), "grand": frozenset({"genel toplam"})}, ("total",), partial=("total",))
    assert both.role_of("Genel Toplam") == "grand" and both.role_of("Ara Toplam (TL)") == "total"


PROFILE_YML = """
name: t
tables:
  k:
    blocks:
      rows:
        columns: {{name: [Ad], total: [Toplam]}}
        partial: {partial}
statements:
  - table: text_counts
    pattern: '(\\d+) performans hedefi.{{0,80}}?(\\d+) faaliyet/proje'
    measures: [ph_count, activities_count]
    follows: {follows}
"""


def write(tmp_path: Path, partial: str, follows: str) -> Path:
    path = tmp_path / "t.yml"
    path.write_text(PROFILE_YML.format(partial=partial, follows=follows), encoding="utf-8")
    return path


def test_the_loader_checks_both_keys(tmp_path):
    profile = load_profile(write(tmp_path, "[total]", "[performans, faaliyet]"))
    assert profile.kinds[0].blocks[0].partial == ("total",) and profile.statements[0].follows == ("performans", "faaliyet")
    with pytest.raises(ProfileError, match=r"partial.*\['amount'\] are not columns"):
        load_profile(write(tmp_path, "[amount]", "[performans, faaliyet]"))
    with pytest.raises(ProfileError, match="1 follows for 2 measures"):
        load_profile(write(tmp_path, "[total]", "[performans]"))


def text_in(box, page_no: int) -> str:
    pdf = pdfium.PdfDocument(str(KOCAELI_PDF))
    try:
        page = pdf[page_no - 1]
        height = page.get_height()
        return page.get_textpage().get_text_bounded(box.x0 - 0.5, height - box.bottom + 0.5, box.x1 + 0.5, height - box.top - 0.5).strip()
    finally:
        pdf.close()


def test_a_statement_with_follows_gets_the_box_of_each_number(tmp_path):
    profile = load_profile(write(tmp_path, "[]", "[performans, faaliyet]"))
    result = ExtractedProgram("kocaeli-2021", str(KOCAELI_PDF), "", "pdf", "t")
    statements(profile, open_document(KOCAELI_PDF), result)
    found = [(s.measure, s.value, s.page) for s in result.stated_totals]
    assert found == [("ph_count", 99, 29), ("activities_count", 291, 29)]  # the document's sentence on page 29
    assert [text_in(s.bbox, s.page) for s in result.stated_totals] == ["99", "291"]


def test_a_subheader_pattern_needs_a_group_for_the_column_code(tmp_path):
    path = tmp_path / "s.yml"
    path.write_text("name: s\ntables:\n  k:\n    blocks:\n      rows:\n        columns: {name: [Ad]}\n        subheader: {econ: {pattern: '^0\\d'}}\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="subheader.econ: the pattern needs a group"):
        load_profile(path)
    path.write_text(path.read_text(encoding="utf-8").replace("'^0\\d'", "'^(0\\d)'"), encoding="utf-8")
    assert load_profile(path).kinds[0].blocks[0].subheader["econ"].pattern == "^(0\\d)"
