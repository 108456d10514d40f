"""A common taxonomy of policy areas, so that programs with different themes and units can be compared.

Takes `data/taxonomy.yml` (areas and shared rules) and `data/cofog_crosswalk.csv` (each area's COFOG code) and
an activity frame; returns each activity's policy area, COFOG code, the source that decided it, the rule, the
evidence of every source and a confidence (`assign_policy_areas`), with summaries of the rules used and of
everything unmapped (`rule_summary`, `unmapped_items`).

ONE SET OF RULES FOR EVERY PROGRAM: the same document under any id gets the same areas. The rules (`shared:`):

- **purpose phrases** (`purpose:`), read in the activity's NAME and then in its performance TARGET's text: what
  the money buys (`kavşak`, `aşevi`, `kamulaştırma`, ...), in ordered groups, the first group that matches wins;
- **theme keywords** (`keywords:`): the document's theme (`ulaşım`, `çevre`, `imar`, ...);
- **standard unit names** (`units:`): the norm-staff regulation's unit names (`Fen İşleri`, `Zabıta`, ...), matched
  whatever their suffix (`Müdürlüğü` / `Dairesi Başkanlığı`) and with or without the municipality's name, else the
  keywords on the unit's name.

The first of name, target, theme, unit that names an area decides (`analysis.analyse.purpose`, as COFOG
classifies by function, not by the spending unit). A program's own section (`programs: <id>: corrections:`)
holds only logged corrections of its document's errors, which decide before the evidence; any other key there
(`basis`, `themes`, `units`, ...) is an error. Every activity keeps its money: one no rule maps is `unmapped`
and listed by `unmapped_items`, never dropped.

Names are matched after folding (`analysis.core.text.name_key`: case, Turkish dotted/dotless i, diacritics,
spacing, leading numbering such as `1.2.`), so `1.2.Sürdürülebilir Çevre Hizmetleri` and
`SÜRDÜRÜLEBİLİR ÇEVRE HİZMETLERİ` hit the same key; phrases match word starts (`park` hits `Parkı`, not `Otopark`).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from analysis.analyse.common import NOT_STATED, money_sum, page_list, share
from analysis.analyse.purpose import Evidence, decide, evidence_text
from analysis.core.text import ascii_fold, folded_words, name_key

__all__ = [
    "PolicyArea",
    "ProgramMapping",
    "Rule",
    "SharedRules",
    "Taxonomy",
    "TaxonomyError",
    "assign_policy_areas",
    "load_taxonomy",
    "parse_taxonomy",
    "rule_summary",
    "unit_stem",
    "unmapped_items",
]

UNMAPPED = "unmapped"
"""Policy-area id of an activity no rule maps (listed by `unmapped_items`)."""

SOURCES = ("override", "shared", "unmapped")
"""Where an activity's area came from: a program's own entry, the shared rules, or nowhere."""


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


@dataclass(frozen=True)
class Rule:
    """One rule that gives a name its area: `kind` (e.g. `shared_unit`), `key` (as written in the file), `area`, `note`."""

    kind: str
    key: str
    area: str
    note: str = ""

    @property
    def source(self) -> str:
        return "override" if self.kind.endswith("override") else "shared"

    def label(self, fallback: bool = False) -> str:
        """`shared_unit:Fen İşleri`, `theme_override (fallback):Sağlık ve Sosyal Hizmetler`, ..."""
        return f"{self.kind}{' (fallback)' if fallback else ''}:{self.key}"


# --------------------------------------------------------------------------- shared rules

_MUNICIPALITY = re.compile(r"^(?:t\.?\s?c\.?\s+)?(?:.*?\b(?:belediyesi|belediye baskanligi|ozel idaresi)\s+)")


def unit_stem(name: Any, suffixes: tuple[str, ...] = (), generic: tuple[str, ...] = ()) -> str:
    """The standard part of a unit's name: folded, without the municipality's name, suffix and generic last word.

    `suffixes` and `generic` are folded (`mudurlugu`, `dairesi baskanligi`; `hizmetleri`, `isleri`), longest first.

    >>> unit_stem("Kocaeli Büyükşehir Belediyesi Fen İşleri Dairesi Başkanlığı", ("dairesi baskanligi",), ("isleri",))
    'fen'
    >>> unit_stem("FEN İŞLERİ MÜDÜRLÜĞÜ", ("mudurlugu",), ("isleri",))
    'fen'
    """
    s = name_key(name).replace(",", " ").replace("&", " ve ")
    s = re.sub(r"\s+", " ", s).strip()
    s = _MUNICIPALITY.sub("", s, count=1).strip()
    for suffix in suffixes:
        if s == suffix:
            break
        if s.endswith(" " + suffix):
            s = s[: -len(suffix) - 1].strip()
            break
    for word in generic:
        if s.endswith(" " + word):
            s = s[: -len(word) - 1].strip()
            break
    return s


def _words(text: Any) -> list[str]:
    return folded_words(text)


_SOFTENED = {"k": "g", "p": "b", "t": "d"}  # folded: sağlık -> sağlığı, kitap -> kitabı, kanat -> kanadı


def _starts(word: str, key: str) -> bool:
    """`word` starts with `key`, or with `key` whose last consonant softened before a vowel (`sagligi` / `saglik`)."""
    return word.startswith(key) or (key[-1:] in _SOFTENED and word.startswith(key[:-1] + _SOFTENED[key[-1]]))


def _has_keyword(words: list[str], keyword: list[str]) -> bool:
    """Whether the keyword's words start consecutive words of the name (`çevre` hits `Çevresel`, not `Bilgiçevre`)."""
    n = len(keyword)
    return any(all(_starts(words[i + j], keyword[j]) for j in range(n)) for i in range(len(words) - n + 1))


