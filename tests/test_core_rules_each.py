"""Row-by-row declared checks (`each` in `analysis.extract.core.rules`): a printed row is compared with everything it
must equal before the next row, so the results keep the order a reader that interleaved its checks wrote; and the
keys such checks use (`skip_row`, `tolerance`, `scope_fill`, `absent: {computed: missing}`, `rounding`, `boxes:
nonzero`). Hand-made program; expected values worked out by hand.
"""

from __future__ import annotations

from decimal import Decimal

from analysis.core.model import Activity, Box, ExtractedProgram, StatedTotal
from analysis.extract.core.rules import run_checks


def _act(ph: str, seq: int, total: str, unit: str, page: int, econ: dict[str, Decimal] | None = None) -> Activity:
    return Activity("x", ph, seq, f"{ph}-{seq}", unit, Decimal(total), Decimal(0), Decimal(total), econ=econ or {}, page=page,
                    unit_canonical=unit, bbox=Box(10, 10 * seq, 200, 10 * seq + 5))


def _program() -> ExtractedProgram:
    """Two units printed in a unit table (Fen then Park: amounts and shares), a program need of 400, a unit summary
    TOPLAM per unit, and three activities (Fen 100 + 50, Park 200)."""
    p = ExtractedProgram("x", "x.pdf", "", "pdf", "test")
    p.activities = [_act("PH1", 1, "100", "Fen", 3, {"01": Decimal(100)}), _act("PH1", 2, "50", "Fen", 3, {"01": Decimal(0)}),
                    _act("PH2", 1, "200", "Park", 4, {"01": Decimal(200)})]
    st = StatedTotal
    p.stated_totals = [
        st("x", "codes", "program", "need", Decimal(400), 9, bbox=Box(1, 1, 2, 2)),
        st("x", "units", "Fen", "total", Decimal(150), 7, bbox=Box(300, 10, 350, 20)),
        st("x", "units", "Fen", "share", Decimal("37.5"), 7, bbox=Box(360, 10, 390, 20)),
        st("x", "units", "Park", "total", Decimal(210), 7, bbox=Box(300, 30, 350, 40)),
        st("x", "units", "Park", "share", Decimal("52.4"), 7, bbox=Box(360, 30, 390, 40)),
        st("x", "summary", "Fen", "total", Decimal(150), 5),
        st("x", "summary", "Park", "total", Decimal(200), 6),
    ]
    return p


SHARE = {"check": "share", "stated": {"table": "units", "measure": "share"}, "tolerance": "0.1",
         "computed": {"share_of": {"table": "codes", "scope": "program", "measure": "need"}, "value": {"table": "units", "scope": "{scope}", "measure": "total"}, "round": 2}}
CARDS = {"check": "cards", "stated": {"table": "units", "measure": "total"}, "computed": {"sum": "activities.total", "by": "unit_canonical"}}
SUMMARY = {"check": "summary", "stated": {"table": "units", "measure": "total"}, "computed": {"stated": {"table": "summary", "scope": "{scope}", "measure": "total"}}}


def test_each_row_is_compared_with_everything_before_the_next_row():
    group = {"each": {"table": "units", "measure": ["total", "share"]}, "checks": [SHARE, CARDS, SUMMARY]}
    got = [(r.check, r.scope, r.status) for r in run_checks([group], _program())]
    # Park: 210 / 400 = 52.5 % against 52.4 printed (0.1: within the tolerance, ok); its cards add up to 200, its summary to 200
    assert got == [("share", "Fen", "ok"), ("cards", "Fen", "ok"), ("summary", "Fen", "ok"),
                   ("share", "Park", "ok"), ("cards", "Park", "mismatch"), ("summary", "Park", "mismatch")]
    # without the group the same checks come check by check
    flat = [(r.check, r.scope) for r in run_checks([SHARE, CARDS, SUMMARY], _program())]
    assert flat == [("share", "Fen"), ("share", "Park"), ("cards", "Fen"), ("cards", "Park"), ("summary", "Fen"), ("summary", "Park")]


def test_a_tolerance_allows_a_rounded_percentage_and_nothing_more():
    tight = {**SHARE, "tolerance": "0.01"}
    fen, park = run_checks([tight], _program())
    assert (fen.status, fen.computed) == ("ok", Decimal("37.50"))
    assert (park.status, park.computed, park.difference) == ("mismatch", Decimal("52.50"), Decimal("0.10"))


