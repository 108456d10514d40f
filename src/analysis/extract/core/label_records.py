"""Records opened by label rows and continued over pages: a designed card read from its labels, in YAML.

A card layout prints each record (a performance target's card) as label rows (*AMAÇ* | code | text,
*HEDEF* | …, *PERFORMANS HEDEFİ* | …) followed by its tables, which may run on over the next pages with no
label repeated: the record stays open until a label closes it. Which label does what is declared per page
section (a layout may print the same labels in two sections with different meanings), in order, first
match wins:

    labels:
      card:
        - {label: AMAÇ, field: aim, then: reset, closes: card}        # starts the fields of a new record
        - {label: HEDEF, field: goal, then: add}                       # adds to them
        - {label: PERFORMANS HEDEFİ, field: ph, then: open, record: card}
      aim_section:
        - {label: İDARENİN HEDEFİ, match: starts, field: aim, then: context, extra: theme, strip: '^TEMA\\b:?'}
        - {label: HEDEF, field: goal, then: reset, closes: entry}
        - {label: PERFORMANS HEDEFİ, field: ph, then: open, record: entry, with_context: true}

A label row gives `<field>_code` and `<field>_text` (and, with `extra`, its fourth box under that name,
`strip` removed from its text). `context` keeps fields for every later record (until the next such
label); `reset` starts the pending fields afresh (and closes the open record named by `closes`); `add`
adds to them; `open` makes a record of the pending fields (with the context's, when `with_context`) and
its own (a context field wins over a pending one, a pending box over a context box, as printed order
has it), by the layout's `make`, and keeps it open under `record` until closed. Every field is kept with
its box. A record's page is the page of the label that started its fields. Labels are compared
upper-cased with İ and I merged (`dotless_key`).

`LabelRecords(spec, where, make)`; `.label(section, label, code, text, extra, boxes, page)` → the rule applied,
None for an undeclared label (the layout reports it); `.open[name]` the record open under a name (None when closed).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from analysis.core.text import dotless_key, norm

ACTIONS = ("context", "reset", "add", "open")
Make = Callable[[str, dict[str, str], dict[str, Any], int], Any]
"""(record name, fields, their boxes, page) → the layout's record."""


@dataclass(frozen=True)
class LabelRule:
    label: str
    field: str
    then: str
    starts: bool = False
    extra: str = ""
    strip: str = ""
    closes: str = ""
    record: str = ""
    with_context: bool = False

    def matches(self, key: str) -> bool:
        return key.startswith(self.label) if self.starts else key == self.label


def _rule(spec: Any, where: str) -> LabelRule:
    if not isinstance(spec, dict) or not isinstance(spec.get("label"), str) or not isinstance(spec.get("field"), str) or spec.get("then") not in ACTIONS:
        raise ValueError(f"{where}: expected {{label, field, then: {' | '.join(ACTIONS)}}}")
    if spec.get("match", "equals") not in ("equals", "starts") or (spec["then"] == "open" and not spec.get("record")):
        raise ValueError(f"{where}: match is equals or starts; an `open` label names its record")
    return LabelRule(dotless_key(spec["label"]), spec["field"], spec["then"], spec.get("match") == "starts", str(spec.get("extra", "")),
                     str(spec.get("strip", "")), str(spec.get("closes", "")), str(spec.get("record", "")), bool(spec.get("with_context", False)))


class LabelRecords:
    def __init__(self, spec: Any, where: str, make: Make):
        if not isinstance(spec, dict) or not all(isinstance(v, list) for v in spec.values()):
            raise ValueError(f"{where}: expected page section → list of label rules")
        self.rules = {s: [_rule(r, f"{where}.{s}[{i}]") for i, r in enumerate(rules)] for s, rules in spec.items()}
        self.make = make
        self.open: dict[str, Any] = {r.record: None for rules in self.rules.values() for r in rules if r.record}
        self.context: dict[str, str] = {}
        self.context_boxes: dict[str, Any] = {}
        self.pending: dict[str, str] = {}
        self.pending_boxes: dict[str, Any] = {}
        self.pending_page: int | None = None

    def label(self, section: str, label: str, code: str, text: str, extra: str, boxes: dict[str, Any], page: int) -> LabelRule | None:
        """Apply the first rule of `section` that `label` matches, and return it; None when none does."""
        key = dotless_key(label)
        rule = next((r for r in self.rules.get(section, ()) if r.matches(key)), None)
        if rule is None:
            return None
        fields = {f"{rule.field}_code": code, f"{rule.field}_text": text}
        found = {f"{rule.field}_{part}": (page, boxes[part]) for part in ("code", "text") if part in boxes}
        if rule.extra:
            fields[rule.extra] = norm(re.sub(rule.strip, "", extra, flags=re.IGNORECASE)) if rule.strip else extra
            if "extra" in boxes:
                found[rule.extra] = (page, boxes["extra"])
        if rule.then == "context":
            self.context, self.context_boxes = fields, found
        elif rule.then == "reset":
            self.pending, self.pending_boxes, self.pending_page = fields, found, page
            if rule.closes:
                self.open[rule.closes] = None
        elif rule.then == "add":
            self.pending.update(fields)
            self.pending_boxes.update(found)
        else:
            ctx, ctx_boxes = (self.context, self.context_boxes) if rule.with_context else ({}, {})
            at = self.pending_page if self.pending_page is not None else page
            self.open[rule.record] = self.make(rule.record, {**self.pending, **ctx, **fields}, {**ctx_boxes, **self.pending_boxes, **found}, at)
        return rule


__all__ = ["LabelRecords", "LabelRule"]
