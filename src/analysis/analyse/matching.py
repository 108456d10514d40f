"""Matching the items of two programs of one municipality: which indicator (target, activity) became which.

Takes two lists of `Item`s (code, name, measure unit, context: for an indicator the text of its performance
target) and returns a `Matching`: the pairs found, each with its `method` and `score` (0-100), the items whose
best partner is not clear (`ambiguous`, with their candidates) and the items left on each side (`unmatched`).
Nothing is guessed silently: an item is matched only when its pair is the best for both sides and clearly
ahead of the next candidate; everything else is listed.

The score of a pair (rapidfuzz, on names folded to ASCII lower case with years and punctuation removed):
    score = 0.7 x name similarity + 0.2 x context similarity + 0.1 x unit agreement (100, or 50 when a side
            prints no unit), plus CODE_BONUS when both print the same code (`PH1.1.1#2`);
name similarity is the mean of rapidfuzz's token-sort and token-set ratios. A pair is `code` when the codes
are equal and the names alone score at least CODE_NAME_MIN (a strategic plan that kept its codes), else
`name`. A pair within MARGIN of another candidate is still clear when its names are identical and the other's
are not. Codes alone never match: after a new strategic plan the same code names another indicator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from analysis.core.text import ascii_fold, folded_words

ACCEPT = 78.0
"""Lowest score of a pair that is matched."""
MARGIN = 4.0
"""How far a pair must be ahead of the next candidate of either side; closer pairs are `ambiguous`."""
CONSIDER = 60.0
"""Lowest score of a candidate listed for an ambiguous item."""
IDENTICAL = 99.99
"""Name score of identical names (same words): such a pair is clear even when a near-twin scores within MARGIN."""
CODE_BONUS = 8.0
CODE_NAME_MIN = 70.0

_YEARS = re.compile(r"\b(19|20)\d\d\b")


@dataclass(frozen=True)
class Item:
    """One printed thing to match: a code as printed, a name, its unit and the text around it."""

    code: str
    name: str
    unit: str = ""
    context: str = ""


@dataclass(frozen=True)
class Pair:
    a: int
    b: int
    method: str
    score: float


@dataclass
class Matching:
    pairs: list[Pair] = field(default_factory=list)
    ambiguous_a: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    """Item of the first list -> its close candidates in the second (index, score), best first."""
    ambiguous_b: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    unmatched_a: list[int] = field(default_factory=list)
    unmatched_b: list[int] = field(default_factory=list)


def key(text: str) -> str:
    """A name for comparing: folded, years removed (a target's text names its own year), punctuation gone."""
    return " ".join(folded_words(_YEARS.sub(" ", ascii_fold(text or ""))))


def _similarity(a: list[str], b: list[str]) -> np.ndarray:
    sort = process.cdist(a, b, scorer=fuzz.token_sort_ratio, dtype=np.float32)
    tset = process.cdist(a, b, scorer=fuzz.token_set_ratio, dtype=np.float32)
    return (sort + tset) / 2


def scores(a: list[Item], b: list[Item]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(combined score, name score, same code) for every pair, as |a| x |b| arrays."""
    names = _similarity([key(i.name) for i in a], [key(i.name) for i in b])
    context = _similarity([key(i.context) for i in a], [key(i.context) for i in b])
    ua, ub = [key(i.unit) for i in a], [key(i.unit) for i in b]
    units = np.array([[100.0 if x == y else 50.0 if not x or not y else 0.0 for y in ub] for x in ua], dtype=np.float32).reshape(len(a), len(b))
    same_code = np.array([[bool(x.code) and x.code == y.code for y in b] for x in a], dtype=bool).reshape(len(a), len(b))
    combined = 0.7 * names + 0.2 * context + 0.1 * units + np.where(same_code & (names >= CODE_NAME_MIN), CODE_BONUS, 0.0)
    return np.minimum(combined, 100.0), names, same_code


def _second(row: np.ndarray, best: int) -> float:
    if row.size < 2:
        return 0.0
    rest = np.delete(row, best)
    return float(rest.max()) if rest.size else 0.0


def match(a: list[Item], b: list[Item]) -> Matching:
    """Pairs, ambiguous items and the items left on each side (see the module docstring)."""
    out = Matching()
    if not a or not b:
        out.unmatched_a, out.unmatched_b = list(range(len(a))), list(range(len(b)))
        return out
    combined, names, same_code = scores(a, b)
    live = combined.copy()
    for _ in range(4):  # a pair taken frees the next best of the others: a few rounds settle it
        found = _round(live, combined, names, same_code, out)
        if not found:
            break
    taken_a, taken_b = {p.a for p in out.pairs}, {p.b for p in out.pairs}
    for i in range(len(a)):
        if i in taken_a:
            continue
        close = _close(combined[i, :], taken_b)
        if len(close) > 1 and close[0][1] >= ACCEPT:
            out.ambiguous_a[i] = close
        else:
            out.unmatched_a.append(i)
    for j in range(len(b)):
        if j in taken_b:
            continue
        close = _close(combined[:, j], taken_a)
        if len(close) > 1 and close[0][1] >= ACCEPT:
            out.ambiguous_b[j] = close
        else:
            out.unmatched_b.append(j)
    out.pairs.sort(key=lambda p: (p.a, p.b))
    return out


def _close(row: np.ndarray, taken: set[int]) -> list[tuple[int, float]]:
    """The free candidates within MARGIN of the best free one, when the best is worth considering."""
    free = [(k, float(v)) for k, v in enumerate(row) if k not in taken and v >= CONSIDER]
    free.sort(key=lambda kv: -kv[1])
    return [kv for kv in free if kv[1] >= free[0][1] - MARGIN] if free else []


def _only_identical(names: np.ndarray, live: np.ndarray, i: int, j: int) -> bool:
    """Whether (i, j) is the one free pair with identical names in its row and column (a near-twin elsewhere,
    `tahsis` beside `devir`, does not make an identical pair ambiguous)."""
    if names[i, j] < IDENTICAL:
        return False
    free_row = (live[i, :] >= 0) & (names[i, :] >= IDENTICAL)
    free_col = (live[:, j] >= 0) & (names[:, j] >= IDENTICAL)
    return int(free_row.sum()) == 1 and int(free_col.sum()) == 1


def _round(live: np.ndarray, combined: np.ndarray, names: np.ndarray, same_code: np.ndarray, out: Matching) -> int:
    """Take every pair that is the clear best of its row and its column among the items still free."""
    found = 0
    best_b = live.argmax(axis=1)
    best_a = live.argmax(axis=0)
    for i, j in enumerate(best_b):
        score = float(live[i, j])
        if score < ACCEPT or best_a[j] != i:
            continue
        close = score - _second(live[i, :], int(j)) < MARGIN or score - _second(live[:, j], i) < MARGIN
        if close and not _only_identical(names, live, i, int(j)):
            continue
        method = "code" if same_code[i, j] and names[i, j] >= CODE_NAME_MIN else "name"
        out.pairs.append(Pair(i, int(j), method, round(float(combined[i, j]), 1)))
        found += 1
    for p in out.pairs:
        live[p.a, :] = -1.0
        live[:, p.b] = -1.0
    return found
