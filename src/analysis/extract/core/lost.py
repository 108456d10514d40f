"""No silent loss: the tables a profile declares that the document prints but the reader could not use.

`lost_tables(profile, asm, result, page_texts)` → one record per table kind that was lost, each
`{"table", "title", "pages", "reason", "reason_tr"}`, in three cases:

1. **printed, not recognised**: no table of the kind was assembled, but a page prints its title (the
   profile's `title` without a leading `Tablo N –`, or its `printed` phrases), Turkish-folded;
2. **a header with nothing under it**: a table of the kind was found, but none of its blocks holds a row
   (no record, no named row such as *Genel Toplam*);
3. **rows read but not matched**: a declared check of the kind's printed values came out `missing` for
   most of its values (more than half, at least `MIN_MISSING`): the rows were not read, or not paired with
   the rows they are compared with (a Tablo 3 row with its Tablo 1 activity).

`describe(lost)` is the one-line warning for each. The extraction adds the warnings and records the list
in the package (`method["lost_tables"]`); the reading page shows it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from analysis.core.model import ExtractedProgram
from analysis.core.text import ascii_fold
from analysis.extract.core.assemble import Assembly
from analysis.extract.core.profile import Profile

MIN_MISSING = 3
"""A check must have at least this many `missing` results (and more than half) to call its table lost."""

_TABLO = re.compile(r"^\s*Tablo\s+\d+\s*[–—-]\s*", re.IGNORECASE)


def _phrases(kind) -> list[str]:
    phrases = list(getattr(kind, "printed", ()) or ())
    return phrases or [_TABLO.sub("", kind.title)]


def _pages_printing(phrases: list[str], page_texts: tuple[str, ...] | list[str]) -> list[int]:
    folded = [ascii_fold(p) for p in phrases if p.strip()]
    return [n for n, text in enumerate(page_texts, 1) if any(p in ascii_fold(" ".join(text.split())) for p in folded)]


def _check_tables(profile: Profile) -> dict[str, str]:
    """check name → the stated-total table it reads (`admin_performance_table`), from the declarations."""
    return {c["check"]: c.get("stated", {}).get("table", c.get("stated", {}).get("rows", "")) for c in profile.checks}


def lost_tables(profile: Profile, asm: Assembly, result: ExtractedProgram, page_texts: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
    """Every declared table kind the document prints but the reader lost (see the module docstring)."""
    lost: list[dict[str, Any]] = []
    found = defaultdict(list)
    for t in asm.tables:
        found[t.kind.name].append(t)
    for kind in profile.kinds:
        tables = found.get(kind.name, [])
        if not tables:
            pages = _pages_printing(_phrases(kind), page_texts)
            if pages:
                lost.append({"table": kind.name, "title": kind.title, "pages": pages, "reason": "printed, but no table of this kind was recognised",
                             "reason_tr": "belgede basılı, ama bu türden hiçbir tablo tanınmadı"})
            continue
        empty = [t for t in tables if not t.named and not any(t.records.get(b.name) for b in kind.blocks)]
        if empty:
            lost.append({"table": kind.name, "title": kind.title, "pages": sorted({p for t in empty for p in t.pages}),
                         "reason": f"{len(empty)} of {len(tables)} table(s) have a header but no row was read under it",
                         "reason_tr": f"{len(tables)} tablonun {len(empty)} tanesinde başlık var ama altındaki satırların hiçbiri okunamadı"})
    by_check: dict[str, list] = defaultdict(list)
    for r in result.reconciliation:
        by_check[r.check].append(r)
    for check, table in _check_tables(profile).items():
        results = by_check.get(check, [])
        missing = [r for r in results if r.status == "missing"]
        if len(missing) >= MIN_MISSING and 2 * len(missing) > len(results):
            pages = sorted({int(p) for r in missing for p in re.findall(r"\d+", r.pages or "")})
            lost.append({"table": table, "title": check, "pages": pages,
                         "reason": f"check {check}: {len(missing)} of {len(results)} values came out missing (rows not read, or not matched)",
                         "reason_tr": f"{check} denetimi: {len(results)} değerin {len(missing)} tanesi karşılaştırılamadı (satırlar okunamadı ya da eşleştirilemedi)"})
    return lost


def _pages(pages: list[int]) -> str:
    return ", ".join(map(str, pages[:12])) + (f" … ({len(pages)} pages)" if len(pages) > 12 else "")


def describe(item: dict[str, Any]) -> str:
    """The one-line warning: `lost table: <title> (pages …): <reason>`."""
    return f"lost table: {item['title']} (pages {_pages(item['pages']) or '–'}): {item['reason']}"
