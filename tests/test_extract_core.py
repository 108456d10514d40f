"""The layout-independent core, piece by piece, on hand-made inputs (fast; the whole chain is tested on the
forms example and its variants in test_extract_forms.py).

- cells: words between rules become cells; ruled cells take the area between the rules, unruled cells are
  split at wide gaps and joined across wrapped lines (not across a change of background); a header spanning
  two rows ends up in the lower one;
- assemble: label rows, a header recognised by its words (also one printed over two rows with a rule across),
  records by column (an unruled amount nearer the next header goes to its own free column), named and
  closing rows;
- rules: declared checks on a hand-made program: sums, printed values, `every`, percentages, `explained_by`.
"""

from __future__ import annotations

from decimal import Decimal

from analysis.core.model import Activity, ExtractedProgram, StatedTotal
from analysis.extract.core.assemble import assemble
from analysis.extract.core.cells import page_rows
from analysis.extract.core.page import Page, Rule, Shade, Word
from analysis.extract.core.profile import Block, NamedRow, Profile, TableKind, match_key
from analysis.extract.core.rules import run_checks


def word(text: str, x0: float, top: float, size: float = 8.0) -> Word:
    return Word(text, x0, top, x0 + 4.0 * len(text), top + size, size)


def line(text: str, x0: float, top: float) -> list[Word]:
    out, x = [], x0
    for t in text.split():
        out.append(word(t, x, top))
        x += 4.0 * len(t) + 2.0
    return out


def test_ruled_cells_take_the_area_between_the_rules():
    page = Page(1, 600, 800,
                words=[*line("Bütçe", 110, 12), *line("24.000", 210, 12)],
                hrules=[Rule(10, 100, 300), Rule(22, 100, 300)],
                vrules=[Rule(100, 10, 22), Rule(200, 10, 22), Rule(300, 10, 22)])
    (row,) = page_rows(page)
    assert [(c.text, c.x0, c.x1, c.top, c.bottom, c.ruled) for c in row.cells] == [("Bütçe", 100, 200, 10, 22, True), ("24.000", 200, 300, 10, 22, True)]


def test_unruled_cells_split_at_gaps_and_join_wrapped_lines():
    words = [*line("1", 50, 12), *line("Kent Merkezleri Trafik", 70, 12), *line("Projeleri", 70, 22), *line("389.000", 250, 12)]
    page = Page(1, 600, 800, words=words, hrules=[Rule(10, 40, 400), Rule(32, 40, 400)])
    (row,) = page_rows(page)
    assert row.texts == ["1", "Kent Merkezleri Trafik Projeleri", "389.000"]
    assert not any(c.ruled for c in row.cells)


def test_a_header_spanning_two_rows_belongs_to_the_lower_row_and_text_outside_rules_is_running_text():
    words = [*line("Tablo 1", 50, 0), *line("Faaliyetler", 50, 17), *line("Kaynak İhtiyacı", 250, 12), *line("Bütçe", 250, 24)]
    # the rule under "Kaynak İhtiyacı" runs over its columns only, not over "Faaliyetler"
    page = Page(1, 600, 800, words=words, hrules=[Rule(10, 40, 400), Rule(22, 240, 400), Rule(34, 40, 400)])
    rows = page_rows(page)
    assert [(r.ruled, r.texts) for r in rows] == [(False, ["Tablo 1"]), (True, ["Kaynak İhtiyacı"]), (True, ["Faaliyetler", "Bütçe"])]


def test_unruled_lines_on_different_backgrounds_are_different_cells():
    # a coloured label row right over a header of another colour, no rule between them (issue 21's Tablo 3)
    words = [*line("İdare Adı", 50, 12), *line("Amaç", 50, 22), *line("Faaliyetler", 150, 22)]
    plain = Page(1, 600, 800, words=words, hrules=[Rule(10, 40, 400), Rule(34, 40, 400)])
    assert page_rows(plain)[0].texts == ["İdare Adı Amaç", "Faaliyetler"]
    shaded = Page(1, 600, 800, words=words, hrules=plain.hrules,
                  shades=[Shade(40, 10, 120, 21, (250, 230, 190)), Shade(40, 21, 400, 34, (200, 220, 240)), Shade(0, 0, 600, 800, (255, 255, 255))][::-1])
    assert page_rows(shaded)[0].texts == ["İdare Adı", "Amaç", "Faaliyetler"]
    wrapped = Page(1, 600, 800, words=[*line("Kent Merkezleri", 50, 12), *line("Projeleri", 50, 22)], hrules=plain.hrules,
                   shades=[Shade(40, 10, 400, 21, (200, 220, 240)), Shade(40, 21, 400, 34, (200, 220, 240))])
    assert page_rows(wrapped)[0].texts == ["Kent Merkezleri Projeleri"]  # the same colour in two boxes: one cell


