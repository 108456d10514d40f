"""The declared checks' opt-in keys for layouts whose notes were written before the grammar (`analysis.extract.core.rules`):
`note: fixed` (the check's own English and Turkish sentence, with `{count}`), `boxes: per_page` (one box per page
on each side) and `absent` (a missing printed value still gives its row; a missing comparison is left out or
compared with 0.00). Hand-made program; expected values worked out by hand.
"""

from __future__ import annotations

from decimal import Decimal

from analysis.core.model import Activity, Box, ExtractedProgram, StatedTotal
from analysis.extract.core.rules import run_checks

TOTAL = {"table": "codes", "scope": "program", "measure": "need"}


def _program(with_need: bool = True) -> ExtractedProgram:
    p = ExtractedProgram("x", "x.pdf", "", "pdf", "test")
    p.activities = [Activity("x", "PH1", 1, "a", "", Decimal(10), Decimal(0), Decimal(10), page=3, bbox=Box(10, 100, 200, 110)),
                    Activity("x", "PH1", 2, "b", "", Decimal(20), Decimal(0), Decimal(20), page=3, bbox=Box(10, 120, 200, 130)),
                    Activity("x", "PH2", 1, "c", "", Decimal(5), Decimal(0), Decimal(5), page=4, bbox=Box(10, 50, 200, 60))]
    p.stated_totals = [StatedTotal("x", "units", "Fen", "total", Decimal(15), 7, bbox=Box(300, 10, 350, 20)),
                       StatedTotal("x", "units", "Park", "total", Decimal(20), 8, bbox=Box(300, 10, 350, 20))]
    if with_need:
        p.stated_totals.append(StatedTotal("x", "codes", "program", "need", Decimal(35), 9, bbox=Box(400, 300, 450, 310)))
    return p


FIXED = {"note": "fixed", "boxes": "per_page"}


def test_a_fixed_note_is_the_checks_own_sentence_with_its_count_and_boxes_one_per_page():
    checks = [
        {"check": "vs_acts", "stated": TOTAL, "computed": {"sum": "activities.total"}, **FIXED,
         "what": "need vs the {count} activities", "what_tr": "ihtiyaç ile {count} faaliyet"},
        {"check": "vs_units", "stated": TOTAL, "computed": {"stated": {"table": "units", "scopes": "*", "measure": "total"}}, **FIXED,
         "what": "need vs the {count} units ({scope})", "what_tr": "ihtiyaç ile {count} birim"},
    ]
    acts, units = run_checks(checks, _program())
    assert (acts.status, acts.stated, acts.computed, acts.pages) == ("ok", Decimal(35), Decimal(35), "3; 4; 9")
    assert (acts.note, acts.note_tr) == ("need vs the 3 activities", "ihtiyaç ile 3 faaliyet")
    # the two activities on p. 3 become one box around both
    assert acts.boxes_a == [(9, Box(400, 300, 450, 310))]
    assert acts.boxes_b == [(3, Box(10, 100, 200, 130)), (4, Box(10, 50, 200, 60))]
    assert (units.note, units.note_tr, units.computed, units.pages) == ("need vs the 2 units (program)", "ihtiyaç ile 2 birim", Decimal(35), "7; 8; 9")


def test_without_the_key_the_note_is_the_printed_and_computed_sentence():
    (r,) = run_checks([{"check": "vs_acts", "stated": TOTAL, "computed": {"sum": "activities.total"}, "what": "need vs activities"}], _program())
    assert r.note.startswith("need vs activities [program") and "printed 35 TL (p. 9)" in r.note
    assert len(r.boxes_b) == 3  # one per activity


def test_absent_values_give_a_missing_row_are_left_out_or_compared_with_zero():
    sums = {"check": "vs_acts", "stated": TOTAL, "computed": {"sum": "activities.total"}, **FIXED, "what": "w"}
    admin = {"check": "vs_admin", "stated": TOTAL, "computed": {"stated": {"table": "admin", "scope": "program", "measure": "total"}}, **FIXED, "what": "w"}
    # nothing printed: no row at all unless `absent: {stated: row}`
    assert run_checks([sums], _program(with_need=False)) == []
    (r,) = run_checks([{**sums, "absent": {"stated": "row"}}], _program(with_need=False))
    assert (r.scope, r.status, r.stated, r.computed, r.pages) == ("program", "missing", None, Decimal(35), "3; 4")
    # nothing to compare with: a missing row by default, none with `skip`, 0.00 with `zero`
    (r,) = run_checks([admin], _program())
    assert (r.status, r.computed) == ("missing", None)
    assert run_checks([{**admin, "absent": {"computed": "skip"}}], _program()) == []
    (r,) = run_checks([{**admin, "absent": {"computed": "zero"}}], _program())
    assert (r.status, r.computed, str(r.difference)) == ("mismatch", Decimal("0.00"), "-35.00")