@dataclass
class SharedRules:
    """The rules every program gets: standard unit names and keywords, each to a policy area."""

    basis: str = "unit"
    suffixes: tuple[str, ...] = ()
    """Folded unit suffixes, longest first (`dairesi baskanligi`, `mudurlugu`, ...)."""
    generic: tuple[str, ...] = ()
    """Folded generic last words dropped from a stem (`hizmetleri`, `isleri`)."""
    unit_names: dict[str, Rule] = field(default_factory=dict)
    """Stem of a standard unit name -> its rule (kind `shared_unit`)."""
    keywords: list[tuple[list[str], Rule]] = field(default_factory=list)
    """(folded words, rule) in file order; the first that a name contains wins."""
    purpose: list[tuple[list[str], Rule]] = field(default_factory=list)
    """Purpose phrases for activity names and target texts, (folded words, rule) in file order; first wins."""

    def stem(self, name: Any) -> str:
        return unit_stem(name, self.suffixes, self.generic)

    def unit_rule(self, name: Any) -> Rule | None:
        """The standard name the unit is (whatever its suffix), else the first keyword it contains."""
        stem = self.stem(name)
        if not stem:
            return None
        if stem in self.unit_names:
            return self.unit_names[stem]
        return self.keyword_rule(stem, "shared_unit_keyword")

    def keyword_rule(self, name: Any, kind: str) -> Rule | None:
        """The first keyword rule (file order) whose words the name contains, as a rule of `kind`."""
        words = _words(name)
        for keyword, rule in self.keywords:
            if _has_keyword(words, keyword):
                return Rule(kind, rule.key, rule.area, rule.note)
        return None

    def theme_rule(self, name: Any) -> Rule | None:
        return self.keyword_rule(name_key(name), "shared_theme_keyword")

    def purpose_rule(self, text: Any, kind: str) -> Rule | None:
        """The first purpose phrase (file order) the text contains, as a rule of `kind` (`purpose_name`, `purpose_target`)."""
        words = _words(text)
        if not words:
            return None
        for phrase, rule in self.purpose:
            if _has_keyword(words, phrase):
                return Rule(kind, rule.key, rule.area, rule.note)
        return None


# --------------------------------------------------------------------------- program overrides