def test_half_even_rounding_of_a_share():
    p = _program()
    p.stated_totals[0] = StatedTotal("x", "codes", "program", "need", Decimal(1600), 9)  # Fen 150 / 1600 = 9.375 %
    half_up = run_checks([{**SHARE, "computed": {**SHARE["computed"], "round": 2}}], p)[0]
    half_even = run_checks([{**SHARE, "computed": {**SHARE["computed"], "round": 2, "rounding": "half_even"}}], p)[0]
    assert (half_up.computed, half_even.computed) == (Decimal("9.38"), Decimal("9.38"))
    p.stated_totals[0] = StatedTotal("x", "codes", "program", "need", Decimal(2400), 9)  # Fen 150 / 2400 = 6.25 %
    half_up = run_checks([{**SHARE, "computed": {**SHARE["computed"], "round": 1}}], p)[0]
    half_even = run_checks([{**SHARE, "computed": {**SHARE["computed"], "round": 1, "rounding": "half_even"}}], p)[0]
    assert (half_up.computed, half_even.computed) == (Decimal("6.3"), Decimal("6.2"))


def test_skip_row_both_zero_drops_the_whole_row():
    p = _program()
    p.stated_totals += [StatedTotal("x", "codes", "econ_01", "budget", Decimal(300), 9), StatedTotal("x", "codes", "econ_04", "budget", Decimal(0), 9),
                        StatedTotal("x", "codes", "econ_05", "budget", Decimal(0), 9)]
    p.activities[1].econ = {"01": Decimal(0), "05": Decimal(7)}  # econ_05: the cards add up to 7, but its summary check finds 0 and 0
    vs_units = {"check": "vs_units", "stated": {"table": "codes", "measure": "budget"}, "computed": {"stated": {"table": "units", "scope": "{scope}", "measure": "total"}}, "absent": {"computed": "zero"}}
    vs_acts = {"check": "vs_acts", "stated": {"table": "codes", "measure": "budget"}, "computed": {"sum": "activities.{scope}"}, "absent": {"computed": "zero"}}
    group = {"each": {"table": "codes", "measure": "budget"}, "skip_row": "both_zero", "checks": [vs_units, vs_acts]}
    got = [(r.check, r.scope, r.stated, r.computed) for r in run_checks([group], p)]
    assert got == [("vs_units", "econ_01", Decimal(300), Decimal("0.00")), ("vs_acts", "econ_01", Decimal(300), Decimal(300))]
    kept = [(r.check, r.scope) for r in run_checks([{**group, "skip_row": None}], p)]
    assert ("vs_acts", "econ_05") in kept and ("vs_units", "econ_04") in kept


def test_scope_fill_names_a_part_of_the_scope_in_a_fixed_note_and_nonzero_boxes():
    p = _program()
    p.stated_totals.append(StatedTotal("x", "codes", "econ_01", "budget", Decimal(300), 9, bbox=Box(5, 5, 6, 6)))
    check = {"check": "vs_acts", "stated": {"table": "codes", "measure": "budget"}, "computed": {"sum": "activities.{scope}", "boxes": "nonzero"},
             "note": "fixed", "scope_fill": r"^econ_(?P<code>\d+)$", "what": "code {code} vs {count} activities", "what_tr": "{code} kodu"}
    (r,) = run_checks([check], p)
    assert (r.note, r.note_tr, r.status, r.pages) == ("code 01 vs 3 activities", "01 kodu", "ok", "3; 4; 9")
    # the activity with 0 under code 01 gives its page but no box
    assert r.boxes_b == [(3, Box(10, 10, 200, 15)), (4, Box(10, 10, 200, 15))]
    (every,) = run_checks([{**check, "computed": {"sum": "activities.{scope}"}}], p)
    assert len(every.boxes_b) == 3


def test_absent_computed_missing_gives_a_missing_row_with_its_own_note():
    p = _program()
    p.stated_totals.append(StatedTotal("x", "units", "Zabıta", "total", Decimal(40), 8, bbox=Box(300, 50, 350, 60)))
    check = {**CARDS, "absent": {"computed": "missing"}, "note": "fixed", "what": "{count} activities",
             "what_missing": "{scope!r} has no cards", "what_missing_tr": "‘{scope}’ biriminin kartı yok"}
    fen, park, zabita = run_checks([check], p)
    assert (fen.note, park.note) == ("2 activities", "1 activities")
    assert (zabita.status, zabita.stated, zabita.computed, zabita.pages) == ("missing", Decimal(40), None, "8")
    assert (zabita.note, zabita.note_tr) == ("'Zabıta' has no cards", "‘Zabıta’ biriminin kartı yok")
    assert zabita.boxes_a == [(8, Box(300, 50, 350, 60))] and zabita.boxes_b == []


