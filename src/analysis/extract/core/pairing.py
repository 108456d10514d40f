"""Pairing the same items printed in two tables by their names: exact keys first, then the most similar.

A document prints its activities (or targets, or indicators) in several tables, re-cased, re-wrapped and
now and then re-worded. `align(left, right, allowed)` pairs two lists of names: equal match keys first (in
order; `analysis.core.text.letter_key`: letters and digits only, Turkish-folded), then, among what is left,
the most similar pairs first, a pair needing `similarity` ≥ `FUZZY`. Each item is used at most once;
`allowed(i, j)` can forbid pairs (a name of another target). `similarity` is 1.0 for equal keys, 0.95
when one key (of at least 8 letters) contains the other, else difflib's ratio of the keys.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Sequence

from analysis.core.text import letter_key


@functools.lru_cache(maxsize=None)
def similarity(a: str, b: str) -> float:
    """1.0 for equal match keys, 0.95 when one contains the other, else difflib's ratio of the keys."""
    ka, kb = letter_key(a), letter_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    if len(min(ka, kb, key=len)) >= 8 and (ka in kb or kb in ka):
        return 0.95
    return difflib.SequenceMatcher(None, ka, kb, autojunk=False).ratio()


FUZZY = 0.85
"""Two names printed in two tables are taken for the same activity when their match keys are equal, one
contains the other, or their similarity ratio is at least this (after exact matches are used up)."""


def align(left: Sequence[str], right: Sequence[str], allowed: Callable[[int, int], bool] | None = None) -> dict[int, int]:
    """Pair items of two lists of names: exact match keys first (in order), then the most similar names.

    Returns {left index: right index}. Each item is used at most once; `allowed(i, j)` can forbid pairs.
    """
    ok = allowed or (lambda i, j: True)
    pairs: dict[int, int] = {}
    used: set[int] = set()
    rkeys = [letter_key(r) for r in right]
    for i, name in enumerate(left):
        k = letter_key(name)
        for j, rk in enumerate(rkeys):
            if j not in used and rk == k and ok(i, j):
                pairs[i] = j
                used.add(j)
                break
    candidates = []
    for i, name in enumerate(left):
        if i in pairs:
            continue
        for j, other in enumerate(right):
            if j in used or not ok(i, j):
                continue
            s = similarity(name, other)
            if s >= FUZZY:
                candidates.append((-s, i, j))
    for _, i, j in sorted(candidates):
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs


__all__ = ["align", "similarity", "FUZZY"]