@dataclass
class ProgramMapping:
    """One program's own entries (overrides of the shared rules). Keys are stored as printed and matched by `name_key`."""

    program: str
    basis: str | None = None
    """`theme` or `unit`; None = the shared rules' basis."""
    themes: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    notes: dict[tuple[str, str], str] = field(default_factory=dict)
    """(section, printed key) -> note, for `themes` and `units` entries."""
    ph_overrides: dict[str, tuple[str, str]] = field(default_factory=dict)
    """PH code or pattern -> (area, note)."""
    activity_overrides: list[dict[str, Any]] = field(default_factory=list)
    """Each: {ph_code, seq | name, area, note}."""

    def _lookup(self, section: str, name: Any) -> Rule | None:
        key = name_key(name)
        if not key:
            return None
        for printed, area in getattr(self, section).items():
            if name_key(printed) == key:
                return Rule(f"{section[:-1]}_override", printed, area, self.notes.get((section, printed), ""))
        return None

    def theme_area(self, theme: Any) -> Rule | None:
        """The program's own mapping of a theme, or None."""
        return self._lookup("themes", theme)

    def unit_area(self, unit: Any) -> Rule | None:
        return self._lookup("units", unit)

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


CROSSWALK_FILE = "cofog_crosswalk.csv"
"""Beside taxonomy.yml: each policy area's COFOG division or group (codes, Turkish and English names)."""

CROSSWALK_COLUMNS = ["policy_area", "cofog", "level", "role", "cofog_tr", "cofog_en", "note"]


@dataclass
class Taxonomy:
    areas: list[PolicyArea]
    programs: dict[str, ProgramMapping]
    shared: SharedRules = field(default_factory=SharedRules)
    crosswalk: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CROSSWALK_COLUMNS))
    """One row per (policy area, COFOG code); `role` is `primary` (one per area) or `also`."""

    def cofog(self, area_id: str) -> str:
        """The area's primary COFOG code (`04.5`), '' when the crosswalk does not list it."""
        return self._primary_cofog().get(area_id, "")

    def _primary_cofog(self) -> dict[str, str]:
        """Each area's first `primary` COFOG code, read once per crosswalk (an area is asked for every activity)."""
        cached = self.__dict__.get("_cofog_by_area")
        if cached is None or cached[0] is not self.crosswalk:
            primary = self.crosswalk[self.crosswalk["role"] == "primary"]
            by_area: dict[str, str] = {}
            for area, code in zip(primary["policy_area"], primary["cofog"], strict=True):
                by_area.setdefault(area, str(code))
            cached = self.__dict__["_cofog_by_area"] = (self.crosswalk, by_area)
        return cached[1]

    def crosswalk_table(self) -> pd.DataFrame:
        """The crosswalk with each area's Turkish and English label, in the file's order of areas (for pages and downloads)."""
        labels = self.labels()[["policy_area", "label_tr", "label_en"]]
        out = self.crosswalk.merge(labels, on="policy_area", how="left")
        order = {a: i for i, a in enumerate(self.area_ids)}
        out["_o"] = out["policy_area"].map(order)
        out = out.sort_values(["_o", "role", "cofog"], ascending=[True, False, True], kind="stable").drop(columns="_o")
        return out[["policy_area", "label_tr", "label_en", *CROSSWALK_COLUMNS[1:]]].reset_index(drop=True)

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
        """The program's own entries, or None when it has none (the shared rules alone then apply)."""
        return self.programs.get(program)

    def basis(self, program: str) -> str:
        m = self.mapping(program)
        return (m.basis if m and m.basis else None) or self.shared.basis

    def theme_rule(self, program: str, theme: Any) -> Rule | None:
        """What decides a theme's area in this program: its own mapping, else the shared keywords."""
        m = self.mapping(program)
        return (m.theme_area(theme) if m else None) or self.shared.theme_rule(theme)

    def unit_rule(self, program: str, unit: Any) -> Rule | None:
        """What decides a unit's area in this program: its own mapping, else the standard names, else keywords."""
        m = self.mapping(program)
        return (m.unit_area(unit) if m else None) or self.shared.unit_rule(unit)


# --------------------------------------------------------------------------- reading the file


def _folded_list(values: Any) -> tuple[str, ...]:
    return tuple(sorted({ascii_fold(v) for v in values or [] if ascii_fold(v)}, key=lambda s: (-len(s), s)))


