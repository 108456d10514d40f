"""Years and column roles from printed header cells: the one place every layout reads them.

A performance program prints its indicator values under year headers, and the header says what the column
holds: an actual (`2019 YILI GERÇEKLEŞEN`, `Önceki Yıl (2020)`, a bare `2019`), a part-year actual
(`2020 YILI İLK 6 AY GERÇEKLEŞEN`), an estimate (`2020*`, `Cari Yıl (2021)`, `… tahmini`) or a target /
plan-year figure (`2021 Yılı Hedefi`, `2021 YILI HEDEFLERİ`, `2021 YILI HEDEFLENEN`, `Plan Yılı (2022)`,
`2022 Yılı Kaynak İhtiyacı`). Nothing here assumes which years a document covers.

- `header_year(text)` → `(year, role)` of one header cell, or None when the cell names no year;
  `role` is None when the cell prints nothing but the year (`2020`).
- `header_roles(cells)` → `(year, role)` for every cell of one header row (None for cells without a
  year). A bare year gets its role from its place in the row, by the convention of the Finance
  Ministry's guide (*Önceki Yıl | Cari Yıl | Plan Yılı*): the latest year of the row is the plan year
  (`target`), the year before it the current year (`estimate`), earlier years `actual`. A bare year in a
  row whose latest year is explicitly something else (Kocaeli: `2019 | 2020* | 2021 Yılı Hedefi`) follows
  the same rule (2019 is two years before the plan year, an actual).
- `split_year_cells(lines)` re-joins a header printed one line per word (text editions) into one cell per
  year: `["2019 YILI", "GERÇEKLEŞEN", "2020 YILI", "İLK 6 AY", …]` → `["2019 YILI GERÇEKLEŞEN", …]`.

Roles are the data contract's: `actual`, `partial_actual`, `estimate`, `target`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from analysis.core.text import ascii_fold

__all__ = ["header_year", "header_roles", "split_year_cells", "YEAR"]

YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?![\d.,]\d)")
"""A four-digit year 1900-2099 not glued to other digits or to thousands/decimal separators."""

# (role, words of the folded header that say it), first match wins: a target column may also say
# "gerçekleşme" nowhere, but a part-year actual says both "ilk 6 ay" and "gerçekleşen".
_ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("partial_actual", ("ilk 6 ay", "ilk alti ay", "6 aylik", "alti aylik", "ilk yari")),
    ("estimate", ("tahmin", "cari yil", "beklenen", "yil sonu")),
    ("target", ("hedef", "plan yili", "kaynak ihtiyaci", "butce", "teklif")),
    ("actual", ("gerceklesen", "gerceklesme", "onceki yil", "fiili")),
)


_FIRST_MONTHS = re.compile(r"\bilk\s+\S{0,5}?\s*ay\b")
"""*İlk N ay* (the first N months: a part-year actual) with any short count: `İLK 6 AY`, `İlk 9 Ay`,
`İlk altı ay`, and a scan's `İLK GAY` (tesseract joins a `6` set close to `AY` into one word)."""


def header_year(text: str) -> tuple[int, str | None] | None:
    """(year, role) of one printed header cell; role None for a bare year; None when there is no year.

    >>> header_year("2019 YILI GERÇEKLEŞEN"), header_year("2020*"), header_year("Plan Yılı (2022)")
    ((2019, 'actual'), (2020, 'estimate'), (2022, 'target'))
    >>> header_year("2020 YILI İLK 6 AY GERÇEKLEŞEN"), header_year("2021"), header_year("Ölçü Birimi")
    ((2020, 'partial_actual'), (2021, None), None)
    """
    m = YEAR.search(text or "")
    if not m:
        return None
    year = int(m.group(1))
    folded = ascii_fold(text)
    if _FIRST_MONTHS.search(folded):
        return year, "partial_actual"
    for role, words in _ROLE_WORDS:
        if any(w in folded for w in words):
            return year, role
    rest = (text[: m.start()] + text[m.end() :]).strip()
    if rest.startswith("*") or rest.endswith("*"):
        return year, "estimate"  # the guide's and Kocaeli's footnote mark: `2020*` = year-end estimate
    return year, None


def header_roles(cells: Sequence[str]) -> list[tuple[int, str] | None]:
    """(year, role) for every cell of one header row; bare years placed relative to the row's plan year.

    >>> header_roles(["Performans Göstergeleri", "2020", "2021", "2022"])
    [None, (2020, 'actual'), (2021, 'estimate'), (2022, 'target')]
    >>> header_roles(["Sıra", "2019", "2020*", "2021 Yılı Hedefi"])
    [None, (2019, 'actual'), (2020, 'estimate'), (2021, 'target')]
    """
    read = [header_year(c) for c in cells]
    years = [r[0] for r in read if r is not None]
    plan = max(years) if years else None
    out: list[tuple[int, str] | None] = []
    for r in read:
        if r is None:
            out.append(None)
        elif r[1] is not None:
            out.append((r[0], r[1]))
        else:
            year = r[0]
            out.append((year, "target" if year == plan else "estimate" if plan is not None and year == plan - 1 else "actual"))
    return out


def split_year_cells(lines: Iterable[str]) -> list[str]:
    """Header lines of a text edition → one cell per year (a line starting with a year opens a new cell).

    >>> split_year_cells(["2019 YILI", "GERÇEKLEŞEN", "2020 YILI", "ILK 6 AY", "GERÇEKLEŞEN", "2021 YILI", "HEDEFLERI"])
    ['2019 YILI GERÇEKLEŞEN', '2020 YILI ILK 6 AY GERÇEKLEŞEN', '2021 YILI HEDEFLERI']
    """
    cells: list[str] = []
    for line in lines:
        line = " ".join(line.split())
        if not line:
            continue
        if YEAR.match(line) or not cells:
            cells.append(line)
        else:
            cells[-1] = f"{cells[-1]} {line}"
    return [c for c in cells if YEAR.search(c)]
