"""A layout described in YAML: what its tables print, and which relations between them must hold.

A profile (`src/analysis/extract/profiles/<name>.yml`, shipped with the package, or a project's own in
`data/profiles/`; the guide for writing one is docs/new-layout.md) holds:

- `name`, `description`, `code` (optional: a shipped module in `analysis.extract.profiles` with the layout's
  own `build(assembly, result)`; without it the core's generic builder, `analysis.extract.core.build`, makes
  the contract rows from the blocks' `records`, `states` and `lookup`);
- `detect.markers`: phrases whose share in the document's text is the layout's detection score;
  `detect.requires`: phrases the text must contain at all;
- `context` (key → pattern): running text (a unit heading) whose group 1 holds for the tables after it;
- `labels` (key → words): a row whose first cell prints one of the words labels the rest of the row;
  `starts`: the label keys that open a new table; `labels_value_below`: a label printed alone on its row
  labels the row under it;
- `tables` (kind → `title`, `blocks`): a block is the part of a table under one header row:
  `columns` (role → header words, or `years` for every header cell naming a year), `required` (the roles a
  header row must show to be this block's header), `seq` (rows start with their number), `rows` (named
  rows: key → label words, or `{pattern: regex}`), `closes` (the named row that ends the table),
  `carry_down` (roles printed only on the first row of their group), `span` (roles in cells merged over
  the rows of their group), `partial` (roles whose words may be part of a longer header cell), `subheader`
  (columns named by the row under the header, e.g. economic codes), `stacked` (a header printed one label
  per line),
  `records` / `states` / `lookup` (for the generic builder); a kind's `printed`
  phrases show it is printed (for the lost-table warning, `analysis.extract.core.lost`);
- `statements`: sentences of the running text that state totals (`pattern` with one group per `measures`;
  optional `follows`: the word printed after each number, for its box);
- `checks`: the reconciliation rules, evaluated by `analysis.extract.core.rules`.

Words are compared by `match_key`: Turkish-folded, lower case, a trailing parenthesis dropped
(`Kaynak İhtiyacı (₺)` = `kaynak ihtiyaci`). Loading checks the file's shape and fails with a message
naming the file and the place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.core.text import ascii_fold

PROFILE_DIR = Path(__file__).resolve().parents[1] / "profiles"

_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


@lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """How header and label words are compared: folded, punctuation-light, trailing `(…)` dropped."""
    s = ascii_fold(text)  # single-spaced already: cutting a suffix leaves at most a trailing space
    if s.endswith(")"):
        s = _PAREN.sub("", s)
    if s.endswith((":", ";", "*")):
        s = s.rstrip(":;*")
    return s.strip()


@lru_cache(maxsize=4096)
def _solid(words: frozenset[str]) -> frozenset[str]:
    """Header words without their spaces (see `Block.role_of`)."""
    return frozenset(w.replace(" ", "") for w in words)


class ProfileError(ValueError):
    """A profile file that does not describe a layout (the message names the file and the place)."""


@dataclass(frozen=True)
class NamedRow:
    key: str
    words: frozenset[str] = frozenset()
    pattern: re.Pattern[str] | None = None

    def match(self, text: str) -> str | None:
        """The row's key for a label cell (`econ_03` for a pattern with a group), else None."""
        if self.pattern is not None:
            m = self.pattern.match(text.strip())
            if m:
                return f"{self.key}_{m.group(1)}" if m.groups() else self.key
            return None
        return self.key if match_key(text) in self.words else None