def _keyword_groups(groups: Any, section: str, kind: str, problems: list[str]) -> list[tuple[list[str], Rule]]:
    """`[{area, words, note}, ...]` -> (folded words, rule) per word, in file order."""
    out: list[tuple[list[str], Rule]] = []
    for i, group in enumerate(groups or []):
        where = f"shared.{section}[{i}]"
        if not isinstance(group, dict) or "area" not in group or not group.get("words"):
            problems.append(f"{where}: needs `area` and `words`")
            continue
        for word in group["words"]:
            if _words(word):
                out.append((_words(word), Rule(kind, str(word), str(group["area"]), str(group.get("note", "")).strip())))
    return out


def _parse_shared(doc: Any, ids: set[str], problems: list[str]) -> SharedRules:
    doc = doc or {}
    if not isinstance(doc, dict):
        problems.append("shared: must be a mapping")
        return SharedRules()
    rules = SharedRules(str(doc.get("basis", "unit")), _folded_list(doc.get("unit_suffixes")), _folded_list(doc.get("generic_words")))
    if rules.basis not in ("theme", "unit"):
        problems.append(f"shared.basis: must be `theme` or `unit`, not {rules.basis!r}")
    for i, group in enumerate(doc.get("units") or []):
        where = f"shared.units[{i}]"
        if not isinstance(group, dict) or "area" not in group or not group.get("names"):
            problems.append(f"{where}: needs `area` and `names`")
            continue
        for name in group["names"]:
            stem = rules.stem(name)
            rule = Rule("shared_unit", str(name), str(group["area"]), str(group.get("note", "")).strip())
            if stem in rules.unit_names and rules.unit_names[stem].area != rule.area:
                problems.append(f"{where}: {name!r} is also listed under {rules.unit_names[stem].area!r}")
            rules.unit_names.setdefault(stem, rule)
    rules.keywords = _keyword_groups(doc.get("keywords"), "keywords", "shared_keyword", problems)
    rules.purpose = _keyword_groups(doc.get("purpose"), "purpose", "purpose", problems)
    used = {r.area for r in rules.unit_names.values()} | {r.area for _, r in rules.keywords} | {r.area for _, r in rules.purpose}
    problems += [f"shared: unknown policy area {a!r}" for a in sorted(used - ids)]
    return rules


PROGRAM_KEYS = ("corrections",)
"""What a program's own section may hold: only corrections of the document's own errors, never other rules."""


def _parse_program(prog: str, m: Any, ids: set[str], problems: list[str]) -> ProgramMapping:
    """A program's section: `corrections:` only, each `{ph_code, seq | name, area, note}` (the note says what the document got wrong)."""
    m = m or {}
    if not isinstance(m, dict):
        problems.append(f"programs.{prog}: must be a mapping with `corrections`")
        return ProgramMapping(str(prog))
    for key in m:
        if key not in PROGRAM_KEYS:
            problems.append(f"programs.{prog}.{key}: a program's section holds only `corrections` of the document's own errors; "
                            "classification rules are shared (edit `shared:`)")
    pm = ProgramMapping(str(prog))
    for i, ov in enumerate(m.get("corrections") or []):
        if not isinstance(ov, dict) or "ph_code" not in ov or "area" not in ov or not ("seq" in ov or "name" in ov):
            problems.append(f"programs.{prog}.corrections[{i}]: needs ph_code, area and seq or name")
            continue
        if not str(ov.get("note", "")).strip():
            problems.append(f"programs.{prog}.corrections[{i}]: needs a `note` saying what the document got wrong")
            continue
        pm.activity_overrides.append(dict(ov))
    used = [str(o["area"]) for o in pm.activity_overrides]
    problems += [f"programs.{prog}: unknown policy area {a!r}" for a in sorted(set(used) - ids)]
    return pm


