"""A common taxonomy of policy areas, so that programs with different themes and units can be compared.

Every program names its own themes (Kocaeli: service areas such as `Ulaşım Hizmetleri`; Küçükçekmece: the
TEMA of each aim such as `Mekansal Gelişim`) and its own units (Daire Başkanlığı / Müdürlük). `data/taxonomy.yml`
maps both, per program, to about a dozen shared policy areas (transport, environment, ...). This module reads
that file and assigns every activity exactly one policy area, recording *which rule decided it*:

1. an activity override (`activity_overrides`: ph_code + seq, or ph_code + name),
2. a performance-target override (`ph_overrides`: an exact PH code or a pattern such as `TO/PH.4.*`),
3. the program's *basis* mapping (`basis: theme` or `basis: unit`),
4. the other mapping, as a fallback (recorded as such),
5. otherwise the activity is *unmapped*: it keeps its money and is listed by `unmapped_items`, never dropped.

Names are matched after folding (case, Turkish dotted/dotless i, diacritics, spacing, leading numbering such as
`1.2.`), so `1.2.Sürdürülebilir Çevre Hizmetleri` and `SÜRDÜRÜLEBİLİR ÇEVRE HİZMETLERİ` hit the same key.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis.analyse.common import NOT_STATED, money_sum, page_list
from analysis.core.text import ascii_fold, name_key

__all__ = [
    "PolicyArea",
    "ProgramMapping",
    "Taxonomy",
    "TaxonomyError",
    "assign_policy_areas",
    "load_taxonomy",
    "parse_taxonomy",
    "unmapped_items",
]

UNMAPPED = "unmapped"
"""Policy-area id of an activity no rule maps (listed by `unmapped_items`)."""


def _code_key(code: Any) -> str:
    """Matching key of a PH code: folded, spaces removed (`TO/Ph.5.4.1` == `TO/PH.5.4.1`)."""
    return ascii_fold(code).replace(" ", "")


class TaxonomyError(ValueError):
    """`data/taxonomy.yml` is malformed or refers to a policy area it does not define."""


@dataclass(frozen=True)
class PolicyArea:
    id: str
    tr: str
    en: str
    description: str = ""


@dataclass
class ProgramMapping:
    """One program's mappings. Keys are stored as printed (for listing) and matched by `name_key`."""

    program: str
    basis: str = "theme"
    themes: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    ph_overrides: dict[str, tuple[str, str]] = field(default_factory=dict)
    """PH code or pattern -> (area, note)."""
    activity_overrides: list[dict[str, Any]] = field(default_factory=list)
    """Each: {ph_code, seq | name, area, note}."""

    def _lookup(self, table: dict[str, str], name: Any) -> tuple[str, str] | None:
        key = name_key(name)
        if not key:
            return None
        for printed, area in table.items():
            if name_key(printed) == key:
                return printed, area
        return None

    def theme_area(self, theme: Any) -> tuple[str, str] | None:
        """(mapping key as written in the file, area) for a theme, or None."""
        return self._lookup(self.themes, theme)

    def unit_area(self, unit: Any) -> tuple[str, str] | None:
        return self._lookup(self.units, unit)

    def ph_area(self, ph_code: Any) -> tuple[str, str, str] | None:
        """(pattern, area, note) of the most specific PH override matching `ph_code`, or None.

        An exact code beats any pattern; among patterns the longest (most specific) wins.
        """
        code = _code_key(ph_code)
        if not code:
            return None
        best: tuple[int, str, str, str] | None = None
        for pattern, (area, note) in self.ph_overrides.items():
            pat = _code_key(pattern)
            if pat == code:
                return pattern, area, note
            if any(ch in pat for ch in "*?[") and fnmatch.fnmatchcase(code, pat):
                score = len(pat.replace("*", ""))
                if best is None or score > best[0]:
                    best = (score, pattern, area, note)
        return (best[1], best[2], best[3]) if best else None

    def activity_area(self, ph_code: Any, seq: Any, name: Any) -> tuple[int, str, str] | None:
        """(index in activity_overrides, area, note) for one activity, or None."""
        code = _code_key(ph_code)
        for i, ov in enumerate(self.activity_overrides):
            if _code_key(ov.get("ph_code")) != code:
                continue
            if "seq" in ov and ov["seq"] is not None:
                try:
                    if int(ov["seq"]) != int(seq):
                        continue
                except (TypeError, ValueError):
                    continue
            elif "name" in ov:
                if name_key(ov["name"]) != name_key(name):
                    continue
            else:
                continue
            return i, ov["area"], str(ov.get("note", ""))
        return None