@dataclass(frozen=True)
class Block:
    name: str
    columns: dict[str, frozenset[str]]
    """role → header words (match keys); the role `year` has no words: it takes every header naming a year."""
    required: tuple[str, ...]
    seq: bool = False
    rows: tuple[NamedRow, ...] = ()
    closes: str | None = None
    carry_down: tuple[str, ...] = ()
    years: bool = False
    span: tuple[str, ...] = ()
    """Roles printed in cells merged over several rows: the value belongs to every row the cell covers
    (and, like `carry_down`, to the rows below it until the next one, e.g. on the next page)."""
    records: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """For the generic builder: contract row lists (`indicators`, `activities`) → the roles that print
    them; one printed row may give one record of each list (two parallel lists sharing rows)."""
    states: dict[str, Any] = field(default_factory=dict)
    """For the generic builder: which cells are stated totals (`table`, `values`, `percent`, `scope`,
    `named`)."""
    lookup: dict[str, str] = field(default_factory=dict)
    """For the generic builder: `{code: role, text: role}`: a list giving the texts of codes printed elsewhere."""
    match: dict[str, str] = field(default_factory=dict)
    """For the generic builder: `{code: role, name: role}`: the block's rows (or its table, by its labels)
    describe activities read elsewhere, found by code and name (a Tablo 2 or Tablo 3 and its Tablo 1)."""
    fill: dict[str, str] = field(default_factory=dict)
    """For the generic builder: what a matched table adds to its activity: `unit: role`, `econ: role`."""
    subheader: dict[str, re.Pattern[str]] = field(default_factory=dict)
    """Opt-in: columns named by the row right under the header (`econ: {pattern: '^(0\\d)\\b'}`): each of its cells
    matching a pattern is the column `<key>_<group 1>` (`econ_03`), e.g. the economic codes printed under a
    spanning *Ekonomik Kod* header (`analysis.extract.core.assemble`)."""
    stacked: bool = False
    """Opt-in: the header may be printed one label per line (`Sıra` / `Performans Göstergeleri` / … / `2021 Yılı
    Hedefi`, each a row of its own, as a narrow Word export prints it): read as one header row, its columns in
    printed order over the cells of the first row under it (`analysis.extract.core.assemble`)."""
    partial: tuple[str, ...] = ()
    """Roles whose header words may be part of a longer header cell (`2021 Yılı Kaynak İhtiyacı (TL)` names
    `total: [Kaynak İhtiyacı]`, whatever the year); opt-in, since a short word inside a long cell may be
    another column's (the grid layout's cards and summary tables)."""
    _roles: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)
    """`role_of`'s answers (every row of a document is tried as a header of every block)."""

    @property
    def filled(self) -> tuple[str, ...]:
        """Roles a row may leave empty because a row above gives them."""
        return self.carry_down + self.span

    def role_of(self, header_text: str) -> str | None:
        """The role a header cell's text names; a word broken over two lines of a narrow cell (`Performa` /
        `ns Hedefi`, as Word breaks a word wider than its cell) still names it: compared without spaces then.
        Last, a `partial` role (in the order of `columns`) is named by a cell that contains one of its words."""
        if header_text not in self._roles:
            self._roles[header_text] = self._role(header_text)
        return self._roles[header_text]

    def _role(self, header_text: str) -> str | None:
        key = match_key(header_text)
        role = next((role for role, words in self.columns.items() if key in words), None)
        if role is None and " " in key:
            solid = key.replace(" ", "")
            role = next((role for role, words in self.columns.items() if solid in _solid(words)), None)
        if role is None and self.partial:
            role = next((role for role, words in self.columns.items() if role in self.partial and any(w in key for w in words)), None)
        return role

    def named_row(self, text: str) -> str | None:
        return next((k for r in self.rows if (k := r.match(text)) is not None), None)


@dataclass(frozen=True)
class TableKind:
    name: str
    title: str
    blocks: tuple[Block, ...]
    printed: tuple[str, ...] = ()
    """Phrases that show the table is printed on a page (default: its title), for the lost-table warning."""


@dataclass(frozen=True)
class Statement:
    table: str
    pattern: re.Pattern[str]
    measures: tuple[str, ...]
    money: bool = False
    follows: tuple[str, ...] = ()
    """Optional, one per measure: the word printed right after the number (`performans` after `99`); with it the
    stated total gets the number's box on its page (`analysis.extract.core.statement_boxes`)."""


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    code: str
    markers: tuple[str, ...]
    labels: dict[str, frozenset[str]]
    starts: frozenset[str]
    kinds: tuple[TableKind, ...]
    statements: tuple[Statement, ...] = ()
    checks: tuple[dict[str, Any], ...] = ()
    source: Path = field(default=PROFILE_DIR)
    context: dict[str, re.Pattern[str]] = field(default_factory=dict)
    """Running text that sets a value for the tables after it (a unit heading): key → pattern (group 1)."""
    requires: tuple[str, ...] = ()
    """Phrases the document must contain for the layout to be detected at all."""
    value_below: bool = False
    """Opt-in (`labels_value_below: true`): a label row printing nothing beside its label takes its value from
    the row under it (a narrow export puts *Stratejik Amaç* and its text on two lines)."""

    def label_of(self, text: str) -> str | None:
        key = match_key(text)
        return next((k for k, words in self.labels.items() if key in words), None)


# --------------------------------------------------------------------------------------------- loading


def _words(value: Any, where: str) -> frozenset[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f"{where}: expected a list of words")
    return frozenset(match_key(v) for v in value)