def parse_taxonomy(doc: dict[str, Any]) -> Taxonomy:
    """Build a `Taxonomy` from the parsed YAML document; raises `TaxonomyError` on any unknown area id."""
    if not isinstance(doc, dict):
        raise TaxonomyError("taxonomy: the file must be a mapping with `policy_areas`, `shared` and `programs`")
    areas = []
    for i, a in enumerate(doc.get("policy_areas") or []):
        if not isinstance(a, dict) or "id" not in a:
            raise TaxonomyError(f"policy_areas[{i}]: needs at least an `id`")
        areas.append(PolicyArea(str(a["id"]), str(a.get("tr", a["id"])), str(a.get("en", a["id"])), str(a.get("description", "")).strip()))
    ids = {a.id for a in areas}
    if len(ids) != len(areas):
        raise TaxonomyError("policy_areas: duplicate ids")
    problems: list[str] = []
    shared = _parse_shared(doc.get("shared"), ids, problems)
    programs = {str(prog): _parse_program(str(prog), m, ids, problems) for prog, m in (doc.get("programs") or {}).items()}
    if problems:
        raise TaxonomyError("; ".join(problems))
    return Taxonomy(areas, programs, shared)


def load_crosswalk(path: Path, area_ids: list[str]) -> pd.DataFrame:
    """Read the COFOG crosswalk; every area needs exactly one `primary` row and no row may name an unknown area."""
    path = Path(path)
    if not path.exists():
        return pd.DataFrame(columns=CROSSWALK_COLUMNS)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise TaxonomyError(f"{path}: not a readable CSV ({exc})") from exc
    missing = [c for c in CROSSWALK_COLUMNS if c not in df.columns]
    if missing:
        raise TaxonomyError(f"{path}: missing columns {', '.join(missing)}")
    problems = [f"unknown policy area {a!r}" for a in sorted(set(df["policy_area"]) - set(area_ids))]
    problems += [f"bad role {r!r} (primary or also)" for r in sorted(set(df["role"]) - {"primary", "also"})]
    primaries = df[df["role"] == "primary"]["policy_area"].value_counts()
    problems += [f"{a}: needs exactly one primary COFOG code" for a in area_ids if primaries.get(a, 0) != 1]
    problems += [f"bad COFOG code {c!r}" for c in df["cofog"] if not re.fullmatch(r"\d{2}(\.\d)?", c)]
    if problems:
        raise TaxonomyError(f"{path}: " + "; ".join(problems))
    return df[CROSSWALK_COLUMNS].reset_index(drop=True)


def load_taxonomy(path: Path) -> Taxonomy:
    """Read `data/taxonomy.yml` (and the COFOG crosswalk beside it). A missing file gives an empty taxonomy (everything unmapped)."""
    path = Path(path)
    if not path.exists():
        return Taxonomy([], {})
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{path}: not valid YAML ({exc})") from exc
    try:
        tax = parse_taxonomy(doc or {})
    except TaxonomyError as exc:
        raise TaxonomyError(f"{path}: {exc}") from exc
    tax.crosswalk = load_crosswalk(path.parent / CROSSWALK_FILE, tax.area_ids)
    return tax


# --------------------------------------------------------------------------- assignment


def _correction(m: ProgramMapping, row: Any) -> Evidence | None:
    """A logged correction of this activity (the program's `corrections:`), as evidence that decides alone."""
    act = m.activity_area(row.ph_code, row.seq, row.name)
    return Evidence("correction", act[1], f"correction:{act[0] + 1}") if act else None


class _Cache:
    """Rules per distinct text (names, targets, themes and units repeat across a program's activities)."""

    def __init__(self, taxonomy: Taxonomy, program: str) -> None:
        self.taxonomy, self.program = taxonomy, program
        self.store: dict[tuple[str, str], Rule | None] = {}

    def rule(self, source: str, text: str) -> Rule | None:
        key = (source, text)
        if key not in self.store:
            shared = self.taxonomy.shared
            if source in ("name", "target"):
                self.store[key] = shared.purpose_rule(text, f"purpose_{source}") if text.strip() else None
            elif source == "theme":
                self.store[key] = self.taxonomy.theme_rule(self.program, text) if text.strip() and text != NOT_STATED else None
            else:
                self.store[key] = self.taxonomy.unit_rule(self.program, text) if text.strip() and text != NOT_STATED else None
        return self.store[key]