PROFILE = Profile(
    name="test", description="", code="test", markers=(),
    labels={"idare": frozenset({match_key("İdare Adı")}), "ph": frozenset({match_key("Performans Hedefi")})},
    starts=frozenset({"idare"}),
    kinds=(TableKind("t", "Test", (Block("acts", {"name": frozenset({"faaliyetler"}), "total": frozenset({"toplam"})}, ("name", "total"), seq=True,
                                         rows=(NamedRow("genel", frozenset({"genel toplam"})),), closes="genel"),)),),
)


def test_assemble_labels_header_records_and_the_closing_row():
    words = [*line("İdare Adı", 50, 12), *line("X BELEDİYESİ", 200, 12),
             *line("Performans Hedefi", 50, 24), *line("PH1.1.1 Bir hedef", 200, 24),
             *line("Faaliyetler", 100, 36), *line("Toplam", 300, 36),
             *line("1", 50, 48), *line("Birinci", 70, 48), *line("5.000", 300, 48),
             *line("2", 50, 60), *line("İkinci", 70, 60),  # no amount printed
             *line("Genel Toplam", 50, 72), *line("5.000", 300, 72),
             *line("1", 50, 84), *line("after the table", 70, 84)]
    page = Page(1, 600, 800, words=words, hrules=[Rule(y, 40, 400) for y in (10, 22, 34, 46, 58, 70, 82, 94)])
    asm = assemble(page_rows(page), PROFILE)
    (t,) = asm.tables
    assert {k: v.text for k, v in t.labels.items()} == {"idare": "X BELEDİYESİ", "ph": "PH1.1.1 Bir hedef"}
    assert [(r.seq, r.text("name"), r.text("total")) for r in t.records["acts"]] == [("1", "Birinci", "5.000"), ("2", "İkinci", "")]
    assert t.closed and t.named["genel"].text("total") == "5.000"


SPLIT = Profile(
    name="test", description="", code="test", markers=(), labels={"aim": frozenset({"amac"})}, starts=frozenset(),
    kinds=(TableKind("t3", "Test 3", (Block("rows", {"aim": frozenset({"amac"}), "ph": frozenset({"performans hedefi"}), "name": frozenset({"faaliyetler"}),
                                                     "total": frozenset({"toplam"}), "share": frozenset({"pay"})}, ("name", "total", "share")),)),),
)


