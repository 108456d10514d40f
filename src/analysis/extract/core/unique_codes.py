"""Unique codes from printed codes: what a document prints as an item's code is not always a key.

Takes the codes as printed, group by group (the indicators of each card, in print order); gives every item
a code unique in the whole document, changing only what must change (the print is kept elsewhere):

1. a truncated code (ending in `.`, e.g. `İG2.60.1.`) gets `#<position in its group>`: `İG2.60.1.#1`;
2. a code still printed more than once inside one group also gets `#<position>`;
3. a code printed in more than one group gets `@<group number>` on every occurrence: `İG1.41.1.1@92`,
   `İG1.41.1.1@100`.

Every other code is kept exactly as printed. Groups and positions are numbered from 1.
`unique_codes(groups)` → {(group number, position): unique code}.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from analysis.core.text import norm


def unique_codes(groups: Sequence[Sequence[str]]) -> dict[tuple[int, int], str]:
    """{(group, position): unique code} for the printed codes of each group (both numbered from 1)."""
    printed: list[tuple[int, int, str]] = []  # group, position, code after rule 1
    for g, codes in enumerate(groups, 1):
        for k, raw in enumerate(codes, 1):
            code = norm(raw)
            printed.append((g, k, f"{code}#{k}" if code.endswith(".") else code))
    groups_of: dict[str, set[int]] = defaultdict(set)
    for g, _, code in printed:
        groups_of[code].add(g)
    per_group = Counter((g, code) for g, _, code in printed)
    unique: dict[tuple[int, int], str] = {}
    for g, k, code in printed:
        u = code
        if per_group[(g, code)] > 1:
            u = f"{u}#{k}"
        if len(groups_of[code]) > 1:
            u = f"{u}@{g}"
        unique[(g, k)] = u
    if len(set(unique.values())) != len(unique):  # pragma: no cover - the rules above cannot collide
        raise AssertionError("codes are not unique after the uniqueness rules")
    return unique


__all__ = ["unique_codes"]