DECISION_COLUMNS = ["policy_area", "policy_area_rule", "policy_area_source", "policy_area_basis", "policy_area_confidence",
                    "policy_area_evidence", "cofog", "area_by_theme", "area_by_unit"]


def assign_policy_areas(frame: pd.DataFrame, taxonomy: Taxonomy, program: str) -> pd.DataFrame:
    """Add the columns of DECISION_COLUMNS to an activity frame: one policy area per activity, decided by purpose.

    `frame` needs `ph_code`, `seq`, `name`, `theme` and `unit_key`, and may have `ph_text` (as built by
    `budget.activity_frame`). The evidence is read in the order of `purpose.EVIDENCE_ORDER` (the activity's
    name, its target's text, the theme, the unit) and the first source that names an area decides; a logged
    correction of the program decides before all. `policy_area_rule` says which rule (e.g. `purpose_name:kavşak`,
    `shared_theme_keyword:ulaşım`, `shared_unit:Zabıta`, `correction:1`, `unmapped`), `policy_area_source` is
    `override` (a correction), `shared` or `unmapped`, `policy_area_basis` the deciding source, and
    `policy_area_confidence` `high` / `medium` / `low` (see `analysis.analyse.purpose`). `policy_area_evidence`
    lists what every source said; `cofog` is the area's COFOG code; `area_by_theme` / `area_by_unit` are what
    the theme or the unit alone would say (for the sensitivity table), empty where nothing maps it.
    The rules are the same for every program: the program's id changes nothing but its logged corrections.
    """
    out = frame.copy()
    m = taxonomy.mapping(program) or ProgramMapping(program)
    cache = _Cache(taxonomy, program)
    cols: dict[str, list[str]] = {c: [] for c in DECISION_COLUMNS}
    for row in out.itertuples(index=False):
        texts = {"name": str(getattr(row, "name", "") or ""), "target": str(getattr(row, "ph_text", "") or ""),
                 "theme": str(getattr(row, "theme", "") or ""), "unit": str(getattr(row, "unit_key", "") or "")}
        rules = {source: cache.rule(source, text) for source, text in texts.items()}
        evidence = [Evidence(source, r.area, r.label()) for source, r in rules.items() if r is not None]
        d = decide(evidence, _correction(m, row), UNMAPPED)
        source = "override" if d.basis == "correction" else ("unmapped" if d.area == UNMAPPED else "shared")
        values = [d.area, d.rule, source, d.basis, d.confidence, evidence_text(evidence), taxonomy.cofog(d.area),
                  rules["theme"].area if rules["theme"] else "", rules["unit"].area if rules["unit"] else ""]
        for c, v in zip(DECISION_COLUMNS, values, strict=True):
            cols[c].append(v)
    for c, values in cols.items():
        out[c] = pd.Series(values, index=out.index, dtype=object)
    return out


RULE_SUMMARY_COLUMNS = ["policy_area_source", "policy_area_rule", "policy_area", "activities", "total", "share", "note"]


def rule_summary(frame: pd.DataFrame, taxonomy: Taxonomy, program: str) -> pd.DataFrame:
    """How the areas were decided: one row per rule that decided at least one activity, with its money.

    `frame` is the output of `assign_policy_areas`. Rows are ordered overrides first, then shared rules, then
    unmapped, and by money within each; `share` is of the activities' total; `note` is the rule's note in the file.
    """
    if frame.empty:
        return pd.DataFrame(columns=RULE_SUMMARY_COLUMNS)
    grand = money_sum(frame["total"])
    notes = _rule_notes(taxonomy, program)
    rows = []
    for (source, rule, area), sub in frame.groupby(["policy_area_source", "policy_area_rule", "policy_area"], sort=False):
        total = money_sum(sub["total"])
        rows.append({"policy_area_source": source, "policy_area_rule": rule, "policy_area": area, "activities": len(sub), "total": total,
                     "share": share(total, grand), "note": notes.get(rule.replace(" (fallback)", ""), "")})
    out = pd.DataFrame(rows, columns=RULE_SUMMARY_COLUMNS)
    out["_o"] = out["policy_area_source"].map({s: i for i, s in enumerate(SOURCES)})
    out["_t"] = out["total"].map(float)
    return out.sort_values(["_o", "_t", "policy_area_rule"], ascending=[True, False, True], kind="stable").drop(columns=["_o", "_t"]).reset_index(drop=True)