def test_a_header_printed_over_two_rows_is_read_as_one_and_amounts_find_their_free_column():
    # Amaç | Performans | Faaliyetler | Kaynak İhtiyacı | Pay over · | Hedefi | · | Toplam | ·, a rule across (no merged cells);
    # the right-aligned amounts end nearer the Pay header than their own Toplam header
    words = [*line("Amaç", 50, 12), *line("Performans", 90, 12), *line("Faaliyetler", 150, 12), *line("Kaynak", 300, 12), *line("Pay", 370, 12),
             *line("Hedefi", 94, 24), *line("Toplam", 290, 24),
             *line("A1", 52, 36), *line("PH1.1.1", 92, 36), *line("Birinci", 150, 36), *line("5.000", 334, 36), *line("0,50", 366, 36)]
    page = Page(1, 600, 800, words=words, hrules=[Rule(y, 40, 400) for y in (10, 22, 34, 46)])
    (t,) = assemble(page_rows(page), SPLIT).tables
    assert [(c.key, c.header.text) for c in t.headers["rows"]] == [("aim", "Amaç"), ("ph", "Performans Hedefi"), ("name", "Faaliyetler"), ("total", "Toplam"), ("share", "Pay")]
    assert [{k: c.text for k, c in r.cells.items()} for r in t.records["rows"]] == [{"aim": "A1", "ph": "PH1.1.1", "name": "Birinci", "total": "5.000", "share": "0,50"}]
    assert t.labels == {}  # the header's first row (Amaç …) is not a label row

    # Word breaks a word wider than its narrow cell: "Performa" / "ns" over "Hedefi" still names the column
    broken = [*line("Amaç", 50, 12), *line("Performa", 90, 12), *line("ns", 90, 17), *line("Faaliyetler", 150, 12), *line("Pay", 370, 12),
              *line("Hedefi", 94, 24), *line("Toplam", 290, 24), *line("PH1.1.1", 92, 36), *line("Birinci", 150, 36), *line("5.000", 300, 36), *line("0,50", 366, 36)]
    (t,) = assemble(page_rows(Page(1, 600, 800, words=broken, hrules=page.hrules)), SPLIT).tables
    assert [(c.key, c.header.text) for c in t.headers["rows"]][1] == ("ph", "Performa ns Hedefi")
    assert t.records["rows"][0].text("ph") == "PH1.1.1"


def _program() -> ExtractedProgram:
    p = ExtractedProgram("x", "x.pdf", "", "pdf", "test")
    p.activities = [Activity("x", "PH1", 1, "a", "", Decimal(10), Decimal(0), Decimal(10), page=1),
                    Activity("x", "PH1", 2, "b", "", Decimal(20), Decimal(0), Decimal(20), page=1),
                    Activity("x", "PH2", 1, "c", "", Decimal(5), Decimal(0), Decimal(5), page=2)]
    p.stated_totals = [StatedTotal("x", "t1", "PH1", "total", Decimal(35), 1), StatedTotal("x", "t1", "PH2", "total", Decimal(5), 2),
                       StatedTotal("x", "t3", "PH1#1", "total", Decimal(10), 9), StatedTotal("x", "t3", "PH1#2", "total", Decimal(25), 9),
                       StatedTotal("x", "t3", "program", "total", Decimal(30), 9), StatedTotal("x", "t3", "PH1#1", "share", Decimal("33.33"), 9)]
    return p


def test_declared_checks_sums_printed_values_every_share_and_explanations():
    checks = [
        {"check": "card", "stated": {"table": "t1", "measure": "total"}, "computed": {"sum": "activities.total", "by": "ph_code"}},
        {"check": "row", "stated": {"table": "t3", "measure": "total", "scopes": "activities", "every": "activities"},
         "computed": {"sum": "activities.total", "by": "key"}},
        {"check": "t3_sum", "stated": {"table": "t3", "scope": "program", "measure": "total"},
         "computed": {"stated": {"table": "t3", "measure": "total", "scopes": "activities"}}, "explained_by": ["row"]},
        {"check": "share", "stated": {"table": "t3", "measure": "share"},
         "computed": {"share_of": {"table": "t3", "scope": "program", "measure": "total"}, "value": {"table": "t3", "measure": "total"}, "round": 2}},
    ]
    got = {(r.check, r.scope): r for r in run_checks(checks, _program())}
    assert {k: (r.status, r.stated, r.computed) for k, r in got.items()} == {
        ("card", "PH1"): ("mismatch", Decimal(35), Decimal(30)),
        ("card", "PH2"): ("ok", Decimal(5), Decimal(5)),
        ("row", "PH1#1"): ("ok", Decimal(10), Decimal(10)),
        ("row", "PH1#2"): ("mismatch", Decimal(25), Decimal(20)),
        ("row", "PH2#1"): ("missing", None, Decimal(5)),  # Tablo 3 does not print it
        ("t3_sum", "program"): ("mismatch", Decimal(30), Decimal(35)),
        ("share", "PH1#1"): ("ok", Decimal("33.33"), Decimal("33.33")),
    }
    assert "row PH1#2" in got[("t3_sum", "program")].note and "row PH1#2" in got[("t3_sum", "program")].note_tr
    assert "printed 35 TL (p. 1)" in got[("card", "PH1")].note and "(−5 TL)" in got[("card", "PH1")].note
