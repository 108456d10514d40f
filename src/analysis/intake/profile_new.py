"""`python -m analysis profile new PDF`: a draft profile for a new layout, from the closest shipped one.

Takes a PDF; returns the text of a YAML profile a student then edits (docs/new-layout.md):

1. every shipped profile reads the document (`ProfileLayout.read`); the closest is the one whose table
   kinds are recognised most (then the most rows read, then its detection score);
2. the draft is that profile's YAML (comments kept, ruamel.yaml), renamed after the document;
3. above it, a comment per table kind of the closest profile: the pages where it was recognised, or the
   header row on the document that shows most of its column words (its page, its cells, which cells
   matched a column role and which did not) — the words to add to a column's list, or the table to
   describe anew.

Nothing is guessed into the YAML itself: the findings are comments, the student decides.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.extract import open_document, profile_layout
from analysis.extract.base import Document
from analysis.extract.core.cells import Row
from analysis.extract.core.profile import Profile, shipped_profiles
from analysis.extract.core.years import header_year


@dataclass
class Candidate:
    profile: Profile
    found: dict[str, list[int]]
    rows_read: int
    score: float
    rows: list[Row]


def _candidate(profile: Profile, doc: Document) -> Candidate:
    layout = profile_layout(profile)
    try:
        rows = layout.read_rows(doc, None)
        asm, result = layout.read(doc, "draft", None, rows)
    except Exception:  # a profile that cannot read the document at all is simply far
        return Candidate(profile, {}, 0, 0.0, [])
    found: dict[str, list[int]] = {}
    for t in asm.tables:
        found.setdefault(t.kind.name, []).extend(t.pages)
    n = len(result.indicators) + len(result.activities) + len(result.stated_totals)
    return Candidate(profile, found, n, layout.detect(doc), rows)


def closest_header(rows: list[Row], block) -> tuple[Row | None, list[tuple[str, str]]]:
    """The ruled row showing most of the block's column words: (row, [(cell text, role or '?')])."""
    best, best_cells, best_n = None, [], 0
    for row in rows:
        if not row.ruled or len(row.cells) < 2 or sum(ch.isdigit() for c in row.cells for ch in c.text) > 12:
            continue
        cells = [(c.text, block.role_of(c.text) or ("year" if block.years and header_year(c.text) else "?")) for c in row.cells]
        n = sum(role != "?" for _, role in cells)
        if n > best_n:
            best, best_cells, best_n = row, cells, n
    return best, best_cells


def findings(c: Candidate) -> list[str]:
    """Comment lines: for each table kind, where it was recognised or the closest header row."""
    lines = [f"Draft made by `python -m analysis profile new` from the shipped profile '{c.profile.name}'",
             "(the closest: the most table kinds recognised on this document). Check it with",
             "`python -m analysis profile check THIS.yml DOCUMENT.pdf` and edit until every table reads.", ""]
    for kind in c.profile.kinds:
        if kind.name in c.found:
            pages = sorted(set(c.found[kind.name]))
            lines.append(f"{kind.name} ({kind.title}): recognised on pages {', '.join(map(str, pages[:15]))}{' …' if len(pages) > 15 else ''}")
            continue
        for block in kind.blocks:
            row, cells = closest_header(c.rows, block)
            if row is None:
                lines.append(f"{kind.name}/{block.name} ({kind.title}): no header row shows any of its column words")
                continue
            missing = [r for r in block.required if r not in {role for _, role in cells}]
            lines.append(f"{kind.name}/{block.name} ({kind.title}): NOT recognised; closest header row on p. {row.page}:")
            lines.append("    " + " | ".join(f"{text[:40]!r} -> {role}" for text, role in cells))
            lines.append(f"    required roles not found: {', '.join(missing) or 'none'}; add the '?' cells' words to the right column")
    return lines


def draft_profile(pdf: Path | str, name: str | None = None) -> tuple[str, Profile]:
    """The draft YAML text and the shipped profile it starts from."""
    from ruamel.yaml import YAML

    doc = open_document(pdf)
    candidates = [_candidate(p, doc) for p in shipped_profiles()]
    best = max(candidates, key=lambda c: (len(c.found), c.rows_read, c.score))
    yaml = YAML()
    yaml.preserve_quotes = True
    data = yaml.load(best.profile.source.read_text(encoding="utf-8"))
    slug = name or re.sub(r"[^a-z0-9_]+", "_", Path(pdf).stem.lower()).strip("_") or "new_layout"
    data["name"] = slug
    data["description"] = f"Draft for {Path(pdf).name}, from {best.profile.name}: say what this layout prints."
    if "code" in data:
        data["code"] = best.profile.code  # a shipped builder; a project profile may only name one of those
    out = io.StringIO()
    yaml.dump(data, out)
    head = "".join(f"# {line}".rstrip() + "\n" for line in findings(best))
    return head + "\n" + out.getvalue(), best.profile