def _rule_notes(taxonomy: Taxonomy, program: str) -> dict[str, str]:
    """Rule label (without `(fallback)`) -> the note written beside it in the file."""
    notes: dict[str, str] = {}
    for rule in taxonomy.shared.unit_names.values():
        notes[rule.label()] = rule.note
    for _, rule in taxonomy.shared.keywords:
        for kind in ("shared_theme_keyword", "shared_unit_keyword"):
            notes[f"{kind}:{rule.key}"] = rule.note
    for _, rule in taxonomy.shared.purpose:
        for kind in ("purpose_name", "purpose_target"):
            notes[f"{kind}:{rule.key}"] = rule.note
    m = taxonomy.mapping(program)
    if m:
        for (section, key), note in m.notes.items():
            notes[f"{section[:-1]}_override:{key}"] = note
        for pattern, (_, note) in m.ph_overrides.items():
            notes[f"ph_override:{pattern}"] = note
        for i, ov in enumerate(m.activity_overrides):
            notes[f"correction:{i + 1}"] = str(ov.get("note", ""))
    return notes


UNMAPPED_COLUMNS = ["program", "item_type", "name", "issue", "activities", "total", "pages", "note"]


def _pages(values: pd.Series) -> str:
    return page_list(values)


def _printed_names(frame: pd.DataFrame, targets: pd.DataFrame | None) -> tuple[dict[str, str], dict[str, str]]:
    """{name_key: printed} of every theme and every unit of the program (activities first, then cards)."""
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
    return theme_names, unit_names


def unmapped_items(frame: pd.DataFrame, taxonomy: Taxonomy, program: str, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Everything the taxonomy does not cover, listed, with the money at stake. Nothing is dropped.

    `frame` is the output of `assign_policy_areas`. Rows (`item_type` / `issue`):
    - `theme` / `no_mapping`: a theme printed in the document that neither the program's entries nor the shared
      keywords map (listed even when the unit or an override covers its activities: `note` says how many are
      still unmapped);
    - `unit` / `no_mapping`: the same for units (no override, no standard name, no keyword);
    - `activity` / `no_policy_area`: an activity no rule maps; its money is in the `unmapped` policy area;
    - `theme_mapping` / `unit_mapping` / `ph_override` / `activity_override` with issue `unused_mapping`: an entry
      of the program's section that matches nothing in this program (a typo, or a name printed differently).
    A program with no section of its own is normal: the shared rules apply to it.
    `targets` (performance_targets) lets themes and units of cards without activities be checked too.
    """
    rows: list[dict[str, Any]] = []
    m = taxonomy.mapping(program) or ProgramMapping(program)

    def money(sub: pd.DataFrame) -> Any:
        return money_sum(sub["total"]) if "total" in sub.columns else None

    theme_names, unit_names = _printed_names(frame, targets)
    lookups = (("theme", theme_names, lambda n: taxonomy.theme_rule(program, n), "theme"), ("unit", unit_names, lambda n: taxonomy.unit_rule(program, n), "unit_key"))
    for item, names, lookup, col in lookups:
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
    rows += _unused_entries(frame, m, program, set(theme_names), unit_names, targets)
    return pd.DataFrame(rows, columns=UNMAPPED_COLUMNS)


def _unused_entries(frame: pd.DataFrame, m: ProgramMapping, program: str, theme_keys: set[str], unit_names: dict[str, str], targets: pd.DataFrame | None) -> list[dict[str, Any]]:
    """The program's own entries that match nothing (a unit mapping may name a raw spelling variant of a unit)."""
    rows: list[dict[str, Any]] = []
    raw_units = set(unit_names)
    for src in (frame, targets):
        if src is not None and "unit" in src.columns:
            raw_units |= {name_key(v) for v in src["unit"]}
    for item, table, names in (("theme_mapping", m.themes, theme_keys), ("unit_mapping", m.units, raw_units)):
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
    return rows
