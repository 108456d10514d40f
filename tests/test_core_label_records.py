"""Records opened by label rows and continued over pages (`analysis.extract.core.label_records`), by hand.

A made-up layout: `KONU` starts a record's fields, `ALT` adds to them, `KART` opens the record; in a second
section `BÖLÜM` (with a theme in a fourth box) holds for every later entry and `ALT` starts an entry's fields.
Every expected record follows from the sequence of labels fed in.
"""

from __future__ import annotations

import pytest

from analysis.extract.core.label_records import LabelRecords

SPEC = {
    "cards": [
        {"label": "KONU", "field": "aim", "then": "reset", "closes": "card"},
        {"label": "ALT", "field": "goal", "then": "add"},
        {"label": "KART", "field": "ph", "then": "open", "record": "card"},
    ],
    "index": [
        {"label": "BÖLÜM", "match": "starts", "field": "aim", "then": "context", "extra": "theme", "strip": r"^TEMA\b:?"},
        {"label": "ALT", "field": "goal", "then": "reset", "closes": "entry"},
        {"label": "KART", "field": "ph", "then": "open", "record": "entry", "with_context": True},
    ],
}


@pytest.fixture
def made() -> list[tuple]:
    return []


@pytest.fixture
def records(made) -> LabelRecords:
    def make(record, fields, boxes, page):
        made.append((record, fields, sorted(boxes), page))
        return (record, len(made))

    return LabelRecords(SPEC, "test", make)


def box(*parts: str) -> dict[str, str]:
    return {p: f"box-{p}" for p in parts}


def test_a_record_takes_the_fields_of_the_labels_before_it_and_the_page_of_the_first(records, made):
    records.label("cards", "Konu", "A1", "Aim one", "", box("code", "text"), 3)
    records.label("cards", "ALT", "H1.1", "Goal", "", box("code", "text"), 4)
    rule = records.label("cards", "KART", "PH1", "Target", "", box("code", "text"), 4)
    assert rule is not None and rule.record == "card"
    assert made == [("card", {"aim_code": "A1", "aim_text": "Aim one", "goal_code": "H1.1", "goal_text": "Goal", "ph_code": "PH1", "ph_text": "Target"},
                     ["aim_code", "aim_text", "goal_code", "goal_text", "ph_code", "ph_text"], 3)]
    assert records.open["card"] == ("card", 1)


def test_the_record_stays_open_over_pages_until_a_label_closes_it(records):
    records.label("cards", "KONU", "A1", "x", "", {}, 1)
    records.label("cards", "KART", "PH1", "y", "", {}, 1)
    # page 2 prints no label: the record is still open for its tables
    assert records.open["card"] == ("card", 1)
    records.label("cards", "KONU", "A2", "z", "", {}, 3)
    assert records.open["card"] is None


def test_context_holds_for_later_records_and_wins_over_pending_fields(records, made):
    records.label("index", "BÖLÜMÜN AMACI", "A1", "Aim", "TEMA: Çevre", box("code", "text", "extra"), 10)
    for n, page in ((1, 10), (2, 11)):
        records.label("index", "ALT", f"H1.{n}", "Goal", "", {}, page)
        records.label("index", "KART", f"PH1.{n}", "T", "", {}, page)
    assert [(m[1]["aim_code"], m[1]["theme"], m[1]["goal_code"], m[3]) for m in made] == [("A1", "Çevre", "H1.1", 10), ("A1", "Çevre", "H1.2", 11)]
    assert made[0][2] == ["aim_code", "aim_text", "theme"]  # the KART rows were given no boxes


def test_without_context_a_record_takes_none_of_it(records, made):
    records.label("cards", "KONU", "A1", "x", "", {}, 1)
    records.label("index", "BÖLÜM", "A9", "y", "TEMA z", {}, 1)
    records.label("cards", "KART", "PH1", "t", "", {}, 1)
    assert made[0][1]["aim_code"] == "A1" and "theme" not in made[0][1]


def test_an_undeclared_label_is_returned_as_none(records, made):
    assert records.label("cards", "BÖLÜM", "A1", "x", "", {}, 1) is None  # declared in the other section only
    assert records.label("nowhere", "KART", "A1", "x", "", {}, 1) is None
    assert made == []


@pytest.mark.parametrize("spec", [[], {"s": [{"label": "X", "field": "a", "then": "jump"}]}, {"s": [{"label": "X", "field": "a", "then": "open"}]},
                                  {"s": [{"label": "X", "field": "a", "then": "add", "match": "regex"}]}])
def test_bad_declarations_fail_naming_the_place(spec):
    with pytest.raises(ValueError, match=r"^here"):
        LabelRecords(spec, "here", lambda *a: None)