@dataclass
class Taxonomy:
    areas: list[PolicyArea]
    programs: dict[str, ProgramMapping]

    @property
    def area_ids(self) -> list[str]:
        return [a.id for a in self.areas]

    def area(self, area_id: str) -> PolicyArea | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def labels(self) -> pd.DataFrame:
        """One row per policy area (id, Turkish and English label, description), in file order."""
        return pd.DataFrame(
            [{"policy_area": a.id, "label_tr": a.tr, "label_en": a.en, "description": a.description} for a in self.areas],
            columns=["policy_area", "label_tr", "label_en", "description"],
        )

    def mapping(self, program: str) -> ProgramMapping | None:
        return self.programs.get(program)


def _area_and_note(value: Any, where: str) -> tuple[str, str]:
    if isinstance(value, str):
        return value, ""
    if isinstance(value, dict) and "area" in value:
        return str(value["area"]), str(value.get("note", ""))
    raise TaxonomyError(f"{where}: expected an area id or {{area: ..., note: ...}}, got {value!r}")


def parse_taxonomy(doc: dict[str, Any]) -> Taxonomy:
    """Build a `Taxonomy` from the parsed YAML document; raises `TaxonomyError` on any unknown area id."""
    if not isinstance(doc, dict):
        raise TaxonomyError("taxonomy: the file must be a mapping with `policy_areas` and `programs`")
    areas = []
    for i, a in enumerate(doc.get("policy_areas") or []):
        if not isinstance(a, dict) or "id" not in a:
            raise TaxonomyError(f"policy_areas[{i}]: needs at least an `id`")
        areas.append(PolicyArea(str(a["id"]), str(a.get("tr", a["id"])), str(a.get("en", a["id"])), str(a.get("description", "")).strip()))
    ids = {a.id for a in areas}
    if len(ids) != len(areas):
        raise TaxonomyError("policy_areas: duplicate ids")
    programs: dict[str, ProgramMapping] = {}
    problems: list[str] = []
    for prog, m in (doc.get("programs") or {}).items():
        m = m or {}
        basis = str(m.get("basis", "theme"))
        if basis not in ("theme", "unit"):
            problems.append(f"programs.{prog}.basis: must be `theme` or `unit`, not {basis!r}")
        pm = ProgramMapping(str(prog), basis)
        for section in ("themes", "units"):
            for name, value in (m.get(section) or {}).items():
                area, _ = _area_and_note(value, f"programs.{prog}.{section}.{name}")
                getattr(pm, section)[str(name)] = area
        for code, value in (m.get("ph_overrides") or {}).items():
            pm.ph_overrides[str(code)] = _area_and_note(value, f"programs.{prog}.ph_overrides.{code}")
        for i, ov in enumerate(m.get("activity_overrides") or []):
            if not isinstance(ov, dict) or "ph_code" not in ov or "area" not in ov or not ("seq" in ov or "name" in ov):
                problems.append(f"programs.{prog}.activity_overrides[{i}]: needs ph_code, area and seq or name")
                continue
            pm.activity_overrides.append(dict(ov))
        used = list(pm.themes.values()) + list(pm.units.values()) + [a for a, _ in pm.ph_overrides.values()] + [str(o["area"]) for o in pm.activity_overrides]
        problems += [f"programs.{prog}: unknown policy area {a!r}" for a in sorted(set(used) - ids)]
        programs[str(prog)] = pm
    if problems:
        raise TaxonomyError("; ".join(problems))
    return Taxonomy(areas, programs)