def test_a_scope_pattern_adds_up_the_matching_rows_and_scope_as_names_the_result():
    p = _program()
    st = StatedTotal
    p.stated_totals += [st("x", "codes", "econ_01", "total", Decimal(300), 9), st("x", "codes", "econ_02", "total", Decimal(100), 9),
                        st("x", "codes", "off_budget_a", "total", Decimal(7), 9)]
    check = {"check": "code_sum", "scope_as": "budget {measure}", "stated": {"table": "codes", "scope": "program", "measure": "need"},
             "computed": {"stated": {"table": "codes", "scopes": "econ_*", "measure": "total"}}, "note": "fixed", "what": "{count} codes"}
    (r,) = run_checks([check], p)
    # 300 + 100 (the off-budget row does not match the pattern)
    assert (r.scope, r.computed, r.status, r.note) == ("budget need", Decimal(400), "ok", "2 codes")
    (every,) = run_checks([{**check, "computed": {"stated": {"table": "codes", "scopes": "*", "measure": "total"}}}], p)
    assert every.computed == Decimal(407)


def test_absent_computed_missing_unless_the_scope_has_rows_elsewhere():
    from analysis.core.model import PerformanceTarget

    p = _program()
    p.stated_totals.append(StatedTotal("x", "units", "Zabıta", "total", Decimal(40), 8))
    p.performance_targets = [PerformanceTarget("x", "PH9", "t", "Zabıta", unit_canonical="Zabıta")]  # a card, no activities
    check = {**CARDS, "absent": {"computed": "missing", "zero_if": "performance_targets.unit_canonical"}, "note": "fixed",
             "what": "{count} activities", "what_missing": "{scope} has no cards"}
    *_, zabita = run_checks([check], p)
    assert (zabita.status, zabita.stated, zabita.computed, zabita.difference) == ("mismatch", Decimal(40), Decimal("0.00"), Decimal("-40.00"))


def test_requires_checks_only_scopes_with_a_row_in_the_named_table():
    from analysis.core.model import PerformanceTarget

    p = _program()
    p.performance_targets = [PerformanceTarget("x", "PH2", "t", "Park", unit_canonical="Park")]
    got = [r.scope for r in run_checks([{**SUMMARY, "requires": "performance_targets.unit_canonical"}], p)]
    assert got == ["Park"]  # Fen has a summary total too, but no card


def test_by_value_goes_printed_value_by_printed_value_and_note_fill_names_the_row():
    st = StatedTotal
    p = ExtractedProgram("x", "x.pdf", "", "pdf", "test")
    # a table printed as: code 01, the program's budget total, an off-budget row, the program's grand total
    p.stated_totals = [st("x", "t", "econ_01", "budget", Decimal(10), 1), st("x", "t", "econ_01", "total", Decimal(10), 1, note="1 - Personel (GENEL TOPLAM)"),
                       st("x", "t", "program", "budget", Decimal(10), 1), st("x", "t", "program", "budget_total", Decimal(10), 1),
                       st("x", "t", "off_x", "off_budget", Decimal(2), 1), st("x", "t", "off_x", "total", Decimal(3), 1, note="Bütçe dışı: X (GENEL TOPLAM)"),
                       st("x", "t", "program", "off_total", Decimal(3), 1), st("x", "t", "program", "grand", Decimal(13), 1)]
    rows = {"check": "row", "note": "fixed", "note_fill": r"^(?P<name>.*) \(GENEL TOPLAM\)$", "what": "{name}",
            "stated": {"table": "t", "measure": "total"}, "computed": {"stated": {"table": "t", "scope": "{scope}", "measure": "budget+off_budget"}}}
    budget = {"check": "row", "note": "fixed", "what": "budget", "scope_as": "budget_total",
              "stated": {"table": "t", "measure": "budget_total"}, "computed": {"stated": {"table": "t", "scope": "{scope}", "measure": "budget"}}}
    grand = {"check": "row", "note": "fixed", "what": "grand", "scope_as": "total",
             "stated": {"table": "t", "measure": "grand"}, "computed": {"stated": {"table": "t", "scope": "{scope}", "measure": "budget_total+off_total"}}}
    group = {"each": {"table": "t", "measure": ["total", "budget_total", "grand"]}, "by": "value", "checks": [rows, budget, grand]}
    got = [(r.scope, r.note, r.status) for r in run_checks([group], p)]
    # the printed order, though `program` comes twice; the off-budget row prints 3 for 2
    assert got == [("econ_01", "1 - Personel", "ok"), ("budget_total", "budget", "ok"), ("off_x", "Bütçe dışı: X", "mismatch"), ("total", "grand", "ok")]
    # by scope, the two `program` values would come together, before the off-budget row
    by_scope = [r.scope for r in run_checks([{**group, "by": None}], p)]
    assert by_scope[:3] == ["econ_01", "budget_total", "total"]