def _block(name: str, spec: dict[str, Any], where: str) -> Block:
    columns: dict[str, frozenset[str]] = {}
    years = False
    for role, words in (spec.get("columns") or {}).items():
        if words == "years":
            years = True
            columns[role] = frozenset()
        else:
            columns[role] = _words(words, f"{where}.columns.{role}")
    rows = []
    for key, words in (spec.get("rows") or {}).items():
        if isinstance(words, dict) and "pattern" in words:
            try:
                rows.append(NamedRow(key, pattern=re.compile(words["pattern"])))
            except re.error as exc:
                raise ProfileError(f"{where}.rows.{key}: bad pattern ({exc})") from exc
        else:
            rows.append(NamedRow(key, _words(words, f"{where}.rows.{key}")))
    required = tuple(spec.get("required") or columns)
    unknown = [r for r in required if r not in columns]
    if unknown:
        raise ProfileError(f"{where}.required: {unknown} are not columns")
    records = {k: tuple(v) for k, v in (spec.get("records") or {}).items()}
    for kind, roles in records.items():
        if kind not in ("indicators", "activities"):
            raise ProfileError(f"{where}.records.{kind}: expected indicators or activities")
        if roles[0] not in columns:
            raise ProfileError(f"{where}.records.{kind}: its first role {roles[0]!r} is not a column")
    states = dict(spec.get("states") or {})
    if states and "table" not in states:
        raise ProfileError(f"{where}.states: missing 'table'")
    lookup = dict(spec.get("lookup") or {})
    if lookup and set(lookup) != {"code", "text"}:
        raise ProfileError(f"{where}.lookup: expected code and text")
    span = tuple(spec.get("span") or ())
    partial = tuple(spec.get("partial") or ())
    subheader = {}
    for key, sub in (spec.get("subheader") or {}).items():
        try:
            subheader[key] = re.compile(sub["pattern"] if isinstance(sub, dict) else sub)
        except (KeyError, TypeError, re.error) as exc:
            raise ProfileError(f"{where}.subheader.{key}: {exc}") from exc
        if subheader[key].groups < 1:
            raise ProfileError(f"{where}.subheader.{key}: the pattern needs a group (the column's code)")
    if any(r not in columns for r in partial):
        raise ProfileError(f"{where}.partial: {[r for r in partial if r not in columns]} are not columns")
    match, fill = dict(spec.get("match") or {}), dict(spec.get("fill") or {})
    if fill and not match:
        raise ProfileError(f"{where}.fill: needs a 'match' (which activity to fill)")
    return Block(name, columns, required, bool(spec.get("seq")), tuple(rows), spec.get("closes"), tuple(spec.get("carry_down") or ()), years,
                 span, records, states, lookup, match, fill, subheader, bool(spec.get("stacked")), partial)


def load_profile(path: Path | str) -> Profile:
    """Read and check one profile file (YAML 1.2, so a header word such as `No` or `Evet` stays a word)."""
    from ruamel.yaml.error import YAMLError

    from analysis.extract.core import yaml12

    path = Path(path)
    try:
        data = yaml12.load(path.read_text(encoding="utf-8"))  # ruamel's reading, by libyaml where the same
    except (OSError, YAMLError) as exc:
        raise ProfileError(f"{path}: cannot be read as YAML ({' '.join(str(exc).split())})") from exc
    if not isinstance(data, dict):
        raise ProfileError(f"{path}: expected a mapping at the top")
    for key in ("name", "tables"):
        if key not in data:
            raise ProfileError(f"{path}: missing '{key}'")
    kinds = []
    for kind, spec in data["tables"].items():
        blocks = tuple(_block(b, s, f"{path}: tables.{kind}.blocks.{b}") for b, s in (spec.get("blocks") or {}).items())
        if not blocks:
            raise ProfileError(f"{path}: tables.{kind} has no blocks")
        kinds.append(TableKind(kind, spec.get("title", kind), blocks, tuple(spec.get("printed") or ())))
    statements = []
    for i, st in enumerate(data.get("statements") or []):
        try:
            pattern = re.compile(st["pattern"], re.IGNORECASE)
        except (KeyError, re.error) as exc:
            raise ProfileError(f"{path}: statements[{i}]: {exc}") from exc
        if pattern.groups != len(st.get("measures", [])):
            raise ProfileError(f"{path}: statements[{i}]: {pattern.groups} groups for {len(st.get('measures', []))} measures")
        follows = tuple(st.get("follows") or ())
        if follows and len(follows) != len(st["measures"]):
            raise ProfileError(f"{path}: statements[{i}]: {len(follows)} follows for {len(st['measures'])} measures")
        statements.append(Statement(st["table"], pattern, tuple(st["measures"]), bool(st.get("money")), follows))
    context = {}
    for key, spec in (data.get("context") or {}).items():
        try:
            context[key] = re.compile(spec["pattern"] if isinstance(spec, dict) else spec)
        except (KeyError, TypeError, re.error) as exc:
            raise ProfileError(f"{path}: context.{key}: {exc}") from exc
    detect = data.get("detect") or {}
    return Profile(
        name=str(data["name"]),
        description=str(data.get("description", "")),
        code=str(data.get("code") or ""),
        markers=tuple(detect.get("markers") or ()),
        labels={k: _words(v, f"{path}: labels.{k}") for k, v in (data.get("labels") or {}).items()},
        starts=frozenset(data.get("starts") or ()),
        kinds=tuple(kinds),
        statements=tuple(statements),
        checks=tuple(data.get("checks") or ()),
        source=path,
        context=context,
        requires=tuple(detect.get("requires") or ()),
        value_below=bool(data.get("labels_value_below")),
    )


@lru_cache(maxsize=None)
def shipped_profiles() -> tuple[Profile, ...]:
    """Every profile shipped in `analysis/extract/profiles/`, by file name."""
    return tuple(load_profile(p) for p in sorted(PROFILE_DIR.glob("*.yml")))