def load_taxonomy(path: Path) -> Taxonomy:
    """Read `data/taxonomy.yml`. A missing file gives an empty taxonomy (everything is then listed as unmapped)."""
    path = Path(path)
    if not path.exists():
        return Taxonomy([], {})
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{path}: not valid YAML ({exc})") from exc
    return parse_taxonomy(doc or {})


# --------------------------------------------------------------------------- assignment


def assign_policy_areas(frame: pd.DataFrame, taxonomy: Taxonomy, program: str) -> pd.DataFrame:
    """Add `policy_area`, `policy_area_rule`, `area_by_theme` and `area_by_unit` to an activity frame.

    `frame` needs `ph_code`, `seq`, `name`, `theme` and `unit_key` (as built by `budget.activity_frame`).
    `policy_area_rule` says what decided, e.g. `ph_override:TO/PH.4.*`, `theme:Ulaşım Hizmetleri`,
    `unit (fallback):Zabıta Dairesi Başkanlığı`, or `unmapped`. `area_by_theme` / `area_by_unit` are what the
    theme or unit mapping alone would say (for the sensitivity table); empty where not mapped.
    """
    out = frame.copy()
    m = taxonomy.mapping(program) or ProgramMapping(program)
    areas, rules, by_theme, by_unit = [], [], [], []
    for row in out.itertuples(index=False):
        t = m.theme_area(getattr(row, "theme", ""))
        u = m.unit_area(getattr(row, "unit_key", ""))
        by_theme.append(t[1] if t else "")
        by_unit.append(u[1] if u else "")
        act = m.activity_area(row.ph_code, row.seq, row.name)
        ph = m.ph_area(row.ph_code)
        primary, secondary = (("theme", t), ("unit", u)) if m.basis == "theme" else (("unit", u), ("theme", t))
        if act:
            area, rule = act[1], f"activity_override:{act[0] + 1}"
        elif ph:
            area, rule = ph[1], f"ph_override:{ph[0]}"
        elif primary[1]:
            area, rule = primary[1][1], f"{primary[0]}:{primary[1][0]}"
        elif secondary[1]:
            area, rule = secondary[1][1], f"{secondary[0]} (fallback):{secondary[1][0]}"
        else:
            area, rule = UNMAPPED, "unmapped"
        areas.append(area)
        rules.append(rule)
    out["policy_area"] = pd.Series(areas, index=out.index, dtype=object)
    out["policy_area_rule"] = pd.Series(rules, index=out.index, dtype=object)
    out["area_by_theme"] = pd.Series(by_theme, index=out.index, dtype=object)
    out["area_by_unit"] = pd.Series(by_unit, index=out.index, dtype=object)
    return out


UNMAPPED_COLUMNS = ["program", "item_type", "name", "issue", "activities", "total", "pages", "note"]


def _pages(values: pd.Series) -> str:
    return page_list(values)


