"""Small, layout-independent helpers for reading performance-program tables.

Every function here is generic (no municipality names, no page numbers) so that any layout module can use
it. They work on *strings as printed* and never change a number: money and indicator values are parsed by
`analysis.core.numbers` only.

Text cleaning and the matching keys live in `analysis.core.text`.

- `parse_numbered_heading`: `1.2.Sürdürülebilir Çevre`, `2.3 Sağlık`, `1. Kentsel Dönüşüm` → numbers + title.
- `normalise_code`: upper-cases the letters of a printed code (`TO/Ph.5.4.1` → `TO/PH.5.4.1`).
- `merge_variants`: map spelling variants of the same name onto one canonical spelling.
- `align`: pair two ordered lists of names that should describe the same items (e.g. a summary table's
  activity rows and the activities of the cards), tolerant of small re-spellings.
- `cell_boxes`: the box of every cell of a camelot table, converted to the data contract's top-left origin.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

from analysis.core.model import Box
from analysis.core.text import clean_cell, word_key

__all__ = [
    "parse_numbered_heading",
    "normalise_code",
    "merge_variants",
    "align",
    "similarity",
    "cell_boxes",
]


_NUMBERED_HEADING = re.compile(r"^(\d{1,2})\s*\.\s*(?:(\d{1,2})\s*\.?\s*)?([^\W\d_][^\d]*?)\s*$")


def parse_numbered_heading(text: str) -> tuple[tuple[int, ...], str] | None:
    """`1.2.Sürdürülebilir Çevre Hizmetleri` → ((1, 2), 'Sürdürülebilir Çevre Hizmetleri').

    Accepts one or two levels of numbering with or without a dot or space after each number
    (`1. Kentsel Dönüşüm`, `2.3 Sağlık ve Sosyal Hizmetler`), and markdown decoration (`## `, `*…*`).
    Returns None for anything else, including table-of-contents lines (which end in a page number or
    leader dots) and sentences with digits in them.

    >>> parse_numbered_heading("## 1.2.Sürdürülebilir Çevre Hizmetleri")
    ((1, 2), 'Sürdürülebilir Çevre Hizmetleri')
    >>> parse_numbered_heading("2.3 Sağlık ve Sosyal Hizmetler")
    ((2, 3), 'Sağlık ve Sosyal Hizmetler')
    >>> parse_numbered_heading("1.1. Ulaşım Hizmetleri ..... 39") is None
    True
    """
    s = clean_cell(text)
    s = re.sub(r"^#+\s*", "", s).strip().strip("*_ ").strip()
    if "..." in s or "…" in s:
        return None
    m = _NUMBERED_HEADING.match(s)
    if not m:
        return None
    title = m.group(3).strip()
    if len(title) < 3 or len(title) > 80:
        return None
    nums = (int(m.group(1)),) + ((int(m.group(2)),) if m.group(2) else ())
    return nums, title


def normalise_code(raw: str) -> str:
    """A printed code with its letters upper-cased and spaces removed (`TO/Ph.5.4.1` → `TO/PH.5.4.1`)."""
    return re.sub(r"\s+", "", raw).upper()


def similarity(a: str, b: str) -> float:
    """0..1 similarity of two names after `word_key`."""
    fa, fb = word_key(a), word_key(b)
    if fa == fb:
        return 1.0
    return difflib.SequenceMatcher(None, fa, fb, autojunk=False).ratio()


def merge_variants(names: Iterable[str], reference: Sequence[str] = (), threshold: float = 0.93) -> dict[str, str]:
    """Map every name onto a canonical spelling, merging near-identical spellings of the same name.

    `reference` is the document's own list of names (e.g. the unit list of a summary table): a name that
    is close to exactly one reference name (similarity ≥ `threshold`) takes that spelling. Names with no
    reference are merged with each other the same way, the most frequent spelling winning. Identical
    names always map to themselves.
    """
    names = list(names)
    refs = list(dict.fromkeys(reference))
    mapping: dict[str, str] = {}
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    for n in sorted(counts, key=lambda x: -counts[x]):
        if n in refs:
            mapping[n] = n
            continue
        close = [r for r in refs if similarity(n, r) >= threshold]
        if len(close) == 1:
            mapping[n] = close[0]
            continue
        # no reference spelling: merge with an already-seen, more frequent spelling
        prior = [c for c in dict.fromkeys(mapping.values()) if c not in refs and similarity(n, c) >= threshold]
        mapping[n] = prior[0] if len(prior) == 1 else n
    return mapping


def align(left: Sequence[str], right: Sequence[str], threshold: float = 0.6) -> list[tuple[int | None, int | None]]:
    """Pair two ordered lists of names that describe the same items in the same order.

    Identical names (after `word_key`) are matched first with `difflib`; in between, blocks of unmatched items
    are paired position by position while their similarity is at least `threshold`. Items that find no
    partner come out as `(i, None)` or `(None, j)`. The result is in order of both lists.
    """
    lk = [word_key(x) for x in left]
    rk = [word_key(x) for x in right]
    sm = difflib.SequenceMatcher(None, lk, rk, autojunk=False)
    pairs: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        li, rj = list(range(i1, i2)), list(range(j1, j2))
        while li and rj:
            i, j = li[0], rj[0]
            if similarity(left[i], right[j]) >= threshold:
                pairs.append((i, j))
                li.pop(0)
                rj.pop(0)
            elif len(li) > len(rj):
                pairs.append((i, None))
                li.pop(0)
            else:
                pairs.append((None, j))
                rj.pop(0)
        pairs.extend((i, None) for i in li)
        pairs.extend((None, j) for j in rj)
    return pairs


def cell_boxes(table, page_height: float) -> list[list[Box]]:
    """The box of every grid cell of a camelot table, top-left origin; a spanning cell gets its whole span.

    camelot measures from the page's bottom-left corner and puts the text of a merged cell into its top-left
    grid cell; that cell's box is widened over the cells it spans (no ruling line on its right, below it).
    """
    cells = table.cells
    n_rows, n_cols = len(cells), len(cells[0]) if cells else 0
    out = []
    for r in range(n_rows):
        row = []
        for c in range(n_cols):
            rr, cc = r, c
            while cc + 1 < n_cols and not cells[r][cc].right:
                cc += 1
            while rr + 1 < n_rows and not cells[rr][c].bottom:
                rr += 1
            first, last = cells[r][c], cells[rr][cc]
            row.append(Box.from_bottom_left(first.x1, last.y1, last.x2, first.y2, page_height))
        out.append(row)
    return out
