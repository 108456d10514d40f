"""Checks of the totals a document states against the rows extracted from it.

A mismatch is a finding about the document, never a reason to change rows. Layout modules decide
*which* checks make sense for their document; the helpers here make every check look the same:

- `compare`: one check of a stated value against a computed one, with its note in English and Turkish
  (`note`, `note_tr`) and where both sides are printed (`boxes_a`, `boxes_b`);
- `text_difference`: a check of two printed strings (names, codes, texts), both kept as printed
  (`text_a`, `text_b`); its notes say "<what> differs: <table a> prints …" in both languages;
- `regions`, `per_page`: the page regions of a side (a stated cell; the rows that were added up, merged
  into one box per page so a side stays one crop per page).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from analysis.core.model import Box, ReconciliationResult, Region


def pages_str(*pages: Iterable[int | None] | int | None) -> str:
    """`30; 100` from any mix of page numbers and iterables of them (None skipped)."""
    found: set[int] = set()
    for p in pages:
        if p is None:
            continue
        if isinstance(p, int):
            found.add(p)
        else:
            found.update(x for x in p if x is not None)
    return "; ".join(str(p) for p in sorted(found))


def compare(
    program: str,
    check: str,
    scope: str,
    stated: Decimal | None,
    computed: Decimal | None,
    pages: str = "",
    note: str = "",
    tolerance: Decimal = Decimal("0"),
    *,
    note_tr: str = "",
    boxes_a: Iterable[Region] = (),
    boxes_b: Iterable[Region] = (),
) -> ReconciliationResult:
    """One check. `missing` when either side is absent, `mismatch` when they differ by more than `tolerance`.

    The tolerance is for documents that print rounded percentages; money checks use 0. `note_tr` is `note`
    in Turkish; `boxes_a` is where the stated value is printed, `boxes_b` what it is compared with.
    """
    if stated is None or computed is None:
        status = "missing"
    elif abs(computed - stated) <= tolerance:
        status = "ok"
    else:
        status = "mismatch"
    return ReconciliationResult(program, check, scope, stated, computed, status, pages, note, note_tr, boxes_a=list(boxes_a), boxes_b=list(boxes_b))


def text_difference(
    program: str,
    check: str,
    scope: str,
    a: str,
    b: str,
    pages: str,
    what: tuple[str, str],
    where_a: tuple[str, str],
    where_b: tuple[str, str],
    boxes_a: Iterable[Region] = (),
    boxes_b: Iterable[Region] = (),
) -> ReconciliationResult:
    """Two tables print different text for the same thing: a `mismatch` with both strings kept as printed.

    `what`, `where_a`, `where_b` are (English, Turkish) phrases: `("activity name", "faaliyet adı")`,
    `("the card", "kartta")` (the Turkish side is the locative: where it is printed). The notes read
    `<what> differs: <where a> prints '<a>', <where b> prints '<b>'` and `<what> farklı: <where a> '<a>',
    <where b> '<b>' yazıyor.`; pages may show `note_tr` up to its first colon as the headline of a diff.
    """
    note = f"{what[0]} differs: {where_a[0]} prints {a!r}, {where_b[0]} prints {b!r}"
    note_tr = f"{what[1]} farklı: {where_a[1]} {_quote(a)}, {where_b[1]} {_quote(b)} yazıyor."
    return ReconciliationResult(program, check, scope, None, None, "mismatch", pages, note, note_tr, a, b, list(boxes_a), list(boxes_b))


def _quote(text: str) -> str:
    return f"‘{text}’"


def regions(pairs: Iterable[tuple[int | None, Box | None]]) -> list[Region]:
    """The (page, box) pairs that have both a page and a box (text editions have neither), in order."""
    return [(int(page), box) for page, box in pairs if page is not None and box is not None]


def per_page(found: Iterable[Region]) -> list[Region]:
    """Regions merged into one box per page (the box around all of them), pages in order of appearance."""
    merged: dict[int, Box] = {}
    for page, box in found:
        merged[page] = merged[page].union(box) if page in merged else box
    return list(merged.items())


def tl(value: Decimal | None) -> str:
    """A number as Turkish prints it, for notes: `27.350.000`, `0,5`; `–` for none."""
    if value is None:
        return "–"
    q = value.quantize(Decimal("1")) if value == value.to_integral_value() else value
    text = f"{q:,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def sum_money(values: Iterable[Decimal | None]) -> Decimal:
    total = Decimal("0.00")
    for v in values:
        if v is not None:
            total += v
    return total