def unmapped_items(frame: pd.DataFrame, taxonomy: Taxonomy, program: str, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Everything the taxonomy does not cover, listed, with the money at stake. Nothing is dropped.

    `frame` is the output of `assign_policy_areas`. Rows (`item_type` / `issue`):
    - `program` / `program_not_in_taxonomy`: the program has no section in the file;
    - `theme` / `no_mapping`: a theme printed in the document with no theme mapping (listed even when the
      unit mapping or an override covers its activities: `note` says how many are still unmapped);
    - `unit` / `no_mapping`: the same for units;
    - `activity` / `no_policy_area`: an activity no rule maps; its money is in the `unmapped` policy area;
    - `theme_mapping` / `unit_mapping` / `ph_override` / `activity_override` with issue `unused_mapping`: an entry
      of the file that matches nothing in this program (a typo, or a name the extractor prints differently).
    `targets` (performance_targets) lets themes and units of cards without activities be checked too.
    """
    rows: list[dict[str, Any]] = []
    m = taxonomy.mapping(program)

    def money(sub: pd.DataFrame) -> Any:
        return money_sum(sub["total"]) if "total" in sub.columns else None

    if m is None:
        rows.append({"program": program, "item_type": "program", "name": program, "issue": "program_not_in_taxonomy",
                     "activities": len(frame), "total": money(frame), "pages": "", "note": "data/taxonomy.yml has no section for this program"})
        m = ProgramMapping(program)

    theme_names: dict[str, str] = {}
    unit_names: dict[str, str] = {}
    for col, store in (("theme", theme_names), ("unit_key", unit_names)):
        if col in frame.columns:
            for v in frame[col]:
                store.setdefault(name_key(v), v)
    if targets is not None and len(targets):
        for v in targets.get("theme", pd.Series(dtype=object)):
            theme_names.setdefault(name_key(v), v)
        ucol = targets["unit_canonical"].where(targets["unit_canonical"].fillna("") != "", targets["unit"]) if "unit_canonical" in targets.columns else targets.get("unit", pd.Series(dtype=object))
        for v in ucol:
            unit_names.setdefault(name_key(v), v)

    for item, names, lookup, col in (("theme", theme_names, m.theme_area, "theme"), ("unit", unit_names, m.unit_area, "unit_key")):
        for key, printed in sorted(names.items()):
            if lookup(printed):
                continue
            sub = frame[frame[col].map(name_key) == key] if col in frame.columns else frame.iloc[0:0]
            still = int((sub["policy_area"] == UNMAPPED).sum()) if "policy_area" in sub.columns else len(sub)
            shown = printed if key else NOT_STATED
            rows.append({"program": program, "item_type": item, "name": shown, "issue": "no_mapping" if key else "not_printed",
                         "activities": len(sub), "total": money(sub), "pages": _pages(sub["page"]) if "page" in sub.columns else "",
                         "note": f"{still} of its activities have no policy area" if still else "its activities are covered by another rule"})

    if "policy_area" in frame.columns:
        for r in frame[frame["policy_area"] == UNMAPPED].itertuples(index=False):
            rows.append({"program": program, "item_type": "activity", "name": r.name, "issue": "no_policy_area", "activities": 1,
                         "total": r.total, "pages": "" if pd.isna(r.page) else str(int(r.page)),
                         "note": f"{r.ph_code} #{r.seq}; theme {getattr(r, 'theme', '')!r}, unit {getattr(r, 'unit_key', '')!r}"})

    # entries of the file that match nothing (a unit mapping may name a raw spelling variant of a unit)
    raw_units = set(unit_names)
    for src in (frame, targets):
        if src is not None and "unit" in src.columns:
            raw_units |= {name_key(v) for v in src["unit"]}
    for item, table, names in (("theme_mapping", m.themes, set(theme_names)), ("unit_mapping", m.units, raw_units)):
        for printed, area in table.items():
            if name_key(printed) not in names:
                rows.append({"program": program, "item_type": item, "name": printed, "issue": "unused_mapping", "activities": 0,
                             "total": None, "pages": "", "note": f"maps to {area}; no such name in the extracted data"})
    codes = set(frame["ph_code"]) if "ph_code" in frame.columns else set()
    if targets is not None and "ph_code" in targets.columns:
        codes |= set(targets["ph_code"])
    for pattern, (area, _note) in m.ph_overrides.items():
        probe = ProgramMapping(program, ph_overrides={pattern: (area, "")})
        if not any(probe.ph_area(c) for c in codes):
            rows.append({"program": program, "item_type": "ph_override", "name": pattern, "issue": "unused_mapping", "activities": 0,
                         "total": None, "pages": "", "note": f"maps to {area}; matches no performance target"})
    for i, ov in enumerate(m.activity_overrides):
        probe = ProgramMapping(program, activity_overrides=[ov])
        if not any(probe.activity_area(r.ph_code, r.seq, r.name) for r in frame.itertuples(index=False)):
            rows.append({"program": program, "item_type": "activity_override", "name": f"{ov.get('ph_code')} {ov.get('seq', ov.get('name', ''))}",
                         "issue": "unused_mapping", "activities": 0, "total": None, "pages": "", "note": f"override {i + 1} matches no activity"})
    return pd.DataFrame(rows, columns=UNMAPPED_COLUMNS)
